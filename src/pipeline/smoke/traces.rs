//! Finding the run's trace in its store: Tempo (API v2, v1 on an older Tempo) or Jaeger (API v3).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::Plan;
use crate::pipeline::backends::tempo::{self, trace_path, FoundSpan};
use crate::pipeline::backends::{jaeger, Fetched};
use crate::pipeline::compare::{compare_spans, Evidence};
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{check_of, http_failure, poll, Check, Look, Verdict};
use crate::signal::Signal;
use crate::stores::TraceStore;

/// The check's name: `tempo.trace`, `jaeger.trace`.
pub fn check_name(plan: &Plan) -> String {
    format!("{}.trace", plan.stores.traces.name())
}

/// The first query a run makes for its trace, as `--explain` shows it.
pub fn first_path(plan: &Plan, run: &SmokeRun) -> String {
    match plan.stores.traces {
        TraceStore::Tempo => trace_path(run, true),
        TraceStore::Jaeger => jaeger::trace_path(run),
    }
}

pub async fn verify_traces(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let store = plan.stores.traces;
    let backend = &plan.traces;
    let use_v1 = AtomicBool::new(false);
    let last_path = Mutex::new(first_path(plan, run));
    let look = poll(deadline, plan.unreachable_grace, || async {
        let path = match store {
            TraceStore::Tempo => trace_path(run, !use_v1.load(Ordering::Relaxed)),
            TraceStore::Jaeger => jaeger::trace_path(run),
        };
        if let Ok(mut p) = last_path.lock() {
            p.clone_from(&path);
        }
        let fetched = match backend.get(&path).await {
            Ok(f) => f,
            Err(e) => return Look::unanswered(e.named(store.name())),
        };
        let verdict = match store {
            TraceStore::Tempo => tempo_verdict(run, &fetched, &use_v1),
            TraceStore::Jaeger => jaeger_verdict(run, &fetched),
        };
        match verdict {
            Some(verdict) => Look::new(verdict, Some(fetched.status)),
            None => http_failure(backend, fetched.status, &fetched.body),
        }
    })
    .await;
    let path = last_path.lock().map(|p| p.clone()).unwrap_or_default();
    let mut check = check_of(
        &check_name(plan),
        Signal::Traces,
        &look,
        |spans| format!("{} spans, parents, names and status as emitted", spans.len()),
        (backend, &path),
    );
    if matches!(look.verdict, Verdict::Found(_)) {
        check.visible_after = Some(exported_at.elapsed());
    }
    let evidence = Evidence {
        unreachable: look.unreachable().map(|why| (store.label(), why.to_owned())).into_iter().collect(),
        stored_trace: matches!(look.verdict, Verdict::Found(_)).then(|| run.trace_id.clone()),
        ..Default::default()
    };
    (vec![check], evidence)
}

/// What Tempo's answer says; None: an HTTP failure to classify.
fn tempo_verdict(run: &SmokeRun, fetched: &Fetched, use_v1: &AtomicBool) -> Option<Verdict<Vec<FoundSpan>>> {
    let v2 = !use_v1.load(Ordering::Relaxed);
    Some(match fetched.status {
        200 => found(run, tempo::parse_tempo_trace(&fetched.body), "Tempo"),
        // A Tempo before the v2 API answers 404 to it with a plain page; v1 404 is "not found".
        404 if v2 && !fetched.body.trim_start().starts_with('{') => {
            use_v1.store(true, Ordering::Relaxed);
            Verdict::NotYet("tempo has no v2 API; using v1".into())
        }
        404 => Verdict::NotYet(format!("trace {} not in Tempo", run.trace_id)),
        _ => return None,
    })
}

/// What Jaeger's API v3 answer says: 404 is an id it has not seen (yet), not a failed query.
fn jaeger_verdict(run: &SmokeRun, fetched: &Fetched) -> Option<Verdict<Vec<FoundSpan>>> {
    Some(match fetched.status {
        200 => found(run, jaeger::parse_jaeger_trace(&fetched.body), "Jaeger"),
        404 => Verdict::NotYet(format!("trace {} not in Jaeger", run.trace_id)),
        _ => return None,
    })
}

fn found(run: &SmokeRun, parsed: Result<Option<Vec<FoundSpan>>, String>, store: &str) -> Verdict<Vec<FoundSpan>> {
    match parsed {
        Ok(Some(spans)) => compare_spans(run, &spans).map(|()| spans),
        Ok(None) => Verdict::NotYet(format!("trace {} not in {store}", run.trace_id)),
        Err(e) => Verdict::Fatal(e),
    }
}
