//! `otelkit canary`: the smoke test, continuously, with its own metrics.
//!
//! Every `--interval` one synthetic run (fresh run id and trace) goes through the pipeline; its
//! checks become counters and histograms served on `/metrics`, and one line on stderr. A run that
//! outlasts the interval delays the next one (never two at once). SIGTERM or Ctrl-C abandons the
//! current run and stops the server at once; the exit status is then 0.

pub mod metrics;
pub mod server;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use serde_json::json;

use crate::commands::context::{block_on, Context};
use crate::error::{hinted, ExitStatus};
use crate::pipeline::smoke;
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{self, Check, Outcome};
use crate::settings::pipeline::CanarySettings;
use server::Shared;

pub fn run(settings: &CanarySettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let log = Log { json: ctx.printer.is_json() };
    // Whatever is still in flight when it stops (the abandoned run, open connections) is
    // dropped, not awaited.
    let status = block_on(2, canary(settings, ctx, &log))?;
    if status.is_ok() {
        log.event("stopped", "canary stopped", json!({}));
    }
    status
}

async fn canary(settings: &CanarySettings, ctx: &Context<'_>, log: &Log) -> anyhow::Result<ExitStatus> {
    // Handlers first: once /healthz answers, SIGTERM is a clean stop, never the default kill.
    let stop = stop_signal()?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await.map_err(|e| {
        hinted(
            format!("--listen {}: {e}", settings.listen),
            "another process holds the port? e.g. --listen 127.0.0.1:9466",
        )
    })?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared::default());
    let server = tokio::spawn({
        let app = server::router(shared.clone());
        async move { axum::serve(listener, app).await }
    });
    log.event(
        "started",
        &format!(
            "canary serving http://{addr}/metrics; a run every {}{}",
            humantime::format_duration(settings.interval),
            settings.count.map(|n| format!(", {n} runs")).unwrap_or_default()
        ),
        json!({ "listen": addr.to_string(), "interval_seconds": settings.interval.as_secs_f64(), "count": settings.count }),
    );
    let status = tokio::select! {
        status = runs(settings, &shared, ctx, log) => status,
        signal = stop => {
            log.event("stopping", &format!("{signal}: stopping (the current run is abandoned)"), json!({ "signal": signal }));
            Ok(ExitStatus::Success)
        }
        served = server_ended(server) => Err(served),
    };
    status
}

async fn server_ended(server: tokio::task::JoinHandle<std::io::Result<()>>) -> anyhow::Error {
    match server.await {
        Ok(Ok(())) => anyhow::anyhow!("the HTTP server stopped"),
        Ok(Err(e)) => anyhow::anyhow!("the HTTP server failed: {e}"),
        Err(e) => anyhow::anyhow!("the HTTP server failed: {e}"),
    }
}

/// Resolves with the signal's name on SIGTERM or SIGINT (Ctrl-C).
fn stop_signal() -> anyhow::Result<impl std::future::Future<Output = &'static str>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        })
    }
}

async fn runs(settings: &CanarySettings, shared: &Shared, ctx: &Context<'_>, log: &Log) -> anyhow::Result<ExitStatus> {
    // The smoke run reports through the metrics and the log line, never spinners or status lines.
    let silent = ctx.printer.silenced();
    // Exports and every signal's polling are bounded by their own timeouts; this only guards
    // against a run that somehow is not.
    let limit = settings.plan.timeout * 2 + Duration::from_secs(30);
    let mut next = Instant::now();
    let mut n: u64 = 0;
    loop {
        n += 1;
        let started = Instant::now();
        let outcome = tokio::time::timeout(limit, smoke::smoke(&settings.plan, false, &silent)).await;
        let took = started.elapsed();
        let finished = SystemTime::now();
        let passed = match outcome {
            Ok((run, checks)) => {
                shared.metrics.record(&checks, took, finished);
                log.run(n, &run, &checks, took);
                verdict::passed(&checks)
            }
            Err(_) => {
                shared.metrics.record_abandoned(took, finished);
                log.event(
                    "run",
                    &format!("run {n} fail: abandoned after {:.1}s", took.as_secs_f64()),
                    json!({ "run": n, "result": "fail", "seconds": took.as_secs_f64(), "abandoned": true }),
                );
                false
            }
        };
        shared.finished.fetch_add(1, Ordering::Relaxed);
        if settings.count.is_some_and(|count| n >= count) {
            return Ok(ExitStatus::from_ok(passed));
        }
        next += settings.interval;
        let now = Instant::now();
        if next < now {
            log.event(
                "overrun",
                &format!(
                    "run {n} took {:.1}s, longer than the {} interval: run {} starts now",
                    took.as_secs_f64(),
                    humantime::format_duration(settings.interval),
                    n + 1
                ),
                json!({ "run": n, "seconds": took.as_secs_f64(), "interval_seconds": settings.interval.as_secs_f64() }),
            );
            next = now;
        }
        tokio::time::sleep_until(next.into()).await;
    }
}

/// One line per event on stderr: human words, or one JSON object with `--format json`.
struct Log {
    json: bool,
}

impl Log {
    fn event(&self, event: &str, human: &str, mut fields: serde_json::Value) {
        let time = humantime::format_rfc3339_millis(SystemTime::now()).to_string();
        if self.json {
            let mut line = json!({ "time": time, "event": event });
            if let (Some(line), Some(extra)) = (line.as_object_mut(), fields.as_object_mut()) {
                line.append(extra);
            }
            crate::printer::write_stderr(format!("{line}\n").as_bytes());
        } else {
            crate::printer::write_stderr(format!("{time} {human}\n").as_bytes());
        }
    }

    fn run(&self, n: u64, run: &SmokeRun, checks: &[Check], took: Duration) {
        let count = |o: Outcome| checks.iter().filter(|c| c.outcome == o).count();
        let result = if verdict::passed(checks) { "pass" } else { "fail" };
        let failed: Vec<&Check> =
            checks.iter().filter(|c| matches!(c.outcome, Outcome::Fail | Outcome::Warn)).collect();
        let mut human = format!(
            "run {n} {result} in {:.2}s: {} pass, {} warn, {} fail, {} skip (trace {})",
            took.as_secs_f64(),
            count(Outcome::Pass),
            count(Outcome::Warn),
            count(Outcome::Fail),
            count(Outcome::Skip),
            run.trace_id
        );
        for c in &failed {
            human.push_str(&format!("; {} {}: {}", c.name, metrics::outcome_word(c.outcome), c.detail));
        }
        self.event(
            "run",
            &human,
            json!({
                "run": n,
                "result": result,
                "seconds": (took.as_secs_f64() * 1000.0).round() / 1000.0,
                "run_id": run.run_id,
                "trace_id": run.trace_id,
                "checks": {
                    "pass": count(Outcome::Pass),
                    "warn": count(Outcome::Warn),
                    "fail": count(Outcome::Fail),
                    "skip": count(Outcome::Skip),
                },
                "problems": failed.iter().map(|c| json!({
                    "check": c.name,
                    "outcome": metrics::outcome_word(c.outcome),
                    "detail": c.detail,
                })).collect::<Vec<_>>(),
            }),
        );
    }
}
