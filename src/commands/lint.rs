//! `otelkit lint`: static checks of a collector config.

use crate::cli::LintArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &LintArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("lint: not yet available")
}
