//! What came back against what was sent: pure functions, no I/O.

use super::backends::loki::FoundLog;
use super::backends::tempo::FoundSpan;
use super::otlp::Signal;
use super::synthetic::SmokeRun;
use super::verdict::{Check, Outcome};

/// The trace ids each backend showed, for the correlation check.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// Tempo returned the run's trace.
    pub tempo_trace: Option<String>,
    /// trace_id of the run's log lines in Loki.
    pub log_trace_ids: Vec<String>,
    /// trace_id of the exemplar in Prometheus.
    pub exemplar_trace: Option<String>,
    /// Backends that never gave an answer to judge ("Loki", why): their links cannot be checked.
    pub unreachable: Vec<(&'static str, String)>,
}

impl Evidence {
    pub fn merge(&mut self, other: Evidence) {
        self.tempo_trace = self.tempo_trace.take().or(other.tempo_trace);
        self.log_trace_ids.extend(other.log_trace_ids);
        self.exemplar_trace = self.exemplar_trace.take().or(other.exemplar_trace);
        self.unreachable.extend(other.unreachable);
    }

    fn unreachable(&self, backend: &str) -> Option<&str> {
        self.unreachable.iter().find(|(b, _)| *b == backend).map(|(_, why)| why.as_str())
    }
}

pub enum SpanMatch {
    All,
    Missing(String),
    Wrong(String),
}

pub fn compare_spans(run: &SmokeRun, found: &[FoundSpan]) -> SpanMatch {
    let mut missing = Vec::new();
    for want in &run.spans {
        let Some(got) = found.iter().find(|s| s.span_id == want.span_id) else {
            missing.push(want.name.clone());
            continue;
        };
        if got.trace_id != run.trace_id {
            return SpanMatch::Wrong(format!("span {} has trace_id {}", want.name, got.trace_id));
        }
        if got.parent_span_id != want.parent_span_id {
            return SpanMatch::Wrong(format!(
                "span {:?} has parent {:?}, expected {:?}",
                want.name, got.parent_span_id, want.parent_span_id
            ));
        }
        if got.name != want.name || got.kind != want.kind || got.error != want.error {
            return SpanMatch::Wrong(format!(
                "span {} is {:?} kind {} error {}, expected {:?} kind {} error {}",
                want.span_id, got.name, got.kind, got.error, want.name, want.kind, want.error
            ));
        }
    }
    if missing.is_empty() {
        SpanMatch::All
    } else {
        SpanMatch::Missing(missing.join(", "))
    }
}

/// Err((final, why)): final when a line is there but wrong.
pub fn compare_logs(run: &SmokeRun, found: &[FoundLog]) -> Result<(), (bool, String)> {
    let mut missing = Vec::new();
    for want in &run.logs {
        let Some(got) = found.iter().find(|l| l.line == want.body) else {
            missing.push(want.severity.clone());
            continue;
        };
        if got.trace_id.as_deref() != Some(run.trace_id.as_str()) {
            return Err((true, format!("log line {:?} has trace_id {:?}", want.body, got.trace_id)));
        }
        if got.span_id.as_deref() != Some(want.span_id.as_str()) {
            return Err((
                true,
                format!("log line {:?} has span_id {:?}, expected {}", want.body, got.span_id, want.span_id),
            ));
        }
        if got.severity.as_deref().map(str::to_ascii_uppercase).as_deref() != Some(want.severity.as_str()) {
            return Err((
                true,
                format!("log line {:?} has severity {:?}, expected {}", want.body, got.severity, want.severity),
            ));
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err((false, format!("no {} log line for trace {} in Loki yet", missing.join(" and "), run.trace_id)))
    }
}

/// Do the logs, the exemplar and Tempo's trace name the same trace? Names each broken link.
pub fn correlate(exported: &[Signal], run: &SmokeRun, e: &Evidence) -> Check {
    let has = |s: Signal| exported.contains(&s);
    let mut links = Vec::new();
    let mut broken = Vec::new();
    let mut unchecked = Vec::new();
    let not_reached = |link: &str, backend: &str, why: &str| {
        format!("{link} could not be checked: {backend} was not reachable ({why})")
    };
    if has(Signal::Traces) {
        match (&e.tempo_trace, e.unreachable("Tempo")) {
            (Some(_), _) => links.push("trace in Tempo".to_owned()),
            (None, Some(why)) => unchecked.push(not_reached("the trace", "Tempo", why)),
            (None, None) => broken.push(format!("Tempo has no trace {}", run.trace_id)),
        }
    }
    if has(Signal::Logs) {
        if e.log_trace_ids.is_empty() {
            match e.unreachable("Loki") {
                Some(why) => unchecked.push(not_reached("logs -> trace", "Loki", why)),
                None => broken.push("no log line in Loki carries the run's trace_id".to_owned()),
            }
        } else if e.log_trace_ids.iter().all(|t| t == &run.trace_id) {
            links.push("logs -> trace".to_owned());
        } else {
            broken.push("log lines carry another trace_id".to_owned());
        }
    }
    if has(Signal::Metrics) {
        match &e.exemplar_trace {
            Some(t) if t == &run.trace_id => links.push("exemplar -> trace".to_owned()),
            Some(t) => broken.push(format!("the exemplar points at trace {t}")),
            None => match e.unreachable("Prometheus") {
                Some(why) => unchecked.push(not_reached("exemplar -> trace", "Prometheus", why)),
                None => broken.push("no exemplar links the metrics to the trace".to_owned()),
            },
        }
    }
    if exported.len() < 2 {
        return Check::new("correlation", "all", Outcome::Skip, "needs two exported signals or more");
    }
    if !unchecked.is_empty() && broken.is_empty() {
        return Check::new("correlation", "all", Outcome::Skip, unchecked.join("; "));
    }
    broken.extend(unchecked);
    if broken.is_empty() {
        Check::new("correlation", "all", Outcome::Pass, format!("{} share trace {}", links.join(", "), run.trace_id))
    } else {
        // An exemplar missing only for lack of exemplar storage is a warning, as its check says.
        let only_exemplar = broken.len() == 1 && broken[0].starts_with("no exemplar");
        Check::new("correlation", "all", if only_exemplar { Outcome::Warn } else { Outcome::Fail }, broken.join("; "))
    }
}
