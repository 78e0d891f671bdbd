//! `otelkit gen compose`: a local stack for docker compose.

use crate::cli::GenComposeArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &GenComposeArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("gen compose: not yet available")
}
