//! `otelkit smoke-test`: emit traces, metrics and logs under one trace ID, find each in its
//! backend, and check that they point at the same trace.

pub mod backends;
pub mod emit;
pub mod otlp;
pub mod report;

use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use self::backends::{backoff, query_string, Backend, FoundLog, FoundSpan};
use self::emit::SmokeRun;
use self::otlp::{ExportOutcome, OtlpFlags, OtlpTarget, Protocol, Signal};
use self::report::{Check, Outcome};
use crate::cli::SmokeTestArgs;
use crate::commands::Context;
use crate::error::{hinted, ExitStatus};
use crate::http::{self, Auth, Secret, TlsOptions};
use crate::printer::Printer;
use crate::settings::{parse_resource_attributes, Settings};

/// Everything a run needs, resolved and validated before anything is sent.
pub struct Plan {
    pub service_name: String,
    pub resource: Vec<(String, String)>,
    pub signals: Vec<Signal>,
    pub targets: Vec<OtlpTarget>,
    pub tempo: Backend,
    pub loki: Backend,
    pub prometheus: Backend,
    pub namespace: Option<String>,
    pub timeout: Duration,
    pub run_id: Option<String>,
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

impl Plan {
    pub fn resolve(args: &SmokeTestArgs, settings: &Settings) -> anyhow::Result<Self> {
        if !(args.timeout > 0.0 && args.timeout.is_finite()) {
            return Err(hinted(
                format!("--timeout {} must be a positive number of seconds", args.timeout),
                "e.g. --timeout 60",
            ));
        }
        let timeout = Duration::from_secs_f64(args.timeout);
        let service_name =
            settings.service_name(args.service_name.as_deref()).unwrap_or_else(|| "otelkit-smoke".into());
        let mut resource = settings.env("OTEL_RESOURCE_ATTRIBUTES").map(parse_resource_attributes).unwrap_or_default();
        if !resource.iter().any(|(k, _)| k == "deployment.environment.name") {
            resource.push(("deployment.environment.name".into(), settings.environment(None)));
        }
        let mut signals = Vec::new();
        for s in &args.signals {
            let signal = match s.as_str() {
                "traces" => Signal::Traces,
                "metrics" => Signal::Metrics,
                _ => Signal::Logs,
            };
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
        Ok(Self {
            tempo: backend("tempo", settings.tempo_url(args.backends.tempo_url.as_deref()), &args.grafana_tempo_uid)?,
            loki: backend("loki", settings.loki_url(args.backends.loki_url.as_deref()), &args.grafana_loki_uid)?,
            prometheus: backend(
                "prometheus",
                settings.prometheus_url(args.backends.prometheus_url.as_deref()),
                &args.grafana_prometheus_uid,
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
}

pub fn run(args: &SmokeTestArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let plan = Plan::resolve(args, &ctx.settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let started = Instant::now();
    let (run, checks) = runtime.block_on(async {
        let diagnosis = args.diagnose.then(|| Diagnosis::new(args, &plan, &ctx.settings));
        let before = match &diagnosis {
            Some(d) => d.snapshot().await,
            None => None,
        };
        let (run, mut checks) = smoke(&plan, args.explain, ctx.printer).await;
        if let Some(d) = diagnosis.filter(|_| !report::passed(&checks)) {
            ctx.printer.status("diagnosing: checking each hop of the pipeline");
            let extra = d.run(&plan, &checks, before).await;
            checks.extend(extra);
        }
        (run, checks)
    });
    let total = started.elapsed();
    if let Some(path) = &args.junit {
        crate::output::write_atomic(path, report::junit(&checks, &run.run_id, total).as_bytes())
            .map_err(|e| anyhow::anyhow!("--junit: {e:#}"))?;
    }
    if ctx.printer.is_json() {
        ctx.printer.json(&serde_json::json!({
            "passed": report::passed(&checks),
            "run_id": run.run_id,
            "trace_id": run.trace_id,
            "service_name": run.service_name,
            "seconds": total.as_secs_f64(),
            "checks": checks,
        }));
    } else {
        report::print_human(&checks, "smoke test", ctx.printer);
    }
    Ok(ExitStatus::from_ok(report::passed(&checks)))
}

/// `--diagnose`: doctor's checks, run when the smoke test failed.
struct Diagnosis {
    urls: crate::commands::doctor::CollectorUrls,
    client: reqwest::Client,
    tls: TlsOptions,
}

impl Diagnosis {
    fn new(args: &SmokeTestArgs, plan: &Plan, settings: &Settings) -> Self {
        let grpc = plan
            .targets
            .iter()
            .find(|t| t.protocol == Protocol::Grpc)
            .map_or("http://localhost:4317".to_owned(), |t| t.url.clone());
        let http = plan.targets.iter().find(|t| t.protocol == Protocol::HttpProtobuf).map(|t| {
            let u = t.url.trim_end_matches('/');
            u.rsplit_once("/v1/").map_or(u.to_owned(), |(base, _)| base.to_owned())
        });
        let urls = crate::commands::doctor::collector_urls(
            settings,
            http.as_deref(),
            &grpc,
            None,
            args.telemetry_url.as_deref(),
        );
        let tls = TlsOptions {
            ca_file: args.backends.ca_file.clone(),
            insecure_skip_verify: args.backends.insecure_skip_verify,
            ..Default::default()
        };
        let client = http::client(&tls, Duration::from_secs(5)).unwrap_or_default();
        Self { urls, client, tls }
    }

    async fn snapshot(&self) -> Option<crate::commands::doctor::hops::Snapshot> {
        crate::commands::doctor::snapshot(&self.client, &self.urls.telemetry).await.ok()
    }

    async fn run(
        &self,
        plan: &Plan,
        checks: &[Check],
        before: Option<crate::commands::doctor::hops::Snapshot>,
    ) -> Vec<Check> {
        use crate::commands::doctor;
        let mut out = doctor::collector_checks(&self.urls, &self.client, &self.tls).await;
        out.extend(doctor::backend_checks(plan).await);
        match (before, self.snapshot().await) {
            (Some(before), Some(after)) => {
                let failed: Vec<Signal> = plan
                    .signals
                    .iter()
                    .copied()
                    .filter(|s| checks.iter().any(|c| c.signal == s.name() && c.outcome == Outcome::Fail))
                    .collect();
                for s in failed {
                    out.push(doctor::hops::diagnose(s, &before, &after, &doctor::queryable(s, checks)));
                }
            }
            _ => out.push(Check::new(
                "hops",
                "pipeline",
                Outcome::Skip,
                format!("collector metrics at {} unreadable", self.urls.telemetry),
            )),
        }
        out
    }
}

/// Emit, then verify every selected signal concurrently. Returns the run and its checks.
pub async fn smoke(plan: &Plan, explain: bool, printer: &Printer) -> (SmokeRun, Vec<Check>) {
    let run = SmokeRun::new(&plan.service_name, plan.run_id.as_deref(), plan.resource.clone());
    printer.status(&format!("smoke run {} trace_id {} service {}", run.run_id, run.trace_id, run.service_name));
    if explain {
        for line in explain_lines(plan, &run) {
            printer.status(&line);
        }
    }
    let multi = MultiProgress::with_draw_target(printer.progress_target());
    let style = ProgressStyle::with_template("{spinner} {prefix:<8} {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let bar = |signal: Signal| {
        let b = multi.add(ProgressBar::new_spinner().with_style(style.clone()).with_prefix(signal.name()));
        b.enable_steady_tick(Duration::from_millis(120));
        b.set_message("exporting");
        b
    };

    // Export all signals at once; the clock for visibility starts when each export returns.
    let run_ref = &run;
    let exports =
        futures::future::join_all(plan.targets.iter().map(|t| async move {
            let run = run_ref;
            let outcome =
                match t.protocol {
                    Protocol::HttpProtobuf => match t.signal {
                        Signal::Traces => {
                            otlp::send_http::<
                                opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse,
                            >(t, &run.traces())
                            .await
                        }
                        Signal::Metrics => {
                            otlp::send_http::<
                                opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceResponse,
                            >(t, &run.metrics())
                            .await
                        }
                        Signal::Logs => otlp::send_http::<
                            opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceResponse,
                        >(t, &run.logs())
                        .await,
                    },
                    Protocol::Grpc => otlp::send_grpc(t, run).await,
                };
            (t, outcome, Instant::now())
        }))
        .await;

    // A failed export to a port that speaks the other protocol says so, with the fix.
    let hints = futures::future::join_all(exports.iter().map(|(target, outcome, _)| async move {
        match outcome {
            ExportOutcome::Accepted | ExportOutcome::Partial { .. } => None,
            _ => otlp::other_protocol_hint(target).await,
        }
    }))
    .await;
    let mut checks = Vec::new();
    let deadline = Instant::now() + plan.timeout;
    let mut verifications = Vec::new();
    for ((target, outcome, exported_at), hint) in exports.iter().zip(hints) {
        let name = format!("export.{}", target.signal.name());
        let mut check = Check::new(
            &name,
            target.signal.name(),
            if outcome.ok() { Outcome::Pass } else { Outcome::Fail },
            format!("{} to {}", outcome.describe(), target.url),
        );
        if !outcome.ok() {
            check.detail = format!("export {}: {}", target.url, outcome.describe());
            if let Some(hint) = hint {
                check.detail = format!("{}; {hint}", check.detail);
            }
        }
        checks.push(check);
        let pb = bar(target.signal);
        verifications.push((target.signal, outcome.clone(), *exported_at, pb));
    }

    let verified = futures::future::join_all(verifications.into_iter().map(|(signal, outcome, exported_at, pb)| {
        let run = &run;
        async move {
            let result = if !outcome.ok() {
                let name = match signal {
                    Signal::Traces => "tempo.trace",
                    Signal::Metrics => "prometheus.metrics",
                    Signal::Logs => "loki.logs",
                };
                let check = Check::new(name, signal.name(), Outcome::Skip, "not exported");
                (vec![check], Evidence::default())
            } else {
                pb.set_message("waiting to be queryable");
                match signal {
                    Signal::Traces => verify_traces(plan, run, exported_at, deadline).await,
                    Signal::Logs => verify_logs(plan, run, exported_at, deadline).await,
                    Signal::Metrics => verify_metrics(plan, run, exported_at, deadline).await,
                }
            };
            let word = if result.0.iter().any(|c| c.outcome == Outcome::Fail) { "failed" } else { "done" };
            pb.finish_with_message(word);
            result
        }
    }))
    .await;
    let _ = multi.clear();
    let mut evidence = Evidence::default();
    for (v, e) in verified {
        checks.extend(v);
        evidence.merge(e);
    }
    let exported: Vec<Signal> = exports.iter().filter(|(_, o, _)| o.ok()).map(|(t, _, _)| t.signal).collect();
    checks.push(correlate(&exported, &run, &evidence));
    (run, checks)
}

/// The trace ids each backend showed, for the correlation check.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// Tempo returned the run's trace.
    pub tempo_trace: Option<String>,
    /// trace_id of the run's log lines in Loki.
    pub log_trace_ids: Vec<String>,
    /// trace_id of the exemplar in Prometheus.
    pub exemplar_trace: Option<String>,
    /// Backends that never gave an answer to judge ("Loki", why): their links cannot be checked.
    pub unreachable: Vec<(&'static str, String)>,
}

/// A failed query that never got an answer about the data (no connection, TLS, a timeout, 5xx).
fn unreachable(
    backend: &'static str,
    result: &Result<impl Sized, String>,
    status: Option<u16>,
) -> Vec<(&'static str, String)> {
    match (result, status) {
        (Err(why), None) => vec![(backend, why.clone())],
        (Err(why), Some(s)) if s >= 500 => vec![(backend, why.clone())],
        _ => Vec::new(),
    }
}

impl Evidence {
    fn merge(&mut self, other: Evidence) {
        self.tempo_trace = self.tempo_trace.take().or(other.tempo_trace);
        self.log_trace_ids.extend(other.log_trace_ids);
        self.exemplar_trace = self.exemplar_trace.take().or(other.exemplar_trace);
        self.unreachable.extend(other.unreachable);
    }

    fn unreachable(&self, backend: &str) -> Option<&str> {
        self.unreachable.iter().find(|(b, _)| *b == backend).map(|(_, why)| why.as_str())
    }
}

/// One attempt at finding a signal.
enum Attempt<T> {
    Found(T),
    /// Not there yet: why, the query and the HTTP status of the answer.
    NotYet(String, Option<u16>),
    /// No point in asking again (bad request, auth, unreadable answer).
    Fatal(String, Option<u16>),
}

/// Ask until found, fatal, or the deadline; with a short, growing pause between attempts.
async fn poll<T, F, Fut>(deadline: Instant, mut attempt: F) -> (Result<T, String>, Option<u16>)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Attempt<T>>,
{
    let mut n = 0;
    loop {
        match attempt().await {
            Attempt::Found(t) => return (Ok(t), Some(200)),
            Attempt::Fatal(why, status) => return (Err(why), status),
            Attempt::NotYet(why, status) => {
                let now = Instant::now();
                if now >= deadline {
                    return (Err(why), status);
                }
                tokio::time::sleep(backoff(n).min(deadline - now)).await;
                n += 1;
            }
        }
    }
}

/// Classify an HTTP failure: auth and bad requests are final; the rest may pass.
fn http_failure<T>(backend: &Backend, status: u16, body: &str) -> Attempt<T> {
    let text: String = body.chars().take(200).collect::<String>().replace('\n', " ");
    match status {
        401 | 403 => Attempt::Fatal(
            format!(
                "{}: authentication refused (HTTP {status}); check OTELKIT_{}_TOKEN / _BASIC_AUTH",
                backend.name,
                backend.name.to_ascii_uppercase()
            ),
            Some(status),
        ),
        400 | 405 | 422 => {
            Attempt::Fatal(format!("{}: bad request (HTTP {status}): {}", backend.name, text.trim()), Some(status))
        }
        _ => Attempt::NotYet(format!("{}: HTTP {status}: {}", backend.name, text.trim()), Some(status)),
    }
}

fn trace_path(run: &SmokeRun, v2: bool) -> String {
    if v2 {
        format!("/api/v2/traces/{}", run.trace_id)
    } else {
        format!("/api/traces/{}", run.trace_id)
    }
}

async fn verify_traces(plan: &Plan, run: &SmokeRun, exported_at: Instant, deadline: Instant) -> (Vec<Check>, Evidence) {
    let tempo = &plan.tempo;
    let use_v1 = std::sync::atomic::AtomicBool::new(false);
    let last_path = std::sync::Mutex::new(trace_path(run, true));
    let (result, status) = poll(deadline, || async {
        let v2 = !use_v1.load(std::sync::atomic::Ordering::Relaxed);
        let path = trace_path(run, v2);
        if let Ok(mut p) = last_path.lock() {
            p.clone_from(&path);
        }
        let fetched = match tempo.get(&path).await {
            Ok(f) => f,
            Err(e) => return Attempt::NotYet(format!("tempo: {e}"), None),
        };
        match fetched.status {
            200 => match backends::parse_tempo_trace(&fetched.body) {
                Ok(Some(spans)) => match compare_spans(run, &spans) {
                    SpanMatch::All => Attempt::Found(spans),
                    SpanMatch::Missing(m) => Attempt::NotYet(format!("trace found, but spans missing: {m}"), Some(200)),
                    SpanMatch::Wrong(w) => Attempt::Fatal(format!("trace found, but {w}"), Some(200)),
                },
                Ok(None) => Attempt::NotYet(format!("trace {} not in Tempo", run.trace_id), Some(200)),
                Err(e) => Attempt::Fatal(e, Some(200)),
            },
            // A Tempo before the v2 API answers 404 to it with a plain page; v1 404 is "not found".
            404 if v2 && !fetched.body.trim_start().starts_with('{') => {
                use_v1.store(true, std::sync::atomic::Ordering::Relaxed);
                Attempt::NotYet("tempo has no v2 API; using v1".into(), Some(404))
            }
            404 => Attempt::NotYet(format!("trace {} not in Tempo", run.trace_id), Some(404)),
            s => http_failure(tempo, s, &fetched.body),
        }
    })
    .await;
    let path = last_path.lock().map(|p| p.clone()).unwrap_or_default();
    let mut check = match &result {
        Ok(spans) => {
            let mut c = Check::new(
                "tempo.trace",
                "traces",
                Outcome::Pass,
                format!("{} spans, parents, names and status as emitted", spans.len()),
            );
            c.visible_after = Some(exported_at.elapsed());
            c
        }
        Err(why) => Check::new("tempo.trace", "traces", Outcome::Fail, why.clone()),
    };
    check.last_query = Some(tempo.url(&path));
    check.last_status = status;
    check.curl = Some(tempo.curl(&path));
    let evidence = Evidence {
        unreachable: unreachable("Tempo", &result, status),
        tempo_trace: result.ok().map(|_| run.trace_id.clone()),
        ..Default::default()
    };
    (vec![check], evidence)
}

enum SpanMatch {
    All,
    Missing(String),
    Wrong(String),
}

fn compare_spans(run: &SmokeRun, found: &[FoundSpan]) -> SpanMatch {
    let mut missing = Vec::new();
    for want in &run.spans {
        let Some(got) = found.iter().find(|s| s.span_id == want.span_id) else {
            missing.push(want.name.clone());
            continue;
        };
        if got.trace_id != run.trace_id {
            return SpanMatch::Wrong(format!("span {} has trace_id {}", want.name, got.trace_id));
        }
        if got.parent_span_id != want.parent_span_id {
            return SpanMatch::Wrong(format!(
                "span {:?} has parent {:?}, expected {:?}",
                want.name, got.parent_span_id, want.parent_span_id
            ));
        }
        if got.name != want.name || got.kind != want.kind || got.error != want.error {
            return SpanMatch::Wrong(format!(
                "span {} is {:?} kind {} error {}, expected {:?} kind {} error {}",
                want.span_id, got.name, got.kind, got.error, want.name, want.kind, want.error
            ));
        }
    }
    if missing.is_empty() {
        SpanMatch::All
    } else {
        SpanMatch::Missing(missing.join(", "))
    }
}

fn loki_path(run: &SmokeRun) -> String {
    let query = format!("{{service_name=\"{}\"}} | trace_id=\"{}\"", run.service_name, run.trace_id);
    let start = (run.start_unix_nano.saturating_sub(300 * 1_000_000_000)).to_string();
    let end = (emit::now_nanos() + 300 * 1_000_000_000).to_string();
    format!(
        "/loki/api/v1/query_range?{}",
        query_string(&[
            ("query", &query),
            ("start", &start),
            ("end", &end),
            ("limit", "100"),
            ("direction", "forward")
        ])
    )
}

async fn verify_logs(plan: &Plan, run: &SmokeRun, exported_at: Instant, deadline: Instant) -> (Vec<Check>, Evidence) {
    let loki = &plan.loki;
    let path = loki_path(run);
    let (result, status) = poll(deadline, || async {
        let fetched = match loki.get(&path).await {
            Ok(f) => f,
            Err(e) => return Attempt::NotYet(format!("loki: {e}"), None),
        };
        if fetched.status != 200 {
            return http_failure(loki, fetched.status, &fetched.body);
        }
        match backends::parse_loki_streams(&fetched.body) {
            Ok(logs) => match compare_logs(run, &logs) {
                Ok(()) => Attempt::Found(logs),
                Err((true, why)) => Attempt::Fatal(why, Some(200)),
                Err((false, why)) => Attempt::NotYet(why, Some(200)),
            },
            Err(e) => Attempt::Fatal(e, Some(200)),
        }
    })
    .await;
    let mut check = match &result {
        Ok(logs) => {
            let mut c = Check::new(
                "loki.logs",
                "logs",
                Outcome::Pass,
                format!("{} lines with the run's trace_id, span ids and severity", logs.len()),
            );
            c.visible_after = Some(exported_at.elapsed());
            c
        }
        Err(why) => Check::new("loki.logs", "logs", Outcome::Fail, why.clone()),
    };
    check.last_query = Some(loki.url(&path));
    check.last_status = status;
    check.curl = Some(loki.curl(&path));
    let evidence = Evidence {
        unreachable: unreachable("Loki", &result, status),
        log_trace_ids: result.map(|logs| logs.into_iter().filter_map(|l| l.trace_id).collect()).unwrap_or_default(),
        ..Default::default()
    };
    (vec![check], evidence)
}

/// Err((final, why)): final when a line is there but wrong.
fn compare_logs(run: &SmokeRun, found: &[FoundLog]) -> Result<(), (bool, String)> {
    let mut missing = Vec::new();
    for want in &run.logs {
        let Some(got) = found.iter().find(|l| l.line == want.body) else {
            missing.push(want.severity.clone());
            continue;
        };
        if got.trace_id.as_deref() != Some(run.trace_id.as_str()) {
            return Err((true, format!("log line {:?} has trace_id {:?}", want.body, got.trace_id)));
        }
        if got.span_id.as_deref() != Some(want.span_id.as_str()) {
            return Err((
                true,
                format!("log line {:?} has span_id {:?}, expected {}", want.body, got.span_id, want.span_id),
            ));
        }
        if got.severity.as_deref().map(str::to_ascii_uppercase).as_deref() != Some(want.severity.as_str()) {
            return Err((
                true,
                format!("log line {:?} has severity {:?}, expected {}", want.body, got.severity, want.severity),
            ));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err((false, format!("no {} log line for trace {} in Loki yet", missing.join(" and "), run.trace_id)))
    }
}

async fn instant_query(
    prom: &Backend,
    promql: &str,
) -> Attempt<Vec<(std::collections::BTreeMap<String, String>, f64)>> {
    let path = format!("/api/v1/query?{}", query_string(&[("query", promql)]));
    let fetched = match prom.get(&path).await {
        Ok(f) => f,
        Err(e) => return Attempt::NotYet(format!("prometheus: {e}"), None),
    };
    if fetched.status != 200 && fetched.status != 400 && fetched.status != 422 {
        return http_failure(prom, fetched.status, &fetched.body);
    }
    match backends::parse_prometheus_vector(&fetched.body) {
        Ok(v) if v.is_empty() => Attempt::NotYet(format!("no series {promql} yet"), Some(fetched.status)),
        Ok(v) => Attempt::Found(v),
        Err(e) => Attempt::Fatal(e, Some(fetched.status)),
    }
}

async fn verify_metrics(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let prom = &plan.prometheus;
    let ns = plan.namespace.as_deref();
    let selector = format!("{{{}=\"{}\"}}", crate::naming::label_name(emit::RUN_ATTRIBUTE), run.run_id);
    let counter = format!("{}{selector}", run.counter_name(ns));
    let histogram = format!("{}_count{selector}", run.histogram_name(ns));
    // The run's series under another name (a namespace or translation mismatch) will not turn
    // up under the expected one: found once, both queries stop waiting and name the fix.
    let mismatch: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let mismatch = &mismatch;
    let query_check = |name: &'static str, promql: String, look_elsewhere: bool| {
        let promql_for_check = promql.clone();
        let selector = &selector;
        async move {
            let (result, status) = poll(deadline, || async {
                if let Some(fix) = mismatch.lock().ok().and_then(|m| m.clone()) {
                    return Attempt::Fatal(format!("no series {promql}; {fix}"), Some(200));
                }
                match instant_query(prom, &promql).await {
                    Attempt::NotYet(why, status) if look_elsewhere => match name_hint(prom, selector).await {
                        Some(fix) => {
                            if let Ok(mut m) = mismatch.lock() {
                                *m = Some(fix.clone());
                            }
                            Attempt::Fatal(format!("{why}; {fix}"), status)
                        }
                        None => Attempt::NotYet(why, status),
                    },
                    other => other,
                }
            })
            .await;
            let path = format!("/api/v1/query?{}", query_string(&[("query", &promql_for_check)]));
            let mut check = match result {
                Ok(samples) => {
                    let mut c =
                        Check::new(name, "metrics", Outcome::Pass, format!("{} = {}", promql_for_check, samples[0].1));
                    c.visible_after = Some(exported_at.elapsed());
                    c
                }
                Err(why) => Check::new(name, "metrics", Outcome::Fail, why),
            };
            if check.outcome == Outcome::Fail {
                check.fix = mismatch.lock().ok().and_then(|m| m.clone());
            }
            check.last_query = Some(prom.url(&path));
            check.last_status = status;
            check.curl = Some(prom.curl(&path));
            check
        }
    };
    let (counter_check, histogram_check) = futures::join!(
        query_check("prometheus.counter", counter.clone(), true),
        query_check("prometheus.histogram", histogram, false)
    );
    let mut checks = vec![counter_check, histogram_check];
    let mut evidence = Evidence::default();
    if checks[1].outcome == Outcome::Pass {
        let (check, trace, unreachable) = verify_exemplar(plan, run, &selector).await;
        evidence.exemplar_trace = trace;
        evidence.unreachable = unreachable;
        checks.push(check);
    } else {
        let histogram = &checks[1];
        if histogram.last_status.is_none_or(|s| s >= 500) {
            evidence.unreachable.push(("Prometheus", histogram.detail.clone()));
        }
        checks.push(Check::new("prometheus.exemplar", "metrics", Outcome::Skip, "histogram not found"));
    }
    (checks, evidence)
}

/// When the expected name is absent, look for the run's series under any name: a namespace or
/// translation mismatch then names itself.
async fn name_hint(prom: &Backend, selector: &str) -> Option<String> {
    let any = format!("{{__name__=~\".*otelkit_smoke_requests.*\",{}", &selector[1..]);
    match instant_query(prom, &any).await {
        Attempt::Found(v) => v[0].0.get("__name__").map(|n| {
            format!("the run's counter exists as {n}: pass --metric-namespace (or set collector.metric_namespace in otelkit.toml) to match")
        }),
        _ => None,
    }
}

/// Exemplars come with the scrape that brought the sample, so a short extra wait is enough.
const EXEMPLAR_GRACE: Duration = Duration::from_secs(3);

async fn verify_exemplar(
    plan: &Plan,
    run: &SmokeRun,
    selector: &str,
) -> (Check, Option<String>, Vec<(&'static str, String)>) {
    let prom = &plan.prometheus;
    let query = format!("{}_bucket{selector}", run.histogram_name(plan.namespace.as_deref()));
    let start = (run.start_unix_nano / 1_000_000_000).saturating_sub(300).to_string();
    let end = (emit::now_nanos() / 1_000_000_000 + 300).to_string();
    let path =
        format!("/api/v1/query_exemplars?{}", query_string(&[("query", &query), ("start", &start), ("end", &end)]));
    let started = Instant::now();
    let (result, status) = poll(Instant::now() + EXEMPLAR_GRACE, || async {
        let fetched = match prom.get(&path).await {
            Ok(f) => f,
            Err(e) => return Attempt::NotYet(format!("prometheus: {e}"), None),
        };
        if fetched.status != 200 {
            return http_failure(prom, fetched.status, &fetched.body);
        }
        match backends::parse_prometheus_exemplars(&fetched.body) {
            Ok(ex) => match ex.into_iter().find(|(t, _)| t == &run.trace_id) {
                Some((trace, span)) => Attempt::Found((trace, span)),
                None => Attempt::NotYet("no exemplar".into(), Some(200)),
            },
            Err(e) => Attempt::Fatal(e, Some(200)),
        }
    })
    .await;
    let mut check = match &result {
        Ok((_, span)) if span == &run.exemplar_span_id => {
            let mut c = Check::new("prometheus.exemplar", "metrics", Outcome::Pass, format!("exemplar trace_id {} span_id {span}", run.trace_id));
            c.visible_after = Some(started.elapsed());
            c
        }
        Ok((_, span)) => Check::new("prometheus.exemplar", "metrics", Outcome::Fail, format!("exemplar has span_id {span}, expected {}", run.exemplar_span_id)),
        Err(why) if why == "no exemplar" => Check::new(
            "prometheus.exemplar",
            "metrics",
            Outcome::Warn,
            "the histogram has no exemplar with the run's trace_id: run Prometheus with --enable-feature=exemplar-storage and set enable_open_metrics: true on the collector's prometheus exporter",
        ),
        Err(why) => Check::new("prometheus.exemplar", "metrics", Outcome::Fail, why.clone()),
    };
    check.last_query = Some(prom.url(&path));
    check.last_status = status;
    check.curl = Some(prom.curl(&path));
    let unreachable = unreachable("Prometheus", &result, status);
    (check, result.ok().map(|(t, _)| t), unreachable)
}

/// Do the logs, the exemplar and Tempo's trace name the same trace? Names each broken link.
fn correlate(exported: &[Signal], run: &SmokeRun, e: &Evidence) -> Check {
    let has = |s: Signal| exported.contains(&s);
    let mut links = Vec::new();
    let mut broken = Vec::new();
    let mut unchecked = Vec::new();
    let not_reached = |link: &str, backend: &str, why: &str| {
        format!("{link} could not be checked: {backend} was not reachable ({why})")
    };
    if has(Signal::Traces) {
        match (&e.tempo_trace, e.unreachable("Tempo")) {
            (Some(_), _) => links.push("trace in Tempo".to_owned()),
            (None, Some(why)) => unchecked.push(not_reached("the trace", "Tempo", why)),
            (None, None) => broken.push(format!("Tempo has no trace {}", run.trace_id)),
        }
    }
    if has(Signal::Logs) {
        if e.log_trace_ids.is_empty() {
            match e.unreachable("Loki") {
                Some(why) => unchecked.push(not_reached("logs -> trace", "Loki", why)),
                None => broken.push("no log line in Loki carries the run's trace_id".to_owned()),
            }
        } else if e.log_trace_ids.iter().all(|t| t == &run.trace_id) {
            links.push("logs -> trace".to_owned());
        } else {
            broken.push("log lines carry another trace_id".to_owned());
        }
    }
    if has(Signal::Metrics) {
        match &e.exemplar_trace {
            Some(t) if t == &run.trace_id => links.push("exemplar -> trace".to_owned()),
            Some(t) => broken.push(format!("the exemplar points at trace {t}")),
            None => match e.unreachable("Prometheus") {
                Some(why) => unchecked.push(not_reached("exemplar -> trace", "Prometheus", why)),
                None => broken.push("no exemplar links the metrics to the trace".to_owned()),
            },
        }
    }
    if exported.len() < 2 {
        return Check::new("correlation", "all", Outcome::Skip, "needs two exported signals or more");
    }
    if !unchecked.is_empty() && broken.is_empty() {
        return Check::new("correlation", "all", Outcome::Skip, unchecked.join("; "));
    }
    broken.extend(unchecked);
    if broken.is_empty() {
        Check::new("correlation", "all", Outcome::Pass, format!("{} share trace {}", links.join(", "), run.trace_id))
    } else {
        // An exemplar missing only for lack of exemplar storage is a warning, as its check says.
        let only_exemplar = broken.len() == 1 && broken[0].starts_with("no exemplar");
        Check::new("correlation", "all", if only_exemplar { Outcome::Warn } else { Outcome::Fail }, broken.join("; "))
    }
}

fn explain_lines(plan: &Plan, run: &SmokeRun) -> Vec<String> {
    let mut lines = Vec::new();
    for t in &plan.targets {
        let proto = if t.protocol == Protocol::Grpc { "gRPC" } else { "HTTP/protobuf" };
        lines.push(format!(
            "export {} over {proto} to {} (headers: {})",
            t.signal.name(),
            t.url,
            t.shown_headers().join(", ")
        ));
    }
    for s in &plan.signals {
        match s {
            Signal::Traces => lines.push(format!("query: {}", plan.tempo.curl(&trace_path(run, true)))),
            Signal::Logs => lines.push(format!("query: {}", plan.loki.curl(&loki_path(run)))),
            Signal::Metrics => {
                let sel = format!("{{{}=\"{}\"}}", crate::naming::label_name(emit::RUN_ATTRIBUTE), run.run_id);
                for q in [
                    format!("{}{sel}", run.counter_name(plan.namespace.as_deref())),
                    format!("{}_count{sel}", run.histogram_name(plan.namespace.as_deref())),
                ] {
                    lines.push(format!(
                        "query: {}",
                        plan.prometheus.curl(&format!("/api/v1/query?{}", query_string(&[("query", &q)])))
                    ));
                }
            }
        }
    }
    lines
}
