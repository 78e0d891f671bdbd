//! Finding the run's log lines in Loki.

use std::time::Instant;

use super::Plan;
use crate::pipeline::backends::loki::{self, loki_path};
use crate::pipeline::compare::{compare_logs, Evidence};
use crate::pipeline::synthetic::SmokeRun;
use crate::pipeline::verdict::{http_failure, poll, unreachable, Attempt, Check, Outcome};

pub async fn verify_logs(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let loki = &plan.loki;
    let path = loki_path(run);
    let (result, status) = poll(deadline, || async {
        let fetched = match loki.get(&path).await {
            Ok(f) => f,
            Err(e) => return Attempt::NotYet(format!("loki: {e}"), None),
        };
        if fetched.status != 200 {
            return http_failure(loki, fetched.status, &fetched.body);
        }
        match loki::parse_loki_streams(&fetched.body) {
            Ok(logs) => match compare_logs(run, &logs) {
                Ok(()) => Attempt::Found(logs),
                Err((true, why)) => Attempt::Fatal(why, Some(200)),
                Err((false, why)) => Attempt::NotYet(why, Some(200)),
            },
            Err(e) => Attempt::Fatal(e, Some(200)),
        }
    })
    .await;
    let mut check = match &result {
        Ok(logs) => {
            let mut c = Check::new(
                "loki.logs",
                "logs",
                Outcome::Pass,
                format!("{} lines with the run's trace_id, span ids and severity", logs.len()),
            );
            c.visible_after = Some(exported_at.elapsed());
            c
        }
        Err(why) => Check::new("loki.logs", "logs", Outcome::Fail, why.clone()),
    };
    check.last_query = Some(loki.url(&path));
    check.last_status = status;
    check.curl = Some(loki.curl(&path));
    let evidence = Evidence {
        unreachable: unreachable("Loki", &result, status),
        log_trace_ids: result.map(|logs| logs.into_iter().filter_map(|l| l.trace_id).collect()).unwrap_or_default(),
        ..Default::default()
    };
    (vec![check], evidence)
}
