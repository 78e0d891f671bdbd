//! Flags of `otelkit load`. Its shared groups are in `shared.rs`.

use std::time::Duration;

use clap::Args;

use super::shared::{duration, positive_duration, BackendArgs, OtlpArgs, ReportArgs, TelemetryArgs, TimeoutArgs};

#[derive(Debug, Args)]
#[command(
    mut_arg("service_name", |a| a.help("service.name of the generated telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-load]")),
    mut_arg("timeout", |a| a
        .default_value("30s")
        .help("Timeout of each backend query and export (e.g. 30, 30s, 1m)")),
    mut_arg("unreachable_grace", |a| a.help(
        "Stop counting in a backend that refuses the connection, does not resolve, fails the TLS handshake or does not connect after this long (e.g. 5s; 0s: at once); data not yet counted waits --settle"
    )),
    mut_arg("junit", |a| a.help("Write a JUnit XML report (one testcase per signal and hop) to FILE")),
    mut_arg("telemetry_url", |a| a.help(
        "The collector's own metrics, read before and after for loss per hop; repeat as TIER=URL for each collector tier in pipeline order (agent=URL, gateway=URL) [default: OTELKIT_TELEMETRY_URL, otelkit.toml]"
    )),
)]
pub struct LoadArgs {
    #[command(flatten)]
    pub backends: BackendArgs,
    #[command(flatten)]
    pub otlp: OtlpArgs,
    /// Items per second of each signal, across all workers (0: as fast as possible)
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = super::whole(0u64, 100_000_000))]
    pub rate: u64,
    /// How long to send (e.g. 30s, 2m)
    #[arg(long, value_name = "DURATION", value_parser = positive_duration, conflicts_with = "count")]
    pub duration: Option<Duration>,
    /// How many items of each signal to send
    #[arg(long, value_name = "N", value_parser = super::whole(1u64, 10_000_000_000))]
    pub count: Option<u64>,
    /// Concurrent senders per signal
    #[arg(long, value_name = "W", default_value_t = 4, value_parser = super::whole(1u32, 1024))]
    pub workers: u32,
    /// Spans in each trace
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = super::whole(1u32, 10_000))]
    pub spans_per_trace: u32,
    /// Extra attribute on every span, log record and metric point (repeatable)
    #[arg(long = "attributes", value_name = "KEY=VALUE")]
    pub attributes: Vec<String>,
    /// Items in each export request, at most a tenth of a second's worth at --rate
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = super::whole(1u32, 100_000))]
    pub batch_size: u32,
    /// Do not look for the data in Tempo, Loki and Prometheus afterwards
    #[arg(long)]
    pub no_verify: bool,
    /// The longest wait for the backends to show everything accepted (e.g. 90s); a count that stops growing for an eighth of it (or stays at 0 for half) ends sooner
    #[arg(long, value_name = "DURATION", default_value = "2m", value_parser = duration)]
    pub settle: Duration,
    /// Exit 1 when more than this percentage of a signal was lost or is not yet visible (0: any fails)
    #[arg(long, value_name = "PERCENT", default_value_t = 0.0, value_parser = parse_percent)]
    pub max_loss: f64,
    #[command(flatten)]
    pub telemetry: TelemetryArgs,
    #[command(flatten)]
    pub timeout: TimeoutArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

fn parse_percent(text: &str) -> Result<f64, String> {
    let v: f64 = text.trim_end_matches('%').parse().map_err(|_| format!("{text:?} is not a number"))?;
    if !(0.0..=100.0).contains(&v) {
        return Err("must be between 0 and 100".into());
    }
    Ok(v)
}
