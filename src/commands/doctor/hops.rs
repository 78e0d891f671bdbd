//! Hop-by-hop loss: the collector's own counters before and after a smoke run say where the
//! run's data stopped: refused at the receiver, dropped in a processor, failed at an exporter,
//! or delivered but not queryable.

use std::collections::BTreeMap;

use crate::commands::smoke_test::otlp::Signal;
use crate::commands::smoke_test::report::{Check, Outcome};

/// Counter values of one scrape of the collector's /metrics, keyed by name (without `_total`,
/// which collectors from about v0.120 add and older ones do not) and labels.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    values: BTreeMap<(String, BTreeMap<String, String>), f64>,
}

impl Snapshot {
    pub fn parse(text: &str) -> Result<Self, String> {
        let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
            .map_err(|e| format!("unreadable collector metrics: {e}"))?;
        let mut values = BTreeMap::new();
        for s in scrape.samples {
            let v = match s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => v,
                _ => continue,
            };
            let labels: BTreeMap<String, String> = s.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            let name = s.metric.strip_suffix("_total").unwrap_or(&s.metric).to_owned();
            values.insert((name, labels), v);
        }
        if !values.keys().any(|(n, _)| n.starts_with("otelcol_")) {
            return Err("no otelcol_ metrics on that page: is it the collector's own telemetry (port 8888)?".into());
        }
        Ok(Self { values })
    }

    /// Sum of a counter over the series whose labels pass `keep`, grouped by `by` label.
    fn by(&self, name: &str, by: &str, keep: impl Fn(&BTreeMap<String, String>) -> bool) -> BTreeMap<String, f64> {
        let mut out = BTreeMap::new();
        for ((n, labels), v) in &self.values {
            if n == name && keep(labels) {
                *out.entry(labels.get(by).cloned().unwrap_or_default()).or_insert(0.0) += v;
            }
        }
        out
    }
}

fn items(signal: Signal) -> &'static str {
    match signal {
        Signal::Traces => "spans",
        Signal::Metrics => "metric_points",
        Signal::Logs => "log_records",
    }
}

/// Per-key increase from `before` to `after`.
fn delta(before: &BTreeMap<String, f64>, after: &BTreeMap<String, f64>) -> BTreeMap<String, f64> {
    after
        .iter()
        .map(|(k, v)| (k.clone(), v - before.get(k).copied().unwrap_or(0.0)))
        .filter(|(_, d)| *d > 0.0)
        .collect()
}

fn total(m: &BTreeMap<String, f64>) -> f64 {
    m.values().sum()
}

fn names(m: &BTreeMap<String, f64>) -> String {
    m.iter().map(|(k, v)| format!("{k} ({v})")).collect::<Vec<_>>().join(", ")
}

/// Whether smoke-test found the run's data in the backend, and when not, the fix it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queryable {
    Yes,
    No { fix: Option<String> },
}

/// Where one signal's data went.
pub fn diagnose(signal: Signal, before: &Snapshot, after: &Snapshot, queryable: &Queryable) -> Check {
    let it = items(signal);
    let all = |_: &BTreeMap<String, String>| true;
    let d = |name: &str, by: &str| delta(&before.by(name, by, all), &after.by(name, by, all));
    let accepted = d(&format!("otelcol_receiver_accepted_{it}"), "receiver");
    let refused = d(&format!("otelcol_receiver_refused_{it}"), "receiver");
    let sent = d(&format!("otelcol_exporter_sent_{it}"), "exporter");
    let failed = d(&format!("otelcol_exporter_send_failed_{it}"), "exporter");
    let sig = signal.name();
    let in_signal = |l: &BTreeMap<String, String>| l.get("otel_signal").is_some_and(|s| s == sig);
    let incoming = delta(
        &before.by("otelcol_processor_incoming_items", "processor", in_signal),
        &after.by("otelcol_processor_incoming_items", "processor", in_signal),
    );
    let outgoing = delta(
        &before.by("otelcol_processor_outgoing_items", "processor", in_signal),
        &after.by("otelcol_processor_outgoing_items", "processor", in_signal),
    );
    let mut dropped: BTreeMap<String, f64> = incoming
        .iter()
        .map(|(p, i)| (p.clone(), i - outgoing.get(p).copied().unwrap_or(0.0)))
        .filter(|(_, d)| *d > 0.0)
        .collect();
    // Older collectors count drops directly.
    for (p, v) in d(&format!("otelcol_processor_dropped_{it}"), "processor") {
        *dropped.entry(p).or_insert(0.0) += v;
    }

    let name = format!("hop.{sig}");
    let (outcome, detail) = if total(&refused) > 0.0 {
        (Outcome::Fail, format!("refused at the receiver: {}; usually memory_limiter pushing back (give the collector memory or replicas)", names(&refused)))
    } else if total(&accepted) == 0.0 {
        (Outcome::Fail, format!("no {it} reached the collector's receivers: the run was sent elsewhere (check the OTLP endpoint and port)"))
    } else if !dropped.is_empty() {
        (
            Outcome::Fail,
            format!(
                "accepted ({}) but dropped in processor {}: check its filter/sampling rules and memory_limiter",
                total(&accepted),
                names(&dropped)
            ),
        )
    } else if total(&failed) > 0.0 {
        (
            Outcome::Fail,
            format!("failed at exporter {}: the backend rejects the data or cannot be reached", names(&failed)),
        )
    } else if total(&sent) == 0.0 {
        (
            Outcome::Warn,
            format!(
                "accepted ({}) but not exported yet: still batching, or no exporter in the {sig} pipeline",
                total(&accepted)
            ),
        )
    } else if let Queryable::No { fix } = queryable {
        let why = match fix {
            Some(fix) => format!("not queryable under the expected name: {fix}"),
            None => {
                "not queryable in the backend: a label or name mismatch (service_name, metric namespace, tenant)".into()
            }
        };
        (Outcome::Fail, format!("delivered by exporter {} but {why}", names(&sent)))
    } else {
        (
            Outcome::Pass,
            format!("receiver {} -> exporter {} -> backend: every hop passed", names(&accepted), names(&sent)),
        )
    };
    Check::new(&name, sig, outcome, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED_LIKE: &str = "# TYPE otelcol_receiver_accepted_spans counter\notelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"http\"} 2\n";

    #[test]
    fn both_spellings_are_one_counter() {
        let a = Snapshot::parse(RECORDED_LIKE).unwrap();
        let b = Snapshot::parse("otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"http\"} 5\notelcol_exporter_sent_spans_total{exporter=\"otlp/tempo\"} 3\n").unwrap();
        let c = diagnose(Signal::Traces, &a, &b, &Queryable::Yes);
        assert_eq!(c.outcome, Outcome::Pass, "{}", c.detail);
        assert!(Snapshot::parse("up 1\n").is_err());
    }
}
