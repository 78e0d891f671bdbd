//! `otelkit gen grafana`: datasources and dashboards.

use crate::cli::GenGrafanaArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &GenGrafanaArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("gen grafana: not yet available")
}
