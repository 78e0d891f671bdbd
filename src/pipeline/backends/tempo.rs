//! Tempo's trace-by-id answers (v1 and v2), as the recorded responses show them.

use base64::Engine;
use serde_json::Value;

use super::parse_json;
use crate::pipeline::synthetic::SmokeRun;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoundSpan {
    pub trace_id: String,
    pub span_id: String,
    pub parent_span_id: Option<String>,
    pub name: String,
    pub kind: String,
    pub error: bool,
    pub service_name: Option<String>,
}

/// Tempo's JSON ids are base64 (recorded: `"traceId": "4y4BRXWq4yl/CPHF6VI0vA=="`); some proxies
/// re-encode to hex. Either way: lower-case hex.
pub fn id_to_hex(id: &str) -> Option<String> {
    if id.len() % 2 == 0 && (id.len() == 32 || id.len() == 16) && id.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(id.to_ascii_lowercase());
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(id).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Spans of a trace-by-id answer, v1 (`batches`) or v2 (`trace.resourceSpans`). `Ok(None)`: not
/// found (v2 answers 200 with `{"trace":{}}`).
pub fn parse_tempo_trace(body: &str) -> Result<Option<Vec<FoundSpan>>, String> {
    let json = parse_json(body, "Tempo")?;
    let resource_spans = if let Some(trace) = json.get("trace") {
        trace.get("resourceSpans")
    } else if json.get("batches").is_some() {
        json.get("batches")
    } else {
        json.get("resourceSpans")
    };
    let Some(resource_spans) = resource_spans.and_then(Value::as_array) else {
        return Ok(None);
    };
    let spans = otlp_json_spans(resource_spans);
    Ok(if spans.is_empty() { None } else { Some(spans) })
}

/// The spans of OTLP-JSON `resourceSpans`, ids in base64 or hex and enums as names or integers
/// (the OTLP-JSON spec's integers: Jaeger's API v3 answers `"kind": 2`, `"code": 2`).
pub(super) fn otlp_json_spans(resource_spans: &[Value]) -> Vec<FoundSpan> {
    let mut spans = Vec::new();
    for rs in resource_spans {
        let service_name = rs["resource"]["attributes"]
            .as_array()
            .and_then(|attrs| attrs.iter().find(|a| a["key"] == "service.name"))
            .and_then(|a| a["value"]["stringValue"].as_str())
            .map(str::to_owned);
        let scopes = rs.get("scopeSpans").or_else(|| rs.get("instrumentationLibrarySpans")).and_then(Value::as_array);
        for scope in scopes.into_iter().flatten() {
            for s in scope["spans"].as_array().into_iter().flatten() {
                let id = |key: &str| s[key].as_str().filter(|v| !v.is_empty()).and_then(id_to_hex);
                spans.push(FoundSpan {
                    trace_id: id("traceId").unwrap_or_default(),
                    span_id: id("spanId").unwrap_or_default(),
                    parent_span_id: id("parentSpanId"),
                    name: s["name"].as_str().unwrap_or_default().to_owned(),
                    kind: kind_name(&s["kind"]),
                    error: s["status"]["code"].as_str() == Some("STATUS_CODE_ERROR")
                        || s["status"]["code"].as_i64() == Some(2),
                    service_name: service_name.clone(),
                });
            }
        }
    }
    spans
}

/// "server", "client", ... from `SPAN_KIND_SERVER` or its number; absent is unspecified.
fn kind_name(kind: &Value) -> String {
    const BY_NUMBER: [&str; 6] = ["unspecified", "internal", "server", "client", "producer", "consumer"];
    match (kind.as_str(), kind.as_u64()) {
        (Some(name), _) => name.trim_start_matches("SPAN_KIND_").to_ascii_lowercase(),
        (None, Some(n)) => BY_NUMBER.get(n as usize).copied().unwrap_or("unspecified").to_owned(),
        (None, None) => "unspecified".to_owned(),
    }
}

pub fn trace_path(run: &SmokeRun, v2: bool) -> String {
    if v2 {
        format!("/api/v2/traces/{}", run.trace_id)
    } else {
        format!("/api/traces/{}", run.trace_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(id_to_hex("4y4BRXWq4yl/CPHF6VI0vA==").as_deref(), Some("e32e014575aae3297f08f1c5e95234bc"));
        assert_eq!(id_to_hex("Kd9HOkNoF0E=").as_deref(), Some("29df473a43681741"));
        assert_eq!(id_to_hex("E32E014575AAE3297F08F1C5E95234BC").as_deref(), Some("e32e014575aae3297f08f1c5e95234bc"));
    }

    #[test]
    fn kinds_by_name_or_number() {
        assert_eq!(kind_name(&serde_json::json!("SPAN_KIND_SERVER")), "server");
        assert_eq!(kind_name(&serde_json::json!(3)), "client");
        assert_eq!(kind_name(&serde_json::json!(1)), "internal");
        assert_eq!(kind_name(&Value::Null), "unspecified");
        assert_eq!(kind_name(&serde_json::json!(9)), "unspecified");
    }
}
