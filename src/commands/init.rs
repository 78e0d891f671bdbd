//! `otelkit init`: an OpenTelemetry module written into a service.

use crate::cli::InitArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &InitArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("init: not yet available")
}
