//! `otelkit gen alerts`: Prometheus alerting rules for the services and the pipeline itself.

use std::collections::BTreeMap;

use super::collector::CollectorPlan;
use super::promql::{self_counter, PromNames};
use crate::cli::GenAlertsArgs;
use crate::commands::Context;
use crate::error::{hinted, ExitStatus};
use crate::output;
use crate::templates::Templates;

/// Thresholds and durations, validated.
#[derive(Debug, Clone)]
pub struct AlertOptions {
    pub error_ratio: f64,
    pub latency_p99: f64,
    pub llm_latency_p99: f64,
    pub token_burn_per_hour: u64,
    pub queue_ratio: f64,
    pub for_duration: String,
    pub pipeline_for: String,
    pub canary_failed_runs: u32,
    pub canary_no_success: String,
    pub runbook_url: String,
}

/// The same defaults as the command line's.
impl Default for AlertOptions {
    fn default() -> Self {
        Self {
            error_ratio: 0.05,
            latency_p99: 1.0,
            llm_latency_p99: 30.0,
            token_burn_per_hour: 1_000_000,
            queue_ratio: 0.8,
            for_duration: "5m".into(),
            pipeline_for: "5m".into(),
            canary_failed_runs: 3,
            canary_no_success: "15m".into(),
            runbook_url: "https://github.com/otelkit/otelkit/blob/main/docs/runbooks.md".into(),
        }
    }
}

impl AlertOptions {
    pub fn from_args(args: &GenAlertsArgs) -> anyhow::Result<Self> {
        for (flag, value) in [("--error-ratio", args.error_ratio), ("--queue-ratio", args.queue_ratio)] {
            if !(value > 0.0 && value < 1.0) {
                return Err(hinted(format!("{flag} {value} is not a ratio between 0 and 1"), "e.g. 0.05 for 5%"));
            }
        }
        for (flag, value) in [("--latency-p99", args.latency_p99), ("--llm-latency-p99", args.llm_latency_p99)] {
            if !(value > 0.0 && value.is_finite()) {
                return Err(hinted(format!("{flag} {value} is not a positive number of seconds"), "e.g. 0.5"));
            }
        }
        if args.canary_failed_runs == 0 {
            return Err(hinted("--canary-failed-runs 0: a check cannot fail zero runs in a row", "e.g. 3"));
        }
        for (flag, value) in [
            ("--for", &args.for_duration),
            ("--pipeline-for", &args.pipeline_for),
            ("--canary-no-success", &args.canary_no_success),
        ] {
            if !is_prometheus_duration(value) {
                return Err(hinted(format!("{flag} {value:?} is not a Prometheus duration"), "e.g. 30s, 5m, 1h"));
            }
        }
        Ok(Self {
            error_ratio: args.error_ratio,
            latency_p99: args.latency_p99,
            llm_latency_p99: args.llm_latency_p99,
            token_burn_per_hour: args.token_burn_per_hour,
            queue_ratio: args.queue_ratio,
            for_duration: args.for_duration.clone(),
            pipeline_for: args.pipeline_for.clone(),
            canary_failed_runs: args.canary_failed_runs,
            canary_no_success: args.canary_no_success.clone(),
            runbook_url: args.runbook_url.clone(),
        })
    }
}

/// `5m`, `1h30m`, `250ms`: one or more number-unit pairs, as Prometheus parses durations.
fn is_prometheus_duration(text: &str) -> bool {
    prometheus_duration_seconds(text).is_some()
}

/// A Prometheus duration in seconds; None when it is not one.
fn prometheus_duration_seconds(text: &str) -> Option<f64> {
    let mut rest = text;
    if rest.is_empty() {
        return None;
    }
    let mut seconds = 0.0;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let units = [
            ("ms", 0.001),
            ("s", 1.0),
            ("m", 60.0),
            ("h", 3600.0),
            ("d", 86_400.0),
            ("w", 604_800.0),
            ("y", 31_536_000.0),
        ];
        let (unit, factor) = units.into_iter().find(|(u, _)| rest.starts_with(u))?;
        seconds += number * factor;
        rest = &rest[unit.len()..];
    }
    Some(seconds)
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
    let mut ctx = tera::Context::new();
    ctx.insert("otelkit_version", env!("CARGO_PKG_VERSION"));
    ctx.insert("n", &names);
    ctx.insert("self", &self_metrics);
    let naming_note = match &plan.metric_namespace {
        Some(ns) if names.http_requests.starts_with(ns.as_str()) => format!("namespace {ns}, job = service.name"),
        _ => "no namespace, job = service.name".to_owned(),
    };
    ctx.insert("naming_note", &naming_note);
    ctx.insert("error_ratio", &opts.error_ratio);
    ctx.insert("error_ratio_percent", &(opts.error_ratio * 100.0));
    ctx.insert("latency_p99", &opts.latency_p99);
    ctx.insert("llm_latency_p99", &opts.llm_latency_p99);
    ctx.insert("token_burn_per_hour", &opts.token_burn_per_hour);
    ctx.insert("queue_ratio", &opts.queue_ratio);
    ctx.insert("for_duration", &opts.for_duration);
    ctx.insert("pipeline_for", &opts.pipeline_for);
    ctx.insert("runbook", &opts.runbook_url);
    ctx.insert("canary_failed_runs", &opts.canary_failed_runs);
    ctx.insert("canary_no_success", &opts.canary_no_success);
    ctx.insert("canary_no_success_seconds", &prometheus_duration_seconds(&opts.canary_no_success).unwrap_or(900.0));
    templates.render("alerts/rules.yaml", &ctx)
}

pub fn run(args: &GenAlertsArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let plan = CollectorPlan::resolve(&ctx.settings, &args.collector, true)?;
    let opts = AlertOptions::from_args(args)?;
    let text = render(&plan, &opts, &ctx.templates)?;
    output::emit_one(&text, args.out.output.as_deref(), args.out.check, "otelkit gen alerts", ctx.printer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn defaults_match_the_command_line() {
        let cli = crate::cli::Cli::try_parse_from(["otelkit", "gen", "alerts"]).unwrap();
        let crate::cli::Command::Gen(crate::cli::GenCommand::Alerts(args)) = cli.command else { panic!("parsed") };
        let from_cli = AlertOptions::from_args(&args).unwrap();
        assert_eq!(format!("{from_cli:?}"), format!("{:?}", AlertOptions::default()));
    }

    #[test]
    fn durations() {
        for ok in ["5m", "30s", "1h30m", "250ms", "2d"] {
            assert!(is_prometheus_duration(ok), "{ok}");
        }
        for bad in ["", "5", "m5", "5 m", "1.5h", "5min"] {
            assert!(!is_prometheus_duration(bad), "{bad}");
        }
        assert_eq!(prometheus_duration_seconds("1h30m"), Some(5400.0));
        assert_eq!(prometheus_duration_seconds("250ms"), Some(0.25));
    }
}
