//! `otelkit doctor`: live checks along the pipeline, in order, each naming its fix; then one
//! smoke run whose path through the collector's own counters names the hop where data stops.

use std::time::{Duration, Instant};

use crate::commands::context::{block_on, Context};
use crate::error::ExitStatus;
use crate::http;
use crate::pipeline::{hops, probes};
use crate::report::{self, JsonReport, JunitRun};
use crate::settings::pipeline::DoctorSettings;

pub fn run(settings: &DoctorSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let client = http::client(&settings.tls, Duration::from_secs(5))?;
    let started = Instant::now();
    let urls = &settings.collector;
    let checks = block_on(2, async {
        let mut checks = probes::collector_checks(urls, &client, &settings.tls).await;
        let started = probes::collector_started(&client, &urls.telemetry).await;
        checks.extend(probes::backend_checks(&settings.plan, settings.metrics, started).await);
        if settings.emit {
            ctx.printer.status("sending one smoke run to follow it hop by hop");
            checks.extend(hops::hop_checks(&settings.plan, &client, &urls.tiers, ctx.printer).await);
        }
        checks
    })?;
    let total = started.elapsed();
    let junit = settings.junit.as_deref().map(|path| {
        (path, JunitRun { suite: "otelkit doctor", class_prefix: "otelkit.doctor", properties: Vec::new(), total })
    });
    report::finish(&JsonReport::new("doctor", &checks, total), junit, ctx.printer)
}
