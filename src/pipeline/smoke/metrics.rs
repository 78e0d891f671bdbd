//! Finding the run's counter, histogram and exemplar in Prometheus, under whichever of Prometheus
//! 3's `otlp.translation_strategy` names (or the collector's exporters, which share them) they
//! arrived: the checks say which.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Plan;
use crate::naming::TranslationStrategy;
use crate::pipeline::backends::prometheus::{self, Sample};
use crate::pipeline::backends::{query_string, Backend};
use crate::pipeline::compare::{compare_exemplars, Evidence};
use crate::pipeline::synthetic::{self, SmokeRun};
use crate::pipeline::verdict::{check_of, http_failure, poll, Check, Look, Outcome, Verdict};
use crate::query;
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
    let names = run_names(plan, run);
    let names = &names;
    // The run's series under another name (a namespace mismatch) will not turn up under any
    // expected one: found once, both queries stop waiting and name the fix.
    let mismatch: Mutex<Option<String>> = Mutex::new(None);
    let mismatch = &mismatch;
    let query_check = |name: &'static str, metric: Metric, look_elsewhere: bool| async move {
        let groups = query_groups(names, metric);
        let promql = groups.join(" or ");
        let look = poll(deadline, plan.unreachable_grace, || async {
            if let Some(fix) = mismatch.lock().ok().and_then(|m| m.clone()) {
                return Look::new(Verdict::Fatal(format!("no series {promql}; {fix}")), Some(200));
            }
            let look = query_any(prom, &groups).await;
            match look.verdict {
                Verdict::NotYet(why) if look_elsewhere => match name_hint(prom, names).await {
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
        let found = match &look.verdict {
            Verdict::Found(samples) => strategy_of(names, samples, metric),
            _ => None,
        };
        let mut check = check_of(
            name,
            Signal::Metrics,
            &look,
            |samples| match found {
                Some(n) => format!(
                    "{} = {} (translation strategy {})",
                    query::series(&metric(n), &n.run_matcher),
                    samples[0].1,
                    n.strategy
                ),
                None => format!("{promql} = {}", samples[0].1),
            },
            (prom, &query_path(&promql)),
        );
        match look.verdict {
            Verdict::Found(_) => check.visible_after = Some(exported_at.elapsed()),
            _ => check.fix = mismatch.lock().ok().and_then(|m| m.clone()),
        }
        (check, look.unreachable().map(str::to_owned), found)
    };
    let ((counter_check, _, _), (histogram_check, histogram_unreached, histogram_names)) = futures::join!(
        query_check("prometheus.counter", |n| n.counter.clone(), true),
        query_check("prometheus.histogram", |n| format!("{}_count", n.histogram), false)
    );
    let mut evidence = Evidence::default();
    let exemplar_check = match histogram_names.filter(|_| histogram_check.outcome == Outcome::Pass) {
        Some(found) => {
            let (check, trace, unreached) = verify_exemplar(plan, run, found).await;
            evidence.exemplar_trace = trace;
            evidence.unreachable.extend(unreached.map(|why| ("Prometheus", why)));
            check
        }
        None => {
            evidence.unreachable.extend(histogram_unreached.map(|why| ("Prometheus", why)));
            Check::new("prometheus.exemplar", Signal::Metrics, Outcome::Skip, "histogram not found")
        }
    };
    (vec![counter_check, histogram_check, exemplar_check], evidence)
}

/// The run's names under one `otlp.translation_strategy`.
#[derive(Debug, Clone)]
pub(super) struct RunNames {
    strategy: TranslationStrategy,
    counter: String,
    /// The base name, without `_bucket`/`_count`.
    histogram: String,
    /// The run id's matcher, its label named as the strategy names it.
    run_matcher: String,
}

/// Which series of a strategy's names a query looks for.
type Metric = fn(&RunNames) -> String;

/// The run's names under every strategy, the legacy (escaping) ones first.
fn run_names(plan: &Plan, run: &SmokeRun) -> Vec<RunNames> {
    let ns = plan.namespace.as_deref();
    TranslationStrategy::ALL
        .into_iter()
        .map(|strategy| RunNames {
            strategy,
            counter: run.counter_name(strategy, ns),
            histogram: run.histogram_name(strategy, ns),
            run_matcher: query::matcher(&strategy.label_name(synthetic::RUN_ATTRIBUTE), &run.run_id),
        })
        .collect()
}

/// One query per group of selectors: those written in the legacy syntax, then those that need
/// Prometheus 3's quoted UTF-8 names, which an older server rejects as a syntax error.
fn query_groups(names: &[RunNames], metric: Metric) -> Vec<String> {
    let (legacy, utf8): (Vec<&RunNames>, Vec<&RunNames>) = names.iter().partition(|n| n.strategy.escapes());
    [legacy, utf8]
        .into_iter()
        .filter(|group| !group.is_empty())
        .map(|group| group.iter().map(|n| query::series(&metric(n), &n.run_matcher)).collect::<Vec<_>>().join(" or "))
        .collect()
}

/// The groups' queries in turn: the first that finds the run wins. A later group's error (the
/// UTF-8 syntax on an older Prometheus) leaves the first group's answer standing.
async fn query_any(prom: &Backend, groups: &[String]) -> Look<Vec<Sample>> {
    let mut first: Option<Look<Vec<Sample>>> = None;
    for promql in groups {
        let look = instant_query(prom, promql).await;
        if matches!(look.verdict, Verdict::Found(_)) {
            return look;
        }
        if first.is_none() {
            if !matches!(look.verdict, Verdict::NotYet(_)) {
                return look;
            }
            first = Some(look);
        }
    }
    first.unwrap_or_else(|| Look::new(Verdict::NotYet("no query".into()), None))
}

/// The strategy whose name a found series carries.
fn strategy_of<'a>(names: &'a [RunNames], samples: &[Sample], metric: Metric) -> Option<&'a RunNames> {
    samples
        .iter()
        .filter_map(|(labels, _)| labels.get("__name__"))
        .find_map(|found| names.iter().find(|n| &metric(n) == found))
}

/// The PromQL of the counter and histogram checks (also shown by `--explain`).
pub fn run_queries(plan: &Plan, run: &SmokeRun) -> Vec<String> {
    let names = run_names(plan, run);
    let counter: Metric = |n| n.counter.clone();
    let count: Metric = |n| format!("{}_count", n.histogram);
    [counter, count].into_iter().flat_map(|m| query_groups(&names, m)).collect()
}

/// When no expected name is there, look for the run's series under any name: a namespace
/// mismatch then names itself. An expected name is no hint: found there, the series has just
/// arrived and the next poll sees it.
async fn name_hint(prom: &Backend, names: &[RunNames]) -> Option<String> {
    let mut matchers: Vec<&str> = names.iter().map(|n| n.run_matcher.as_str()).collect();
    matchers.dedup();
    // `.` matches the `_` of an escaped name and the `.` of a UTF-8 one.
    let groups: Vec<String> =
        matchers.iter().map(|m| format!("{{__name__=~\".*otelkit.smoke.requests.*\", {m}}}")).collect();
    match query_any(prom, &groups).await.verdict {
        Verdict::Found(samples) => other_name(&samples, names).map(|n| {
            format!("the run's counter exists as {n}: pass --metric-namespace (or set collector.metric_namespace in otelkit.toml) to match")
        }),
        _ => None,
    }
}

/// The first series name in `samples` that no strategy expects.
fn other_name<'a>(samples: &'a [Sample], names: &[RunNames]) -> Option<&'a str> {
    samples
        .iter()
        .filter_map(|(labels, _)| labels.get("__name__"))
        .map(String::as_str)
        .find(|n| !names.iter().any(|e| e.counter == *n))
}

/// Exemplars come with the scrape that brought the sample, so a short extra wait is enough.
const EXEMPLAR_GRACE: Duration = Duration::from_secs(3);

/// The exemplar check, the trace its exemplar names, and why Prometheus was unreachable if it was.
async fn verify_exemplar(plan: &Plan, run: &SmokeRun, names: &RunNames) -> (Check, Option<String>, Option<String>) {
    let prom = &plan.metrics;
    let query = query::series(&format!("{}_bucket", names.histogram), &names.run_matcher);
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
    use crate::naming::InstrumentKind::Counter;

    fn named(name: &str) -> Sample {
        ([("__name__".to_owned(), name.to_owned())].into_iter().collect(), 1.0)
    }

    #[test]
    fn the_name_hint_never_names_a_name_that_was_queried() {
        let names: Vec<RunNames> = TranslationStrategy::ALL
            .into_iter()
            .map(|strategy| RunNames {
                strategy,
                counter: strategy.metric_name(synthetic::COUNTER, synthetic::COUNTER_UNIT, Counter, Some("agentstack")),
                histogram: String::new(),
                run_matcher: String::new(),
            })
            .collect();
        let expected = "agentstack_otelkit_smoke_requests_total";
        assert_eq!(other_name(&[named(expected), named("agentstack_otelkit.smoke.requests")], &names), None);
        let found = [named(expected), named("otelkit_smoke_requests_total")];
        assert_eq!(other_name(&found, &names), Some("otelkit_smoke_requests_total"));
    }

    #[test]
    fn every_strategy_is_asked_for_legacy_selectors_first() {
        let names: Vec<RunNames> = TranslationStrategy::ALL
            .into_iter()
            .map(|strategy| RunNames {
                strategy,
                counter: strategy.metric_name(synthetic::COUNTER, synthetic::COUNTER_UNIT, Counter, None),
                histogram: String::new(),
                run_matcher: query::matcher(&strategy.label_name(synthetic::RUN_ATTRIBUTE), "r1"),
            })
            .collect();
        assert_eq!(
            query_groups(&names, |n| n.counter.clone()),
            [
                r#"otelkit_smoke_requests_total{otelkit_run_id="r1"} or otelkit_smoke_requests{otelkit_run_id="r1"}"#,
                r#"{"otelkit.smoke.requests_total", "otelkit.run_id"="r1"} or {"otelkit.smoke.requests", "otelkit.run_id"="r1"}"#,
            ]
        );
        let found = [named("otelkit.smoke.requests")];
        let strategy = strategy_of(&names, &found, |n| n.counter.clone()).map(|n| n.strategy);
        assert_eq!(strategy, Some(TranslationStrategy::NoTranslation));
    }
}
