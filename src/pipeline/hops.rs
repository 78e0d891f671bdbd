//! Hop-by-hop loss: the collector's own counters before and after a smoke run say where the
//! run's data stopped: refused at the receiver, dropped in a processor, failed at an exporter,
//! or delivered but not queryable.

use std::collections::BTreeMap;

use std::time::Duration;

use super::backends::collector::{snapshot, Snapshot};
use super::otlp::Signal;
use super::probes::{self, CollectorUrls};
use super::smoke::{self, Plan};
use super::verdict::{Check, Outcome};
use crate::http::{self, TlsOptions};
use crate::printer::Printer;

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

/// One smoke run between two snapshots of the collector's counters; a verdict per signal.
pub async fn hop_checks(plan: &Plan, client: &reqwest::Client, telemetry_url: &str, printer: &Printer) -> Vec<Check> {
    let before = match snapshot(client, telemetry_url).await {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::new("hops", "pipeline", Outcome::Skip, format!("collector metrics unreadable ({e})"))]
        }
    };
    let (_, smoke_checks) = smoke::smoke(plan, false, printer).await;
    // The collector's counters lag the export by its batch timeout; the smoke run's polling
    // already waited for the backends, so one more short pause is enough.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = match snapshot(client, telemetry_url).await {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::new("hops", "pipeline", Outcome::Skip, format!("collector metrics unreadable ({e})"))]
        }
    };
    diagnose_all(plan, &smoke_checks, &before, &after)
}

/// Whether the smoke run's checks of one signal found its data, with any fix they named.
pub fn queryable(signal: Signal, smoke_checks: &[Check]) -> Queryable {
    let mut failed = smoke_checks.iter().filter(|c| c.signal == signal.name() && c.outcome == Outcome::Fail).peekable();
    if failed.peek().is_none() {
        return Queryable::Yes;
    }
    Queryable::No { fix: failed.find_map(|c| c.fix.clone()) }
}

pub fn diagnose_all(plan: &Plan, smoke_checks: &[Check], before: &Snapshot, after: &Snapshot) -> Vec<Check> {
    plan.signals.iter().map(|s| diagnose(*s, before, after, &queryable(*s, smoke_checks))).collect()
}

/// `smoke-test --diagnose`: the live checks and the hop verdicts, run when the smoke test failed.
pub struct Diagnosis {
    urls: CollectorUrls,
    client: reqwest::Client,
    tls: TlsOptions,
}

impl Diagnosis {
    pub fn new(urls: CollectorUrls, tls: TlsOptions) -> Self {
        let client = http::client(&tls, Duration::from_secs(5)).unwrap_or_default();
        Self { urls, client, tls }
    }

    pub async fn snapshot(&self) -> Option<Snapshot> {
        snapshot(&self.client, &self.urls.telemetry).await.ok()
    }

    pub async fn run(&self, plan: &Plan, checks: &[Check], before: Option<Snapshot>) -> Vec<Check> {
        let mut out = probes::collector_checks(&self.urls, &self.client, &self.tls).await;
        out.extend(probes::backend_checks(plan).await);
        match (before, self.snapshot().await) {
            (Some(before), Some(after)) => {
                let failed: Vec<Signal> = plan
                    .signals
                    .iter()
                    .copied()
                    .filter(|s| checks.iter().any(|c| c.signal == s.name() && c.outcome == Outcome::Fail))
                    .collect();
                for s in failed {
                    out.push(diagnose(s, &before, &after, &queryable(s, checks)));
                }
            }
            _ => out.push(Check::new(
                "hops",
                "pipeline",
                Outcome::Skip,
                format!("collector metrics at {} unreadable", self.urls.telemetry),
            )),
        }
        out
    }
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
