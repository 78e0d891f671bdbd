//! `otelkit smoke-test` against the fake pipeline (recorded response shapes) and a real Prometheus.

use std::time::Duration;

use opentelemetry_proto::tonic::metrics::v1::metric;
use otelkit::pipeline::backends::{loki, prometheus, tempo};
use serde_json::Value;

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::read_recorded;
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

#[test]
fn parsers_read_the_recorded_responses() {
    let spans = tempo::parse_tempo_trace(&read_recorded("tempo/trace_v2_found.json")).unwrap().unwrap();
    let root = spans.iter().find(|s| s.name == "smoke.root").unwrap();
    let child = spans.iter().find(|s| s.name == "smoke.child").unwrap();
    assert_eq!(root.trace_id, "e32e014575aae3297f08f1c5e95234bc");
    assert_eq!(child.parent_span_id.as_deref(), Some(root.span_id.as_str()));
    assert_eq!((root.kind.as_str(), root.error), ("internal", false));
    assert_eq!(root.service_name.as_deref(), Some("peer-smoke"));
    let v1 = tempo::parse_tempo_trace(&read_recorded("tempo/trace_v1_found.json")).unwrap().unwrap();
    assert_eq!(v1, spans, "v1 and v2 carry the same spans");
    assert_eq!(tempo::parse_tempo_trace(&read_recorded("tempo/trace_v2_not_found.txt")).unwrap(), None);
    assert!(tempo::parse_tempo_trace(&read_recorded("tempo/trace_bad_id.txt")).unwrap_err().contains("malformed JSON"));

    let logs = loki::parse_loki_streams(&read_recorded("loki/query_range_by_trace_id.json")).unwrap();
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].trace_id.as_deref(), Some("e32e014575aae3297f08f1c5e95234bc"));
    assert_eq!(logs[0].span_id.as_deref(), Some("29df473a43681741"));
    assert_eq!(logs[0].severity.as_deref(), Some("INFO"));
    assert_eq!(logs[0].line, "smoke log line run=fx1");
    assert!(loki::parse_loki_streams(&read_recorded("loki/query_range_empty.json")).unwrap().is_empty());

    let samples = prometheus::parse_prometheus_vector(&read_recorded("prometheus/query_counter.json")).unwrap();
    assert_eq!(samples[0].0["exported_job"], "peer-smoke");
    assert_eq!(samples[0].1, 1.0);
    assert!(prometheus::parse_prometheus_vector(&read_recorded("prometheus/query_empty.json")).unwrap().is_empty());
    let err = prometheus::parse_prometheus_vector(&read_recorded("prometheus/query_bad_promql.json")).unwrap_err();
    assert!(err.contains("unclosed left parenthesis") && err.contains("bad_data"), "{err}");
    let ex = prometheus::parse_prometheus_exemplars(&read_recorded("prometheus/query_exemplars.json")).unwrap();
    assert_eq!(ex, [("e32e014575aae3297f08f1c5e95234bc".to_owned(), "29df473a43681741".to_owned())]);
}

fn smoke(fake: &FakePipeline, extra: &[&str]) -> (std::process::Output, Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args([
            "--format",
            "json",
            "smoke-test",
            "--otlp-endpoint",
            &fake.http,
            "--tempo-url",
            &fake.http,
            "--loki-url",
            &fake.http,
        ])
        .args(extra)
        .output()
        .unwrap();
    let json: Value = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    (out, json)
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name} in {report:#}"))
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn end_to_end_over_http_with_a_real_prometheus() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(true);
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("smoke.xml");
    let (out, report) = smoke(
        &fake,
        &[
            "--prometheus-url",
            &prom.url,
            "--metric-namespace",
            "agentstack",
            "--timeout",
            "30",
            "--service-name",
            "checkout",
            "--junit",
            junit.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{report:#}\n{}", stderr_of(&out));
    for name in [
        "export.traces",
        "export.metrics",
        "export.logs",
        "tempo.trace",
        "loki.logs",
        "prometheus.counter",
        "prometheus.histogram",
        "prometheus.exemplar",
        "correlation",
    ] {
        assert_eq!(check(&report, name)["outcome"], "pass", "{name}: {report:#}");
    }
    let trace_id = report["trace_id"].as_str().unwrap();
    let run_id = report["run_id"].as_str().unwrap();

    // Exactly what was emitted, as the receiver decoded it.
    let r = fake.received();
    let rs = &r.traces[0].0.resource_spans[0];
    let resource = &rs.resource.as_ref().unwrap().attributes;
    assert!(resource.iter().any(|a| a.key == "service.name" && format!("{:?}", a.value).contains("checkout")));
    let spans = &rs.scope_spans[0].spans;
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    assert_eq!(spans.len(), 3);
    assert!(spans.iter().all(|s| hex(&s.trace_id) == trace_id));
    let root = spans.iter().find(|s| s.parent_span_id.is_empty()).unwrap();
    assert_eq!(root.kind, 2, "SERVER root");
    assert!(spans.iter().filter(|s| !s.parent_span_id.is_empty()).all(|s| s.parent_span_id == root.span_id));
    let client = spans.iter().find(|s| s.kind == 3).unwrap();
    assert_eq!(client.status.as_ref().unwrap().code, 2);
    assert_eq!(client.events[0].name, "exception");

    let metrics = &r.metrics[0].0.resource_metrics[0].scope_metrics[0].metrics;
    let Some(metric::Data::Sum(sum)) = &metrics[0].data else { panic!("counter") };
    assert!(sum.is_monotonic && sum.aggregation_temporality == 2, "cumulative monotonic sum");
    let Some(metric::Data::Histogram(h)) = &metrics[1].data else { panic!("histogram") };
    assert_eq!((h.aggregation_temporality, metrics[1].unit.as_str()), (2, "s"));
    assert_eq!(hex(&h.data_points[0].exemplars[0].trace_id), trace_id);
    assert_eq!(h.data_points[0].exemplars[0].span_id, root.span_id);

    let logs = &r.logs[0].0.resource_logs[0].scope_logs[0].log_records;
    assert_eq!(logs.len(), 2);
    assert!(logs.iter().all(|l| hex(&l.trace_id) == trace_id));
    assert!(logs.iter().any(|l| l.severity_text == "ERROR" && l.span_id == client.span_id));
    assert!(r
        .exports
        .iter()
        .all(|(path, h)| path.starts_with("/v1/") && h["content-type"] == "application/x-protobuf"));

    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), report["checks"].as_array().unwrap().len());
    assert!(xml.contains("failures=\"0\"") && xml.contains(run_id));
}

#[test]
fn grpc_with_gzip_headers_and_tenant_through_grafana_proxy() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
        .env("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
        .env("OTEL_EXPORTER_OTLP_HEADERS", "x-team=blue,authorization=Bearer%20s3cr3t-otlp")
        .env("OTEL_SERVICE_NAME", "from-env")
        .args([
            "--format",
            "json",
            "smoke-test",
            "--otlp-endpoint",
            &fake.grpc,
            "--grafana",
            &fake.http,
            "--signals",
            "traces,logs",
            "--tenant",
            "acme",
            "--timeout",
            "20",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(report["service_name"], "from-env");
    assert_eq!(check(&report, "correlation")["outcome"], "pass");
    assert!(check(&report, "tempo.trace")["last_query"]
        .as_str()
        .unwrap()
        .contains("/api/datasources/proxy/uid/otelkit-tempo/api/v2/traces/"));
    let r = fake.received();
    let (path, meta) = &r.exports[0];
    assert!(path.starts_with("grpc:"));
    assert_eq!(meta["x-team"], "blue");
    assert_eq!(meta["authorization"], "Bearer s3cr3t-otlp");
    assert_eq!(meta["x-scope-orgid"], "acme");
    assert_eq!(meta["grpc-encoding"], "gzip");
    assert!(!stdout_of(&out).contains("s3cr3t") && !stderr_of(&out).contains("s3cr3t"));
}

#[test]
fn per_signal_endpoint_is_used_as_is_and_rejections_are_named() {
    let fake = FakePipeline::start(None, Knobs::default());
    let (out, report) = smoke(&fake, &["--signals", "traces", "--timeout", "10"]);
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", format!("{}/custom/traces", fake.http))
        .args(["--format", "json", "smoke-test", "--signals", "traces", "--tempo-url", &fake.http, "--timeout", "10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert_eq!(fake.received().exports.last().unwrap().0, "/custom/traces");

    fake.fake.knobs.lock().unwrap().export_status = Some(401);
    let (out, report) = smoke(&fake, &["--signals", "traces,logs", "--timeout", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(check(&report, "export.traces")["detail"].as_str().unwrap().contains("authentication refused"));
    assert_eq!(check(&report, "tempo.trace")["outcome"], "skip");
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn missing_exemplar_storage_is_a_warning_and_a_wrong_namespace_names_itself() {
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let prom = fake.real_prometheus(false);
    let (out, report) = smoke(
        &fake,
        &[
            "--prometheus-url",
            &prom.url,
            "--metric-namespace",
            "agentstack",
            "--signals",
            "traces,metrics",
            "--timeout",
            "20",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    let ex = check(&report, "prometheus.exemplar");
    assert_eq!(ex["outcome"], "warn");
    assert!(ex["detail"].as_str().unwrap().contains("--enable-feature=exemplar-storage"));
    assert_eq!(check(&report, "correlation")["outcome"], "warn");

    let (out, report) = smoke(&fake, &["--prometheus-url", &prom.url, "--signals", "metrics", "--timeout", "4"]);
    assert_eq!(out.status.code(), Some(1));
    let detail = check(&report, "prometheus.counter")["detail"].as_str().unwrap().to_owned();
    assert!(
        detail.contains("exists as agentstack_otelkit_smoke_requests_total") && detail.contains("--metric-namespace"),
        "{detail}"
    );
}

#[test]
fn visibility_delay_is_waited_for() {
    let fake = FakePipeline::start(None, Knobs { visible_after: Duration::from_millis(1500), ..Default::default() });
    let (out, report) = smoke(&fake, &["--signals", "traces,logs", "--timeout", "20"]);
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    // The fake's 1.5 s start when the export arrives, otelkit's clock when the answer is back: on a
    // loaded machine the two are apart by the answer's way back.
    let visible_after = check(&report, "tempo.trace")["visible_after"].as_f64().unwrap();
    assert!((1.0..20.0).contains(&visible_after), "{visible_after}");
}

/// Each broken backend: a clear failure naming it, exit 1, no panic, no hang.
#[test]
fn faults_fail_clearly() {
    let closed = format!("http://127.0.0.1:{}", free_port());
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let run = |tempo: &str, extra: &[&str]| {
        let out = otelkit(dir.path())
            .args([
                "--format",
                "json",
                "smoke-test",
                "--otlp-endpoint",
                &fake.http,
                "--tempo-url",
                tempo,
                "--signals",
                "traces",
                "--timeout",
                "2",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}{}", stdout_of(&out), stderr_of(&out));
        assert!(!stderr_of(&out).contains("panicked"));
        let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
        check(&report, "tempo.trace").clone()
    };
    let c = run(&closed, &[]);
    assert!(c["detail"].as_str().unwrap().contains("tempo: connection refused"), "{c}");
    assert!(c["curl"].as_str().unwrap().starts_with("curl -sS"));

    let https = fake.http.replace("http://", "https://");
    let c = run(&https, &[]);
    let d = c["detail"].as_str().unwrap().to_ascii_lowercase();
    assert!(d.contains("tempo") && (d.contains("tls") || d.contains("ssl") || d.contains("record")), "{c}");

    for (knobs, expect) in [
        (Knobs { broken: Some((500, "boom".into())), ..Default::default() }, "HTTP 500"),
        (Knobs { broken: Some((200, "{not json".into())), ..Default::default() }, "malformed JSON"),
        (Knobs { broken: Some((200, "x".repeat(17 * 1024 * 1024))), ..Default::default() }, "larger than 16 MiB"),
        (Knobs { broken: Some((403, "denied".into())), ..Default::default() }, "authentication refused"),
        (Knobs { answer_delay: Duration::from_secs(5), ..Default::default() }, "timed out"),
    ] {
        *fake.fake.knobs.lock().unwrap() = knobs;
        let c = run(&fake.http, &[]);
        assert!(c["detail"].as_str().unwrap().contains(expect), "expected {expect:?}: {c}");
    }
}

#[test]
fn secrets_never_reach_output_or_reports() {
    let fake = FakePipeline::start(None, Knobs { broken: Some((500, "boom".into())), ..Default::default() });
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("j.xml");
    let out = otelkit(dir.path())
        .env("OTELKIT_TEMPO_TOKEN", "s3cr3t-tempo")
        .env("OTELKIT_LOKI_BASIC_AUTH", "alice:s3cr3t-loki")
        .env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20s3cr3t-otlp")
        .args([
            "smoke-test",
            "--explain",
            "--otlp-endpoint",
            &fake.http,
            "--tempo-url",
            &fake.http,
            "--loki-url",
            &fake.http,
        ])
        .args([
            "--signals",
            "traces,logs",
            "--timeout",
            "2",
            "--header",
            "X-Api-Key=s3cr3t-hdr",
            "--junit",
            junit.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let all = format!("{}{}{}", stdout_of(&out), stderr_of(&out), std::fs::read_to_string(&junit).unwrap());
    assert!(all.contains("Authorization: Bearer ***") && all.contains("curl -sS"), "{all}");
    assert!(!all.contains("s3cr3t"), "{all}");
    assert!(
        fake.received().exports.iter().all(|(_, h)| h["authorization"] == "Bearer s3cr3t-otlp"),
        "the secret is still sent"
    );
}

#[test]
fn bad_usage_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["smoke-test", "--timeout", "-1"],
        vec!["smoke-test", "--signals", "profiles"],
        vec!["smoke-test", "--protocol", "http/json"],
        vec!["smoke-test", "--tempo-url", "not a url"],
        vec!["smoke-test", "--header", "novalue"],
    ] {
        let out = otelkit(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    }
    let out = otelkit(dir.path()).env("OTEL_EXPORTER_OTLP_TIMEOUT", "ten").arg("smoke-test").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).starts_with("error: OTEL_EXPORTER_OTLP_TIMEOUT"));
}

#[test]
fn diagnose_names_the_hop_where_data_stopped() {
    let fake = FakePipeline::start(
        None,
        Knobs { exporter_fails: true, visible_after: Duration::from_secs(3600), ..Default::default() },
    );
    let telemetry = format!("{}/self/metrics", fake.http);
    // Ports this test owns, nothing listening: whatever runs on this machine's 13133 or 9090.
    let health = format!("http://127.0.0.1:{}/", free_port());
    let prometheus = format!("http://127.0.0.1:{}", free_port());
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .env("OTELKIT_HEALTH_URL", &health)
        .args(["--format", "json", "smoke-test", "--otlp-endpoint", &fake.http, "--tempo-url", &fake.http])
        .args(["--loki-url", &fake.http, "--prometheus-url", &prometheus, "--signals", "traces,logs"])
        .args(["--timeout", "2", "--diagnose", "--telemetry-url", &telemetry])
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap_or_else(|_| panic!("{}", stderr_of(&out)));
    assert_eq!(out.status.code(), Some(1));
    let hop = check(&report, "hop.traces");
    assert_eq!(hop["outcome"], "fail");
    assert!(hop["detail"].as_str().unwrap().contains("failed at exporter otlp/tempo"), "{hop}");
    // The health URL from the environment is the one checked (the default, port 13133 of the
    // OTLP endpoint's host, is settings::pipeline's unit test).
    let health_check = check(&report, "collector.health");
    assert_eq!(health_check["outcome"], "fail", "{health_check}");
    assert!(health_check["detail"].as_str().unwrap().starts_with(&health), "{health_check}");
    assert_eq!(check(&report, "tempo.query_frontend")["outcome"], "pass");
}

#[test]
fn malformed_headers_are_usage_errors_naming_their_source() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("OTEL_EXPORTER_OTLP_HEADERS", "=sekrit-empty-name"),
        ("OTEL_EXPORTER_OTLP_HEADERS", "bad name=sekrit-bad-name"),
        ("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "authorization=Bearer%0Asekrit-newline"),
    ] {
        let out = otelkit(dir.path()).env(var, value).args(["smoke-test", "--timeout", "1"]).output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{var}={value}: {err}");
        assert!(err.starts_with(&format!("error: {var}: ")), "{err}");
        assert!(!err.contains("sekrit"), "{err}");
    }
    let out = otelkit(dir.path())
        .args(["smoke-test", "--timeout", "1", "--header", "X-Team=blue", "--header", "Authorization=a\nsekrit-nl"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("error: --header: the value of entry 2") && !err.contains("sekrit"), "{err}");
}
