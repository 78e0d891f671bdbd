//! `otelkit gen collector`: a collector config for the reference architecture.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::collector;
use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, TracesExporter};
use crate::collector::plan::{kebab, CollectorPlan};
use crate::commands::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::lint::{codes, lint_str, Diagnostic, LintOptions, Severity};
use crate::output;
use crate::pipeline::backends::victorialogs;
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

/// One pipeline of the config: its signal, its processors and the exporter it ends in.
#[derive(Debug, Clone, Serialize)]
pub struct Pipeline {
    signal: &'static str,
    processors: Vec<String>,
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
    traces_endpoint: String,
    prometheus_endpoint: String,
    victoriametrics_endpoint: String,
    logs_endpoint: String,
    traces_exporter: String,
    metrics_exporter: String,
    logs_exporter: String,
    headers: Vec<Header>,
    logs_headers: Vec<Header>,
    grpc_tls: Tls,
    http_tls: Tls,
    memory_limit_percentage: u32,
    memory_spike_percentage: u32,
    traces_summary: String,
    metrics_summary: String,
    logs_summary: String,
    pipelines: Vec<Pipeline>,
    /// The processor's name as the release spells it, when this tier adds pod metadata.
    k8s_attributes: Option<&'static str>,
    persistent_queue: bool,
    /// Exporters with an on-disk queue batch in it; their pipelines have no batch processor.
    queue_batch: bool,
    /// Some pipeline still batches in the batch processor.
    batch_processor: bool,
    exports_metrics: bool,
    gateway_exporter: String,
    gateway_endpoint: String,
    sampler_exporter: String,
    sampler_service: String,
    resolver: String,
}

/// The plan as a config: rendered here, not in `collector/`, because it needs the templates and
/// `lint`, which sit above `collector/`.
impl CollectorPlan {
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

    /// The logs exporter's headers: VictoriaLogs takes its tenant as `AccountID`/`ProjectID`
    /// (settings refused a tenant that is not one), every other store as `X-Scope-OrgID`.
    fn logs_headers(&self) -> Vec<Header> {
        let mut headers = self.headers();
        let ids = match (&self.logs, &self.tenant) {
            (LogsExporter::VictoriaLogs, Some(t)) => victorialogs::tenant_headers(t).unwrap_or_default(),
            _ => return headers,
        };
        headers.retain(|h| h.name != "X-Scope-OrgID");
        let ids = ids.into_iter().map(|(name, value)| Header { name: name.into(), value });
        headers.splice(0..0, ids);
        headers
    }

    /// What config.yaml is rendered with: every decision of the plan, spelled for the template.
    pub fn context(&self) -> ConfigContext {
        let logs_endpoint = match self.logs {
            LogsExporter::Loki => format!("{}/otlp", self.loki_endpoint),
            // otlp_http adds /v1/logs to its endpoint.
            LogsExporter::VictoriaLogs => format!("{}/insert/opentelemetry", self.victorialogs_endpoint),
            _ => self.loki_endpoint.clone(),
        };
        let (memory_limit_percentage, memory_spike_percentage) = self.memory_percentages();
        let metrics_target = match self.metrics {
            MetricsExporter::Prometheus => format!("{}:8889/metrics, scraped by Prometheus", self.bind),
            MetricsExporter::RemoteWrite => format!("{}/api/v1/write", self.prometheus_endpoint),
            MetricsExporter::Otlp => format!("{}/api/v1/otlp/v1/metrics", self.prometheus_endpoint),
            MetricsExporter::VictoriaMetrics => format!("{}/opentelemetry/v1/metrics", self.victoriametrics_endpoint),
        };
        let (_, traces_endpoint) = self.traces_endpoint_flag();
        let names = self.names();
        let gateway_exporter = format!("{}/gateway", names.otlp_grpc);
        let sampler_exporter = format!("{}/samplers", names.load_balancing);
        let k8s_attributes =
            matches!(self.mode, CollectorMode::Agent | CollectorMode::LoadBalancer).then_some(names.k8s_attributes);
        let pipelines = self.pipelines(k8s_attributes, &gateway_exporter, &sampler_exporter);
        let batch_processor = pipelines.iter().any(|p| p.processors.iter().any(|n| n == "batch"));
        let (traces_summary, metrics_summary, logs_summary) = match self.mode {
            CollectorMode::Agent => {
                let next = summary(&gateway_exporter, &self.gateway_endpoint);
                (next.clone(), next.clone(), next)
            }
            CollectorMode::LoadBalancer => (
                summary(&sampler_exporter, &format!("{} (by trace id)", self.sampler_service)),
                summary(&self.metrics_exporter_id(), &metrics_target),
                summary(&self.logs_exporter_id(), &logs_endpoint),
            ),
            CollectorMode::Sampler => (
                summary(&self.traces_exporter_id(), traces_endpoint),
                "none (the sampler tier takes traces only)".into(),
                "none (the sampler tier takes traces only)".into(),
            ),
            CollectorMode::Gateway => (
                summary(&self.traces_exporter_id(), traces_endpoint),
                summary(&self.metrics_exporter_id(), &metrics_target),
                summary(&self.logs_exporter_id(), &logs_endpoint),
            ),
        };
        ConfigContext {
            otelkit_version: env!("CARGO_PKG_VERSION"),
            regenerate: crate::collector::plan::command("otelkit gen collector", &self.flags()),
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
            traces_endpoint: traces_endpoint.clone(),
            prometheus_endpoint: self.prometheus_endpoint.clone(),
            victoriametrics_endpoint: self.victoriametrics_endpoint.clone(),
            traces_summary,
            metrics_summary,
            logs_summary,
            logs_endpoint,
            traces_exporter: self.traces_exporter_id(),
            metrics_exporter: self.metrics_exporter_id(),
            logs_exporter: self.logs_exporter_id(),
            headers: self.headers(),
            logs_headers: self.logs_headers(),
            // gRPC to Tempo is plain text unless told otherwise (in-cluster default); HTTP URLs say it themselves.
            grpc_tls: Tls { insecure: self.insecure, ca_file: self.ca_file.clone() },
            http_tls: Tls { insecure: false, ca_file: self.ca_file.clone() },
            memory_limit_percentage,
            memory_spike_percentage,
            pipelines,
            k8s_attributes,
            persistent_queue: self.persistent_queue(),
            queue_batch: self.batches_in_queue(),
            batch_processor,
            exports_metrics: self.exports_metrics(),
            gateway_exporter,
            gateway_endpoint: self.gateway_endpoint.clone(),
            sampler_exporter,
            sampler_service: self.sampler_service.clone(),
            resolver: kebab(&self.resolver),
        }
    }

    /// Each signal's pipeline on this tier: memory_limiter first (it must refuse data before
    /// anything else holds it), batch last but where tail_sampling must see whole traces first,
    /// and none where the exporter batches in its on-disk queue.
    fn pipelines(&self, k8s_attributes: Option<&str>, gateway: &str, samplers: &str) -> Vec<Pipeline> {
        let signals = match self.mode {
            CollectorMode::Agent => {
                [("traces", gateway.to_owned()), ("metrics", gateway.to_owned()), ("logs", gateway.to_owned())].to_vec()
            }
            CollectorMode::Sampler => vec![("traces", self.traces_exporter_id())],
            CollectorMode::LoadBalancer => vec![
                ("traces", samplers.to_owned()),
                ("metrics", self.metrics_exporter_id()),
                ("logs", self.logs_exporter_id()),
            ],
            CollectorMode::Gateway => vec![
                ("traces", self.traces_exporter_id()),
                ("metrics", self.metrics_exporter_id()),
                ("logs", self.logs_exporter_id()),
            ],
        };
        signals
            .into_iter()
            .map(|(signal, exporter)| {
                let mut processors = vec!["memory_limiter".to_owned()];
                processors.extend(k8s_attributes.map(str::to_owned));
                processors.push("resource/environment".into());
                if self.mode == CollectorMode::Sampler {
                    processors.push("tail_sampling".into());
                }
                if !(self.batches_in_queue() && self.queues_on_disk(signal)) {
                    processors.push("batch".into());
                }
                Pipeline { signal, processors, exporter }
            })
            .collect()
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
            (self.traces_exporter_id(), self.traces_endpoint_flag()),
            (self.metrics_exporter_id(), self.metrics_endpoint_flag()),
            (self.logs_exporter_id(), self.logs_endpoint_flag()),
        ]
        .into_iter()
        .find(|(id, _)| d.message.contains(&format!("`{id}`")));
        let cause = match culprit {
            Some((_, (flag, value))) => format!("{flag} {:?} gives", crate::http::redact_unparsed(value)),
            None => "these settings give".to_owned(),
        };
        let fix = d.help.as_deref().or_else(|| codes::find(d.code).map(|rule| rule.fix)).unwrap_or_default();
        let hint = format!("{fix} (otelkit lint --explain {})", d.code);
        hinted(format!("{cause} a config otelkit lint rejects: error[{}]: {}", d.code, d.message), hint)
    }
}

impl CollectorPlan {
    /// memory_limiter's limit and spike, in % of the container's memory limit: an agent shares
    /// its node with the applications and keeps more headroom.
    pub fn memory_percentages(&self) -> (u32, u32) {
        match self.mode {
            CollectorMode::Gateway | CollectorMode::LoadBalancer | CollectorMode::Sampler => (80, 25),
            CollectorMode::Agent => (75, 20),
        }
    }

    /// The flag that sets where traces go, and its value.
    fn traces_endpoint_flag(&self) -> (&'static str, &String) {
        match self.traces {
            TracesExporter::Jaeger => ("--jaeger-endpoint", &self.jaeger_endpoint),
            _ => ("--tempo-endpoint", &self.tempo_endpoint),
        }
    }

    /// The flag that sets where metrics go, and its value.
    fn metrics_endpoint_flag(&self) -> (&'static str, &String) {
        match self.metrics {
            MetricsExporter::VictoriaMetrics => ("--victoriametrics-endpoint", &self.victoriametrics_endpoint),
            _ => ("--prometheus-endpoint", &self.prometheus_endpoint),
        }
    }

    /// The flag that sets where logs go, and its value.
    fn logs_endpoint_flag(&self) -> (&'static str, &String) {
        match self.logs {
            LogsExporter::VictoriaLogs => ("--victorialogs-endpoint", &self.victorialogs_endpoint),
            _ => ("--loki-endpoint", &self.loki_endpoint),
        }
    }
}

fn summary(exporter: &str, target: &str) -> String {
    if exporter == "debug" {
        "debug (the collector's own log)".into()
    } else {
        format!("{exporter} -> {target}")
    }
}

pub fn run(plan: &CollectorPlan, out: &Output, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let text = plan.render(&ctx.templates)?;
    let mut flags = plan.flags();
    if let Some(path) = &out.path {
        flags.push(("-o", Some(path.display().to_string())));
    }
    let regenerate = crate::collector::plan::command("otelkit gen collector", &flags);
    output::emit_one(&text, out.path.as_deref(), out.check, &regenerate, ctx.printer)
}
