//! `otelkit smoke-test`: emit traces, metrics and logs under one trace ID, find each in its
//! backend, and check that they point at the same trace.

use std::time::Instant;

use crate::commands::context::{block_on, Context};
use crate::error::ExitStatus;
use crate::pipeline::hops::Diagnosis;
use crate::pipeline::smoke;
use crate::pipeline::verdict;
use crate::report::{self, JsonReport, JunitRun};
use crate::settings::pipeline::SmokeTestSettings;

pub fn run(settings: &SmokeTestSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let plan = &settings.plan;
    let started = Instant::now();
    let (run, checks) = block_on(2, async {
        let diagnosis = settings.diagnose.clone().map(|(urls, tls)| Diagnosis::new(urls, tls, settings.metrics));
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
    })?;
    let total = started.elapsed();
    let junit = settings.junit.as_deref().map(|path| {
        let properties = vec![
            ("run_id", run.run_id.clone()),
            ("trace_id", run.trace_id.clone()),
            ("service_name", run.service_name.clone()),
        ];
        (path, JunitRun { suite: "otelkit smoke-test", class_prefix: "otelkit.smoke", properties, total })
    });
    let mut json = JsonReport::new("smoke-test", &checks, total);
    json.run_id = Some(run.run_id.clone());
    json.trace_id = Some(run.trace_id.clone());
    json.service_name = Some(run.service_name.clone());
    report::finish(&json, junit, ctx.printer)
}
