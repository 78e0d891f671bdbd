//! Finding the run's trace in Tempo.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::Plan;
use crate::pipeline::backends::tempo::{self, trace_path};
use crate::pipeline::compare::{compare_spans, Evidence};
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{check_of, http_failure, poll, Look, Verdict};
use crate::signal::Signal;

pub async fn verify_traces(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<crate::pipeline::verdict::Check>, Evidence) {
    let tempo = &plan.traces;
    let use_v1 = AtomicBool::new(false);
    let last_path = Mutex::new(trace_path(run, true));
    let look = poll(deadline, plan.unreachable_grace, || async {
        let v2 = !use_v1.load(Ordering::Relaxed);
        let path = trace_path(run, v2);
        if let Ok(mut p) = last_path.lock() {
            p.clone_from(&path);
        }
        let fetched = match tempo.get(&path).await {
            Ok(f) => f,
            Err(e) => return Look::unanswered(e.named("tempo")),
        };
        let verdict = match fetched.status {
            200 => match tempo::parse_tempo_trace(&fetched.body) {
                Ok(Some(spans)) => compare_spans(run, &spans).map(|()| spans),
                Ok(None) => Verdict::NotYet(format!("trace {} not in Tempo", run.trace_id)),
                Err(e) => Verdict::Fatal(e),
            },
            // A Tempo before the v2 API answers 404 to it with a plain page; v1 404 is "not found".
            404 if v2 && !fetched.body.trim_start().starts_with('{') => {
                use_v1.store(true, Ordering::Relaxed);
                Verdict::NotYet("tempo has no v2 API; using v1".into())
            }
            404 => Verdict::NotYet(format!("trace {} not in Tempo", run.trace_id)),
            s => return http_failure(tempo, s, &fetched.body),
        };
        Look::new(verdict, Some(fetched.status))
    })
    .await;
    let path = last_path.lock().map(|p| p.clone()).unwrap_or_default();
    let mut check = check_of(
        "tempo.trace",
        Signal::Traces,
        &look,
        |spans| format!("{} spans, parents, names and status as emitted", spans.len()),
        (tempo, &path),
    );
    if matches!(look.verdict, Verdict::Found(_)) {
        check.visible_after = Some(exported_at.elapsed());
    }
    let evidence = Evidence {
        unreachable: look.unreachable().map(|why| ("Tempo", why.to_owned())).into_iter().collect(),
        tempo_trace: matches!(look.verdict, Verdict::Found(_)).then(|| run.trace_id.clone()),
        ..Default::default()
    };
    (vec![check], evidence)
}
