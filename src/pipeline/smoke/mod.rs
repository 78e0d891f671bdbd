//! The synthetic run end to end: export every signal, then find each in its backend and check
//! that all of them point at the same trace.

mod logs;
mod metrics;
mod traces;

use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use prost::Message;

use super::backends::{loki, query_string, tempo, Backend};
use super::compare::{correlate, Evidence};
use super::otlp::{self, ExportOutcome, OtlpTarget, Protocol};
use super::synthetic::SmokeRun;
use super::verdict::{Check, Outcome};
use crate::printer::Printer;
use crate::signal::Signal;
use crate::stores::Stores;
use logs::verify_logs;
use metrics::verify_metrics;
use traces::verify_traces;

/// Everything a run needs, resolved and validated before anything is sent.
pub struct Plan {
    pub service_name: String,
    pub resource: Vec<(String, String)>,
    pub signals: Vec<Signal>,
    pub targets: Vec<OtlpTarget>,
    /// Which server stores each signal: `traces`, `logs` and `metrics` are their query APIs.
    pub stores: Stores,
    pub traces: Backend,
    pub logs: Backend,
    pub metrics: Backend,
    pub namespace: Option<String>,
    /// The collector sends metrics to Prometheus's own OTLP receiver (otelkit.toml's
    /// `[collector] metrics = "otlp"`): doctor then needs the receiver on, and no scrape.
    pub metrics_via_otlp: bool,
    pub timeout: Duration,
    /// How long a backend no connection is made to is waited for (see `verdict::poll`).
    pub unreachable_grace: Duration,
    pub run_id: Option<String>,
}

/// Emit, then verify every selected signal concurrently. Returns the run and its checks.
pub async fn smoke(plan: &Plan, explain: bool, printer: &Printer) -> (SmokeRun, Vec<Check>) {
    let run = SmokeRun::new(&plan.service_name, plan.run_id.as_deref(), plan.resource.clone());
    printer.status(&format!("smoke run {} trace_id {} service {}", run.run_id, run.trace_id, run.service_name));
    if explain {
        for line in explain_lines(plan, &run) {
            printer.status(&line);
        }
    }
    let multi = MultiProgress::with_draw_target(printer.progress_target());
    let style = ProgressStyle::with_template("{spinner} {prefix:<8} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let bar = |signal: Signal| {
        let b = multi.add(ProgressBar::new_spinner().with_style(style.clone()).with_prefix(signal.name()));
        b.enable_steady_tick(Duration::from_millis(120));
        b.set_message("exporting");
        b
    };

    // Export all signals at once; the clock for visibility starts when each export returns.
    let run_ref = &run;
    let exports = futures::future::join_all(plan.targets.iter().map(|t| async move {
        let outcome = otlp::export_once(t, request(run_ref, t.signal)).await;
        (t, outcome, Instant::now())
    }))
    .await;

    // A failed export to a port that speaks the other protocol says so, with the fix.
    let hints = futures::future::join_all(exports.iter().map(|(target, outcome, _)| async move {
        match outcome {
            ExportOutcome::Accepted | ExportOutcome::Partial { .. } => None,
            _ => otlp::other_protocol_hint(target).await,
        }
    }))
    .await;
    let mut checks = Vec::new();
    let deadline = Instant::now() + plan.timeout;
    let mut verifications = Vec::new();
    for ((target, outcome, exported_at), hint) in exports.iter().zip(hints) {
        let name = format!("export.{}", target.signal.name());
        let mut check = Check::new(
            &name,
            target.signal,
            if outcome.ok() { Outcome::Pass } else { Outcome::Fail },
            format!("{} to {}", outcome.describe(), target.url),
        );
        if !outcome.ok() {
            check.detail = format!("export {}: {}", target.url, outcome.describe());
            if let Some(hint) = hint {
                check.detail = format!("{}; {hint}", check.detail);
            }
        }
        checks.push(check);
        let pb = bar(target.signal);
        verifications.push((target.signal, outcome.clone(), *exported_at, pb));
    }

    let verified = futures::future::join_all(verifications.into_iter().map(|(signal, outcome, exported_at, pb)| {
        let run = &run;
        async move {
            let result = if !outcome.ok() {
                let name = match signal {
                    Signal::Traces => "tempo.trace",
                    Signal::Metrics => "prometheus.metrics",
                    Signal::Logs => "loki.logs",
                };
                let check = Check::new(name, signal, Outcome::Skip, "not exported");
                (vec![check], Evidence::default())
            } else {
                pb.set_message("waiting to be queryable");
                match signal {
                    Signal::Traces => verify_traces(plan, run, exported_at, deadline).await,
                    Signal::Logs => verify_logs(plan, run, exported_at, deadline).await,
                    Signal::Metrics => verify_metrics(plan, run, exported_at, deadline).await,
                }
            };
            let word = if result.0.iter().any(|c| c.outcome == Outcome::Fail) { "failed" } else { "done" };
            pb.finish_with_message(word);
            result
        }
    }))
    .await;
    let _ = multi.clear();
    let mut evidence = Evidence::default();
    for (v, e) in verified {
        checks.extend(v);
        evidence.merge(e);
    }
    let exported: Vec<Signal> = exports.iter().filter(|(_, o, _)| o.ok()).map(|(t, _, _)| t.signal).collect();
    checks.push(correlate(&exported, &run, &evidence));
    (run, checks)
}

/// The run's export request of `signal`, encoded.
fn request(run: &SmokeRun, signal: Signal) -> Vec<u8> {
    match signal {
        Signal::Traces => run.traces().encode_to_vec(),
        Signal::Metrics => run.metrics().encode_to_vec(),
        Signal::Logs => run.logs().encode_to_vec(),
    }
}

fn explain_lines(plan: &Plan, run: &SmokeRun) -> Vec<String> {
    let mut lines = Vec::new();
    for t in &plan.targets {
        let proto = if t.protocol == Protocol::Grpc { "gRPC" } else { "HTTP/protobuf" };
        lines.push(format!(
            "export {} over {proto} to {} (headers: {})",
            t.signal.name(),
            t.url,
            t.shown_headers().join(", ")
        ));
    }
    for s in &plan.signals {
        match s {
            Signal::Traces => lines.push(format!("query: {}", plan.traces.curl(&tempo::trace_path(run, true)))),
            Signal::Logs => lines.push(format!("query: {}", plan.logs.curl(&loki::loki_path(run)))),
            Signal::Metrics => {
                for q in metrics::run_queries(plan, run) {
                    lines.push(format!(
                        "query: {}",
                        plan.metrics.curl(&format!("/api/v1/query?{}", query_string(&[("query", &q)])))
                    ));
                }
            }
        }
    }
    lines
}
