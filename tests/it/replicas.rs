//! Replicas of one service through the real collector into the real Prometheus: each process its
//! own series (its `service.instance.id` becomes `instance`), and the series add up to what was
//! sent; the Go replicas' metrics arrive only through the flush on SIGTERM. Without a per-process instance id, replicas write into one cumulative series and
//! `rate()` reads garbage.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

use crate::collector_support::{CollectorPipeline, NAMESPACE};
use crate::init_real::{init_in, python_venv, run_checked};
use crate::support::free_port;

#[test]
#[ignore = "needs python3 and PyPI, the collector and Prometheus: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn python_replicas_are_separate_series_that_add_up_to_what_was_sent() {
    let python = python_venv();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "").unwrap();
    init_in(dir.path(), &["init", "--service-name", "py-replicas"]);
    run_checked(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(dir.path().join("requirements.txt")),
        "pip install -r requirements.txt",
    );
    std::fs::write(
        dir.path().join("app.py"),
        r#"import sys
from telemetry import init, Metrics

shutdown = init()
metrics = Metrics()
for _ in range(int(sys.argv[1])):
    metrics.record_http_request("GET", "/replica", 200, 0.01)
shutdown()
"#,
    )
    .unwrap();

    let pipeline = CollectorPipeline::start();
    let prometheus = pipeline.real_prometheus();
    let sent = [3u64, 5];
    for n in sent {
        run_checked(
            Command::new(&python)
                .arg("app.py")
                .arg(n.to_string())
                .current_dir(dir.path())
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", pipeline.otlp_http())
                .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
                .env_remove("OTEL_RESOURCE_ATTRIBUTES")
                .env_remove("OTEL_SERVICE_NAME"),
            &format!("replica sending {n} requests"),
        );
    }

    let series = format!(r#"{{__name__=~"{NAMESPACE}_http_requests(_total)?", http_route="/replica"}}"#);
    let answer = prometheus.wait_for_data(&format!("count({series}) == 2"), Duration::from_secs(30));
    assert!(
        answer["data"]["result"].as_array().is_some_and(|r| !r.is_empty()),
        "two replicas, two series: {}\n{}",
        prometheus.query(&series),
        pipeline.collector.log()
    );
    let result = prometheus.query(&series);
    let by_instance: BTreeMap<String, u64> = result["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let instance = s["metric"]["instance"].as_str().unwrap_or_default().to_owned();
            let value: f64 = s["value"][1].as_str().unwrap().parse().unwrap();
            (instance, value as u64)
        })
        .collect();
    assert_eq!(by_instance.len(), 2, "one series per replica, told apart by instance: {result}");
    assert!(by_instance.keys().all(|i| !i.is_empty()), "{result}");
    let mut values: Vec<u64> = by_instance.values().copied().collect();
    values.sort();
    assert_eq!(values, sent.to_vec(), "each replica's own count: {result}");
    assert_eq!(values.iter().sum::<u64>(), sent.iter().sum::<u64>());
}

#[test]
#[ignore = "needs Go, the collector and Prometheus: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn go_replicas_are_separate_series_that_add_up_to_what_was_sent() {
    use crate::init_go::{init_and_paste, run_service_with, tidy_build_vet, write, COMMON_STEPS, OTELHTTP_ONLY_MAIN};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "go.mod", "module example.com/replicas\n\ngo 1.24\n");
    write(root, "cmd/api/main.go", OTELHTTP_ONLY_MAIN);
    init_and_paste(root, &["cmd/api/main.go"], COMMON_STEPS);
    let binary = root.join("svc");
    tidy_build_vet(root, Some(&binary));

    let pipeline = CollectorPipeline::start();
    let prometheus = pipeline.real_prometheus();
    // Failed requests only: the service also counts the test's own GETs of /metrics. A minute
    // between metric exports: what arrives was flushed when the service stopped on SIGTERM.
    let sent = [2u64, 3];
    for n in sent {
        let failing = vec![("GET", "/items/0", 500u16); n as usize];
        let env = [
            ("OTEL_EXPORTER_OTLP_ENDPOINT", pipeline.otlp_http()),
            ("OTEL_METRIC_EXPORT_INTERVAL", "60000".to_owned()),
        ];
        run_service_with(&binary, &pipeline.fake, "http/protobuf", &env, &failing);
    }

    let series =
        format!(r#"{NAMESPACE}_http_server_request_duration_seconds_count{{http_response_status_code="500"}}"#);
    let answer = prometheus.wait_for_data(&format!("count({series}) == 2"), Duration::from_secs(30));
    assert!(
        answer["data"]["result"].as_array().is_some_and(|r| !r.is_empty()),
        "two replicas, two series: {}\n{}",
        prometheus.query(&series),
        pipeline.collector.log()
    );
    let result = prometheus.query(&series);
    let instances: Vec<&str> =
        result["data"]["result"].as_array().unwrap().iter().filter_map(|s| s["metric"]["instance"].as_str()).collect();
    assert_eq!(instances.len(), 2, "{result}");
    assert_ne!(instances[0], instances[1], "{result}");
    let mut values: Vec<u64> = result["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["value"][1].as_str().unwrap().parse::<f64>().unwrap() as u64)
        .collect();
    values.sort();
    assert_eq!(values, sent.to_vec(), "each replica's own count: {result}");
}
