//! Flags of the commands that work on files: init, lint, completions.

use std::path::PathBuf;

use clap::Args;

// ---------------------------------------------------------------------------------------------
// init
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The service's directory (or a monorepo root, with --all)
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The language, when detection finds several or none
    #[arg(long, value_enum)]
    pub lang: Option<crate::lang::Lang>,
    /// Initialise every service found below PATH
    #[arg(long)]
    pub all: bool,
    /// service.name [default: the project's name]
    #[arg(long)]
    pub service_name: Option<String>,
    /// deployment.environment.name written as the default
    #[arg(long)]
    pub environment: Option<String>,
    /// Prefix of every metric the collector's prometheus exporter exposes, recorded in otelkit.toml for `gen`
    #[arg(long, value_name = "NAME")]
    pub metric_namespace: Option<String>,
    /// Print a unified diff of everything init would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite telemetry files that were changed since otelkit wrote them
    #[arg(long)]
    pub force: bool,
}

// ---------------------------------------------------------------------------------------------
// lint
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The collector config [default: the first of otel-collector.yaml, otelcol.yaml, collector.yaml,
    /// otelkit-stack/otel-collector.yaml in the current directory]; `-` reads standard input
    pub file: Option<PathBuf>,
    /// Collector release the config is for; decides which component names are current
    #[arg(long, value_name = "X.Y.Z")]
    pub collector_version: Option<String>,
    /// deployment.environment.name, for the production checks [default: read from the config]
    #[arg(long)]
    pub environment: Option<String>,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Explain a rule (what it finds, why it matters, how to fix it) instead of linting
    #[arg(long, value_name = "CODE", conflicts_with = "file")]
    pub explain: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// completions
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
