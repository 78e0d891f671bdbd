//! `otelkit doctor`: every check along the pipeline, against stubs serving recorded answers, the
//! fake pipeline and a real Prometheus; each failure mode named.

use std::time::Duration;

use serde_json::Value;

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

fn doctor(fake: &FakePipeline, prom: &str, extra: &[&str]) -> (Option<i32>, Value) {
    doctor_in(tempfile::tempdir().unwrap().path(), fake, prom, extra)
}

/// As `doctor`, run in `dir` (its otelkit.toml read).
fn doctor_in(dir: &std::path::Path, fake: &FakePipeline, prom: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let out = otelkit(dir)
        .args(["--format", "json", "doctor", "--otlp-endpoint", &fake.http, "--otlp-grpc-endpoint", &fake.grpc])
        .args(["--health-url", &format!("{}/", fake.http), "--telemetry-url", &format!("{}/self/metrics", fake.http)])
        .args([
            "--tempo-url",
            &fake.http,
            "--loki-url",
            &fake.http,
            "--prometheus-url",
            prom,
            "--metric-namespace",
            "agentstack",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(!stderr_of(&out).contains("panicked"), "{}", stderr_of(&out));
    let report =
        serde_json::from_str(&stdout_of(&out)).unwrap_or_else(|_| panic!("{}\n{}", stdout_of(&out), stderr_of(&out)));
    (out.status.code(), report)
}

/// A URL nothing listens on: a loopback port this test owns, never a well-known one.
fn dead() -> String {
    format!("http://127.0.0.1:{}", free_port())
}

fn outcome<'a>(report: &'a Value, name: &str) -> (&'a str, &'a str) {
    let c = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no {name}: {report:#}"));
    (c["outcome"].as_str().unwrap(), c["detail"].as_str().unwrap())
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn healthy_pipeline_passes_every_hop() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(true);
    // The scrape target must be up before doctor asks.
    prom.wait_for_data("count(up{job=~\"otel-collector.*\"} == 1) == 2", Duration::from_secs(20));
    let (code, report) = doctor(&fake, &prom.url, &["--timeout", "20"]);
    assert_eq!(code, Some(0), "{report:#}");
    for name in [
        "collector.health",
        "collector.otlp_http",
        "collector.otlp_grpc",
        "collector.self_metrics",
        "tempo.ready",
        "tempo.version",
        "tempo.query_frontend",
        "loki.ready",
        "loki.otlp",
        "prometheus.ready",
        "prometheus.version",
        "prometheus.exemplars",
        "prometheus.scrape",
        "hop.traces",
        "hop.metrics",
        "hop.logs",
    ] {
        assert_eq!(outcome(&report, name).0, "pass", "{name}: {report:#}");
    }
    assert_eq!(outcome(&report, "tempo.version").1, "3.1.0-dev", "from the recorded buildinfo");
    assert!(outcome(&report, "collector.health").1.contains("Server available"));
    assert_eq!(outcome(&report, "prometheus.version").1, "3.16.0", "the real Prometheus of .ci/deps/prometheus3.sh");
    assert_eq!(outcome(&report, "loki.version").0, "warn", "no buildinfo recorded for Loki: unknown, not failed");
}

#[test]
fn swapped_ports_and_a_down_collector_are_named() {
    let fake = FakePipeline::start(None, Knobs::default());
    let closed = format!("http://127.0.0.1:{}", free_port());
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args([
            "--format",
            "json",
            "doctor",
            "--no-emit",
            "--otlp-endpoint",
            &fake.grpc,
            "--otlp-grpc-endpoint",
            &fake.http,
        ])
        .args(["--health-url", &format!("{closed}/"), "--telemetry-url", &format!("{closed}/metrics")])
        .args(["--tempo-url", &fake.http, "--loki-url", &fake.http, "--prometheus-url", &closed])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let (o, d) = outcome(&report, "collector.otlp_ports");
    assert_eq!(o, "fail");
    assert!(d.contains("swapped"), "{d}");
    let (o, d) = outcome(&report, "collector.health");
    assert!(o == "fail" && d.contains("connection refused") && d.contains("health_check"), "{d}");
    assert_eq!(outcome(&report, "prometheus.ready").0, "fail");
    assert_eq!(outcome(&report, "tempo.ready").0, "pass");
}

#[test]
fn each_lost_hop_is_named() {
    for (knobs, expect) in [
        (Knobs { refuse: true, ..Default::default() }, "refused at the receiver"),
        (Knobs { drop_in_processor: true, ..Default::default() }, "dropped in processor memory_limiter"),
        (Knobs { exporter_fails: true, ..Default::default() }, "failed at exporter otlp/tempo"),
        (Knobs { visible_after: Duration::from_secs(3600), ..Default::default() }, "not queryable"),
    ] {
        let fake = FakePipeline::start(None, knobs.clone());
        let (code, report) = doctor(&fake, &dead(), &["--timeout", "2"]);
        assert_eq!(code, Some(1));
        let (o, d) = outcome(&report, "hop.traces");
        assert_eq!(o, "fail", "{knobs:?}: {d}");
        assert!(d.contains(expect), "{knobs:?}: expected {expect:?} in {d}");
    }
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn prometheus_without_exemplar_storage_is_a_warning() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(false);
    let (_, report) = doctor(&fake, &prom.url, &["--no-emit"]);
    let (o, d) = outcome(&report, "prometheus.exemplars");
    assert_eq!(o, "warn");
    assert!(d.contains("--enable-feature=exemplar-storage"));
}

#[test]
fn human_output_lists_checks_in_pipeline_order() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["doctor", "--no-emit", "--otlp-endpoint", &fake.http, "--otlp-grpc-endpoint", &fake.grpc])
        .args(["--health-url", &format!("{}/", fake.http), "--telemetry-url", &format!("{}/self/metrics", fake.http)])
        .args(["--tempo-url", &fake.http, "--loki-url", &fake.http, "--prometheus-url", &dead()])
        .output()
        .unwrap();
    let text = stdout_of(&out);
    let order: Vec<usize> =
        ["collector.health", "collector.otlp_http", "tempo.ready", "loki.ready", "prometheus.ready"]
            .iter()
            .map(|n| text.find(n).unwrap_or_else(|| panic!("{n} in {text}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(text.contains("doctor FAILED"), "{text}");
}

#[test]
fn a_remote_otlp_endpoint_is_where_the_collector_is_checked() {
    // 127.0.0.2 stands for a remote collector: loopback, but not the localhost doctor assumed.
    let dir = tempfile::tempdir().unwrap();
    let dead = format!("http://127.0.0.1:{}", free_port());
    let out = otelkit(dir.path())
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", format!("http://127.0.0.2:{}", free_port()))
        .args(["--format", "json", "doctor", "--no-emit", "--tempo-url", &dead, "--loki-url", &dead])
        .args(["--prometheus-url", &dead])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap_or_else(|_| panic!("{}", stderr_of(&out)));
    for (check, url) in [
        ("collector.health", "http://127.0.0.2:13133/"),
        ("collector.otlp_grpc", "http://127.0.0.2:4317/"),
        ("collector.self_metrics", "http://127.0.0.2:8888/metrics"),
    ] {
        let (_, detail) = outcome(&report, check);
        assert!(detail.starts_with(url), "{check}: {detail}");
    }
}

#[test]
fn junit_report_has_one_testcase_per_check() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("doctor.xml");
    let (code, report) = doctor(&fake, &dead(), &["--no-emit", "--junit", junit.to_str().unwrap()]);
    assert_eq!(code, Some(1), "prometheus is down: {report:#}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    let checks = report["checks"].as_array().unwrap();
    assert_eq!(xml.matches("<testcase ").count(), checks.len(), "{xml}");
    assert!(xml.contains("<testsuite name=\"otelkit doctor\""), "{xml}");
    assert!(xml.contains("name=\"prometheus.ready\" classname=\"otelkit.doctor.pipeline\""), "{xml}");
    let failed = checks.iter().filter(|c| c["outcome"] == "fail").count();
    assert!(xml.contains(&format!("failures=\"{failed}\"")), "{xml}");
}

/// A Prometheus whose /api/v1/targets gives the recorded answers in turn (the last one from then
/// on): a collector target reported down by a scrape that predates the collector, then up.
fn recorded_targets(answers: &'static [&'static str]) -> (String, tokio::runtime::Runtime) {
    use axum::routing::get;
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let url = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new().route(
            "/api/v1/targets",
            get(move || async move {
                let n = asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst).min(answers.len() - 1);
                let body = crate::support::read_recorded(&format!("prometheus-2.42/{}", answers[n]));
                ([("content-type", "application/json")], body)
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    });
    (url, runtime)
}

#[test]
fn a_scrape_target_down_before_the_collector_started_is_asked_again_after_the_next_scrape() {
    let fake = FakePipeline::start(None, Knobs::default());
    let (prom, _server) = recorded_targets(&["targets_collector_down.json", "targets_collector_up.json"]);
    let (_, report) = doctor(&fake, &prom, &["--no-emit", "--timeout", "10s"]);
    let (o, d) = outcome(&report, "prometheus.scrape");
    assert_eq!(o, "pass", "{d}");
    assert!(d.contains("was down in a scrape older than the collector; up in the next"), "{d}");

    // Never scraped again: down it stays, once the timeout is up.
    let (prom, _server) = recorded_targets(&["targets_collector_down.json"]);
    let started = std::time::Instant::now();
    let (_, report) = doctor(&fake, &prom, &["--no-emit", "--timeout", "2s"]);
    let (o, d) = outcome(&report, "prometheus.scrape");
    assert_eq!(o, "fail", "{d}");
    assert!(d.contains("is down: ") && d.contains("connection refused") && d.contains("not scraped again"), "{d}");
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

/// With remote write (or OTLP) the collector's exporter scrape job is off the data path: its
/// target down is a leftover named as a warning, and the receiver the mode pushes to is checked.
#[test]
fn a_down_exporter_scrape_job_is_a_leftover_when_metrics_are_pushed() {
    let fake = FakePipeline::start(None, Knobs::default());
    let (prom, _server) = recorded_targets(&["targets_collector_down.json"]);
    let (_, report) = doctor(&fake, &prom, &["--no-emit", "--timeout", "2s", "--metrics", "remote-write"]);
    let (o, d) = outcome(&report, "prometheus.scrape");
    assert_eq!(o, "warn", "{d}");
    assert!(d.contains("scrape job otel-collector (http://127.0.0.1:50391/metrics) is down"), "{d}");
    assert!(d.contains("leftover") && d.contains("remove the job from prometheus.yml"), "{d}");
    // The stub serves no /api/v1/write: a 404, as a Prometheus without the receiver answers.
    let (o, d) = outcome(&report, "prometheus.remote_write");
    assert_eq!(o, "fail", "{d}");
    assert!(d.contains("--web.enable-remote-write-receiver"), "{d}");
    // The mode from otelkit.toml, as `gen collector` reads it; scrape mode checks the scrape.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("otelkit.toml"), "[collector]\nmetrics = \"otlp\"\n").unwrap();
    let (_, report) = doctor_in(dir.path(), &fake, &prom, &["--no-emit", "--timeout", "2s"]);
    assert_eq!(outcome(&report, "prometheus.scrape").0, "warn", "{report:#}");
    assert!(outcome(&report, "prometheus.otlp").1.contains("--web.enable-otlp-receiver"), "{report:#}");
    let (_, report) = doctor(&fake, &prom, &["--no-emit", "--timeout", "2s", "--metrics", "prometheus"]);
    assert_eq!(outcome(&report, "prometheus.scrape").0, "fail", "{report:#}");
}

/// `gen collector --metrics remote-write` on the real collector into a real Prometheus whose
/// prometheus.yml still has the `:8889` job of scrape mode: doctor passes, naming the leftover.
#[test]
#[ignore = "needs the collector built by .ci/deps/otelcol.sh and prometheus: .ci/install-test-deps"]
fn doctor_follows_remote_write_on_the_real_collector_and_names_the_leftover_scrape_job() {
    use crate::collector_support::{CollectorPipeline, NAMESPACE};
    let prom_port = free_port();
    let prom_url = format!("http://127.0.0.1:{prom_port}");
    let p = CollectorPipeline::start_generated(&["--metrics", "remote-write", "--prometheus-endpoint", &prom_url]);
    // gen compose's prometheus.yml of scrape mode: the exporter job's port is not served now.
    let config = format!(
        "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: otel-collector\n    static_configs:\n      - targets: ['127.0.0.1:{}']\n  - job_name: otel-collector-self\n    static_configs:\n      - targets: ['127.0.0.1:{}']\n",
        free_port(),
        p.port(8888)
    );
    let prom = crate::real_prometheus::RealPrometheus::start_on(
        prom_port,
        &config,
        None,
        &["--web.enable-remote-write-receiver"],
    );
    prom.wait_for_data("up{job=\"otel-collector\"} == 0", Duration::from_secs(20));
    prom.wait_for_data("up{job=\"otel-collector-self\"} == 1", Duration::from_secs(20));
    let dir = tempfile::tempdir().unwrap();
    let run = |mode: &str| {
        let out = otelkit(dir.path())
            .args(["--format", "json", "doctor", "--metrics", mode, "--timeout", "20s"])
            .args(["--otlp-endpoint", &p.otlp_http(), "--otlp-grpc-endpoint", &p.otlp_grpc()])
            .args(["--health-url", &p.health_url(), "--telemetry-url", &p.telemetry_url()])
            .args(["--tempo-url", &p.fake.http, "--loki-url", &p.fake.http, "--prometheus-url", &prom.url])
            .args(["--metric-namespace", NAMESPACE])
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout_of(&out))
            .unwrap_or_else(|_| panic!("{}\n{}", stdout_of(&out), stderr_of(&out)));
        (out.status.code(), report)
    };
    let (code, report) = run("remote-write");
    assert_eq!(code, Some(0), "{report:#}\n{}", p.collector.log());
    let (o, d) = outcome(&report, "prometheus.scrape");
    assert_eq!(o, "warn", "{d}");
    assert!(d.contains("scrape job otel-collector (") && d.contains("leftover"), "{d}");
    assert_eq!(outcome(&report, "prometheus.remote_write").0, "pass", "{report:#}");
    assert_eq!(outcome(&report, "hop.metrics").0, "pass", "{report:#}");
    // Told the wrong mode, the down job is on the data path: a failure.
    let (code, report) = run("prometheus");
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(outcome(&report, "prometheus.scrape").0, "fail", "{report:#}");
}

/// A backend URL with a query (a proxy's token): the API path goes onto the URL's path, the
/// query stays a query; and a refusal with no body says so.
#[test]
fn a_backend_url_with_a_query_keeps_it_off_the_path() {
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let seen = asked.clone();
    let prom = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| async move {
            seen.lock().unwrap().push(uri.to_string());
            axum::http::StatusCode::NOT_FOUND
        });
        tokio::spawn(async move { axum::serve(listener, app).await });
        url
    });
    let fake = FakePipeline::start(None, Knobs::default());
    let (_, report) = doctor(&fake, &format!("{prom}/prom?token=s3cret"), &["--no-emit", "--timeout", "3s"]);
    let asked = asked.lock().unwrap().clone();
    assert!(asked.contains(&"/prom/-/ready?token=s3cret".to_owned()), "{asked:?}");
    assert!(asked.iter().all(|u| u.starts_with("/prom/") && u.contains("?token=s3cret")), "{asked:?}");
    let (o, d) = outcome(&report, "prometheus.ready");
    assert_eq!(o, "fail", "{d}");
    assert!(d.ends_with("/prom/-/ready?token=*** answered HTTP 404: (empty body)"), "{d}");
    assert!(!d.contains("s3cret"), "{d}");
}
