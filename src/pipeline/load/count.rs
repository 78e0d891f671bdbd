//! Counting a load run in the backends after sending: each signal again until its backend shows
//! everything the receiver accepted, or the settle time is up.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use super::payload::{COUNTER, COUNTER_UNIT};
use super::verify::{self, Count};
use super::{LoadSpec, Run};
use crate::naming::{prometheus_name, InstrumentKind};
use crate::pipeline::smoke::Plan;
use crate::pipeline::synthetic::now_nanos;
use crate::pipeline::verdict::{poll, Look, Verdict};
use crate::signal::Signal;

/// A count searches the whole run, which is heavy on a backend: at most one a second per signal.
const EVERY: Duration = Duration::from_secs(1);

/// The last look at each signal's backend: a count (of all accepted items, or of fewer when the
/// settle time ran out) or why there is none. A signal nothing was accepted of is not counted.
pub type Found = BTreeMap<Signal, Look<Count>>;

/// Count every signal that had items accepted, all at once, for up to `settle`.
pub async fn in_backends(
    plan: &Plan,
    spec: &LoadSpec,
    run_id: &str,
    run: &Run,
    settle: Duration,
    sent_for: Duration,
) -> Found {
    let deadline = Instant::now() + settle;
    let now_s = || now_nanos() / 1_000_000_000;
    let start_s = spec.shape.start_unix_nano / 1_000_000_000;
    let window = sent_for.as_secs() + settle.as_secs() + 120;
    let counter = prometheus_name(COUNTER, COUNTER_UNIT, InstrumentKind::Counter, plan.namespace.as_deref());
    let counts = run.signals.iter().filter(|(_, c)| c.get(&c.accepted) > 0).map(|(signal, c)| {
        let (accepted, traces) = (c.get(&c.accepted), c.get(&c.traces));
        let counter = &counter;
        let once = move || async move {
            match signal {
                Signal::Traces => {
                    let spans = spec.shape.spans_per_trace;
                    verify::tempo(&plan.traces, run_id, traces, spans, start_s.saturating_sub(60), now_s() + 60).await
                }
                Signal::Logs => verify::loki(&plan.logs, &plan.service_name, run_id, window, now_s()).await,
                Signal::Metrics => verify::prometheus(&plan.metrics, counter, run_id).await,
            }
        };
        async move { (*signal, until_all(deadline, plan.unreachable_grace, accepted, once).await) }
    });
    futures::future::join_all(counts).await.into_iter().collect()
}

/// Count until the count reaches `accepted`, a count is impossible, or the deadline; a count
/// short of `accepted` at the deadline is the answer, not the "not yet" that kept asking.
async fn until_all<F, Fut>(deadline: Instant, grace: Duration, accepted: u64, once: F) -> Look<Count>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Look<Count>>,
{
    let short: RefCell<Option<Look<Count>>> = RefCell::new(None);
    let asked: Cell<Option<Instant>> = Cell::new(None);
    let (short_ref, asked_ref, once) = (&short, &asked, &once);
    let answer = poll(deadline, grace, || async move {
        if let Some(at) = asked_ref.get() {
            tokio::time::sleep_until((at + EVERY).min(deadline).into()).await;
        }
        asked_ref.set(Some(Instant::now()));
        let look = once().await;
        match &look.verdict {
            Verdict::Found(count) if count.items < accepted => {
                let why = format!("{} of {accepted} counted", count.items);
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
    match answer.verdict {
        Verdict::NotYet(_) => short.into_inner().unwrap_or(answer),
        _ => answer,
    }
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

    fn items(look: &Look<Count>) -> Option<u64> {
        match &look.verdict {
            Verdict::Found(c) => Some(c.items),
            _ => None,
        }
    }

    #[tokio::test]
    async fn a_short_count_at_the_deadline_is_the_answer() {
        let asked = Cell::new(0);
        let look = until_all(Instant::now() + Duration::from_millis(1200), GRACE, 10, || {
            asked.set(asked.get() + 1);
            async { count(7) }
        })
        .await;
        assert_eq!(items(&look), Some(7));
        // At 0 s, 1 s and the deadline (a slow machine may skip the last): not at every poll_interval.
        assert!((2..=3).contains(&asked.get()), "asked {} times", asked.get());
    }

    #[tokio::test]
    async fn a_full_count_ends_it_and_an_error_after_a_short_count_is_the_answer() {
        let look = until_all(Instant::now() + Duration::from_secs(30), GRACE, 10, || async { count(10) }).await;
        assert_eq!(items(&look), Some(10));
        let asked = Cell::new(0);
        let look = until_all(Instant::now() + Duration::from_millis(1200), GRACE, 10, || {
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
        assert_eq!(look.verdict, Verdict::NotYet("connection reset".into()));
    }
}
