//! Flags of `otelkit load`.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::BackendArgs;

#[derive(Debug, Args)]
pub struct LoadArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    /// Where to send OTLP [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]
    #[arg(long, value_name = "URL")]
    pub otlp_endpoint: Option<String>,
    /// grpc or http/protobuf [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]
    #[arg(long, value_name = "PROTOCOL")]
    pub protocol: Option<String>,
    /// service.name of the generated telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-load]
    #[arg(long)]
    pub service_name: Option<String>,
    /// Items per second of each signal, across all workers (0: as fast as possible)
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=100_000_000))]
    pub rate: u64,
    /// How long to send (e.g. 30s, 2m)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, conflicts_with = "count")]
    pub duration: Option<Duration>,
    /// How many items of each signal to send
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000_000))]
    pub count: Option<u64>,
    /// Concurrent senders per signal
    #[arg(long, value_name = "W", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub workers: u32,
    /// Which signals to send
    #[arg(long, value_delimiter = ',', default_value = "traces,metrics,logs", value_parser = ["traces", "metrics", "logs"])]
    pub signals: Vec<String>,
    /// Spans in each trace
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub spans_per_trace: u32,
    /// Extra attribute on every span, log record and metric point (repeatable)
    #[arg(long = "attributes", value_name = "KEY=VALUE")]
    pub attributes: Vec<String>,
    /// Items in each export request
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch_size: u32,
    /// Do not look for the data in Tempo, Loki and Prometheus afterwards
    #[arg(long)]
    pub no_verify: bool,
    /// How long to wait after sending before counting in the backends (e.g. 10s)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub settle: Duration,
    /// Exit 1 when more than this percentage of a signal was lost (0: any loss fails)
    #[arg(long, value_name = "PERCENT", default_value_t = 0.0, value_parser = parse_percent)]
    pub max_loss: f64,
    /// The collector's own metrics, read before and after for loss per hop [default: otelkit.toml]
    #[arg(long, value_name = "URL")]
    pub telemetry_url: Option<String>,
    /// Query the backends through Grafana's datasource proxy at URL
    #[arg(long, value_name = "URL")]
    pub grafana: Option<String>,
    /// Extra header on every backend query (repeatable); values of credential-like names are never shown
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,
    /// Timeout of each backend query and export, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Write a JUnit XML report (one testcase per signal and hop) to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Tag the run with this id instead of a random one (letters, digits and . _ : - only)
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text).map_err(|e| format!("{e} (e.g. 30s, 2m, 1h)"))?;
    if d > Duration::from_secs(7 * 24 * 3600) {
        return Err("more than a week".into());
    }
    Ok(d)
}

fn parse_percent(text: &str) -> Result<f64, String> {
    let v: f64 = text.trim_end_matches('%').parse().map_err(|_| format!("{text:?} is not a number"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err("must be between 0 and 100".into());
    }
    Ok(v)
}
