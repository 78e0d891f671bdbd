//! Counting a load run in the backends after sending: each signal again until its backend shows
//! everything the receiver accepted, its count stops growing, or the settle time is up. A search
//! index shows a run late and bit by bit (Tempo 3.1: 0 of 2,000 traces 10 s after sending, all at
//! ~55 s, while trace-by-id answers at once), so a short count is only an answer once it stalls.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::payload::{COUNTER, COUNTER_UNIT};
use super::verify::{self, Count};
use super::{LoadSpec, Run};
use crate::naming::{label_name, prometheus_name, InstrumentKind};
use crate::pipeline::smoke::Plan;
use crate::pipeline::synthetic::{now_nanos, RUN_ATTRIBUTE};
use crate::pipeline::verdict::{poll, Look, Verdict};
use crate::signal::Signal;
use crate::stores::{LogStore, MetricStore, TraceStore};

/// A count searches the whole run, which is heavy on a backend: at most one a second per signal.
const EVERY: Duration = Duration::from_secs(1);

/// Fewer polls than this without growth prove nothing: one slow flush can skip a second.
const SHORTEST_STALL: Duration = Duration::from_secs(3);

/// How long a short count may stand still before it is the answer, from `--settle`: a count that
/// has not grown for an eighth of it (15 s of the default 2 min), or is still 0 after half of it
/// (1 min: Tempo shows nothing for half a minute), has stalled; what it lacks is lost.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Patience {
    pub settle: Duration,
    /// A count above 0 that has not grown this long has stalled.
    pub stall: Duration,
    /// A count still at 0 this long after counting began has stalled.
    pub first: Duration,
}

impl Patience {
    pub fn of(settle: Duration) -> Self {
        let stall = (settle / 8).max(SHORTEST_STALL).min(settle);
        Self { settle, stall, first: (settle / 2).max(stall).min(settle) }
    }
}

/// Why a signal's counting ended with a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The backend showed everything.
    All,
    /// The count stopped growing (or never left 0) for its window: what it lacks is lost.
    Stalled,
    /// The settle time ran out while the count could still grow: what it lacks is not yet
    /// visible, neither proven lost nor proven delivered.
    TimeUp,
}

/// The last look at a signal's backend, why counting ended, and after how long.
#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    /// A count (of everything, or of less when it stalled or the time ran out) or why there is none.
    pub look: Look<Count>,
    pub ended: Ended,
    pub after: Duration,
    /// What a full count reads: items accepted, or for metrics the value the run's counter
    /// reaches once the last accepted point of each series arrived.
    pub target: u64,
}

/// Each counted signal; a signal nothing was accepted of is not counted.
pub type Found = BTreeMap<Signal, Counted>;

/// Count every signal that had items accepted, all at once, for up to `patience.settle`.
pub async fn in_backends(
    plan: &Plan,
    spec: &LoadSpec,
    run_id: &str,
    run: &Run,
    patience: Patience,
    sent_for: Duration,
) -> Found {
    let deadline = Instant::now() + patience.settle;
    let now_s = || now_nanos() / 1_000_000_000;
    let start_s = spec.shape.start_unix_nano / 1_000_000_000;
    let window = sent_for.as_secs() + patience.settle.as_secs() + 120;
    let counter = prometheus_name(COUNTER, COUNTER_UNIT, InstrumentKind::Counter, plan.namespace.as_deref());
    // VictoriaMetrics' OTLP ingest keeps the name as it is unless told to write Prometheus names.
    let vm_counters = &[
        (COUNTER.to_owned(), RUN_ATTRIBUTE.to_owned()),
        (prometheus_name(COUNTER, COUNTER_UNIT, InstrumentKind::Counter, None), label_name(RUN_ATTRIBUTE)),
    ];
    let counts = run.signals.iter().filter(|(_, c)| c.get(&c.accepted) > 0).map(|(signal, c)| {
        let traces = c.get(&c.traces);
        let target = match signal {
            Signal::Metrics => c.get(&c.counter_accepted),
            _ => c.get(&c.accepted),
        };
        let counter = &counter;
        let once = move || async move {
            match signal {
                Signal::Traces => {
                    let spans = spec.shape.spans_per_trace;
                    let (start, end) = (start_s.saturating_sub(60), now_s() + 60);
                    match plan.stores.traces {
                        TraceStore::Tempo => verify::tempo(&plan.traces, run_id, traces, spans, start, end).await,
                        TraceStore::Jaeger => {
                            let (service, micros) = (&plan.service_name, |s: u64| s * 1_000_000);
                            let sent = (traces, spans);
                            verify::jaeger(&plan.traces, service, run_id, sent, micros(start), micros(end)).await
                        }
                    }
                }
                Signal::Logs => match plan.stores.logs {
                    LogStore::Loki => verify::loki(&plan.logs, &plan.service_name, run_id, window, now_s()).await,
                    LogStore::VictoriaLogs => {
                        verify::victorialogs(&plan.logs, &plan.service_name, run_id, window, now_s()).await
                    }
                },
                Signal::Metrics => match plan.stores.metrics {
                    MetricStore::Prometheus => verify::prometheus(&plan.metrics, counter, run_id).await,
                    MetricStore::VictoriaMetrics => verify::victoriametrics(&plan.metrics, vm_counters, run_id).await,
                },
            }
        };
        async move { (*signal, until_all(deadline, plan.unreachable_grace, target, patience, once).await) }
    });
    futures::future::join_all(counts).await.into_iter().collect()
}

/// Count until the count reaches `target`, stalls, a count is impossible, or the deadline; a
/// short count that stalled or was standing at the deadline is the answer, not the "not yet"
/// that kept asking.
async fn until_all<F, Fut>(deadline: Instant, grace: Duration, target: u64, patience: Patience, once: F) -> Counted
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Look<Count>>,
{
    let started = Instant::now();
    let short: RefCell<Option<Look<Count>>> = RefCell::new(None);
    let asked: Cell<Option<Instant>> = Cell::new(None);
    // The most counted so far and since when.
    let most: Cell<(u64, Instant)> = Cell::new((0, started));
    let stalled = Cell::new(false);
    let (short_ref, asked_ref, most_ref, stalled_ref, once) = (&short, &asked, &most, &stalled, &once);
    let answer = poll(deadline, grace, || async move {
        if let Some(at) = asked_ref.get() {
            tokio::time::sleep_until((at + EVERY).min(deadline).into()).await;
        }
        asked_ref.set(Some(Instant::now()));
        let look = once().await;
        match &look.verdict {
            Verdict::Found(count) if count.items < target => {
                let (items, since) = most_ref.get();
                if count.items > items {
                    most_ref.set((count.items, Instant::now()));
                }
                let window = if count.items == 0 { patience.first } else { patience.stall };
                // A zero window (`--settle 0`) never stalls: nothing was waited for.
                if count.items <= items && !window.is_zero() && since.elapsed() >= window {
                    stalled_ref.set(true);
                    return look;
                }
                let why = format!("{} of {target} counted", count.items);
                let status = look.status;
                short_ref.replace(Some(look));
                Look::new(Verdict::NotYet(why), status)
            }
            _ => {
                short_ref.replace(None);
                look
            }
        }
    })
    .await;
    let (look, ended) = match answer.verdict {
        Verdict::Found(_) if stalled.get() => (answer, Ended::Stalled),
        Verdict::Found(_) => (answer, Ended::All),
        Verdict::NotYet(_) => (short.into_inner().unwrap_or(answer), Ended::TimeUp),
        _ => (answer, Ended::TimeUp),
    };
    Counted { look, ended, after: started.elapsed(), target }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::NoAnswer;

    const GRACE: Duration = Duration::from_secs(5);

    fn count(items: u64) -> Look<Count> {
        let count = Count { items, at_least: false, query: String::new(), curl: String::new() };
        Look::new(Verdict::Found(count), Some(200))
    }

    fn items(counted: &Counted) -> Option<u64> {
        match &counted.look.verdict {
            Verdict::Found(c) => Some(c.items),
            _ => None,
        }
    }

    fn patient(settle: Duration) -> (Instant, Patience) {
        (Instant::now() + settle, Patience::of(settle))
    }

    #[test]
    fn patience_scales_with_the_settle_time() {
        let p = Patience::of(Duration::from_secs(120));
        assert_eq!((p.stall, p.first), (Duration::from_secs(15), Duration::from_secs(60)));
        let p = Patience::of(Duration::from_secs(8));
        assert_eq!((p.stall, p.first), (Duration::from_secs(3), Duration::from_secs(4)));
        let p = Patience::of(Duration::from_secs(2));
        assert_eq!((p.stall, p.first), (Duration::from_secs(2), Duration::from_secs(2)));
        assert_eq!(Patience::of(Duration::ZERO).stall, Duration::ZERO);
    }

    #[tokio::test]
    async fn a_short_count_still_standing_at_the_deadline_is_not_yet_visible() {
        let asked = Cell::new(0);
        let (deadline, _) = patient(Duration::from_millis(1200));
        let patience = Patience::of(Duration::from_secs(60));
        let counted = until_all(deadline, GRACE, 10, patience, || {
            asked.set(asked.get() + 1);
            async { count(7) }
        })
        .await;
        assert_eq!((items(&counted), counted.ended), (Some(7), Ended::TimeUp));
        // At 0 s, 1 s and the deadline (a slow machine may skip the last): not at every poll_interval.
        assert!((2..=3).contains(&asked.get()), "asked {} times", asked.get());
    }

    #[tokio::test]
    async fn a_count_that_grows_is_waited_for_and_one_that_stops_short_has_stalled() {
        // Grows by 2 a second from 0 (shown after the second look) to 10: all, though slower
        // than the stall window would allow a standing count.
        let asked = Cell::new(0u64);
        let (deadline, patience) = patient(Duration::from_secs(30));
        let counted =
            until_all(deadline, GRACE, 10, Patience { stall: Duration::from_millis(1500), ..patience }, || {
                asked.set(asked.get() + 1);
                let n = asked.get().saturating_sub(2) * 2;
                async move { count(n.min(10)) }
            })
            .await;
        assert_eq!((items(&counted), counted.ended), (Some(10), Ended::All));
        // Stops at 6: stalled once it stood still for the window, long before the deadline.
        let asked = Cell::new(0u64);
        let counted =
            until_all(deadline, GRACE, 10, Patience { stall: Duration::from_millis(1500), ..patience }, || {
                asked.set(asked.get() + 1);
                let n = (asked.get() * 2).min(6);
                async move { count(n) }
            })
            .await;
        assert_eq!((items(&counted), counted.ended), (Some(6), Ended::Stalled));
        assert!(counted.after < Duration::from_secs(8), "{:?}", counted.after);
    }

    #[tokio::test]
    async fn a_count_still_at_zero_waits_the_first_sight_window() {
        let (deadline, _) = patient(Duration::from_secs(30));
        let patience = Patience {
            settle: Duration::from_secs(30),
            stall: Duration::from_millis(500),
            first: Duration::from_secs(2),
        };
        let counted = until_all(deadline, GRACE, 10, patience, || async { count(0) }).await;
        assert_eq!((items(&counted), counted.ended), (Some(0), Ended::Stalled));
        assert!(counted.after >= Duration::from_secs(2), "{:?}", counted.after);
    }

    #[tokio::test]
    async fn a_full_count_ends_it_and_an_error_after_a_short_count_is_the_answer() {
        let (deadline, patience) = patient(Duration::from_secs(30));
        let counted = until_all(deadline, GRACE, 10, patience, || async { count(10) }).await;
        assert_eq!((items(&counted), counted.ended, counted.target), (Some(10), Ended::All, 10));
        let asked = Cell::new(0);
        let (deadline, patience) = patient(Duration::from_millis(1200));
        let counted = until_all(deadline, GRACE, 10, patience, || {
            asked.set(asked.get() + 1);
            let first = asked.get() == 1;
            async move {
                if first {
                    count(4)
                } else {
                    Look::unanswered(NoAnswer::other("connection reset"))
                }
            }
        })
        .await;
        assert_eq!(counted.look.verdict, Verdict::NotYet("connection reset".into()));
    }
}
