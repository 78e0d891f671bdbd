//! What every check returns and how polling until visible works.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::backends::{backoff, Backend};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Warn,
    Fail,
    Skip,
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// e.g. "tempo.trace"
    pub name: String,
    pub signal: &'static str,
    pub outcome: Outcome,
    /// Time from export to first visibility.
    #[serde(serialize_with = "seconds")]
    pub visible_after: Option<Duration>,
    pub detail: String,
    pub last_query: Option<String>,
    pub last_status: Option<u16>,
    pub curl: Option<String>,
    /// What to change when the check names a fix it found (e.g. the metric namespace).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

fn seconds<S: serde::Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&((d.as_secs_f64() * 1000.0).round() / 1000.0)),
        None => s.serialize_none(),
    }
}

impl Check {
    pub fn new(name: &str, signal: &'static str, outcome: Outcome, detail: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            signal,
            outcome,
            visible_after: None,
            detail: detail.into(),
            last_query: None,
            last_status: None,
            curl: None,
            fix: None,
        }
    }
}

pub fn passed(checks: &[Check]) -> bool {
    !checks.iter().any(|c| c.outcome == Outcome::Fail)
}

/// One attempt at finding a signal.
pub enum Attempt<T> {
    Found(T),
    /// Not there yet: why, the query and the HTTP status of the answer.
    NotYet(String, Option<u16>),
    /// No point in asking again (bad request, auth, unreadable answer).
    Fatal(String, Option<u16>),
}

/// Ask until found, fatal, or the deadline; with a short, growing pause between attempts.
pub async fn poll<T, F, Fut>(deadline: Instant, mut attempt: F) -> (Result<T, String>, Option<u16>)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Attempt<T>>,
{
    let mut n = 0;
    loop {
        match attempt().await {
            Attempt::Found(t) => return (Ok(t), Some(200)),
            Attempt::Fatal(why, status) => return (Err(why), status),
            Attempt::NotYet(why, status) => {
                let now = Instant::now();
                if now >= deadline {
                    return (Err(why), status);
                }
                tokio::time::sleep(backoff(n).min(deadline - now)).await;
                n += 1;
            }
        }
    }
}

/// Classify an HTTP failure: auth and bad requests are final; the rest may pass.
pub fn http_failure<T>(backend: &Backend, status: u16, body: &str) -> Attempt<T> {
    let text: String = body.chars().take(200).collect::<String>().replace('\n', " ");
    match status {
        401 | 403 => Attempt::Fatal(
            format!(
                "{}: authentication refused (HTTP {status}); check OTELKIT_{}_TOKEN / _BASIC_AUTH",
                backend.name,
                backend.name.to_ascii_uppercase()
            ),
            Some(status),
        ),
        400 | 405 | 422 => {
            Attempt::Fatal(format!("{}: bad request (HTTP {status}): {}", backend.name, text.trim()), Some(status))
        }
        _ => Attempt::NotYet(format!("{}: HTTP {status}: {}", backend.name, text.trim()), Some(status)),
    }
}

/// A failed query that never got an answer about the data (no connection, TLS, a timeout, 5xx).
pub fn unreachable(
    backend: &'static str,
    result: &Result<impl Sized, String>,
    status: Option<u16>,
) -> Vec<(&'static str, String)> {
    match (result, status) {
        (Err(why), None) => vec![(backend, why.clone())],
        (Err(why), Some(s)) if s >= 500 => vec![(backend, why.clone())],
        _ => Vec::new(),
    }
}
