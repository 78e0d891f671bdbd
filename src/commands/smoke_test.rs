//! `otelkit smoke-test`: emit traces, metrics and logs under one trace ID, find each in its
//! backend, and check that they point at the same trace.

use std::time::Instant;

use crate::commands::context::Context;
use crate::error::ExitStatus;
use crate::pipeline::hops::Diagnosis;
use crate::pipeline::smoke;
use crate::pipeline::verdict;
use crate::report;
use crate::settings::pipeline::SmokeTestSettings;

pub fn run(settings: &SmokeTestSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let plan = &settings.plan;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let started = Instant::now();
    let (run, checks) = runtime.block_on(async {
        let diagnosis = settings.diagnose.clone().map(|(urls, tls)| Diagnosis::new(urls, tls));
        let before = match &diagnosis {
            Some(d) => d.snapshot().await,
            None => None,
        };
        let (run, mut checks) = smoke::smoke(plan, settings.explain, ctx.printer).await;
        if let Some(d) = diagnosis.filter(|_| !verdict::passed(&checks)) {
            ctx.printer.status("diagnosing: checking each hop of the pipeline");
            let extra = d.run(plan, &checks, before).await;
            checks.extend(extra);
        }
        (run, checks)
    });
    let total = started.elapsed();
    if let Some(path) = &settings.junit {
        let junit = report::junit(
            &checks,
            &report::JunitRun {
                suite: "otelkit smoke-test",
                class_prefix: "otelkit.smoke",
                properties: vec![
                    ("run_id", run.run_id.clone()),
                    ("trace_id", run.trace_id.clone()),
                    ("service_name", run.service_name.clone()),
                ],
                total,
            },
        )?;
        crate::output::write_atomic(path, junit.as_bytes()).map_err(|e| anyhow::anyhow!("--junit: {e:#}"))?;
    }
    if ctx.printer.is_json() {
        let mut json = report::JsonReport::new("smoke-test", &checks, total);
        json.run_id = Some(run.run_id.clone());
        json.trace_id = Some(run.trace_id.clone());
        json.service_name = Some(run.service_name.clone());
        ctx.printer.json(&serde_json::to_value(&json)?);
    } else {
        report::print_human(&checks, "smoke test", ctx.printer);
    }
    Ok(ExitStatus::from_ok(verdict::passed(&checks)))
}
