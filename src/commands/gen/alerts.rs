//! `otelkit gen alerts`: Prometheus alerting rules for the services and the pipeline itself.

use std::collections::BTreeMap;

use super::promql::{self_counter, PromNames};
use crate::collector::plan::CollectorPlan;
use crate::commands::context::Context;
use crate::error::ExitStatus;
use crate::output;
use crate::query;
use crate::settings::gen::{AlertOptions, Output};
use crate::templates::{ids, Templates};

pub fn render(plan: &CollectorPlan, opts: &AlertOptions, templates: &Templates) -> anyhow::Result<String> {
    let names = PromNames::for_plan(plan);
    let self_metrics: BTreeMap<&str, String> = [
        ("refused_spans", "receiver_refused_spans"),
        ("refused_metric_points", "receiver_refused_metric_points"),
        ("refused_log_records", "receiver_refused_log_records"),
        ("send_failed_spans", "exporter_send_failed_spans"),
        ("send_failed_metric_points", "exporter_send_failed_metric_points"),
        ("send_failed_log_records", "exporter_send_failed_log_records"),
    ]
    .into_iter()
    .map(|(k, v)| (k, self_counter(v)))
    .collect();
    let naming_note = match &plan.metric_namespace {
        Some(ns) if names.http_requests.starts_with(ns.as_str()) => format!("namespace {ns}, job = service.name"),
        _ => "no namespace, job = service.name".to_owned(),
    };
    /// What rules.yaml is rendered with: the metric names, the collector's own counters, the options.
    #[derive(serde::Serialize)]
    struct Rules<'a> {
        otelkit_version: &'a str,
        n: &'a PromNames,
        #[serde(rename = "self")]
        self_metrics: &'a BTreeMap<&'a str, String>,
        naming_note: String,
        http_error_ratio: String,
        http_latency_p99: String,
        llm_duration_buckets: String,
        chat_tokens: String,
        /// The model label in an alert's template text (inside a YAML double-quoted string).
        model_value: String,
        error_ratio: f64,
        error_ratio_percent: f64,
        latency_p99: f64,
        llm_latency_p99: f64,
        token_burn_per_hour: u64,
        queue_ratio: f64,
        for_duration: &'a str,
        pipeline_for: &'a str,
        runbook: &'a str,
        canary_failed_runs: u32,
        canary_no_success: &'a str,
        canary_no_success_seconds: f64,
    }
    let ctx = Rules {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        n: &names,
        self_metrics: &self_metrics,
        naming_note,
        // Continuation lines indented as in the template's block scalars.
        http_error_ratio: names.http_error_ratio(&[], "5m", "\n            "),
        http_latency_p99: names.http_latency_quantile(0.99, &[], "5m", "\n            "),
        llm_duration_buckets: PromNames::select(&format!("{}_bucket", names.llm_duration), &[]),
        chat_tokens: PromNames::select(&names.chat_tokens, &[]),
        // Go templates reach a label with dots only through `index`.
        model_value: if names.model == names.legend.model {
            format!("$labels.{}", names.model)
        } else {
            format!("index $labels \\\"{}\\\"", names.legend.model)
        },
        error_ratio: opts.error_ratio,
        error_ratio_percent: opts.error_ratio * 100.0,
        latency_p99: opts.latency_p99,
        llm_latency_p99: opts.llm_latency_p99,
        token_burn_per_hour: opts.token_burn_per_hour,
        queue_ratio: opts.queue_ratio,
        for_duration: &opts.for_duration,
        pipeline_for: &opts.pipeline_for,
        runbook: &opts.runbook_url,
        canary_failed_runs: opts.canary_failed_runs,
        canary_no_success: &opts.canary_no_success,
        canary_no_success_seconds: query::prometheus_duration_seconds(&opts.canary_no_success).unwrap_or(900.0),
    };
    templates.render_with(ids::ALERTS_RULES_YAML, &ctx)
}

pub fn run(plan: &CollectorPlan, options: &AlertOptions, out: &Output, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let text = render(plan, options, &ctx.templates)?;
    output::emit_one(&text, out.path.as_deref(), out.check, "otelkit gen alerts", ctx.printer)
}
