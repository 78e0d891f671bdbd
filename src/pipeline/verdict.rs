//! What every check returns and how polling until visible works.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::backends::Backend;
use crate::http::NoAnswer;
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
    /// The collector tier a hop check names, when the pipeline's tiers are named (`--telemetry-url agent=URL`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
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
            tier: None,
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
    /// No connection could be made at all (refused, DNS, TLS handshake, connect timeout).
    pub no_connection: bool,
}

impl<T> Look<T> {
    pub fn new(verdict: Verdict<T>, status: Option<u16>) -> Self {
        Self { verdict, status, no_connection: false }
    }

    /// No HTTP answer: asking again may get one, unless no connection is made for the grace.
    pub fn unanswered(failure: NoAnswer) -> Self {
        Self { verdict: Verdict::NotYet(failure.why), status: None, no_connection: failure.unreachable }
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
/// At the deadline the last verdict (not yet) is the answer. A backend no connection is made to
/// for `grace` (from the start of the first look that failed to connect; any answer resets it) is
/// final: a typo in a URL or a dead server is reported in seconds, while data a backend answers
/// about but does not show yet keeps the whole wait. The grace covers a server still starting.
pub async fn poll<T, F, Fut>(deadline: Instant, grace: Duration, mut look: F) -> Look<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Look<T>>,
{
    let started = Instant::now();
    let mut unreachable_since: Option<Instant> = None;
    loop {
        let asked = Instant::now();
        let answer = look().await;
        if !matches!(answer.verdict, Verdict::NotYet(_)) {
            return answer;
        }
        let now = Instant::now();
        unreachable_since = if answer.no_connection { Some(unreachable_since.unwrap_or(asked)) } else { None };
        if let Some(since) = unreachable_since {
            if now - since >= grace {
                let why = answer.verdict.why().unwrap_or_default();
                let why = format!("{why} (unreachable for {})", humantime::format_duration(grace));
                return Look { verdict: Verdict::Fatal(why), ..answer };
            }
        }
        if now >= deadline {
            return answer;
        }
        let mut pause = poll_interval(now - started).min(deadline - now);
        if let Some(since) = unreachable_since {
            pause = pause.min(since + grace - now);
        }
        tokio::time::sleep(pause).await;
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
    if let Some(why) = backend.grafana_refusal(status, body) {
        return Look::new(Verdict::Fatal(why), Some(status));
    }
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

    fn refused() -> Look<()> {
        Look::unanswered(NoAnswer { why: "loki: connection refused".into(), unreachable: true })
    }

    fn not_yet() -> Look<()> {
        Look::new(Verdict::NotYet("no lines yet".into()), Some(200))
    }

    #[tokio::test]
    async fn a_backend_unreachable_for_the_grace_is_final_long_before_the_deadline() {
        let started = Instant::now();
        let look = poll(started + Duration::from_secs(60), Duration::from_millis(300), || async { refused() }).await;
        assert_eq!(look.verdict, Verdict::Fatal("loki: connection refused (unreachable for 300ms)".into()));
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());

        let look = poll(started + Duration::from_secs(60), Duration::ZERO, || async { refused() }).await;
        assert_eq!(look.verdict, Verdict::Fatal("loki: connection refused (unreachable for 0s)".into()));
    }

    #[tokio::test]
    async fn any_answer_restarts_the_grace_and_data_not_yet_visible_waits_the_deadline() {
        let started = Instant::now();
        let grace = Duration::from_millis(300);
        // Refused, then an answer at 200 ms, then refused again: final 300 ms after that, not at 300.
        let look = poll(started + Duration::from_secs(60), grace, || async {
            let at = started.elapsed();
            if at >= Duration::from_millis(200) && at < Duration::from_millis(260) {
                not_yet()
            } else {
                refused()
            }
        })
        .await;
        assert!(matches!(look.verdict, Verdict::Fatal(_)), "{look:?}");
        assert!(started.elapsed() >= Duration::from_millis(500), "{:?}", started.elapsed());

        let started = Instant::now();
        let look = poll(started + Duration::from_millis(600), Duration::ZERO, || async { not_yet() }).await;
        assert_eq!(look.verdict, Verdict::NotYet("no lines yet".into()));
        assert!(started.elapsed() >= Duration::from_millis(600));
    }

    #[tokio::test]
    async fn a_server_that_starts_within_the_grace_is_waited_for() {
        let started = Instant::now();
        let look = poll(started + Duration::from_secs(60), Duration::from_millis(400), || async {
            if started.elapsed() < Duration::from_millis(250) {
                refused()
            } else {
                Look::new(Verdict::Found(()), Some(200))
            }
        })
        .await;
        assert_eq!(look.verdict, Verdict::Found(()));
    }
}
