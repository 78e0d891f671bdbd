//! Prometheus 3's `otlp.translation_strategy`: the four ways its OTLP receiver (and the
//! collector's exporters, which share prometheus/otlptranslator) name what arrives. Two choices
//! make the four: escape names to the legacy character set or keep them UTF-8, and add the unit and
//! type suffixes or not. The rules follow otlptranslator v1.0.0 (strategy.go, metric_namer.go,
//! label_namer.go), the release Prometheus 3.16 builds with.

use super::{prometheus_name, unit_words, InstrumentKind};

/// One `otlp.translation_strategy` of Prometheus, spelt as its configuration spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[value(rename_all = "verbatim")]
pub enum TranslationStrategy {
    /// `http_server_request_duration_seconds`, `chat_tokens_total`: Prometheus's default.
    #[default]
    UnderscoreEscapingWithSuffixes,
    /// `http_server_request_duration`, `chat_tokens`.
    UnderscoreEscapingWithoutSuffixes,
    /// `http.server.request.duration_seconds`, `chat.tokens_total`, labels keep their dots.
    #[serde(rename = "NoUTF8EscapingWithSuffixes")]
    #[value(name = "NoUTF8EscapingWithSuffixes")]
    NoUtf8EscapingWithSuffixes,
    /// Names and labels exactly as sent (experimental in Prometheus).
    NoTranslation,
}

impl TranslationStrategy {
    /// Every strategy, the default first: the order the checks try them in.
    pub const ALL: [Self; 4] = [
        Self::UnderscoreEscapingWithSuffixes,
        Self::UnderscoreEscapingWithoutSuffixes,
        Self::NoUtf8EscapingWithSuffixes,
        Self::NoTranslation,
    ];

    /// The name in Prometheus's configuration (and otelkit's flag).
    pub fn name(self) -> &'static str {
        match self {
            Self::UnderscoreEscapingWithSuffixes => "UnderscoreEscapingWithSuffixes",
            Self::UnderscoreEscapingWithoutSuffixes => "UnderscoreEscapingWithoutSuffixes",
            Self::NoUtf8EscapingWithSuffixes => "NoUTF8EscapingWithSuffixes",
            Self::NoTranslation => "NoTranslation",
        }
    }

    /// The strategy Prometheus's configuration names `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether names are escaped to the legacy character set (a selector of them needs no quotes).
    pub fn escapes(self) -> bool {
        matches!(self, Self::UnderscoreEscapingWithSuffixes | Self::UnderscoreEscapingWithoutSuffixes)
    }

    fn adds_suffixes(self) -> bool {
        matches!(self, Self::UnderscoreEscapingWithSuffixes | Self::NoUtf8EscapingWithSuffixes)
    }

    /// The metric name an instrument gets (for histograms the base name: Prometheus adds
    /// `_bucket`/`_sum`/`_count` under every strategy).
    pub fn metric_name(self, name: &str, unit: &str, kind: InstrumentKind, namespace: Option<&str>) -> String {
        let namespace = namespace.filter(|n| !n.is_empty());
        match (self.escapes(), self.adds_suffixes()) {
            (true, true) => prometheus_name(name, unit, kind, namespace),
            (true, false) => escaped_without_suffixes(name, namespace),
            (false, suffixes) => {
                let name = match namespace {
                    Some(ns) => format!("{ns}_{name}"),
                    None => name.to_owned(),
                };
                if suffixes {
                    utf8_with_suffixes(name, unit, kind)
                } else {
                    name
                }
            }
        }
    }

    /// The label name an attribute key gets: escaped (`gen_ai.system` -> `gen_ai_system`) or as sent.
    pub fn label_name(self, key: &str) -> String {
        if self.escapes() {
            super::label_name(key)
        } else {
            key.to_owned()
        }
    }
}

impl std::fmt::Display for TranslationStrategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Invalid characters become word breaks, but `_` stays inside words: unlike the suffixed form,
/// runs of underscores are kept.
fn escaped_without_suffixes(name: &str, namespace: Option<&str>) -> String {
    let escape = |s: &str| {
        s.split(|c: char| !(c.is_ascii_alphanumeric() || c == ':' || c == '_'))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("_")
    };
    let name = escape(name);
    match namespace {
        Some(ns) => format!("{}_{name}", escape(ns)),
        None if name.starts_with(|c: char| c.is_ascii_digit()) => format!("_{name}"),
        None => name,
    }
}

/// Suffixes on an untouched name: an existing suffix is moved to the end, not doubled.
fn utf8_with_suffixes(mut name: String, unit: &str, kind: InstrumentKind) -> String {
    let words = unit_words(unit);
    let (main, per) = match words.iter().position(|w| w == "per") {
        Some(i) => (words[..i].join("_"), words[i..].join("_")),
        None => (words.join("_"), String::new()),
    };
    let ratio = kind == InstrumentKind::Gauge && unit == "1";
    let total = kind == InstrumentKind::Counter;
    for (wanted, suffix) in [(ratio, "ratio"), (total, "total"), (!per.is_empty(), per.as_str())] {
        if wanted {
            trim_suffix_and_delimiter(&mut name, suffix);
        }
    }
    if !main.is_empty() && !name.ends_with(&main) {
        name = format!("{name}_{main}");
    }
    for (wanted, suffix) in [(!per.is_empty(), per.as_str()), (total, "total"), (ratio, "ratio")] {
        if wanted {
            name = format!("{name}_{suffix}");
        }
    }
    name
}

fn trim_suffix_and_delimiter(name: &mut String, suffix: &str) {
    if name.ends_with(suffix) && name.len() > suffix.len() + 1 {
        name.truncate(name.len() - suffix.len() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InstrumentKind::*;
    use TranslationStrategy::*;

    /// The table of doc section A4: each strategy's names for the two metrics and the attribute.
    #[test]
    fn the_four_strategies_name_as_prometheus_does() {
        let table = [
            (
                UnderscoreEscapingWithSuffixes,
                "http_server_request_duration_seconds",
                "chat_tokens_total",
                "gen_ai_system",
            ),
            (UnderscoreEscapingWithoutSuffixes, "http_server_request_duration", "chat_tokens", "gen_ai_system"),
            (NoUtf8EscapingWithSuffixes, "http.server.request.duration_seconds", "chat.tokens_total", "gen_ai.system"),
            (NoTranslation, "http.server.request.duration", "chat.tokens", "gen_ai.system"),
        ];
        for (strategy, histogram, counter, label) in table {
            assert_eq!(strategy.metric_name("http.server.request.duration", "s", Histogram, None), histogram);
            assert_eq!(strategy.metric_name("chat.tokens", "{token}", Counter, None), counter);
            assert_eq!(strategy.label_name("gen_ai.system"), label);
        }
    }

    #[test]
    fn suffixes_are_not_doubled_and_keep_their_order() {
        let s = NoUtf8EscapingWithSuffixes;
        assert_eq!(s.metric_name("requests.total", "", Counter, None), "requests_total");
        assert_eq!(s.metric_name("latency.seconds", "s", Histogram, None), "latency.seconds");
        assert_eq!(s.metric_name("net.io", "By/s", Gauge, None), "net.io_bytes_per_second");
        assert_eq!(s.metric_name("net.io_per_second", "By/s", Gauge, None), "net.io_bytes_per_second");
        assert_eq!(s.metric_name("cpu.utilization", "1", Gauge, None), "cpu.utilization_ratio");
        assert_eq!(s.metric_name("smoke.requests", "", Counter, Some("ns")), "ns_smoke.requests_total");
    }

    #[test]
    fn escaping_without_suffixes_keeps_underscore_runs() {
        let s = UnderscoreEscapingWithoutSuffixes;
        assert_eq!(s.metric_name("a__b.c", "s", Histogram, None), "a__b_c");
        assert_eq!(s.metric_name("2xx", "", Gauge, None), "_2xx");
        assert_eq!(s.metric_name("smoke.requests", "", Counter, Some("my.ns")), "my_ns_smoke_requests");
        assert_eq!(NoTranslation.metric_name("smoke.requests", "", Counter, Some("ns")), "ns_smoke.requests");
    }

    #[test]
    fn names_round_trip_through_their_configuration_spelling() {
        for s in TranslationStrategy::ALL {
            assert_eq!(TranslationStrategy::from_name(s.name()), Some(s));
            assert_eq!(<TranslationStrategy as clap::ValueEnum>::from_str(s.name(), false), Ok(s));
        }
        assert_eq!(TranslationStrategy::default(), UnderscoreEscapingWithSuffixes);
    }
}
