//! The Prometheus names a generated pipeline produces, for dashboards and alerts to query.

use serde::Serialize;

use super::collector::CollectorPlan;
use crate::collector::choices::MetricsExporter;
use crate::naming::{design_metric, label_name};

/// Metric and label names as they will exist in Prometheus for one pipeline.
#[derive(Debug, Clone, Serialize)]
pub struct PromNames {
    pub http_requests: String,
    pub http_duration: String,
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
}

impl PromNames {
    pub fn for_plan(plan: &CollectorPlan) -> Self {
        // Prometheus's own OTLP receiver does not apply the collector's namespace.
        let ns = match plan.metrics {
            MetricsExporter::Prometheus | MetricsExporter::RemoteWrite => plan.metric_namespace.as_deref(),
            MetricsExporter::Otlp => None,
        };
        let n = |instrument: &str| design_metric(instrument).prometheus_name(ns);
        Self {
            http_requests: n("http.requests"),
            http_duration: n("http.request.duration"),
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
        }
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
