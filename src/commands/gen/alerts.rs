//! `otelkit gen alerts`: Prometheus alerting rules.

use crate::cli::GenAlertsArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &GenAlertsArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("gen alerts: not yet available")
}
