//! A pipeline for smoke tests: an OTLP receiver (HTTP and gRPC) that records exactly what
//! arrives, Tempo and Loki query APIs answering in the shapes of the recorded real responses
//! (tests/fixtures/recorded, with this run's data put in), and a page shaped like the recorded
//! collector exposition, for a real Prometheus to scrape. Knobs make it slow or broken.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use base64::Engine;
use opentelemetry_proto::tonic::collector::logs::v1::logs_service_server::{LogsService, LogsServiceServer};
use opentelemetry_proto::tonic::collector::logs::v1::{ExportLogsServiceRequest, ExportLogsServiceResponse};
use opentelemetry_proto::tonic::collector::metrics::v1::metrics_service_server::{
    MetricsService, MetricsServiceServer,
};
use opentelemetry_proto::tonic::collector::metrics::v1::{ExportMetricsServiceRequest, ExportMetricsServiceResponse};
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{TraceService, TraceServiceServer};
use opentelemetry_proto::tonic::collector::trace::v1::{ExportTraceServiceRequest, ExportTraceServiceResponse};
use opentelemetry_proto::tonic::common::v1::{any_value, KeyValue};
use opentelemetry_proto::tonic::metrics::v1::{exemplar, metric, number_data_point};
use otelkit::naming::{label_name, prometheus_name, InstrumentKind};
use prost::Message;
use serde_json::{json, Value};

use crate::support::read_recorded;

/// How the fake backends misbehave.
#[derive(Debug, Clone, Default)]
pub struct Knobs {
    /// Data becomes queryable this long after it arrives.
    pub visible_after: Duration,
    /// Every query answer waits this long first.
    pub answer_delay: Duration,
    /// Query answers are this status with this body instead.
    pub broken: Option<(u16, String)>,
    /// Export answers are this status instead of 200.
    pub export_status: Option<u16>,
    /// The self-metrics page counts the run as refused by the receiver.
    pub refuse: bool,
    /// The self-metrics page counts the run as dropped by the batch processor.
    pub drop_in_processor: bool,
    /// The self-metrics page counts the run as failed at the exporters.
    pub exporter_fails: bool,
    /// Exports are answered 200 with this content type and body (a proxy's or login page).
    pub export_page: Option<(&'static str, &'static str)>,
    /// The backends give back the run's data changed in this way.
    pub corrupt: Option<Corrupt>,
    /// Tempo's search shows the traces received bit by bit, as a real search index does.
    pub reveal: Option<Reveal>,
}

/// How Tempo's search shows what arrived: nothing for `after` since the last export, then a
/// growing share over `over`, up to `upto` of it (1.0: all).
#[derive(Debug, Clone, Copy)]
pub struct Reveal {
    pub after: Duration,
    pub over: Duration,
    pub upto: f64,
}

impl Reveal {
    fn shown(&self, since_last: Duration, of: usize) -> usize {
        let growing = since_last.saturating_sub(self.after).as_secs_f64() / self.over.as_secs_f64().max(0.001);
        (of as f64 * growing.min(1.0) * self.upto).floor() as usize
    }
}

/// Wrong data a broken pipeline could hand back; each must be caught and named by its check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corrupt {
    /// Tempo shows the CLIENT span under another parent.
    SpanParent,
    /// Tempo never shows the INTERNAL span.
    SpanMissing,
    /// Loki shows the ERROR line with severity INFO.
    LogSeverity,
    /// Loki's structured metadata puts the run's lines in another trace.
    LogTrace,
    /// The exposition's exemplar names another span.
    ExemplarSpan,
}

/// An id that is not the one given: same length, every byte flipped.
fn other_id(b: &[u8]) -> Vec<u8> {
    b.iter().map(|x| !x).collect()
}

#[derive(Default)]
pub struct Received {
    pub traces: Vec<(ExportTraceServiceRequest, Instant)>,
    pub metrics: Vec<(ExportMetricsServiceRequest, Instant)>,
    pub logs: Vec<(ExportLogsServiceRequest, Instant)>,
    /// (path, headers) of every export.
    pub exports: Vec<(String, HashMap<String, String>)>,
}

#[derive(Clone)]
pub struct Fake {
    pub received: Arc<Mutex<Received>>,
    pub knobs: Arc<Mutex<Knobs>>,
    pub namespace: Option<String>,
}

pub struct FakePipeline {
    pub fake: Fake,
    /// OTLP/HTTP receiver and Tempo/Loki/Grafana-proxy APIs, all on one port.
    pub http: String,
    pub grpc: String,
    _runtime: tokio::runtime::Runtime,
}

impl FakePipeline {
    pub fn start(namespace: Option<&str>, knobs: Knobs) -> Self {
        let fake = Fake {
            received: Arc::default(),
            knobs: Arc::new(Mutex::new(knobs)),
            namespace: namespace.map(str::to_owned),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let (http, grpc) = runtime.block_on(async {
            let http_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let grpc_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let http = format!("http://{}", http_listener.local_addr().unwrap());
            let grpc = format!("http://{}", grpc_listener.local_addr().unwrap());
            let api = Router::new()
                .route("/api/v2/traces/{id}", get(tempo_v2))
                .route("/api/traces/{id}", get(tempo_v1))
                .route("/loki/api/v1/query_range", get(loki_query_range))
                .route("/api/search", get(tempo_search))
                .route("/loki/api/v1/query", get(loki_count));
            let app = Router::new()
                .route("/v1/traces", post(export_traces))
                .route("/v1/metrics", post(export_metrics))
                .route("/v1/logs", post(export_logs))
                .route("/custom/traces", post(export_traces))
                .route("/metrics", get(exposition))
                .route("/self/metrics", get(self_metrics))
                .route(
                    "/",
                    get(|| async { ([("content-type", "application/json")], read_recorded("collector/health.json")) }),
                )
                .route("/ready", get(|| async { read_recorded("tempo/ready.txt") }))
                .route(
                    "/api/status/buildinfo",
                    get(|| async { ([("content-type", "application/json")], read_recorded("tempo/buildinfo.json")) }),
                )
                .route("/api/echo", get(|| async { read_recorded("tempo/echo.txt") }))
                .route("/otlp/v1/logs", post(loki_otlp_logs))
                .merge(api.clone())
                .nest("/api/datasources/proxy/uid/otelkit-tempo", api.clone())
                .nest("/api/datasources/proxy/uid/otelkit-loki", api)
                .with_state(fake.clone());
            tokio::spawn(async move {
                let _ = axum::serve(http_listener, app).await;
            });
            let f = fake.clone();
            tokio::spawn(async move {
                let incoming = tokio_stream_from(grpc_listener);
                let _ = tonic::transport::Server::builder()
                    .add_service(
                        TraceServiceServer::new(f.clone()).accept_compressed(tonic::codec::CompressionEncoding::Gzip),
                    )
                    .add_service(
                        MetricsServiceServer::new(f.clone()).accept_compressed(tonic::codec::CompressionEncoding::Gzip),
                    )
                    .add_service(LogsServiceServer::new(f).accept_compressed(tonic::codec::CompressionEncoding::Gzip))
                    .serve_with_incoming(incoming)
                    .await;
            });
            (http, grpc)
        });
        Self { fake, http, grpc, _runtime: runtime }
    }

    /// host:port of the exposition page, for a Prometheus scrape config.
    pub fn scrape_target(&self) -> String {
        self.http.trim_start_matches("http://").to_owned()
    }

    /// A real Prometheus scraping this pipeline's exposition page with the config `gen compose`
    /// writes (namespace agentstack).
    pub fn real_prometheus(&self, exemplars: bool) -> crate::real_prometheus::RealPrometheus {
        use otelkit::cli::CollectorArgs;
        use otelkit::commands::gen::compose;
        let args = CollectorArgs { metric_namespace: Some("agentstack".into()), ..Default::default() };
        let plan = otelkit::settings::gen::collector_plan(
            &otelkit::settings::Settings::with_env(Default::default(), []),
            &args,
            true,
        )
        .unwrap();
        let target = self.scrape_target();
        let config = compose::prometheus_config(
            &plan,
            &compose::ScrapeTargets { exporter: &target, self_metrics: &target },
            "1s",
            &otelkit::templates::Templates::builtin().unwrap(),
        )
        .unwrap();
        crate::real_prometheus::RealPrometheus::start_with(&config, None, exemplars)
    }

    pub fn received(&self) -> std::sync::MutexGuard<'_, Received> {
        self.fake.received.lock().unwrap()
    }
}

fn tokio_stream_from(
    listener: tokio::net::TcpListener,
) -> impl futures::Stream<Item = Result<tokio::net::TcpStream, std::io::Error>> {
    futures::stream::unfold(listener, |l| async move {
        let next = l.accept().await.map(|(s, _)| s);
        Some((next, l))
    })
}

fn headers_of(h: &HeaderMap) -> HashMap<String, String> {
    h.iter().map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned())).collect()
}

fn decode_body(headers: &HeaderMap, body: &Bytes) -> Vec<u8> {
    if headers.get("content-encoding").is_some_and(|v| v == "gzip") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(body.as_ref()).read_to_end(&mut out).unwrap();
        out
    } else {
        body.to_vec()
    }
}

fn export_answer<R: Message + Default>(fake: &Fake) -> Response {
    let knobs = fake.knobs.lock().unwrap().clone();
    if let Some((content_type, body)) = knobs.export_page {
        return ([("content-type", content_type)], body).into_response();
    }
    match knobs.export_status {
        Some(status) => (StatusCode::from_u16(status).unwrap(), "export refused by test").into_response(),
        None => ([("content-type", "application/x-protobuf")], R::default().encode_to_vec()).into_response(),
    }
}

/// Loki's native OTLP endpoint. Loki 3.8 answers an export with no data 422 Unprocessable
/// Entity (seen against a real Loki 3.8 when doctor probed it; not in the recordings).
async fn loki_otlp_logs(State(f): State<Fake>, uri: axum::http::Uri, headers: HeaderMap, body: Bytes) -> Response {
    let req = ExportLogsServiceRequest::decode(decode_body(&headers, &body).as_slice()).unwrap();
    if req.resource_logs.is_empty() {
        return (StatusCode::UNPROCESSABLE_ENTITY, "no data").into_response();
    }
    export_logs(State(f), uri, headers, body).await
}

async fn export_traces(State(f): State<Fake>, uri: axum::http::Uri, headers: HeaderMap, body: Bytes) -> Response {
    let req = ExportTraceServiceRequest::decode(decode_body(&headers, &body).as_slice()).unwrap();
    let mut r = f.received.lock().unwrap();
    r.exports.push((uri.path().to_owned(), headers_of(&headers)));
    r.traces.push((req, Instant::now()));
    drop(r);
    export_answer::<ExportTraceServiceResponse>(&f)
}

async fn export_metrics(State(f): State<Fake>, uri: axum::http::Uri, headers: HeaderMap, body: Bytes) -> Response {
    let req = ExportMetricsServiceRequest::decode(decode_body(&headers, &body).as_slice()).unwrap();
    let mut r = f.received.lock().unwrap();
    r.exports.push((uri.path().to_owned(), headers_of(&headers)));
    r.metrics.push((req, Instant::now()));
    drop(r);
    export_answer::<ExportMetricsServiceResponse>(&f)
}

async fn export_logs(State(f): State<Fake>, uri: axum::http::Uri, headers: HeaderMap, body: Bytes) -> Response {
    let req = ExportLogsServiceRequest::decode(decode_body(&headers, &body).as_slice()).unwrap();
    let mut r = f.received.lock().unwrap();
    r.exports.push((uri.path().to_owned(), headers_of(&headers)));
    r.logs.push((req, Instant::now()));
    drop(r);
    export_answer::<ExportLogsServiceResponse>(&f)
}

fn meta_of(m: &tonic::metadata::MetadataMap) -> HashMap<String, String> {
    m.clone()
        .into_headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
        .collect()
}

#[tonic::async_trait]
impl TraceService for Fake {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        let mut r = self.received.lock().unwrap();
        r.exports.push(("grpc:traces".into(), meta_of(request.metadata())));
        r.traces.push((request.into_inner(), Instant::now()));
        Ok(tonic::Response::new(ExportTraceServiceResponse::default()))
    }
}

#[tonic::async_trait]
impl MetricsService for Fake {
    async fn export(
        &self,
        request: tonic::Request<ExportMetricsServiceRequest>,
    ) -> Result<tonic::Response<ExportMetricsServiceResponse>, tonic::Status> {
        let mut r = self.received.lock().unwrap();
        r.exports.push(("grpc:metrics".into(), meta_of(request.metadata())));
        r.metrics.push((request.into_inner(), Instant::now()));
        Ok(tonic::Response::new(ExportMetricsServiceResponse::default()))
    }
}

#[tonic::async_trait]
impl LogsService for Fake {
    async fn export(
        &self,
        request: tonic::Request<ExportLogsServiceRequest>,
    ) -> Result<tonic::Response<ExportLogsServiceResponse>, tonic::Status> {
        let mut r = self.received.lock().unwrap();
        r.exports.push(("grpc:logs".into(), meta_of(request.metadata())));
        r.logs.push((request.into_inner(), Instant::now()));
        Ok(tonic::Response::new(ExportLogsServiceResponse::default()))
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn attr_str(attrs: &[KeyValue], key: &str) -> Option<String> {
    attrs.iter().find(|a| a.key == key).and_then(|a| match a.value.as_ref()?.value.as_ref()? {
        any_value::Value::StringValue(s) => Some(s.clone()),
        any_value::Value::IntValue(i) => Some(i.to_string()),
        _ => None,
    })
}

/// Attributes as Tempo's JSON writes them (recorded: `{"key":..,"value":{"stringValue":..}}`).
fn attrs_json(attrs: &[KeyValue]) -> Value {
    Value::Array(
        attrs
            .iter()
            .map(|a| {
                let v = match a.value.as_ref().and_then(|v| v.value.as_ref()) {
                    Some(any_value::Value::IntValue(i)) => json!({ "intValue": i.to_string() }),
                    Some(any_value::Value::StringValue(s)) => json!({ "stringValue": s }),
                    _ => json!({}),
                };
                json!({ "key": a.key, "value": v })
            })
            .collect(),
    )
}

/// Gate every query: delay, breakage, visibility.
async fn gate(f: &Fake) -> Result<Duration, Response> {
    let knobs = f.knobs.lock().unwrap().clone();
    if !knobs.answer_delay.is_zero() {
        tokio::time::sleep(knobs.answer_delay).await;
    }
    if let Some((status, body)) = knobs.broken {
        return Err((StatusCode::from_u16(status).unwrap(), body).into_response());
    }
    Ok(knobs.visible_after)
}

/// The run's spans for `id` in the recorded v2 shape, or None.
fn trace_json(f: &Fake, id: &str, visible_after: Duration) -> Option<Value> {
    let corrupt = f.knobs.lock().unwrap().corrupt;
    let r = f.received.lock().unwrap();
    let mut resource_spans = Vec::new();
    for (req, at) in &r.traces {
        if at.elapsed() < visible_after {
            continue;
        }
        for rs in &req.resource_spans {
            let spans: Vec<Value> = rs
                .scope_spans
                .iter()
                .flat_map(|ss| ss.spans.iter())
                .filter(|s| hex(&s.trace_id) == id)
                .filter(|s| !(corrupt == Some(Corrupt::SpanMissing) && s.kind == 1))
                .map(|s| {
                    let kind = ["SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER"][s.kind as usize];
                    let mut span = json!({
                        "traceId": b64(&s.trace_id),
                        "spanId": b64(&s.span_id),
                        "name": s.name,
                        "kind": kind,
                        "startTimeUnixNano": s.start_time_unix_nano.to_string(),
                        "endTimeUnixNano": s.end_time_unix_nano.to_string(),
                        "attributes": attrs_json(&s.attributes),
                        "status": match s.status.as_ref().map(|st| st.code) { Some(2) => json!({"code": "STATUS_CODE_ERROR", "message": s.status.as_ref().unwrap().message}), _ => json!({}) },
                    });
                    if !s.parent_span_id.is_empty() {
                        let parent = if corrupt == Some(Corrupt::SpanParent) && s.kind == 3 {
                            other_id(&s.parent_span_id)
                        } else {
                            s.parent_span_id.clone()
                        };
                        span["parentSpanId"] = json!(b64(&parent));
                    }
                    span
                })
                .collect();
            if !spans.is_empty() {
                let resource = attrs_json(&rs.resource.as_ref().map(|r| r.attributes.clone()).unwrap_or_default());
                resource_spans.push(json!({ "resource": { "attributes": resource }, "scopeSpans": [{ "scope": { "name": "otelkit" }, "spans": spans }] }));
            }
        }
    }
    if resource_spans.is_empty() {
        None
    } else {
        Some(Value::Array(resource_spans))
    }
}

async fn tempo_v2(State(f): State<Fake>, Path(id): Path<String>) -> Response {
    let visible_after = match gate(&f).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if !id.chars().all(|c| c.is_ascii_hexdigit()) {
        return (StatusCode::BAD_REQUEST, read_recorded("tempo/trace_bad_id.txt")).into_response();
    }
    match trace_json(&f, &id, visible_after) {
        Some(rs) => {
            let mut recorded: Value = serde_json::from_str(&read_recorded("tempo/trace_v2_found.json")).unwrap();
            recorded["trace"]["resourceSpans"] = rs;
            axum::Json(recorded).into_response()
        }
        // Recorded: 200 with an empty trace.
        None => ([("content-type", "application/json")], read_recorded("tempo/trace_v2_not_found.txt")).into_response(),
    }
}

async fn tempo_v1(State(f): State<Fake>, Path(id): Path<String>) -> Response {
    let visible_after = match gate(&f).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    match trace_json(&f, &id, visible_after) {
        Some(rs) => axum::Json(json!({ "batches": rs })).into_response(),
        None => (StatusCode::NOT_FOUND, read_recorded("tempo/trace_v1_not_found.txt")).into_response(),
    }
}

async fn loki_query_range(State(f): State<Fake>, Query(q): Query<HashMap<String, String>>) -> Response {
    let visible_after = match gate(&f).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let query = q.get("query").cloned().unwrap_or_default();
    let Some(trace) = quoted_after(&query, "trace_id") else {
        return (StatusCode::BAD_REQUEST, read_recorded("loki/query_range_bad_logql.txt")).into_response();
    };
    let service = quoted_after(&query, "service_name").unwrap_or_default();
    let corrupt = f.knobs.lock().unwrap().corrupt;
    let r = f.received.lock().unwrap();
    let mut streams = Vec::new();
    for (req, at) in &r.logs {
        if at.elapsed() < visible_after {
            continue;
        }
        for rl in &req.resource_logs {
            let res = rl.resource.as_ref().map(|r| r.attributes.clone()).unwrap_or_default();
            if attr_str(&res, "service.name").as_deref() != Some(service.as_str()) {
                continue;
            }
            for lr in rl.scope_logs.iter().flat_map(|s| s.log_records.iter()) {
                if hex(&lr.trace_id) != trace {
                    continue;
                }
                // As recorded: resource attributes and structured metadata merged into the labels.
                let mut labels = serde_json::Map::new();
                for a in &res {
                    if let Some(v) = attr_str(&res, &a.key) {
                        labels.insert(label_name(&a.key), json!(v));
                    }
                }
                let severity = match corrupt {
                    Some(Corrupt::LogSeverity) if lr.severity_text == "ERROR" => "INFO".to_owned(),
                    _ => lr.severity_text.clone(),
                };
                let trace_id =
                    if corrupt == Some(Corrupt::LogTrace) { other_id(&lr.trace_id) } else { lr.trace_id.clone() };
                labels.insert("severity_text".into(), json!(severity));
                labels.insert("severity_number".into(), json!(lr.severity_number.to_string()));
                labels.insert("detected_level".into(), json!(severity.to_ascii_lowercase()));
                labels.insert("trace_id".into(), json!(hex(&trace_id)));
                labels.insert("span_id".into(), json!(hex(&lr.span_id)));
                let body = match lr.body.as_ref().and_then(|b| b.value.as_ref()) {
                    Some(any_value::Value::StringValue(s)) => s.clone(),
                    _ => String::new(),
                };
                streams.push(json!({ "stream": labels, "values": [[lr.time_unix_nano.to_string(), body]] }));
            }
        }
    }
    let fixture = if streams.is_empty() { "loki/query_range_empty.json" } else { "loki/query_range_by_trace_id.json" };
    let mut recorded: Value = serde_json::from_str(&read_recorded(fixture)).unwrap();
    recorded["data"]["result"] = Value::Array(streams);
    axum::Json(recorded).into_response()
}

/// OpenMetrics like the collector's prometheus exporter writes it (recorded in
/// collector/prometheus_exporter.openmetrics.txt): namespace, suffixes, job/instance, exemplars.
async fn exposition(State(f): State<Fake>) -> Response {
    let knobs = f.knobs.lock().unwrap().clone();
    let visible_after = knobs.visible_after;
    let wrong_span = knobs.corrupt == Some(Corrupt::ExemplarSpan);
    let r = f.received.lock().unwrap();
    let ns = f.namespace.as_deref();
    let mut out = String::new();
    for (req, at) in &r.metrics {
        if at.elapsed() < visible_after {
            continue;
        }
        for rm in &req.resource_metrics {
            let res = rm.resource.as_ref().map(|r| r.attributes.clone()).unwrap_or_default();
            let base = format!(
                "instance=\"{}\",job=\"{}\"",
                attr_str(&res, "service.instance.id").unwrap_or_default(),
                attr_str(&res, "service.name").unwrap_or_default()
            );
            for m in rm.scope_metrics.iter().flat_map(|s| s.metrics.iter()) {
                match &m.data {
                    Some(metric::Data::Sum(sum)) if sum.is_monotonic => {
                        let name = prometheus_name(&m.name, &m.unit, InstrumentKind::Counter, ns);
                        out += &format!("# TYPE {} counter\n", name.trim_end_matches("_total"));
                        for p in &sum.data_points {
                            let labels = labels(&base, &p.attributes);
                            let v = match p.value {
                                Some(number_data_point::Value::AsInt(i)) => i as f64,
                                Some(number_data_point::Value::AsDouble(d)) => d,
                                None => 0.0,
                            };
                            out += &format!("{name}{{{labels}}} {v:?}{}\n", exemplar_suffix(p.exemplars.first()));
                        }
                    }
                    Some(metric::Data::Histogram(h)) => {
                        let name = prometheus_name(&m.name, &m.unit, InstrumentKind::Histogram, ns);
                        out += &format!("# TYPE {name} histogram\n");
                        for p in &h.data_points {
                            let labels = labels(&base, &p.attributes);
                            let mut cumulative = 0;
                            let mut exemplar_used = false;
                            for (i, bound) in p
                                .explicit_bounds
                                .iter()
                                .map(|b| format!("{b:?}"))
                                .chain(["+Inf".to_owned()])
                                .enumerate()
                            {
                                cumulative += p.bucket_counts.get(i).copied().unwrap_or(0);
                                let ex = p
                                    .exemplars
                                    .first()
                                    .filter(|_| !exemplar_used && p.bucket_counts.get(i).copied().unwrap_or(0) > 0);
                                exemplar_used |= ex.is_some();
                                let ex = ex.cloned().map(|mut e| {
                                    if wrong_span {
                                        e.span_id = other_id(&e.span_id);
                                    }
                                    e
                                });
                                out += &format!(
                                    "{name}_bucket{{{labels},le=\"{bound}\"}} {cumulative}{}\n",
                                    exemplar_suffix(ex.as_ref())
                                );
                            }
                            out += &format!(
                                "{name}_sum{{{labels}}} {:?}\n{name}_count{{{labels}}} {}\n",
                                p.sum.unwrap_or(0.0),
                                p.count
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out += "# EOF\n";
    ([("content-type", "application/openmetrics-text; version=1.0.0; charset=utf-8")], out).into_response()
}

fn labels(base: &str, attrs: &[KeyValue]) -> String {
    let mut l = base.to_owned();
    for a in attrs {
        if let Some(v) = attr_str(attrs, &a.key) {
            l += &format!(",{}=\"{v}\"", label_name(&a.key));
        }
    }
    l
}

fn exemplar_suffix(e: Option<&opentelemetry_proto::tonic::metrics::v1::Exemplar>) -> String {
    let Some(e) = e else { return String::new() };
    let v = match e.value {
        Some(exemplar::Value::AsInt(i)) => i as f64,
        Some(exemplar::Value::AsDouble(d)) => d,
        None => 0.0,
    };
    format!(
        " # {{trace_id=\"{}\",span_id=\"{}\"}} {v:?} {:.3}",
        hex(&e.trace_id),
        hex(&e.span_id),
        e.time_unix_nano as f64 / 1e9
    )
}

/// The recorded collector self-metrics with this run's counts added, as a real collector would
/// count them; the knobs move them to refused, dropped or failed.
async fn self_metrics(State(f): State<Fake>) -> Response {
    let knobs = f.knobs.lock().unwrap().clone();
    let r = f.received.lock().unwrap();
    let spans: usize = r
        .traces
        .iter()
        .flat_map(|(t, _)| &t.resource_spans)
        .flat_map(|rs| &rs.scope_spans)
        .map(|ss| ss.spans.len())
        .sum();
    let points: usize = r
        .metrics
        .iter()
        .flat_map(|(m, _)| &m.resource_metrics)
        .flat_map(|rm| &rm.scope_metrics)
        .flat_map(|sm| &sm.metrics)
        .map(|m| match &m.data {
            Some(metric::Data::Sum(s)) => s.data_points.len(),
            Some(metric::Data::Histogram(h)) => h.data_points.len(),
            _ => 0,
        })
        .sum();
    let records: usize = r
        .logs
        .iter()
        .flat_map(|(l, _)| &l.resource_logs)
        .flat_map(|rl| &rl.scope_logs)
        .map(|sl| sl.log_records.len())
        .sum();
    let count = |line: &str| -> usize {
        if line.contains("spans") || line.contains("otel_signal=\"traces\"") {
            spans
        } else if line.contains("metric_points") || line.contains("otel_signal=\"metrics\"") {
            points
        } else {
            records
        }
    };
    let mut out = String::new();
    for line in read_recorded("collector/self_metrics.txt").lines() {
        let bump = if line.starts_with("otelcol_receiver_accepted_") {
            !knobs.refuse
        } else if line.starts_with("otelcol_receiver_refused_") {
            knobs.refuse
        } else if line.starts_with("otelcol_exporter_sent_") {
            !knobs.refuse && !knobs.drop_in_processor && !knobs.exporter_fails
        } else if line.starts_with("otelcol_processor_incoming_items") {
            !knobs.refuse
        } else if line.starts_with("otelcol_processor_outgoing_items") {
            !knobs.refuse && !knobs.drop_in_processor
        } else {
            false
        };
        match (bump, line.rsplit_once(' ')) {
            (true, Some((series, value))) => {
                let v: f64 = value.parse().unwrap();
                out += &format!("{series} {}\n", v + count(line) as f64);
            }
            _ => out += &format!("{line}\n"),
        }
    }
    if knobs.exporter_fails {
        out += &format!("otelcol_exporter_send_failed_spans{{exporter=\"otlp/tempo\"}} {spans}\n");
        out += &format!("otelcol_exporter_send_failed_log_records{{exporter=\"otlphttp/loki\"}} {records}\n");
        out += &format!("otelcol_exporter_send_failed_metric_points{{exporter=\"prometheus\"}} {points}\n");
    }
    ([("content-type", "text/plain; version=0.0.4; charset=utf-8")], out).into_response()
}

/// The value of `key="..."` (or `key = "..."`) in a query, its escapes decoded as Loki and Tempo
/// read a Go string literal.
fn quoted_after(query: &str, key: &str) -> Option<String> {
    let rest = query.split(key).nth(1)?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
}

/// Tempo's TraceQL search, for `{ .otelkit.run_id = "<id>" }` only, in the recorded shape:
/// one entry per trace holding a span with that attribute, `matched` its number of such spans.
async fn tempo_search(State(f): State<Fake>, Query(q): Query<HashMap<String, String>>) -> Response {
    let visible_after = match gate(&f).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let query = q.get("q").cloned().unwrap_or_default();
    let Some(run) = quoted_after(&query, ".otelkit.run_id") else {
        return (StatusCode::BAD_REQUEST, read_recorded("tempo/search_bad_traceql.txt")).into_response();
    };
    let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(20);
    let r = f.received.lock().unwrap();
    let mut matched: Vec<(Vec<u8>, u64)> = Vec::new();
    let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
    for (req, at) in &r.traces {
        if at.elapsed() < visible_after {
            continue;
        }
        for s in req.resource_spans.iter().flat_map(|rs| &rs.scope_spans).flat_map(|ss| &ss.spans) {
            if attr_str(&s.attributes, "otelkit.run_id").as_deref() != Some(run.as_str()) {
                continue;
            }
            let i = *index.entry(s.trace_id.clone()).or_insert_with(|| {
                matched.push((s.trace_id.clone(), 0));
                matched.len() - 1
            });
            matched[i].1 += 1;
        }
    }
    let reveal = f.knobs.lock().unwrap().reveal;
    if let (Some(reveal), Some(last)) = (reveal, r.traces.iter().map(|(_, at)| *at).max()) {
        matched.truncate(reveal.shown(last.elapsed(), matched.len()));
    }
    let traces: Vec<Value> = matched
        .iter()
        .take(limit)
        .map(|(id, n)| json!({ "traceID": hex(id), "rootServiceName": "otelkit-load", "spanSet": { "spans": [], "matched": n } }))
        .collect();
    let mut recorded: Value = serde_json::from_str(&read_recorded("tempo/search_traceql.json")).unwrap();
    recorded["traces"] = Value::Array(traces);
    axum::Json(recorded).into_response()
}

/// Loki's instant query, for `sum(count_over_time({service_name="..."} | otelkit_run_id="..." [..]))`
/// only: the number of log records of that service carrying that run id.
async fn loki_count(State(f): State<Fake>, Query(q): Query<HashMap<String, String>>) -> Response {
    let visible_after = match gate(&f).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let query = q.get("query").cloned().unwrap_or_default();
    let (Some(service), Some(run)) = (quoted_after(&query, "service_name"), quoted_after(&query, "otelkit_run_id"))
    else {
        return (StatusCode::BAD_REQUEST, read_recorded("loki/query_range_bad_logql.txt")).into_response();
    };
    let r = f.received.lock().unwrap();
    let mut count = 0u64;
    for (req, at) in &r.logs {
        if at.elapsed() < visible_after {
            continue;
        }
        for rl in &req.resource_logs {
            let res = rl.resource.as_ref().map(|r| r.attributes.clone()).unwrap_or_default();
            if attr_str(&res, "service.name").as_deref() != Some(service.as_str()) {
                continue;
            }
            count += rl
                .scope_logs
                .iter()
                .flat_map(|s| &s.log_records)
                .filter(|l| attr_str(&l.attributes, "otelkit.run_id").as_deref() == Some(run.as_str()))
                .count() as u64;
        }
    }
    let result = if count == 0 { json!([]) } else { json!([{ "metric": {}, "value": [1.0, count.to_string()] }]) };
    axum::Json(json!({ "status": "success", "data": { "resultType": "vector", "result": result } })).into_response()
}
