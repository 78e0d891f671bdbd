//! Loki's query_range answers with OTLP structured metadata.

use super::{parse_json, query_string};
use crate::pipeline::synthetic::{self, SmokeRun};

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FoundLog {
    pub trace_id: Option<String>,
    pub span_id: Option<String>,
    pub severity: Option<String>,
    /// OTLP's severity number, where the store keeps it apart (VictoriaLogs).
    pub severity_number: Option<i32>,
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
                severity_number: None,
                line: v[1].as_str().unwrap_or_default().to_owned(),
            });
        }
    }
    Ok(out)
}

pub fn loki_path(run: &SmokeRun) -> String {
    let query = format!(
        "{{{}}} | {}",
        crate::query::matcher("service_name", &run.service_name),
        crate::query::matcher("trace_id", &run.trace_id)
    );
    let start = (run.start_unix_nano.saturating_sub(300 * 1_000_000_000)).to_string();
    let end = (synthetic::now_nanos() + 300 * 1_000_000_000).to_string();
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
