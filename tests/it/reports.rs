//! Reports CI tools can track: JUnit names stable from run to run, the `--format json` report
//! true to the JSON Schema kept in the repository.

use std::path::Path;

use serde_json::Value;

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::{otelkit, stdout_of};

const SCHEMA_FILE: &str = "docs/report.schema.json";

/// (element, name, classname) of every `<testsuites>`, `<testsuite>` and `<testcase>`.
fn names(xml: &str) -> Vec<(String, String, String)> {
    let attr = |tag: &str, key: &str| {
        tag.split(&format!(" {key}=\"")).nth(1).and_then(|r| r.split('"').next()).unwrap_or_default().to_owned()
    };
    xml.split('<')
        .filter(|t| t.starts_with("testsuites ") || t.starts_with("testsuite ") || t.starts_with("testcase "))
        .map(|t| (t.split(' ').next().unwrap().to_owned(), attr(t, "name"), attr(t, "classname")))
        .collect()
}

fn smoke_junit(fake: &FakePipeline, dir: &Path, file: &str) -> (String, Value) {
    let path = dir.join(file);
    let out = otelkit(dir)
        .args(["--format", "json", "smoke-test", "--otlp-endpoint", &fake.http, "--tempo-url", &fake.http])
        .args(["--loki-url", &fake.http, "--signals", "traces,logs", "--timeout", "10", "--junit"])
        .arg(&path)
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    (std::fs::read_to_string(&path).unwrap(), report)
}

#[test]
fn junit_names_are_the_same_in_every_run_and_the_run_is_in_properties() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let (first, a) = smoke_junit(&fake, dir.path(), "a.xml");
    let (second, b) = smoke_junit(&fake, dir.path(), "b.xml");
    assert_ne!(a["run_id"], b["run_id"]);
    assert_eq!(names(&first), names(&second));
    assert!(names(&first).iter().any(|(el, name, _)| el == "testsuite" && name == "otelkit smoke-test"));
    assert!(names(&first)
        .iter()
        .any(|(el, name, class)| el == "testcase" && name == "tempo.trace" && class == "otelkit.smoke.traces"));
    for (key, field) in [("run_id", "run_id"), ("trace_id", "trace_id"), ("service_name", "service_name")] {
        let value = a[field].as_str().unwrap();
        assert!(first.contains(&format!("<property name=\"{key}\" value=\"{value}\"/>")), "{key}: {first}");
        assert!(!names(&first).iter().any(|(_, n, c)| n.contains(value) || c.contains(value)), "{value} in a name");
    }
}

#[test]
fn the_json_schema_in_the_repository_is_the_one_the_types_generate() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_FILE);
    let generated = otelkit::report::JsonReport::schema();
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(kept == generated, "{SCHEMA_FILE} is stale: run UPDATE_SCHEMAS=1 cargo test json_schema, and bump report::SCHEMA_VERSION if the change breaks readers");
}

#[test]
fn smoke_test_and_doctor_json_validate_against_the_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA_FILE)).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let (_, smoke) = smoke_junit(&fake, dir.path(), "c.xml");
    let out = otelkit(dir.path())
        .args(["--format", "json", "doctor", "--no-emit", "--otlp-endpoint", &fake.http])
        .args(["--otlp-grpc-endpoint", &fake.grpc, "--tempo-url", &fake.http, "--loki-url", &fake.http])
        .output()
        .unwrap();
    let doctor: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    for (what, report) in [("smoke-test", &smoke), ("doctor", &doctor)] {
        let errors: Vec<String> =
            validator.iter_errors(report).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}\n{report:#}");
        assert_eq!(report["schema_version"], otelkit::report::SCHEMA_VERSION);
        assert_eq!(report["command"], what);
    }
    // The schema is strict enough to catch a wrong report.
    let mut broken = smoke.clone();
    broken["checks"][0]["outcome"] = Value::from("maybe");
    assert!(!validator.is_valid(&broken));
}

/// `-vv` shows every HTTP request with the status it got; secrets stay out of it, as everywhere.
#[test]
fn very_verbose_logs_every_request_and_no_secret() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let with_password = fake.http.replace("http://", "http://alice:s3cr3t-pw@");
    let out = otelkit(dir.path())
        .env("OTELKIT_TEMPO_TOKEN", "s3cr3t-tempo")
        .env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20s3cr3t-otlp")
        .args(["-vv", "smoke-test", "--otlp-endpoint", &fake.http, "--tempo-url", &fake.http])
        .args(["--loki-url", &with_password, "--signals", "traces,logs", "--timeout", "10"])
        .output()
        .unwrap();
    let stderr = crate::support::stderr_of(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains(&format!("POST {}/v1/traces -> 200", fake.http)), "{stderr}");
    assert!(stderr.contains("/api/v2/traces/") && stderr.contains("-> 200"), "{stderr}");
    assert!(stderr.contains("/loki/api/v1/query_range") && stderr.contains("alice:***@"), "{stderr}");
    assert!(!stderr.contains("s3cr3t"), "{stderr}");
    // Without -v nothing of it.
    let quiet = otelkit(dir.path())
        .args(["smoke-test", "--otlp-endpoint", &fake.http, "--tempo-url", &fake.http, "--loki-url", &fake.http])
        .args(["--signals", "traces", "--timeout", "10"])
        .output()
        .unwrap();
    assert!(!crate::support::stderr_of(&quiet).contains("-> 200"));
}
