//! Hop-by-hop loss: the collector's own counters before and after a smoke run say where the
//! run's data stopped: refused at the receiver, dropped in a processor, failed at an exporter,
//! stuck at an exporter that is still retrying, or delivered but not queryable.

use std::collections::BTreeMap;

use std::time::Duration;

use super::backends::collector::{snapshot, Snapshot};
use super::probes::{self, CollectorUrls};
use super::smoke::{self, Plan};
use super::verdict::{Check, Outcome, Scope};
use crate::collector::choices::MetricsExporter;
use crate::http::{self, TlsOptions};
use crate::printer::Printer;
use crate::signal::Signal;

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
    /// Not found. `fix`: a change a check named; `unanswered`: why the backend gave no answer at
    /// all (unreachable, TLS, ...), when that is why: then no name can be blamed.
    No {
        fix: Option<String>,
        unanswered: Option<String>,
    },
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
    let stuck = stuck_exporters(signal, after, &sent);
    // The memory_limiter processor counts what it refuses (v0.161.0 observed), so a refusal it
    // caused is named as such.
    let limited = d(&format!("otelcol_processor_memory_limiter_refused_{it}"), "processor");

    let name = format!("hop.{sig}");
    let (outcome, detail) = if total(&refused) > 0.0 {
        let why = if limited.is_empty() {
            "usually memory_limiter pushing back (give the collector memory or replicas)".to_owned()
        } else {
            format!(
                "processor {} refused them: the collector is over its memory_limiter limit (give it memory or replicas, or raise limit_mib / limit_percentage)",
                names(&limited)
            )
        };
        (Outcome::Fail, format!("refused at the receiver: {}; {why}", names(&refused)))
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
            format!(
                "failed at exporter {}{}: the backend rejects the data or cannot be reached",
                names(&failed),
                destinations(after, &format!("otelcol_exporter_send_failed_{it}"), &failed)
            ),
        )
    } else if total(&sent) == 0.0 && !stuck.is_empty() {
        (
            Outcome::Fail,
            format!(
                "stuck at exporter {}: retrying; the backend cannot be reached or rejects the data (the collector logs \"Exporting failed. Will retry the request after interval\"); nothing counts as sent or failed until retry_on_failure gives up (max_elapsed_time, 300 s by default)",
                stuck.join(", ")
            ),
        )
    } else if total(&sent) == 0.0 {
        (
            Outcome::Warn,
            format!(
                "accepted ({}) but not exported yet: still batching, or no exporter in the {sig} pipeline",
                total(&accepted)
            ),
        )
    } else if let Queryable::No { fix, unanswered } = queryable {
        let why = match (fix, unanswered) {
            (Some(fix), _) => format!("not queryable under the expected name: {fix}"),
            (None, Some(why)) => format!("the backend could not be asked: {why}"),
            (None, None) => {
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
    Check::new(&name, signal, outcome, detail)
}

/// Where the exporters in `of` send, from their series' `server_address`, `server_port` and `url_path`
/// labels (network exporters carry them, v0.161.0 observed), e.g. ` sending to 127.0.0.1:4317`.
fn destinations(after: &Snapshot, name: &str, of: &BTreeMap<String, f64>) -> String {
    let mut found: Vec<String> = of
        .keys()
        .filter_map(|e| {
            after.labels_of(name, "exporter", e).find_map(|l| {
                let host = l.get("server_address")?;
                let port = l.get("server_port").map(|p| format!(":{p}")).unwrap_or_default();
                Some(format!("{host}{port}{}", l.get("url_path").map(String::as_str).unwrap_or_default()))
            })
        })
        .collect();
    found.dedup();
    if found.is_empty() {
        String::new()
    } else {
        format!(" sending to {}", found.join(", "))
    }
}

/// The exporters of `signal` still holding data after the run (`otelcol_exporter_queue_size` or
/// `otelcol_exporter_in_flight_requests` above 0, label `data_type`) that sent none of it: while
/// an exporter retries, the collector (v0.161.0 observed) has no `sent` or `send_failed` series
/// for it yet, only these two gauges at 1.
fn stuck_exporters(signal: Signal, after: &Snapshot, sent: &BTreeMap<String, f64>) -> Vec<String> {
    let of_signal = |l: &BTreeMap<String, String>| l.get("data_type").is_none_or(|t| t == signal.name());
    let queued = after.by("otelcol_exporter_queue_size", "exporter", of_signal);
    let in_flight = after.by("otelcol_exporter_in_flight_requests", "exporter", of_signal);
    let mut exporters: Vec<&String> = queued.keys().chain(in_flight.keys()).collect();
    exporters.sort();
    exporters.dedup();
    exporters
        .into_iter()
        .filter(|e| !e.is_empty() && !sent.contains_key(*e))
        .filter_map(|e| {
            let q = queued.get(e).copied().unwrap_or(0.0);
            let f = in_flight.get(e).copied().unwrap_or(0.0);
            (q > 0.0 || f > 0.0).then(|| format!("{e} (queue {q}, in flight {f})"))
        })
        .collect()
}

/// One smoke run between two snapshots of the collector's counters; a verdict per signal.
pub async fn hop_checks(
    plan: &Plan,
    client: &reqwest::Client,
    telemetry_url: &http::RedactedUrl,
    printer: &Printer,
) -> Vec<Check> {
    let before = match snapshot(client, telemetry_url).await {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::new(
                "hops",
                Scope::Pipeline,
                Outcome::Skip,
                format!("collector metrics unreadable ({e})"),
            )]
        }
    };
    let (_, smoke_checks) = smoke::smoke(plan, false, printer).await;
    // The collector's counters lag the export by its batch timeout; the smoke run's polling
    // already waited for the backends, so one more short pause is enough.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = match snapshot(client, telemetry_url).await {
        Ok(s) => s,
        Err(e) => {
            return vec![Check::new(
                "hops",
                Scope::Pipeline,
                Outcome::Skip,
                format!("collector metrics unreadable ({e})"),
            )]
        }
    };
    diagnose_all(plan, &smoke_checks, &before, &after)
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

pub fn diagnose_all(plan: &Plan, smoke_checks: &[Check], before: &Snapshot, after: &Snapshot) -> Vec<Check> {
    plan.signals.iter().map(|s| diagnose(*s, before, after, &queryable(*s, smoke_checks))).collect()
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

    pub async fn snapshot(&self) -> Option<Snapshot> {
        snapshot(&self.client, &self.urls.telemetry).await.ok()
    }

    pub async fn run(&self, plan: &Plan, checks: &[Check], before: Option<Snapshot>) -> Vec<Check> {
        let mut out = probes::collector_checks(&self.urls, &self.client, &self.tls).await;
        let started = probes::collector_started(&self.client, &self.urls.telemetry).await;
        out.extend(probes::backend_checks(plan, self.metrics, started).await);
        match (before, self.snapshot().await) {
            (Some(before), Some(after)) => {
                let failed: Vec<Signal> = plan
                    .signals
                    .iter()
                    .copied()
                    .filter(|s| checks.iter().any(|c| c.signal == Scope::Signal(*s) && c.outcome == Outcome::Fail))
                    .collect();
                for s in failed {
                    out.push(diagnose(s, &before, &after, &queryable(s, checks)));
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
