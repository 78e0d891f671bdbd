//! Finding the run's counter and histogram in VictoriaMetrics under either name its OTLP ingest
//! gives them, asking past its latency offset; it keeps no exemplars, which is said, not advised.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::Plan;
use crate::naming::{label_name, TranslationStrategy};
use crate::pipeline::backends::prometheus::{self, Sample};
use crate::pipeline::backends::victoriametrics::{self as vm, Naming, LATENCY_OFFSET_FLAG, PROMETHEUS_NAMING_FLAG};
use crate::pipeline::backends::Backend;
use crate::pipeline::compare::Evidence;
use crate::pipeline::synthetic::{SmokeRun, COUNTER, HISTOGRAM, RUN_ATTRIBUTE};
use crate::pipeline::verdict::{check_of, http_failure, poll, Check, Look, Outcome, Verdict};
use crate::signal::Signal;

/// `-opentelemetry.usePrometheusNaming` names as the collector's prometheus exporter does.
const PROMETHEUS_NAMES: TranslationStrategy = TranslationStrategy::UnderscoreEscapingWithSuffixes;

/// The MetricsQL of the counter and histogram checks (also shown by `--explain`): each metric
/// under its OpenTelemetry name as it is, and under its Prometheus name with and without the
/// metric namespace (a remote-write exporter in between writes the namespace; OTLP ingest does not).
/// `poll`: the number of the poll asking, see `vm::POLL_LABEL`.
pub fn run_queries(plan: &Plan, run: &SmokeRun, poll: Option<u64>) -> [String; 2] {
    let ns = plan.namespace.as_deref();
    let (as_is, prom) = (RUN_ATTRIBUTE.to_owned(), label_name(RUN_ATTRIBUTE));
    let candidates = |otel: String, prometheus: &dyn Fn(Option<&str>) -> String| {
        let mut c = vec![(otel, as_is.clone()), (prometheus(None), prom.clone())];
        if ns.is_some() {
            c.push((prometheus(ns), prom.clone()));
        }
        vm::any_of(&c, &run.run_id, poll)
    };
    [
        candidates(COUNTER.to_owned(), &|ns| run.counter_name(PROMETHEUS_NAMES, ns)),
        candidates(format!("{HISTOGRAM}_count"), &|ns| format!("{}_count", run.histogram_name(PROMETHEUS_NAMES, ns))),
    ]
}

async fn instant_query(store: &Backend, path: &str) -> Look<Vec<Sample>> {
    let fetched = match store.get(path).await {
        Ok(f) => f,
        Err(e) => return Look::unanswered(e.named(store.name)),
    };
    // A query VictoriaMetrics cannot parse comes back 422 with the Prometheus error envelope.
    if fetched.status != 200 && fetched.status != 400 && fetched.status != 422 {
        return http_failure(store, fetched.status, &fetched.body);
    }
    let verdict = match prometheus::parse_prometheus_vector(&fetched.body) {
        Ok(v) if v.is_empty() => Verdict::NotYet("no series of the run yet".into()),
        Ok(v) => Verdict::Found(v),
        Err(e) => Verdict::Fatal(e.replacen("Prometheus", "VictoriaMetrics", 1)),
    };
    Look::new(verdict, Some(fetched.status))
}

/// What a found series says: its name, value and the naming it shows.
fn describe(samples: &[Sample]) -> (String, Naming) {
    let (labels, value) = &samples[0];
    let name = labels.get("__name__").map_or("?", String::as_str);
    let naming = Naming::of(name);
    (format!("{name} = {value}: {}", naming.describe()), naming)
}

pub async fn verify_metrics(
    plan: &Plan,
    run: &SmokeRun,
    exported_at: Instant,
    deadline: Instant,
) -> (Vec<Check>, Evidence) {
    let store = &plan.metrics;
    let query_check = |what: &'static str, which: usize| async move {
        let name = format!("{}.{what}", store.name);
        let polls = AtomicU64::new(0);
        let last_path = Mutex::new(String::new());
        let look = poll(deadline, plan.unreachable_grace, || async {
            let n = polls.fetch_add(1, Ordering::Relaxed);
            let path = vm::query_path(&run_queries(plan, run, Some(n))[which]);
            if let Ok(mut last) = last_path.lock() {
                last.clone_from(&path);
            }
            instant_query(store, &path).await
        })
        .await;
        let path = last_path.lock().map(|p| p.clone()).unwrap_or_default();
        let mut check = check_of(&name, Signal::Metrics, &look, |s| describe(s).0, (store, &path));
        match &look.verdict {
            Verdict::Found(samples) => {
                check.visible_after = Some(exported_at.elapsed());
                if describe(samples).1 == Naming::AsIs {
                    check.fix = Some(format!(
                        "the dashboards and alerts otelkit generates query Prometheus names: run VictoriaMetrics with {PROMETHEUS_NAMING_FLAG}"
                    ));
                }
            }
            Verdict::NotYet(why) if look.status == Some(200) => {
                check.detail = format!(
                    "{why} after {:.0} s: VictoriaMetrics makes a new series searchable seconds after ingest, and hides samples newer than {LATENCY_OFFSET_FLAG} (30s by default) from a query without latency_offset (otelkit sends latency_offset=1ms; a proxy in between may drop it): raise --timeout",
                    exported_at.elapsed().as_secs_f64()
                );
            }
            _ => {}
        }
        check
    };
    let (counter_check, histogram_check) = futures::join!(query_check("counter", 0), query_check("histogram", 1));
    let exemplar = format!("{}.exemplar", store.name);
    let exemplar_check = if histogram_check.outcome == Outcome::Pass {
        Check::new(
            &exemplar,
            Signal::Metrics,
            Outcome::Warn,
            "VictoriaMetrics stores no exemplars: its metrics cannot lead to the run's trace (/api/v1/query_exemplars always answers empty)",
        )
    } else {
        Check::new(&exemplar, Signal::Metrics, Outcome::Skip, "histogram not found")
    };
    // No exemplar can link these metrics to the trace, reachable or not: the correlation check
    // says so as for a Prometheus without exemplar storage.
    (vec![counter_check, histogram_check, exemplar_check], Evidence::default())
}
