//! Flags of the commands that talk to a running pipeline: smoke-test, doctor.

use std::path::PathBuf;

use clap::Args;

use crate::naming::GRAFANA_UIDS;

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

// What a synthetic run sends and where, apart from the backends; shared by smoke-test and canary.
// (A plain comment: a doc comment here would become the about text of the commands that flatten it.)
#[derive(Debug, Clone, Args)]
pub struct SyntheticRunArgs {
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
    #[arg(long, value_name = "UID", default_value = GRAFANA_UIDS.tempo)]
    pub grafana_tempo_uid: String,
    /// Grafana datasource UID of Loki
    #[arg(long, value_name = "UID", default_value = GRAFANA_UIDS.loki)]
    pub grafana_loki_uid: String,
    /// Grafana datasource UID of Prometheus
    #[arg(long, value_name = "UID", default_value = GRAFANA_UIDS.prometheus)]
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
}

#[derive(Debug, Args)]
pub struct SmokeTestArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    #[command(flatten)]
    pub run: SyntheticRunArgs,
    /// Write a JUnit XML report (one testcase per check) to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Print every query and an equivalent curl command before running
    #[arg(long)]
    pub explain: bool,
    /// Tag the run with this id instead of a random one (letters, digits and . _ : - only)
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
    /// When a check fails, run `otelkit doctor`'s checks to name the broken hop
    #[arg(long)]
    pub diagnose: bool,
    /// The collector's own metrics, for --diagnose [default: otelkit.toml, http://<OTLP host>:8888/metrics]
    #[arg(long, value_name = "URL")]
    pub telemetry_url: Option<String>,
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
    /// The collector's OTLP/gRPC address [default: port 4317 of the OTLP endpoint's host]
    #[arg(long, value_name = "URL")]
    pub otlp_grpc_endpoint: Option<String>,
    /// The collector's health_check extension [default: otelkit.toml, http://<OTLP host>:13133/]
    #[arg(long, value_name = "URL")]
    pub health_url: Option<String>,
    /// The collector's own metrics [default: otelkit.toml, http://<OTLP host>:8888/metrics]
    #[arg(long, value_name = "URL")]
    pub telemetry_url: Option<String>,
    /// Skip the hop-by-hop test (it sends one smoke run through the pipeline)
    #[arg(long)]
    pub no_emit: bool,
    /// How long the hop-by-hop test waits for the run to be queryable, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 20.0)]
    pub timeout: f64,
    /// Write a JUnit XML report (one testcase per check) to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Serves GET /metrics (Prometheus text; OpenMetrics when asked), /healthz and /ready (200 once a run finished).\nOne log line per run on stderr; nothing on stdout. SIGTERM or Ctrl-C stops it (exit 0)."
)]
pub struct CanaryArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    #[command(flatten)]
    pub run: SyntheticRunArgs,
    /// Time between the starts of two runs (e.g. 500ms, 60s, 5m); a run still going delays the next
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_interval)]
    pub interval: std::time::Duration,
    /// Stop after N runs; the exit status is then the last run's [default: run until stopped]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Address of the HTTP endpoints /metrics, /healthz and /ready
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9465")]
    pub listen: std::net::SocketAddr,
}

fn parse_interval(text: &str) -> Result<std::time::Duration, String> {
    let d = humantime::parse_duration(text).map_err(|e| format!("{e} (e.g. 500ms, 60s, 5m)"))?;
    if d.is_zero() {
        return Err("must be more than zero (e.g. 500ms, 60s, 5m)".into());
    }
    Ok(d)
}
