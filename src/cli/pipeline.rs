//! Flags of the commands that talk to a running pipeline: smoke-test, doctor, canary. Their
//! shared groups are in `shared.rs`.

use clap::Args;

use crate::collector::choices::MetricsExporter;

use super::shared::{
    positive_duration, BackendArgs, OtlpArgs, OtlpEndpointArgs, ReportArgs, TelemetryArgs, TimeoutArgs,
};

// ---------------------------------------------------------------------------------------------
// smoke-test
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(mut_arg("telemetry_url", |a| a.help(
    "The collector's own metrics, for --diagnose; repeat as TIER=URL for each collector tier in pipeline order [default: OTELKIT_TELEMETRY_URL, otelkit.toml, http://<OTLP host>:8888/metrics]"
)))]
pub struct SmokeTestArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    #[command(flatten)]
    pub otlp: OtlpArgs,
    #[command(flatten)]
    pub timeout: TimeoutArgs,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Print every query and an equivalent curl command before running
    #[arg(long)]
    pub explain: bool,
    /// When a check fails, run `otelkit doctor`'s checks to name the broken hop
    #[arg(long)]
    pub diagnose: bool,
    #[command(flatten)]
    pub telemetry: TelemetryArgs,
}

// ---------------------------------------------------------------------------------------------
// doctor
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(mut_arg("timeout", |a| a
    .default_value("20s")
    .help("How long the hop-by-hop test waits for the run to be queryable (e.g. 20, 20s, 1m)")))]
pub struct DoctorArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    #[command(flatten)]
    pub otlp: OtlpEndpointArgs,
    /// The collector's OTLP/gRPC address [default: port 4317 of the OTLP endpoint's host]
    #[arg(long, value_name = "URL")]
    pub otlp_grpc_endpoint: Option<String>,
    /// The collector's health_check extension [default: otelkit.toml, http://<OTLP host>:13133/]
    #[arg(long, value_name = "URL")]
    pub health_url: Option<String>,
    #[command(flatten)]
    pub telemetry: TelemetryArgs,
    /// How the collector hands metrics to Prometheus, as `gen collector --metrics` wrote it: doctor checks that hop, and a scrape job off it is a leftover [default: otelkit.toml [collector] metrics, prometheus]
    #[arg(long, value_name = "MODE")]
    pub metrics: Option<MetricsExporter>,
    /// Skip the hop-by-hop test (it sends one smoke run through the pipeline)
    #[arg(long)]
    pub no_emit: bool,
    #[command(flatten)]
    pub timeout: TimeoutArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

// ---------------------------------------------------------------------------------------------
// canary
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Args)]
#[command(
    after_help = "Serves GET /metrics (Prometheus text; OpenMetrics when asked), /healthz and /ready (200 once a run finished).\nOne log line per run on stderr; nothing on stdout. SIGTERM or Ctrl-C stops it (exit 0)."
)]
pub struct CanaryArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    #[command(flatten)]
    pub otlp: OtlpArgs,
    #[command(flatten)]
    pub timeout: TimeoutArgs,
    /// Time between the starts of two runs (e.g. 500ms, 60s, 5m); a run still going delays the next
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = positive_duration)]
    pub interval: std::time::Duration,
    /// Stop after N runs; the exit status is then the last run's [default: run until stopped]
    #[arg(long, value_name = "N", value_parser = super::whole(1u64, u64::MAX))]
    pub count: Option<u64>,
    /// Address of the HTTP endpoints /metrics, /healthz and /ready
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9465")]
    pub listen: std::net::SocketAddr,
}
