//! Finding the run's counter, histogram and exemplar in Prometheus.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Plan;
use crate::pipeline::backends::prometheus::{self, Sample};
use crate::pipeline::backends::{query_string, Backend};
use crate::pipeline::compare::{compare_exemplars, Evidence};
use crate::pipeline::synthetic::{self, SmokeRun};
use crate::pipeline::verdict::{check_of, http_failure, poll, Check, Look, Outcome, Verdict};
use crate::signal::Signal;

fn query_path(promql: &str) -> String {
    format!("/api/v1/query?{}", query_string(&[("query", promql)]))
}

async fn instant_query(prom: &Backend, promql: &str) -> Look<Vec<Sample>> {
    let fetched = match prom.get(&query_path(promql)).await {
        Ok(f) => f,
        Err(e) => return Look::unanswered(e.named("prometheus")),
    };
    // Prometheus answers a bad query 400/422 with a JSON error the parser reads.
    if fetched.status != 200 && fetched.status != 400 && fetched.status != 422 {
        return http_failure(prom, fetched.status, &fetched.body);
    }
    let verdict = match prometheus::parse_prometheus_vector(&fetched.body) {
        Ok(v) if v.is_empty() => Verdict::NotYet(format!("no series {promql} yet")),
        Ok(v) => Verdict::Found(v),
        Err(e) => Verdict::Fatal(e),
    };
    Look::new(verdict, Some(fetched.status))
}

pub async fn verify_metrics(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let prom = &plan.metrics;
    let [counter, histogram] = run_queries(plan, run);
    let expected_counter = run.counter_name(plan.namespace.as_deref());
    let expected_counter = &expected_counter;
    let run_matcher = run_matcher(run);
    // The run's series under another name (a namespace or translation mismatch) will not turn
    // up under the expected one: found once, both queries stop waiting and name the fix.
    let mismatch: Mutex<Option<String>> = Mutex::new(None);
    let mismatch = &mismatch;
    let run_matcher = &run_matcher;
    let query_check = |name: &'static str, promql: String, look_elsewhere: bool| async move {
        let look = poll(deadline, plan.unreachable_grace, || async {
            if let Some(fix) = mismatch.lock().ok().and_then(|m| m.clone()) {
                return Look::new(Verdict::Fatal(format!("no series {promql}; {fix}")), Some(200));
            }
            let look = instant_query(prom, &promql).await;
            match look.verdict {
                Verdict::NotYet(why) if look_elsewhere => match name_hint(prom, run_matcher, expected_counter).await {
                    Some(fix) => {
                        if let Ok(mut m) = mismatch.lock() {
                            *m = Some(fix.clone());
                        }
                        Look::new(Verdict::Fatal(format!("{why}; {fix}")), look.status)
                    }
                    None => Look { verdict: Verdict::NotYet(why), ..look },
                },
                verdict => Look { verdict, ..look },
            }
        })
        .await;
        let mut check = check_of(
            name,
            Signal::Metrics,
            &look,
            |samples| format!("{promql} = {}", samples[0].1),
            (prom, &query_path(&promql)),
        );
        match look.verdict {
            Verdict::Found(_) => check.visible_after = Some(exported_at.elapsed()),
            _ => check.fix = mismatch.lock().ok().and_then(|m| m.clone()),
        }
        (check, look.unreachable().map(str::to_owned))
    };
    let ((counter_check, _), (histogram_check, histogram_unreached)) = futures::join!(
        query_check("prometheus.counter", counter, true),
        query_check("prometheus.histogram", histogram, false)
    );
    let mut evidence = Evidence::default();
    let exemplar_check = if histogram_check.outcome == Outcome::Pass {
        let (check, trace, unreached) = verify_exemplar(plan, run, run_matcher).await;
        evidence.exemplar_trace = trace;
        evidence.unreachable.extend(unreached.map(|why| ("Prometheus", why)));
        check
    } else {
        evidence.unreachable.extend(histogram_unreached.map(|why| ("Prometheus", why)));
        Check::new("prometheus.exemplar", Signal::Metrics, Outcome::Skip, "histogram not found")
    };
    (vec![counter_check, histogram_check, exemplar_check], evidence)
}

/// The run's label matcher: its run id, quoted, under the run attribute's label name.
fn run_matcher(run: &SmokeRun) -> String {
    crate::query::matcher(&crate::naming::label_name(synthetic::RUN_ATTRIBUTE), &run.run_id)
}

/// The PromQL of the counter and histogram checks (also shown by `--explain`).
pub fn run_queries(plan: &Plan, run: &SmokeRun) -> [String; 2] {
    let ns = plan.namespace.as_deref();
    let run_matcher = run_matcher(run);
    [format!("{}{{{run_matcher}}}", run.counter_name(ns)), format!("{}_count{{{run_matcher}}}", run.histogram_name(ns))]
}

/// When the expected name is absent, look for the run's series under any name: a namespace or
/// translation mismatch then names itself. The expected name itself is no hint: found there, the
/// series has just arrived and the next poll sees it.
async fn name_hint(prom: &Backend, run_matcher: &str, expected: &str) -> Option<String> {
    let any = format!("{{__name__=~\".*otelkit_smoke_requests.*\",{run_matcher}}}");
    match instant_query(prom, &any).await.verdict {
        Verdict::Found(samples) => other_name(&samples, expected).map(|n| {
            format!("the run's counter exists as {n}: pass --metric-namespace (or set collector.metric_namespace in otelkit.toml) to match")
        }),
        _ => None,
    }
}

/// The first series name in `samples` that is not `expected`.
fn other_name<'a>(samples: &'a [Sample], expected: &str) -> Option<&'a str> {
    samples.iter().filter_map(|(labels, _)| labels.get("__name__")).map(String::as_str).find(|n| *n != expected)
}

/// Exemplars come with the scrape that brought the sample, so a short extra wait is enough.
const EXEMPLAR_GRACE: Duration = Duration::from_secs(3);

/// The exemplar check, the trace its exemplar names, and why Prometheus was unreachable if it was.
async fn verify_exemplar(plan: &Plan, run: &SmokeRun, run_matcher: &str) -> (Check, Option<String>, Option<String>) {
    let prom = &plan.metrics;
    let query = format!("{}_bucket{{{run_matcher}}}", run.histogram_name(plan.namespace.as_deref()));
    let start = (run.start_unix_nano / 1_000_000_000).saturating_sub(300).to_string();
    let end = (synthetic::now_nanos() / 1_000_000_000 + 300).to_string();
    let path =
        format!("/api/v1/query_exemplars?{}", query_string(&[("query", &query), ("start", &start), ("end", &end)]));
    let started = Instant::now();
    let look = poll(Instant::now() + EXEMPLAR_GRACE, plan.unreachable_grace, || async {
        let fetched = match prom.get(&path).await {
            Ok(f) => f,
            Err(e) => return Look::unanswered(e.named("prometheus")),
        };
        if fetched.status != 200 {
            return http_failure(prom, fetched.status, &fetched.body);
        }
        let verdict = match prometheus::parse_prometheus_exemplars(&fetched.body) {
            Ok(found) => compare_exemplars(run, &found),
            Err(e) => Verdict::Fatal(e),
        };
        Look::new(verdict, Some(200))
    })
    .await;
    let mut check = check_of(
        "prometheus.exemplar",
        Signal::Metrics,
        &look,
        |(trace, span)| format!("exemplar trace_id {trace} span_id {span}"),
        (prom, &path),
    );
    match &look.verdict {
        Verdict::Found(_) => check.visible_after = Some(started.elapsed()),
        // Still none after the grace period: exemplars are not stored or not exposed.
        Verdict::NotYet(_) if look.status == Some(200) => {
            check.outcome = Outcome::Warn;
            check.detail = "the histogram has no exemplar with the run's trace_id: run Prometheus with --enable-feature=exemplar-storage and set enable_open_metrics: true on the collector's prometheus exporter".into();
        }
        _ => {}
    }
    let unreached = look.unreachable().map(str::to_owned);
    let trace = match look.verdict {
        Verdict::Found((trace, _)) => Some(trace),
        _ => None,
    };
    (check, trace, unreached)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Sample {
        ([("__name__".to_owned(), name.to_owned())].into_iter().collect(), 1.0)
    }

    #[test]
    fn the_name_hint_never_names_the_name_that_was_queried() {
        let expected = "agentstack_otelkit_smoke_requests_total";
        assert_eq!(other_name(&[named(expected)], expected), None);
        let found = [named(expected), named("otelkit_smoke_requests_total")];
        assert_eq!(other_name(&found, expected), Some("otelkit_smoke_requests_total"));
    }
}
