//! Export requests built once and encoded once; each batch is a copy of those bytes with fresh
//! trace and span ids, timestamps and counter values written over them in place. Ids, times and
//! counter values are fixed-size protobuf fields (bytes of 16/8, fixed64, sfixed64), so patching
//! never changes the message's length. The sender does one memcpy and a few stores per item.

use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::{any_value, AnyValue, InstrumentationScope, KeyValue};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs, SeverityNumber};
use opentelemetry_proto::tonic::metrics::v1::{
    metric, number_data_point, AggregationTemporality, Metric, NumberDataPoint, ResourceMetrics, ScopeMetrics, Sum,
};
use opentelemetry_proto::tonic::resource::v1::Resource;
use opentelemetry_proto::tonic::trace::v1::{span, ResourceSpans, ScopeSpans, Span};
use prost::Message;

use crate::pipeline::synthetic::RUN_ATTRIBUTE;
use crate::signal::Signal;

/// The counter the load's metric points belong to.
pub const COUNTER: &str = "otelkit.load.points";
pub const COUNTER_UNIT: &str = "{point}";
/// Attribute naming the sender of a counter series (each worker owns its series).
pub const WORKER_ATTRIBUTE: &str = "otelkit.load.worker";
/// Attribute naming the slot of a point in its batch (one series per slot and worker).
pub const SERIES_ATTRIBUTE: &str = "otelkit.load.series";

// Placeholders: ids begin with a magic prefix followed by their slot; times and counter values
// carry a magic high half. None of the prefixes occurs inside another, nor in the strings.
const TRACE_MAGIC: [u8; 8] = [0xF1, 0x7E, 0x11, 0xD0, 0x5A, 0xC3, 0x9B, 0x27];
const SPAN_MAGIC: [u8; 4] = [0xE2, 0x6D, 0x22, 0xC1];
const TIME_MAGIC: u32 = 0x5EED_5EED;
const VALUE_MAGIC: u32 = 0x1D1D_C0DE;

/// What the placeholder at an offset stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Trace(u32),
    Span(u32),
    /// Nanoseconds after the batch's time.
    Time(u32),
    Value,
}

/// One encoded request and where its placeholders are.
#[derive(Debug, Clone)]
pub struct Template {
    bytes: Vec<u8>,
    patches: Vec<(usize, Slot)>,
    pub items: u64,
    pub traces: u64,
    spans: u32,
}

/// How each batch is made.
#[derive(Debug, Clone)]
pub struct Shape {
    pub resource: Vec<(String, String)>,
    pub attributes: Vec<(String, String)>,
    pub run_id: String,
    pub spans_per_trace: u32,
    pub worker: u32,
    pub start_unix_nano: u64,
}

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: Some(AnyValue { value: Some(any_value::Value::StringValue(value.into())) }),
        ..Default::default()
    }
}

fn trace_id(slot: u32) -> Vec<u8> {
    let mut id = TRACE_MAGIC.to_vec();
    id.extend_from_slice(&slot.to_le_bytes());
    id.extend_from_slice(&[0; 4]);
    id
}

fn span_id(slot: u32) -> Vec<u8> {
    let mut id = SPAN_MAGIC.to_vec();
    id.extend_from_slice(&slot.to_le_bytes());
    id
}

fn time(delta: u32) -> u64 {
    (u64::from(TIME_MAGIC) << 32) | u64::from(delta)
}

impl Shape {
    fn resource(&self) -> Resource {
        Resource { attributes: self.resource.iter().map(|(k, v)| kv(k, v)).collect(), ..Default::default() }
    }

    fn scope() -> InstrumentationScope {
        InstrumentationScope {
            name: "otelkit.load".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            ..Default::default()
        }
    }

    fn attributes(&self) -> Vec<KeyValue> {
        let mut a = vec![kv(RUN_ATTRIBUTE, &self.run_id)];
        a.extend(self.attributes.iter().map(|(k, v)| kv(k, v)));
        a
    }

    /// A request of `items` items of `signal`.
    pub fn template(&self, signal: Signal, items: u32) -> Template {
        let spt = self.spans_per_trace.max(1);
        let (bytes, traces) = match signal {
            Signal::Traces => {
                let spans = (0..items)
                    .map(|i| {
                        let (t, pos) = (i / spt, i % spt);
                        let parent = if pos == 0 { Vec::new() } else { span_id(t * spt) };
                        Span {
                            trace_id: trace_id(t),
                            span_id: span_id(i),
                            parent_span_id: parent,
                            name: if pos == 0 { "GET /load".into() } else { format!("load step {pos}") },
                            kind: if pos == 0 { span::SpanKind::Server } else { span::SpanKind::Internal } as i32,
                            start_time_unix_nano: time(pos * 1_000),
                            end_time_unix_nano: time(pos * 1_000 + 500_000),
                            attributes: self.attributes(),
                            ..Default::default()
                        }
                    })
                    .collect();
                let req = ExportTraceServiceRequest {
                    resource_spans: vec![ResourceSpans {
                        resource: Some(self.resource()),
                        scope_spans: vec![ScopeSpans { scope: Some(Self::scope()), spans, ..Default::default() }],
                        ..Default::default()
                    }],
                };
                (req.encode_to_vec(), u64::from(items.div_ceil(spt)))
            }
            Signal::Logs => {
                let records = (0..items)
                    .map(|i| LogRecord {
                        time_unix_nano: time(i),
                        observed_time_unix_nano: time(i),
                        severity_number: SeverityNumber::Info as i32,
                        severity_text: "INFO".into(),
                        body: Some(AnyValue {
                            value: Some(any_value::Value::StringValue(format!("otelkit load run {}", self.run_id))),
                        }),
                        attributes: self.attributes(),
                        trace_id: trace_id(i),
                        span_id: span_id(i),
                        flags: 1,
                        ..Default::default()
                    })
                    .collect();
                let req = ExportLogsServiceRequest {
                    resource_logs: vec![ResourceLogs {
                        resource: Some(self.resource()),
                        scope_logs: vec![ScopeLogs {
                            scope: Some(Self::scope()),
                            log_records: records,
                            ..Default::default()
                        }],
                        ..Default::default()
                    }],
                };
                (req.encode_to_vec(), 0)
            }
            Signal::Metrics => {
                let points = (0..items)
                    .map(|i| {
                        let mut attributes = self.attributes();
                        attributes.push(kv(WORKER_ATTRIBUTE, &self.worker.to_string()));
                        attributes.push(kv(SERIES_ATTRIBUTE, &i.to_string()));
                        NumberDataPoint {
                            attributes,
                            start_time_unix_nano: self.start_unix_nano,
                            time_unix_nano: time(0),
                            value: Some(number_data_point::Value::AsInt(
                                ((u64::from(VALUE_MAGIC) << 32) | u64::from(VALUE_MAGIC)) as i64,
                            )),
                            ..Default::default()
                        }
                    })
                    .collect();
                let metric = Metric {
                    name: COUNTER.into(),
                    description: "otelkit load: points sent, one series per worker and slot".into(),
                    unit: COUNTER_UNIT.into(),
                    data: Some(metric::Data::Sum(Sum {
                        data_points: points,
                        aggregation_temporality: AggregationTemporality::Cumulative as i32,
                        is_monotonic: true,
                    })),
                    ..Default::default()
                };
                let req = ExportMetricsServiceRequest {
                    resource_metrics: vec![ResourceMetrics {
                        resource: Some(self.resource()),
                        scope_metrics: vec![ScopeMetrics {
                            scope: Some(Self::scope()),
                            metrics: vec![metric],
                            ..Default::default()
                        }],
                        ..Default::default()
                    }],
                };
                (req.encode_to_vec(), 0)
            }
        };
        let patches = find_placeholders(&bytes);
        Template { bytes, patches, items: u64::from(items), traces, spans: items }
    }
}

fn find_placeholders(bytes: &[u8]) -> Vec<(usize, Slot)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 8 <= bytes.len() {
        let w = &bytes[i..i + 8];
        if w == TRACE_MAGIC && i + 16 <= bytes.len() {
            let slot = u32::from_le_bytes(bytes[i + 8..i + 12].try_into().unwrap_or_default());
            out.push((i, Slot::Trace(slot)));
            i += 16;
        } else if w[..4] == SPAN_MAGIC {
            let slot = u32::from_le_bytes(w[4..8].try_into().unwrap_or_default());
            out.push((i, Slot::Span(slot)));
            i += 8;
        } else if w[4..8] == TIME_MAGIC.to_le_bytes() {
            out.push((i, Slot::Time(u32::from_le_bytes(w[..4].try_into().unwrap_or_default()))));
            i += 8;
        } else if w == [VALUE_MAGIC.to_le_bytes(), VALUE_MAGIC.to_le_bytes()].concat().as_slice() {
            out.push((i, Slot::Value));
            i += 8;
        } else {
            i += 1;
        }
    }
    out
}

/// A fast generator of random ids (SplitMix64), seeded per worker; ids need no cryptography.
#[derive(Debug, Clone)]
pub struct Ids(u64);

impl Ids {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Reusable per-batch scratch: fresh ids by slot.
#[derive(Debug, Default)]
pub struct Scratch {
    traces: Vec<[u8; 16]>,
    spans: Vec<[u8; 8]>,
}

impl Template {
    /// Bytes of one encoded request.
    pub fn encoded_len(&self) -> usize {
        self.bytes.len()
    }

    /// A copy of the request with fresh ids, times from `now_unix_nano` and counter values
    /// `value`, written into `out` (cleared first, its allocation reused when it has one).
    pub fn fill(&self, out: &mut Vec<u8>, ids: &mut Ids, scratch: &mut Scratch, now_unix_nano: u64, value: i64) {
        out.clear();
        out.extend_from_slice(&self.bytes);
        scratch.traces.clear();
        scratch.spans.clear();
        // Spans share their trace's id; each log record has an id of its own.
        let trace_slots = if self.traces > 0 { self.traces } else { u64::from(self.spans) };
        for _ in 0..trace_slots {
            let mut id = [0u8; 16];
            id[..8].copy_from_slice(&ids.next_u64().to_le_bytes());
            id[8..].copy_from_slice(&ids.next_u64().to_le_bytes());
            scratch.traces.push(id);
        }
        for _ in 0..self.spans {
            scratch.spans.push((ids.next_u64() | 1).to_le_bytes());
        }
        for (at, slot) in &self.patches {
            let at = *at;
            match *slot {
                Slot::Trace(t) => {
                    if let Some(id) = scratch.traces.get(t as usize) {
                        out[at..at + 16].copy_from_slice(id);
                    }
                }
                Slot::Span(s) => {
                    if let Some(id) = scratch.spans.get(s as usize) {
                        out[at..at + 8].copy_from_slice(id);
                    }
                }
                Slot::Time(delta) => out[at..at + 8].copy_from_slice(&(now_unix_nano + u64::from(delta)).to_le_bytes()),
                Slot::Value => out[at..at + 8].copy_from_slice(&value.to_le_bytes()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape() -> Shape {
        Shape {
            resource: vec![("service.name".into(), "svc".into())],
            attributes: vec![("team".into(), "blue".into())],
            run_id: "r1".into(),
            spans_per_trace: 3,
            worker: 2,
            start_unix_nano: 1_700_000_000_000_000_000,
        }
    }

    #[test]
    fn traces_get_fresh_ids_parents_and_times() {
        let t = shape().template(Signal::Traces, 7);
        assert_eq!((t.items, t.traces), (7, 3));
        let (mut out, mut ids, mut scratch) = (Vec::new(), Ids::new(1), Scratch::default());
        t.fill(&mut out, &mut ids, &mut scratch, 1_800_000_000_000_000_000, 0);
        let req = ExportTraceServiceRequest::decode(out.as_slice()).unwrap();
        let spans = &req.resource_spans[0].scope_spans[0].spans;
        assert_eq!(spans.len(), 7);
        assert_eq!(spans[0].trace_id, spans[2].trace_id);
        assert_ne!(spans[0].trace_id, spans[3].trace_id);
        assert_eq!(spans[1].parent_span_id, spans[0].span_id);
        assert_eq!(spans[4].parent_span_id, spans[3].span_id);
        assert!(spans[0].parent_span_id.is_empty());
        assert_eq!(spans[0].start_time_unix_nano, 1_800_000_000_000_000_000);
        assert_eq!(spans[1].end_time_unix_nano, 1_800_000_000_000_000_000 + 501_000);
        assert!(!spans.iter().any(|s| s.trace_id.starts_with(&TRACE_MAGIC) || s.span_id.starts_with(&SPAN_MAGIC)));
        let first = out.clone();
        t.fill(&mut out, &mut ids, &mut scratch, 1_800_000_000_000_000_000, 0);
        assert_ne!(first, out, "every batch has new ids");
    }

    #[test]
    fn logs_and_metrics_are_patched() {
        let (mut out, mut ids, mut scratch) = (Vec::new(), Ids::new(9), Scratch::default());
        let l = shape().template(Signal::Logs, 4);
        l.fill(&mut out, &mut ids, &mut scratch, 1_800_000_000_000_000_000, 0);
        let req = ExportLogsServiceRequest::decode(out.as_slice()).unwrap();
        let recs = &req.resource_logs[0].scope_logs[0].log_records;
        assert_eq!(recs.len(), 4);
        assert_eq!(recs[3].time_unix_nano, 1_800_000_000_000_000_003);
        assert_ne!(recs[0].trace_id, recs[1].trace_id);
        assert!(!recs[0].trace_id.starts_with(&TRACE_MAGIC));
        let m = shape().template(Signal::Metrics, 5);
        m.fill(&mut out, &mut ids, &mut scratch, 1_800_000_000_000_000_000, 42);
        let req = ExportMetricsServiceRequest::decode(out.as_slice()).unwrap();
        let Some(metric::Data::Sum(sum)) = &req.resource_metrics[0].scope_metrics[0].metrics[0].data else {
            panic!("sum")
        };
        assert_eq!(sum.data_points.len(), 5);
        for p in &sum.data_points {
            assert_eq!(p.value, Some(number_data_point::Value::AsInt(42)));
            assert_eq!(p.time_unix_nano, 1_800_000_000_000_000_000);
            assert_eq!(p.start_time_unix_nano, 1_700_000_000_000_000_000);
        }
    }
}
