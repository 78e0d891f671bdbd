//! Live checks of each part of the pipeline, in order: the collector (health, OTLP ports, own
//! metrics), then the stores (Tempo or Jaeger, Loki or VictoriaLogs, Prometheus or
//! VictoriaMetrics). Each check names its fix.

mod prometheus;
mod victoriametrics;

use std::time::{Duration, SystemTime};

use super::backends::collector::snapshot;
use super::backends::{victorialogs, Backend};
use super::otlp::{self, ExportOutcome, OtlpTarget, Protocol};
use super::smoke::Plan;
use super::verdict::{Check, Outcome, Scope};
use crate::collector::choices::MetricsExporter;
use crate::http::{self, RedactedUrl, TlsOptions};
use crate::signal::Signal;
use crate::stores::{LogStore, MetricStore, TraceStore};

/// The collector's addresses as otelkit reaches them.
#[derive(Debug, Clone)]
pub struct CollectorUrls {
    pub otlp_http: RedactedUrl,
    pub otlp_grpc: RedactedUrl,
    pub health: RedactedUrl,
    /// The first tier's own metrics page: the collector otelkit sends to.
    pub telemetry: RedactedUrl,
    /// Every tier's own metrics page, in pipeline order (one unnamed: `telemetry`).
    pub tiers: Vec<crate::pipeline::hops::tiers::Tier>,
}

fn pass(name: &str, detail: impl Into<String>) -> Check {
    Check::new(name, Scope::Pipeline, Outcome::Pass, detail)
}
fn warn(name: &str, detail: impl Into<String>) -> Check {
    Check::new(name, Scope::Pipeline, Outcome::Warn, detail)
}
fn fail(name: &str, detail: impl Into<String>) -> Check {
    Check::new(name, Scope::Pipeline, Outcome::Fail, detail)
}

fn target(url: &RedactedUrl, protocol: Protocol, tls: &TlsOptions) -> OtlpTarget {
    let url = match protocol {
        Protocol::HttpProtobuf => url.join("/v1/traces"),
        Protocol::Grpc => url.clone(),
    };
    OtlpTarget {
        signal: Signal::Traces,
        protocol,
        url,
        headers: Vec::new(),
        timeout: Duration::from_secs(5),
        gzip: false,
        tls: tls.clone(),
    }
}

async fn probe(url: &RedactedUrl, protocol: Protocol, tls: &TlsOptions) -> ExportOutcome {
    otlp::probe(&target(url, protocol, tls)).await
}

/// The collector: health, each OTLP port speaking its protocol (and the two swapped), own metrics.
pub async fn collector_checks(urls: &CollectorUrls, client: &reqwest::Client, tls: &TlsOptions) -> Vec<Check> {
    let mut checks = Vec::new();
    let started = std::time::Instant::now();
    let answer = client.get(urls.health.for_wire().clone()).send().await.map_err(http::describe_error);
    http::log_exchange(
        "GET",
        &urls.health,
        answer.as_ref().map(|r| r.status().as_u16()).map_err(String::as_str),
        started.elapsed(),
    );
    checks.push(match answer {
        Ok(r) if r.status().is_success() => {
            let body = r.text().await.unwrap_or_default();
            let status = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|j| j["status"].as_str().map(str::to_owned));
            pass("collector.health", format!("{}: {}", urls.health, status.unwrap_or_else(|| "answers".into())))
        }
        Ok(r) => fail(
            "collector.health",
            format!("{} answered HTTP {}: the collector is up but not ready", urls.health, r.status()),
        ),
        Err(e) => {
            fail("collector.health", format!("{}: {e}; enable the health_check extension (port 13133)", urls.health))
        }
    });

    let (http_ok, grpc_ok) = futures::join!(
        probe(&urls.otlp_http, Protocol::HttpProtobuf, tls),
        probe(&urls.otlp_grpc, Protocol::Grpc, tls)
    );
    if !http_ok.ok() && !grpc_ok.ok() {
        let (http_on_grpc, grpc_on_http) = futures::join!(
            probe(&urls.otlp_grpc, Protocol::HttpProtobuf, tls),
            probe(&urls.otlp_http, Protocol::Grpc, tls)
        );
        if http_on_grpc.ok() && grpc_on_http.ok() {
            checks.push(fail(
                "collector.otlp_ports",
                format!(
                    "the ports are swapped: {} speaks gRPC and {} speaks HTTP; OTLP/gRPC is 4317, OTLP/HTTP 4318",
                    urls.otlp_http, urls.otlp_grpc
                ),
            ));
            return finish_collector(checks, urls, client).await;
        }
    }
    checks.push(if http_ok.ok() {
        pass("collector.otlp_http", format!("{} accepts OTLP/HTTP", urls.otlp_http))
    } else {
        fail("collector.otlp_http", format!("{}: {}", urls.otlp_http, http_ok.describe()))
    });
    checks.push(if grpc_ok.ok() {
        pass("collector.otlp_grpc", format!("{} speaks OTLP/gRPC", urls.otlp_grpc))
    } else {
        fail("collector.otlp_grpc", format!("{}: {}", urls.otlp_grpc, grpc_ok.describe()))
    });
    finish_collector(checks, urls, client).await
}

async fn finish_collector(mut checks: Vec<Check>, urls: &CollectorUrls, client: &reqwest::Client) -> Vec<Check> {
    checks.push(match snapshot(client, &urls.telemetry).await {
        Ok(_) => pass("collector.self_metrics", format!("{} readable", urls.telemetry)),
        Err(e) => fail("collector.self_metrics", format!("{}: {e}; the collector's own metrics (service.telemetry.metrics, port 8888) are needed for the hop-by-hop check", urls.telemetry)),
    });
    let named = urls.tiers.iter().any(|t| t.name.is_some());
    if let Some(first) = checks.last_mut().filter(|_| named) {
        first.tier = urls.tiers.first().map(|t| t.label().to_owned());
    }
    // The tiers after the first: otelkit sends them nothing, it only reads their counters.
    for t in urls.tiers.iter().skip(1) {
        let name = format!("collector.self_metrics.{}", t.label());
        let mut check = match snapshot(client, &t.url).await {
            Ok(_) => pass(&name, format!("{} readable", t.url)),
            Err(e) => fail(
                &name,
                format!(
                    "{}: {e}; the {} tier's own metrics are needed to name the hop it loses data at",
                    t.url,
                    t.label()
                ),
            ),
        };
        check.tier = Some(t.label().to_owned());
        checks.push(check);
    }
    checks
}

/// When the collector started, from its own metrics (`otelcol_process_uptime`); None when they
/// cannot be read.
pub async fn collector_started(client: &reqwest::Client, telemetry: &RedactedUrl) -> Option<SystemTime> {
    let metrics = snapshot(client, telemetry).await.ok()?;
    let uptime = metrics.by("otelcol_process_uptime", "", |_| true).into_values().next()?;
    SystemTime::now().checked_sub(Duration::try_from_secs_f64(uptime).ok()?)
}

/// Each backend: ready, its version, and what the pipeline needs of it. `collector_started`
/// tells a scrape of the collector made before it started (see `scrape`).
/// `metrics`: how the collector hands metrics to Prometheus, which decides the hop checked.
pub async fn backend_checks(
    plan: &Plan,
    metrics: MetricsExporter,
    collector_started: Option<SystemTime>,
) -> Vec<Check> {
    let metric_checks = async {
        match plan.stores.metrics {
            MetricStore::Prometheus => {
                prometheus::checks(&plan.metrics, metrics, collector_started, plan.timeout, plan.unreachable_grace)
                    .await
            }
            MetricStore::VictoriaMetrics => victoriametrics::checks(&plan.metrics).await,
        }
    };
    let traces = async {
        match plan.stores.traces {
            TraceStore::Tempo => tempo_checks(&plan.traces).await,
            TraceStore::Jaeger => jaeger_checks(&plan.traces).await,
        }
    };
    let logs = async {
        match plan.stores.logs {
            LogStore::Loki => loki_checks(&plan.logs).await,
            LogStore::VictoriaLogs => victorialogs_checks(&plan.logs).await,
        }
    };
    let (traces, logs, prom) = futures::join!(traces, logs, metric_checks);
    [traces, logs, prom].concat()
}

async fn ready(b: &Backend, path: &str) -> Check {
    let name = format!("{}.ready", b.name);
    match b.get(path).await {
        Ok(f) if f.status == 200 => pass(&name, format!("{} {}", b.url(path), f.body.trim())),
        Ok(f) => fail(
            &name,
            b.grafana_refusal(f.status, &f.body)
                .unwrap_or_else(|| format!("{} answered HTTP {}: {}", b.url(path), f.status, excerpt(&f.body, 120))),
        ),
        Err(e) => fail(&name, format!("{}: {e}", b.url(path))),
    }
}

/// The start of an answer's body, for a check's detail; an empty one said so, not left blank.
fn excerpt(body: &str, chars: usize) -> String {
    match body.trim() {
        "" => "(empty body)".to_owned(),
        text => text.chars().take(chars).collect(),
    }
}

async fn version(b: &Backend, path: &str, field: &[&str]) -> Check {
    let name = format!("{}.version", b.name);
    match b.get(path).await {
        Ok(f) if f.status == 200 => {
            let json: serde_json::Value = serde_json::from_str(&f.body).unwrap_or_default();
            let v = field.iter().fold(&json, |j, k| &j[*k]);
            match v.as_str() {
                Some(v) => pass(&name, v.to_owned()),
                None => warn(&name, format!("{} answered without a version", b.url(path))),
            }
        }
        Ok(f) => warn(&name, format!("{} answered HTTP {}: version unknown", b.url(path), f.status)),
        Err(e) => warn(&name, format!("{}: {e}", b.url(path))),
    }
}

async fn tempo_checks(b: &Backend) -> Vec<Check> {
    let (r, v, echo) =
        futures::join!(ready(b, "/ready"), version(b, "/api/status/buildinfo", &["version"]), b.get("/api/echo"));
    let echo = match echo {
        Ok(f) if f.status == 200 && f.body.trim() == "echo" => pass("tempo.query_frontend", "/api/echo answers"),
        Ok(f) => fail(
            "tempo.query_frontend",
            format!("/api/echo answered HTTP {}: the query frontend is not serving", f.status),
        ),
        Err(e) => fail("tempo.query_frontend", e.why),
    };
    vec![r, v, echo]
}

/// Jaeger's query service answers (it has no version endpoint), and with API v3, which the smoke
/// run finds its trace through.
async fn jaeger_checks(b: &Backend) -> Vec<Check> {
    let (services, v3) = futures::join!(b.get("/api/services"), b.get("/api/v3/services"));
    let ready = match services {
        Ok(f) if f.status == 200 => pass("jaeger.ready", format!("{} answers", b.url("/api/services"))),
        Ok(f) => fail("jaeger.ready", format!("{} answered HTTP {}", b.url("/api/services"), f.status)),
        Err(e) => fail("jaeger.ready", format!("{}: {e}", b.url("/api/services"))),
    };
    let v3 = match v3 {
        Ok(f) if f.status == 200 => pass("jaeger.api_v3", "/api/v3/services answers"),
        Ok(f) => fail(
            "jaeger.api_v3",
            format!(
                "/api/v3/services answered HTTP {}: otelkit finds traces by id through API v3 (every Jaeger v2 serves it on the query port)",
                f.status
            ),
        ),
        Err(e) => fail("jaeger.api_v3", e.why),
    };
    vec![ready, v3]
}

/// Whether Loki's answer to an empty OTLP logs export says the endpoint is served. A 4xx about
/// the payload (400, 415, 422: real Loki 3.8 answers 422 to an export with no data) means it is;
/// 404 and 405 mean it is not; auth failures and 5xx say nothing about the endpoint.
pub fn loki_otlp_served(status: u16) -> Option<bool> {
    match status {
        200..=299 | 400 | 415 | 422 => Some(true),
        404 | 405 => Some(false),
        _ => None,
    }
}

async fn loki_checks(b: &Backend) -> Vec<Check> {
    let (r, v) = futures::join!(ready(b, "/ready"), version(b, "/loki/api/v1/status/buildinfo", &["version"]));
    // An empty OTLP logs request: what Loki answers tells whether the endpoint is on.
    let otlp = match b.post_protobuf("/otlp/v1/logs", empty_logs_request()).await {
        Ok(f) => match loki_otlp_served(f.status) {
            Some(true) => pass("loki.otlp", format!("/otlp/v1/logs is served (HTTP {})", f.status)),
            Some(false) => fail(
                "loki.otlp",
                format!(
                    "/otlp/v1/logs is not served (HTTP {}): use Loki 3.x (OTLP ingest) with allow_structured_metadata: true",
                    f.status
                ),
            ),
            None => warn("loki.otlp", format!("/otlp/v1/logs answered HTTP {}", f.status)),
        },
        Err(e) => fail("loki.otlp", e.why),
    };
    vec![r, v, otlp]
}

/// VictoriaLogs: `/health`, its version (from its own metrics), and its OTLP path, which
/// answers an empty protobuf export with 200 (an unknown path is a 400 there, not a 404).
async fn victorialogs_checks(b: &Backend) -> Vec<Check> {
    let path = victorialogs::OTLP_LOGS_PATH;
    let (r, metrics, otlp) =
        futures::join!(ready(b, "/health"), b.get("/metrics"), b.post_protobuf(path, empty_logs_request()));
    let version = match metrics {
        Ok(f) if f.status == 200 => match victorialogs::version_of(&f.body) {
            Some(v) => pass("victorialogs.version", v),
            None => warn("victorialogs.version", "/metrics names no vm_app_version"),
        },
        Ok(f) => warn("victorialogs.version", format!("/metrics answered HTTP {}: version unknown", f.status)),
        Err(e) => warn("victorialogs.version", e.why),
    };
    let otlp = match otlp {
        Ok(f) if (200..300).contains(&f.status) => pass("victorialogs.otlp", format!("{path} is served")),
        Ok(f) => fail("victorialogs.otlp", format!("{path} answered HTTP {}: {}", f.status, excerpt(&f.body, 160))),
        Err(e) => fail("victorialogs.otlp", e.why),
    };
    vec![r, version, otlp]
}

fn empty_logs_request() -> Vec<u8> {
    prost::Message::encode_to_vec(&opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest::default())
}
