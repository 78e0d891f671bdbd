//! Replicas of one service through the real collector into the real Prometheus: each process its
//! own series (its `service.instance.id` becomes `instance`), and the series add up to what was
//! sent. Without a per-process instance id, replicas write into one cumulative series and
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
