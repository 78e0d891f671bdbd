//! `otelkit gen alerts`: Prometheus alerting rules for the services and the pipeline itself.

use std::collections::BTreeMap;
use std::path::Path;

use super::promql::{self_counter, PromNames};
use super::{plan_flags, regenerate, Flag, METRIC_NAME_FLAGS};
use crate::collector::plan::CollectorPlan;
use crate::commands::context::Context;
use crate::error::ExitStatus;
use crate::output;
use crate::query;
use crate::settings::gen::{AlertOptions, Output};
use crate::templates::{ids, Templates};

/// The command that regenerates the rules: the header names it without `-o` (as the collector
/// config's does, so `--check` sees no drift in how the file was named), the drift message with.
pub fn command(plan: &CollectorPlan, opts: &AlertOptions, path: Option<&Path>) -> String {
    let mut flags = plan_flags(plan, METRIC_NAME_FLAGS);
    flags.extend(option_flags(opts));
    regenerate("otelkit gen alerts", flags, path.map(|p| ("-o", p)))
}

/// The thresholds and durations that differ from the defaults, as flags.
fn option_flags(opts: &AlertOptions) -> Vec<Flag> {
    let d = AlertOptions::default();
    let mut flags = Vec::new();
    let numbers = [
        ("--error-ratio", opts.error_ratio, d.error_ratio),
        ("--latency-p99", opts.latency_p99, d.latency_p99),
        ("--llm-latency-p99", opts.llm_latency_p99, d.llm_latency_p99),
        ("--queue-ratio", opts.queue_ratio, d.queue_ratio),
    ];
    for (flag, value, default) in numbers {
        if value != default {
            flags.push((flag, Some(value.to_string())));
        }
    }
    if opts.token_burn_per_hour != d.token_burn_per_hour {
        flags.push(("--token-burn-per-hour", Some(opts.token_burn_per_hour.to_string())));
    }
    if opts.canary_failed_runs != d.canary_failed_runs {
        flags.push(("--canary-failed-runs", Some(opts.canary_failed_runs.to_string())));
    }
    let texts = [
        ("--for", &opts.for_duration, &d.for_duration),
        ("--pipeline-for", &opts.pipeline_for, &d.pipeline_for),
        ("--canary-no-success", &opts.canary_no_success, &d.canary_no_success),
        ("--runbook-url", &opts.runbook_url, &d.runbook_url),
    ];
    for (flag, value, default) in texts {
        if value != default {
            flags.push((flag, Some(value.clone())));
        }
    }
    flags
}

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
        regenerate: String,
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
        regenerate: command(plan, opts, None),
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
    let regenerate = command(plan, options, out.path.as_deref());
    output::emit_one(&text, out.path.as_deref(), out.check, &regenerate, ctx.printer)
}
