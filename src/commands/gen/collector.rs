//! `otelkit gen collector`: a collector config for the reference architecture.

use serde::Serialize;

use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, TracesExporter};
use crate::collector::{self, ComponentNames, Version};
use crate::commands::Context;
use crate::error::ExitStatus;
use crate::output;
use crate::settings::gen::Output;
use crate::templates::{ids, Templates};

#[derive(Debug, Clone, Serialize)]
struct Header {
    name: String,
    value: String,
}

#[derive(Debug, Clone, Serialize)]
struct Tls {
    insecure: bool,
    ca_file: Option<String>,
}

/// One pipeline of the config: its signal and the exporter it ends in.
#[derive(Debug, Clone, Serialize)]
pub struct Pipeline {
    signal: &'static str,
    exporter: String,
}

/// The variables of templates/collector/config.yaml.tera.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigContext {
    otelkit_version: &'static str,
    output_hint: Option<String>,
    collector_version: String,
    mode: String,
    traces: String,
    metrics: String,
    logs: String,
    new_names: bool,
    telemetry_readers: bool,
    bind: String,
    environment: String,
    metric_namespace: Option<String>,
    tempo_endpoint: String,
    prometheus_endpoint: String,
    logs_endpoint: String,
    traces_exporter: String,
    metrics_exporter: String,
    logs_exporter: String,
    headers: Vec<Header>,
    grpc_tls: Tls,
    http_tls: Tls,
    memory_limit_percentage: u32,
    memory_spike_percentage: u32,
    traces_summary: String,
    metrics_summary: String,
    logs_summary: String,
    pipelines: Vec<Pipeline>,
}

/// Every decision behind a collector config, resolved from flags, environment and otelkit.toml.
#[derive(Debug, Clone, Serialize)]
pub struct CollectorPlan {
    pub collector_version: Version,
    pub mode: CollectorMode,
    pub traces: TracesExporter,
    pub metrics: MetricsExporter,
    pub logs: LogsExporter,
    pub metric_namespace: Option<String>,
    pub environment: String,
    pub bind: String,
    pub tempo_endpoint: String,
    pub prometheus_endpoint: String,
    pub loki_endpoint: String,
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
            TracesExporter::Otlp => format!("{}/traces", self.names().otlp_grpc),
            TracesExporter::Debug => "debug".into(),
        }
    }

    pub fn metrics_exporter_id(&self) -> String {
        match self.metrics {
            MetricsExporter::Prometheus => "prometheus".into(),
            MetricsExporter::RemoteWrite => self.names().remote_write.into(),
            MetricsExporter::Otlp => format!("{}/prometheus", self.names().otlp_http),
        }
    }

    pub fn logs_exporter_id(&self) -> String {
        match self.logs {
            LogsExporter::Loki => format!("{}/loki", self.names().otlp_http),
            LogsExporter::Otlp => format!("{}/logs", self.names().otlp_http),
            LogsExporter::Debug => "debug".into(),
        }
    }

    /// The ports the config's receivers and extensions listen on, by name.
    pub fn ports(&self) -> Vec<(&'static str, u16)> {
        let mut ports = vec![("otlp-grpc", 4317), ("otlp-http", 4318)];
        if self.metrics == MetricsExporter::Prometheus {
            ports.push(("prom-exporter", 8889));
        }
        ports.push(("self-metrics", 8888));
        ports.push(("health", 13133));
        ports
    }

    fn headers(&self) -> Vec<Header> {
        let mut headers = Vec::new();
        if let Some(t) = &self.tenant {
            headers.push(Header { name: "X-Scope-OrgID".into(), value: t.clone() });
        }
        if let Some(var) = &self.auth_token_env {
            headers.push(Header { name: "Authorization".into(), value: format!("Bearer ${{env:{var}}}") });
        }
        headers
    }

    /// What config.yaml is rendered with: every decision of the plan, spelled for the template.
    pub fn context(&self, output_hint: Option<&str>) -> ConfigContext {
        let logs_endpoint = match self.logs {
            LogsExporter::Loki => format!("{}/otlp", self.loki_endpoint),
            _ => self.loki_endpoint.clone(),
        };
        let (memory_limit_percentage, memory_spike_percentage) = match self.mode {
            CollectorMode::Gateway => (80, 25),
            CollectorMode::Agent => (75, 20),
        };
        let metrics_target = match self.metrics {
            MetricsExporter::Prometheus => format!("{}:8889/metrics, scraped by Prometheus", self.bind),
            MetricsExporter::RemoteWrite => format!("{}/api/v1/write", self.prometheus_endpoint),
            MetricsExporter::Otlp => format!("{}/api/v1/otlp/v1/metrics", self.prometheus_endpoint),
        };
        let pipelines = [
            ("traces", self.traces_exporter_id()),
            ("metrics", self.metrics_exporter_id()),
            ("logs", self.logs_exporter_id()),
        ]
        .map(|(signal, exporter)| Pipeline { signal, exporter })
        .to_vec();
        ConfigContext {
            otelkit_version: env!("CARGO_PKG_VERSION"),
            output_hint: output_hint.map(str::to_owned),
            collector_version: self.collector_version.to_string(),
            mode: kebab(&self.mode),
            traces: kebab(&self.traces),
            metrics: kebab(&self.metrics),
            logs: kebab(&self.logs),
            new_names: self.collector_version >= collector::SNAKE_CASE_NAMES,
            telemetry_readers: self.collector_version >= collector::TELEMETRY_READERS,
            bind: self.bind.clone(),
            environment: self.environment.clone(),
            metric_namespace: self.metric_namespace.clone(),
            tempo_endpoint: self.tempo_endpoint.clone(),
            prometheus_endpoint: self.prometheus_endpoint.clone(),
            traces_summary: summary(&self.traces_exporter_id(), &self.tempo_endpoint),
            metrics_summary: summary(&self.metrics_exporter_id(), &metrics_target),
            logs_summary: summary(&self.logs_exporter_id(), &logs_endpoint),
            logs_endpoint,
            traces_exporter: self.traces_exporter_id(),
            metrics_exporter: self.metrics_exporter_id(),
            logs_exporter: self.logs_exporter_id(),
            headers: self.headers(),
            // gRPC to Tempo is plain text unless told otherwise (in-cluster default); HTTP URLs say it themselves.
            grpc_tls: Tls { insecure: self.insecure, ca_file: self.ca_file.clone() },
            http_tls: Tls { insecure: false, ca_file: self.ca_file.clone() },
            memory_limit_percentage,
            memory_spike_percentage,
            pipelines,
        }
    }

    pub fn render(&self, templates: &Templates, output_hint: Option<&str>) -> anyhow::Result<String> {
        templates.render_with(ids::COLLECTOR_CONFIG_YAML, &self.context(output_hint))
    }
}

fn summary(exporter: &str, target: &str) -> String {
    if exporter == "debug" {
        "debug (the collector's own log)".into()
    } else {
        format!("{exporter} -> {target}")
    }
}

fn kebab<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub fn run(plan: &CollectorPlan, out: &Output, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let hint = out.path.as_ref().map(|p| p.display().to_string());
    let text = plan.render(&ctx.templates, hint.as_deref())?;
    output::emit_one(&text, out.path.as_deref(), out.check, "otelkit gen collector", ctx.printer)
}
