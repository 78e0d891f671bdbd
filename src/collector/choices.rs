//! The choices that shape a collector config: where each signal goes and how the collector runs.
//! Flags, otelkit.toml and the generators all speak these.

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TracesExporter {
    Tempo,
    /// Jaeger v2's OTLP gRPC receiver (4317).
    Jaeger,
    Otlp,
    Debug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricsExporter {
    Prometheus,
    RemoteWrite,
    Otlp,
    /// VictoriaMetrics's OTLP ingest (`<URL>/opentelemetry/v1/metrics`, protobuf).
    #[value(name = "victoriametrics")]
    #[serde(rename = "victoriametrics")]
    VictoriaMetrics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LogsExporter {
    Loki,
    /// VictoriaLogs's OTLP ingest (`<URL>/insert/opentelemetry/v1/logs`, protobuf).
    #[value(name = "victorialogs")]
    #[serde(rename = "victorialogs")]
    VictoriaLogs,
    Otlp,
    Debug,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CollectorMode {
    Gateway,
    Agent,
}
