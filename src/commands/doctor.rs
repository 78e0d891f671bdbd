//! `otelkit doctor`: live checks along the pipeline, in order, each naming its fix; then one
//! smoke run whose path through the collector's own counters names the hop where data stops.

use std::time::{Duration, Instant};

use crate::commands::context::Context;
use crate::error::ExitStatus;
use crate::http;
use crate::pipeline::{hops, probes, verdict};
use crate::report;
use crate::settings::pipeline::DoctorSettings;

pub fn run(settings: &DoctorSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let client = http::client(&settings.tls, Duration::from_secs(5))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let started = Instant::now();
    let urls = &settings.collector;
    let checks = runtime.block_on(async {
        let mut checks = probes::collector_checks(urls, &client, &settings.tls).await;
        checks.extend(probes::backend_checks(&settings.plan).await);
        if settings.emit {
            ctx.printer.status("sending one smoke run to follow it hop by hop");
            checks.extend(hops::hop_checks(&settings.plan, &client, &urls.telemetry, ctx.printer).await);
        }
        checks
    });
    let total = started.elapsed();
    if let Some(path) = &settings.junit {
        let run =
            report::JunitRun { suite: "otelkit doctor", class_prefix: "otelkit.doctor", properties: Vec::new(), total };
        crate::output::write_atomic(path, report::junit(&checks, &run)?.as_bytes())
            .map_err(|e| anyhow::anyhow!("--junit: {e:#}"))?;
    }
    if ctx.printer.is_json() {
        ctx.printer.json(&serde_json::to_value(report::JsonReport::new("doctor", &checks, total))?);
    } else {
        report::print_human(&checks, "doctor", ctx.printer);
    }
    Ok(ExitStatus::from_ok(verdict::passed(&checks)))
}
