//! Every command that reads the backends, through Grafana's data source proxy with one
//! service-account token (`fake_grafana.rs` behaves as Grafana's ds_proxy does: token required,
//! the data source's own credentials toward the backend, a backend 401 turned into 400, writes to a
//! Prometheus data source refused).

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_grafana::{DataSource, FakeGrafana};
use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::{otelkit, stderr_of, stdout_of};

const TOKEN: &str = "glsa_s3cr3tTOKEN";

fn grafana(fake: &FakePipeline, prometheus: Option<&str>) -> FakeGrafana {
    let source = |uid: &str, url: &str, prometheus: bool| DataSource {
        uid: uid.into(),
        url: url.into(),
        prometheus,
        basic_auth: Some(("grafana".into(), "ds-pa55word".into())),
    };
    let mut sources = vec![source("otelkit-tempo", &fake.http, false), source("otelkit-loki", &fake.http, false)];
    sources.extend(prometheus.map(|p| source("otelkit-prometheus", p, true)));
    FakeGrafana::start(TOKEN, sources)
}

fn run(grafana: &FakeGrafana, token: &str, args: &[&str]) -> (Option<i32>, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .env("OTELKIT_GRAFANA_TOKEN", token)
        .args(["--format", "json"])
        .args(args)
        .args(["--grafana", &grafana.url])
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    let (stdout, stderr) = (stdout_of(&out), stderr_of(&out));
    assert!(!stdout.contains(token) && !stderr.contains(token), "the token is never shown");
    let report = serde_json::from_str(&stdout).unwrap_or_else(|_| panic!("JSON report: {stdout}\n{stderr}"));
    (out.status.code(), report, stderr)
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name}: {report:#}"))
}

#[test]
#[ignore = "needs prometheus: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn smoke_test_doctor_load_and_canary_read_every_backend_through_grafana_with_one_token() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(true);
    prom.wait_for_data("count(up{job=~\"otel-collector.*\"} == 1) == 2", Duration::from_secs(20));
    let grafana = grafana(&fake, Some(&prom.url));
    let ns = ["--metric-namespace", "agentstack"];

    let smoke = ["smoke-test", "--otlp-endpoint", &fake.http, "--timeout", "30"];
    let (code, report, _) = run(&grafana, TOKEN, &[&smoke[..], &ns].concat());
    assert_eq!(code, Some(0), "{report:#}");
    assert!(check(&report, "prometheus.counter")["last_query"]
        .as_str()
        .unwrap()
        .contains("/api/datasources/proxy/uid/otelkit-prometheus/api/v1/query"));

    let telemetry = format!("{}/self/metrics", fake.http);
    let health = format!("{}/", fake.http);
    let doctor = [
        "doctor",
        "--otlp-endpoint",
        &fake.http,
        "--otlp-grpc-endpoint",
        &fake.grpc,
        "--health-url",
        &health,
        "--telemetry-url",
        &telemetry,
        "--timeout",
        "30",
    ];
    let (code, report, _) = run(&grafana, TOKEN, &[&doctor[..], &ns].concat());
    assert_eq!(code, Some(0), "{report:#}");
    for name in ["tempo.ready", "loki.ready", "loki.otlp", "prometheus.ready", "prometheus.scrape", "hop.metrics"] {
        assert_eq!(check(&report, name)["outcome"], "pass", "{name}: {report:#}");
    }

    let load = ["load", "--otlp-endpoint", &fake.http, "--signals", "traces,logs", "--count", "200", "--rate", "0"];
    let (code, report, _) = run(&grafana, TOKEN, &[&load[..], &["--settle", "10s"]].concat());
    assert_eq!(code, Some(0), "{report:#}");
    for s in report["signals"].as_array().unwrap() {
        assert_eq!(s["found"], 200, "{s:#}");
    }

    let canary =
        ["canary", "--count", "1", "--otlp-endpoint", &fake.http, "--timeout", "30", "--listen", "127.0.0.1:0"];
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .env("OTELKIT_GRAFANA_TOKEN", TOKEN)
        .args(canary)
        .args(ns)
        .args(["--grafana", &grafana.url])
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}\n{}", stdout_of(&out), stderr_of(&out));

    // Grafana reached every data source, with GET only (it refuses writes to a Prometheus one) and
    // the data source's own credentials toward the backend, never the caller's token.
    let proxied = grafana.proxied();
    for uid in ["otelkit-tempo", "otelkit-loki", "otelkit-prometheus"] {
        assert!(proxied.iter().any(|(_, u, _)| u == uid), "{uid} never queried: {proxied:?}");
    }
    assert!(proxied.iter().all(|(m, u, _)| m == "GET" || u != "otelkit-prometheus"), "{proxied:?}");
    assert!(grafana.upstream_authorizations().iter().all(|a| a.as_deref() == Some("Basic grafana:***")));
}

#[test]
fn a_bad_token_and_a_backend_refusing_grafanas_credentials_are_named_at_once() {
    let fake = FakePipeline::start(None, Knobs::default());
    let grafana = grafana(&fake, None);
    let smoke = ["smoke-test", "--otlp-endpoint", &fake.http, "--signals", "traces,logs", "--timeout", "60"];

    let started = Instant::now();
    let (code, report, _) = run(&grafana, "glsa_wrong", &smoke);
    assert_eq!(code, Some(1), "{report:#}");
    for name in ["tempo.trace", "loki.logs"] {
        let detail = check(&report, name)["detail"].as_str().unwrap();
        assert!(
            detail.contains("Grafana refused the token (HTTP 401") && detail.contains("OTELKIT_GRAFANA_TOKEN"),
            "{detail}"
        );
    }
    assert!(started.elapsed() < Duration::from_secs(30), "a refusal is final, not waited on: {:?}", started.elapsed());

    // The backends answer 401 to the data source's credentials; Grafana says 400.
    fake.fake.knobs.lock().unwrap().broken = Some((401, "unauthorized".into()));
    let (code, report, _) = run(&grafana, TOKEN, &smoke);
    assert_eq!(code, Some(1), "{report:#}");
    let detail = check(&report, "loki.logs")["detail"].as_str().unwrap();
    assert!(detail.contains("loki refused the credentials of Grafana's data source otelkit-loki"), "{detail}");

    // load's counting says the same, at once.
    let started = Instant::now();
    let load = ["load", "--otlp-endpoint", &fake.http, "--signals", "logs", "--count", "10", "--rate", "0"];
    let (code, report, _) = run(&grafana, TOKEN, &[&load[..], &["--settle", "60s"]].concat());
    assert_eq!(code, Some(1), "{report:#}");
    let text = report.to_string();
    assert!(text.contains("refused the credentials of Grafana's data source otelkit-loki"), "{report:#}");
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());

    // A UID Grafana does not have.
    fake.fake.knobs.lock().unwrap().broken = None;
    let (code, report, _) = run(&grafana, TOKEN, &[&smoke[..], &["--grafana-logs-uid", "nope"]].concat());
    assert_eq!(code, Some(1), "{report:#}");
    let detail = check(&report, "loki.logs")["detail"].as_str().unwrap();
    assert!(detail.contains("Grafana has no data source with uid nope"), "{detail}");
}
