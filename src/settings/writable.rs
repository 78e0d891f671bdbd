//! A collector plan's values checked before any file is written: those the config writes as they
//! are (endpoints, the namespace) must read back as one YAML word, those it quotes must stay on
//! their line. A refusal names where the value came from (the flag, the environment variable or
//! the otelkit.toml key: the user fixes it there) and shows it redacted: endpoints carry passwords.

use super::Settings;
use crate::cli::CollectorArgs;
use crate::collector::choices::LogsExporter;
use crate::collector::plan::CollectorPlan;
use crate::error::hinted;
use crate::http::RedactedText;

/// Everything [`super::gen::collector_plan`] refuses once the plan is resolved.
pub fn check_plan(plan: &CollectorPlan, args: &CollectorArgs, settings: &Settings) -> anyhow::Result<()> {
    let file = &settings.file.collector;
    let from = |flag: &'static str, given: &Option<String>, key: &str, in_file: &Option<String>| -> String {
        if given.is_none() && in_file.is_some() {
            format!("otelkit.toml [collector] {key}")
        } else {
            flag.to_owned()
        }
    };
    let namespace_from = match (&args.metric_namespace, settings.env("OTELKIT_METRIC_NAMESPACE")) {
        (None, Some(_)) => "OTELKIT_METRIC_NAMESPACE".to_owned(),
        _ => from("--metric-namespace", &args.metric_namespace, "metric_namespace", &file.metric_namespace),
    };
    let words = [
        (
            from("--tempo-endpoint", &args.tempo_endpoint, "tempo_endpoint", &file.tempo_endpoint),
            Some(&plan.tempo_endpoint),
            "tempo:4317",
        ),
        (
            from("--jaeger-endpoint", &args.jaeger_endpoint, "jaeger_endpoint", &file.jaeger_endpoint),
            Some(&plan.jaeger_endpoint),
            "jaeger:4317",
        ),
        (
            from("--prometheus-endpoint", &args.prometheus_endpoint, "prometheus_endpoint", &file.prometheus_endpoint),
            Some(&plan.prometheus_endpoint),
            "http://prometheus:9090",
        ),
        (
            from(
                "--victoriametrics-endpoint",
                &args.victoriametrics_endpoint,
                "victoriametrics_endpoint",
                &file.victoriametrics_endpoint,
            ),
            Some(&plan.victoriametrics_endpoint),
            "http://victoriametrics:8428",
        ),
        (
            from("--loki-endpoint", &args.loki_endpoint, "loki_endpoint", &file.loki_endpoint),
            Some(&plan.loki_endpoint),
            "http://loki:3100",
        ),
        (
            from(
                "--victorialogs-endpoint",
                &args.victorialogs_endpoint,
                "victorialogs_endpoint",
                &file.victorialogs_endpoint,
            ),
            Some(&plan.victorialogs_endpoint),
            "http://victorialogs:9428",
        ),
        (namespace_from, plan.metric_namespace.as_ref(), "agentstack"),
    ];
    for (source, value, example) in words {
        if let Some(value) = value {
            super::gen::check_word(&source, value, example)?;
        }
    }
    let quoted = [
        ("--environment", Some(&plan.environment)),
        ("--tenant", plan.tenant.as_ref()),
        ("--ca-file", plan.ca_file.as_ref()),
    ];
    for (flag, value) in quoted {
        if value.is_some_and(|v| v.chars().any(char::is_control)) {
            return Err(hinted(
                format!("{flag} contains a control character (a newline?)"),
                "give it as one line of text",
            ));
        }
    }
    let gateway_from = from("--gateway-endpoint", &args.gateway_endpoint, "gateway_endpoint", &file.gateway_endpoint);
    super::tiers::check_tiers(plan, &gateway_from)?;
    if let (LogsExporter::VictoriaLogs, Some(tenant)) = (plan.logs, &plan.tenant) {
        crate::pipeline::backends::victorialogs::tenant_headers(tenant)
            .map_err(|why| hinted(why, "e.g. --tenant 12 (AccountID 12) or --tenant 12:3 (ProjectID 3)"))?;
    }
    Ok(())
}

/// How a refused value is shown: redacted, quoted, escaped.
pub fn shown(value: &str) -> String {
    format!("{:?}", RedactedText::new(value))
}
