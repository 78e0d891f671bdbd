//! `otelkit load`'s engine: workers per signal send pre-built batches at a shared rate and count
//! what the receiver accepted, refused (partial_success, HTTP/gRPC statuses) or never got.

pub mod checks;
pub mod count;
pub mod drive;
mod hops;
pub mod payload;
pub mod verify;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::watch;

pub use self::hops::{hop_counts, HopCounts, TierHops};
use self::payload::{Ids, Scratch, Shape, Template};
use super::otlp::{ExportOutcome, Exporter, OtlpTarget};
use super::synthetic::now_nanos;
use super::verdict::{Check, Outcome, Scope};
use crate::signal::Signal;

/// What to send, how fast, for how long.
#[derive(Debug, Clone)]
pub struct LoadSpec {
    pub targets: Vec<OtlpTarget>,
    /// Items per second of each signal across its workers; 0: as fast as possible.
    pub rate: u64,
    pub duration: Option<Duration>,
    pub count: Option<u64>,
    pub workers: u32,
    pub batch_size: u32,
    pub shape: Shape,
}

/// How often a paced signal sends: a batch is at most what the rate allows in this time.
const TICK: Duration = Duration::from_millis(100);

impl LoadSpec {
    /// Items in each request: `batch_size`, cut to one tick's worth at the rate. A batch larger
    /// than that would send the items of several ticks at once and leave the run's end idle
    /// (500 at 100/s: all in the first 0.4 s of a 3 s run, then nothing). Spans go in whole
    /// traces: a trace is cut where its batch ends.
    fn batch(&self, signal: Signal) -> u64 {
        let batch = u64::from(self.batch_size);
        if self.rate == 0 {
            return batch;
        }
        let per_tick = (u128::from(self.rate) * TICK.as_millis()).div_ceil(1000) as u64;
        let per_tick = match signal {
            Signal::Traces => per_tick.next_multiple_of(u64::from(self.shape.spans_per_trace.max(1))),
            _ => per_tick,
        };
        batch.min(per_tick)
    }

    /// When a paced run's last item's time is up: the end of the duration, or the time the count
    /// takes at the rate. None: as fast as possible, or until stopped.
    fn paced_end(&self, t0: Instant) -> Option<Instant> {
        if self.rate == 0 {
            return None;
        }
        let count = self.count.map(|c| t0 + Duration::from_secs_f64(c as f64 / self.rate as f64));
        count.or(self.duration.map(|d| t0 + d))
    }
}

/// Reasons kept per signal; more distinct ones are folded into "other".
const MAX_REASONS: usize = 20;

/// One signal's tallies, updated by its workers as answers come in.
#[derive(Debug, Default)]
pub struct Counters {
    /// Items in requests that were sent (answered or cut short by a stop).
    pub sent: AtomicU64,
    pub accepted: AtomicU64,
    /// Items the receiver answered it would not take: partial_success, an error status.
    pub refused: AtomicU64,
    /// Items of requests that got no answer: connection refused, timeout, reset.
    pub failed: AtomicU64,
    /// Items of requests still in flight when the run was stopped.
    pub unanswered: AtomicU64,
    pub requests: AtomicU64,
    /// Traces begun (traces only).
    pub traces: AtomicU64,
    /// Metrics only: what the run's counter reads in a backend once the last accepted point of
    /// each series arrived (each series' value at its last accepted batch, summed).
    pub counter_accepted: AtomicU64,
    pub reasons: Mutex<BTreeMap<String, u64>>,
}

impl Counters {
    fn reason(&self, why: String, items: u64) {
        let mut r = self.reasons.lock().unwrap_or_else(|e| e.into_inner());
        let key = if r.len() >= MAX_REASONS && !r.contains_key(&why) { "other reasons".to_owned() } else { why };
        *r.entry(key).or_insert(0) += items;
    }

    pub fn get(&self, c: &AtomicU64) -> u64 {
        c.load(Ordering::Relaxed)
    }
}

/// The run's shared state: one set of counters per signal, and the stop switch.
#[derive(Debug)]
pub struct Run {
    pub signals: Vec<(Signal, Arc<Counters>)>,
    stop: watch::Sender<bool>,
    /// Why the run stopped early: a dead endpoint, an interrupt.
    pub stopped: Mutex<Option<String>>,
    pub interrupted: AtomicBool,
}

impl Run {
    pub fn new(signals: &[Signal]) -> Arc<Self> {
        let (stop, _) = watch::channel(false);
        Arc::new(Self {
            signals: signals.iter().map(|s| (*s, Arc::default())).collect(),
            stop,
            stopped: Mutex::new(None),
            interrupted: AtomicBool::new(false),
        })
    }

    /// Stop every worker; the first reason given is kept.
    pub fn stop(&self, why: impl Into<String>) {
        let mut s = self.stopped.lock().unwrap_or_else(|e| e.into_inner());
        if s.is_none() {
            *s = Some(why.into());
        }
        self.stop.send_replace(true);
    }

    pub fn stopped_why(&self) -> Option<String> {
        self.stopped.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Send until the count or duration is reached or the run is stopped. Returns the time spent.
pub async fn send(spec: &LoadSpec, run: &Arc<Run>) -> Duration {
    let t0 = Instant::now();
    let deadline = spec.duration.map(|d| t0 + d);
    let mut tasks = Vec::new();
    for (signal, counters) in &run.signals {
        let Some(target) = spec.targets.iter().find(|t| t.signal == *signal) else { continue };
        let next = Arc::new(AtomicU64::new(0));
        for w in 0..spec.workers {
            let (spec, target, counters, next, run) =
                (spec.clone(), target.clone(), counters.clone(), next.clone(), run.clone());
            let signal = *signal;
            tasks.push(tokio::spawn(async move {
                worker(signal, w, &spec, &target, &counters, &next, t0, deadline, &run).await
            }));
        }
    }
    for t in tasks {
        let _ = t.await;
    }
    // The last batch stands for the time its items take at the rate: sending ends when that time
    // is up, so the rate reported is the rate kept.
    if let Some(end) = spec.paced_end(t0) {
        let mut stop = run.stop.subscribe();
        tokio::select! {
            _ = tokio::time::sleep_until(end.into()) => {}
            _ = stop.wait_for(|s| *s) => {}
        }
    }
    t0.elapsed()
}

/// An interrupted run proves nothing: its own failed check says so in the table, JUnit and the
/// summary line, as `passed` and the exit status do.
pub fn interrupted(send_time: Duration) -> Check {
    let detail = format!(
        "interrupted after {:.1}s of sending: the figures are what was sent until then, not counted in the backends",
        send_time.as_secs_f64()
    );
    Check::new("load.run", Scope::All, Outcome::Fail, detail)
}

#[allow(clippy::too_many_arguments)]
async fn worker(
    signal: Signal,
    index: u32,
    spec: &LoadSpec,
    target: &OtlpTarget,
    counters: &Counters,
    next: &AtomicU64,
    t0: Instant,
    deadline: Option<Instant>,
    run: &Run,
) {
    let mut stop = run.stop.subscribe();
    let mut exporter = match Exporter::connect(target).await {
        Ok(e) => e,
        Err(why) => {
            run.stop(format!("{}: {why}", signal.name()));
            return;
        }
    };
    let shape = Shape { worker: index, ..spec.shape.clone() };
    let batch = spec.batch(signal);
    let full = shape.template(signal, batch as u32);
    let mut partial: Option<Template> = None;
    let mut ids = Ids::new(now_nanos() ^ (u64::from(index) << 48) ^ ((signal as u64) << 40));
    let mut scratch = Scratch::default();
    let mut buf = Vec::new();
    let mut batches: i64 = 0;
    let mut last_accepted = LastAccepted::default();
    loop {
        if *stop.borrow() {
            break;
        }
        let start = next.fetch_add(batch, Ordering::Relaxed);
        let n = match spec.count {
            Some(c) if start >= c => break,
            Some(c) => batch.min(c - start),
            None => batch,
        };
        if spec.rate > 0 {
            let due = t0 + Duration::from_secs_f64(start as f64 / spec.rate as f64);
            if deadline.is_some_and(|d| due >= d) {
                break;
            }
            tokio::select! {
                _ = tokio::time::sleep_until(due.into()) => {}
                _ = stop.wait_for(|s| *s) => break,
            }
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let template = if n == batch { &full } else { partial.get_or_insert_with(|| shape.template(signal, n as u32)) };
        batches += 1;
        template.fill(&mut buf, &mut ids, &mut scratch, now_nanos(), batches);
        let body = std::mem::replace(&mut buf, Vec::with_capacity(template.encoded_len()));
        counters.traces.fetch_add(template.traces, Ordering::Relaxed);
        let outcome = tokio::select! {
            o = exporter.export(body) => o,
            _ = stop.wait_for(|s| *s) => {
                counters.sent.fetch_add(n, Ordering::Relaxed);
                counters.unanswered.fetch_add(n, Ordering::Relaxed);
                break;
            }
        };
        counters.sent.fetch_add(n, Ordering::Relaxed);
        counters.requests.fetch_add(1, Ordering::Relaxed);
        if signal == Signal::Metrics && matches!(outcome, ExportOutcome::Accepted | ExportOutcome::Partial { .. }) {
            counters.counter_accepted.fetch_add(last_accepted.batch(n, batches as u64), Ordering::Relaxed);
        }
        match outcome {
            ExportOutcome::Accepted => {
                counters.accepted.fetch_add(n, Ordering::Relaxed);
            }
            ExportOutcome::Partial { rejected, message } => {
                let rejected = (rejected.max(0) as u64).min(n);
                counters.accepted.fetch_add(n - rejected, Ordering::Relaxed);
                counters.refused.fetch_add(rejected, Ordering::Relaxed);
                counters.reason(format!("partial success: {message}"), rejected);
            }
            ExportOutcome::Rejected { status, message } => {
                counters.refused.fetch_add(n, Ordering::Relaxed);
                counters.reason(format!("{status}: {message}"), n);
            }
            ExportOutcome::Failed(why) => {
                counters.failed.fetch_add(n, Ordering::Relaxed);
                counters.reason(why.clone(), n);
                // Nothing ever answered: the endpoint is dead or wrong; going on proves nothing.
                let answered = counters.get(&counters.accepted) + counters.get(&counters.refused);
                if answered == 0 && counters.get(&counters.requests) >= 3 {
                    let mut why = format!("{} export to {} failed: {why}", signal.name(), target.url);
                    // The commonest wrong endpoint is the other protocol's port: say so, as smoke-test does.
                    if let Some(hint) = super::otlp::other_protocol_hint(target).await {
                        why = format!("{why}; {hint}");
                    }
                    run.stop(why);
                }
            }
        }
    }
}

/// One worker's metric series (one per slot of its batches): the counter value of each at the
/// last batch accepted with it.
#[derive(Debug, Default)]
struct LastAccepted(Vec<u64>);

impl LastAccepted {
    /// Batch number `value` with slots 0..`slots` was accepted: by how much the sum of the
    /// series' last accepted values grows.
    fn batch(&mut self, slots: u64, value: u64) -> u64 {
        let slots = slots as usize;
        if self.0.len() < slots {
            self.0.resize(slots, 0);
        }
        self.0[..slots].iter_mut().map(|last| value - std::mem::replace(last, value)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(rate: u64, batch_size: u32) -> LoadSpec {
        let shape = Shape {
            resource: Vec::new(),
            attributes: Vec::new(),
            run_id: String::new(),
            spans_per_trace: 3,
            worker: 0,
            start_unix_nano: 0,
        };
        LoadSpec { targets: Vec::new(), rate, duration: None, count: None, workers: 1, batch_size, shape }
    }

    #[test]
    fn a_batch_is_at_most_a_tick_of_the_rate() {
        let batch = |rate, batch_size, signal| spec(rate, batch_size).batch(signal);
        assert_eq!(batch(100, 500, Signal::Logs), 10);
        assert_eq!(batch(1000, 500, Signal::Metrics), 100);
        assert_eq!(batch(5, 500, Signal::Logs), 1);
        assert_eq!(batch(100_000, 500, Signal::Logs), 500);
        assert_eq!(batch(0, 500, Signal::Logs), 500);
        // Whole traces of 3 spans, within --batch-size.
        assert_eq!((batch(100, 500, Signal::Traces), batch(5, 500, Signal::Traces)), (12, 3));
        assert_eq!(batch(100, 2, Signal::Traces), 2);
    }

    #[test]
    fn the_counter_reads_each_series_at_its_last_accepted_batch() {
        let mut last = LastAccepted::default();
        // Batches 1 and 2 of three slots accepted, 3 refused, 4 (a partial one of two) accepted.
        let total = last.batch(3, 1) + last.batch(3, 2) + last.batch(2, 4);
        assert_eq!(total, 4 + 4 + 2);
    }
}
