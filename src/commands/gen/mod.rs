//! `otelkit gen ...`: configuration around the collector, all from templates/.

pub mod alerts;
pub mod ci;
pub mod collector;
pub mod compose;
pub mod grafana;
pub mod k8s;
pub mod promql;

use std::path::Path;

use super::context::Context;
use crate::collector::plan::{command, CollectorPlan};
use crate::error::ExitStatus;
use crate::settings::gen::GenSettings;

/// A flag and its value, if it takes one.
pub type Flag = (&'static str, Option<String>);

/// The command that regenerates a generator's output byte for byte: what its header prints and
/// what its drift message tells to run. `flags`: those that change the output; `target`: where
/// it goes (`-o FILE`, `--dir DIR`) when not to stdout.
pub fn regenerate(program: &str, mut flags: Vec<Flag>, target: Option<(&'static str, &Path)>) -> String {
    if let Some((flag, path)) = target {
        flags.push((flag, Some(path.display().to_string())));
    }
    command(program, &flags)
}

/// Those of `plan`'s flags named in `names`: the collector settings a generator's output depends on.
pub fn plan_flags(plan: &CollectorPlan, names: &[&str]) -> Vec<Flag> {
    plan.flags().into_iter().filter(|(flag, _)| names.contains(flag)).collect()
}

/// What the metric names in rules and dashboards depend on.
pub const METRIC_NAME_FLAGS: &[&str] = &["--metrics", "--metric-namespace", "--translation-strategy"];

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
