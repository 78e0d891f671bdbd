//! Finding the run's counter, histogram and exemplar in Prometheus.

use std::time::{Duration, Instant};

use super::Plan;
use crate::pipeline::backends::{prometheus, query_string, Backend};
use crate::pipeline::compare::Evidence;
use crate::pipeline::synthetic::{self, SmokeRun};
use crate::pipeline::verdict::{http_failure, poll, unreachable, Attempt, Check, Outcome};

async fn instant_query(
    prom: &Backend,
    promql: &str,
) -> Attempt<Vec<(std::collections::BTreeMap<String, String>, f64)>> {
    let path = format!("/api/v1/query?{}", query_string(&[("query", promql)]));
    let fetched = match prom.get(&path).await {
        Ok(f) => f,
        Err(e) => return Attempt::NotYet(format!("prometheus: {e}"), None),
    };
    if fetched.status != 200 && fetched.status != 400 && fetched.status != 422 {
        return http_failure(prom, fetched.status, &fetched.body);
    }
    match prometheus::parse_prometheus_vector(&fetched.body) {
        Ok(v) if v.is_empty() => Attempt::NotYet(format!("no series {promql} yet"), Some(fetched.status)),
        Ok(v) => Attempt::Found(v),
        Err(e) => Attempt::Fatal(e, Some(fetched.status)),
    }
}

pub async fn verify_metrics(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let prom = &plan.prometheus;
    let ns = plan.namespace.as_deref();
    let selector = format!("{{{}=\"{}\"}}", crate::naming::label_name(synthetic::RUN_ATTRIBUTE), run.run_id);
    let counter = format!("{}{selector}", run.counter_name(ns));
    let histogram = format!("{}_count{selector}", run.histogram_name(ns));
    // The run's series under another name (a namespace or translation mismatch) will not turn
    // up under the expected one: found once, both queries stop waiting and name the fix.
    let mismatch: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
    let mismatch = &mismatch;
    let query_check = |name: &'static str, promql: String, look_elsewhere: bool| {
        let promql_for_check = promql.clone();
        let selector = &selector;
        async move {
            let (result, status) = poll(deadline, || async {
                if let Some(fix) = mismatch.lock().ok().and_then(|m| m.clone()) {
                    return Attempt::Fatal(format!("no series {promql}; {fix}"), Some(200));
                }
                match instant_query(prom, &promql).await {
                    Attempt::NotYet(why, status) if look_elsewhere => match name_hint(prom, selector).await {
                        Some(fix) => {
                            if let Ok(mut m) = mismatch.lock() {
                                *m = Some(fix.clone());
                            }
                            Attempt::Fatal(format!("{why}; {fix}"), status)
                        }
                        None => Attempt::NotYet(why, status),
                    },
                    other => other,
                }
            })
            .await;
            let path = format!("/api/v1/query?{}", query_string(&[("query", &promql_for_check)]));
            let mut check = match result {
                Ok(samples) => {
                    let mut c =
                        Check::new(name, "metrics", Outcome::Pass, format!("{} = {}", promql_for_check, samples[0].1));
                    c.visible_after = Some(exported_at.elapsed());
                    c
                }
                Err(why) => Check::new(name, "metrics", Outcome::Fail, why),
            };
            if check.outcome == Outcome::Fail {
                check.fix = mismatch.lock().ok().and_then(|m| m.clone());
            }
            check.last_query = Some(prom.url(&path));
            check.last_status = status;
            check.curl = Some(prom.curl(&path));
            check
        }
    };
    let (counter_check, histogram_check) = futures::join!(
        query_check("prometheus.counter", counter.clone(), true),
        query_check("prometheus.histogram", histogram, false)
    );
    let mut checks = vec![counter_check, histogram_check];
    let mut evidence = Evidence::default();
    if checks[1].outcome == Outcome::Pass {
        let (check, trace, unreachable) = verify_exemplar(plan, run, &selector).await;
        evidence.exemplar_trace = trace;
        evidence.unreachable = unreachable;
        checks.push(check);
    } else {
        let histogram = &checks[1];
        if histogram.last_status.is_none_or(|s| s >= 500) {
            evidence.unreachable.push(("Prometheus", histogram.detail.clone()));
        }
        checks.push(Check::new("prometheus.exemplar", "metrics", Outcome::Skip, "histogram not found"));
    }
    (checks, evidence)
}

/// When the expected name is absent, look for the run's series under any name: a namespace or
/// translation mismatch then names itself.
async fn name_hint(prom: &Backend, selector: &str) -> Option<String> {
    let any = format!("{{__name__=~\".*otelkit_smoke_requests.*\",{}", &selector[1..]);
    match instant_query(prom, &any).await {
        Attempt::Found(v) => v[0].0.get("__name__").map(|n| {
            format!("the run's counter exists as {n}: pass --metric-namespace (or set collector.metric_namespace in otelkit.toml) to match")
        }),
        _ => None,
    }
}

/// Exemplars come with the scrape that brought the sample, so a short extra wait is enough.
const EXEMPLAR_GRACE: Duration = Duration::from_secs(3);

pub async fn verify_exemplar(
    plan: &Plan,
    run: &SmokeRun,
    selector: &str,
) -> (Check, Option<String>, Vec<(&'static str, String)>) {
    let prom = &plan.prometheus;
    let query = format!("{}_bucket{selector}", run.histogram_name(plan.namespace.as_deref()));
    let start = (run.start_unix_nano / 1_000_000_000).saturating_sub(300).to_string();
    let end = (synthetic::now_nanos() / 1_000_000_000 + 300).to_string();
    let path =
        format!("/api/v1/query_exemplars?{}", query_string(&[("query", &query), ("start", &start), ("end", &end)]));
    let started = Instant::now();
    let (result, status) = poll(Instant::now() + EXEMPLAR_GRACE, || async {
        let fetched = match prom.get(&path).await {
            Ok(f) => f,
            Err(e) => return Attempt::NotYet(format!("prometheus: {e}"), None),
        };
        if fetched.status != 200 {
            return http_failure(prom, fetched.status, &fetched.body);
        }
        match prometheus::parse_prometheus_exemplars(&fetched.body) {
            Ok(ex) => match ex.into_iter().find(|(t, _)| t == &run.trace_id) {
                Some((trace, span)) => Attempt::Found((trace, span)),
                None => Attempt::NotYet("no exemplar".into(), Some(200)),
            },
            Err(e) => Attempt::Fatal(e, Some(200)),
        }
    })
    .await;
    let mut check = match &result {
        Ok((_, span)) if span == &run.exemplar_span_id => {
            let mut c = Check::new("prometheus.exemplar", "metrics", Outcome::Pass, format!("exemplar trace_id {} span_id {span}", run.trace_id));
            c.visible_after = Some(started.elapsed());
            c
        }
        Ok((_, span)) => Check::new("prometheus.exemplar", "metrics", Outcome::Fail, format!("exemplar has span_id {span}, expected {}", run.exemplar_span_id)),
        Err(why) if why == "no exemplar" => Check::new(
            "prometheus.exemplar",
            "metrics",
            Outcome::Warn,
            "the histogram has no exemplar with the run's trace_id: run Prometheus with --enable-feature=exemplar-storage and set enable_open_metrics: true on the collector's prometheus exporter",
        ),
        Err(why) => Check::new("prometheus.exemplar", "metrics", Outcome::Fail, why.clone()),
    };
    check.last_query = Some(prom.url(&path));
    check.last_status = status;
    check.curl = Some(prom.curl(&path));
    let unreachable = unreachable("Prometheus", &result, status);
    (check, result.ok().map(|(t, _)| t), unreachable)
}
