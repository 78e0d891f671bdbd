//! Resolving `gen`'s flags with the environment and otelkit.toml into what each generator writes:
//! the collector plan every generator shares, and each one's own choices.

use std::path::PathBuf;

use super::tiers::{not_for, Generated};
use super::{pick, url, Settings};
use crate::cli::{
    CiEndpoints, CiProvider, CollectorArgs, GenAlertsArgs, GenCiArgs, GenCommand, GenK8sArgs, CANARY_INTERVAL,
    K8S_NAMESPACE, K8S_REPLICAS,
};
use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, Resolver, TracesExporter};
use crate::collector::plan::{
    CollectorPlan, DEFAULT_GATEWAY_ENDPOINT, DEFAULT_JAEGER_ENDPOINT, DEFAULT_LOKI_ENDPOINT,
    DEFAULT_PROMETHEUS_ENDPOINT, DEFAULT_SAMPLER_SERVICE, DEFAULT_TEMPO_ENDPOINT, DEFAULT_VICTORIALOGS_ENDPOINT,
    DEFAULT_VICTORIAMETRICS_ENDPOINT,
};
use crate::error::hinted;
use crate::naming::TranslationStrategy;
use crate::query::prometheus_duration_seconds;

/// Where one generated file goes, and whether to compare only.
#[derive(Debug, Clone)]
pub struct Output {
    pub path: Option<PathBuf>,
    pub check: bool,
}

/// `gen k8s`, resolved.
#[derive(Debug, Clone)]
pub struct K8sSettings {
    pub plan: CollectorPlan,
    pub namespace: String,
    pub replicas: u32,
    /// A ServiceMonitor instead of prometheus.io annotations.
    pub prometheus_operator: bool,
    /// One file per resource into this directory, instead of one stream.
    pub dir: Option<PathBuf>,
    pub out: Output,
    /// The canary's image and interval, when `--canary`.
    pub canary: Option<(String, String)>,
    /// The k8s flags that differ from their defaults, for the stream's "Regenerate with" line.
    pub flags: Vec<(&'static str, Option<String>)>,
}

/// Where Grafana reaches the backends, and where it reads dashboards from.
#[derive(Debug, Clone)]
pub struct GrafanaTargets {
    pub prometheus_url: String,
    pub tempo_url: String,
    pub loki_url: String,
    pub jaeger_url: String,
    pub victoriametrics_url: String,
    pub victorialogs_url: String,
    pub dashboards_path: String,
}

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

/// What shapes the job.
#[derive(Debug, Clone)]
pub struct CiOptions {
    pub provider: CiProvider,
    pub endpoints: CiEndpoints,
    pub service_cmd: Option<String>,
    /// The otelkit release the job installs.
    pub version: String,
}

/// Each generator, resolved.
#[derive(Debug, Clone)]
pub enum GenSettings {
    Collector { plan: CollectorPlan, out: Output },
    K8s(K8sSettings),
    Compose { plan: CollectorPlan, dir: PathBuf, check: bool },
    Grafana { plan: CollectorPlan, targets: GrafanaTargets, dir: PathBuf, check: bool },
    Alerts { plan: CollectorPlan, options: AlertOptions, out: Output },
    Ci { options: CiOptions, out: Output },
}

pub fn gen(command: &GenCommand, settings: &Settings) -> anyhow::Result<GenSettings> {
    Ok(match command {
        GenCommand::Collector(a) => GenSettings::Collector {
            plan: plan_for(settings, &a.collector, false, Generated::Config)?,
            out: Output { path: a.out.output.clone(), check: a.out.check },
        },
        GenCommand::K8s(a) if a.replicas == 0 => {
            return Err(hinted(
                "--replicas 0: the gateway would run no collector",
                "at least 1 (2 or more to keep a collector up through a node drain)",
            ))
        }
        GenCommand::K8s(a) => GenSettings::K8s(K8sSettings {
            plan: k8s_plan(settings, a)?,
            namespace: a.namespace.clone(),
            replicas: a.replicas,
            prometheus_operator: a.prometheus_operator,
            dir: a.dir.clone(),
            out: Output { path: a.output.clone(), check: a.check },
            canary: a.canary.then(|| (a.image.clone().unwrap_or_default(), a.canary_interval.clone())),
            flags: k8s_flags(a),
        }),
        GenCommand::Compose(a) => GenSettings::Compose {
            plan: plan_for(settings, &a.collector, true, Generated::Config)?,
            dir: a.dir.clone(),
            check: a.check,
        },
        GenCommand::Grafana(a) => GenSettings::Grafana {
            plan: plan_for(settings, &a.collector, true, Generated::TierFree("gen grafana"))?,
            targets: GrafanaTargets {
                prometheus_url: a.grafana_prometheus_url.clone(),
                tempo_url: a.grafana_tempo_url.clone(),
                loki_url: a.grafana_loki_url.clone(),
                jaeger_url: a.grafana_jaeger_url.clone(),
                victoriametrics_url: a.grafana_victoriametrics_url.clone(),
                victorialogs_url: a.grafana_victorialogs_url.clone(),
                dashboards_path: a.dashboards_path.clone(),
            },
            dir: a.dir.clone(),
            check: a.check,
        },
        GenCommand::Ci(a) => {
            GenSettings::Ci { options: ci_options(a)?, out: Output { path: a.out.output.clone(), check: a.out.check } }
        }
        GenCommand::Alerts(a) => GenSettings::Alerts {
            plan: plan_for(settings, &a.collector, true, Generated::TierFree("gen alerts"))?,
            options: alert_options(a)?,
            out: Output { path: a.out.output.clone(), check: a.out.check },
        },
    })
}

/// The plan, with the tier flags that change nothing in what is `generated` refused.
fn plan_for(
    settings: &Settings,
    args: &CollectorArgs,
    container: bool,
    generated: Generated,
) -> anyhow::Result<CollectorPlan> {
    let plan = collector_plan(settings, args, container)?;
    super::tiers::check_flags(&plan, args, generated)?;
    Ok(plan)
}

fn k8s_plan(settings: &Settings, a: &GenK8sArgs) -> anyhow::Result<CollectorPlan> {
    let plan = plan_for(settings, &a.collector, true, Generated::Manifests { canary: a.canary })?;
    // The agents' DaemonSet runs one per node. (A value equal to the default is not told from none.)
    if plan.mode == CollectorMode::Agent && a.replicas != K8S_REPLICAS {
        return Err(not_for(
            "--replicas",
            &[CollectorMode::Gateway, CollectorMode::LoadBalancer, CollectorMode::Sampler],
            plan.mode,
        ));
    }
    Ok(plan)
}

fn k8s_flags(a: &GenK8sArgs) -> Vec<(&'static str, Option<String>)> {
    let mut flags = Vec::new();
    if a.namespace != K8S_NAMESPACE {
        flags.push(("--namespace", Some(a.namespace.clone())));
    }
    if a.replicas != K8S_REPLICAS {
        flags.push(("--replicas", Some(a.replicas.to_string())));
    }
    if a.prometheus_operator {
        flags.push(("--prometheus-operator", None));
    }
    if a.canary {
        flags.push(("--canary", None));
        flags.push(("--image", a.image.clone()));
        if a.canary_interval != CANARY_INTERVAL {
            flags.push(("--canary-interval", Some(a.canary_interval.clone())));
        }
    }
    flags
}

/// Every decision behind a collector config. `container`: the file runs in a container or pod,
/// so listeners bind 0.0.0.0.
pub fn collector_plan(settings: &Settings, args: &CollectorArgs, container: bool) -> anyhow::Result<CollectorPlan> {
    let file = &settings.file.collector;
    let collector_version = settings.collector_release(args.collector_version.as_deref())?;
    let auth_token_env = args.auth_token_env.clone().or_else(|| file.auth_token_env.clone());
    if let Some(var) = &auth_token_env {
        if var.is_empty()
            || !var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || var.starts_with(|c: char| c.is_ascii_digit())
        {
            return Err(hinted(
                // The value is not echoed: a user who got this wrong may have pasted the token itself.
                "--auth-token-env takes the name of an environment variable (letters, digits, _), not a value",
                "pass the NAME of the variable holding the token (e.g. BACKEND_TOKEN), never the token itself",
            ));
        }
    }
    let bind = if container || args.bind_all { "0.0.0.0" } else { "localhost" };
    let plan = CollectorPlan {
        collector_version,
        mode: args.mode.or(file.mode).unwrap_or(CollectorMode::Gateway),
        resolver: args.resolver.or(file.resolver).unwrap_or(Resolver::K8s),
        traces: args.traces.or(file.traces).unwrap_or(TracesExporter::Tempo),
        metrics: args.metrics.or(file.metrics).unwrap_or(MetricsExporter::Prometheus),
        logs: args.logs.or(file.logs).unwrap_or(LogsExporter::Loki),
        metric_namespace: settings.metric_namespace(args.metric_namespace.as_deref()),
        translation_strategy: translation_strategy(settings, args)?,
        environment: settings.environment(args.environment.as_deref()),
        bind: bind.to_owned(),
        tempo_endpoint: pick(&args.tempo_endpoint, &file.tempo_endpoint, DEFAULT_TEMPO_ENDPOINT),
        jaeger_endpoint: pick(&args.jaeger_endpoint, &file.jaeger_endpoint, DEFAULT_JAEGER_ENDPOINT),
        prometheus_endpoint: url(&args.prometheus_endpoint, &file.prometheus_endpoint, DEFAULT_PROMETHEUS_ENDPOINT),
        victoriametrics_endpoint: url(
            &args.victoriametrics_endpoint,
            &file.victoriametrics_endpoint,
            DEFAULT_VICTORIAMETRICS_ENDPOINT,
        ),
        loki_endpoint: url(&args.loki_endpoint, &file.loki_endpoint, DEFAULT_LOKI_ENDPOINT),
        victorialogs_endpoint: url(
            &args.victorialogs_endpoint,
            &file.victorialogs_endpoint,
            DEFAULT_VICTORIALOGS_ENDPOINT,
        ),
        gateway_endpoint: pick(&args.gateway_endpoint, &file.gateway_endpoint, DEFAULT_GATEWAY_ENDPOINT),
        sampler_service: pick(&args.sampler_service, &file.sampler_service, DEFAULT_SAMPLER_SERVICE),
        agent_disk_queue: args.persistent_queue || file.persistent_queue.unwrap_or(false),
        tenant: settings.tenant(args.tenant.as_deref()),
        auth_token_env,
        ca_file: args.ca_file.clone().or_else(|| file.ca_file.clone()),
        insecure: args.insecure.or(file.insecure).unwrap_or(args.ca_file.is_none() && file.ca_file.is_none()),
    };
    super::writable::check_plan(&plan, args, settings)?;
    Ok(plan)
}

/// `--translation-strategy`, else `OTELKIT_TRANSLATION_STRATEGY`, else `[collector]
/// translation_strategy`, else Prometheus's default.
fn translation_strategy(settings: &Settings, args: &CollectorArgs) -> anyhow::Result<TranslationStrategy> {
    if let Some(s) = args.translation_strategy {
        return Ok(s);
    }
    match settings.env("OTELKIT_TRANSLATION_STRATEGY").filter(|v| !v.is_empty()) {
        Some(v) => TranslationStrategy::from_name(v).ok_or_else(|| {
            hinted(
                format!("OTELKIT_TRANSLATION_STRATEGY={v} is not a translation strategy"),
                "one of UnderscoreEscapingWithSuffixes, UnderscoreEscapingWithoutSuffixes, NoUTF8EscapingWithSuffixes, NoTranslation",
            )
        }),
        None => Ok(settings.file.collector.translation_strategy.unwrap_or_default()),
    }
}

/// A value the collector config writes as it is: one YAML word. `flag`: where it came from.
pub fn check_word(flag: &str, value: &str, example: &str) -> anyhow::Result<()> {
    let word = value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && !value.chars().any(|c| c.is_whitespace() || c.is_control());
    if word {
        Ok(())
    } else {
        Err(hinted(
            format!("{flag} {} cannot be written into the collector config", super::writable::shown(value)),
            format!("one word starting with a letter or digit, no spaces: e.g. {example}"),
        ))
    }
}

pub fn alert_options(args: &GenAlertsArgs) -> anyhow::Result<AlertOptions> {
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
        if prometheus_duration_seconds(value).is_none() {
            return Err(hinted(format!("{flag} {value:?} is not a Prometheus duration"), "e.g. 30s, 5m, 1h"));
        }
    }
    Ok(AlertOptions {
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

pub fn ci_options(args: &GenCiArgs) -> anyhow::Result<CiOptions> {
    let version = args.otelkit_version.clone().unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_owned());
    let version = version.strip_prefix('v').unwrap_or(&version).to_owned();
    if !is_release_version(&version) {
        return Err(hinted(
            format!("--otelkit-version {version:?} is not a release version"),
            "e.g. 0.1.0 (a tag v0.1.0 of the release)",
        ));
    }
    let service_cmd = match args.service_cmd.as_deref().map(str::trim) {
        Some("") => return Err(hinted("--service-cmd is empty", "e.g. --service-cmd './bin/api'")),
        // The job's header names the command that regenerates it, on one comment line.
        Some(cmd) if cmd.contains(char::is_control) => {
            return Err(hinted(
                "--service-cmd has a control character (a newline?)",
                "one line: e.g. --service-cmd './bin/api --port 8080'",
            ))
        }
        other => other.map(str::to_owned),
    };
    Ok(CiOptions { provider: args.provider, endpoints: args.endpoints, service_cmd, version })
}

/// `1.2.3`, `1.2.3-rc.1`: what a release tag `v<version>` carries.
pub fn is_release_version(v: &str) -> bool {
    let (core, pre) = match v.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && pre.is_none_or(|p| {
            !p.is_empty() && p.split('.').all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn alert_defaults_match_the_command_line() {
        let cli = crate::cli::Cli::try_parse_from(["otelkit", "gen", "alerts"]).unwrap();
        let crate::cli::Command::Gen(GenCommand::Alerts(args)) = cli.command else { panic!("parsed") };
        let from_cli = alert_options(&args).unwrap();
        assert_eq!(format!("{from_cli:?}"), format!("{:?}", AlertOptions::default()));
    }

    #[test]
    fn release_versions() {
        for ok in ["0.1.0", "1.22.333", "1.0.0-rc.1", "2.0.0-beta"] {
            assert!(is_release_version(ok), "{ok}");
        }
        for bad in ["", "1.0", "1.0.0.0", "1.0.x", "latest", "1.0.0-", "1.0.0-a..b", "1.0.0 ; rm -rf /", "1.0.0-$(x)"] {
            assert!(!is_release_version(bad), "{bad}");
        }
    }
}
