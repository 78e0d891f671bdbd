//! `otelkit gen ...`: configuration around the collector, all from templates/.

pub mod alerts;
pub mod ci;
pub mod collector;
pub mod compose;
pub mod grafana;
pub mod k8s;
pub mod promql;

use super::Context;
use crate::cli::GenCommand;
use crate::error::ExitStatus;

pub fn run(command: GenCommand, ctx: &Context) -> anyhow::Result<ExitStatus> {
    match command {
        GenCommand::Collector(args) => collector::run(&args, ctx),
        GenCommand::K8s(args) => k8s::run(&args, ctx),
        GenCommand::Compose(args) => compose::run(&args, ctx),
        GenCommand::Grafana(args) => grafana::run(&args, ctx),
        GenCommand::Alerts(args) => alerts::run(&args, ctx),
        GenCommand::Ci(args) => ci::run(&args, ctx),
    }
}
