//! Flag groups that several commands flatten, so each flag is declared (and documented) once.
//! A command whose default or meaning differs says so with `mut_arg` where it flattens the group.
//!
//! Plain comments above the groups: a doc comment would become the about text of every command
//! that flattens them.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use crate::pipeline::otlp::Protocol;
use crate::signal::Signal;
use crate::stores::{LogStore, MetricStore, TraceStore};

// The backends' query APIs, Grafana in front of them, and how to reach them.
#[derive(Debug, Clone, Args)]
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
    /// Jaeger's query API (with --traces-backend jaeger) [default: http://localhost:16686]
    #[arg(long, value_name = "URL")]
    pub jaeger_url: Option<String>,
    /// VictoriaLogs' API (with --logs-backend victorialogs) [default: http://localhost:9428]
    #[arg(long, value_name = "URL")]
    pub victorialogs_url: Option<String>,
    /// VictoriaMetrics' API (with --metrics-backend victoriametrics) [default: http://localhost:8428]
    #[arg(long, value_name = "URL")]
    pub victoriametrics_url: Option<String>,
    /// Where traces are stored [default: OTELKIT_TRACES_BACKEND, otelkit.toml, the store whose URL is given, tempo]
    #[arg(long, value_name = "STORE", value_enum)]
    pub traces_backend: Option<TraceStore>,
    /// Where logs are stored [default: OTELKIT_LOGS_BACKEND, otelkit.toml, the store whose URL is given, loki]
    #[arg(long, value_name = "STORE", value_enum)]
    pub logs_backend: Option<LogStore>,
    /// Where metrics are stored [default: OTELKIT_METRICS_BACKEND, otelkit.toml, the store whose URL is given, prometheus]
    #[arg(long, value_name = "STORE", value_enum)]
    pub metrics_backend: Option<MetricStore>,
    /// Prefix the collector's prometheus exporter puts on metric names [default: otelkit.toml]
    #[arg(long, value_name = "NAME")]
    pub metric_namespace: Option<String>,
    /// Tenant on exports and queries: X-Scope-OrgID (Tempo, Loki, Prometheus/Mimir), VictoriaLogs AccountID[:ProjectID]
    #[arg(long)]
    pub tenant: Option<String>,
    /// Query the backends through Grafana's datasource proxy at URL
    #[arg(long, value_name = "URL")]
    pub grafana: Option<String>,
    /// Grafana data source UID of the traces store [default: otelkit-<store>, e.g. otelkit-tempo]
    #[arg(long, value_name = "UID", visible_alias = "grafana-tempo-uid")]
    pub grafana_traces_uid: Option<String>,
    /// Grafana data source UID of the logs store [default: otelkit-<store>, e.g. otelkit-loki]
    #[arg(long, value_name = "UID", visible_alias = "grafana-loki-uid")]
    pub grafana_logs_uid: Option<String>,
    /// Grafana data source UID of the metrics store [default: otelkit-<store>, e.g. otelkit-prometheus]
    #[arg(long, value_name = "UID", visible_alias = "grafana-prometheus-uid")]
    pub grafana_metrics_uid: Option<String>,
    /// Extra header on every backend query (repeatable); values of credential-like names are never shown
    #[arg(long = "header", value_name = "NAME=VALUE")]
    pub headers: Vec<String>,
    /// CA bundle to verify the backends' TLS certificates
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Do not verify the backends' TLS certificates (only by this explicit flag)
    #[arg(long)]
    pub insecure_skip_verify: bool,
}

// The collector's OTLP address alone: doctor checks it and derives the others from it.
#[derive(Debug, Clone, Args)]
pub struct OtlpEndpointArgs {
    /// The collector's OTLP endpoint [default: OTEL_EXPORTER_OTLP_ENDPOINT, otelkit.toml, http://localhost:4318]
    #[arg(long, value_name = "URL")]
    pub otlp_endpoint: Option<String>,
}

// Where synthetic telemetry goes, how, and what it is.
#[derive(Debug, Clone, Args)]
pub struct OtlpArgs {
    #[command(flatten)]
    pub endpoint: OtlpEndpointArgs,
    /// OTLP protocol [default: OTEL_EXPORTER_OTLP_PROTOCOL, else http/protobuf]
    #[arg(long, value_name = "PROTOCOL", value_enum)]
    pub protocol: Option<Protocol>,
    /// service.name of the synthetic telemetry [default: OTEL_SERVICE_NAME, ..., otelkit-smoke]
    #[arg(long)]
    pub service_name: Option<String>,
    /// Which signals to send and verify
    #[arg(long, value_delimiter = ',', value_enum, default_value = "traces,metrics,logs")]
    pub signals: Vec<Signal>,
}

// How long to wait; each command says for what and its default.
#[derive(Debug, Clone, Args)]
pub struct TimeoutArgs {
    /// Give up on a signal after this long (e.g. 60, 90s, 2m; a bare number is seconds)
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = positive_duration)]
    pub timeout: Duration,
    /// Report a backend that refuses the connection, does not resolve, fails the TLS handshake or
    /// does not connect after this long (e.g. 5s; 0s: at once); data not yet visible waits --timeout
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = duration)]
    pub unreachable_grace: Duration,
}

// What a run is called and where its report goes.
#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Write a JUnit XML report (one testcase per check) to FILE
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Tag the run with this id instead of a random one (letters, digits and . _ : - only)
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,
}

// The collector's own metrics page, or each tier's in pipeline order.
#[derive(Debug, Clone, Args)]
pub struct TelemetryArgs {
    /// The collector's own metrics; repeat as TIER=URL for each collector tier in pipeline order (agent=URL, gateway=URL) [default: OTELKIT_TELEMETRY_URL, otelkit.toml, http://<OTLP host>:8888/metrics]
    #[arg(long, value_name = "[TIER=]URL")]
    pub telemetry_url: Vec<String>,
}

/// The longest any duration flag may be.
const MAX_DURATION: Duration = Duration::from_secs(7 * 24 * 3600);

/// Every duration flag's form: humantime (`30s`, `1m30s`, `500ms`) or a bare number of seconds
/// (`30`, `2.5`), as `--timeout` took before it took units. At most a week.
pub fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.starts_with('-') {
        return Err("must not be negative (e.g. 30s, 1m30s, 500ms)".into());
    }
    let d = match text.parse::<f64>() {
        Ok(secs) if secs.is_nan() => return Err("not a duration (e.g. 30s, 1m30s, 500ms)".into()),
        Ok(secs) => Duration::try_from_secs_f64(secs).map_err(|_| "more than a week".to_owned())?,
        Err(_) => humantime::parse_duration(text).map_err(|e| match e {
            humantime::DurationError::UnknownUnit { .. } => format!("{e} (e.g. 30s, 1m30s, 500ms)"),
            _ => "not a duration (e.g. 30s, 1m30s, 500ms, or 30 for seconds)".to_owned(),
        })?,
    };
    if d > MAX_DURATION {
        return Err("more than a week".into());
    }
    Ok(d)
}

/// [`duration`], and more than zero.
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    let d = duration(text)?;
    if d.is_zero() {
        return Err("must be more than zero (e.g. 30s, 1m30s, 500ms)".into());
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units_or_bare_seconds() {
        assert_eq!(duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(duration("2.5"), Ok(Duration::from_millis(2500)));
        assert_eq!(duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("0"), Ok(Duration::ZERO));
        assert!(positive_duration("0s").unwrap_err().contains("more than zero"));
        assert!(duration("-1").unwrap_err().contains("negative"));
        assert!(duration("-5s").unwrap_err().contains("negative"));
        assert!(duration("NaN").is_err());
        assert!(duration("8d").unwrap_err().contains("week"));
        assert!(duration("1e30").unwrap_err().contains("week"));
        assert!(duration("soon").unwrap_err().contains("e.g. 30s"));
    }
}
