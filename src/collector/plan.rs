//! Every decision behind a collector config, resolved once by `settings::gen` and read by every
//! generator: which exporters, where they send, how the collector binds, and the flags that
//! give it back. Rendering it into a config lives with `gen collector`, beside the template and
//! the lint it needs.

use serde::Serialize;

use super::choices::{CollectorMode, LogsExporter, MetricsExporter, Resolver, TracesExporter};
use super::{ComponentNames, Version, DEFAULT, QUEUE_BATCH};
use crate::naming::{TranslationStrategy, DEFAULT_ENVIRONMENT};

/// Where each backend is when no flag, environment or otelkit.toml says otherwise.
pub const DEFAULT_TEMPO_ENDPOINT: &str = "tempo:4317";
pub const DEFAULT_PROMETHEUS_ENDPOINT: &str = "http://prometheus:9090";
pub const DEFAULT_LOKI_ENDPOINT: &str = "http://loki:3100";
pub const DEFAULT_VICTORIALOGS_ENDPOINT: &str = "http://victorialogs:9428";
pub const DEFAULT_JAEGER_ENDPOINT: &str = "jaeger:4317";
pub const DEFAULT_VICTORIAMETRICS_ENDPOINT: &str = "http://victoriametrics:8428";
/// Where the tiers of a multi-tier topology find each other: the Services gen k8s writes.
pub const DEFAULT_GATEWAY_ENDPOINT: &str = "otel-collector:4317";
pub const DEFAULT_SAMPLER_SERVICE: &str = "otel-sampler-headless";

/// Every decision behind a collector config, resolved from flags, environment and otelkit.toml.
#[derive(Debug, Clone, Serialize)]
pub struct CollectorPlan {
    pub collector_version: Version,
    pub mode: CollectorMode,
    /// How the load-balancer tier finds the samplers.
    pub resolver: Resolver,
    pub traces: TracesExporter,
    pub metrics: MetricsExporter,
    pub logs: LogsExporter,
    pub metric_namespace: Option<String>,
    /// How Prometheus's OTLP receiver names what `--metrics otlp` sends it.
    pub translation_strategy: TranslationStrategy,
    pub environment: String,
    pub bind: String,
    pub tempo_endpoint: String,
    pub jaeger_endpoint: String,
    pub prometheus_endpoint: String,
    pub victoriametrics_endpoint: String,
    pub loki_endpoint: String,
    pub victorialogs_endpoint: String,
    /// Where agents send (HOST:PORT): the gateway or load-balancer tier's Service.
    pub gateway_endpoint: String,
    /// The sampler tier's headless Service, which the load balancer resolves.
    pub sampler_service: String,
    /// `--persistent-queue`: the agent's queue to the next tier on disk (a hostPath on the node).
    pub agent_disk_queue: bool,
    pub tenant: Option<String>,
    pub auth_token_env: Option<String>,
    pub ca_file: Option<String>,
    pub insecure: bool,
}

impl CollectorPlan {
    pub fn names(&self) -> ComponentNames {
        ComponentNames::for_version(self.collector_version)
    }

    pub fn traces_exporter_id(&self) -> String {
        match self.traces {
            TracesExporter::Tempo => format!("{}/tempo", self.names().otlp_grpc),
            TracesExporter::Jaeger => format!("{}/jaeger", self.names().otlp_grpc),
            TracesExporter::Otlp => format!("{}/traces", self.names().otlp_grpc),
            TracesExporter::Debug => "debug".into(),
        }
    }

    pub fn metrics_exporter_id(&self) -> String {
        match self.metrics {
            MetricsExporter::Prometheus => "prometheus".into(),
            MetricsExporter::RemoteWrite => self.names().remote_write.into(),
            MetricsExporter::Otlp => format!("{}/prometheus", self.names().otlp_http),
            MetricsExporter::VictoriaMetrics => format!("{}/victoriametrics", self.names().otlp_http),
        }
    }

    pub fn logs_exporter_id(&self) -> String {
        match self.logs {
            LogsExporter::Loki => format!("{}/loki", self.names().otlp_http),
            LogsExporter::VictoriaLogs => format!("{}/victorialogs", self.names().otlp_http),
            LogsExporter::Otlp => format!("{}/logs", self.names().otlp_http),
            LogsExporter::Debug => "debug".into(),
        }
    }

    /// Whether this tier sends metrics and logs to their backends: an agent forwards them to the
    /// next tier, a sampler takes traces only.
    pub fn exports_metrics(&self) -> bool {
        matches!(self.mode, CollectorMode::Gateway | CollectorMode::LoadBalancer)
    }

    /// Whether exporters queue on disk (`file_storage`): the tiers behind the agents, whose
    /// restarts would otherwise drop what is queued in memory, and agents when asked
    /// (`--persistent-queue`: a node's disk). The one-tier gateway keeps its in-memory queue
    /// (gen compose runs it without a volume). A sampler that only prints its traces (`debug`)
    /// has no queue to keep, so no storage either.
    pub fn persistent_queue(&self) -> bool {
        match self.mode {
            CollectorMode::LoadBalancer => true,
            CollectorMode::Sampler => self.traces != TracesExporter::Debug,
            CollectorMode::Agent => self.agent_disk_queue,
            CollectorMode::Gateway => false,
        }
    }

    /// Whether the exporter of this signal's pipeline queues on disk: on a tier with persistent
    /// queues, every push exporter but remote write (its own queue) and the pull `prometheus`.
    pub fn queues_on_disk(&self, signal: &str) -> bool {
        self.persistent_queue()
            && match (self.mode, signal) {
                (CollectorMode::LoadBalancer, "metrics") => {
                    matches!(self.metrics, MetricsExporter::Otlp | MetricsExporter::VictoriaMetrics)
                }
                (CollectorMode::LoadBalancer, "logs") => self.logs != LogsExporter::Debug,
                _ => true,
            }
    }

    /// Whether exporters with an on-disk queue batch in it (`sending_queue.batch`), in place of
    /// the batch processor, which holds items in memory after the receiver has answered, where a
    /// kill loses them. Releases before QUEUE_BATCH cannot, and keep the processor.
    pub fn batches_in_queue(&self) -> bool {
        self.persistent_queue() && self.collector_version >= QUEUE_BATCH
    }

    /// The gateway's host and port, when `gateway_endpoint` is `HOST:PORT` (settings refuse it otherwise).
    pub fn gateway_host_port(&self) -> Option<(&str, u16)> {
        let (host, port) = self.gateway_endpoint.rsplit_once(':')?;
        let port = port.parse().ok().filter(|p| *p > 0)?;
        let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        host_ok.then_some((host, port))
    }

    /// The stores of traces, logs and metrics, by name: the services gen compose runs and the
    /// datasources gen grafana provisions (otlp and debug keep the default stores).
    pub fn stores(&self) -> (&'static str, &'static str, &'static str) {
        (
            if self.traces == TracesExporter::Jaeger { "jaeger" } else { "tempo" },
            if self.logs == LogsExporter::VictoriaLogs { "victorialogs" } else { "loki" },
            if self.metrics == MetricsExporter::VictoriaMetrics { "victoriametrics" } else { "prometheus" },
        )
    }

    /// The ports the config's receivers and extensions listen on, by name.
    pub fn ports(&self) -> Vec<(&'static str, u16)> {
        let mut ports = vec![("otlp-grpc", 4317), ("otlp-http", 4318)];
        if self.metrics == MetricsExporter::Prometheus && self.exports_metrics() {
            ports.push(("prom-exporter", 8889));
        }
        ports.push(("self-metrics", 8888));
        ports.push(("health", 13133));
        ports
    }

    /// The flags that give this plan, each setting that differs from the built-in default:
    /// what the config's "Regenerate with" line names. A function of the plan alone, so equal
    /// configs have equal headers however they were asked for (never the `-o` path).
    pub fn flags(&self) -> Vec<(&'static str, Option<String>)> {
        let mut flags: Vec<(&'static str, Option<String>)> = Vec::new();
        let mut add = |flag, value: String| flags.push((flag, Some(value)));
        if self.collector_version != DEFAULT {
            add("--collector-version", self.collector_version.to_string());
        }
        if self.mode != CollectorMode::Gateway {
            add("--mode", kebab(&self.mode));
        }
        if self.mode == CollectorMode::LoadBalancer && self.resolver != Resolver::K8s {
            add("--resolver", kebab(&self.resolver));
        }
        if self.mode == CollectorMode::Agent && self.gateway_endpoint != DEFAULT_GATEWAY_ENDPOINT {
            add("--gateway-endpoint", self.gateway_endpoint.clone());
        }
        // The sampler's own config does not name it (gen k8s adds it for the sampler's Service).
        if self.mode == CollectorMode::LoadBalancer && self.sampler_service != DEFAULT_SAMPLER_SERVICE {
            add("--sampler-service", self.sampler_service.clone());
        }
        if self.traces != TracesExporter::Tempo {
            add("--traces", kebab(&self.traces));
        }
        if self.metrics != MetricsExporter::Prometheus {
            add("--metrics", kebab(&self.metrics));
        }
        if self.logs != LogsExporter::Loki {
            add("--logs", kebab(&self.logs));
        }
        // Only the exporters that write it: the otlp_http metrics exporters have no namespace.
        let namespaced = matches!(self.metrics, MetricsExporter::Prometheus | MetricsExporter::RemoteWrite);
        if let Some(ns) = self.metric_namespace.as_ref().filter(|_| namespaced) {
            add("--metric-namespace", ns.clone());
        }
        // Only the receiver's names depend on it.
        if self.metrics == MetricsExporter::Otlp && self.translation_strategy != TranslationStrategy::default() {
            add("--translation-strategy", self.translation_strategy.name().to_owned());
        }
        if self.environment != DEFAULT_ENVIRONMENT {
            add("--environment", self.environment.clone());
        }
        let to_tempo = matches!(self.traces, TracesExporter::Tempo | TracesExporter::Otlp);
        if to_tempo && self.tempo_endpoint != DEFAULT_TEMPO_ENDPOINT {
            add("--tempo-endpoint", self.tempo_endpoint.clone());
        }
        if self.traces == TracesExporter::Jaeger && self.jaeger_endpoint != DEFAULT_JAEGER_ENDPOINT {
            add("--jaeger-endpoint", self.jaeger_endpoint.clone());
        }
        let to_prometheus = matches!(self.metrics, MetricsExporter::RemoteWrite | MetricsExporter::Otlp);
        if to_prometheus && self.prometheus_endpoint != DEFAULT_PROMETHEUS_ENDPOINT {
            add("--prometheus-endpoint", self.prometheus_endpoint.clone());
        }
        let to_vm = self.metrics == MetricsExporter::VictoriaMetrics;
        if to_vm && self.victoriametrics_endpoint != DEFAULT_VICTORIAMETRICS_ENDPOINT {
            add("--victoriametrics-endpoint", self.victoriametrics_endpoint.clone());
        }
        let to_loki = matches!(self.logs, LogsExporter::Loki | LogsExporter::Otlp);
        if to_loki && self.loki_endpoint != DEFAULT_LOKI_ENDPOINT {
            add("--loki-endpoint", self.loki_endpoint.clone());
        }
        if self.logs == LogsExporter::VictoriaLogs && self.victorialogs_endpoint != DEFAULT_VICTORIALOGS_ENDPOINT {
            add("--victorialogs-endpoint", self.victorialogs_endpoint.clone());
        }
        for (flag, value) in
            [("--tenant", &self.tenant), ("--auth-token-env", &self.auth_token_env), ("--ca-file", &self.ca_file)]
        {
            if let Some(value) = value {
                add(flag, value.clone());
            }
        }
        // Plain-text gRPC is the default exactly when no CA file is given.
        if self.insecure != self.ca_file.is_none() {
            add("--insecure", self.insecure.to_string());
        }
        if self.mode == CollectorMode::Agent && self.agent_disk_queue {
            flags.push(("--persistent-queue", None));
        }
        if self.bind == "0.0.0.0" {
            flags.push(("--bind-all", None));
        }
        flags
    }
}

/// `program` and `flags` as one shell command line.
pub fn command(program: &str, flags: &[(&str, Option<String>)]) -> String {
    let mut line = program.to_owned();
    for (flag, value) in flags {
        line.push(' ');
        line.push_str(flag);
        if let Some(value) = value {
            line.push(' ');
            line.push_str(&shell_word(value));
        }
    }
    line
}

/// `value` as one shell word: as it is when it needs no quoting, else in single quotes. (Settings
/// with control characters are refused before this, so it always stays on its comment line.)
fn shell_word(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c);
    if !value.is_empty() && value.chars().all(plain) {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// A Kubernetes Service name (a DNS-1035 label): lower-case letters, digits and `-`, a letter first.
pub fn is_service_name(name: &str) -> bool {
    name.len() <= 63
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A choice as flags and otelkit.toml spell it (`remote-write`).
pub fn kebab<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
