//! Judging a load run: each signal's figures (sent, accepted, found, lost) and its checks: the
//! export, the count in its backend, the hops through the collector. A signal passes when it
//! lost (or left not yet visible) no more than --max-loss; a shortfall within it is a warning.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::count::{Counted, Ended, Patience};
use super::drive::{Collector, Measured, Observe};
use super::verify::Count;
use super::{hop_counts, Counters, HopCounts, TierHops};
use crate::pipeline::hops::tiers::{diagnose_tiers, named, Shown, TierRead};
use crate::pipeline::hops::{hinted, Queryable};
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
    /// Accepted items the backend's count accounts for (absent with --no-verify or when not
    /// asked). Metrics: the accepted points the run's counter accounts for (see `counter`).
    pub found: Option<u64>,
    /// The backend's count is a lower bound (a search limit was hit).
    pub found_at_least: bool,
    /// Metrics: the run's cumulative counter as the backend reads it, summed over its series. It
    /// shows each series' last point, not points lost before it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter: Option<u64>,
    /// Metrics: what `counter` reads once the last accepted point of each series arrived.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counter_expected: Option<u64>,
    /// Seconds spent counting in the backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counted_seconds: Option<f64>,
    /// Accepted items the backend did not show when the settle time ran out while its count could
    /// still grow: neither lost nor proven delivered (a longer --settle tells). Not in `lost`.
    pub not_visible: u64,
    /// Items not taken by the receiver, or accepted and missing from a backend count that
    /// stopped growing (or could not be made).
    pub lost: u64,
    pub loss_percent: f64,
    /// Items sent per second.
    pub rate: f64,
    /// The collector's counters over the run (all its traffic), when its metrics were readable;
    /// with several tiers, the first's.
    pub hops: Option<HopCounts>,
    /// Each tier's counters in pipeline order, when tiers are named (`--telemetry-url agent=URL`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<TierHops>>,
}

impl SignalReport {
    /// Lost and not yet visible together, in percent of sent: what --max-loss allows.
    pub fn unproven_percent(&self) -> f64 {
        percent(self.lost + self.not_visible, self.sent)
    }
}

fn percent(part: u64, of: u64) -> f64 {
    if of == 0 {
        100.0
    } else {
        (part as f64 * 100.0 / of as f64 * 1000.0).round() / 1000.0
    }
}

/// The verdict on a load run.
pub struct Judged {
    pub signals: Vec<SignalReport>,
    pub checks: Vec<Check>,
    /// Every signal sent something and lost (or left not yet visible) no more than --max-loss,
    /// and no interrupt came.
    pub passed: bool,
}

pub fn judge(measured: &Measured, observe: &Observe) -> Judged {
    let mut checks = Vec::new();
    if measured.interrupted {
        checks.push(super::interrupted(measured.send_time));
    }
    let snapshots = match &measured.collector {
        Collector::Read(tiers) => Some(tiers.as_slice()),
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
        let within = s.sent > 0 && s.unproven_percent() <= observe.max_loss;
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

/// The accepted items a count accounts for. A metric series' last value stands for all its
/// points: a reading short of the target by N is at most N points missing at the series' ends.
fn accounted(signal: Signal, accepted: u64, counted: &Counted, count: &Count) -> u64 {
    match signal {
        Signal::Metrics => accepted.saturating_sub(counted.target.saturating_sub(count.items)),
        _ => accepted.min(count.items),
    }
}

fn signal_report(
    signal: Signal,
    c: &Counters,
    found: Option<&Counted>,
    send_time: Duration,
    snapshots: Option<&[TierRead]>,
) -> SignalReport {
    let (sent, accepted) = (c.get(&c.sent), c.get(&c.accepted));
    let count = found.and_then(|counted| match &counted.look.verdict {
        Verdict::Found(count) => Some((counted, count)),
        _ => None,
    });
    let proven = count.map(|(counted, count)| accounted(signal, accepted, counted, count));
    // What is not lost, and what of that is not yet visible.
    let (kept, not_visible) = match (found, proven) {
        (None, _) => (accepted, 0),
        (Some(counted), Some(p)) if counted.ended == Ended::TimeUp => (accepted, accepted - p),
        (Some(_), Some(p)) => (p, 0),
        // Asked, and no count came back: nothing is proven delivered.
        (Some(_), None) => (0, 0),
    };
    let lost = sent.saturating_sub(kept);
    let metrics = signal == Signal::Metrics;
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
        found: proven,
        found_at_least: count.is_some_and(|(_, f)| f.at_least),
        counter: count.filter(|_| metrics).map(|(_, f)| f.items),
        counter_expected: found.filter(|_| metrics).map(|counted| counted.target),
        counted_seconds: found.map(|counted| (counted.after.as_secs_f64() * 10.0).round() / 10.0),
        not_visible,
        lost,
        loss_percent: percent(lost, sent),
        rate: (sent as f64 / send_time.as_secs_f64().max(0.001) * 10.0).round() / 10.0,
        hops: snapshots.and_then(|t| t.first()).map(|t| hop_counts(signal, &t.before, &t.after)),
        tiers: snapshots.filter(|t| named(t)).map(|tiers| tiers.iter().map(|t| TierHops::of(signal, t)).collect()),
    }
}

fn signal_checks(
    signal: Signal,
    s: &SignalReport,
    found: Option<&Counted>,
    within: bool,
    observe: &Observe,
    snapshots: Option<&[TierRead]>,
) -> Vec<Check> {
    let sig = signal.name();
    let bad = if within { Outcome::Warn } else { Outcome::Fail };
    let mut out = vec![export_check(signal, s, bad)];
    let plan = observe.plan;
    let backend = match signal {
        Signal::Traces => plan.traces.name,
        Signal::Metrics => plan.metrics.name,
        Signal::Logs => plan.logs.name,
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
        Some(counted @ Counted { look: Look { verdict: Verdict::Found(f), status, .. }, .. }) => {
            let all = counted.ended == Ended::All;
            // Some found: the names match, whatever the backend does with the rest.
            if f.items == 0 {
                queryable = Queryable::No { fix: None, unanswered: None };
            }
            let detail = count_detail(s, counted, f, backend, Patience::of(observe.settle));
            let mut c = Check::new(&name, signal, if all { Outcome::Pass } else { bad }, detail);
            c.last_query = Some(f.query.clone());
            c.last_status = *status;
            c.curl = Some(f.curl.clone());
            out.push(c);
        }
        Some(Counted { look, .. }) => {
            let why = look.verdict.why().unwrap_or_default();
            queryable = Queryable::No { fix: None, unanswered: look.status.is_none().then(|| why.to_owned()) };
            out.push(Check::new(&name, signal, bad, format!("could not count in {backend}: {why}")));
        }
    }
    if let Some(tiers) = snapshots {
        // Only a count that stopped growing (or showed all) proves a shortfall.
        let proven = found.is_some_and(|counted| counted.ended != Ended::TimeUp);
        let shown = s.found.filter(|_| proven).map(|found| Shown { accepted: s.accepted, found });
        let mut hop = hinted(diagnose_tiers(signal, tiers, &queryable, shown), plan, tiers);
        if hop.outcome == Outcome::Fail && within {
            hop.outcome = Outcome::Warn;
        }
        let counts = match (&s.tiers, &s.hops) {
            (Some(t), _) => {
                t.iter().map(|t| format!("{}: {}", t.tier, t.counts.summary())).collect::<Vec<_>>().join("; ")
            }
            (None, Some(h)) => h.summary(),
            (None, None) => String::new(),
        };
        hop.detail = format!("{} ({counts})", hop.detail);
        out.push(hop);
    }
    out
}

/// What a count shows, in the words of its signal: items found, or for metrics the counter's
/// reading and what it proves; and for a short count whether the rest is lost or not yet visible.
fn count_detail(s: &SignalReport, counted: &Counted, f: &Count, backend: &str, patience: Patience) -> String {
    let after = humantime::format_duration(Duration::from_millis(counted.after.as_millis() as u64 / 100 * 100));
    let (accepted, unit) = (s.accepted, &s.unit);
    let missing = accepted - s.found.unwrap_or_default().min(accepted);
    let seen = if s.signal == Signal::Metrics.name() {
        let reads = format!(
            "the run's counter reads {} in {backend}, {} once each series' last accepted point arrived",
            f.items, counted.target
        );
        let proves = "a cumulative counter shows each series' last point, not points lost before it";
        if counted.ended == Ended::All {
            return format!("{reads}: all {accepted} accepted {unit} accounted for ({proves})");
        }
        format!("{reads}: up to {missing} {unit} missing at the series' ends ({proves})")
    } else {
        let at_least = if f.at_least { "at least " } else { "" };
        let seen = format!("{at_least}{} of {accepted} accepted {unit} found in {backend}", f.items);
        if counted.ended == Ended::All {
            return format!("{seen} after {after}");
        }
        seen
    };
    match counted.ended {
        Ended::TimeUp => format!(
            "{seen}; {missing} not yet visible after {after} (--settle ran out before the count stopped growing): not proven lost; a longer --settle tells"
        ),
        _ if f.items == 0 => {
            format!("{seen}; nothing showed in {}: {missing} lost", humantime::format_duration(patience.first))
        }
        _ => format!(
            "{seen}; the count stopped growing for {}: {missing} lost",
            humantime::format_duration(patience.stall)
        ),
    }
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

    fn counters(sent: u64, accepted: u64) -> Counters {
        let c = Counters::default();
        c.sent.store(sent, Ordering::Relaxed);
        c.accepted.store(accepted, Ordering::Relaxed);
        c.refused.store(sent - accepted, Ordering::Relaxed);
        c
    }

    fn counted(items: u64, ended: Ended, target: u64) -> Counted {
        let count = Count { items, at_least: false, query: String::new(), curl: String::new() };
        Counted { look: Look::new(Verdict::Found(count), Some(200)), ended, after: Duration::from_secs(12), target }
    }

    fn report(signal: Signal, c: &Counters, found: Option<&Counted>) -> SignalReport {
        signal_report(signal, c, found, Duration::from_secs(1), None)
    }

    #[test]
    fn loss_counts_what_the_backend_lacks_once_its_count_stalled() {
        let c = counters(100, 90);
        let s = report(Signal::Logs, &c, Some(&counted(80, Ended::Stalled, 90)));
        assert_eq!((s.lost, s.loss_percent, s.not_visible, s.found), (20, 20.0, 0, Some(80)));
        let s = report(Signal::Logs, &c, None);
        assert_eq!((s.lost, s.loss_percent), (10, 10.0));
        let unanswered = Counted {
            look: Look::unanswered(crate::http::NoAnswer::other("connection refused")),
            ..counted(0, Ended::TimeUp, 90)
        };
        let s = report(Signal::Logs, &c, Some(&unanswered));
        assert_eq!((s.lost, s.loss_percent), (100, 100.0));
    }

    #[test]
    fn a_count_cut_short_by_the_settle_time_is_not_yet_visible_not_lost() {
        let c = counters(2000, 2000);
        let s = report(Signal::Traces, &c, Some(&counted(600, Ended::TimeUp, 2000)));
        assert_eq!((s.lost, s.not_visible, s.found, s.unproven_percent()), (0, 1400, Some(600), 70.0));
        let detail = |ended| {
            count_detail(
                &s,
                &counted(600, ended, 2000),
                &count_of(600),
                "tempo",
                Patience::of(Duration::from_secs(120)),
            )
        };
        assert!(detail(Ended::TimeUp).contains("1400 not yet visible after 12s"), "{}", detail(Ended::TimeUp));
        assert!(detail(Ended::Stalled).ends_with("stopped growing for 15s: 1400 lost"), "{}", detail(Ended::Stalled));
    }

    fn count_of(items: u64) -> Count {
        Count { items, at_least: false, query: String::new(), curl: String::new() }
    }

    #[test]
    fn a_cumulative_counter_accounts_for_accepted_points_not_for_lost_ones() {
        // 10000 sent, 7000 refused early on; the series' last (accepted) values read 10000.
        let c = counters(10_000, 3000);
        let full = counted(10_000, Ended::All, 10_000);
        let s = report(Signal::Metrics, &c, Some(&full));
        assert_eq!((s.found, s.counter, s.counter_expected, s.lost), (Some(3000), Some(10_000), Some(10_000), 7000));
        let detail = count_detail(&s, &full, &count_of(10_000), "prometheus", Patience::of(Duration::from_secs(120)));
        assert!(detail.contains("reads 10000 in prometheus, 10000 once"), "{detail}");
        assert!(detail.contains("all 3000 accepted metric points accounted for"), "{detail}");
        // Read 400 short and standing: at most 400 points missing, at the series' ends.
        let short = counted(9600, Ended::Stalled, 10_000);
        let s = report(Signal::Metrics, &c, Some(&short));
        assert_eq!((s.found, s.lost), (Some(2600), 7400));
        let detail = count_detail(&s, &short, &count_of(9600), "prometheus", Patience::of(Duration::from_secs(120)));
        assert!(detail.contains("up to 400 metric points missing"), "{detail}");
    }
}
