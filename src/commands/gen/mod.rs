//! `otelkit gen ...`: configuration around the collector, all from templates/.

pub mod alerts;
pub mod ci;
pub mod collector;
pub mod compose;
pub mod grafana;
pub mod k8s;
pub mod promql;

use super::context::Context;
use crate::error::ExitStatus;
use crate::settings::gen::GenSettings;

pub fn run(settings: &GenSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    match settings {
        GenSettings::Collector { plan, out } => collector::run(plan, out, ctx),
        GenSettings::K8s(k) => k8s::run(k, ctx),
        GenSettings::Compose { plan, dir, check } => compose::run(plan, dir, *check, ctx),
        GenSettings::Grafana { plan, targets, dir, check } => grafana::run(plan, targets, dir, *check, ctx),
        GenSettings::Alerts { plan, options, out } => alerts::run(plan, options, out, ctx),
        GenSettings::Ci { options, out } => ci::run(options, out, ctx),
    }
}
