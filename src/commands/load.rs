//! `otelkit load`: drive a pipeline at a known rate and prove what it lost: at the receiver
//! (refused, failed), in the collector (its own counters before and after) and in the backends.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::commands::Context;
use crate::error::ExitStatus;
use crate::naming::{prometheus_name, InstrumentKind};
use crate::pipeline::backends::collector::{snapshot, Snapshot};
use crate::pipeline::hops::{self, Queryable};
use crate::pipeline::load::payload::{COUNTER, COUNTER_UNIT};
use crate::pipeline::load::{self, verify, Counters, HopCounts, Run};
use crate::pipeline::verdict::{Check, Outcome};
use crate::report;
use crate::settings::load::LoadSettings;
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

/// The `--format json` report of `otelkit load`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LoadReport {
    pub schema_version: u32,
    /// "load"
    pub command: String,
    /// No signal lost more than --max-loss.
    pub passed: bool,
    pub run_id: String,
    pub service_name: String,
    pub max_loss_percent: f64,
    /// Why sending stopped early (interrupt, dead endpoint).
    pub stopped: Option<String>,
    /// Seconds spent sending.
    pub send_seconds: f64,
    /// Wall time of the whole command.
    pub seconds: f64,
    pub signals: Vec<SignalReport>,
    pub checks: Vec<Check>,
}

impl LoadReport {
    /// The JSON Schema of this report, as docs/load-report.schema.json holds it.
    pub fn schema() -> String {
        let schema = schemars::schema_for!(LoadReport);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

fn unit(signal: Signal) -> &'static str {
    match signal {
        Signal::Traces => "spans",
        Signal::Metrics => "metric points",
        Signal::Logs => "log records",
    }
}

fn progress_line(run: &Run, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(0.001);
    run.signals
        .iter()
        .map(|(s, c)| {
            let g = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
            format!(
                "{} sent {} ok {} refused {} failed {} ({:.0}/s)",
                s.name(),
                g(&c.sent),
                g(&c.accepted),
                g(&c.refused),
                g(&c.failed),
                g(&c.sent) as f64 / secs
            )
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

pub fn run(settings: &LoadSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build()?;
    let plan = &settings.plan;
    let run = Run::new(&plan.signals);
    let telemetry_client = match &settings.telemetry {
        Some((_, tls)) => Some(crate::http::client(tls, Duration::from_secs(10))?),
        None => None,
    };
    let (send_time, found, before, after) = runtime.block_on(async {
        let before = match (&settings.telemetry, &telemetry_client) {
            (Some((url, _)), Some(c)) => Some(snapshot(c, url).await),
            _ => None,
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
        let bar = indicatif::ProgressBar::with_draw_target(None, ctx.printer.progress_target());
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
        let send_time = load::send(&settings.spec, &run).await;
        ticker.abort();
        bar.finish_and_clear();
        let any_accepted = run.signals.iter().any(|(_, c)| c.accepted.load(Ordering::Relaxed) > 0);
        let found = if settings.verify && any_accepted && !run.interrupted.load(Ordering::SeqCst) {
            ctx.printer.status(&format!(
                "sent for {:.1}s; counting in the backends (up to {})",
                send_time.as_secs_f64(),
                humantime::format_duration(settings.settle)
            ));
            count_in_backends(settings, &run, send_time).await
        } else {
            BTreeMap::new()
        };
        let after = match (&settings.telemetry, &telemetry_client, &before) {
            (Some((url, _)), Some(c), Some(Ok(_))) => {
                if !settings.verify {
                    // The collector counts an export after its batch processor flushes.
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Some(snapshot(c, url).await)
            }
            _ => None,
        };
        interrupt.abort();
        (send_time, found, before, after)
    });
    // The runtime is dropped here: nothing keeps the process alive after the report.
    drop(runtime);

    let mut signals = Vec::new();
    let mut checks = Vec::new();
    let snapshots: Option<(Snapshot, Snapshot)> = match (before, after) {
        (Some(Ok(b)), Some(Ok(a))) => Some((b, a)),
        (Some(Err(e)), _) | (_, Some(Err(e))) => {
            checks.push(Check::new("hops", "pipeline", Outcome::Skip, format!("collector metrics unreadable ({e})")));
            None
        }
        _ => None,
    };
    let mut passed = true;
    for (signal, c) in &run.signals {
        let s = signal_report(*signal, c, found.get(signal.name()), send_time, snapshots.as_ref());
        let within = s.sent > 0 && s.loss_percent <= settings.max_loss;
        passed &= within;
        checks.extend(signal_checks(&s, found.get(signal.name()), within, settings, snapshots.as_ref(), *signal));
        signals.push(s);
    }
    let stopped = run.stopped_why();
    if run.interrupted.load(Ordering::SeqCst) {
        passed = false;
    }
    let total = started.elapsed();
    if let Some(path) = &settings.junit {
        let junit = report::junit(
            &checks,
            &report::JunitRun {
                suite: "otelkit load",
                class_prefix: "otelkit.load",
                properties: vec![("run_id", settings.run_id.clone()), ("service_name", plan.service_name.clone())],
                total,
            },
        )?;
        crate::output::write_atomic(path, junit.as_bytes()).map_err(|e| anyhow::anyhow!("--junit: {e:#}"))?;
    }
    let report = LoadReport {
        schema_version: report::SCHEMA_VERSION,
        command: "load".into(),
        passed,
        run_id: settings.run_id.clone(),
        service_name: plan.service_name.clone(),
        max_loss_percent: settings.max_loss,
        stopped,
        send_seconds: send_time.as_secs_f64(),
        seconds: total.as_secs_f64(),
        signals,
        checks,
    };
    if ctx.printer.is_json() {
        ctx.printer.json(&serde_json::to_value(&report)?);
    } else {
        print_human(&report, ctx);
    }
    Ok(ExitStatus::from_ok(passed))
}

type Found = BTreeMap<&'static str, Result<verify::Count, String>>;

/// Count each signal in its backend, again every second until it shows everything accepted or
/// the settle time is up.
async fn count_in_backends(settings: &LoadSettings, run: &Run, send_time: Duration) -> Found {
    let plan = &settings.plan;
    let deadline = Instant::now() + settings.settle;
    let now_s = || crate::pipeline::synthetic::now_nanos() / 1_000_000_000;
    let start_s = settings.spec.shape.start_unix_nano / 1_000_000_000;
    let window = send_time.as_secs() + settings.settle.as_secs() + 120;
    let counter = prometheus_name(COUNTER, COUNTER_UNIT, InstrumentKind::Counter, plan.namespace.as_deref());
    let mut found = Found::new();
    loop {
        for (signal, c) in &run.signals {
            let accepted = c.accepted.load(Ordering::Relaxed);
            if found.get(signal.name()).is_some_and(|f| f.as_ref().is_ok_and(|f| f.items >= accepted)) {
                continue;
            }
            if accepted == 0 {
                continue;
            }
            let result = match signal {
                Signal::Traces => {
                    let traces = c.traces.load(Ordering::Relaxed);
                    verify::tempo(
                        &plan.tempo,
                        &settings.run_id,
                        traces,
                        settings.spec.shape.spans_per_trace,
                        start_s.saturating_sub(60),
                        now_s() + 60,
                    )
                    .await
                }
                Signal::Logs => verify::loki(&plan.loki, &plan.service_name, &settings.run_id, window, now_s()).await,
                Signal::Metrics => verify::prometheus(&plan.prometheus, &counter, &settings.run_id).await,
            };
            found.insert(signal.name(), result);
        }
        let done = run.signals.iter().all(|(s, c)| {
            let accepted = c.accepted.load(Ordering::Relaxed);
            accepted == 0 || found.get(s.name()).is_some_and(|f| f.as_ref().is_ok_and(|f| f.items >= accepted))
        });
        if done || Instant::now() >= deadline {
            return found;
        }
        tokio::time::sleep(Duration::from_secs(1).min(deadline.saturating_duration_since(Instant::now()))).await;
    }
}

fn signal_report(
    signal: Signal,
    c: &Counters,
    found: Option<&Result<verify::Count, String>>,
    send_time: Duration,
    snapshots: Option<&(Snapshot, Snapshot)>,
) -> SignalReport {
    let g = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    let (sent, accepted) = (g(&c.sent), g(&c.accepted));
    let found_count = found.and_then(|f| f.as_ref().ok());
    let delivered = match found_count {
        Some(f) => accepted.min(f.items),
        None if found.is_some() => 0,
        None => accepted,
    };
    let lost = sent.saturating_sub(delivered);
    SignalReport {
        signal: signal.name().into(),
        unit: unit(signal).into(),
        sent,
        accepted,
        refused: g(&c.refused),
        failed: g(&c.failed),
        unanswered: g(&c.unanswered),
        requests: g(&c.requests),
        traces: (signal == Signal::Traces).then(|| g(&c.traces)),
        reasons: c.reasons.lock().map(|r| r.clone()).unwrap_or_default(),
        found: found_count.map(|f| f.items),
        found_at_least: found_count.is_some_and(|f| f.at_least),
        lost,
        loss_percent: if sent == 0 { 100.0 } else { (lost as f64 * 100.0 / sent as f64 * 1000.0).round() / 1000.0 },
        rate: (sent as f64 / send_time.as_secs_f64().max(0.001) * 10.0).round() / 10.0,
        hops: snapshots.map(|(b, a)| load::hop_counts(signal, b, a)),
    }
}

fn signal_checks(
    s: &SignalReport,
    found: Option<&Result<verify::Count, String>>,
    within: bool,
    settings: &LoadSettings,
    snapshots: Option<&(Snapshot, Snapshot)>,
    signal: Signal,
) -> Vec<Check> {
    let sig = signal.name();
    let bad = if within { Outcome::Warn } else { Outcome::Fail };
    let mut out = Vec::new();
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
    out.push(Check::new(&format!("load.{sig}.export"), sig, outcome, detail));
    let backend = match signal {
        Signal::Traces => "tempo",
        Signal::Metrics => "prometheus",
        Signal::Logs => "loki",
    };
    let name = format!("load.{sig}.{backend}");
    let mut queryable = Queryable::Yes;
    match found {
        None if !settings.verify => {}
        None => out.push(Check::new(
            &name,
            sig,
            Outcome::Skip,
            "not counted: nothing was accepted or the run was interrupted",
        )),
        Some(Err(e)) => {
            queryable = Queryable::No { fix: None };
            out.push(Check::new(&name, sig, bad, format!("could not count in {backend}: {e}")));
        }
        Some(Ok(f)) => {
            let mut c = if f.items >= s.accepted {
                Check::new(
                    &name,
                    sig,
                    Outcome::Pass,
                    format!("{} of {} accepted {} found in {backend}", f.items, s.accepted, s.unit),
                )
            } else {
                queryable = Queryable::No { fix: None };
                Check::new(
                    &name,
                    sig,
                    bad,
                    format!(
                        "{}{} of {} accepted {} found in {backend} after {}",
                        if f.at_least { "at least " } else { "" },
                        f.items,
                        s.accepted,
                        s.unit,
                        humantime::format_duration(settings.settle)
                    ),
                )
            };
            c.last_query = Some(f.query.clone());
            c.last_status = f.status;
            c.curl = Some(f.curl.clone());
            out.push(c);
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

fn print_human(r: &LoadReport, ctx: &Context) {
    let mut out = format!(
        "{:<8} {:>12} {:>12} {:>10} {:>10} {:>12} {:>10} {:>8} {:>10}\n",
        "signal", "sent", "accepted", "refused", "failed", "found", "lost", "loss%", "rate/s"
    );
    for s in &r.signals {
        let found = match s.found {
            Some(f) => format!("{}{f}", if s.found_at_least { ">=" } else { "" }),
            None => "-".into(),
        };
        out += &format!(
            "{:<8} {:>12} {:>12} {:>10} {:>10} {:>12} {:>10} {:>8.3} {:>10.1}\n",
            s.signal, s.sent, s.accepted, s.refused, s.failed, found, s.lost, s.loss_percent, s.rate
        );
    }
    if let Some(why) = &r.stopped {
        out += &format!("stopped early: {why}\n");
    }
    out += &format!("run {} (service {}), max loss {}%\n\n", r.run_id, r.service_name, r.max_loss_percent);
    ctx.printer.result(&out);
    report::print_human(&r.checks, "load", ctx.printer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loss_counts_what_the_backend_lacks() {
        let c = Counters::default();
        c.sent.store(100, Ordering::Relaxed);
        c.accepted.store(90, Ordering::Relaxed);
        c.refused.store(10, Ordering::Relaxed);
        let found =
            Ok(verify::Count { items: 80, at_least: false, query: String::new(), curl: String::new(), status: None });
        let s = signal_report(Signal::Logs, &c, Some(&found), Duration::from_secs(1), None);
        assert_eq!((s.lost, s.loss_percent), (20, 20.0));
        let s = signal_report(Signal::Logs, &c, None, Duration::from_secs(1), None);
        assert_eq!((s.lost, s.loss_percent), (10, 10.0));
    }
}
