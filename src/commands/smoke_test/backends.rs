//! Querying Tempo, Loki and Prometheus (directly or through Grafana's datasource proxy), and
//! parsing their answers as the recorded real responses in tests/fixtures/recorded show them.

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

use crate::http::{self, Auth};

/// Bodies above this are refused: a backend is not supposed to answer a smoke query with more.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// One backend's query API.
#[derive(Debug, Clone)]
pub struct Backend {
    pub name: &'static str,
    /// Base URL, a Grafana datasource proxy path included when going through Grafana.
    pub base: String,
    pub auth: Auth,
    pub client: reqwest::Client,
    pub insecure: bool,
}

/// An HTTP answer, or why there is none.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub body: String,
}

impl Backend {
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base.trim_end_matches('/'), path_and_query)
    }

    pub fn curl(&self, path_and_query: &str) -> String {
        http::curl_command(&self.url(path_and_query), &self.auth, self.insecure)
    }

    pub async fn get(&self, path_and_query: &str) -> Result<Fetched, String> {
        let url = self.url(path_and_query);
        let headers = self.auth.header_map().map_err(|e| format!("{e:#}"))?;
        let mut response = self.client.get(&url).headers(headers).send().await.map_err(|e| http::describe_error(&e))?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if body.len() > MAX_BODY {
                        return Err(format!("response larger than {} MiB", MAX_BODY / 1024 / 1024));
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(http::describe_error(&e)),
            }
        }
        Ok(Fetched { status, body: String::from_utf8_lossy(&body).into_owned() })
    }
}

pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

fn parse_json(body: &str, backend: &str) -> Result<Value, String> {
    serde_json::from_str(body).map_err(|e| format!("{backend} answered malformed JSON ({e})"))
}

// ----------------------------------------------------------------------------------------------
// Tempo
// ----------------------------------------------------------------------------------------------

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
                let kind = s["kind"].as_str().unwrap_or("SPAN_KIND_UNSPECIFIED");
                spans.push(FoundSpan {
                    trace_id: id("traceId").unwrap_or_default(),
                    span_id: id("spanId").unwrap_or_default(),
                    parent_span_id: id("parentSpanId"),
                    name: s["name"].as_str().unwrap_or_default().to_owned(),
                    kind: kind.trim_start_matches("SPAN_KIND_").to_ascii_lowercase(),
                    error: s["status"]["code"].as_str() == Some("STATUS_CODE_ERROR")
                        || s["status"]["code"].as_i64() == Some(2),
                    service_name: service_name.clone(),
                });
            }
        }
    }
    Ok(if spans.is_empty() { None } else { Some(spans) })
}

// ----------------------------------------------------------------------------------------------
// Loki
// ----------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoundLog {
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    pub severity: Option<String>,
    pub line: String,
}

/// Log lines of a `query_range` answer. OTLP ingest puts trace_id/span_id in structured metadata,
/// which Loki returns among the stream's labels (or, with categorized labels, in a third field).
pub fn parse_loki_streams(body: &str) -> Result<Vec<FoundLog>, String> {
    let json = parse_json(body, "Loki")?;
    if json["status"] != "success" {
        return Err(format!("Loki answered status {}: {}", json["status"], json["error"]));
    }
    let mut out = Vec::new();
    for stream in json["data"]["result"].as_array().into_iter().flatten() {
        let labels = &stream["stream"];
        for v in stream["values"].as_array().into_iter().flatten() {
            let extra = &v[2];
            let label = |k: &str| {
                labels[k]
                    .as_str()
                    .or_else(|| extra["structuredMetadata"][k].as_str())
                    .or_else(|| extra[k].as_str())
                    .map(str::to_owned)
            };
            out.push(FoundLog {
                trace_id: label("trace_id"),
                span_id: label("span_id"),
                severity: label("severity_text").or_else(|| label("detected_level").map(|l| l.to_ascii_uppercase())),
                line: v[1].as_str().unwrap_or_default().to_owned(),
            });
        }
    }
    Ok(out)
}

// ----------------------------------------------------------------------------------------------
// Prometheus
// ----------------------------------------------------------------------------------------------

/// One sample of an instant query: its labels and value.
pub type Sample = (BTreeMap<String, String>, f64);

/// Samples of an instant query; a Prometheus error envelope becomes its message.
pub fn parse_prometheus_vector(body: &str) -> Result<Vec<Sample>, String> {
    let json = parse_json(body, "Prometheus")?;
    if json["status"] != "success" {
        return Err(format!(
            "Prometheus: {} ({})",
            json["error"].as_str().unwrap_or("error"),
            json["errorType"].as_str().unwrap_or("?")
        ));
    }
    let mut out = Vec::new();
    for r in json["data"]["result"].as_array().into_iter().flatten() {
        let labels = r["metric"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
            .unwrap_or_default();
        let value = r["value"][1].as_str().and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
        out.push((labels, value));
    }
    Ok(out)
}

/// (trace_id, span_id) of every exemplar in a query_exemplars answer.
pub fn parse_prometheus_exemplars(body: &str) -> Result<Vec<(String, String)>, String> {
    let json = parse_json(body, "Prometheus")?;
    if json["status"] != "success" {
        return Err(format!("Prometheus: {}", json["error"].as_str().unwrap_or("error")));
    }
    let mut out = Vec::new();
    for series in json["data"].as_array().into_iter().flatten() {
        for e in series["exemplars"].as_array().into_iter().flatten() {
            let l = &e["labels"];
            out.push((
                l["trace_id"].as_str().unwrap_or_default().to_ascii_lowercase(),
                l["span_id"].as_str().unwrap_or_default().to_ascii_lowercase(),
            ));
        }
    }
    Ok(out)
}

/// Poll pacing: 100 ms, growing to at most 250 ms, so a run ends within about a quarter second
/// of the data becoming queryable (the speed target is 0.3 s); four small queries a second per
/// signal is no load for a backend.
pub fn backoff(attempt: u32) -> Duration {
    let ms = (100.0 * 1.5f64.powi(attempt as i32)).min(250.0);
    Duration::from_millis(ms as u64)
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
    fn backoff_grows_and_caps() {
        assert_eq!(backoff(0), Duration::from_millis(100));
        assert!(backoff(3) > backoff(2));
        assert_eq!(backoff(30), Duration::from_millis(250));
    }
}
