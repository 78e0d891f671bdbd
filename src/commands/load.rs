//! `otelkit load`: drive a pipeline at a known rate and prove what it lost: at the receiver
//! (refused, failed), in the collector (its own counters before and after) and in the backends.

use std::time::Instant;

use crate::commands::context::{block_on, Context};
use crate::error::ExitStatus;
use crate::pipeline::load::checks::{judge, Judged};
use crate::pipeline::load::drive::{measure, Observe};
use crate::report::{self, JunitRun, LoadReport};
use crate::settings::load::LoadSettings;

pub fn run(settings: &LoadSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    // Sending is the bottleneck: every core, however few.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let plan = &settings.plan;
    let observe = Observe {
        plan,
        run_id: &settings.run_id,
        verify: settings.verify,
        settle: settings.settle,
        max_loss: settings.max_loss,
        telemetry: settings.telemetry.as_ref(),
    };
    let measured = block_on(workers, measure(&settings.spec, &observe, ctx.printer))??;
    let Judged { signals, checks, passed } = judge(&measured, &observe);
    let total = started.elapsed();
    let junit = settings.junit.as_deref().map(|path| {
        let properties = vec![("run_id", settings.run_id.clone()), ("service_name", plan.service_name.clone())];
        (path, JunitRun { suite: "otelkit load", class_prefix: "otelkit.load", properties, total })
    });
    let report = LoadReport {
        schema_version: report::SCHEMA_VERSION,
        command: "load".into(),
        passed,
        run_id: settings.run_id.clone(),
        service_name: plan.service_name.clone(),
        max_loss_percent: settings.max_loss,
        stopped: measured.stopped,
        send_seconds: measured.send_time.as_secs_f64(),
        seconds: total.as_secs_f64(),
        signals,
        checks,
    };
    report::finish(&report, junit, ctx.printer)
}
