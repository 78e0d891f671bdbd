//! `otelkit gen k8s`: manifests that run the collector of `gen collector`.

use crate::cli::GenK8sArgs;
use crate::commands::Context;
use crate::error::ExitStatus;

pub fn run(_args: &GenK8sArgs, _ctx: &Context) -> anyhow::Result<ExitStatus> {
    anyhow::bail!("gen k8s: not yet available")
}
