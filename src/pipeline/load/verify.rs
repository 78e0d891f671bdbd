//! One count of a load run in a backend: spans in Tempo (TraceQL search by the run's tag) or in
//! Jaeger (API v1 search by the run's tag, paged by time), log records in Loki (count_over_time)
//! or VictoriaLogs (`stats count()`), metric points in Prometheus or VictoriaMetrics (the run's
//! counter). A count is found whatever its size; an answer that is no count is not yet (asking
//! again may give one) or fatal (it was unreadable).

use super::super::backends::prometheus::parse_prometheus_vector;
use super::super::backends::{jaeger, parse_json, query_string, victorialogs, victoriametrics, Backend};
use crate::pipeline::synthetic::RUN_ATTRIBUTE;
use crate::pipeline::verdict::{Look, Verdict};

/// Tempo's search returns at most this many traces; above it, the count is a lower bound.
pub const TEMPO_LIMIT: u64 = 100_000;

/// What one count found, and the query that found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Count {
    pub items: u64,
    /// The count may be higher than `items` (a search limit was hit).
    pub at_least: bool,
    pub query: String,
    pub curl: String,
}

/// The body of a 2xx answer, or the look that says why there is none.
async fn fetch(backend: &Backend, path: &str) -> Result<(u16, String), Look<Count>> {
    let f = backend.get(path).await.map_err(Look::unanswered)?;
    if let Some(why) = backend.grafana_refusal(f.status, &f.body) {
        return Err(Look::new(Verdict::Fatal(why), Some(f.status)));
    }
    if !(200..300).contains(&f.status) {
        let body: String = f.body.chars().take(200).collect();
        let why = format!("{} answered HTTP {}: {}", backend.name, f.status, body.trim());
        return Err(Look::new(Verdict::NotYet(why), Some(f.status)));
    }
    Ok((f.status, f.body))
}

fn unreadable(why: String, status: u16) -> Look<Count> {
    Look::new(Verdict::Fatal(why), Some(status))
}

fn found(count: Count, status: u16) -> Look<Count> {
    Look::new(Verdict::Found(count), Some(status))
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
) -> Look<Count> {
    let q = format!("{{ .{RUN_ATTRIBUTE} = {} }}", crate::query::quoted(run_id));
    let limit = (traces_sent + 1).min(TEMPO_LIMIT).to_string();
    let (start, end) = (start_s.to_string(), end_s.to_string());
    let spss = spans_per_trace.to_string();
    let path = format!(
        "/api/search?{}",
        query_string(&[("q", &q), ("limit", &limit), ("spss", &spss), ("start", &start), ("end", &end)])
    );
    let (status, body) = match fetch(backend, &path).await {
        Ok(answer) => answer,
        Err(look) => return look,
    };
    let json = match parse_json(&body, "Tempo") {
        Ok(json) => json,
        Err(why) => return unreadable(why, status),
    };
    let traces = json["traces"].as_array().cloned().unwrap_or_default();
    let spans: u64 = traces
        .iter()
        .map(|t| {
            let set = if t["spanSet"].is_object() { &t["spanSet"] } else { &t["spanSets"][0] };
            set["matched"].as_u64().unwrap_or(1)
        })
        .sum();
    let count =
        Count { items: spans, at_least: traces.len() as u64 >= TEMPO_LIMIT, query: q, curl: backend.curl(&path) };
    found(count, status)
}

/// Spans one Jaeger search answers at most: more would near the answer size otelkit reads.
pub const JAEGER_PAGE_SPANS: u64 = 5_000;
/// Searches one Jaeger count makes at most; past them, the count is a lower bound.
const JAEGER_SEARCHES: usize = 256;

/// Spans of the run in Jaeger: API v1 searches for the run's tag, `limit` traces at a time. A
/// window that answers a full page is halved (the halves overlap by a microsecond: Jaeger
/// compares span start times in nanoseconds to bounds given in microseconds), and traces are
/// told apart by id, so a trace found in two windows counts once.
pub async fn jaeger(
    backend: &Backend,
    service: &str,
    run_id: &str,
    (traces_sent, spans_per_trace): (u64, u32),
    start_us: u64,
    end_us: u64,
) -> Look<Count> {
    let page = (JAEGER_PAGE_SPANS / u64::from(spans_per_trace.max(1))).max(1);
    let limit = (traces_sent + 1).min(page);
    let first = jaeger::search_path(service, run_id, limit, start_us, end_us);
    let query = format!("tags={{\"{RUN_ATTRIBUTE}\":{run_id:?}}} service={service}");
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let (mut windows, mut at_least, mut status) = (vec![(start_us, end_us)], false, 200);
    let mut searches = 0;
    while let Some((start, end)) = windows.pop() {
        searches += 1;
        if searches > JAEGER_SEARCHES {
            at_least = true;
            break;
        }
        let (answered, body) = match fetch(backend, &jaeger::search_path(service, run_id, limit, start, end)).await {
            Ok(answer) => answer,
            Err(look) => return look,
        };
        status = answered;
        let found = match jaeger::parse_search(&body) {
            Ok(found) => found,
            Err(why) => return unreadable(why, status),
        };
        let full = found.traces.len() as u64 >= limit;
        for (id, spans) in found.traces {
            let entry = seen.entry(id).or_default();
            *entry = (*entry).max(spans);
        }
        if full && limit > traces_sent {
            continue;
        }
        if full {
            if end - start <= 2 {
                at_least = true;
            } else {
                let mid = start + (end - start) / 2;
                windows.extend([(start, mid + 1), (mid, end)]);
            }
        }
    }
    let count = Count { items: seen.values().sum(), at_least, query, curl: backend.curl(&first) };
    found(count, status)
}

/// Log records of the run in Loki.
pub async fn loki(backend: &Backend, service_name: &str, run_id: &str, window_s: u64, now_s: u64) -> Look<Count> {
    let label = crate::naming::label_name(RUN_ATTRIBUTE);
    let (service, run) = (crate::query::matcher("service_name", service_name), crate::query::matcher(&label, run_id));
    let q = format!("sum(count_over_time({{{service}}} | {run} [{window_s}s]))");
    let time = now_s.to_string();
    let path = format!("/loki/api/v1/query?{}", query_string(&[("query", &q), ("time", &time)]));
    let (status, body) = match fetch(backend, &path).await {
        Ok(answer) => answer,
        Err(look) => return look,
    };
    let json = match parse_json(&body, "Loki") {
        Ok(json) => json,
        Err(why) => return unreadable(why, status),
    };
    if json["status"] != "success" {
        return unreadable(format!("Loki answered status {}: {}", json["status"], json["error"]), status);
    }
    let items = json["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["value"][1].as_str()?.parse::<f64>().ok())
        .sum::<f64>() as u64;
    found(Count { items, at_least: false, query: q, curl: backend.curl(&path) }, status)
}

/// Log records of the run in VictoriaLogs: `stats count()` over the run's service and id.
pub async fn victorialogs(
    backend: &Backend,
    service_name: &str,
    run_id: &str,
    window_s: u64,
    now_s: u64,
) -> Look<Count> {
    let path = victorialogs::count_path(service_name, run_id, window_s, now_s);
    let (status, body) = match fetch(backend, &path).await {
        Ok(answer) => answer,
        Err(look) => return look,
    };
    match victorialogs::parse_count(&body) {
        Ok(items) => {
            let query = victorialogs::count_query(service_name, run_id);
            found(Count { items, at_least: false, query, curl: backend.curl(&path) }, status)
        }
        Err(why) => unreadable(why, status),
    }
}

/// Metric points of the run in Prometheus: the sum of the run's cumulative counter series, whose
/// last values add up to the points sent.
pub async fn prometheus(backend: &Backend, counter: &str, run_id: &str) -> Look<Count> {
    let label = crate::naming::label_name(RUN_ATTRIBUTE);
    let q = format!("sum({})", crate::query::selector(counter, &label, run_id));
    let path = format!("/api/v1/query?{}", query_string(&[("query", &q)]));
    counter_sum(backend, q, path).await
}

/// Metric points of the run in VictoriaMetrics: as in Prometheus, under the counter's
/// OpenTelemetry name as it is or its Prometheus name (`counters`: name and run label of each),
/// asked past the latency offset that would hide the last points.
pub async fn victoriametrics(backend: &Backend, counters: &[(String, String)], run_id: &str) -> Look<Count> {
    // Each count asks anew (see POLL_LABEL): the query's time in milliseconds is its number.
    let poll = crate::pipeline::synthetic::now_nanos() / 1_000_000;
    let q = format!("sum({})", victoriametrics::any_of(counters, run_id, Some(poll)));
    let path = victoriametrics::query_path(&q);
    counter_sum(backend, q, path).await
}

async fn counter_sum(backend: &Backend, q: String, path: String) -> Look<Count> {
    let (status, body) = match fetch(backend, &path).await {
        Ok(answer) => answer,
        Err(look) => return look,
    };
    let samples = match parse_prometheus_vector(&body) {
        Ok(samples) => samples,
        Err(why) => return unreadable(why, status),
    };
    let items = samples.iter().map(|(_, v)| *v).filter(|v| v.is_finite()).sum::<f64>() as u64;
    found(Count { items, at_least: false, query: q, curl: backend.curl(&path) }, status)
}
