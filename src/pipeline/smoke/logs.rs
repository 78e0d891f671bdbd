//! Finding the run's log lines in the log store (Loki by LogQL, VictoriaLogs by LogsQL).

use std::time::Instant;

use super::Plan;
use crate::pipeline::backends::loki::{self, loki_path, FoundLog};
use crate::pipeline::backends::victorialogs;
use crate::pipeline::compare::{compare_logs, Evidence};
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{check_of, http_failure, poll, Check, Look, Verdict};
use crate::signal::Signal;
use crate::stores::LogStore;

/// Reads a log store's answer into the lines it holds.
type ParseLines = fn(&str) -> Result<Vec<FoundLog>, String>;

/// The query path of the run's lines in `store`, and the parser of its answer.
pub fn query_of(store: LogStore, run: &SmokeRun) -> (String, ParseLines) {
    match store {
        LogStore::Loki => (loki_path(run), loki::parse_loki_streams),
        LogStore::VictoriaLogs => (victorialogs::query_path(run), victorialogs::parse_lines),
    }
}

pub async fn verify_logs(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let store = &plan.logs;
    let (path, parse) = query_of(plan.stores.logs, run);
    // Polling covers the store's flush delay (VictoriaLogs: up to about a second).
    let look = poll(deadline, plan.unreachable_grace, || async {
        let fetched = match store.get(&path).await {
            Ok(f) => f,
            Err(e) => return Look::unanswered(e.named(store.name)),
        };
        if fetched.status != 200 {
            return http_failure(store, fetched.status, &fetched.body);
        }
        let verdict = match parse(&fetched.body) {
            Ok(logs) => compare_logs(run, &logs).map(|()| logs),
            Err(e) => Verdict::Fatal(e),
        };
        Look::new(verdict, Some(200))
    })
    .await;
    let mut check = check_of(
        &format!("{}.logs", store.name),
        Signal::Logs,
        &look,
        |logs| format!("{} lines with the run's trace_id, span ids and severity", logs.len()),
        (store, &path),
    );
    let label = plan.stores.logs.label();
    let unreachable = look.unreachable().map(|why| (label, why.to_owned())).into_iter().collect();
    let log_trace_ids = match look.verdict {
        Verdict::Found(logs) => {
            check.visible_after = Some(exported_at.elapsed());
            logs.into_iter().filter_map(|l| l.trace_id).collect()
        }
        _ => Vec::new(),
    };
    (vec![check], Evidence { unreachable, log_trace_ids, ..Default::default() })
}
