//! The canary's own metrics: a prometheus-client registry, what one run adds to it, and its
//! exposition as Prometheus text (0.0.4) or OpenMetrics.
//!
//! Labels are bounded: result (pass/fail), the smoke run's fixed check names, their outcome, the
//! three signal names and the version. No run id, trace id or detail ever becomes a label, so the
//! series set stops growing after the first runs.

use std::sync::atomic::AtomicU64;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};

use crate::pipeline::verdict::{self, Check, Outcome};
use crate::signal::Signal;

pub const PREFIX: &str = "otelkit_canary";

/// Export-to-visible seconds: a healthy pipeline shows data within a few seconds, a struggling
/// one within the smoke timeout (60 s by default).
const VISIBILITY_BUCKETS: [f64; 12] = [0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CheckLabels {
    check: String,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CheckLabel {
    check: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SignalLabel {
    signal: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VersionLabel {
    version: &'static str,
}

fn visibility_histogram() -> Histogram {
    Histogram::new(VISIBILITY_BUCKETS)
}

pub struct Metrics {
    registry: Registry,
    runs: Family<ResultLabel, Counter>,
    checks: Family<CheckLabels, Counter>,
    in_a_row: Family<CheckLabel, Gauge>,
    visibility: Family<SignalLabel, Histogram, fn() -> Histogram>,
    last_run: Gauge<f64, AtomicU64>,
    last_success: Gauge<f64, AtomicU64>,
    last_duration: Gauge<f64, AtomicU64>,
}

pub fn outcome_word(o: Outcome) -> &'static str {
    match o {
        Outcome::Pass => "pass",
        Outcome::Warn => "warn",
        Outcome::Fail => "fail",
        Outcome::Skip => "skip",
    }
}

/// A check name as a label value: the smoke run's names are fixed words; anything else (a future
/// check with an unexpected name) is folded into "other" so labels stay bounded.
fn check_label(name: &str) -> String {
    let ok = !name.is_empty()
        && name.len() <= 40
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_');
    if ok {
        name.to_owned()
    } else {
        "other".to_owned()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix(PREFIX);
        let runs = Family::<ResultLabel, Counter>::default();
        registry.register("runs", "Canary runs by result (pass: no check failed)", runs.clone());
        let checks = Family::<CheckLabels, Counter>::default();
        registry.register("checks", "Checks of the canary runs by check and result", checks.clone());
        let in_a_row = Family::<CheckLabel, Gauge>::default();
        registry.register(
            "check_consecutive_failures",
            "Runs in a row in which the check failed (0 once it does not)",
            in_a_row.clone(),
        );
        let visibility: Family<SignalLabel, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(visibility_histogram);
        registry.register_with_unit(
            "visibility",
            "Time from export until the signal was found in its backend",
            Unit::Seconds,
            visibility.clone(),
        );
        let last_run = Gauge::<f64, AtomicU64>::default();
        registry.register_with_unit(
            "last_run_timestamp",
            "Unix time the last run finished",
            Unit::Seconds,
            last_run.clone(),
        );
        let last_success = Gauge::<f64, AtomicU64>::default();
        registry.register_with_unit(
            "last_success_timestamp",
            "Unix time the last passing run finished",
            Unit::Seconds,
            last_success.clone(),
        );
        let last_duration = Gauge::<f64, AtomicU64>::default();
        registry.register_with_unit(
            "last_run_duration",
            "How long the last run took",
            Unit::Seconds,
            last_duration.clone(),
        );
        let build = Family::<VersionLabel, Gauge>::default();
        build.get_or_create(&VersionLabel { version: env!("CARGO_PKG_VERSION") }).set(1);
        registry.register("build_info", "The running otelkit's version (always 1)", build);
        // Both results exist from the start, so rate() and increase() see the first failure.
        for result in ["pass", "fail"] {
            let _ = runs.get_or_create(&ResultLabel { result });
        }
        Self { registry, runs, checks, in_a_row, visibility, last_run, last_success, last_duration }
    }

    /// Count one finished run.
    pub fn record(&self, checks: &[Check], took: Duration, finished: SystemTime) {
        let passed = verdict::passed(checks);
        self.runs.get_or_create(&ResultLabel { result: if passed { "pass" } else { "fail" } }).inc();
        let mut visible: [(&'static str, Option<Duration>); 3] = [("traces", None), ("metrics", None), ("logs", None)];
        for c in checks {
            let check = check_label(&c.name);
            let streak = self.in_a_row.get_or_create(&CheckLabel { check: check.clone() });
            if c.outcome == Outcome::Fail {
                streak.inc();
            } else {
                streak.set(0);
            }
            drop(streak);
            self.checks.get_or_create(&CheckLabels { check, result: outcome_word(c.outcome) }).inc();
            if let (Some(signal), Some(after)) = (c.signal.signal().map(Signal::name), c.visible_after) {
                // A signal is visible once all of its checks found it: the longest wait.
                if let Some(slot) = visible.iter_mut().find(|(s, _)| *s == signal) {
                    slot.1 = Some(slot.1.map_or(after, |d| d.max(after)));
                }
            }
        }
        for (signal, after) in visible {
            if let Some(after) = after {
                self.visibility.get_or_create(&SignalLabel { signal }).observe(after.as_secs_f64());
            }
        }
        let now = finished.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64();
        self.last_run.set(now);
        if passed {
            self.last_success.set(now);
        }
        self.last_duration.set(took.as_secs_f64());
    }

    /// A run abandoned because it outlived every timeout: a failed run without checks.
    pub fn record_abandoned(&self, took: Duration, finished: SystemTime) {
        self.runs.get_or_create(&ResultLabel { result: "fail" }).inc();
        self.last_run.set(finished.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs_f64());
        self.last_duration.set(took.as_secs_f64());
    }

    /// The exposition and its content type: OpenMetrics when `accept` asks for it, else the
    /// Prometheus text format.
    pub fn encode(&self, accept: &str) -> (&'static str, String) {
        let mut out = String::new();
        if accept.contains("application/openmetrics-text") {
            let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
            ("application/openmetrics-text; version=1.0.0; charset=utf-8", out)
        } else {
            let _ = prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry);
            (prometheus_client::encoding::prometheus_text::CONTENT_TYPE, out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::verdict::Scope;

    fn check(name: &str, signal: impl Into<Scope>, outcome: Outcome, after: Option<f64>) -> Check {
        let mut c = Check::new(name, signal, outcome, "detail with secret-ish text");
        c.visible_after = after.map(Duration::from_secs_f64);
        c
    }

    #[test]
    fn a_run_counts_its_checks_and_visibility() {
        let m = Metrics::new();
        let run = [
            check("export.traces", Signal::Traces, Outcome::Pass, None),
            check("tempo.trace", Signal::Traces, Outcome::Pass, Some(0.3)),
            check("loki.logs", Signal::Logs, Outcome::Fail, None),
            check("correlation", Scope::All, Outcome::Skip, None),
        ];
        m.record(&run, Duration::from_millis(1500), UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let (ct, text) = m.encode("text/plain");
        assert!(ct.starts_with("text/plain; version=0.0.4"));
        for line in [
            "otelkit_canary_runs_total{result=\"fail\"} 1",
            "otelkit_canary_runs_total{result=\"pass\"} 0",
            "otelkit_canary_checks_total{check=\"tempo.trace\",result=\"pass\"} 1",
            "otelkit_canary_checks_total{check=\"loki.logs\",result=\"fail\"} 1",
            "otelkit_canary_checks_total{check=\"correlation\",result=\"skip\"} 1",
            "otelkit_canary_visibility_seconds_bucket{signal=\"traces\",le=\"0.25\"} 0",
            "otelkit_canary_visibility_seconds_bucket{signal=\"traces\",le=\"0.5\"} 1",
            "otelkit_canary_visibility_seconds_count{signal=\"traces\"} 1",
            "otelkit_canary_check_consecutive_failures{check=\"loki.logs\"} 1",
            "otelkit_canary_check_consecutive_failures{check=\"tempo.trace\"} 0",
            "otelkit_canary_last_run_timestamp_seconds 1700000000.0",
            "otelkit_canary_last_success_timestamp_seconds 0.0",
            "otelkit_canary_last_run_duration_seconds 1.5",
            "otelkit_canary_build_info{version=\"",
        ] {
            assert!(text.contains(line), "{line} in\n{text}");
        }
        assert!(!text.contains("secret-ish"), "no detail in the exposition");
        m.record(&run, Duration::from_secs(1), UNIX_EPOCH + Duration::from_secs(1_700_000_060));
        let (_, text) = m.encode("*/*");
        assert!(text.contains("otelkit_canary_check_consecutive_failures{check=\"loki.logs\"} 2"), "{text}");
        assert!(!text.contains("signal=\"logs\""), "a failed signal has no visibility");
        let (ct, om) = m.encode("application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
        assert!(ct.starts_with("application/openmetrics-text"));
        assert!(om.ends_with("# EOF\n"), "{om}");
        assert!(om.contains("# TYPE otelkit_canary_runs counter"), "{om}");
    }

    #[test]
    fn labels_stay_bounded() {
        assert_eq!(check_label("prometheus.exemplar"), "prometheus.exemplar");
        assert_eq!(check_label("run 7f3a {x}"), "other");
    }
}
