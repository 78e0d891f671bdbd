//! Live checks of each part of the pipeline, in order: the collector (health, OTLP ports, own
//! metrics), then Tempo, Loki and Prometheus. Each check names its fix.

use std::time::{Duration, Instant, SystemTime};

use super::backends::collector::snapshot;
use super::backends::Backend;
use super::otlp::{self, ExportOutcome, OtlpTarget, Protocol};
use super::scrape;
use super::smoke::Plan;
use super::verdict::{Check, Outcome, Scope};
use crate::http::{self, RedactedUrl, TlsOptions};
use crate::signal::Signal;

/// The collector's addresses as otelkit reaches them.
#[derive(Debug, Clone)]
pub struct CollectorUrls {
    pub otlp_http: RedactedUrl,
    pub otlp_grpc: RedactedUrl,
    pub health: RedactedUrl,
    pub telemetry: RedactedUrl,
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
pub async fn backend_checks(plan: &Plan, collector_started: Option<SystemTime>) -> Vec<Check> {
    let prometheus = prometheus_checks(plan, collector_started);
    let (tempo, loki, prom) = futures::join!(tempo_checks(&plan.traces), loki_checks(&plan.logs), prometheus);
    [tempo, loki, prom].concat()
}

async fn ready(b: &Backend, path: &str) -> Check {
    let name = format!("{}.ready", b.name);
    match b.get(path).await {
        Ok(f) if f.status == 200 => pass(&name, format!("{} {}", b.url(path), f.body.trim())),
        Ok(f) => fail(
            &name,
            format!(
                "{} answered HTTP {}: {}",
                b.url(path),
                f.status,
                f.body.trim().chars().take(120).collect::<String>()
            ),
        ),
        Err(e) => fail(&name, format!("{}: {e}", b.url(path))),
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
    let body = prost::Message::encode_to_vec(
        &opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest::default(),
    );
    let headers = b.auth.header_map().unwrap_or_default();
    let otlp = match b
        .client
        .post(b.url("/otlp/v1/logs").for_wire().clone())
        .headers(headers)
        .header("Content-Type", "application/x-protobuf")
        .body(body)
        .send()
        .await
    {
        Ok(resp) => match loki_otlp_served(resp.status().as_u16()) {
            Some(true) => pass("loki.otlp", format!("/otlp/v1/logs is served (HTTP {})", resp.status().as_u16())),
            Some(false) => fail(
                "loki.otlp",
                format!(
                    "/otlp/v1/logs is not served (HTTP {}): use Loki 3.x (OTLP ingest) with allow_structured_metadata: true",
                    resp.status().as_u16()
                ),
            ),
            None => warn("loki.otlp", format!("/otlp/v1/logs answered HTTP {}", resp.status())),
        },
        Err(e) => fail("loki.otlp", http::describe_error(e)),
    };
    vec![r, v, otlp]
}

/// Prometheus's OTLP receiver; without `--web.enable-otlp-receiver` it answers 404 saying so.
const PROMETHEUS_OTLP: &str = "/api/v1/otlp/v1/metrics";

/// Whether Prometheus's answer to an empty OTLP metrics export says its receiver is on. Any
/// answer about the payload means it is; 404 means it is not; auth failures and 5xx say nothing.
pub fn prometheus_otlp_served(status: u16) -> Option<bool> {
    match status {
        200..=299 | 400 | 415 => Some(true),
        404 => Some(false),
        _ => None,
    }
}

/// The receiver's state; off is a failure only when the collector sends there (`needed`).
async fn prometheus_otlp(b: &Backend, needed: bool) -> Check {
    let name = "prometheus.otlp";
    let body = prost::Message::encode_to_vec(
        &opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest::default(),
    );
    let headers = b.auth.header_map().unwrap_or_default();
    let sent = b
        .client
        .post(b.url(PROMETHEUS_OTLP).for_wire().clone())
        .headers(headers)
        .header("Content-Type", "application/x-protobuf")
        .body(body)
        .send()
        .await;
    let resp = match sent {
        Ok(resp) => resp,
        Err(e) => return warn(name, http::describe_error(e)),
    };
    let status = resp.status().as_u16();
    let said = resp.text().await.unwrap_or_default().trim().chars().take(120).collect::<String>();
    match prometheus_otlp_served(status) {
        Some(true) => pass(name, format!("the OTLP receiver is on ({PROMETHEUS_OTLP} answered HTTP {status})")),
        Some(false) if needed => fail(
            name,
            format!(
                "the OTLP receiver is off ({PROMETHEUS_OTLP} answered HTTP 404: {said}): the collector sends metrics there (collector.metrics = \"otlp\"): start Prometheus with --web.enable-otlp-receiver"
            ),
        ),
        Some(false) => Check::new(
            name,
            Scope::Pipeline,
            Outcome::Skip,
            "the OTLP receiver is off: needed only when metrics are sent to it (gen collector --metrics otlp); start Prometheus with --web.enable-otlp-receiver then",
        ),
        None => warn(name, format!("{PROMETHEUS_OTLP} answered HTTP {status}: {said}")),
    }
}

async fn prometheus_checks(plan: &Plan, collector_started: Option<SystemTime>) -> Vec<Check> {
    let b = &plan.metrics;
    let (r, v, flags, targets, mut otlp) = futures::join!(
        ready(b, "/-/ready"),
        version(b, "/api/v1/status/buildinfo", &["data", "version"]),
        b.get("/api/v1/status/flags"),
        b.get("/api/v1/targets?state=active"),
        prometheus_otlp(b, plan.metrics_via_otlp)
    );
    let exemplars = match flags {
        Ok(f) if f.status == 200 => {
            let json: serde_json::Value = serde_json::from_str(&f.body).unwrap_or_default();
            let features = json["data"]["enable-feature"].as_str().unwrap_or_default();
            // The receiver rejects delta sums and histograms unless one of these converts them.
            let delta = ["otlp-deltatocumulative", "otlp-native-delta-ingestion"];
            if otlp.outcome == Outcome::Pass && !features.split(',').any(|x| delta.contains(&x.trim())) {
                otlp.detail.push_str("; delta temporality is dropped (\"invalid temporality and type combination\"): exporters must send cumulative, or start Prometheus with --enable-feature=otlp-deltatocumulative");
            }
            if features.split(',').any(|x| x.trim() == "exemplar-storage") {
                pass("prometheus.exemplars", "exemplar storage is on")
            } else {
                warn("prometheus.exemplars", "exemplar storage is off: start Prometheus with --enable-feature=exemplar-storage to link metrics to traces")
            }
        }
        Ok(f) => warn("prometheus.exemplars", format!("/api/v1/status/flags answered HTTP {}", f.status)),
        Err(e) => warn("prometheus.exemplars", e.why),
    };
    let deadline = Instant::now() + plan.timeout;
    let scrape = match targets {
        // Metrics pushed to the receiver: there is no collector to scrape.
        _ if plan.metrics_via_otlp => {
            Check::new("prometheus.scrape", Scope::Pipeline, Outcome::Skip, "metrics are pushed over OTLP, not scraped")
        }
        Ok(f) if f.status == 200 => {
            scrape::check(b, &f.body, collector_started, deadline, plan.unreachable_grace).await
        }
        Ok(f) => warn("prometheus.scrape", format!("/api/v1/targets answered HTTP {}", f.status)),
        Err(e) => warn("prometheus.scrape", e.why),
    };
    vec![r, v, exemplars, otlp, scrape]
}
