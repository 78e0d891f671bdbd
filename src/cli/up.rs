//! Flags of `otelkit up` and `otelkit down`.

use std::path::PathBuf;

use clap::Args;

use crate::up::stack::Stack;

#[derive(Debug, Args)]
pub struct UpArgs {
    /// Which servers to run [default: otelkit.toml [up] stack, jaeger-victoria]
    #[arg(long, value_enum)]
    pub stack: Option<Stack>,
    /// Where configs, data, logs and state.json go [default: otelkit.toml [up] dir, .otelkit/up]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Take the release archives (and checksum files) or bare binaries from DIR; download nothing
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// Download from URL in place of https://github.com (same paths below it) [default: OTELKIT_MIRROR, otelkit.toml [up] mirror]
    #[arg(long, value_name = "URL")]
    pub mirror: Option<String>,
    /// A server you already run, used instead of started (e.g. victoriametrics=http://127.0.0.1:8428); repeatable
    #[arg(long = "use", value_name = "NAME=URL")]
    pub uses: Vec<String>,
    /// Say what runs and start nothing (exit 1 when a recorded server is not running)
    #[arg(long)]
    pub status: bool,
}

#[derive(Debug, Args)]
pub struct DownArgs {
    /// The directory `otelkit up` used [default: .otelkit/up]
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
