//! `otelkit gen collector`: a collector config for the reference architecture.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, TracesExporter};
use crate::collector::{self, ComponentNames, Version};
use crate::commands::Context;
use crate::error::{hinted, ExitStatus};
use crate::lint::{codes, lint_str, Diagnostic, LintOptions, Severity};
use crate::output;
use crate::settings::gen::Output;
use crate::settings::DEFAULT_ENVIRONMENT;
use crate::templates::{ids, Templates};

/// Where each backend is when no flag, environment or otelkit.toml says otherwise.
pub const DEFAULT_TEMPO_ENDPOINT: &str = "tempo:4317";
pub const DEFAULT_PROMETHEUS_ENDPOINT: &str = "http://prometheus:9090";
pub const DEFAULT_LOKI_ENDPOINT: &str = "http://loki:3100";

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
    regenerate: String,
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
    pub fn context(&self) -> ConfigContext {
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
            regenerate: self.command("otelkit gen collector", &self.flags()),
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

    /// The config, refused (exit 2) when `otelkit lint` finds an error in it: a value the config
    /// cannot take (`--loki-endpoint loki:3100` writes an endpoint without scheme) is caught here,
    /// not when the collector starts. Warnings (an unset `${env:VAR}`, ...) do not stop it.
    pub fn render(&self, templates: &Templates) -> anyhow::Result<String> {
        let text = templates.render_with(ids::COLLECTOR_CONFIG_YAML, &self.context())?;
        let opts = LintOptions {
            collector_version: self.collector_version,
            environment: Some(self.environment.clone()),
            env: BTreeMap::new(),
        };
        let report = lint_str(&text, &opts);
        match report.diagnostics.iter().find(|d| d.severity == Severity::Error) {
            Some(d) => Err(self.lint_refusal(d)),
            None => Ok(text),
        }
    }

    /// Lint's error, told as the flag whose value caused it (found by the exporter it names).
    fn lint_refusal(&self, d: &Diagnostic) -> anyhow::Error {
        let culprit = [
            (self.traces_exporter_id(), "--tempo-endpoint", &self.tempo_endpoint),
            (self.metrics_exporter_id(), "--prometheus-endpoint", &self.prometheus_endpoint),
            (self.logs_exporter_id(), "--loki-endpoint", &self.loki_endpoint),
        ]
        .into_iter()
        .find(|(id, _, _)| d.message.contains(&format!("`{id}`")));
        let cause = match culprit {
            Some((_, flag, value)) => format!("{flag} {value:?} gives"),
            None => "these settings give".to_owned(),
        };
        let fix = d.help.as_deref().or_else(|| codes::find(d.code).map(|rule| rule.fix)).unwrap_or_default();
        let hint = format!("{fix} (otelkit lint --explain {})", d.code);
        hinted(format!("{cause} a config otelkit lint rejects: error[{}]: {}", d.code, d.message), hint)
    }

    /// The flags that give this plan, each setting that differs from the built-in default:
    /// what the config's "Regenerate with" line names. A function of the plan alone, so equal
    /// configs have equal headers however they were asked for (never the `-o` path).
    pub fn flags(&self) -> Vec<(&'static str, Option<String>)> {
        let mut flags: Vec<(&'static str, Option<String>)> = Vec::new();
        let mut add = |flag, value: String| flags.push((flag, Some(value)));
        if self.collector_version != collector::DEFAULT {
            add("--collector-version", self.collector_version.to_string());
        }
        if self.mode != CollectorMode::Gateway {
            add("--mode", kebab(&self.mode));
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
        // Only the exporters that write it: the otlp metrics exporter has no namespace.
        if let Some(ns) = self.metric_namespace.as_ref().filter(|_| self.metrics != MetricsExporter::Otlp) {
            add("--metric-namespace", ns.clone());
        }
        if self.environment != DEFAULT_ENVIRONMENT {
            add("--environment", self.environment.clone());
        }
        if self.traces != TracesExporter::Debug && self.tempo_endpoint != DEFAULT_TEMPO_ENDPOINT {
            add("--tempo-endpoint", self.tempo_endpoint.clone());
        }
        if self.metrics != MetricsExporter::Prometheus && self.prometheus_endpoint != DEFAULT_PROMETHEUS_ENDPOINT {
            add("--prometheus-endpoint", self.prometheus_endpoint.clone());
        }
        if self.logs != LogsExporter::Debug && self.loki_endpoint != DEFAULT_LOKI_ENDPOINT {
            add("--loki-endpoint", self.loki_endpoint.clone());
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
        if self.bind == "0.0.0.0" {
            flags.push(("--bind-all", None));
        }
        flags
    }

    /// `program` and `flags` as one shell command line.
    pub fn command(&self, program: &str, flags: &[(&str, Option<String>)]) -> String {
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
    let text = plan.render(&ctx.templates)?;
    let mut flags = plan.flags();
    if let Some(path) = &out.path {
        flags.push(("-o", Some(path.display().to_string())));
    }
    let regenerate = plan.command("otelkit gen collector", &flags);
    output::emit_one(&text, out.path.as_deref(), out.check, &regenerate, ctx.printer)
}
