//! Waiting until a started server really answers: its health or query endpoint 200, polled; a
//! process that exits meanwhile is reported at once with the end of its log.

use std::time::{Duration, Instant};

use super::processes::{tail, Running};
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
