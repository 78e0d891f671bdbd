//! Finding the run's trace in Tempo.

use std::time::Instant;

use super::Plan;
use crate::pipeline::backends::tempo::{self, trace_path};
use crate::pipeline::compare::{compare_spans, Evidence, SpanMatch};
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{http_failure, poll, unreachable, Attempt, Check, Outcome};

pub async fn verify_traces(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let tempo = &plan.tempo;
    let use_v1 = std::sync::atomic::AtomicBool::new(false);
    let last_path = std::sync::Mutex::new(trace_path(run, true));
    let (result, status) = poll(deadline, || async {
        let v2 = !use_v1.load(std::sync::atomic::Ordering::Relaxed);
        let path = trace_path(run, v2);
        if let Ok(mut p) = last_path.lock() {
            p.clone_from(&path);
        }
        let fetched = match tempo.get(&path).await {
            Ok(f) => f,
            Err(e) => return Attempt::NotYet(format!("tempo: {e}"), None),
        };
        match fetched.status {
            200 => match tempo::parse_tempo_trace(&fetched.body) {
                Ok(Some(spans)) => match compare_spans(run, &spans) {
                    SpanMatch::All => Attempt::Found(spans),
                    SpanMatch::Missing(m) => Attempt::NotYet(format!("trace found, but spans missing: {m}"), Some(200)),
                    SpanMatch::Wrong(w) => Attempt::Fatal(format!("trace found, but {w}"), Some(200)),
                },
                Ok(None) => Attempt::NotYet(format!("trace {} not in Tempo", run.trace_id), Some(200)),
                Err(e) => Attempt::Fatal(e, Some(200)),
            },
            // A Tempo before the v2 API answers 404 to it with a plain page; v1 404 is "not found".
            404 if v2 && !fetched.body.trim_start().starts_with('{') => {
                use_v1.store(true, std::sync::atomic::Ordering::Relaxed);
                Attempt::NotYet("tempo has no v2 API; using v1".into(), Some(404))
            }
            404 => Attempt::NotYet(format!("trace {} not in Tempo", run.trace_id), Some(404)),
            s => http_failure(tempo, s, &fetched.body),
        }
    })
    .await;
    let path = last_path.lock().map(|p| p.clone()).unwrap_or_default();
    let mut check = match &result {
        Ok(spans) => {
            let mut c = Check::new(
                "tempo.trace",
                "traces",
                Outcome::Pass,
                format!("{} spans, parents, names and status as emitted", spans.len()),
            );
            c.visible_after = Some(exported_at.elapsed());
            c
        }
        Err(why) => Check::new("tempo.trace", "traces", Outcome::Fail, why.clone()),
    };
    check.last_query = Some(tempo.url(&path));
    check.last_status = status;
    check.curl = Some(tempo.curl(&path));
    let evidence = Evidence {
        unreachable: unreachable("Tempo", &result, status),
        tempo_trace: result.ok().map(|_| run.trace_id.clone()),
        ..Default::default()
    };
    (vec![check], evidence)
}
