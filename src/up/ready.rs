//! Waiting until a started server really answers: its health or query endpoint 200, polled; a
//! process that exits meanwhile is reported at once with the end of its log.

use std::time::{Duration, Instant};

use super::processes::{tail, Running};
use super::releases::Server;
use crate::error::hinted;
use crate::http::RedactedUrl;

/// Poll `url` until it answers 200, `server` dies, or `timeout` passes.
pub async fn wait(
    client: &reqwest::Client,
    server: &Running,
    url: &RedactedUrl,
    timeout: Duration,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        let last = match client.get(url.for_wire().clone()).send().await {
            Ok(r) if r.status().is_success() => return Ok(()),
            Ok(r) => format!("HTTP {}", r.status().as_u16()),
            Err(e) => crate::http::describe_error(e),
        };
        if server.pid.is_some() && !server.is_alive() {
            return Err(not_ready(server, &format!("{} exited", server.name)));
        }
        if Instant::now() >= deadline {
            return Err(not_ready(server, &format!("{url} not ready after {}s ({last})", timeout.as_secs())));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A server the user runs (`--use`): it must answer now, 200 on `ready_path` below its URL (any
/// answer without one).
pub async fn reachable(
    client: &reqwest::Client,
    name: &str,
    url: &RedactedUrl,
    ready_path: Option<&str>,
) -> anyhow::Result<()> {
    let probe = url.join(ready_path.unwrap_or_default());
    let why = match client.get(probe.for_wire().clone()).send().await {
        Ok(r) if r.status().is_success() || ready_path.is_none() => return Ok(()),
        Ok(r) => format!("HTTP {}", r.status().as_u16()),
        Err(e) => crate::http::describe_error(e),
    };
    Err(hinted(
        format!("--use {name}: {url} does not answer ({why})"),
        format!("start {name} first, or drop --use {name}"),
    ))
}

fn not_ready(server: &Running, why: &str) -> anyhow::Error {
    let log = server.log.as_deref();
    let last = log.map(|l| tail(l, 5)).unwrap_or_default();
    let hint = match log {
        Some(l) => format!("its log: {}; the last lines:\n{last}", l.display()),
        None => String::new(),
    };
    hinted(format!("{} did not come up: {why}", server.name), hint)
}

/// The trace path really carries data: a span posted to the collector's OTLP/HTTP receiver is
/// found in the trace store (Jaeger or Tempo) by its trace id, as `smoke-test` looks it up (a store
/// that answers its health check may still drop it).
pub async fn span_arrives(
    client: &reqwest::Client,
    collector: &RedactedUrl,
    store: Server,
    store_url: &RedactedUrl,
    timeout: Duration,
) -> anyhow::Result<()> {
    let trace_id: String = (0..16).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
    let span_id: String = (0..8).map(|_| format!("{:02x}", rand::random::<u8>())).collect();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    let body = serde_json::json!({ "resourceSpans": [{
        "resource": { "attributes": [{ "key": "service.name", "value": { "stringValue": "otelkit-up" } }] },
        "scopeSpans": [{ "scope": { "name": "otelkit" }, "spans": [{
            "traceId": trace_id, "spanId": span_id, "name": "otelkit up: ready", "kind": 1,
            "startTimeUnixNano": (now - 1_000_000).to_string(), "endTimeUnixNano": now.to_string(),
        }]}],
    }]});
    let sent = client.post(collector.join("/v1/traces").for_wire().clone()).json(&body).send().await;
    match sent {
        Ok(r) if r.status().is_success() => {}
        Ok(r) => anyhow::bail!("the collector refused a test span: HTTP {}", r.status().as_u16()),
        Err(e) => anyhow::bail!("the collector took no test span: {}", crate::http::describe_error(e)),
    }
    // Tempo's v2 API answers 200 with an empty `trace` for an id it does not have, and encodes ids
    // in base64: a trace with spans under the asked id is the one.
    let path = match store {
        Server::Tempo => format!("/api/v2/traces/{trace_id}"),
        _ => format!("/api/traces/{trace_id}"),
    };
    let found = store_url.join(&path);
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(r) = client.get(found.for_wire().clone()).send().await {
            if r.status().is_success() && r.text().await.is_ok_and(|t| holds_trace(store, &t, &trace_id)) {
                return Ok(());
            }
        }
        if Instant::now() >= deadline {
            let name = store.name();
            return Err(hinted(
                format!("a test span sent to the collector was not in {name} after {}s", timeout.as_secs()),
                format!("see logs/collector.log and logs/{name}.log in the stack's directory"),
            ));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn holds_trace(store: Server, body: &str, trace_id: &str) -> bool {
    match store {
        Server::Tempo => serde_json::from_str::<serde_json::Value>(body).is_ok_and(|v| {
            let trace = &v["trace"];
            [&trace["resourceSpans"], &trace["batches"]].iter().any(|s| s.as_array().is_some_and(|a| !a.is_empty()))
        }),
        _ => body.contains(trace_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tempo_holds_a_trace_only_when_its_v2_answer_has_spans() {
        let recorded = |f: &str| std::fs::read_to_string(format!("tests/fixtures/recorded/tempo/{f}")).unwrap();
        assert!(holds_trace(Server::Tempo, &recorded("trace_v2_found.json"), "e32e014575aae3297f08f1c5e95234bc"));
        assert!(!holds_trace(Server::Tempo, &recorded("trace_v2_not_found.txt"), "0123456789abcdef0123456789abcdef"));
        assert!(!holds_trace(Server::Tempo, "not json", "ab"));
    }
}
