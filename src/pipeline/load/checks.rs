//! Judging a load run: each signal's figures (sent, accepted, found, lost) and its checks: the
//! export, the count in its backend, the hops through the collector. A signal passes when it
//! lost no more than --max-loss; a shortfall within it is a warning.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::drive::{Collector, Measured, Observe};
use super::verify::Count;
use super::{hop_counts, Counters, HopCounts};
use crate::pipeline::backends::collector::Snapshot;
use crate::pipeline::hops::{self, Queryable};
use crate::pipeline::verdict::{Check, Look, Outcome, Scope, Verdict};
use crate::signal::Signal;

/// One signal's figures in the report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SignalReport {
    /// "traces", "metrics", "logs"
    pub signal: String,
    /// "spans", "metric points", "log records"
    pub unit: String,
    pub sent: u64,
    pub accepted: u64,
    pub refused: u64,
    pub failed: u64,
    /// In flight when the run was stopped.
    pub unanswered: u64,
    pub requests: u64,
    /// Traces begun (traces only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traces: Option<u64>,
    /// Items per refusal or failure reason.
    pub reasons: BTreeMap<String, u64>,
    /// Counted in the backend after the settle time (absent with --no-verify or when not asked).
    pub found: Option<u64>,
    /// The backend's count is a lower bound (a search limit was hit).
    pub found_at_least: bool,
    pub lost: u64,
    pub loss_percent: f64,
    /// Items sent per second.
    pub rate: f64,
    /// The collector's counters over the run (all its traffic), when its metrics were readable.
    pub hops: Option<HopCounts>,
}

/// The verdict on a load run.
pub struct Judged {
    pub signals: Vec<SignalReport>,
    pub checks: Vec<Check>,
    /// Every signal sent something and lost no more than --max-loss, and no interrupt came.
    pub passed: bool,
}

pub fn judge(measured: &Measured, observe: &Observe) -> Judged {
    let mut checks = Vec::new();
    let snapshots = match &measured.collector {
        Collector::Read { before, after } => Some((before, after)),
        Collector::Unreadable(e) => {
            checks.push(Check::new(
                "hops",
                Scope::Pipeline,
                Outcome::Skip,
                format!("collector metrics unreadable ({e})"),
            ));
            None
        }
        Collector::NotWatched => None,
    };
    let mut signals = Vec::new();
    let mut passed = !measured.interrupted;
    for (signal, c) in &measured.run.signals {
        let found = measured.found.get(signal);
        let s = signal_report(*signal, c, found, measured.send_time, snapshots);
        let within = s.sent > 0 && s.loss_percent <= observe.max_loss;
        passed &= within;
        checks.extend(signal_checks(*signal, &s, found, within, observe, snapshots));
        signals.push(s);
    }
    Judged { signals, checks, passed }
}

fn unit(signal: Signal) -> &'static str {
    match signal {
        Signal::Traces => "spans",
        Signal::Metrics => "metric points",
        Signal::Logs => "log records",
    }
}

fn signal_report(
    signal: Signal,
    c: &Counters,
    found: Option<&Look<Count>>,
    send_time: Duration,
    snapshots: Option<(&Snapshot, &Snapshot)>,
) -> SignalReport {
    let (sent, accepted) = (c.get(&c.sent), c.get(&c.accepted));
    let count = found.and_then(|look| match &look.verdict {
        Verdict::Found(count) => Some(count),
        _ => None,
    });
    let delivered = match count {
        Some(f) => accepted.min(f.items),
        // Asked, and no count came back: nothing is proven delivered.
        None if found.is_some() => 0,
        None => accepted,
    };
    let lost = sent.saturating_sub(delivered);
    SignalReport {
        signal: signal.name().into(),
        unit: unit(signal).into(),
        sent,
        accepted,
        refused: c.get(&c.refused),
        failed: c.get(&c.failed),
        unanswered: c.get(&c.unanswered),
        requests: c.get(&c.requests),
        traces: (signal == Signal::Traces).then(|| c.get(&c.traces)),
        reasons: c.reasons.lock().map(|r| r.clone()).unwrap_or_default(),
        found: count.map(|f| f.items),
        found_at_least: count.is_some_and(|f| f.at_least),
        lost,
        loss_percent: if sent == 0 { 100.0 } else { (lost as f64 * 100.0 / sent as f64 * 1000.0).round() / 1000.0 },
        rate: (sent as f64 / send_time.as_secs_f64().max(0.001) * 10.0).round() / 10.0,
        hops: snapshots.map(|(b, a)| hop_counts(signal, b, a)),
    }
}

fn signal_checks(
    signal: Signal,
    s: &SignalReport,
    found: Option<&Look<Count>>,
    within: bool,
    observe: &Observe,
    snapshots: Option<(&Snapshot, &Snapshot)>,
) -> Vec<Check> {
    let sig = signal.name();
    let bad = if within { Outcome::Warn } else { Outcome::Fail };
    let mut out = vec![export_check(signal, s, bad)];
    let backend = match signal {
        Signal::Traces => "tempo",
        Signal::Metrics => observe.plan.metrics.name,
        Signal::Logs => "loki",
    };
    let name = format!("load.{sig}.{backend}");
    let mut queryable = Queryable::Yes;
    match found {
        None if !observe.verify => {}
        None => out.push(Check::new(
            &name,
            signal,
            Outcome::Skip,
            "not counted: nothing was accepted or the run was interrupted",
        )),
        Some(Look { verdict: Verdict::Found(f), status, .. }) => {
            let mut c = if f.items >= s.accepted {
                Check::new(
                    &name,
                    signal,
                    Outcome::Pass,
                    format!("{} of {} accepted {} found in {backend}", f.items, s.accepted, s.unit),
                )
            } else {
                queryable = Queryable::No { fix: None, unanswered: None };
                Check::new(
                    &name,
                    signal,
                    bad,
                    format!(
                        "{}{} of {} accepted {} found in {backend} after {}",
                        if f.at_least { "at least " } else { "" },
                        f.items,
                        s.accepted,
                        s.unit,
                        humantime::format_duration(observe.settle)
                    ),
                )
            };
            c.last_query = Some(f.query.clone());
            c.last_status = *status;
            c.curl = Some(f.curl.clone());
            out.push(c);
        }
        Some(look) => {
            let why = look.verdict.why().unwrap_or_default();
            queryable = Queryable::No { fix: None, unanswered: look.status.is_none().then(|| why.to_owned()) };
            out.push(Check::new(&name, signal, bad, format!("could not count in {backend}: {why}")));
        }
    }
    if let Some((b, a)) = snapshots {
        let mut hop = hops::diagnose(signal, b, a, &queryable);
        if hop.outcome == Outcome::Fail && within {
            hop.outcome = Outcome::Warn;
        }
        if let Some(h) = &s.hops {
            hop.detail = format!(
                "{} (receiver accepted {}, refused {}; processors dropped {}; exporters sent {}, failed {})",
                hop.detail,
                h.receiver_accepted,
                h.receiver_refused,
                h.processor_dropped,
                h.exporter_sent,
                h.exporter_failed
            );
        }
        out.push(hop);
    }
    out
}

/// Did the receiver take everything sent.
fn export_check(signal: Signal, s: &SignalReport, bad: Outcome) -> Check {
    let not_taken = s.sent - s.accepted.min(s.sent);
    let reasons = if s.reasons.is_empty() {
        String::new()
    } else {
        format!(": {}", s.reasons.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join("; "))
    };
    let (outcome, detail) = if s.sent == 0 {
        (Outcome::Fail, format!("no {} sent", s.unit))
    } else if not_taken == 0 {
        (Outcome::Pass, format!("{} {} sent, all accepted ({} requests, {}/s)", s.sent, s.unit, s.requests, s.rate))
    } else {
        (
            bad,
            format!(
                "{} {} sent, {} accepted, {} refused, {} failed, {} unanswered{reasons}",
                s.sent, s.unit, s.accepted, s.refused, s.failed, s.unanswered
            ),
        )
    };
    Check::new(&format!("load.{}.export", signal.name()), signal, outcome, detail)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;

    #[test]
    fn loss_counts_what_the_backend_lacks() {
        let c = Counters::default();
        c.sent.store(100, Ordering::Relaxed);
        c.accepted.store(90, Ordering::Relaxed);
        c.refused.store(10, Ordering::Relaxed);
        let count = Count { items: 80, at_least: false, query: String::new(), curl: String::new() };
        let found = Look::new(Verdict::Found(count), Some(200));
        let s = signal_report(Signal::Logs, &c, Some(&found), Duration::from_secs(1), None);
        assert_eq!((s.lost, s.loss_percent), (20, 20.0));
        let s = signal_report(Signal::Logs, &c, None, Duration::from_secs(1), None);
        assert_eq!((s.lost, s.loss_percent), (10, 10.0));
        let unanswered = Look::unanswered(crate::http::NoAnswer::other("connection refused"));
        let s = signal_report(Signal::Logs, &c, Some(&unanswered), Duration::from_secs(1), None);
        assert_eq!((s.lost, s.loss_percent), (100, 100.0));
    }
}
