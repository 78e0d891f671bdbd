//! `otelkit smoke-test`: all three signals under one trace ID, found in the backends.

use crate::cli::SmokeTestArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &SmokeTestArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("smoke-test: not yet available")
}
