//! Values from the command line placed into PromQL, LogQL and TraceQL cannot change the query.

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::real_prometheus::RealPrometheus;
use crate::support::{otelkit, stderr_of, stdout_of};

const INJECTION: &str = r#"x"} or vector(1) #"#;

/// The real PromQL parser reads a quoted hostile value as a plain label value: the query finds
/// nothing, where pasting the same value unquoted would have made it return a sample.
#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn a_quoted_value_cannot_add_promql() {
    let prom = RealPrometheus::start("global:\n  scrape_interval: 1h\n", None);
    let pasted = format!("up{{job=\"{INJECTION}\"}}");
    let pasted = prom.query(&pasted);
    assert_eq!(pasted["data"]["result"][0]["value"][1], "1", "the unquoted value injects: {pasted}");

    let quoted = prom.query(&otelkit::query::selector("up", "job", INJECTION));
    assert_eq!(quoted["status"], "success", "{quoted}");
    assert_eq!(quoted["data"]["result"], serde_json::json!([]), "{quoted}");
}

/// A run id is a label value in every backend: one that is not plain is refused before anything
/// is sent, as a usage error naming the flag.
#[test]
fn a_hostile_run_id_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        vec!["smoke-test", "--otlp-endpoint", "http://127.0.0.1:9", "--run-id", INJECTION],
        vec!["load", "--otlp-endpoint", "http://127.0.0.1:9", "--run-id", INJECTION, "--duration", "1s"],
    ] {
        let out = otelkit(dir.path()).args(&command).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{command:?}: {err}");
        assert!(err.contains("--run-id may hold letters, digits"), "{command:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// A service name with quotes and a backslash is found in Loki: the LogQL selector carries it
/// quoted, and the (recorded-shape) Loki reads it back with Go's string rules as the real one does.
#[test]
fn a_service_name_with_quotes_is_matched_exactly_in_logql() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let name = r#"billing's "api" \ v2"#;
    let out = otelkit(dir.path())
        .args(["--format", "json", "smoke-test", "--signals", "logs", "--timeout", "10"])
        .args(["--otlp-endpoint", &fake.http, "--loki-url", &fake.http, "--service-name", name])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("a JSON report");
    assert_eq!(out.status.code(), Some(0), "{report:#}\n{}", stderr_of(&out));
}
