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

    // Answers of the real Jaeger v1.76.0: tests/fixtures/recorded/jaeger-1.76.0/README.md.
    const FOUND: &str = include_str!("../../../tests/fixtures/recorded/jaeger-1.76.0/trace_v3_found.json");
    const UNKNOWN: &str = include_str!("../../../tests/fixtures/recorded/jaeger-1.76.0/trace_v3_unknown.txt");
    const SEARCH: &str = include_str!("../../../tests/fixtures/recorded/jaeger-1.76.0/search_v1.json");
    const NO_SERVICE: &str = include_str!("../../../tests/fixtures/recorded/jaeger-1.76.0/search_v1_no_service.json");

    #[test]
    fn a_v3_trace_has_hex_ids_and_integer_enums() {
        let spans = parse_jaeger_trace(FOUND).unwrap().unwrap();
        let seen: Vec<(&str, &str, bool, Option<&str>)> =
            spans.iter().map(|s| (s.name.as_str(), s.kind.as_str(), s.error, s.parent_span_id.as_deref())).collect();
        let root = Some("d9be1828bb6a58fb");
        assert_eq!(
            seen,
            [
                ("GET /smoke", "server", false, None),
                ("POST upstream", "client", true, root),
                ("render response", "internal", false, root)
            ]
        );
        assert!(spans.iter().all(|s| s.trace_id == "8724cae02f899ff878ec4c5c0e4814db"));
        assert_eq!(spans[0].span_id, "d9be1828bb6a58fb");
        assert_eq!(spans[0].service_name.as_deref(), Some("otelkit-smoke"));
        assert_eq!(parse_jaeger_trace(r#"{"result":{}}"#).unwrap(), None);
        // The 404 of an unknown id is JSON too, with no result: no spans, whatever its status.
        assert_eq!(parse_jaeger_trace(UNKNOWN).unwrap(), None);
        assert!(parse_jaeger_trace("<html>").is_err());
    }

    #[test]
    fn a_v1_search_counts_traces_and_spans() {
        let found = parse_search(SEARCH).unwrap().traces;
        assert_eq!(found.len(), 3);
        assert!(found.iter().all(|(id, spans)| id.len() == 32 && *spans == 2), "{found:?}");
        assert!(parse_search(NO_SERVICE).unwrap_err().contains("'service' is required"));
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
