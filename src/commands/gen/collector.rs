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

    pub fn context(&self, output_hint: Option<&str>) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("otelkit_version", env!("CARGO_PKG_VERSION"));
        ctx.insert("output_hint", &output_hint);
        ctx.insert("collector_version", &self.collector_version.to_string());
        ctx.insert("mode", &kebab(&self.mode));
        ctx.insert("traces", &kebab(&self.traces));
        ctx.insert("metrics", &kebab(&self.metrics));
        ctx.insert("logs", &kebab(&self.logs));
        ctx.insert("new_names", &(self.collector_version >= collector::SNAKE_CASE_NAMES));
        ctx.insert("telemetry_readers", &(self.collector_version >= collector::TELEMETRY_READERS));
        ctx.insert("bind", &self.bind);
        ctx.insert("environment", &self.environment);
        ctx.insert("metric_namespace", &self.metric_namespace);
        ctx.insert("tempo_endpoint", &self.tempo_endpoint);
        ctx.insert("prometheus_endpoint", &self.prometheus_endpoint);
        let logs_endpoint = match self.logs {
            LogsExporter::Loki => format!("{}/otlp", self.loki_endpoint),
            _ => self.loki_endpoint.clone(),
        };
        ctx.insert("logs_endpoint", &logs_endpoint);
        ctx.insert("traces_exporter", &self.traces_exporter_id());
        ctx.insert("metrics_exporter", &self.metrics_exporter_id());
        ctx.insert("logs_exporter", &self.logs_exporter_id());
        ctx.insert("headers", &self.headers());
        // gRPC to Tempo is plain text unless told otherwise (in-cluster default); HTTP URLs say it themselves.
        ctx.insert("grpc_tls", &Tls { insecure: self.insecure, ca_file: self.ca_file.clone() });
        ctx.insert("http_tls", &Tls { insecure: false, ca_file: self.ca_file.clone() });
        let (limit, spike) = match self.mode {
            CollectorMode::Gateway => (80, 25),
            CollectorMode::Agent => (75, 20),
        };
        ctx.insert("memory_limit_percentage", &limit);
        ctx.insert("memory_spike_percentage", &spike);
        ctx.insert("traces_summary", &summary(&self.traces_exporter_id(), &self.tempo_endpoint));
        let metrics_target = match self.metrics {
            MetricsExporter::Prometheus => format!("{}:8889/metrics, scraped by Prometheus", self.bind),
            MetricsExporter::RemoteWrite => format!("{}/api/v1/write", self.prometheus_endpoint),
            MetricsExporter::Otlp => format!("{}/api/v1/otlp/v1/metrics", self.prometheus_endpoint),
        };
        ctx.insert("metrics_summary", &summary(&self.metrics_exporter_id(), &metrics_target));
        ctx.insert("logs_summary", &summary(&self.logs_exporter_id(), &logs_endpoint));
        let pipelines = [
            ("traces", self.traces_exporter_id()),
            ("metrics", self.metrics_exporter_id()),
            ("logs", self.logs_exporter_id()),
        ]
        .map(|(signal, exporter)| serde_json::json!({ "signal": signal, "exporter": exporter }));
        ctx.insert("pipelines", &pipelines);
        ctx
    }

    pub fn render(&self, templates: &Templates, output_hint: Option<&str>) -> anyhow::Result<String> {
        templates.render(ids::COLLECTOR_CONFIG_YAML, &self.context(output_hint))
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
