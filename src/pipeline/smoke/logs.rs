//! Finding the run's log lines in Loki.

use std::time::Instant;

use super::Plan;
use crate::pipeline::backends::loki::{self, loki_path};
use crate::pipeline::compare::{compare_logs, Evidence};
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{check_of, http_failure, poll, Check, Look, Verdict};
use crate::signal::Signal;

pub async fn verify_logs(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let loki = &plan.logs;
    let path = loki_path(run);
    let look = poll(deadline, plan.unreachable_grace, || async {
        let fetched = match loki.get(&path).await {
            Ok(f) => f,
            Err(e) => return Look::unanswered(e.named("loki")),
        };
        if fetched.status != 200 {
            return http_failure(loki, fetched.status, &fetched.body);
        }
        let verdict = match loki::parse_loki_streams(&fetched.body) {
            Ok(logs) => compare_logs(run, &logs).map(|()| logs),
            Err(e) => Verdict::Fatal(e),
        };
        Look::new(verdict, Some(200))
    })
    .await;
    let mut check = check_of(
        "loki.logs",
        Signal::Logs,
        &look,
        |logs| format!("{} lines with the run's trace_id, span ids and severity", logs.len()),
        (loki, &path),
    );
    let unreachable = look.unreachable().map(|why| ("Loki", why.to_owned())).into_iter().collect();
    let log_trace_ids = match look.verdict {
        Verdict::Found(logs) => {
            check.visible_after = Some(exported_at.elapsed());
            logs.into_iter().filter_map(|l| l.trace_id).collect()
        }
        _ => Vec::new(),
    };
    (vec![check], Evidence { unreachable, log_trace_ids, ..Default::default() })
}
