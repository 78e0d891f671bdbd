//! Counting a load run in the backends: spans in Tempo (TraceQL search by the run's tag), log
//! records in Loki (count_over_time), metric points in Prometheus (the run's counter).

use super::super::backends::prometheus::parse_prometheus_vector;
use super::super::backends::{parse_json, query_string, Backend};
use crate::pipeline::synthetic::RUN_ATTRIBUTE;

/// Tempo's search returns at most this many traces; above it, the count is a lower bound.
pub const TEMPO_LIMIT: u64 = 100_000;

/// What one count found, and the query that found it.
#[derive(Debug, Clone)]
pub struct Count {
    pub items: u64,
    /// The count may be higher than `items` (a search limit was hit).
    pub at_least: bool,
    pub query: String,
    pub curl: String,
    pub status: Option<u16>,
}

async fn fetch(backend: &Backend, path: &str) -> Result<(u16, String), String> {
    let f = backend.get(path).await?;
    if !(200..300).contains(&f.status) {
        let body: String = f.body.chars().take(200).collect();
        return Err(format!("{} answered HTTP {}: {}", backend.name, f.status, body.trim()));
    }
    Ok((f.status, f.body))
}

/// Spans of the run in Tempo: the traces a TraceQL search for the run's tag finds, each with the
/// number of its spans that matched.
pub async fn tempo(
    backend: &Backend,
    run_id: &str,
    traces_sent: u64,
    spans_per_trace: u32,
    start_s: u64,
    end_s: u64,
) -> Result<Count, String> {
    let q = format!("{{ .{RUN_ATTRIBUTE} = {} }}", crate::query::quoted(run_id));
    let limit = (traces_sent + 1).min(TEMPO_LIMIT).to_string();
    let (start, end) = (start_s.to_string(), end_s.to_string());
    let spss = spans_per_trace.to_string();
    let path = format!(
        "/api/search?{}",
        query_string(&[("q", &q), ("limit", &limit), ("spss", &spss), ("start", &start), ("end", &end)])
    );
    let (status, body) = fetch(backend, &path).await?;
    let json = parse_json(&body, "Tempo")?;
    let traces = json["traces"].as_array().cloned().unwrap_or_default();
    let spans: u64 = traces
        .iter()
        .map(|t| {
            let set = if t["spanSet"].is_object() { &t["spanSet"] } else { &t["spanSets"][0] };
            set["matched"].as_u64().unwrap_or(1)
        })
        .sum();
    Ok(Count {
        items: spans,
        at_least: traces.len() as u64 >= TEMPO_LIMIT,
        query: q,
        curl: backend.curl(&path),
        status: Some(status),
    })
}

/// Log records of the run in Loki.
pub async fn loki(
    backend: &Backend,
    service_name: &str,
    run_id: &str,
    window_s: u64,
    now_s: u64,
) -> Result<Count, String> {
    let label = crate::naming::label_name(RUN_ATTRIBUTE);
    let (service, run) = (crate::query::matcher("service_name", service_name), crate::query::matcher(&label, run_id));
    let q = format!("sum(count_over_time({{{service}}} | {run} [{window_s}s]))");
    let time = now_s.to_string();
    let path = format!("/loki/api/v1/query?{}", query_string(&[("query", &q), ("time", &time)]));
    let (status, body) = fetch(backend, &path).await?;
    let json = parse_json(&body, "Loki")?;
    if json["status"] != "success" {
        return Err(format!("Loki answered status {}: {}", json["status"], json["error"]));
    }
    let items = json["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["value"][1].as_str()?.parse::<f64>().ok())
        .sum::<f64>() as u64;
    Ok(Count { items, at_least: false, query: q, curl: backend.curl(&path), status: Some(status) })
}

/// Metric points of the run in Prometheus: the sum of the run's cumulative counter series, whose
/// last values add up to the points sent.
pub async fn prometheus(backend: &Backend, counter: &str, run_id: &str) -> Result<Count, String> {
    let label = crate::naming::label_name(RUN_ATTRIBUTE);
    let q = format!("sum({})", crate::query::selector(counter, &label, run_id));
    let path = format!("/api/v1/query?{}", query_string(&[("query", &q)]));
    let (status, body) = fetch(backend, &path).await?;
    let samples = parse_prometheus_vector(&body)?;
    let items = samples.iter().map(|(_, v)| *v).filter(|v| v.is_finite()).sum::<f64>() as u64;
    Ok(Count { items, at_least: false, query: q, curl: backend.curl(&path), status: Some(status) })
}
