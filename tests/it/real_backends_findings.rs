//! What running against real Tempo 3.1, Loki 3.8, Prometheus 2.42 and Collector v0.156 showed
//! (issue 9, section 3 and 4): each finding reproduced against the fake pipeline or a real
//! Prometheus, so it cannot come back.

use std::time::Duration;

use serde_json::Value;

use crate::fake_pipeline::{Corrupt, FakePipeline, Knobs};
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

fn smoke_json(fake: &FakePipeline, envs: &[(&str, &str)], args: &[&str]) -> (Option<i32>, Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .envs(envs.iter().copied())
        .args(["--format", "json", "smoke-test", "--tempo-url", &fake.http])
        .args(args)
        .output()
        .unwrap();
    assert!(!stderr_of(&out).contains("panicked"), "{}", stderr_of(&out));
    let report = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    (out.status.code(), report)
}

fn check<'a>(report: &'a Value, name: &str) -> (&'a str, &'a str) {
    let c = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {report:#}"));
    (c["outcome"].as_str().unwrap(), c["detail"].as_str().unwrap())
}

/// Real Loki 3.8 answers 422 to the empty OTLP request doctor probes with: the endpoint is there.
#[test]
fn doctor_takes_lokis_422_to_an_empty_export_as_a_served_endpoint() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["--format", "json", "doctor", "--no-emit", "--otlp-endpoint", &fake.http])
        .args(["--otlp-grpc-endpoint", &fake.grpc, "--tempo-url", &fake.http, "--loki-url", &fake.http])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let c = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "loki.otlp").unwrap();
    assert_eq!(c["outcome"], "pass", "{c}");
    assert!(c["detail"].as_str().unwrap().contains("/otlp/v1/logs"), "{c}");
}

/// The rule behind it: which answers mean "the OTLP endpoint is served".
#[test]
fn loki_otlp_answers_are_classified_by_status() {
    use otelkit::pipeline::probes::loki_otlp_served;
    for status in [200, 204, 400, 415, 422] {
        assert_eq!(loki_otlp_served(status), Some(true), "{status}");
    }
    for status in [404, 405] {
        assert_eq!(loki_otlp_served(status), Some(false), "{status}");
    }
    for status in [401, 403, 500, 502] {
        assert_eq!(loki_otlp_served(status), None, "{status}: not an answer about the endpoint");
    }
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn doctor_names_the_metric_namespace_fix() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(true);
    prom.wait_for_data("count(up{job=~\"otel-collector.*\"} == 1) == 2", Duration::from_secs(20));
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["--format", "json", "doctor", "--otlp-endpoint", &fake.http, "--otlp-grpc-endpoint", &fake.grpc])
        .args(["--health-url", &format!("{}/", fake.http), "--telemetry-url", &format!("{}/self/metrics", fake.http)])
        .args(["--tempo-url", &fake.http, "--loki-url", &fake.http, "--prometheus-url", &prom.url])
        .args(["--timeout", "20"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    let (o, d) = check(&report, "hop.metrics");
    assert_eq!(o, "fail");
    assert!(d.contains("exists as agentstack_otelkit_smoke_requests_total") && d.contains("--metric-namespace"), "{d}");
}

/// The series is there under the namespaced name: no reason to wait out --timeout.
#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn smoke_test_fails_at_once_when_the_run_exists_under_another_name() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(true);
    let (code, report) = smoke_json(
        &fake,
        &[],
        &["--otlp-endpoint", &fake.http, "--prometheus-url", &prom.url, "--signals", "metrics", "--timeout", "120"],
    );
    assert_eq!(code, Some(1), "{report:#}");
    let (o, d) = check(&report, "prometheus.counter");
    assert_eq!(o, "fail");
    assert!(d.contains("exists as agentstack_otelkit_smoke_requests_total") && d.contains("--metric-namespace"), "{d}");
    // Not a speed measurement: it must not have waited for the 120 s deadline.
    assert!(report["seconds"].as_f64().unwrap() < 60.0, "{report:#}");
}

#[test]
fn correlation_with_loki_unreachable_says_the_link_was_not_checked() {
    let fake = FakePipeline::start(None, Knobs::default());
    let closed = format!("http://127.0.0.1:{}", free_port());
    let (code, report) = smoke_json(
        &fake,
        &[],
        &["--otlp-endpoint", &fake.http, "--loki-url", &closed, "--signals", "traces,logs", "--timeout", "2"],
    );
    assert_eq!(code, Some(1));
    let (_, d) = check(&report, "correlation");
    assert!(!d.contains("no log line in Loki carries"), "{d}");
    assert!(d.contains("could not be checked") && d.contains("Loki") && d.contains("connection refused"), "{d}");
}

#[test]
fn an_html_page_answering_an_export_is_not_accepted() {
    let fake = FakePipeline::start(
        None,
        Knobs {
            export_page: Some(("text/html; charset=utf-8", "<html><body><form>Sign in</form></body></html>")),
            ..Default::default()
        },
    );
    let (code, report) =
        smoke_json(&fake, &[], &["--otlp-endpoint", &fake.http, "--loki-url", &fake.http, "--signals", "traces"]);
    assert_eq!(code, Some(1), "{report:#}");
    let (o, d) = check(&report, "export.traces");
    assert_eq!(o, "fail");
    assert!(d.contains("text/html") && d.contains("not an OTLP response"), "{d}");
    assert_eq!(check(&report, "tempo.trace").0, "skip");
}

#[test]
fn http_sent_to_the_grpc_port_and_the_reverse_name_the_fix() {
    let fake = FakePipeline::start(None, Knobs::default());
    let (code, report) =
        smoke_json(&fake, &[], &["--otlp-endpoint", &fake.grpc, "--loki-url", &fake.http, "--signals", "traces"]);
    assert_eq!(code, Some(1));
    let (_, d) = check(&report, "export.traces");
    assert!(d.contains("speaks OTLP/gRPC") && d.contains("--protocol grpc"), "{d}");

    let (code, report) = smoke_json(
        &fake,
        &[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")],
        &["--otlp-endpoint", &fake.http, "--loki-url", &fake.http, "--signals", "traces"],
    );
    assert_eq!(code, Some(1));
    let (_, d) = check(&report, "export.traces");
    assert!(d.contains("speaks OTLP/HTTP") && d.contains("--protocol http/protobuf"), "{d}");
}

/// The backends hand back the run's data, wrong in one way each: every check names what is wrong.
#[test]
fn wrong_data_from_the_backends_is_caught_and_named() {
    for (corrupt, name, expect) in [
        (Corrupt::SpanParent, "tempo.trace", "has parent"),
        (Corrupt::SpanMissing, "tempo.trace", "spans missing: render response"),
        (Corrupt::LogSeverity, "loki.logs", "has severity Some(\"INFO\"), expected ERROR"),
        (Corrupt::LogTrace, "loki.logs", "has trace_id"),
    ] {
        let fake = FakePipeline::start(None, Knobs { corrupt: Some(corrupt), ..Default::default() });
        let (code, report) = smoke_json(
            &fake,
            &[],
            &["--otlp-endpoint", &fake.http, "--loki-url", &fake.http, "--signals", "traces,logs", "--timeout", "2"],
        );
        assert_eq!(code, Some(1), "{corrupt:?}: {report:#}");
        let (o, d) = check(&report, name);
        assert_eq!(o, "fail", "{corrupt:?}: {d}");
        assert!(d.contains(expect), "{corrupt:?}: expected {expect:?} in {d}");
        assert_eq!(check(&report, "correlation").0, "fail", "{corrupt:?}");
    }
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn an_exemplar_naming_another_span_is_caught() {
    let fake =
        FakePipeline::start(Some("agentstack"), Knobs { corrupt: Some(Corrupt::ExemplarSpan), ..Default::default() });
    let prom = fake.real_prometheus(true);
    let (code, report) = smoke_json(
        &fake,
        &[],
        &[
            "--otlp-endpoint",
            &fake.http,
            "--loki-url",
            &fake.http,
            "--prometheus-url",
            &prom.url,
            "--metric-namespace",
            "agentstack",
            "--signals",
            "metrics",
            "--timeout",
            "30",
        ],
    );
    assert_eq!(code, Some(1), "{report:#}");
    let (o, d) = check(&report, "prometheus.exemplar");
    assert_eq!(o, "fail");
    assert!(d.contains("exemplar has span_id") && d.contains("expected"), "{d}");
}
