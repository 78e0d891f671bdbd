//! How OpenTelemetry names become Prometheus names, and the metrics the design instruments.
//!
//! The translation follows Prometheus's otlptranslator (`UnderscoreEscapingWithSuffixes`, the
//! default of both the collector's `prometheus` exporter and Prometheus's OTLP receiver): invalid
//! characters split words joined by `_`, the unit's suffix is appended unless already a word,
//! monotonic counters end in `_total`, gauges of unit `1` end in `_ratio`, the namespace prefixes.
//! Every generator and the smoke test derive names here, so they cannot disagree. Prometheus 3's
//! other `otlp.translation_strategy` choices are in `strategy.rs`.
//!
//! Also the other names otelkit fixes once for everything it writes and reads: the default
//! environment and the Grafana datasource UIDs.

mod strategy;

pub use strategy::TranslationStrategy;

/// deployment.environment.name when nothing names one.
pub const DEFAULT_ENVIRONMENT: &str = "dev";

/// Grafana datasource UIDs: `gen grafana` provisions the datasources under them and the checks
/// reach the backends through them by default, so links and proxy paths never break.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GrafanaUids {
    pub prometheus: &'static str,
    pub tempo: &'static str,
    pub loki: &'static str,
    pub jaeger: &'static str,
    pub victoriametrics: &'static str,
    pub victorialogs: &'static str,
}

pub const GRAFANA_UIDS: GrafanaUids = GrafanaUids {
    prometheus: "otelkit-prometheus",
    tempo: "otelkit-tempo",
    loki: "otelkit-loki",
    jaeger: "otelkit-jaeger",
    victoriametrics: "otelkit-victoriametrics",
    victorialogs: "otelkit-victorialogs",
};

/// The instrument kinds that matter to the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstrumentKind {
    /// Monotonic sum.
    Counter,
    /// Non-monotonic sum.
    UpDownCounter,
    Gauge,
    Histogram,
}

/// The Prometheus metric name of an OTel instrument (for histograms: the base name, without
/// `_bucket`/`_sum`/`_count`).
pub fn prometheus_name(name: &str, unit: &str, kind: InstrumentKind, namespace: Option<&str>) -> String {
    let mut words: Vec<String> = split_words(name);
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        let mut prefixed = split_words(ns);
        prefixed.append(&mut words);
        words = prefixed;
    }
    let is_counter = kind == InstrumentKind::Counter;
    if is_counter {
        // An existing "total" word moves to the end.
        words.retain(|w| w != "total");
    }
    for suffix in unit_words(unit) {
        if !words.iter().any(|w| w == &suffix) {
            words.push(suffix);
        }
    }
    if kind == InstrumentKind::Gauge && unit == "1" && !words.iter().any(|w| w == "ratio") {
        words.push("ratio".into());
    }
    if is_counter {
        words.push("total".into());
    }
    let mut out = words.join("_");
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// A Prometheus label name from an OTel attribute key (`http.route` -> `http_route`).
pub fn label_name(key: &str) -> String {
    let mut out: String = key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "key_");
    }
    out
}

fn split_words(name: &str) -> Vec<String> {
    name.split(|c: char| !(c.is_ascii_alphanumeric()) && c != ':')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The words a unit adds: `s` -> seconds, `By/s` -> bytes_per_second, `{request}` -> nothing.
fn unit_words(unit: &str) -> Vec<String> {
    let unit = unit.trim();
    if unit.is_empty() || unit.contains('{') {
        return Vec::new();
    }
    let (main, per) = match unit.split_once('/') {
        Some((m, p)) => (m, Some(p)),
        None => (unit, None),
    };
    let mut words = Vec::new();
    if let Some(m) = main_unit(main) {
        words.extend(m.split('_').map(str::to_owned));
    }
    if let Some(p) = per.and_then(per_unit) {
        words.push("per".into());
        words.push(p.into());
    }
    words
}

fn main_unit(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "d" => "days",
        "h" => "hours",
        "min" => "minutes",
        "s" => "seconds",
        "ms" => "milliseconds",
        "us" => "microseconds",
        "ns" => "nanoseconds",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "TiBy" => "tibibytes",
        "KBy" => "kilobytes",
        "MBy" => "megabytes",
        "GBy" => "gigabytes",
        "TBy" => "terabytes",
        "m" => "meters",
        "V" => "volts",
        "A" => "amperes",
        "J" => "joules",
        "W" => "watts",
        "g" => "grams",
        "Cel" => "celsius",
        "Hz" => "hertz",
        "%" => "percent",
        "1" | "" => return None,
        _ => return None,
    })
}

fn per_unit(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "s" => "second",
        "m" => "minute",
        "h" => "hour",
        "d" => "day",
        "w" => "week",
        "mo" => "month",
        "y" => "year",
        _ => return None,
    })
}

/// One metric of the design: how the SDK instruments it and what Prometheus will call it.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct MetricSpec {
    /// The instrument name in code. Chosen so the exporter's suffixes are not doubled.
    pub instrument: &'static str,
    pub kind: InstrumentKind,
    pub unit: &'static str,
    pub description: &'static str,
    /// Attribute keys recorded with it.
    pub attributes: &'static [&'static str],
    /// Explicit bucket boundaries in seconds, for duration histograms.
    pub buckets: &'static [f64],
}

impl MetricSpec {
    pub fn prometheus_name(&self, namespace: Option<&str>) -> String {
        prometheus_name(self.instrument, self.unit, self.kind, namespace)
    }
}

/// Request-latency buckets (seconds): 5 ms to 10 s.
pub const HTTP_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// LLM-call buckets (seconds): 100 ms to 2 min.
pub const LLM_BUCKETS: &[f64] = &[0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0];
/// Deploy buckets (seconds): 1 s to 10 min.
pub const DEPLOY_BUCKETS: &[f64] = &[1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0];

const HTTP_ATTRS: &[&str] = &["http.request.method", "http.route", "http.response.status_code"];
const LLM_ATTRS: &[&str] = &["gen_ai.provider.name", "gen_ai.request.model"];

/// The agent platform's metrics: HTTP (RED) and LLM/agent metrics.
pub const DESIGN_METRICS: &[MetricSpec] = &[
    MetricSpec {
        instrument: "http.requests",
        kind: InstrumentKind::Counter,
        unit: "{request}",
        description: "HTTP requests served",
        attributes: HTTP_ATTRS,
        buckets: &[],
    },
    MetricSpec {
        instrument: "http.request.duration",
        kind: InstrumentKind::Histogram,
        unit: "s",
        description: "HTTP request latency",
        attributes: HTTP_ATTRS,
        buckets: HTTP_BUCKETS,
    },
    MetricSpec {
        instrument: "chat.tokens",
        kind: InstrumentKind::Counter,
        unit: "{token}",
        description: "Chat tokens processed, by gen_ai.token.type (input or output)",
        attributes: &["gen_ai.request.model", "gen_ai.token.type"],
        buckets: &[],
    },
    MetricSpec {
        instrument: "chat.latency",
        kind: InstrumentKind::Histogram,
        unit: "s",
        description: "Chat turn latency, request to answer",
        attributes: &["error.type"],
        buckets: LLM_BUCKETS,
    },
    MetricSpec {
        instrument: "llm.call.duration",
        kind: InstrumentKind::Histogram,
        unit: "s",
        description: "LLM call latency",
        attributes: LLM_ATTRS,
        buckets: LLM_BUCKETS,
    },
    MetricSpec {
        instrument: "llm.calls",
        kind: InstrumentKind::Counter,
        unit: "{call}",
        description: "LLM calls made, by outcome (error.type set on failure)",
        attributes: &["gen_ai.provider.name", "gen_ai.request.model", "error.type"],
        buckets: &[],
    },
    MetricSpec {
        instrument: "llm.input.tokens",
        kind: InstrumentKind::Counter,
        unit: "{token}",
        description: "Tokens sent to LLMs",
        attributes: LLM_ATTRS,
        buckets: &[],
    },
    MetricSpec {
        instrument: "llm.output.tokens",
        kind: InstrumentKind::Counter,
        unit: "{token}",
        description: "Tokens received from LLMs",
        attributes: LLM_ATTRS,
        buckets: &[],
    },
    MetricSpec {
        instrument: "agents.active",
        kind: InstrumentKind::UpDownCounter,
        unit: "{agent}",
        description: "Agents currently running",
        attributes: &["agent.type"],
        buckets: &[],
    },
    MetricSpec {
        instrument: "agent.deploy.duration",
        kind: InstrumentKind::Histogram,
        unit: "s",
        description: "Time to deploy an agent",
        attributes: &["agent.type"],
        buckets: DEPLOY_BUCKETS,
    },
];

/// The semantic conventions' `http.server.request.duration`: what standard instrumentation
/// (otelhttp, otelgin, otelfiber, Python's and Node's HTTP instrumentations) records, and the
/// module's middleware too. Dashboards and alerts read it for services without the design's
/// `http.requests`; its buckets are the conventions' advice.
pub const HTTP_SERVER_DURATION: MetricSpec = MetricSpec {
    instrument: "http.server.request.duration",
    kind: InstrumentKind::Histogram,
    unit: "s",
    description: "Duration of HTTP server requests (semantic conventions)",
    attributes: HTTP_ATTRS,
    buckets: &[0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0],
};

/// The design metric with this instrument name.
pub fn design_metric(instrument: &str) -> &'static MetricSpec {
    DESIGN_METRICS
        .iter()
        .find(|m| m.instrument == instrument)
        .unwrap_or_else(|| panic!("no design metric {instrument}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use InstrumentKind::*;

    #[test]
    fn matches_the_recorded_collector_exposition() {
        // tests/fixtures/recorded/collector/prometheus_exporter.txt: namespace agentstack
        assert_eq!(
            prometheus_name("smoke.requests", "", Counter, Some("agentstack")),
            "agentstack_smoke_requests_total"
        );
        assert_eq!(
            prometheus_name("smoke.latency", "s", Histogram, Some("agentstack")),
            "agentstack_smoke_latency_seconds"
        );
        assert_eq!(label_name("smoke.run"), "smoke_run");
    }

    #[test]
    fn translation_rules() {
        assert_eq!(prometheus_name("http.server.requests", "{request}", Counter, None), "http_server_requests_total");
        assert_eq!(prometheus_name("otelkit.smoke.duration", "s", Histogram, None), "otelkit_smoke_duration_seconds");
        assert_eq!(prometheus_name("requests.total", "", Counter, None), "requests_total");
        assert_eq!(prometheus_name("net.io", "By/s", Gauge, None), "net_io_bytes_per_second");
        assert_eq!(prometheus_name("cpu.utilization", "1", Gauge, None), "cpu_utilization_ratio");
        assert_eq!(prometheus_name("latency.seconds", "s", Histogram, None), "latency_seconds");
        assert_eq!(prometheus_name("2xx", "", Gauge, None), "_2xx");
        assert_eq!(label_name("2fa"), "key_2fa");
    }

    #[test]
    fn design_metrics_get_the_design_names() {
        let names: Vec<String> = DESIGN_METRICS.iter().map(|m| m.prometheus_name(None)).collect();
        assert_eq!(
            names,
            [
                "http_requests_total",
                "http_request_duration_seconds",
                "chat_tokens_total",
                "chat_latency_seconds",
                "llm_call_duration_seconds",
                "llm_calls_total",
                "llm_input_tokens_total",
                "llm_output_tokens_total",
                "agents_active",
                "agent_deploy_duration_seconds",
            ]
        );
        assert_eq!(HTTP_SERVER_DURATION.prometheus_name(None), "http_server_request_duration_seconds");
        assert_eq!(HTTP_SERVER_DURATION.prometheus_name(Some("ns")), "ns_http_server_request_duration_seconds");
    }
}
