//! Every clap type of the command line lives here, so the whole interface reads in one place.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "otelkit",
    version,
    about = "From no observability to proven end to end: OpenTelemetry scaffolding, pipeline configs and smoke tests",
    propagate_version = true,
    after_help = "Settings: flags > environment (OTEL_*, then OTELKIT_*) > otelkit.toml > defaults.\nExit codes: 0 ok, 1 a check failed, 2 bad usage or input."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// More output on stderr (-v, -vv)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet", help_heading = "Global options")]
    pub verbose: u8,

    /// Only results and errors
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// When to colour output (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Global options")]
    pub color: ColorChoice,

    /// Report format of commands that report
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human, help_heading = "Global options")]
    pub format: OutputFormat,

    /// The project settings file [default: ./otelkit.toml, then the nearest one above]
    #[arg(long, global = true, value_name = "FILE", env = "OTELKIT_CONFIG", help_heading = "Global options")]
    pub config: Option<PathBuf>,

    /// Ignore otelkit.toml
    #[arg(long, global = true, conflicts_with = "config", help_heading = "Global options")]
    pub no_config: bool,

    /// Use templates from DIR in place of the built-in ones of the same name
    #[arg(long, global = true, value_name = "DIR", env = "OTELKIT_TEMPLATES", help_heading = "Global options")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts
    #[command(subcommand)]
    Gen(GenCommand),

    /// Write an OpenTelemetry module into a service (Go, Rust, Python, Node)
    Init(InitArgs),

    /// Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki
    SmokeTest(SmokeTestArgs),

    /// Check a collector config without running it
    Lint(LintArgs),

    /// Check each hop of a running pipeline and name the broken one
    Doctor(DoctorArgs),

    /// Print a shell completion script
    Completions(CompletionsArgs),

    /// Print the man page (roff)
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// An OpenTelemetry Collector config for the reference architecture
    Collector(GenCollectorArgs),
    /// Kubernetes manifests that run that collector
    K8s(GenK8sArgs),
    /// A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana
    Compose(GenComposeArgs),
    /// Grafana datasources (signals linked) and dashboards
    Grafana(GenGrafanaArgs),
    /// Prometheus alerting rules for the services and the pipeline
    Alerts(GenAlertsArgs),
    /// A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check
    Ci(GenCiArgs),
}

/// Where a generator writes, and whether it only compares.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Write to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Compare with the file(s) on disk; exit 1 with a diff when they differ
    #[arg(long, requires = "output")]
    pub check: bool,
}

/// The choices that shape a collector config; shared by every generator that embeds one.
#[derive(Debug, Clone, Default, Args)]
pub struct CollectorArgs {
    /// Where traces go
    #[arg(long, value_enum)]
    pub traces: Option<TracesExporter>,
    /// How metrics reach Prometheus
    #[arg(long, value_enum)]
    pub metrics: Option<MetricsExporter>,
    /// Where logs go
    #[arg(long, value_enum)]
    pub logs: Option<LogsExporter>,
    /// gateway (a central Deployment) or agent (one per node)
    #[arg(long, value_enum)]
    pub mode: Option<CollectorMode>,
    /// Collector release the config is written for; decides component names
    #[arg(long, value_name = "X.Y.Z")]
    pub collector_version: Option<String>,
    /// Prefix of every metric the prometheus exporter exposes
    #[arg(long, value_name = "NAME")]
    pub metric_namespace: Option<String>,
    /// deployment.environment.name added to all telemetry
    #[arg(long)]
    pub environment: Option<String>,
    /// Tempo's OTLP gRPC address
    #[arg(long, value_name = "HOST:PORT")]
    pub tempo_endpoint: Option<String>,
    /// Prometheus base URL (remote write and OTLP modes)
    #[arg(long, value_name = "URL")]
    pub prometheus_endpoint: Option<String>,
    /// Loki base URL (its OTLP endpoint is <URL>/otlp)
    #[arg(long, value_name = "URL")]
    pub loki_endpoint: Option<String>,
    /// Tenant sent as X-Scope-OrgID to Tempo and Loki
    #[arg(long)]
    pub tenant: Option<String>,
    /// Environment variable holding a bearer token for the backends (written as ${env:VAR})
    #[arg(long, value_name = "VAR")]
    pub auth_token_env: Option<String>,
    /// CA bundle the collector uses to verify the backends
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<String>,
    /// Plain-text gRPC to the traces backend [default: true unless --ca-file]
    #[arg(long, value_name = "BOOL")]
    pub insecure: Option<bool>,
    /// Bind receivers to 0.0.0.0 (for a container or pod); gen k8s and gen compose always do
    #[arg(long)]
    pub bind_all: bool,
}

#[derive(Debug, Args)]
pub struct GenCollectorArgs {
    #[command(flatten)]
    pub collector: CollectorArgs,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Args)]
pub struct GenK8sArgs {
    #[command(flatten)]
    pub collector: CollectorArgs,
    /// Kubernetes namespace
    #[arg(long, default_value = "observability")]
    pub namespace: String,
    /// Gateway replicas
    #[arg(long, default_value_t = 2)]
    pub replicas: u32,
    /// Write one file per resource and a kustomization.yaml into DIR instead of one stream
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub dir: Option<PathBuf>,
    /// Write the stream to FILE instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Compare with what is on disk; exit 1 with a diff when it differs
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TracesExporter {
    Tempo,
    Otlp,
    Debug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricsExporter {
    Prometheus,
    RemoteWrite,
    Otlp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogsExporter {
    Loki,
    Otlp,
    Debug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CollectorMode {
    Gateway,
    Agent,
}

// ---------------------------------------------------------------------------------------------
// gen compose
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct GenComposeArgs {
    #[command(flatten)]
    pub collector: CollectorArgs,
    /// Directory to write docker-compose.yaml and the files it mounts into
    #[arg(short, long, value_name = "DIR", default_value = "otelkit-stack")]
    pub dir: std::path::PathBuf,
    /// Compare with what is in DIR; exit 1 with a diff when it differs
    #[arg(long)]
    pub check: bool,
}

// ---------------------------------------------------------------------------------------------
// gen grafana
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct GenGrafanaArgs {
    #[command(flatten)]
    pub collector: CollectorArgs,
    /// Directory to write provisioning/ and dashboards/ into
    #[arg(short, long, value_name = "DIR", default_value = "grafana")]
    pub dir: std::path::PathBuf,
    /// Compare with what is in DIR; exit 1 with a diff when it differs
    #[arg(long)]
    pub check: bool,
    /// Prometheus as Grafana reaches it
    #[arg(long, value_name = "URL", default_value = "http://prometheus:9090")]
    pub grafana_prometheus_url: String,
    /// Tempo as Grafana reaches it
    #[arg(long, value_name = "URL", default_value = "http://tempo:3200")]
    pub grafana_tempo_url: String,
    /// Loki as Grafana reaches it
    #[arg(long, value_name = "URL", default_value = "http://loki:3100")]
    pub grafana_loki_url: String,
    /// Where Grafana reads the dashboard files (the provider's path)
    #[arg(long, value_name = "PATH", default_value = "/var/lib/grafana/dashboards/otelkit")]
    pub dashboards_path: String,
}

// ---------------------------------------------------------------------------------------------
// gen alerts
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct GenAlertsArgs {
    #[command(flatten)]
    pub collector: CollectorArgs,
    #[command(flatten)]
    pub out: OutputArgs,
    /// Fire when more than this share of HTTP requests fail (5xx)
    #[arg(long, value_name = "RATIO", default_value_t = 0.05)]
    pub error_ratio: f64,
    /// Fire when HTTP p99 latency exceeds this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 1.0)]
    pub latency_p99: f64,
    /// Fire when LLM call p99 latency exceeds this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub llm_latency_p99: f64,
    /// Fire when a service burns more chat tokens than this in an hour
    #[arg(long, value_name = "TOKENS", default_value_t = 1_000_000)]
    pub token_burn_per_hour: u64,
    /// Fire when an exporter's sending queue is fuller than this share
    #[arg(long, value_name = "RATIO", default_value_t = 0.8)]
    pub queue_ratio: f64,
    /// How long a service condition must hold before it fires
    #[arg(long = "for", value_name = "DURATION", default_value = "5m")]
    pub for_duration: String,
    /// How long a pipeline condition must hold before it fires
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub pipeline_for: String,
    /// Base URL of the runbooks; each alert links to <URL>#<alertname>
    #[arg(long, value_name = "URL", default_value = "https://github.com/otelkit/otelkit/blob/main/docs/runbooks.md")]
    pub runbook_url: String,
}

// ---------------------------------------------------------------------------------------------
// gen ci
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(
    after_help = "Write it where the CI reads it: -o .github/workflows/otelkit-smoke.yml (github) or -o .gitlab-ci.yml (gitlab)."
)]
pub struct GenCiArgs {
    /// github: a GitHub Actions workflow; gitlab: a .gitlab-ci.yml job
    #[arg(value_enum)]
    pub provider: CiProvider,
    /// compose: start the stack `gen compose` writes in the job; external: your endpoints, from CI variables
    #[arg(long, value_enum, default_value_t = CiEndpoints::Compose)]
    pub endpoints: CiEndpoints,
    /// Start your service first (a shell command, in the background, with OTEL_* pointing at the pipeline)
    #[arg(long, value_name = "CMD")]
    pub service_cmd: Option<String>,
    /// The otelkit release the job installs [default: this otelkit's version]
    #[arg(long, value_name = "X.Y.Z")]
    pub otelkit_version: Option<String>,
    #[command(flatten)]
    pub out: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiProvider {
    Github,
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CiEndpoints {
    Compose,
    External,
}

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
    pub lang: Option<crate::commands::init::Lang>,
    /// Initialise every service found below PATH
    #[arg(long)]
    pub all: bool,
    /// service.name [default: the project's name]
    #[arg(long)]
    pub service_name: Option<String>,
    /// deployment.environment.name written as the default
    #[arg(long)]
    pub environment: Option<String>,
    /// Print a unified diff of everything init would write, and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite telemetry files that were changed since otelkit wrote them
    #[arg(long)]
    pub force: bool,
}

// ---------------------------------------------------------------------------------------------
// smoke-test
// ---------------------------------------------------------------------------------------------

/// The backends' query APIs and how to reach them; shared by smoke-test and doctor.
#[derive(Debug, Clone, Default, Args)]
pub struct BackendArgs {
    /// Tempo's query API [default: http://localhost:3200]
    #[arg(long, value_name = "URL")]
    pub tempo_url: Option<String>,
    /// Prometheus's query API [default: http://localhost:9090]
    #[arg(long, value_name = "URL")]
    pub prometheus_url: Option<String>,
    /// Loki's API [default: http://localhost:3100]
    #[arg(long, value_name = "URL")]
    pub loki_url: Option<String>,
    /// Prefix the collector's prometheus exporter puts on metric names [default: otelkit.toml]
    #[arg(long, value_name = "NAME")]
    pub metric_namespace: Option<String>,
    /// X-Scope-OrgID on exports and queries
    #[arg(long)]
    pub tenant: Option<String>,
    /// CA bundle to verify the backends' TLS certificates
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Do not verify the backends' TLS certificates (only by this explicit flag)
    #[arg(long)]
    pub insecure_skip_verify: bool,
}

#[derive(Debug, Args)]
pub struct SmokeTestArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    /// Where to send OTLP [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]
    #[arg(long, value_name = "URL")]
    pub otlp_endpoint: Option<String>,
    /// grpc or http/protobuf [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]
    #[arg(long, value_name = "PROTOCOL")]
    pub protocol: Option<String>,
    /// service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]
    #[arg(long)]
    pub service_name: Option<String>,
    /// Query the backends through Grafana's datasource proxy at URL
    #[arg(long, value_name = "URL")]
    pub grafana: Option<String>,
    /// Grafana datasource UID of Tempo
    #[arg(long, value_name = "UID", default_value = "otelkit-tempo")]
    pub grafana_tempo_uid: String,
    /// Grafana datasource UID of Loki
    #[arg(long, value_name = "UID", default_value = "otelkit-loki")]
    pub grafana_loki_uid: String,
    /// Grafana datasource UID of Prometheus
    #[arg(long, value_name = "UID", default_value = "otelkit-prometheus")]
    pub grafana_prometheus_uid: String,
    /// Which signals to emit and verify
    #[arg(long, value_delimiter = ',', default_value = "traces,metrics,logs", value_parser = ["traces", "metrics", "logs"])]
    pub signals: Vec<String>,
    /// Give up on a signal after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub timeout: f64,
    /// Extra header on every backend query (repeatable); values of credential-like names are never shown
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,
    /// Write a JUnit XML report (one testcase per check) to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print every query and an equivalent curl command before running
    #[arg(long)]
    pub explain: bool,
    /// Tag the run with this id instead of a random one
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
    /// When a check fails, run `otelkit doctor`'s checks to name the broken hop
    #[arg(long)]
    pub diagnose: bool,
    /// The collector's own metrics, for --diagnose [default: otelkit.toml, http://localhost:8888/metrics]
    #[arg(long, value_name = "URL")]
    pub telemetry_url: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// lint
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The collector config [default: the first of otel-collector.yaml, otelcol.yaml, collector.yaml,
    /// otelkit-stack/otel-collector.yaml in the current directory]
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
}

// ---------------------------------------------------------------------------------------------
// doctor
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
pub struct DoctorArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    /// The collector's OTLP/HTTP address [default: otelkit.toml, http://localhost:4318]
    #[arg(long, value_name = "URL")]
    pub otlp_endpoint: Option<String>,
    /// The collector's OTLP/gRPC address
    #[arg(long, value_name = "URL", default_value = "http://localhost:4317")]
    pub otlp_grpc_endpoint: String,
    /// The collector's health_check extension [default: otelkit.toml, http://localhost:13133/]
    #[arg(long, value_name = "URL")]
    pub health_url: Option<String>,
    /// The collector's own metrics [default: otelkit.toml, http://localhost:8888/metrics]
    #[arg(long, value_name = "URL")]
    pub telemetry_url: Option<String>,
    /// Skip the hop-by-hop test (it sends one smoke run through the pipeline)
    #[arg(long)]
    pub no_emit: bool,
    /// How long the hop-by-hop test waits for the run to be queryable, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
    pub timeout: f64,
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }
}
