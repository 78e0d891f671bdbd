//! `otelkit doctor`: live checks along the pipeline.

use crate::cli::DoctorArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &DoctorArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("doctor: not yet available")
}
