//! Resolving smoke-test's and doctor's flags, the OTEL_* variables and otelkit.toml into what the
//! pipeline layer runs: a [`Plan`] and the collector's addresses. Validation happens here, once,
//! before anything is sent.

use std::path::PathBuf;
use std::time::Duration;

use super::{parse_resource_attributes, Settings};
use crate::cli::{BackendArgs, CanaryArgs, DoctorArgs, OtlpArgs, SmokeTestArgs, TimeoutArgs};
use crate::collector::choices::MetricsExporter;
use crate::error::hinted;
use crate::http::{self, Auth, RedactedUrl, Secret, TlsOptions};
use crate::pipeline::backends::Backend;
use crate::pipeline::hops::tiers::Tier;
use crate::pipeline::otlp::{checked_header, OtlpFlags, OtlpTarget, Protocol};
use crate::pipeline::probes::CollectorUrls;
use crate::pipeline::smoke::Plan;
use crate::signal::Signal;
use crate::stores::LogStore;

/// What a synthetic run is made of, whichever command asks for one.
pub struct PlanInputs<'a> {
    pub backends: &'a BackendArgs,
    pub otlp_endpoint: Option<String>,
    pub protocol: Option<Protocol>,
    pub service_name: Option<String>,
    pub signals: Vec<Signal>,
    pub timeout: Duration,
    pub unreachable_grace: Duration,
    pub run_id: Option<String>,
}

impl<'a> PlanInputs<'a> {
    /// The inputs of a synthetic run from the shared flag groups.
    pub fn new(backends: &'a BackendArgs, otlp: &OtlpArgs, timeout: &TimeoutArgs, run_id: Option<String>) -> Self {
        Self {
            backends,
            otlp_endpoint: otlp.endpoint.otlp_endpoint.clone(),
            protocol: otlp.protocol,
            service_name: otlp.service_name.clone(),
            signals: otlp.signals.clone(),
            timeout: timeout.timeout,
            unreachable_grace: timeout.unreachable_grace,
            run_id,
        }
    }
}

/// `smoke-test`, resolved.
pub struct SmokeTestSettings {
    pub plan: Plan,
    pub explain: bool,
    pub junit: Option<PathBuf>,
    /// The collector to diagnose when the run fails (`--diagnose`).
    pub diagnose: Option<(CollectorUrls, TlsOptions)>,
    /// How the collector hands metrics to Prometheus (otelkit.toml), for `--diagnose`.
    pub metrics: MetricsExporter,
}

/// `doctor`, resolved.
pub struct DoctorSettings {
    pub plan: Plan,
    pub collector: CollectorUrls,
    pub tls: TlsOptions,
    /// Send one smoke run to follow hop by hop.
    pub emit: bool,
    /// How the collector hands metrics to Prometheus (`gen collector --metrics`): the hop checked.
    pub metrics: MetricsExporter,
    pub junit: Option<PathBuf>,
}

pub fn tls_of(backends: &BackendArgs) -> TlsOptions {
    TlsOptions {
        ca_file: backends.ca_file.clone(),
        insecure_skip_verify: backends.insecure_skip_verify,
        ..Default::default()
    }
}

pub fn smoke_test(args: &SmokeTestArgs, settings: &Settings) -> anyhow::Result<SmokeTestSettings> {
    let plan = plan(&PlanInputs::new(&args.backends, &args.otlp, &args.timeout, args.report.run_id.clone()), settings)?;
    let diagnose = if args.diagnose {
        // The collector the run was sent to: its OTLP/HTTP base (the export URL less its
        // `/v1/<signal>`) and gRPC address from the export targets; the rest on the same host.
        let http_base = plan.targets.iter().find(|t| t.protocol == Protocol::HttpProtobuf).map(|t| {
            let path = t.url.path().rsplit_once("/v1/").map_or(t.url.path(), |(base, _)| base);
            t.url.sibling(t.url.scheme(), t.url.port_or_known_default().unwrap_or(4318), path)
        });
        let grpc = plan.targets.iter().find(|t| t.protocol == Protocol::Grpc).map(|t| t.url.clone());
        let http_base = match (http_base, &grpc) {
            (Some(h), _) => h,
            (None, Some(g)) => g.sibling(g.scheme(), 4318, "/"),
            (None, None) => RedactedUrl::parse("http://localhost:4318").expect("a URL"),
        };
        let urls = collector_urls(settings, http_base, grpc, None, &args.telemetry.telemetry_url)?;
        Some((urls, tls_of(&args.backends)))
    } else {
        None
    };
    let metrics = metrics_mode(None, settings);
    Ok(SmokeTestSettings { plan, explain: args.explain, junit: junit_file(&args.report.junit)?, diagnose, metrics })
}

/// `canary`, resolved: smoke-test's plan (a fresh run id each run) and how often to run it.
pub struct CanarySettings {
    pub plan: Plan,
    pub interval: Duration,
    /// Stop after this many runs; None: until stopped.
    pub count: Option<u64>,
    pub listen: std::net::SocketAddr,
}

pub fn canary(args: &CanaryArgs, settings: &Settings) -> anyhow::Result<CanarySettings> {
    let plan = plan(&PlanInputs::new(&args.backends, &args.otlp, &args.timeout, None), settings)?;
    Ok(CanarySettings { plan, interval: args.interval, count: args.count, listen: args.listen })
}

pub fn doctor(args: &DoctorArgs, settings: &Settings) -> anyhow::Result<DoctorSettings> {
    // Doctor's smoke run: its own endpoint over OTLP/HTTP, all signals.
    let plan = plan(
        &PlanInputs {
            backends: &args.backends,
            otlp_endpoint: args.otlp.otlp_endpoint.clone(),
            protocol: Some(Protocol::HttpProtobuf),
            service_name: None,
            signals: Signal::ALL.to_vec(),
            timeout: args.timeout.timeout,
            unreachable_grace: args.timeout.unreachable_grace,
            run_id: args.report.run_id.clone(),
        },
        settings,
    )?;
    let otlp_http = settings
        .pick(
            args.otlp.otlp_endpoint.as_deref(),
            &["OTEL_EXPORTER_OTLP_ENDPOINT"],
            settings.file.collector.otlp_endpoint.as_deref(),
        )
        .unwrap_or_else(|| "http://localhost:4318".into());
    let otlp_http = RedactedUrl::parse_setting(&otlp_http, "OTLP endpoint", "http://localhost:4318")?;
    let grpc = args
        .otlp_grpc_endpoint
        .as_deref()
        .map(|g| RedactedUrl::parse_setting(g, "--otlp-grpc-endpoint", "http://localhost:4317"))
        .transpose()?;
    let collector =
        collector_urls(settings, otlp_http, grpc, args.health_url.as_deref(), &args.telemetry.telemetry_url)?;
    Ok(DoctorSettings {
        plan,
        collector,
        tls: tls_of(&args.backends),
        emit: !args.no_emit,
        metrics: metrics_mode(args.metrics, settings),
        junit: junit_file(&args.report.junit)?,
    })
}

/// How the collector hands metrics to Prometheus: the flag, else otelkit.toml's `[collector]
/// metrics` (what `gen collector` wrote the config for), else scrape, its default.
fn metrics_mode(flag: Option<MetricsExporter>, settings: &Settings) -> MetricsExporter {
    flag.or(settings.file.collector.metrics).unwrap_or(MetricsExporter::Prometheus)
}

/// The collector's addresses: the OTLP/HTTP one as resolved, the others as given (flag,
/// environment, otelkit.toml) or else on the OTLP endpoint's host at the collector's default
/// ports: gRPC 4317 (credentials kept: the same receiver), health 13133 and own metrics 8888
/// (plain http, as the collector serves them by default; no credentials sent there).
pub fn collector_urls(
    settings: &Settings,
    otlp_http: RedactedUrl,
    grpc: Option<RedactedUrl>,
    health: Option<&str>,
    telemetry: &[String],
) -> anyhow::Result<CollectorUrls> {
    let file = &settings.file.collector;
    let plain = otlp_http.without_credentials();
    let health = match settings.pick(health, &["OTELKIT_HEALTH_URL"], file.health_url.as_deref()) {
        Some(h) => RedactedUrl::parse_setting(&h, "health URL", "http://localhost:13133/")?,
        None => plain.sibling("http", 13133, "/"),
    };
    let tiers =
        match super::telemetry::telemetry_tiers(settings, telemetry, "telemetry URL", "http://localhost:8888/metrics")?
        {
            Some(tiers) => tiers,
            None => vec![Tier { name: None, url: plain.sibling("http", 8888, "/metrics") }],
        };
    let telemetry = tiers[0].url.clone();
    let otlp_grpc = grpc.unwrap_or_else(|| otlp_http.sibling(otlp_http.scheme(), 4317, "/"));
    Ok(CollectorUrls { otlp_http, otlp_grpc, health, telemetry, tiers })
}

fn backend_auth(
    settings: &Settings,
    name: &str,
    tenant: Option<&str>,
    headers: &[(String, Secret)],
) -> anyhow::Result<Auth> {
    let upper = name.to_ascii_uppercase();
    let bearer = settings.env(&format!("OTELKIT_{upper}_TOKEN")).map(Secret::new);
    let basic = match settings.env(&format!("OTELKIT_{upper}_BASIC_AUTH")) {
        Some(pair) => match pair.split_once(':') {
            Some((user, pass)) => Some((user.to_owned(), Secret::new(pass))),
            None => {
                return Err(hinted(
                    format!("OTELKIT_{upper}_BASIC_AUTH must be user:password"),
                    "the value is not shown",
                ))
            }
        },
        None => None,
    };
    Ok(Auth { bearer, basic, tenant: tenant.map(str::to_owned), headers: headers.to_vec() })
}

/// `--junit`, refused before any check runs if it cannot be written at the end.
pub fn junit_file(path: &Option<PathBuf>) -> anyhow::Result<Option<PathBuf>> {
    if let Some(p) = path {
        crate::output::check_writable_file(p, "--junit")?;
    }
    Ok(path.clone())
}

/// service.name as resolved (flag, OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTELKIT_SERVICE_NAME,
/// otelkit.toml), else `default`: one line of text, or a usage error. A newline would split every
/// line that names it (report, query, JUnit); an empty name matches no telemetry.
pub fn service_name(settings: &Settings, flag: Option<&str>, default: &str) -> anyhow::Result<String> {
    let name = settings.service_name(flag).unwrap_or_else(|| default.into());
    let source = if flag.is_some() {
        "--service-name"
    } else {
        "the service name (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTELKIT_SERVICE_NAME or otelkit.toml)"
    };
    if name.trim().is_empty() {
        return Err(hinted(format!("{source} is empty"), "e.g. --service-name checkout"));
    }
    if name.chars().any(char::is_control) {
        return Err(hinted(
            format!("{source} contains a control character (a newline?)"),
            "give it as one line of text",
        ));
    }
    Ok(name)
}

pub fn plan(args: &PlanInputs, settings: &Settings) -> anyhow::Result<Plan> {
    let timeout = args.timeout;
    if let Some(id) = &args.run_id {
        crate::query::check_run_id(id).map_err(|why| hinted(why, "e.g. --run-id ci-1234"))?;
    }
    let service_name = service_name(settings, args.service_name.as_deref(), "otelkit-smoke")?;
    let mut resource = settings.env("OTEL_RESOURCE_ATTRIBUTES").map(parse_resource_attributes).unwrap_or_default();
    if !resource.iter().any(|(k, _)| k == "deployment.environment.name") {
        resource.push(("deployment.environment.name".into(), settings.environment(None)));
    }
    let mut signals: Vec<Signal> = Vec::new();
    for s in &args.signals {
        if !signals.contains(s) {
            signals.push(*s);
        }
    }
    let tenant = settings.tenant(args.backends.tenant.as_deref());
    let flags = OtlpFlags {
        endpoint: args.otlp_endpoint.clone(),
        protocol: args.protocol,
        tenant: tenant.clone(),
        file_endpoint: settings.file.collector.otlp_endpoint.clone(),
    };
    let env = settings.env_snapshot();
    let targets = signals.iter().map(|s| OtlpTarget::resolve(env, &flags, *s)).collect::<anyhow::Result<Vec<_>>>()?;

    let mut headers = Vec::new();
    for (i, h) in args.backends.headers.iter().enumerate() {
        let Some((k, v)) = h.split_once('=') else {
            return Err(hinted("--header takes NAME=VALUE", "e.g. --header X-Team=blue (the value is not shown)"));
        };
        let (k, v) = checked_header(k, v, "--header", i + 1)?;
        headers.push((k, Secret::new(v)));
    }
    let tls = tls_of(args.backends);
    let client = http::client(&tls, timeout.min(Duration::from_secs(10)))?;
    let grafana = settings.grafana_url(args.backends.grafana.as_deref());
    let grafana =
        grafana.map(|g| RedactedUrl::parse_setting(&g, "Grafana URL", "http://localhost:3000")).transpose()?;
    let backend = |name: &'static str, direct: String, example: &str, uid: &str| -> anyhow::Result<Backend> {
        let (base, auth, grafana_uid) = match &grafana {
            Some(g) => (
                g.join(&format!("/api/datasources/proxy/uid/{uid}")),
                backend_auth(settings, "grafana", None, &headers)?,
                Some(uid.to_owned()),
            ),
            None => (
                RedactedUrl::parse_setting(&direct, &format!("{name} URL"), example)?,
                backend_auth(settings, name, tenant.as_deref(), &headers)?,
                None,
            ),
        };
        let insecure = args.backends.insecure_skip_verify;
        Ok(Backend { name, base, auth, client: client.clone(), insecure, grafana_uid })
    };
    let b = args.backends;
    let stores = settings.stores(b)?;
    let (traces, logs, metrics) = (stores.traces, stores.logs, stores.metrics);
    let mut plan = Plan {
        stores,
        traces: backend(
            traces.name(),
            settings.trace_store_url(traces, b),
            traces.default_url(),
            &b.grafana_traces_uid.clone().unwrap_or_else(|| format!("otelkit-{}", traces.name())),
        )?,
        logs: backend(
            logs.name(),
            settings.log_store_url(logs, b),
            logs.default_url(),
            &b.grafana_logs_uid.clone().unwrap_or_else(|| format!("otelkit-{}", logs.name())),
        )?,
        metrics: backend(
            metrics.name(),
            settings.metric_store_url(metrics, b),
            metrics.default_url(),
            &b.grafana_metrics_uid.clone().unwrap_or_else(|| format!("otelkit-{}", metrics.name())),
        )?,
        namespace: settings.metric_namespace(args.backends.metric_namespace.as_deref()),
        service_name,
        resource,
        signals,
        targets,
        timeout,
        unreachable_grace: args.unreachable_grace,
        run_id: args.run_id.clone(),
    };
    if let (LogStore::VictoriaLogs, Some(t), None) = (logs, &tenant, &grafana) {
        victorialogs_tenant(&mut plan, t)?;
    }
    Ok(plan)
}

/// VictoriaLogs reads its tenant from `AccountID`/`ProjectID`, not `X-Scope-OrgID`: `--tenant`
/// becomes them on its queries and on the logs export (a collector ignores them; VictoriaLogs's
/// own OTLP path files the records under them).
fn victorialogs_tenant(plan: &mut Plan, tenant: &str) -> anyhow::Result<()> {
    let ids = crate::pipeline::backends::victorialogs::tenant_headers(tenant)
        .map_err(|why| hinted(why, "e.g. --tenant 12 (AccountID 12) or --tenant 12:3 (ProjectID 3)"))?;
    let ids: Vec<(String, Secret)> = ids.into_iter().map(|(k, v)| (k.to_owned(), Secret::new(v))).collect();
    let auth = &mut plan.logs.auth;
    auth.tenant = None;
    // First, so that a --header of the same name still wins, as it does over X-Scope-OrgID.
    auth.headers.splice(0..0, ids.iter().cloned());
    for target in plan.targets.iter_mut().filter(|t| t.signal == Signal::Logs) {
        target.headers.retain(|(k, _)| !ids.iter().any(|(id, _)| id.eq_ignore_ascii_case(k)));
        target.headers.extend(ids.iter().cloned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ProjectFile;

    fn env(pairs: &[(&str, &str)]) -> Settings {
        Settings::with_env(ProjectFile::default(), pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    fn urls(s: &Settings, otlp: &str) -> CollectorUrls {
        collector_urls(s, RedactedUrl::parse(otlp).unwrap(), None, None, &[]).unwrap()
    }

    #[test]
    fn the_collectors_other_ports_are_on_the_otlp_endpoints_host() {
        let u = urls(&env(&[]), "https://u:s3cr3t@otel.example.com:4318/base");
        assert_eq!(u.otlp_grpc.to_string(), "https://u:***@otel.example.com:4317/");
        assert_eq!(u.otlp_grpc.for_wire().password(), Some("s3cr3t"), "the same receiver: its credentials");
        assert_eq!(u.health.for_wire().as_str(), "http://otel.example.com:13133/");
        assert_eq!(u.telemetry.for_wire().as_str(), "http://otel.example.com:8888/metrics");
        // Given explicitly, they win.
        let s = env(&[("OTELKIT_HEALTH_URL", "http://h:1/"), ("OTELKIT_TELEMETRY_URL", "http://t:2/m")]);
        let u = urls(&s, "http://otel.example.com:4318");
        assert_eq!((u.health.to_string().as_str(), u.telemetry.to_string().as_str()), ("http://h:1/", "http://t:2/m"));
        let u = urls(&env(&[]), "http://localhost:4318");
        assert_eq!(u.health.to_string(), "http://localhost:13133/");
    }
}
