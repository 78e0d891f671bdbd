//! VictoriaMetrics: its Prometheus-compatible query API read with MetricsQL, the names its OTLP
//! ingest gives a metric in each naming mode, and its `/flags` page.

use std::collections::BTreeMap;

use super::query_string;

/// The flag that makes VictoriaMetrics' OTLP ingest write Prometheus names (`_total`, unit
/// suffixes, underscores) instead of the OpenTelemetry names as they are.
pub const PROMETHEUS_NAMING_FLAG: &str = "-opentelemetry.usePrometheusNaming";

/// An instant query at "now" is evaluated this long ago (30 s by default), so a sample that has
/// just arrived is invisible to it.
pub const LATENCY_OFFSET_FLAG: &str = "-search.latencyOffset";

/// Where VictoriaMetrics takes OTLP metrics (HTTP/protobuf only).
pub const OTLP_PATH: &str = "/opentelemetry/v1/metrics";

/// How VictoriaMetrics' OTLP ingest named the series it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// The default: `otelkit.smoke.requests`, no `_total`, dotted label names.
    AsIs,
    /// With `-opentelemetry.usePrometheusNaming`: `otelkit_smoke_requests_total`.
    Prometheus,
}

impl Naming {
    /// The naming a series name shows: only OpenTelemetry names kept as they are have dots.
    pub fn of(series_name: &str) -> Naming {
        if series_name.contains('.') {
            Naming::AsIs
        } else {
            Naming::Prometheus
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Naming::AsIs => "OpenTelemetry names as they are (VictoriaMetrics' default)",
            Naming::Prometheus => "Prometheus names (-opentelemetry.usePrometheusNaming)",
        }
    }
}

/// `/api/v1/query` for `metricsql` as of now: `latency_offset` overrides `-search.latencyOffset`
/// for this query and `nocache` keeps an answer cached before the sample arrived from hiding it.
pub fn query_path(metricsql: &str) -> String {
    format!("/api/v1/query?{}", query_string(&[("query", metricsql), ("latency_offset", "1ms"), ("nocache", "1")]))
}

/// One MetricsQL selector matching a metric of the run under every candidate name: each
/// (metric name, run label name) pair, joined by `or`. The `__name__` of what answers tells which.
/// `poll`: see `POLL_LABEL`.
pub fn any_of(candidates: &[(String, String)], run_id: &str, poll: Option<u64>) -> String {
    let nonce = poll.map(|n| format!(",{POLL_LABEL}!=\"{n}\"")).unwrap_or_default();
    candidates
        .iter()
        // MetricsQL reads dotted names bare (`otelkit.run_id="..."`); only the value is quoted.
        .map(|(metric, label)| format!("{metric}{{{label}={}{nonce}}}", crate::query::quoted(run_id)))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A label no series has, matched as "not this poll's number": true of every series, but it
/// makes each poll's filters new. VictoriaMetrics caches which series a set of filters matches
/// and clears that cache about every 10 s, so a poll made before the run's series existed would
/// hide it for up to 10 s more (measured: 10 s with the same query, 4 s with this).
pub const POLL_LABEL: &str = "otelkit_poll";

/// The flags VictoriaMetrics runs with, from its `/flags` page (`-name="value"` per line).
pub fn parse_flags(body: &str) -> BTreeMap<String, String> {
    body.lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_prefix('-')?.split_once('=')?;
            Some((name.to_owned(), value.trim_matches('"').to_owned()))
        })
        .collect()
}

/// The naming a `/flags` page says the OTLP ingest uses.
pub fn naming_of_flags(flags: &BTreeMap<String, String>) -> Naming {
    let on = |name: &str| flags.get(name).is_some_and(|v| v == "true");
    if on("opentelemetry.usePrometheusNaming") || on("usePromCompatibleNaming") {
        Naming::Prometheus
    } else {
        Naming::AsIs
    }
}

/// The release a `/metrics` page names (`vm_app_version{version="…", short_version="v1.151.0"}`):
/// its Prometheus-compatible buildinfo answers a fixed "2.24.0" instead.
pub fn version_of_metrics(body: &str) -> Option<String> {
    let line = body.lines().find(|l| l.starts_with("vm_app_version{"))?;
    ["short_version=\"", "version=\""].iter().find_map(|key| {
        let at = line.find(key)? + key.len();
        let value = &line[at..at + line[at..].find('"')?];
        (!value.is_empty()).then(|| value.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_with_dots_is_the_opentelemetry_name_as_it_is() {
        assert_eq!(Naming::of("otelkit.smoke.requests"), Naming::AsIs);
        assert_eq!(Naming::of("otelkit_smoke_requests_total"), Naming::Prometheus);
    }

    #[test]
    fn every_query_asks_past_the_latency_offset_and_the_cache() {
        let path = query_path("otelkit.smoke.requests{otelkit.run_id=\"r1\"}");
        assert!(
            path.starts_with("/api/v1/query?query=otelkit.smoke.requests%7Botelkit.run_id%3D%22r1%22%7D"),
            "{path}"
        );
        assert!(path.ends_with("&latency_offset=1ms&nocache=1"), "{path}");
    }

    #[test]
    fn both_namings_in_one_selector() {
        let candidates = [
            ("otelkit.smoke.requests".to_owned(), "otelkit.run_id".to_owned()),
            ("otelkit_smoke_requests_total".to_owned(), "otelkit_run_id".to_owned()),
        ];
        assert_eq!(
            any_of(&candidates, "r1", None),
            r#"otelkit.smoke.requests{otelkit.run_id="r1"} or otelkit_smoke_requests_total{otelkit_run_id="r1"}"#
        );
        assert_eq!(
            any_of(&candidates[..1], "r1", Some(7)),
            r#"otelkit.smoke.requests{otelkit.run_id="r1",otelkit_poll!="7"}"#
        );
    }

    #[test]
    fn the_flags_page_tells_the_naming() {
        let page = "-httpListenAddr=\"127.0.0.1:8428\"\n-opentelemetry.usePrometheusNaming=\"true\"\n-search.latencyOffset=\"30s\"\n";
        let flags = parse_flags(page);
        assert_eq!(flags["search.latencyOffset"], "30s");
        assert_eq!(naming_of_flags(&flags), Naming::Prometheus);
        assert_eq!(naming_of_flags(&parse_flags("-search.latencyOffset=\"30s\"\n")), Naming::AsIs);
    }

    #[test]
    fn the_version_comes_from_the_own_metrics() {
        let page = "vm_app_uptime_seconds 3\nvm_app_version{version=\"victoria-metrics-v1.151.0\", short_version=\"v1.151.0\"} 1\n";
        assert_eq!(version_of_metrics(page).as_deref(), Some("v1.151.0"));
        let unset = "vm_app_version{version=\"\", short_version=\"\"} 1\n";
        assert_eq!(version_of_metrics(unset), None);
        assert_eq!(version_of_metrics("up 1\n"), None);
    }
}
