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

/// How the load-balancer tier finds the sampler tier's pods behind their headless Service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resolver {
    /// The Kubernetes API's EndpointSlices: a sampler pod's coming or going is seen at once
    /// (needs a Role, which gen k8s writes).
    K8s,
    /// DNS, polled every 5s: no RBAC.
    Dns,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CollectorMode {
    /// One tier: applications -> this collector -> the backends.
    Gateway,
    /// On every node: adds the pod's identity (k8s_attributes, passthrough) and forwards
    /// everything over OTLP to the next tier (`otel-collector:4317`).
    Agent,
    /// The stateless tier in front of the samplers: routes traces by trace id (load_balancing)
    /// to the sampler tier's headless Service; metrics and logs go to the backends.
    LoadBalancer,
    /// Tail sampling: takes the traces the load balancer routed here, whole, keeps those the
    /// policies pick and sends them to the traces backend.
    Sampler,
}
