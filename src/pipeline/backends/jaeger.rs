//! Jaeger's query API (Jaeger v2, cmd/jaeger): a trace by id through API v3, a run's traces
//! counted through the UI's API v1 search (API v3 search has no attribute filter before v1.77).

use super::tempo::{otlp_json_spans, FoundSpan};
use super::{parse_json, query_string};
use crate::pipeline::synthetic::{SmokeRun, RUN_ATTRIBUTE};

/// API v3 trace by id: OTLP-JSON with hex ids and integer enums; an unknown id is HTTP 404.
pub fn trace_path(run: &SmokeRun) -> String {
    format!("/api/v3/traces/{}", run.trace_id)
}

/// Spans of an API v3 trace-by-id answer (`{"result":{"resourceSpans":[…]}}`). `Ok(None)`: no span.
pub fn parse_jaeger_trace(body: &str) -> Result<Option<Vec<FoundSpan>>, String> {
    let json = parse_json(body, "Jaeger")?;
    let Some(resource_spans) = json["result"]["resourceSpans"].as_array() else {
        return Ok(None);
    };
    let spans = otlp_json_spans(resource_spans);
    Ok(if spans.is_empty() { None } else { Some(spans) })
}

/// API v1 search for the traces carrying the run's tag, starting in `[start_us, end_us]`
/// (microseconds since the epoch), at most `limit` of them. `service` is required by Jaeger.
pub fn search_path(service: &str, run_id: &str, limit: u64, start_us: u64, end_us: u64) -> String {
    let tags = serde_json::json!({ RUN_ATTRIBUTE: run_id }).to_string();
    let (limit, start, end) = (limit.to_string(), start_us.to_string(), end_us.to_string());
    let pairs = [("service", service), ("tags", &tags), ("limit", &limit), ("start", &start), ("end", &end)];
    format!("/api/traces?{}", query_string(&pairs))
}

/// What one API v1 search returned: each trace's id with its number of spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub traces: Vec<(String, u64)>,
}

/// An API v1 search answer: `{"data":[{"traceID":…,"spans":[…]}],"errors":null}`.
pub fn parse_search(body: &str) -> Result<Found, String> {
    let json = parse_json(body, "Jaeger")?;
    if let Some(errors) = json["errors"].as_array().filter(|e| !e.is_empty()) {
        let msgs: Vec<&str> = errors.iter().filter_map(|e| e["msg"].as_str()).collect();
        return Err(format!("Jaeger answered errors: {}", msgs.join("; ")));
    }
    let data = json["data"].as_array().ok_or("Jaeger's search answer has no data array")?;
    let traces = data
        .iter()
        .map(|t| {
            let id = t["traceID"].as_str().unwrap_or_default().to_owned();
            (id, t["spans"].as_array().map_or(0, |s| s.len() as u64))
        })
        .collect();
    Ok(Found { traces })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v3_trace_has_hex_ids_and_integer_enums() {
        let body = r#"{"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeSpans":[{"scope":{},"spans":[
            {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","name":"GET /","kind":2,"status":{}},
            {"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b8","parentSpanId":"00f067aa0ba902b7","name":"call","kind":3,"status":{"code":2,"message":"boom"}}]}]}]}}"#;
        let spans = parse_jaeger_trace(body).unwrap().unwrap();
        assert_eq!(spans.len(), 2);
        assert_eq!(
            (spans[0].kind.as_str(), spans[0].error, spans[0].parent_span_id.as_deref()),
            ("server", false, None)
        );
        assert_eq!((spans[1].kind.as_str(), spans[1].error), ("client", true));
        assert_eq!(spans[1].parent_span_id.as_deref(), Some("00f067aa0ba902b7"));
        assert_eq!(spans[1].service_name.as_deref(), Some("checkout"));
        assert_eq!(parse_jaeger_trace(r#"{"result":{}}"#).unwrap(), None);
        assert!(parse_jaeger_trace("<html>").is_err());
    }

    #[test]
    fn a_v1_search_counts_traces_and_spans() {
        let body = r#"{"data":[{"traceID":"a1","spans":[{},{},{}]},{"traceID":"b2","spans":[{}]}],"total":0,"limit":0,"offset":0,"errors":null}"#;
        assert_eq!(parse_search(body).unwrap().traces, vec![("a1".into(), 3), ("b2".into(), 1)]);
        let failed = r#"{"data":null,"errors":[{"code":400,"msg":"parameter 'service' is required"}]}"#;
        assert!(parse_search(failed).unwrap_err().contains("'service' is required"));
    }

    #[test]
    fn the_search_path_carries_the_run_tag_and_times_in_microseconds() {
        let path = search_path("otelkit-load", "r1", 101, 1_700_000_000_000_000, 1_700_000_060_000_000);
        assert_eq!(
            path,
            "/api/traces?service=otelkit-load&tags=%7B%22otelkit.run_id%22%3A%22r1%22%7D&limit=101\
             &start=1700000000000000&end=1700000060000000"
        );
    }
}
