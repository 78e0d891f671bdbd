//! One load run from start to counts: the collector's counters before, sending with a progress
//! line (Ctrl-C stops it and still reports), counting in the backends, the counters after (of
//! each collector tier).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::count::{self, Found, Patience};
use super::{send, LoadSpec, Run};
use crate::http::{self, TlsOptions};
use crate::pipeline::hops::{
    self,
    tiers::{Tier, TierRead},
};
use crate::pipeline::smoke::Plan;
use crate::printer::Printer;

/// How a load run is followed beside sending, and judged.
pub struct Observe<'a> {
    pub plan: &'a Plan,
    pub run_id: &'a str,
    /// Count each signal in its backend after sending.
    pub verify: bool,
    /// The longest the backends get to show everything accepted (a count that stalls ends sooner).
    pub settle: Duration,
    /// The most a signal may lose, in percent of what was sent.
    pub max_loss: f64,
    /// Each collector tier's own metrics page, in pipeline order, read before and after.
    pub telemetry: Option<&'a (Vec<Tier>, TlsOptions)>,
}

/// The collector's own counters over the run.
pub enum Collector {
    /// No metrics page was given.
    NotWatched,
    Unreadable(String),
    /// Every tier's, in pipeline order.
    Read(Vec<TierRead>),
}

/// What a load run measured.
pub struct Measured {
    pub run: Arc<Run>,
    pub send_time: Duration,
    pub found: Found,
    pub collector: Collector,
    pub interrupted: bool,
    /// Why sending stopped early (interrupt, dead endpoint).
    pub stopped: Option<String>,
}

pub async fn measure(spec: &LoadSpec, observe: &Observe<'_>, printer: &Printer) -> anyhow::Result<Measured> {
    let run = Run::new(&observe.plan.signals);
    let telemetry = match observe.telemetry {
        Some((tiers, tls)) => Some((tiers, http::client(tls, Duration::from_secs(10))?)),
        None => None,
    };
    let before = match &telemetry {
        Some((tiers, client)) => Some(hops::read(client, tiers).await),
        None => None,
    };
    let interrupt = {
        let run = run.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                run.interrupted.store(true, Ordering::SeqCst);
                run.stop("interrupted");
            }
        })
    };
    let send_time = send_showing_progress(spec, &run, printer).await;
    let interrupted = run.interrupted.load(Ordering::SeqCst);
    let any_accepted = run.signals.iter().any(|(_, c)| c.get(&c.accepted) > 0);
    let found = if observe.verify && any_accepted && !interrupted {
        let patience = Patience::of(observe.settle);
        printer.status(&format!(
            "sent for {:.1}s; counting in the backends until all is shown, a count stops growing for {} (stays at 0 for {}), or {}",
            send_time.as_secs_f64(),
            humantime::format_duration(patience.stall),
            humantime::format_duration(patience.first),
            humantime::format_duration(observe.settle)
        ));
        count::in_backends(observe.plan, spec, observe.run_id, &run, patience, send_time).await
    } else {
        Found::new()
    };
    let collector = match (&telemetry, before) {
        (Some((tiers, client)), Some(Ok(before))) => {
            if !observe.verify {
                // The collector counts an export after its batch processor flushes.
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            match hops::read(client, tiers).await {
                Ok(after) => Collector::Read(hops::pair(tiers, before, after)),
                Err(e) => Collector::Unreadable(e),
            }
        }
        (_, Some(Err(e))) => Collector::Unreadable(e),
        _ => Collector::NotWatched,
    };
    interrupt.abort();
    let interrupted = run.interrupted.load(Ordering::SeqCst);
    let stopped = run.stopped_why();
    Ok(Measured { run, send_time, found, collector, interrupted, stopped })
}

async fn send_showing_progress(spec: &LoadSpec, run: &Arc<Run>, printer: &Printer) -> Duration {
    let bar = indicatif::ProgressBar::with_draw_target(None, printer.progress_target());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    let ticker = {
        let (run, bar) = (run.clone(), bar.clone());
        let t0 = Instant::now();
        tokio::spawn(async move {
            loop {
                bar.set_message(progress_line(&run, t0.elapsed()));
                bar.tick();
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    };
    let send_time = send(spec, run).await;
    ticker.abort();
    bar.finish_and_clear();
    send_time
}

fn progress_line(run: &Run, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(0.001);
    run.signals
        .iter()
        .map(|(s, c)| {
            format!(
                "{} sent {} ok {} refused {} failed {} ({:.0}/s)",
                s.name(),
                c.get(&c.sent),
                c.get(&c.accepted),
                c.get(&c.refused),
                c.get(&c.failed),
                c.get(&c.sent) as f64 / secs
            )
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
