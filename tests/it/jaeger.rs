//! Jaeger as the trace backend, against the real Jaeger v2 that .ci/deps/jaeger.sh builds:
//! smoke-test finds the run's trace by id through API v3 over both OTLP protocols (directly and
//! through the real collector), load counts a run exactly through the API v1 search, doctor
//! checks the query API.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::collector_support::RunningCollector;
use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::real_jaeger::RealJaeger;
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

fn otelkit_json(jaeger: &RealJaeger, args: &[&str]) -> (Option<i32>, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["--format", "json"])
        .args(args)
        .args(["--traces-backend", "jaeger", "--jaeger-url", &jaeger.url()])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let json: Value = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    (out.status.code(), json, stderr_of(&out))
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap_or_else(|| panic!("{report:#}"))
}

/// The spans of a trace as Jaeger's API v3 answers it: (span id, parent span id, name, kind, status code).
fn v3_spans(body: &str) -> Vec<(String, String, String, i64, i64)> {
    let json: Value = serde_json::from_str(body).unwrap();
    let mut spans = Vec::new();
    for rs in json["result"]["resourceSpans"].as_array().unwrap() {
        for ss in rs["scopeSpans"].as_array().unwrap() {
            for s in ss["spans"].as_array().unwrap() {
                let text = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
                let code = s["status"]["code"].as_i64().unwrap_or(0);
                spans.push((text("spanId"), text("parentSpanId"), text("name"), s["kind"].as_i64().unwrap_or(0), code));
            }
        }
    }
    spans
}

#[test]
#[ignore = "needs Jaeger (.ci/deps/jaeger.sh)"]
fn smoke_test_finds_the_trace_in_jaeger_over_http_and_grpc() {
    let jaeger = RealJaeger::start();
    for (endpoint, protocol) in [(jaeger.otlp_http(), "http/protobuf"), (jaeger.otlp_grpc(), "grpc")] {
        let args = ["smoke-test", "--signals", "traces", "--otlp-endpoint", &endpoint, "--protocol", protocol];
        let (code, report, stderr) = otelkit_json(&jaeger, &[&args[..], &["--timeout", "30s"]].concat());
        assert_eq!(code, Some(0), "{protocol}: {report:#}\n{stderr}\n{}", jaeger.log());
        let found = check(&report, "jaeger.trace");
        assert_eq!(found["outcome"], "pass", "{found:#}");
        assert!(found["last_query"].as_str().unwrap().contains("/api/v3/traces/"), "{found:#}");

        // What otelkit judged, seen directly: three spans, parents linked, kinds and the error.
        let trace_id = report["trace_id"].as_str().unwrap();
        let (status, body) = jaeger.get(&format!("/api/v3/traces/{trace_id}"));
        assert_eq!(status, 200, "{body}");
        let spans = v3_spans(&body);
        assert_eq!(spans.len(), 3, "{body}");
        let mut kinds: Vec<i64> = spans.iter().map(|s| s.3).collect();
        kinds.sort_unstable();
        assert_eq!(kinds, [1, 2, 3], "internal, server, client: {body}");
        let root = spans.iter().find(|s| s.1.is_empty()).expect("a root span");
        assert_eq!(root.3, 2, "the root is the server span");
        assert!(spans.iter().filter(|s| !s.1.is_empty()).all(|s| spans.iter().any(|p| p.0 == s.1)), "{body}");
        let client = spans.iter().find(|s| s.3 == 3).unwrap();
        assert_eq!(client.4, 2, "the client span's status is ERROR: {body}");
    }
    // A trace Jaeger never got (the export went to a receiver that keeps it): API v3 answers 404,
    // which otelkit reads as "not yet" and polls until the timeout, not as a failed query.
    let (status, body) = jaeger.get(&format!("/api/v3/traces/{}", "ab".repeat(16)));
    assert_eq!(status, 404, "{body}");
    let fake = FakePipeline::start(None, Knobs::default());
    let started = Instant::now();
    let args = ["smoke-test", "--signals", "traces", "--otlp-endpoint", &fake.http, "--timeout", "3s"];
    let (code, report, _) = otelkit_json(&jaeger, &args);
    assert_eq!(code, Some(1), "{report:#}");
    let missing = check(&report, "jaeger.trace");
    assert_eq!(
        (missing["outcome"].as_str(), missing["last_status"].as_u64()),
        (Some("fail"), Some(404)),
        "{missing:#}"
    );
    assert!(missing["detail"].as_str().unwrap().contains("not in Jaeger"), "{missing:#}");
    assert!(started.elapsed() >= Duration::from_secs(3), "polled until the timeout");
}

#[test]
#[ignore = "needs Jaeger (.ci/deps/jaeger.sh)"]
fn load_counts_a_run_in_jaeger_exactly() {
    let jaeger = RealJaeger::start();
    let args = [
        "load",
        "--signals",
        "traces",
        "--otlp-endpoint",
        &jaeger.otlp_http(),
        "--count",
        "500",
        "--spans-per-trace",
        "5",
        "--rate",
        "0",
        "--settle",
        "20s",
    ];
    let (code, report, stderr) = otelkit_json(&jaeger, &args);
    assert_eq!(code, Some(0), "{report:#}\n{stderr}");
    let traces = report["signals"].as_array().unwrap().iter().find(|s| s["signal"] == "traces").unwrap();
    assert_eq!((traces["accepted"].as_u64(), traces["found"].as_u64()), (Some(500), Some(500)), "{traces:#}");
    assert_eq!(traces["found_at_least"], false);

    // The search otelkit made, made directly: 100 traces of 5 spans.
    let run_id = report["run_id"].as_str().expect("the run id in the report");
    let tags = url::form_urlencoded::byte_serialize(format!(r#"{{"otelkit.run_id":"{run_id}"}}"#).as_bytes())
        .collect::<String>();
    let service = report["service_name"].as_str().unwrap_or("otelkit-load");
    let (status, body) = jaeger.get(&format!("/api/traces?service={service}&tags={tags}&limit=101"));
    assert_eq!(status, 200, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    let data = json["data"].as_array().unwrap();
    assert_eq!(data.len(), 100);
    assert_eq!(data.iter().map(|t| t["spans"].as_array().unwrap().len()).sum::<usize>(), 500);

    // 200 traces of 50 spans: more than one search answers (100 traces of 50 spans), so the
    // count pages through time windows and still counts each trace once.
    let args = ["load", "--signals", "traces", "--otlp-endpoint", &jaeger.otlp_http(), "--count", "10000"];
    let more = ["--spans-per-trace", "50", "--rate", "0", "--settle", "20s"];
    let (code, report, stderr) = otelkit_json(&jaeger, &[&args[..], &more[..]].concat());
    assert_eq!(code, Some(0), "{report:#}\n{stderr}");
    let traces = report["signals"].as_array().unwrap().iter().find(|s| s["signal"] == "traces").unwrap();
    assert_eq!((traces["traces"].as_u64(), traces["found"].as_u64()), (Some(200), Some(10_000)), "{traces:#}");
    assert_eq!(traces["found_at_least"], false);
}

#[test]
#[ignore = "needs Jaeger (.ci/deps/jaeger.sh)"]
fn doctor_checks_jaegers_query_api() {
    let jaeger = RealJaeger::start();
    let (_, report, stderr) = otelkit_json(&jaeger, &["doctor", "--no-emit", "--otlp-endpoint", &jaeger.otlp_http()]);
    for name in ["jaeger.ready", "jaeger.api_v3"] {
        assert_eq!(check(&report, name)["outcome"], "pass", "{name}: {report:#}\n{stderr}");
    }
    assert!(
        report["checks"].as_array().unwrap().iter().all(|c| !c["name"].as_str().unwrap().starts_with("tempo.")),
        "no Tempo check when traces are in Jaeger: {report:#}"
    );

    // A query port without API v3 (here: a server that knows none of Jaeger's paths) is named.
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["--format", "json", "doctor", "--no-emit", "--otlp-endpoint", &fake.http])
        .args(["--traces-backend", "jaeger", "--jaeger-url", &fake.http])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let v3 = check(&report, "jaeger.api_v3");
    assert_eq!(v3["outcome"], "fail", "{v3:#}");
    assert!(v3["detail"].as_str().unwrap().contains("API v3"), "{v3:#}");
}

#[test]
#[ignore = "needs Jaeger (.ci/deps/jaeger.sh) and the OpenTelemetry Collector (.ci/deps/otelcol.sh)"]
fn smoke_test_through_the_real_collector_into_jaeger() {
    let jaeger = RealJaeger::start();
    let (http, grpc) = (free_port(), free_port());
    let config = format!(
        "receivers:\n  otlp:\n    protocols:\n      http: {{endpoint: '127.0.0.1:{http}'}}\n      grpc: {{endpoint: '127.0.0.1:{grpc}'}}\n\
         exporters:\n  otlp_grpc/jaeger:\n    endpoint: 127.0.0.1:{}\n    tls: {{insecure: true}}\n\
         service:\n  pipelines:\n    traces: {{receivers: [otlp], exporters: [otlp_grpc/jaeger]}}\n  \
         telemetry: {{metrics: {{level: none}}}}\n",
        jaeger.otlp_grpc_port
    );
    let mut collector = RunningCollector::spawn(&config, &[]);
    assert!(collector.wait_ready(Duration::from_millis(200)), "{}", collector.log());
    for (protocol, port) in [("http/protobuf", http), ("grpc", grpc)] {
        let endpoint = format!("http://127.0.0.1:{port}");
        let args = ["smoke-test", "--signals", "traces", "--otlp-endpoint", &endpoint, "--protocol", protocol];
        let (code, report, stderr) = otelkit_json(&jaeger, &[&args[..], &["--timeout", "30s"]].concat());
        assert_eq!(code, Some(0), "{protocol}: {report:#}\n{stderr}\n{}", collector.log());
        assert_eq!(check(&report, "jaeger.trace")["outcome"], "pass", "{report:#}");
    }
}

#[test]
#[ignore = "needs Jaeger (.ci/deps/jaeger.sh) and the OpenTelemetry Collector (.ci/deps/otelcol.sh)"]
fn the_config_gen_collector_writes_for_jaeger_delivers_to_it() {
    use crate::collector_support::{mapped, with_free_ports};
    let jaeger = RealJaeger::start();
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["gen", "collector", "--traces", "jaeger", "--jaeger-endpoint", "jaeger.invalid:1"])
        .args(["--logs", "debug"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let (config, ports) = with_free_ports(&stdout_of(&out));
    let config = config.replace("jaeger.invalid:1", &format!("127.0.0.1:{}", jaeger.otlp_grpc_port));
    let mut collector = RunningCollector::spawn(&config, &[]);
    assert!(collector.wait_ready(Duration::from_millis(200)), "{}", collector.log());
    assert!(!collector.log().contains("deprecated"), "{}", collector.log());
    let endpoint = format!("http://127.0.0.1:{}", mapped(&ports, 4318));
    let args = ["smoke-test", "--signals", "traces", "--otlp-endpoint", &endpoint, "--timeout", "30s"];
    let (code, report, stderr) = otelkit_json(&jaeger, &args);
    assert_eq!(code, Some(0), "{report:#}\n{stderr}\n{}", collector.log());
    assert_eq!(check(&report, "jaeger.trace")["outcome"], "pass", "{report:#}");
}

#[test]
#[ignore = "needs Jaeger (.ci/deps/jaeger.sh) and the OpenTelemetry Collector (.ci/deps/otelcol.sh)"]
fn doctor_names_the_store_the_collector_exports_to_when_another_is_chosen() {
    let jaeger = RealJaeger::start();
    let (http, metrics) = (free_port(), free_port());
    let config = format!(
        "receivers:\n  otlp:\n    protocols:\n      http: {{endpoint: '127.0.0.1:{http}'}}\n\
         exporters:\n  otlp_grpc/jaeger:\n    endpoint: 127.0.0.1:{}\n    tls: {{insecure: true}}\n\
         service:\n  pipelines:\n    traces: {{receivers: [otlp], exporters: [otlp_grpc/jaeger]}}\n  \
         telemetry:\n    metrics:\n      readers:\n        - pull:\n            exporter:\n              prometheus: {{host: 127.0.0.1, port: {metrics}}}\n",
        jaeger.otlp_grpc_port
    );
    let mut collector = RunningCollector::spawn(&config, &[]);
    assert!(collector.wait_ready(Duration::from_millis(200)), "{}", collector.log());
    // otelkit's default stores, none of them running.
    let dir = tempfile::tempdir().unwrap();
    let dead = || format!("http://127.0.0.1:{}", free_port());
    let out = otelkit(dir.path())
        .args(["--format", "json", "doctor", "--otlp-endpoint", &format!("http://127.0.0.1:{http}")])
        .args(["--tempo-url", &dead(), "--loki-url", &dead(), "--prometheus-url", &dead()])
        .args(["--telemetry-url", &format!("http://127.0.0.1:{metrics}/metrics")])
        .args(["--timeout", "10s", "--unreachable-grace", "1s"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    assert_eq!(out.status.code(), Some(1), "{report:#}");
    let hop = check(&report, "hop.traces");
    let hint = "the collector exports to jaeger: pass --traces-backend jaeger (or OTELKIT_TRACES_BACKEND=jaeger)";
    assert_eq!(hop["outcome"], "fail", "{hop:#}");
    assert!(hop["detail"].as_str().unwrap().starts_with("delivered by exporter otlp_grpc/jaeger ("), "{hop:#}");
    assert!(hop["detail"].as_str().unwrap().ends_with(hint), "{hop:#}");
    assert_eq!(hop["fix"], hint, "{hop:#}");
}
