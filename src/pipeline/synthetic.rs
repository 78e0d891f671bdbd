//! One smoke run: its ids, and the OTLP requests that carry it (built with opentelemetry-proto,
//! since the Rust SDK cannot attach exemplars).

use std::time::{SystemTime, UNIX_EPOCH};

use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, InstrumentationScope, KeyValue};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs, SeverityNumber};
use opentelemetry_proto::tonic::metrics::v1::{
    exemplar, metric, number_data_point, AggregationTemporality, Exemplar, Histogram, HistogramDataPoint, Metric,
    NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum,
};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1::{span, status, ResourceSpans, ScopeSpans, Span, Status};
use rand::Rng;

use crate::naming::{InstrumentKind, TranslationStrategy};

pub const COUNTER: &str = "otelkit.smoke.requests";
pub const COUNTER_UNIT: &str = "{request}";
pub const HISTOGRAM: &str = "otelkit.smoke.duration";
pub const HISTOGRAM_UNIT: &str = "s";
pub const RUN_ATTRIBUTE: &str = "otelkit.run_id";
pub const HISTOGRAM_BOUNDS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
pub const LATENCY: f64 = 0.042;

/// One emitted span, as verification expects to find it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExpectedSpan {
    pub span_id: String,
    pub parent_span_id: Option<String>,
    pub name: String,
    /// "server", "client", "internal"
    pub kind: String,
    pub error: bool,
}

/// One emitted log record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExpectedLog {
    pub span_id: String,
    pub severity: String,
    pub body: String,
}

/// Everything a run emits, in the terms verification checks.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SmokeRun {
    pub run_id: String,
    pub service_name: String,
    pub trace_id: String,
    pub spans: Vec<ExpectedSpan>,
    pub logs: Vec<ExpectedLog>,
    /// The span the exemplars point at.
    pub exemplar_span_id: String,
    #[serde(skip)]
    pub resource: Vec<(String, String)>,
    #[serde(skip)]
    pub start_unix_nano: u64,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len()).step_by(2).filter_map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

pub fn now_nanos() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
}

impl SmokeRun {
    /// A new run with random ids. `resource` comes from OTEL_RESOURCE_ATTRIBUTES and settings.
    pub fn new(service_name: &str, run_id: Option<&str>, mut resource: Vec<(String, String)>) -> Self {
        let mut rng = rand::rng();
        let trace_id = hex(&rng.random::<[u8; 16]>());
        let ids: Vec<String> = (0..3).map(|_| hex(&rng.random::<[u8; 8]>())).collect();
        let run_id = run_id.map(str::to_owned).unwrap_or_else(|| hex(&rng.random::<[u8; 6]>()));
        resource.retain(|(k, _)| k != "service.name");
        resource.insert(0, ("service.name".into(), service_name.into()));
        if !resource.iter().any(|(k, _)| k == "service.instance.id") {
            resource.push(("service.instance.id".into(), format!("otelkit-smoke-{run_id}")));
        }
        let spans = vec![
            ExpectedSpan {
                span_id: ids[0].clone(),
                parent_span_id: None,
                name: "GET /smoke".into(),
                kind: "server".into(),
                error: false,
            },
            ExpectedSpan {
                span_id: ids[1].clone(),
                parent_span_id: Some(ids[0].clone()),
                name: "POST upstream".into(),
                kind: "client".into(),
                error: true,
            },
            ExpectedSpan {
                span_id: ids[2].clone(),
                parent_span_id: Some(ids[0].clone()),
                name: "render response".into(),
                kind: "internal".into(),
                error: false,
            },
        ];
        let logs = vec![
            ExpectedLog {
                span_id: ids[0].clone(),
                severity: "INFO".into(),
                body: format!("otelkit smoke run {run_id} started"),
            },
            ExpectedLog {
                span_id: ids[1].clone(),
                severity: "ERROR".into(),
                body: format!("otelkit smoke run {run_id}: upstream failed"),
            },
        ];
        Self {
            run_id,
            service_name: service_name.to_owned(),
            trace_id,
            exemplar_span_id: ids[0].clone(),
            spans,
            logs,
            resource,
            start_unix_nano: now_nanos(),
        }
    }

    /// The run's counter as Prometheus names it under `strategy`.
    pub fn counter_name(&self, strategy: TranslationStrategy, namespace: Option<&str>) -> String {
        strategy.metric_name(COUNTER, COUNTER_UNIT, InstrumentKind::Counter, namespace)
    }

    /// The run's histogram (base name, without `_bucket`/`_count`) under `strategy`.
    pub fn histogram_name(&self, strategy: TranslationStrategy, namespace: Option<&str>) -> String {
        strategy.metric_name(HISTOGRAM, HISTOGRAM_UNIT, InstrumentKind::Histogram, namespace)
    }

    fn resource(&self) -> Resource {
        Resource { attributes: self.resource.iter().map(|(k, v)| kv(k, v)).collect(), ..Default::default() }
    }

    fn scope() -> InstrumentationScope {
        InstrumentationScope { name: "otelkit".into(), version: env!("CARGO_PKG_VERSION").into(), ..Default::default() }
    }

    pub fn traces(&self) -> ExportTraceServiceRequest {
        let t0 = self.start_unix_nano;
        let spans = self
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let (start, end) = match i {
                    0 => (t0, t0 + 60_000_000),
                    1 => (t0 + 5_000_000, t0 + 45_000_000),
                    _ => (t0 + 46_000_000, t0 + 58_000_000),
                };
                let mut attributes = vec![kv(RUN_ATTRIBUTE, &self.run_id)];
                let mut events = Vec::new();
                let kind = match s.kind.as_str() {
                    "server" => {
                        attributes.extend([
                            kv("http.request.method", "GET"),
                            kv("http.route", "/smoke"),
                            kv("url.path", "/smoke"),
                            kv_int("http.response.status_code", 200),
                        ]);
                        span::SpanKind::Server
                    }
                    "client" => {
                        attributes.extend([
                            kv("http.request.method", "POST"),
                            kv("server.address", "upstream.invalid"),
                            kv_int("server.port", 443),
                            kv("url.full", "https://upstream.invalid/v1/work"),
                            kv_int("http.response.status_code", 502),
                            kv("error.type", "502"),
                        ]);
                        events.push(span::Event {
                            time_unix_nano: start + 30_000_000,
                            name: "exception".into(),
                            attributes: vec![
                                kv("exception.type", "UpstreamError"),
                                kv("exception.message", "upstream answered 502 Bad Gateway"),
                            ],
                            ..Default::default()
                        });
                        span::SpanKind::Client
                    }
                    _ => span::SpanKind::Internal,
                };
                Span {
                    trace_id: unhex(&self.trace_id),
                    span_id: unhex(&s.span_id),
                    parent_span_id: s.parent_span_id.as_deref().map(unhex).unwrap_or_default(),
                    name: s.name.clone(),
                    kind: kind as i32,
                    start_time_unix_nano: start,
                    end_time_unix_nano: end,
                    attributes,
                    events,
                    status: Some(if s.error {
                        Status { code: status::StatusCode::Error as i32, message: "upstream answered 502".into() }
                    } else {
                        Status { code: status::StatusCode::Unset as i32, message: String::new() }
                    }),
                    ..Default::default()
                }
            })
            .collect();
        ExportTraceServiceRequest {
            resource_spans: vec![ResourceSpans {
                resource: Some(self.resource()),
                scope_spans: vec![ScopeSpans { scope: Some(Self::scope()), spans, ..Default::default() }],
                ..Default::default()
            }],
        }
    }

    fn exemplar(&self, value: exemplar::Value, time: u64) -> Exemplar {
        Exemplar {
            time_unix_nano: time,
            trace_id: unhex(&self.trace_id),
            span_id: unhex(&self.exemplar_span_id),
            value: Some(value),
            ..Default::default()
        }
    }

    /// A counter and a histogram (seconds), cumulative, each point carrying an exemplar.
    pub fn metrics(&self) -> ExportMetricsServiceRequest {
        let start = self.start_unix_nano;
        let time = now_nanos().max(start + 1);
        let attributes = vec![kv(RUN_ATTRIBUTE, &self.run_id)];
        let mut bucket_counts = vec![0u64; HISTOGRAM_BOUNDS.len() + 1];
        let slot = HISTOGRAM_BOUNDS.iter().position(|b| LATENCY <= *b).unwrap_or(HISTOGRAM_BOUNDS.len());
        bucket_counts[slot] = 1;
        let counter = Metric {
            name: COUNTER.into(),
            description: "otelkit smoke-test requests".into(),
            unit: COUNTER_UNIT.into(),
            data: Some(metric::Data::Sum(Sum {
                data_points: vec![NumberDataPoint {
                    attributes: attributes.clone(),
                    start_time_unix_nano: start,
                    time_unix_nano: time,
                    value: Some(number_data_point::Value::AsInt(1)),
                    exemplars: vec![self.exemplar(exemplar::Value::AsInt(1), time)],
                    ..Default::default()
                }],
                aggregation_temporality: AggregationTemporality::Cumulative as i32,
                is_monotonic: true,
            })),
            ..Default::default()
        };
        let histogram = Metric {
            name: HISTOGRAM.into(),
            description: "otelkit smoke-test request duration".into(),
            unit: HISTOGRAM_UNIT.into(),
            data: Some(metric::Data::Histogram(Histogram {
                data_points: vec![HistogramDataPoint {
                    attributes,
                    start_time_unix_nano: start,
                    time_unix_nano: time,
                    count: 1,
                    sum: Some(LATENCY),
                    bucket_counts,
                    explicit_bounds: HISTOGRAM_BOUNDS.to_vec(),
                    exemplars: vec![self.exemplar(exemplar::Value::AsDouble(LATENCY), time)],
                    min: Some(LATENCY),
                    max: Some(LATENCY),
                    ..Default::default()
                }],
                aggregation_temporality: AggregationTemporality::Cumulative as i32,
            })),
            ..Default::default()
        };
        ExportMetricsServiceRequest {
            resource_metrics: vec![ResourceMetrics {
                resource: Some(self.resource()),
                scope_metrics: vec![ScopeMetrics {
                    scope: Some(Self::scope()),
                    metrics: vec![counter, histogram],
                    ..Default::default()
                }],
                ..Default::default()
            }],
        }
    }

    pub fn logs(&self) -> ExportLogsServiceRequest {
        let records = self
            .logs
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let (number, _) = severity(&l.severity);
                LogRecord {
                    time_unix_nano: self.start_unix_nano + 10_000_000 * (i as u64 + 1),
                    observed_time_unix_nano: now_nanos(),
                    severity_number: number as i32,
                    severity_text: l.severity.clone(),
                    body: Some(AnyValue { value: Some(any_value::Value::StringValue(l.body.clone())) }),
                    attributes: vec![kv(RUN_ATTRIBUTE, &self.run_id)],
                    trace_id: unhex(&self.trace_id),
                    span_id: unhex(&l.span_id),
                    flags: 1,
                    ..Default::default()
                }
            })
            .collect();
        ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                resource: Some(self.resource()),
                scope_logs: vec![ScopeLogs { scope: Some(Self::scope()), log_records: records, ..Default::default() }],
                ..Default::default()
            }],
        }
    }
}

/// The OTLP severity number the run sends with a severity text (INFO 9, ERROR 17).
pub fn severity_number(text: &str) -> i32 {
    severity(text).0 as i32
}

fn severity(text: &str) -> (SeverityNumber, &'static str) {
    match text {
        "ERROR" => (SeverityNumber::Error, "ERROR"),
        _ => (SeverityNumber::Info, "INFO"),
    }
}

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        key_strindex: 0,
        value: Some(AnyValue { value: Some(any_value::Value::StringValue(value.into())) }),
    }
}

fn kv_int(key: &str, value: i64) -> KeyValue {
    KeyValue {
        key: key.into(),
        key_strindex: 0,
        value: Some(AnyValue { value: Some(any_value::Value::IntValue(value)) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_structure() {
        let run = SmokeRun::new("svc", Some("r1"), vec![("deployment.environment.name".into(), "ci".into())]);
        assert_eq!(run.trace_id.len(), 32);
        let req = run.traces();
        let spans = &req.resource_spans[0].scope_spans[0].spans;
        assert_eq!(spans.len(), 3);
        assert_eq!(hex(&spans[0].trace_id), run.trace_id);
        assert!(spans[0].parent_span_id.is_empty());
        assert_eq!(hex(&spans[1].parent_span_id), run.spans[0].span_id);
        assert_eq!(spans[1].events[0].name, "exception");
        let m = run.metrics();
        let metrics = &m.resource_metrics[0].scope_metrics[0].metrics;
        let Some(metric::Data::Histogram(h)) = &metrics[1].data else { panic!("histogram") };
        assert_eq!(h.data_points[0].bucket_counts.iter().sum::<u64>(), 1);
        assert_eq!(hex(&h.data_points[0].exemplars[0].trace_id), run.trace_id);
        let default = TranslationStrategy::UnderscoreEscapingWithSuffixes;
        assert_eq!(run.counter_name(default, Some("agentstack")), "agentstack_otelkit_smoke_requests_total");
        assert_eq!(run.histogram_name(default, None), "otelkit_smoke_duration_seconds");
        assert_eq!(run.counter_name(TranslationStrategy::NoTranslation, None), "otelkit.smoke.requests");
    }
}
