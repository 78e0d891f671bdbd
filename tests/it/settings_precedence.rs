//! `--show-settings` proves the one precedence, command by command: flags > environment >
//! otelkit.toml > defaults. In each run one setting comes from each level: Prometheus from the
//! flag, Loki from the environment, Tempo and the OTLP endpoint from otelkit.toml, the rest
//! (service name, metric namespace, ...) from the defaults. Nothing is sent (no server runs).

use crate::support::{otelkit, stderr_of, stdout_of, versionless};

const PROJECT: &str = r#"
[backends]
tempo_url = "http://file-tempo:3200"
loki_url = "http://file-loki:3100"
prometheus_url = "http://file-prometheus:9090"

[collector]
otlp_endpoint = "http://file-collector:4318"
"#;

const PLANTED: &str = "s3cr3t-planted";

fn show(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("otelkit.toml"), PROJECT).unwrap();
    let out = otelkit(dir.path())
        .args(args)
        .args(["--show-settings", "--prometheus-url", "http://flag-prometheus:9090"])
        .args(["--header", &format!("Authorization=Bearer {PLANTED}")])
        .env("OTELKIT_LOKI_URL", "http://env-loki:3100")
        .env("OTELKIT_PROMETHEUS_URL", "http://env-prometheus:9090")
        .env("OTELKIT_TEMPO_TOKEN", PLANTED)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    assert!(!stdout.contains(PLANTED), "a secret shown: {stdout}");
    serde_json::from_str::<serde_json::Value>(&stdout).expect("JSON");
    stdout
}

#[test]
fn smoke_test() {
    let _v = versionless();
    insta::assert_snapshot!(show(&["smoke-test", "--signals", "traces,logs", "--timeout", "1m30s"]));
}

#[test]
fn doctor() {
    let _v = versionless();
    insta::assert_snapshot!(show(&["doctor", "--timeout", "5"]));
}

#[test]
fn canary() {
    let _v = versionless();
    insta::assert_snapshot!(show(&["canary", "--interval", "1m", "--count", "3", "--protocol", "grpc"]));
}

#[test]
fn load() {
    let _v = versionless();
    insta::assert_snapshot!(show(&["load", "--run-id", "precedence-1", "--duration", "30", "--settle", "500ms"]));
}

#[test]
fn the_environment_beats_the_file_for_otlp_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("otelkit.toml"), PROJECT).unwrap();
    let run = |extra: &[&str]| {
        let out = otelkit(dir.path())
            .args(["smoke-test", "--show-settings", "--signals", "traces"])
            .args(extra)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://env-collector:4318")
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
        let target = json["plan"]["otlp"][0].clone();
        (target["url"].as_str().unwrap().to_owned(), target["protocol"].as_str().unwrap().to_owned())
    };
    assert_eq!(run(&[]), ("https://env-collector:4318/".to_owned(), "grpc".to_owned()));
    assert_eq!(
        run(&["--otlp-endpoint", "http://flag-collector:4318", "--protocol", "http"]),
        ("http://flag-collector:4318/v1/traces".to_owned(), "http/protobuf".to_owned())
    );
}
