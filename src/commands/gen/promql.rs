//! The Prometheus names a generated pipeline produces, for dashboards and alerts to query.

use serde::Serialize;

use crate::collector::choices::MetricsExporter;
use crate::collector::plan::CollectorPlan;
use crate::naming::{design_metric, MetricSpec, TranslationStrategy, HTTP_SERVER_DURATION};
use crate::query;

/// Metric and label names as they will exist in Prometheus for one pipeline. Label fields are
/// as PromQL writes them (quoted when a UTF-8 strategy keeps their dots); `legend` holds the bare
/// names, for Grafana legends and alert templates.
#[derive(Debug, Clone, Serialize)]
pub struct PromNames {
    pub http_requests: String,
    pub http_duration: String,
    /// The semantic conventions' `http.server.request.duration` histogram (base name), which
    /// standard HTTP instrumentation records instead of the design's two HTTP metrics.
    pub http_server_duration: String,
    pub chat_tokens: String,
    pub llm_duration: String,
    pub llm_calls: String,
    pub llm_input_tokens: String,
    pub llm_output_tokens: String,
    pub agents_active: String,
    pub agent_deploy_duration: String,
    /// The label carrying service.name. The generated Prometheus scrape of the collector's
    /// exporter honours its labels, so `job` is service.name in every metrics mode.
    pub service: String,
    pub status_code: String,
    pub route: String,
    pub method: String,
    pub model: String,
    pub token_type: String,
    pub error_type: String,
    pub agent_type: String,
    /// The bare label names of the fields above, by field name.
    pub legend: Legend,
}

/// The label names as they are, unquoted.
#[derive(Debug, Clone, Serialize)]
pub struct Legend {
    pub status_code: String,
    pub route: String,
    pub model: String,
    pub token_type: String,
    pub error_type: String,
    pub agent_type: String,
}

impl PromNames {
    pub fn for_plan(plan: &CollectorPlan) -> Self {
        // Prometheus's own OTLP receiver does not apply the collector's namespace, and names by
        // its own translation strategy; the collector's exporters use the default one.
        let (ns, strategy) = match plan.metrics {
            MetricsExporter::Prometheus | MetricsExporter::RemoteWrite => {
                (plan.metric_namespace.as_deref(), TranslationStrategy::default())
            }
            MetricsExporter::Otlp => (None, plan.translation_strategy),
            // VictoriaMetrics with -opentelemetry.usePrometheusNaming (as gen compose runs it)
            // names like the prometheus exporter, without a namespace.
            MetricsExporter::VictoriaMetrics => (None, TranslationStrategy::default()),
        };
        let name = |m: &MetricSpec| strategy.metric_name(m.instrument, m.unit, m.kind, ns);
        let n = |instrument: &str| name(design_metric(instrument));
        let bare = |key: &str| strategy.label_name(key);
        let legend = Legend {
            status_code: bare("http.response.status_code"),
            route: bare("http.route"),
            model: bare("gen_ai.request.model"),
            token_type: bare("gen_ai.token.type"),
            error_type: bare("error.type"),
            agent_type: bare("agent.type"),
        };
        let label_name = |key: &str| query::label(&bare(key));
        Self {
            http_requests: n("http.requests"),
            http_duration: n("http.request.duration"),
            http_server_duration: name(&HTTP_SERVER_DURATION),
            chat_tokens: n("chat.tokens"),
            llm_duration: n("llm.call.duration"),
            llm_calls: n("llm.calls"),
            llm_input_tokens: n("llm.input.tokens"),
            llm_output_tokens: n("llm.output.tokens"),
            agents_active: n("agents.active"),
            agent_deploy_duration: n("agent.deploy.duration"),
            service: "job".into(),
            status_code: label_name("http.response.status_code"),
            route: label_name("http.route"),
            method: label_name("http.request.method"),
            model: label_name("gen_ai.request.model"),
            token_type: label_name("gen_ai.token.type"),
            error_type: label_name("error.type"),
            agent_type: label_name("agent.type"),
            legend,
        }
    }
}

/// PromQL over HTTP server traffic that shows every service, whichever metric it records: the
/// design's `http_requests_total` / `http_request_duration_seconds` (otelkit's module) where a
/// job has them, else the semantic conventions' `http_server_request_duration_seconds`
/// (otelhttp, otelgin, Python's and Node's HTTP instrumentations). Both carry the status in
/// `http_response_status_code`. `or on (job)` keeps a job that records both from being counted
/// twice or having its two histograms' buckets mixed. `matchers` go in every selector, `sep`
/// joins the two halves (a space, or a newline and indentation in YAML).
impl PromNames {
    /// `metric{matchers}`, the name quoted inside the braces when it is not a legacy one.
    pub fn select(metric: &str, matchers: &[&str]) -> String {
        if matchers.is_empty() && query::is_legacy_metric_name(metric) {
            metric.to_owned()
        } else {
            query::series(metric, &matchers.join(", "))
        }
    }

    /// Requests per second by job (and `by`, e.g. route and status).
    pub fn http_rate(&self, by: &[&str], matchers: &[&str], range: &str, sep: &str) -> String {
        let by = std::iter::once(self.service.as_str()).chain(by.iter().copied()).collect::<Vec<_>>().join(", ");
        let rate = |metric: &str| format!("sum by ({by}) (rate({}[{range}]))", Self::select(metric, matchers));
        format!(
            "{}{sep}or on ({}) {}",
            rate(&self.http_requests),
            self.service,
            rate(&format!("{}_count", self.http_server_duration))
        )
    }

    /// The share of requests answered 5xx, by job; 0 for a job with traffic and no errors.
    pub fn http_error_ratio(&self, matchers: &[&str], range: &str, sep: &str) -> String {
        let status = format!("{}=~\"5..\"", self.status_code);
        let errors: Vec<&str> = matchers.iter().copied().chain([status.as_str()]).collect();
        let ratio = |metric: &str| {
            let (all, failed) = (Self::select(metric, matchers), Self::select(metric, &errors));
            format!(
                "(sum by ({job}) (rate({failed}[{range}]) or rate({all}[{range}]) * 0) / sum by ({job}) (rate({all}[{range}])))",
                job = self.service
            )
        };
        format!(
            "{}{sep}or on ({}) {}",
            ratio(&self.http_requests),
            self.service,
            ratio(&format!("{}_count", self.http_server_duration))
        )
    }

    /// The `q` quantile of request latency, by job.
    pub fn http_latency_quantile(&self, q: f64, matchers: &[&str], range: &str, sep: &str) -> String {
        let buckets = |metric: &str| {
            format!(
                "sum by ({}, le) (rate({}[{range}]))",
                self.service,
                Self::select(&format!("{metric}_bucket"), matchers)
            )
        };
        format!(
            "histogram_quantile({q}, {}{sep}or on ({}) {})",
            buckets(&self.http_duration),
            self.service,
            buckets(&self.http_server_duration)
        )
    }
}

/// A selector for one of the collector's own counters. Collectors before ~v0.120 expose them
/// without `_total` (as the recorded v0.13x one does), later ones with it; match both.
pub fn self_counter(name: &str) -> String {
    format!("{{__name__=~\"otelcol_{name}(_total)?\"}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_counter_matches_both_spellings() {
        assert_eq!(self_counter("exporter_sent_spans"), "{__name__=~\"otelcol_exporter_sent_spans(_total)?\"}");
    }
}
