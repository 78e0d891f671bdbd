//! What every check returns and how polling until visible works.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::backends::Backend;
use crate::signal::Signal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Warn,
    Fail,
    Skip,
}

/// What a check is about: one signal, the pipeline as a whole (the collector, the backends, the
/// hops between them), or every signal together (their correlation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Signal(Signal),
    Pipeline,
    All,
}

impl Scope {
    /// As reports name it: "traces", "metrics", "logs", "pipeline", "all".
    pub fn name(self) -> &'static str {
        match self {
            Scope::Signal(s) => s.name(),
            Scope::Pipeline => "pipeline",
            Scope::All => "all",
        }
    }

    /// The signal, for a check about one.
    pub fn signal(self) -> Option<Signal> {
        match self {
            Scope::Signal(s) => Some(s),
            Scope::Pipeline | Scope::All => None,
        }
    }
}

impl From<Signal> for Scope {
    fn from(signal: Signal) -> Self {
        Scope::Signal(signal)
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

// "traces", "metrics", "logs", "pipeline" or "all" in the reports, as always.
impl Serialize for Scope {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One check of a run, as reports show it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Check {
    /// e.g. "tempo.trace"
    pub name: String,
    // A string in the schema, unchanged since the field was one.
    #[schemars(with = "String")]
    pub signal: Scope,
    pub outcome: Outcome,
    /// Time from export to first visibility, in seconds.
    #[serde(serialize_with = "seconds")]
    #[schemars(with = "Option<f64>")]
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
    pub fn new(name: &str, signal: impl Into<Scope>, outcome: Outcome, detail: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            signal: signal.into(),
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

/// What one look at a backend found: the verdict every check of a run comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict<T> {
    /// There, and as it was sent.
    Found(T),
    /// Not there yet: asking again may find it.
    NotYet(String),
    /// There, but not as it was sent: asking again will not change that.
    Wrong(String),
    /// No point in asking again: a bad request, refused credentials, an unreadable answer.
    Fatal(String),
}

impl<T> Verdict<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Verdict<U> {
        match self {
            Verdict::Found(t) => Verdict::Found(f(t)),
            Verdict::NotYet(why) => Verdict::NotYet(why),
            Verdict::Wrong(why) => Verdict::Wrong(why),
            Verdict::Fatal(why) => Verdict::Fatal(why),
        }
    }

    /// Why it is not found; None when it is.
    pub fn why(&self) -> Option<&str> {
        match self {
            Verdict::Found(_) => None,
            Verdict::NotYet(why) | Verdict::Wrong(why) | Verdict::Fatal(why) => Some(why),
        }
    }
}

/// A verdict and the HTTP status of the answer it came from (None: no answer at all).
#[derive(Debug, Clone, PartialEq)]
pub struct Look<T> {
    pub verdict: Verdict<T>,
    pub status: Option<u16>,
}

impl<T> Look<T> {
    pub fn new(verdict: Verdict<T>, status: Option<u16>) -> Self {
        Self { verdict, status }
    }

    /// No HTTP answer: the backend could not be reached (connection, TLS, timeout).
    pub fn unanswered(why: String) -> Self {
        Self { verdict: Verdict::NotYet(why), status: None }
    }

    /// The backend never gave an answer about the data (no connection, TLS, a timeout, 5xx):
    /// why, for the links that could therefore not be checked.
    pub fn unreachable(&self) -> Option<&str> {
        match self.status {
            Some(s) if s < 500 => None,
            _ => self.verdict.why(),
        }
    }
}

/// Ask until found, a final verdict, or the deadline, pausing `poll_interval` between attempts.
/// At the deadline the last verdict (not yet) is the answer.
pub async fn poll<T, F, Fut>(deadline: Instant, mut look: F) -> Look<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Look<T>>,
{
    let started = Instant::now();
    loop {
        let answer = look().await;
        if !matches!(answer.verdict, Verdict::NotYet(_)) {
            return answer;
        }
        let now = Instant::now();
        if now >= deadline {
            return answer;
        }
        tokio::time::sleep(poll_interval(now - started).min(deadline - now)).await;
    }
}

/// The pause before the next look, `waited` after the first: 50 ms, and once the wait has been
/// long, a fiftieth of it (at most 1 s). So a check ends within 50 ms of the data becoming
/// queryable in the first seconds, where a healthy pipeline shows it, and within 2% of the wait
/// after that, while a slow pipeline is asked at most once a second. The cost: about 20 small
/// queries a second per signal while waiting, a few dozen in a passing run.
pub fn poll_interval(waited: Duration) -> Duration {
    (waited / 50).clamp(Duration::from_millis(50), Duration::from_secs(1))
}

/// Classify an HTTP failure: auth and bad requests are final; the rest may pass.
pub fn http_failure<T>(backend: &Backend, status: u16, body: &str) -> Look<T> {
    let text: String = body.chars().take(200).collect::<String>().replace('\n', " ");
    let verdict = match status {
        401 | 403 => Verdict::Fatal(format!(
            "{}: authentication refused (HTTP {status}); check OTELKIT_{}_TOKEN / _BASIC_AUTH",
            backend.name,
            backend.name.to_ascii_uppercase()
        )),
        400 | 405 | 422 => Verdict::Fatal(format!("{}: bad request (HTTP {status}): {}", backend.name, text.trim())),
        _ => Verdict::NotYet(format!("{}: HTTP {status}: {}", backend.name, text.trim())),
    };
    Look::new(verdict, Some(status))
}

/// A check from a look: pass with `found`'s words, else fail with why; with the query made.
pub fn check_of<T>(
    name: &str,
    signal: Signal,
    look: &Look<T>,
    found: impl FnOnce(&T) -> String,
    query: (&Backend, &str),
) -> Check {
    let mut check = match &look.verdict {
        Verdict::Found(t) => Check::new(name, signal, Outcome::Pass, found(t)),
        other => Check::new(name, signal, Outcome::Fail, other.why().unwrap_or_default()),
    };
    let (backend, path) = query;
    check.last_query = Some(backend.url(path).to_string());
    check.last_status = look.status;
    check.curl = Some(backend.curl(path));
    check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_interval_is_50_ms_then_a_fiftieth_of_the_wait_capped_at_a_second() {
        let ms = Duration::from_millis;
        assert_eq!(poll_interval(ms(0)), ms(50));
        assert_eq!(poll_interval(ms(2_500)), ms(50));
        assert_eq!(poll_interval(ms(10_000)), ms(200));
        assert_eq!(poll_interval(ms(50_000)), ms(1_000));
        assert_eq!(poll_interval(Duration::from_secs(3600)), ms(1_000));
    }
}
