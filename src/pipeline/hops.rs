//! Hop-by-hop loss: the collector's own counters before and after a smoke run say where the
//! run's data stopped: refused at the receiver, dropped in a processor, failed at an exporter,
//! stuck at an exporter that is still retrying, or delivered but not queryable; with several
//! collector tiers, at which tier (`tiers.rs`).

mod finding;
pub mod restart;
mod store_hint;
pub mod tiers;

use std::time::Duration;

use self::tiers::{diagnose_tiers, Tier, TierRead};
use super::backends::collector::{snapshot, Snapshot};
use super::probes::{self, CollectorUrls};
use super::smoke::{self, Plan};
use super::verdict::{Check, Outcome, Scope};
use crate::collector::choices::MetricsExporter;
use crate::http::{self, TlsOptions};
use crate::printer::Printer;
use crate::signal::Signal;

/// Whether smoke-test found the run's data in the backend, and when not, the fix it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queryable {
    Yes,
    /// Not found. `fix`: a change a check named; `unanswered`: why the backend gave no answer at
    /// all (unreachable, TLS, ...), when that is why: then no name can be blamed.
    No {
        fix: Option<String>,
        unanswered: Option<String>,
    },
}

/// One scrape of every tier, in order; an error names the tier when tiers are named.
pub async fn read(client: &reqwest::Client, tiers: &[Tier]) -> Result<Vec<Snapshot>, String> {
    let mut out = Vec::with_capacity(tiers.len());
    for t in tiers {
        match snapshot(client, &t.url).await {
            Ok(s) => out.push(s),
            Err(e) if tiers.len() == 1 && t.name.is_none() => return Err(e),
            Err(e) => return Err(format!("{} tier: {e}", t.label())),
        }
    }
    Ok(out)
}

/// Each tier with its counters before and after.
pub fn pair(tiers: &[Tier], before: Vec<Snapshot>, after: Vec<Snapshot>) -> Vec<TierRead> {
    tiers
        .iter()
        .zip(before.into_iter().zip(after))
        .map(|(tier, (before, after))| TierRead::new(tier.clone(), before, after))
        .collect()
}

fn unreadable(e: &str) -> Vec<Check> {
    vec![Check::new("hops", Scope::Pipeline, Outcome::Skip, format!("collector metrics unreadable ({e})"))]
}

/// One smoke run between two snapshots of every tier's counters; a verdict per signal.
pub async fn hop_checks(plan: &Plan, client: &reqwest::Client, tiers: &[Tier], printer: &Printer) -> Vec<Check> {
    let before = match read(client, tiers).await {
        Ok(s) => s,
        Err(e) => return unreadable(&e),
    };
    let (_, smoke_checks) = smoke::smoke(plan, false, printer).await;
    // The collector's counters lag the export by its batch timeout; the smoke run's polling
    // already waited for the backends, so one more short pause is enough.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = match read(client, tiers).await {
        Ok(s) => s,
        Err(e) => return unreadable(&e),
    };
    let reads = pair(tiers, before, after);
    plan.signals
        .iter()
        .map(|s| hinted(diagnose_tiers(*s, &reads, &queryable(*s, &smoke_checks), None), plan, &reads))
        .collect()
}

/// A hop check that did not pass, with the store flag to change when the last tier's exporters
/// name another store than the plan's.
pub fn hinted(mut check: Check, plan: &Plan, reads: &[TierRead]) -> Check {
    let (Scope::Signal(signal), Some(last)) = (check.signal, reads.last()) else { return check };
    let chosen = match signal {
        Signal::Traces => plan.traces.name,
        Signal::Metrics => plan.metrics.name,
        Signal::Logs => plan.logs.name,
    };
    if check.outcome != Outcome::Pass {
        if let Some(hint) = store_hint::store_hint(signal, &last.after, chosen) {
            check.detail = format!("{}; {hint}", check.detail);
            check.fix = Some(hint);
        }
    }
    check
}

/// Whether the smoke run's checks of one signal found its data, with any fix they named.
pub fn queryable(signal: Signal, smoke_checks: &[Check]) -> Queryable {
    let mut failed =
        smoke_checks.iter().filter(|c| c.signal == Scope::Signal(signal) && c.outcome == Outcome::Fail).peekable();
    if failed.peek().is_none() {
        return Queryable::Yes;
    }
    let failed: Vec<&Check> = failed.collect();
    Queryable::No {
        fix: failed.iter().find_map(|c| c.fix.clone()),
        // A query that never got an HTTP answer: the backend, not a name, is what failed.
        unanswered: failed.iter().find(|c| c.last_query.is_some() && c.last_status.is_none()).map(|c| c.detail.clone()),
    }
}

/// `smoke-test --diagnose`: the live checks and the hop verdicts, run when the smoke test failed.
pub struct Diagnosis {
    urls: CollectorUrls,
    client: reqwest::Client,
    tls: TlsOptions,
    metrics: MetricsExporter,
}

impl Diagnosis {
    pub fn new(urls: CollectorUrls, tls: TlsOptions, metrics: MetricsExporter) -> Self {
        let client = http::client(&tls, Duration::from_secs(5)).unwrap_or_default();
        Self { urls, client, tls, metrics }
    }

    pub async fn snapshot(&self) -> Option<Vec<Snapshot>> {
        read(&self.client, &self.urls.tiers).await.ok()
    }

    pub async fn run(&self, plan: &Plan, checks: &[Check], before: Option<Vec<Snapshot>>) -> Vec<Check> {
        let mut out = probes::collector_checks(&self.urls, &self.client, &self.tls).await;
        let started = probes::collector_started(&self.client, &self.urls.telemetry).await;
        out.extend(probes::backend_checks(plan, self.metrics, started).await);
        match (before, self.snapshot().await) {
            (Some(before), Some(after)) => {
                let reads = pair(&self.urls.tiers, before, after);
                let failed: Vec<Signal> = plan
                    .signals
                    .iter()
                    .copied()
                    .filter(|s| checks.iter().any(|c| c.signal == Scope::Signal(*s) && c.outcome == Outcome::Fail))
                    .collect();
                for s in failed {
                    out.push(hinted(diagnose_tiers(s, &reads, &queryable(s, checks), None), plan, &reads));
                }
            }
            _ => out.push(Check::new(
                "hops",
                Scope::Pipeline,
                Outcome::Skip,
                format!("collector metrics at {} unreadable", self.urls.telemetry),
            )),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::finding::{find, words};
    use super::*;

    /// Where one signal's data went through one collector without tiers.
    fn diagnose(signal: Signal, before: &Snapshot, after: &Snapshot, queryable: &Queryable) -> Check {
        let (outcome, detail) = words(signal, &find(signal, before, after), None, queryable);
        Check::new(&format!("hop.{}", signal.name()), signal, outcome, detail)
    }

    const RECORDED_LIKE: &str = "# TYPE otelcol_receiver_accepted_spans counter\notelcol_receiver_accepted_spans{receiver=\"otlp\",transport=\"http\"} 2\n";

    #[test]
    fn both_spellings_are_one_counter() {
        let a = Snapshot::parse(RECORDED_LIKE).unwrap();
        let b = Snapshot::parse("otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"http\"} 5\notelcol_exporter_sent_spans_total{exporter=\"otlp/tempo\"} 3\n").unwrap();
        let c = diagnose(Signal::Traces, &a, &b, &Queryable::Yes);
        assert_eq!(c.outcome, Outcome::Pass, "{}", c.detail);
        assert!(Snapshot::parse("up 1\n").is_err());
    }

    #[test]
    fn delivered_but_the_backend_unanswered_blames_the_backend_not_a_name() {
        let a = Snapshot::parse(RECORDED_LIKE).unwrap();
        let b = Snapshot::parse("otelcol_receiver_accepted_spans_total{receiver=\"otlp\",transport=\"http\"} 5\notelcol_exporter_sent_spans_total{exporter=\"otlp/tempo\"} 3\n").unwrap();
        let mut tempo =
            Check::new("tempo.trace", Signal::Traces, Outcome::Fail, "tempo: connection refused (unreachable for 5s)");
        tempo.last_query = Some("http://127.0.0.1:1/api/v2/traces/abc".into());
        let c = diagnose(Signal::Traces, &a, &b, &queryable(Signal::Traces, &[tempo.clone()]));
        assert_eq!(c.outcome, Outcome::Fail);
        assert!(c.detail.contains("the backend could not be asked: tempo: connection refused"), "{}", c.detail);
        assert!(!c.detail.contains("mismatch"), "{}", c.detail);
        // An answer that did not show the data: a name is the likely cause.
        tempo.last_status = Some(404);
        let c = diagnose(Signal::Traces, &a, &b, &queryable(Signal::Traces, &[tempo]));
        assert!(c.detail.contains("a label or name mismatch"), "{}", c.detail);
    }

    /// Recorded from v0.161.0 with Tempo and Loki on dead ports (collector-0.161.0/README.md):
    /// 4 s after the run the exporters were retrying, 5 min 40 s later they had given up.
    const RETRYING: &str = include_str!("../../tests/fixtures/recorded/collector-0.161.0/self_metrics.txt");
    const GAVE_UP: &str =
        include_str!("../../tests/fixtures/recorded/collector-0.161.0/self_metrics_export_failed.txt");

    const FILTERED: &str = include_str!("../../tests/fixtures/recorded/collector-0.161.0/self_metrics_filtered.txt");
    const MEMORY_LIMITED: &str =
        include_str!("../../tests/fixtures/recorded/collector-0.161.0/self_metrics_memory_limited.txt");

    #[test]
    fn a_filter_drop_and_a_memory_limiter_refusal_are_named() {
        let before = Snapshot::parse("otelcol_process_uptime 1\n").unwrap();
        let filtered = Snapshot::parse(FILTERED).unwrap();
        let c = diagnose(Signal::Traces, &before, &filtered, &Queryable::No { fix: None, unanswered: None });
        assert_eq!(c.outcome, Outcome::Fail);
        assert!(c.detail.starts_with("accepted (3) but dropped in processor filter/drop-smoke (3): "), "{}", c.detail);
        // Its logs went to a dead Loki: retrying.
        let c = diagnose(Signal::Logs, &before, &filtered, &Queryable::No { fix: None, unanswered: None });
        assert!(
            c.detail.starts_with("stuck at exporter otlp_http/loki (queue 1, in flight 1): retrying"),
            "{}",
            c.detail
        );

        let limited = Snapshot::parse(MEMORY_LIMITED).unwrap();
        for (signal, n) in [(Signal::Traces, 3), (Signal::Logs, 2)] {
            let c = diagnose(signal, &before, &limited, &Queryable::No { fix: None, unanswered: None });
            assert_eq!(c.outcome, Outcome::Fail);
            assert_eq!(
                c.detail,
                format!("refused at the receiver: otlp ({n}); processor memory_limiter ({n}) refused them: the collector is over its memory_limiter limit (give it memory or replicas, or raise limit_mib / limit_percentage)")
            );
        }
    }

    #[test]
    fn a_retrying_exporter_is_named_stuck_and_one_that_gave_up_failed() {
        let before = Snapshot::parse("otelcol_process_uptime 1\n").unwrap();
        let retrying = Snapshot::parse(RETRYING).unwrap();
        let c = diagnose(Signal::Traces, &before, &retrying, &Queryable::No { fix: None, unanswered: None });
        assert_eq!(c.outcome, Outcome::Fail);
        assert!(
            c.detail.starts_with("stuck at exporter otlp_grpc/tempo (queue 1, in flight 1): retrying"),
            "{}",
            c.detail
        );
        let c = diagnose(Signal::Logs, &before, &retrying, &Queryable::No { fix: None, unanswered: None });
        assert!(
            c.detail.starts_with("stuck at exporter otlp_http/loki (queue 1, in flight 1): retrying"),
            "{}",
            c.detail
        );
        // The prometheus exporter (a pull exporter, queue gauges at 0) delivered.
        let c = diagnose(Signal::Metrics, &before, &retrying, &Queryable::Yes);
        assert_eq!(c.outcome, Outcome::Pass, "{}", c.detail);

        let gave_up = Snapshot::parse(GAVE_UP).unwrap();
        let c = diagnose(Signal::Traces, &before, &gave_up, &Queryable::No { fix: None, unanswered: None });
        assert_eq!(c.outcome, Outcome::Fail);
        assert!(
            c.detail.starts_with("failed at exporter otlp_grpc/tempo (2) sending to 127.0.0.1:14317: "),
            "{}",
            c.detail
        );
        let c = diagnose(Signal::Logs, &before, &gave_up, &Queryable::No { fix: None, unanswered: None });
        assert!(
            c.detail.starts_with("failed at exporter otlp_http/loki (1) sending to 127.0.0.1:13100/otlp/v1/logs: "),
            "{}",
            c.detail
        );
    }
}
