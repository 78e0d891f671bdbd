//! Resolving smoke-test's and doctor's flags, the OTEL_* variables and otelkit.toml into what the
//! pipeline layer runs: a [`Plan`] and the collector's addresses. Validation happens here, once,
//! before anything is sent.

use std::path::PathBuf;
use std::time::Duration;

use super::{parse_resource_attributes, Settings};
use crate::cli::{BackendArgs, CanaryArgs, DoctorArgs, SmokeTestArgs, SyntheticRunArgs};
use crate::error::hinted;
use crate::http::{self, Auth, Secret, TlsOptions};
use crate::pipeline::backends::Backend;
use crate::pipeline::otlp::{OtlpFlags, OtlpTarget, Protocol, Signal};
use crate::pipeline::probes::CollectorUrls;
use crate::pipeline::smoke::Plan;

/// What a synthetic run is made of, whichever command asks for one.
pub struct PlanInputs<'a> {
    pub backends: &'a BackendArgs,
    pub otlp_endpoint: Option<String>,
    pub protocol: Option<String>,
    pub service_name: Option<String>,
    pub grafana: Option<String>,
    /// Grafana datasource UIDs of Tempo, Loki and Prometheus.
    pub grafana_uids: [String; 3],
    pub signals: Vec<String>,
    pub timeout: f64,
    pub headers: Vec<String>,
    pub run_id: Option<String>,
}

/// `smoke-test`, resolved.
pub struct SmokeTestSettings {
    pub plan: Plan,
    pub explain: bool,
    pub junit: Option<PathBuf>,
    /// The collector to diagnose when the run fails (`--diagnose`).
    pub diagnose: Option<(CollectorUrls, TlsOptions)>,
}

/// `doctor`, resolved.
pub struct DoctorSettings {
    pub plan: Plan,
    pub collector: CollectorUrls,
    pub tls: TlsOptions,
    /// Send one smoke run to follow hop by hop.
    pub emit: bool,
}

fn tls_of(backends: &BackendArgs) -> TlsOptions {
    TlsOptions {
        ca_file: backends.ca_file.clone(),
        insecure_skip_verify: backends.insecure_skip_verify,
        ..Default::default()
    }
}

/// The inputs of a synthetic run from smoke-test's and canary's shared flags.
fn run_inputs<'a>(backends: &'a BackendArgs, run: &SyntheticRunArgs, run_id: Option<String>) -> PlanInputs<'a> {
    PlanInputs {
        backends,
        otlp_endpoint: run.otlp_endpoint.clone(),
        protocol: run.protocol.clone(),
        service_name: run.service_name.clone(),
        grafana: run.grafana.clone(),
        grafana_uids: [run.grafana_tempo_uid.clone(), run.grafana_loki_uid.clone(), run.grafana_prometheus_uid.clone()],
        signals: run.signals.clone(),
        timeout: run.timeout,
        headers: run.headers.clone(),
        run_id,
    }
}

pub fn smoke_test(args: &SmokeTestArgs, settings: &Settings) -> anyhow::Result<SmokeTestSettings> {
    let plan = plan(&run_inputs(&args.backends, &args.run, args.run_id.clone()), settings)?;
    let diagnose = args.diagnose.then(|| {
        // The collector the run was sent to: its gRPC and HTTP addresses from the export targets.
        let grpc = plan
            .targets
            .iter()
            .find(|t| t.protocol == Protocol::Grpc)
            .map_or("http://localhost:4317".to_owned(), |t| t.url.clone());
        let http = plan.targets.iter().find(|t| t.protocol == Protocol::HttpProtobuf).map(|t| {
            let u = t.url.trim_end_matches('/');
            u.rsplit_once("/v1/").map_or(u.to_owned(), |(base, _)| base.to_owned())
        });
        let urls = collector_urls(settings, http.as_deref(), &grpc, None, args.telemetry_url.as_deref());
        (urls, tls_of(&args.backends))
    });
    Ok(SmokeTestSettings { plan, explain: args.explain, junit: args.junit.clone(), diagnose })
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
    let plan = plan(&run_inputs(&args.backends, &args.run, None), settings)?;
    Ok(CanarySettings { plan, interval: args.interval, count: args.count, listen: args.listen })
}

pub fn doctor(args: &DoctorArgs, settings: &Settings) -> anyhow::Result<DoctorSettings> {
    // Doctor's smoke run: its own endpoint over OTLP/HTTP, all signals, default Grafana UIDs.
    let plan = plan(
        &PlanInputs {
            backends: &args.backends,
            otlp_endpoint: args.otlp_endpoint.clone(),
            protocol: Some("http/protobuf".into()),
            service_name: None,
            grafana: None,
            grafana_uids: ["otelkit-tempo".into(), "otelkit-loki".into(), "otelkit-prometheus".into()],
            signals: vec!["traces".into(), "metrics".into(), "logs".into()],
            timeout: args.timeout,
            headers: Vec::new(),
            run_id: None,
        },
        settings,
    )?;
    let collector = collector_urls(
        settings,
        args.otlp_endpoint.as_deref(),
        &args.otlp_grpc_endpoint,
        args.health_url.as_deref(),
        args.telemetry_url.as_deref(),
    );
    for u in [&collector.otlp_http, &collector.otlp_grpc, &collector.health, &collector.telemetry] {
        url::Url::parse(u).map_err(|_| hinted(format!("{u:?} is not a URL"), "e.g. http://localhost:13133/"))?;
    }
    Ok(DoctorSettings { plan, collector, tls: tls_of(&args.backends), emit: !args.no_emit })
}

pub fn collector_urls(
    settings: &Settings,
    otlp: Option<&str>,
    grpc: &str,
    health: Option<&str>,
    telemetry: Option<&str>,
) -> CollectorUrls {
    let file = &settings.file.collector;
    CollectorUrls {
        otlp_http: settings
            .pick(otlp, &["OTEL_EXPORTER_OTLP_ENDPOINT"], file.otlp_endpoint.as_deref())
            .unwrap_or_else(|| "http://localhost:4318".into()),
        otlp_grpc: grpc.to_owned(),
        health: settings
            .pick(health, &["OTELKIT_HEALTH_URL"], file.health_url.as_deref())
            .unwrap_or_else(|| "http://localhost:13133/".into()),
        telemetry: settings
            .pick(telemetry, &["OTELKIT_TELEMETRY_URL"], file.telemetry_url.as_deref())
            .unwrap_or_else(|| "http://localhost:8888/metrics".into()),
    }
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

pub fn plan(args: &PlanInputs, settings: &Settings) -> anyhow::Result<Plan> {
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        return Err(hinted(
            format!("--timeout {} must be a positive number of seconds", args.timeout),
            "e.g. --timeout 60",
        ));
    }
    let timeout = Duration::from_secs_f64(args.timeout);
    if let Some(id) = &args.run_id {
        crate::query::check_run_id(id).map_err(|why| hinted(why, "e.g. --run-id ci-1234"))?;
    }
    let service_name = settings.service_name(args.service_name.as_deref()).unwrap_or_else(|| "otelkit-smoke".into());
    let mut resource = settings.env("OTEL_RESOURCE_ATTRIBUTES").map(parse_resource_attributes).unwrap_or_default();
    if !resource.iter().any(|(k, _)| k == "deployment.environment.name") {
        resource.push(("deployment.environment.name".into(), settings.environment(None)));
    }
    let mut signals = Vec::new();
    for s in &args.signals {
        // clap's value parser let only these three names through.
        let signal = Signal::from_name(s).unwrap_or(Signal::Logs);
        if !signals.contains(&signal) {
            signals.push(signal);
        }
    }
    let tenant = settings.tenant(args.backends.tenant.as_deref());
    let flags =
        OtlpFlags { endpoint: args.otlp_endpoint.clone(), protocol: args.protocol.clone(), tenant: tenant.clone() };
    let targets =
        signals.iter().map(|s| OtlpTarget::resolve(settings, &flags, *s)).collect::<anyhow::Result<Vec<_>>>()?;

    let mut headers = Vec::new();
    for h in &args.headers {
        let Some((k, v)) = h.split_once('=') else {
            return Err(hinted("--header takes NAME=VALUE", "e.g. --header X-Team=blue (the value is not shown)"));
        };
        headers.push((k.trim().to_owned(), Secret::new(v.trim())));
    }
    let tls = TlsOptions {
        ca_file: args.backends.ca_file.clone(),
        insecure_skip_verify: args.backends.insecure_skip_verify,
        ..Default::default()
    };
    let client = http::client(&tls, timeout.min(Duration::from_secs(10)))?;
    let grafana = settings.grafana_url(args.grafana.as_deref());
    let backend = |name: &'static str, direct: String, uid: &str| -> anyhow::Result<Backend> {
        let (base, auth) = match &grafana {
            Some(g) => (
                format!("{}/api/datasources/proxy/uid/{uid}", g.trim_end_matches('/')),
                backend_auth(settings, "grafana", None, &headers)?,
            ),
            None => (direct, backend_auth(settings, name, tenant.as_deref(), &headers)?),
        };
        url::Url::parse(&base)
            .map_err(|_| hinted(format!("{name} URL {base:?} is not a URL"), "e.g. http://localhost:3200"))?;
        Ok(Backend { name, base, auth, client: client.clone(), insecure: args.backends.insecure_skip_verify })
    };
    Ok(Plan {
        tempo: backend("tempo", settings.tempo_url(args.backends.tempo_url.as_deref()), &args.grafana_uids[0])?,
        loki: backend("loki", settings.loki_url(args.backends.loki_url.as_deref()), &args.grafana_uids[1])?,
        prometheus: backend(
            "prometheus",
            settings.prometheus_url(args.backends.prometheus_url.as_deref()),
            &args.grafana_uids[2],
        )?,
        namespace: settings.metric_namespace(args.backends.metric_namespace.as_deref()),
        service_name,
        resource,
        signals,
        targets,
        timeout,
        run_id: args.run_id.clone(),
    })
}
