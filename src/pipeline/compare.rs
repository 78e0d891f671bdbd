//! What came back against what was sent: pure functions, no I/O.

use super::backends::loki::FoundLog;
use super::backends::tempo::FoundSpan;
use super::synthetic::{self, SmokeRun};
use super::verdict::{Check, Outcome, Scope, Verdict};
use crate::signal::Signal;
use crate::stores::Stores;

/// The trace ids each backend showed, for the correlation check.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// The trace store (Tempo, Jaeger) returned the run's trace.
    pub stored_trace: Option<String>,
    /// trace_id of the run's log lines in Loki.
    pub log_trace_ids: Vec<String>,
    /// trace_id of the exemplar in Prometheus.
    pub exemplar_trace: Option<String>,
    /// Backends that never gave an answer to judge ("Loki", why): their links cannot be checked.
    pub unreachable: Vec<(&'static str, String)>,
}

impl Evidence {
    pub fn merge(&mut self, other: Evidence) {
        self.stored_trace = self.stored_trace.take().or(other.stored_trace);
        self.log_trace_ids.extend(other.log_trace_ids);
        self.exemplar_trace = self.exemplar_trace.take().or(other.exemplar_trace);
        self.unreachable.extend(other.unreachable);
    }

    fn unreachable(&self, backend: &str) -> Option<&str> {
        self.unreachable.iter().find(|(b, _)| *b == backend).map(|(_, why)| why.as_str())
    }
}

/// The run's spans in what Tempo returned: every span with its trace, parent, name, kind and
/// status as sent. Spans still missing are not yet there; a span that differs is wrong.
pub fn compare_spans(run: &SmokeRun, found: &[FoundSpan]) -> Verdict<()> {
    let mut missing = Vec::new();
    for want in &run.spans {
        let Some(got) = found.iter().find(|s| s.span_id == want.span_id) else {
            missing.push(want.name.clone());
            continue;
        };
        if got.trace_id != run.trace_id {
            return Verdict::Wrong(format!("trace found, but span {} has trace_id {}", want.name, got.trace_id));
        }
        if got.parent_span_id != want.parent_span_id {
            return Verdict::Wrong(format!(
                "trace found, but span {:?} has parent {:?}, expected {:?}",
                want.name, got.parent_span_id, want.parent_span_id
            ));
        }
        if got.name != want.name || got.kind != want.kind || got.error != want.error {
            return Verdict::Wrong(format!(
                "trace found, but span {} is {:?} kind {} error {}, expected {:?} kind {} error {}",
                want.span_id, got.name, got.kind, got.error, want.name, want.kind, want.error
            ));
        }
    }
    if missing.is_empty() {
        Verdict::Found(())
    } else {
        Verdict::NotYet(format!("trace found, but spans missing: {}", missing.join(", ")))
    }
}

/// The run's log lines in what the log store returned: each with the run's trace_id, its span_id and its
/// severity. Lines still missing are not yet there; a line that differs is wrong.
pub fn compare_logs(run: &SmokeRun, found: &[FoundLog]) -> Verdict<()> {
    let mut missing = Vec::new();
    for want in &run.logs {
        let Some(got) = found.iter().find(|l| l.line == want.body) else {
            missing.push(want.severity.clone());
            continue;
        };
        if got.trace_id.as_deref() != Some(run.trace_id.as_str()) {
            return Verdict::Wrong(format!("log line {:?} has trace_id {:?}", want.body, got.trace_id));
        }
        if got.span_id.as_deref() != Some(want.span_id.as_str()) {
            return Verdict::Wrong(format!(
                "log line {:?} has span_id {:?}, expected {}",
                want.body, got.span_id, want.span_id
            ));
        }
        if got.severity.as_deref().map(str::to_ascii_uppercase).as_deref() != Some(want.severity.as_str()) {
            return Verdict::Wrong(format!(
                "log line {:?} has severity {:?}, expected {}",
                want.body, got.severity, want.severity
            ));
        }
        let number = synthetic::severity_number(&want.severity);
        if got.severity_number.is_some_and(|n| n != number) {
            return Verdict::Wrong(format!(
                "log line {:?} has severity_number {}, expected {number} ({})",
                want.body,
                got.severity_number.unwrap_or_default(),
                want.severity
            ));
        }
    }
    if missing.is_empty() {
        Verdict::Found(())
    } else {
        Verdict::NotYet(format!("no {} log line for trace {} yet", missing.join(" and "), run.trace_id))
    }
}

/// The exemplar carrying the run's trace_id among what Prometheus returned, and whether it names
/// the span that recorded the value. None with the trace: not there (yet, or no exemplar storage).
pub fn compare_exemplars(run: &SmokeRun, found: &[(String, String)]) -> Verdict<(String, String)> {
    match found.iter().find(|(trace, _)| trace == &run.trace_id) {
        Some((_, span)) if span != &run.exemplar_span_id => {
            Verdict::Wrong(format!("exemplar has span_id {span}, expected {}", run.exemplar_span_id))
        }
        Some(pair) => Verdict::Found(pair.clone()),
        None => Verdict::NotYet("no exemplar with the run's trace_id".into()),
    }
}

/// Do the logs, the exemplar and the trace in its store name the same trace? Names each broken link.
pub fn correlate(exported: &[Signal], run: &SmokeRun, e: &Evidence, stores: &Stores) -> Check {
    let has = |s: Signal| exported.contains(&s);
    let mut links = Vec::new();
    let mut broken = Vec::new();
    let mut unchecked = Vec::new();
    let not_reached = |link: &str, backend: &str, why: &str| {
        format!("{link} could not be checked: {backend} was not reachable ({why})")
    };
    if has(Signal::Traces) {
        let store = stores.traces.label();
        match (&e.stored_trace, e.unreachable(store)) {
            (Some(_), _) => links.push(format!("trace in {store}")),
            (None, Some(why)) => unchecked.push(not_reached("the trace", store, why)),
            (None, None) => broken.push(format!("{store} has no trace {}", run.trace_id)),
        }
    }
    if has(Signal::Logs) {
        let store = stores.logs.label();
        if e.log_trace_ids.is_empty() {
            match e.unreachable(store) {
                Some(why) => unchecked.push(not_reached("logs -> trace", store, why)),
                None => broken.push(format!("no log line in {store} carries the run's trace_id")),
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
        return Check::new("correlation", Scope::All, Outcome::Skip, "needs two exported signals or more");
    }
    if !unchecked.is_empty() && broken.is_empty() {
        return Check::new("correlation", Scope::All, Outcome::Skip, unchecked.join("; "));
    }
    broken.extend(unchecked);
    if broken.is_empty() {
        Check::new(
            "correlation",
            Scope::All,
            Outcome::Pass,
            format!("{} share trace {}", links.join(", "), run.trace_id),
        )
    } else {
        // An exemplar missing only for lack of exemplar storage is a warning, as its check says.
        let only_exemplar = broken.len() == 1 && broken[0].starts_with("no exemplar");
        Check::new(
            "correlation",
            Scope::All,
            if only_exemplar { Outcome::Warn } else { Outcome::Fail },
            broken.join("; "),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> SmokeRun {
        SmokeRun::new("checkout", Some("r1"), Vec::new())
    }

    fn spans_as_sent(run: &SmokeRun) -> Vec<FoundSpan> {
        run.spans
            .iter()
            .map(|s| FoundSpan {
                trace_id: run.trace_id.clone(),
                span_id: s.span_id.clone(),
                parent_span_id: s.parent_span_id.clone(),
                name: s.name.clone(),
                kind: s.kind.clone(),
                error: s.error,
                service_name: Some(run.service_name.clone()),
            })
            .collect()
    }

    fn logs_as_sent(run: &SmokeRun) -> Vec<FoundLog> {
        run.logs
            .iter()
            .map(|l| FoundLog {
                trace_id: Some(run.trace_id.clone()),
                span_id: Some(l.span_id.clone()),
                severity: Some(l.severity.clone()),
                severity_number: Some(synthetic::severity_number(&l.severity)),
                line: l.body.clone(),
            })
            .collect()
    }

    #[test]
    fn spans_as_sent_are_found_missing_ones_not_yet_changed_ones_wrong() {
        let run = run();
        assert_eq!(compare_spans(&run, &spans_as_sent(&run)), Verdict::Found(()));
        let mut partial = spans_as_sent(&run);
        let gone = partial.pop().unwrap();
        assert!(matches!(compare_spans(&run, &partial), Verdict::NotYet(w) if w.contains(&gone.name)));
        let mut reparented = spans_as_sent(&run);
        reparented[1].parent_span_id = Some("0000000000000001".into());
        assert!(matches!(compare_spans(&run, &reparented), Verdict::Wrong(w) if w.contains("has parent")));
        let mut other_trace = spans_as_sent(&run);
        other_trace[0].trace_id = "f".repeat(32);
        assert!(matches!(compare_spans(&run, &other_trace), Verdict::Wrong(w) if w.contains("trace_id")));
        let mut no_error = spans_as_sent(&run);
        no_error.iter_mut().for_each(|s| s.error = false);
        assert!(matches!(compare_spans(&run, &no_error), Verdict::Wrong(w) if w.contains("error false")));
    }

    #[test]
    fn logs_as_sent_are_found_and_each_difference_is_named() {
        let run = run();
        assert_eq!(compare_logs(&run, &logs_as_sent(&run)), Verdict::Found(()));
        assert!(matches!(compare_logs(&run, &[]), Verdict::NotYet(w) if w.contains("INFO and ERROR")));
        let mut wrong = logs_as_sent(&run);
        wrong[0].trace_id = Some("f".repeat(32));
        assert!(matches!(compare_logs(&run, &wrong), Verdict::Wrong(w) if w.contains("has trace_id")));
        let mut wrong = logs_as_sent(&run);
        wrong[1].span_id = None;
        assert!(matches!(compare_logs(&run, &wrong), Verdict::Wrong(w) if w.contains("has span_id None")));
        let mut wrong = logs_as_sent(&run);
        wrong[1].severity = Some("INFO".into());
        assert!(matches!(compare_logs(&run, &wrong), Verdict::Wrong(w) if w.contains("severity")));
        let mut wrong = logs_as_sent(&run);
        wrong[1].severity_number = Some(9);
        assert!(
            matches!(compare_logs(&run, &wrong), Verdict::Wrong(w) if w.contains("severity_number 9, expected 17"))
        );
        let mut unnumbered = logs_as_sent(&run);
        unnumbered.iter_mut().for_each(|l| l.severity_number = None);
        assert_eq!(compare_logs(&run, &unnumbered), Verdict::Found(()), "Loki keeps no number apart");
        let mut lower = logs_as_sent(&run);
        lower.iter_mut().for_each(|l| l.severity = l.severity.as_ref().map(|s| s.to_ascii_lowercase()));
        assert_eq!(compare_logs(&run, &lower), Verdict::Found(()), "Loki's detected_level is lower case");
    }

    #[test]
    fn exemplars_must_name_the_run_trace_and_span() {
        let run = run();
        let right = (run.trace_id.clone(), run.exemplar_span_id.clone());
        assert_eq!(compare_exemplars(&run, std::slice::from_ref(&right)), Verdict::Found(right.clone()));
        assert!(matches!(compare_exemplars(&run, &[]), Verdict::NotYet(_)));
        let other_span = (run.trace_id.clone(), "0000000000000001".into());
        assert!(matches!(compare_exemplars(&run, &[other_span]), Verdict::Wrong(w) if w.contains("expected")));
    }

    #[test]
    fn correlation_names_broken_links_and_unchecked_ones() {
        let run = run();
        let all = [Signal::Traces, Signal::Metrics, Signal::Logs];
        let good = Evidence {
            stored_trace: Some(run.trace_id.clone()),
            log_trace_ids: vec![run.trace_id.clone()],
            exemplar_trace: Some(run.trace_id.clone()),
            unreachable: Vec::new(),
        };
        let stores = Stores::default();
        assert_eq!(correlate(&all, &run, &good, &stores).outcome, Outcome::Pass);
        let other = Evidence { log_trace_ids: vec!["f".repeat(32)], ..good.clone() };
        let c = correlate(&all, &run, &other, &stores);
        assert!(c.outcome == Outcome::Fail && c.detail.contains("another trace_id"), "{}", c.detail);
        let no_exemplar = Evidence { exemplar_trace: None, ..good.clone() };
        assert_eq!(correlate(&all, &run, &no_exemplar, &stores).outcome, Outcome::Warn, "exemplar storage off");
        let loki_down = Evidence {
            log_trace_ids: Vec::new(),
            unreachable: vec![("Loki", "loki: connection refused".into())],
            ..good.clone()
        };
        let c = correlate(&all, &run, &loki_down, &stores);
        assert_eq!(c.outcome, Outcome::Skip);
        assert!(c.detail.contains("could not be checked: Loki was not reachable"), "{}", c.detail);
        assert_eq!(
            correlate(&[Signal::Traces], &run, &good, &stores).outcome,
            Outcome::Skip,
            "one signal links nothing"
        );
        let jaeger = Stores { traces: crate::stores::TraceStore::Jaeger, ..stores };
        assert!(correlate(&all, &run, &good, &jaeger).detail.starts_with("trace in Jaeger"));
        let no_trace = Evidence { stored_trace: None, ..good.clone() };
        assert!(correlate(&all, &run, &no_trace, &jaeger).detail.contains("Jaeger has no trace"));
        let vl = Stores { logs: crate::stores::LogStore::VictoriaLogs, ..Stores::default() };
        let vl_down = Evidence { unreachable: vec![("VictoriaLogs", "refused".into())], ..loki_down.clone() };
        let c = correlate(&all, &run, &vl_down, &vl);
        assert!(c.detail.contains("could not be checked: VictoriaLogs was not reachable"), "{}", c.detail);
        let no_logs = Evidence { log_trace_ids: Vec::new(), ..good.clone() };
        let c = correlate(&all, &run, &no_logs, &vl);
        assert!(c.detail.contains("no log line in VictoriaLogs carries"), "{}", c.detail);
    }
}
