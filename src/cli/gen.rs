//! `otelkit gen ...` flags.

use std::path::PathBuf;

use clap::Args;

use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, Resolver, TracesExporter};

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
    /// gateway (one tier to the backends), or a tier: agent (per node, forwards), load-balancer
    /// (routes traces by trace id to the samplers), sampler (tail sampling)
    #[arg(long, value_enum)]
    pub mode: Option<CollectorMode>,
    /// How the load-balancer tier finds the samplers: k8s (EndpointSlices, needs a Role) or dns [default: k8s]
    #[arg(long, value_enum)]
    pub resolver: Option<Resolver>,
    /// Where agents send everything (OTLP gRPC); gen k8s names the gateway's Service after its host
    /// [default: otel-collector:4317]
    #[arg(long, value_name = "HOST:PORT")]
    pub gateway_endpoint: Option<String>,
    /// The sampler tier's headless Service, which the load balancer resolves [default: otel-sampler-headless]
    #[arg(long, value_name = "NAME")]
    pub sampler_service: Option<String>,
    /// Agents queue what they send to the next tier on the node's disk (file_storage; gen k8s mounts a hostPath)
    #[arg(long)]
    pub persistent_queue: bool,
    /// Collector release the config is written for; decides component names
    #[arg(long, value_name = "X.Y.Z")]
    pub collector_version: Option<String>,
    /// Prefix of every metric the prometheus exporter exposes
    #[arg(long, value_name = "NAME")]
    pub metric_namespace: Option<String>,
    /// Prometheus's otlp.translation_strategy: the names dashboards and alerts query with --metrics otlp
    /// [default: OTELKIT_TRANSLATION_STRATEGY, otelkit.toml, UnderscoreEscapingWithSuffixes]
    #[arg(long, value_enum, value_name = "STRATEGY")]
    pub translation_strategy: Option<crate::naming::TranslationStrategy>,
    /// deployment.environment.name added to all telemetry
    #[arg(long)]
    pub environment: Option<String>,
    /// Tempo's OTLP gRPC address
    #[arg(long, value_name = "HOST:PORT")]
    pub tempo_endpoint: Option<String>,
    /// Jaeger's OTLP gRPC address (with --traces jaeger)
    #[arg(long, value_name = "HOST:PORT")]
    pub jaeger_endpoint: Option<String>,
    /// Prometheus base URL (remote write and OTLP modes)
    #[arg(long, value_name = "URL")]
    pub prometheus_endpoint: Option<String>,
    /// VictoriaMetrics base URL (with --metrics victoriametrics; its OTLP path is <URL>/opentelemetry/v1/metrics)
    #[arg(long, value_name = "URL")]
    pub victoriametrics_endpoint: Option<String>,
    /// Loki base URL (its OTLP endpoint is <URL>/otlp)
    #[arg(long, value_name = "URL")]
    pub loki_endpoint: Option<String>,
    /// VictoriaLogs base URL (with --logs victorialogs; its OTLP path is <URL>/insert/opentelemetry/v1/logs)
    #[arg(long, value_name = "URL")]
    pub victorialogs_endpoint: Option<String>,
    /// Tenant on every export to a store: X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir (Jaeger and
    /// VictoriaMetrics ignore it); to VictoriaLogs AccountID and ProjectID headers (ACCOUNT[:PROJECT], numbers)
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

/// `gen k8s`'s defaults (the stream's "Regenerate with" line names what differs from them).
pub const K8S_NAMESPACE: &str = "observability";
pub const K8S_REPLICAS: u32 = 2;
pub const CANARY_INTERVAL: &str = "60s";

#[derive(Debug, Args)]
pub struct GenK8sArgs {
    #[command(flatten)]
    pub collector: CollectorArgs,
    /// Kubernetes namespace
    #[arg(long, default_value = K8S_NAMESPACE)]
    pub namespace: String,
    /// Gateway replicas
    #[arg(long, default_value_t = K8S_REPLICAS)]
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
    /// Scrape the collector through a Prometheus Operator ServiceMonitor instead of prometheus.io annotations
    #[arg(long)]
    pub prometheus_operator: bool,
    /// Add an `otelkit canary` Deployment and Service (scraped through prometheus.io annotations)
    #[arg(long, requires = "image")]
    pub canary: bool,
    /// The otelkit image the canary runs (build it with the repository's Dockerfile)
    #[arg(long, value_name = "IMAGE", requires = "canary")]
    pub image: Option<String>,
    /// How often the canary runs the smoke test
    #[arg(long, value_name = "DURATION", default_value = CANARY_INTERVAL, requires = "canary")]
    pub canary_interval: String,
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
    /// Jaeger's query API as Grafana reaches it (with --traces jaeger)
    #[arg(long, value_name = "URL", default_value = "http://jaeger:16686")]
    pub grafana_jaeger_url: String,
    /// VictoriaMetrics as Grafana reaches it (with --metrics victoriametrics)
    #[arg(long, value_name = "URL", default_value = "http://victoriametrics:8428")]
    pub grafana_victoriametrics_url: String,
    /// VictoriaLogs as Grafana reaches it (with --logs victorialogs)
    #[arg(long, value_name = "URL", default_value = "http://victorialogs:9428")]
    pub grafana_victorialogs_url: String,
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
    /// Fire when a canary check (otelkit canary) fails this many runs in a row
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub canary_failed_runs: u32,
    /// Fire when the canary has not passed for this long
    #[arg(long, value_name = "DURATION", default_value = "15m")]
    pub canary_no_success: String,
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
    /// compose: start the stack `gen compose` writes in the job (Docker); up: start the servers as
    /// processes with `otelkit up` (no Docker, no privileged runner); external: your endpoints, from CI variables
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

/// Which CI the job is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CiProvider {
    Github,
    Gitlab,
}

/// Where the job's pipeline comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CiEndpoints {
    Compose,
    External,
    Up,
}
