//! The real OpenTelemetry Collector (tests/otelcol, built by .ci/deps/otelcol.sh) judges what
//! otelkit writes and what lint says: every generated config validates without a warning and
//! runs; every lint error is one the collector also has; what the collector runs, lint passes.
//! And it stands where a user's collector would for smoke-test and doctor: the generated config
//! carries a run to the backends, and faults planted in it are named at their hop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use otelkit::collector::Version;
use otelkit::lint::{lint_str, LintOptions, Severity};
use serde_yaml_ng::Value;

use crate::collector_support::{
    all_output, at, http, mapped, one_span_json, release, repo, sample, start_briefly, validate, warnings,
    with_free_ports, yaml, CollectorPipeline, RunningCollector, StartUp, NAMESPACE,
};
use crate::support::{otelkit, stderr_of, stdout_of};

/// Env the generated configs reference (--auth-token-env TOKEN, TEMPO_TOKEN in docs).
const ENV: &[(&str, &str)] = &[("TOKEN", "test-token"), ("TEMPO_TOKEN", "test-token")];

fn gen(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(args).output().unwrap();
    assert!(out.status.success(), "otelkit {args:?}: {}", stderr_of(&out));
    stdout_of(&out)
}

/// Error codes lint reports for `text` at `version`, with the env above set.
fn lint_errors(text: &str, version: &str) -> Vec<&'static str> {
    let opts = LintOptions {
        collector_version: Version::parse(version).unwrap(),
        environment: None,
        env: ENV.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
    };
    lint_str(text, &opts).diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.code).collect()
}

/// Validates with no warning, runs, and lints without an error.
fn assert_collector_and_lint_accept(label: &str, text: &str, run: bool) {
    let out = validate(text, ENV);
    let output = all_output(&out);
    assert!(out.status.success(), "{label}: validate failed:\n{output}\n{text}");
    assert!(warnings(&output).is_empty(), "{label}: validate warns:\n{output}");
    let errors = lint_errors(text, &release());
    assert!(errors.is_empty(), "{label}: the collector accepts it but lint reports {errors:?}");
    if run {
        let started = start_briefly(text, ENV);
        assert!(matches!(started, StartUp::Ran { .. }), "{label}: does not run:\n{}", started.log());
        let deprecated: Vec<String> =
            warnings(started.log()).into_iter().filter(|l| l.to_ascii_lowercase().contains("deprecat")).collect();
        assert!(deprecated.is_empty(), "{label}: start-up names deprecations:\n{deprecated:#?}");
    }
}

#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn every_generated_collector_config_validates_without_warnings() {
    let release = release();
    let default = gen(&["gen", "collector"]);
    assert!(
        default.contains(&format!("for collector v{release} ")),
        "the default --collector-version is the release the tests build"
    );
    assert_collector_and_lint_accept("gen collector (defaults)", &default, true);
    for traces in ["tempo", "jaeger", "otlp", "debug"] {
        for metrics in ["prometheus", "remote-write", "otlp", "victoriametrics"] {
            for logs in ["loki", "victorialogs", "otlp", "debug"] {
                // The tiers' modes (agent, load-balancer, sampler) need contrib components the suite's
                // collector does not build (k8s_attributes, load_balancing, ...): the gateway only.
                // VictoriaLogs's tenant is a number (its AccountID).
                let tenant = if logs == "victorialogs" { "12" } else { "acme" };
                let args = [
                    "gen",
                    "collector",
                    "--collector-version",
                    &release,
                    "--traces",
                    traces,
                    "--metrics",
                    metrics,
                    "--logs",
                    logs,
                    "--tenant",
                    tenant,
                    "--auth-token-env",
                    "TOKEN",
                ];
                let yaml = gen(&args);
                // Start-ups take seconds each: one per metrics exporter.
                let run = traces == "tempo" && logs == "loki"
                    || traces == "debug" && logs == "debug"
                    || traces == "jaeger" && logs == "victorialogs";
                assert_collector_and_lint_accept(&args[2..].join(" "), &yaml, run);
            }
        }
    }
}

#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn k8s_configmap_and_compose_collector_configs_validate_without_warnings() {
    let stream = gen(&["gen", "k8s", "--metric-namespace", "agentstack", "--tenant", "acme"]);
    let configmap = serde_yaml_ng::Deserializer::from_str(&stream)
        .map(|d| <Value as serde::Deserialize>::deserialize(d).unwrap())
        .find(|d| d["kind"].as_str() == Some("ConfigMap"))
        .expect("a ConfigMap");
    let config = configmap["data"]["config.yaml"].as_str().expect("config.yaml in the ConfigMap");
    assert_collector_and_lint_accept("gen k8s ConfigMap", config, true);

    for metrics in ["prometheus", "remote-write", "otlp"] {
        let dir = tempfile::tempdir().unwrap();
        let out =
            otelkit(dir.path()).args(["gen", "compose", "--dir", "stack", "--metrics", metrics]).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let config = std::fs::read_to_string(dir.path().join("stack/otel-collector.yaml")).unwrap();
        assert_collector_and_lint_accept(&format!("gen compose --metrics {metrics}"), &config, metrics == "prometheus");
    }
}

/// How the collector takes a config (tests/fixtures/lint-real/README.md records it per file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// `otelcol validate` fails.
    Validate,
    /// Validates, but the collector exits at start-up.
    StartUp,
    /// Validates and runs: the mistake shows only when data flows (or never).
    Runs,
}

impl Verdict {
    fn word(self) -> &'static str {
        match self {
            Verdict::Validate => "validate",
            Verdict::StartUp => "start-up",
            Verdict::Runs => "runs",
        }
    }
}

fn verdict(text: &str) -> (Verdict, String) {
    let out = validate(text, ENV);
    if !out.status.success() {
        return (Verdict::Validate, all_output(&out));
    }
    match start_briefly(text, ENV) {
        StartUp::Failed { log } => (Verdict::StartUp, log),
        StartUp::Ran { log } => (Verdict::Runs, log),
    }
}

fn lint_real_dir() -> PathBuf {
    repo().join("tests/fixtures/lint-real")
}

/// The README's table: file -> (lint code, lint target version, verdict word).
fn recorded_verdicts() -> BTreeMap<String, (String, String, String)> {
    let readme = std::fs::read_to_string(lint_real_dir().join("README.md")).unwrap();
    readme
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<String> =
                l.trim_matches('|').split('|').map(|c| c.trim().trim_matches('`').to_owned()).collect();
            assert!(cells.len() >= 4, "a README row has file, code, lint target, verdict: {l}");
            (cells[0].clone(), (cells[1].clone(), cells[2].clone(), cells[3].clone()))
        })
        .collect()
}

fn corpus_files(prefix_good: bool) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(lint_real_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| file_name(p).starts_with("good-") == prefix_good)
        .collect();
    files.sort();
    files
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn every_lint_error_is_a_collector_error() {
    let recorded = recorded_verdicts();
    let broken = corpus_files(false);
    let codes_covered: std::collections::BTreeSet<String> =
        broken.iter().map(|p| recorded[&file_name(p)].0.clone()).collect();
    for code in [
        "yaml",
        "removed-component",
        "removed-option",
        "unknown-to-version",
        "no-pipelines",
        "unknown-signal",
        "wrong-type",
        "empty-pipeline",
        "undefined-component",
        "signal-mismatch",
        "grpc-to-http-port",
        "missing-scheme",
        "http-to-grpc-port",
        "plaintext-to-tls-port",
        "duplicate-port",
    ] {
        assert!(codes_covered.contains(code), "no file in tests/fixtures/lint-real for lint error {code}");
    }
    let mut failures = Vec::new();
    for path in &broken {
        let name = file_name(path);
        let text = std::fs::read_to_string(path).unwrap();
        let Some((code, target, expected)) = recorded.get(&name) else {
            failures.push(format!("{name}: no row in tests/fixtures/lint-real/README.md"));
            continue;
        };
        let target = if target == "release" { release() } else { target.clone() };
        let errors = lint_errors(&text, &target);
        if errors != [code.as_str()] {
            failures.push(format!("{name}: lint at v{target} reports errors {errors:?}, expected exactly [{code}]"));
        }
        let (verdict, output) = verdict(&text);
        if verdict.word() != expected {
            failures.push(format!(
                "{name}: the collector's verdict is {}, the README says {expected}\n{output}",
                verdict.word()
            ));
        }
        // A lint error the collector neither rejects at validate nor at start-up must be one for
        // an older target (unknown-to-version) or one that fails every export: checked below.
        if verdict == Verdict::Runs
            && !matches!(
                code.as_str(),
                "unknown-to-version" | "grpc-to-http-port" | "http-to-grpc-port" | "plaintext-to-tls-port"
            )
            && name != "missing-scheme-remote-write-host.yaml"
        {
            failures.push(format!("{name}: lint error {code} on a config the collector runs"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The port mistakes the collector accepts fail every export: a gRPC exporter aimed at an
/// OTLP/HTTP port, and an OTLP/HTTP exporter aimed at an OTLP/gRPC port (both this collector's own
/// receivers), count each span they were given as failed.
#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn wrong_protocol_ports_fail_every_export() {
    for (file, exporter) in [("grpc-to-http-port.yaml", "otlp_grpc/loop"), ("http-to-grpc-port.yaml", "otlp_http/loop")]
    {
        let text = std::fs::read_to_string(lint_real_dir().join(file)).unwrap();
        let (config, ports) = with_free_ports(&text);
        let mut collector = RunningCollector::spawn(&config, ENV);
        assert!(collector.wait_ready(Duration::from_millis(200)), "{file}: does not run:\n{}", collector.log());
        let body = one_span_json("5b8efff798038103d269b633813fc60c", "lint-real");
        let (status, _, answer) =
            http(mapped(&ports, 4318), "POST", "/v1/traces", &[("Content-Type", "application/json")], body.as_bytes());
        assert_eq!(status, 200, "{file}: the receiver takes the span: {}", String::from_utf8_lossy(&answer));
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let label = format!("exporter=\"{exporter}\"");
        loop {
            let (_, _, page) = http(mapped(&ports, 8888), "GET", "/metrics", &[], b"");
            let page = String::from_utf8_lossy(&page).into_owned();
            let failed = sample(&page, "otelcol_exporter_send_failed_spans_total", &[&label])
                .or_else(|| sample(&page, "otelcol_exporter_send_failed_spans", &[&label]));
            let sent = sample(&page, "otelcol_exporter_sent_spans_total", &[&label])
                .or_else(|| sample(&page, "otelcol_exporter_sent_spans", &[&label]));
            if failed.is_some_and(|f| f >= 1.0) {
                assert!(sent.unwrap_or(0.0) == 0.0, "{file}: nothing may arrive: {sent:?}");
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{file}: no failed export counted:\n{page}\n{}",
                collector.log()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

/// A remote-write endpoint without scheme whose host is a name validates and runs (Go reads the
/// host as the scheme), and every export fails: lint's missing-scheme error is the collector's
/// failure, found before data is lost.
#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn remote_write_without_scheme_fails_every_export() {
    let file = "missing-scheme-remote-write-host.yaml";
    let text = std::fs::read_to_string(lint_real_dir().join(file)).unwrap();
    let (config, ports) = with_free_ports(&text);
    let mut collector = RunningCollector::spawn(&config, ENV);
    assert!(collector.wait_ready(Duration::from_millis(200)), "{file}: does not run:\n{}", collector.log());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let body = format!(
        r#"{{"resourceMetrics":[{{"resource":{{}},"scopeMetrics":[{{"metrics":[{{"name":"lint_real","gauge":{{"dataPoints":[{{"asDouble":1,"timeUnixNano":"{now}"}}]}}}}]}}]}}]}}"#
    );
    let (status, _, answer) =
        http(mapped(&ports, 4318), "POST", "/v1/metrics", &[("Content-Type", "application/json")], body.as_bytes());
    assert_eq!(status, 200, "the receiver takes the point: {}", String::from_utf8_lossy(&answer));
    let label = "exporter=\"prometheus_remote_write\"";
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let (_, _, page) = http(mapped(&ports, 8888), "GET", "/metrics", &[], b"");
        let page = String::from_utf8_lossy(&page).into_owned();
        let failed = sample(&page, "otelcol_exporter_send_failed_metric_points_total", &[label])
            .or_else(|| sample(&page, "otelcol_exporter_send_failed_metric_points", &[label]));
        let sent = sample(&page, "otelcol_exporter_sent_metric_points_total", &[label])
            .or_else(|| sample(&page, "otelcol_exporter_sent_metric_points", &[label]));
        if failed.is_some_and(|f| f >= 1.0) {
            assert!(sent.unwrap_or(0.0) == 0.0, "nothing may arrive: {sent:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no failed export counted:\n{page}\n{}", collector.log());
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn what_the_collector_runs_lint_passes() {
    for path in corpus_files(true) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_collector_and_lint_accept(&file_name(&path), &text, true);
    }
    // Recorded from a real collector with the old names (otlp, otlphttp): deprecated aliases the
    // built release still accepts, with a warning at start-up that lint gives too.
    let recorded = std::fs::read_to_string(repo().join("tests/fixtures/recorded/collector/config.yaml")).unwrap();
    let out = validate(&recorded, ENV);
    assert!(out.status.success(), "{}", all_output(&out));
    assert!(lint_errors(&recorded, &release()).is_empty());
    let started = start_briefly(&recorded, ENV);
    assert!(matches!(started, StartUp::Ran { .. }), "{}", started.log());
}

/// Each rename lint knows for a component in the built collector: the old name still loads, with
/// the collector's own deprecation warning, and lint warns deprecated-alias for it.
#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn deprecated_aliases_warn_in_lint_and_in_the_collector() {
    let text = std::fs::read_to_string(lint_real_dir().join("good-minimal.yaml")).unwrap().replace(
        "exporters:\n  debug:\n    verbosity: basic\n",
        "exporters:\n  otlp/a:\n    endpoint: 127.0.0.1:9\n    tls:\n      insecure: true\n  otlphttp/b:\n    endpoint: http://127.0.0.1:9\n  prometheusremotewrite/c:\n    endpoint: http://127.0.0.1:9/api/v1/write\n",
    )
    .replace("exporters: [debug]\n    metrics", "exporters: [otlp/a]\n    metrics")
    .replace("exporters: [debug]\n    logs", "exporters: [prometheusremotewrite/c]\n    logs")
    .replace("exporters: [debug]", "exporters: [otlphttp/b]");
    let opts =
        LintOptions { collector_version: Version::parse(&release()).unwrap(), environment: None, env: BTreeMap::new() };
    let aliases = lint_str(&text, &opts).diagnostics.iter().filter(|d| d.code == "deprecated-alias").count();
    assert_eq!(aliases, 3, "{text}");
    let started = start_briefly(&text, ENV);
    let log = started.log();
    assert!(matches!(started, StartUp::Ran { .. }), "{log}");
    for (old, new) in
        [("otlp", "otlp_grpc"), ("otlphttp", "otlp_http"), ("prometheusremotewrite", "prometheus_remote_write")]
    {
        assert!(
            log.contains(&format!("\"{old}\" alias is deprecated; use \"{new}\" instead")),
            "no deprecation of {old} in:\n{log}"
        );
    }
}

// smoke-test and doctor with the real collector in the path where a user's collector would be:
// the config `gen collector` writes, its traces exporter aimed at the fake pipeline's OTLP/gRPC
// receiver (Tempo's ingest), its logs exporter at the fake's `/otlp` (Loki's OTLP endpoint), its
// `prometheus` exporter scraped by a real Prometheus. Faults are planted in the collector's config.

fn run_json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out = crate::support::otelkit(dir.path()).args(["--format", "json"]).args(args).output().unwrap();
    assert!(!stderr_of(&out).contains("panicked"), "{}", stderr_of(&out));
    let report = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("otelkit {args:?}:\n{}\n{}", stdout_of(&out), stderr_of(&out)));
    (out.status.code(), report)
}

/// (outcome, detail) of the check `name`.
fn check<'a>(report: &'a serde_json::Value, name: &str) -> (&'a str, &'a str) {
    let c = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no check {name}: {report:#}"));
    (c["outcome"].as_str().unwrap(), c["detail"].as_str().unwrap())
}

/// `otelkit smoke-test` over OTLP/HTTP into the pipeline's collector, with the fake's Tempo and
/// Loki and no Prometheus (for the faults in traces and logs).
fn smoke(p: &CollectorPipeline, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let http = p.otlp_http();
    let mut args =
        vec!["smoke-test", "--otlp-endpoint", &http, "--tempo-url", &p.fake.http, "--loki-url", &p.fake.http];
    args.extend(extra);
    run_json(&args)
}

/// `otelkit doctor` against the pipeline's collector, its self-metrics and the fake's Tempo and
/// Loki; `namespace` as the user would pass it.
fn doctor(
    p: &CollectorPipeline,
    prometheus: &str,
    namespace: Option<&str>,
    timeout: &str,
) -> (Option<i32>, serde_json::Value) {
    let (http, grpc, health, telemetry) = (p.otlp_http(), p.otlp_grpc(), p.health_url(), p.telemetry_url());
    let mut args = vec!["doctor", "--otlp-endpoint", &http, "--otlp-grpc-endpoint", &grpc];
    args.extend(["--health-url", &health, "--telemetry-url", &telemetry]);
    args.extend(["--tempo-url", &p.fake.http, "--loki-url", &p.fake.http, "--prometheus-url", prometheus]);
    args.extend(["--timeout", timeout]);
    if let Some(ns) = namespace {
        args.extend(["--metric-namespace", ns]);
    }
    run_json(&args)
}

/// Doctor for a fault planted in traces or logs: no Prometheus, a short wait; it fails.
fn doctor_fault(p: &CollectorPipeline) -> serde_json::Value {
    let no_prometheus = format!("http://127.0.0.1:{}", crate::support::free_port());
    let (code, report) = doctor(p, &no_prometheus, Some(NAMESPACE), "6");
    assert_eq!(code, Some(1), "{report:#}");
    report
}

const SMOKE_CHECKS: &[&str] = &[
    "export.traces",
    "export.metrics",
    "export.logs",
    "tempo.trace",
    "loki.logs",
    "prometheus.counter",
    "prometheus.histogram",
    "prometheus.exemplar",
    "correlation",
];

#[test]
#[ignore = "needs the collector built by .ci/deps/otelcol.sh and prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn smoke_test_passes_through_the_real_collector_over_http_and_grpc() {
    let p = CollectorPipeline::start();
    let prom = p.real_prometheus();
    for (protocol, endpoint) in [("http/protobuf", p.otlp_http()), ("grpc", p.otlp_grpc())] {
        let (code, report) = run_json(&[
            "smoke-test",
            "--protocol",
            protocol,
            "--otlp-endpoint",
            &endpoint,
            "--tempo-url",
            &p.fake.http,
            "--loki-url",
            &p.fake.http,
            "--prometheus-url",
            &prom.url,
            "--metric-namespace",
            NAMESPACE,
            "--timeout",
            "30",
        ]);
        assert_eq!(code, Some(0), "{protocol}: {report:#}\n{}", p.collector.log());
        for name in SMOKE_CHECKS {
            assert_eq!(check(&report, name).0, "pass", "{protocol} {name}: {report:#}");
        }
        let trace_id = report["trace_id"].as_str().unwrap();
        assert!(check(&report, "prometheus.exemplar").1.contains(trace_id), "{report:#}");
    }
    // What the fake got came through the collector: the spans by its otlp_grpc exporter, the log
    // records by its otlp_http exporter at Loki's OTLP path, each with the resource attribute the
    // collector's resource processor inserts; metrics went to Prometheus only.
    let r = p.fake.received();
    assert!(r.metrics.is_empty(), "metrics reach Prometheus through the exporter's page, not OTLP");
    assert!(!r.traces.is_empty() && !r.logs.is_empty());
    for (path, headers) in &r.exports {
        assert!(path == "grpc:traces" || path == "/otlp/v1/logs", "an export not from the collector: {path}");
        let agent = headers.get("user-agent").map(String::as_str).unwrap_or_default();
        assert!(agent.starts_with("OpenTelemetry Collector"), "{path} came from elsewhere: {agent}");
    }
    let environment = |attrs: &[opentelemetry_proto::tonic::common::v1::KeyValue]| {
        attrs.iter().any(|a| a.key == "deployment.environment.name")
    };
    for (req, _) in &r.traces {
        assert!(req.resource_spans.iter().all(|rs| environment(&rs.resource.as_ref().unwrap().attributes)));
    }
    for (req, _) in &r.logs {
        assert!(req.resource_logs.iter().all(|rl| environment(&rl.resource.as_ref().unwrap().attributes)));
    }
}

#[test]
#[ignore = "needs the collector built by .ci/deps/otelcol.sh and prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn doctor_passes_the_real_collector_and_names_a_metric_namespace_mismatch() {
    let p = CollectorPipeline::start();
    let prom = p.real_prometheus();
    let (code, report) = doctor(&p, &prom.url, Some(NAMESPACE), "20");
    assert_eq!(code, Some(0), "{report:#}\n{}", p.collector.log());
    for name in [
        "collector.health",
        "collector.otlp_http",
        "collector.otlp_grpc",
        "collector.self_metrics",
        "tempo.ready",
        "tempo.query_frontend",
        "loki.ready",
        "loki.otlp",
        "prometheus.ready",
        "prometheus.exemplars",
        "prometheus.scrape",
        "hop.traces",
        "hop.metrics",
        "hop.logs",
    ] {
        assert_eq!(check(&report, name).0, "pass", "{name}: {report:#}");
    }
    for c in report["checks"].as_array().unwrap() {
        // The metrics are scraped here: Prometheus's OTLP receiver is not needed, only reported.
        let expected = match c["name"].as_str() {
            Some("loki.version") => "warn",
            Some("prometheus.otlp") => "skip",
            _ => "pass",
        };
        assert_eq!(c["outcome"], expected, "the fake has a Loki without buildinfo, no more: {c:#}");
    }
    assert!(check(&report, "collector.health").1.contains("Server available"), "{report:#}");
    assert_eq!(check(&report, "prometheus.scrape").1, "2 collector target(s) up");
    for (hop, exporter) in
        [("hop.traces", "otlp_grpc/tempo (3)"), ("hop.metrics", "prometheus"), ("hop.logs", "otlp_http/loki (2)")]
    {
        let detail = check(&report, hop).1;
        assert!(detail.starts_with("receiver otlp ("), "{hop}: {detail}");
        assert!(detail.contains(&format!("-> exporter {exporter}")), "{hop}: {detail}");
        assert!(detail.ends_with("every hop passed"), "{hop}: {detail}");
    }

    // The user forgot the namespace the collector's prometheus exporter sets.
    let (code, report) = doctor(&p, &prom.url, None, "20");
    assert_eq!(code, Some(1), "{report:#}");
    let (outcome, detail) = check(&report, "hop.metrics");
    assert_eq!(outcome, "fail", "{detail}");
    assert!(detail.starts_with("delivered by exporter prometheus ("), "{detail}");
    assert!(
        detail.contains(&format!(
            "not queryable under the expected name: the run's counter exists as {NAMESPACE}_otelkit_smoke_requests_total: pass --metric-namespace"
        )),
        "{detail}"
    );
    assert_eq!(check(&report, "hop.traces").0, "pass", "{report:#}");
    assert_eq!(check(&report, "hop.logs").0, "pass", "{report:#}");
}

#[test]
#[ignore = "needs the collector built by .ci/deps/otelcol.sh: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn doctor_names_exporters_aimed_at_dead_ports_failed_and_retrying() {
    let dead = crate::support::free_port();
    let p = CollectorPipeline::start_planted(
        |config| {
            // Traces: retries off, so the export fails at once and counts as send_failed.
            let tempo = at(config, &["exporters", "otlp_grpc/tempo"]);
            tempo["endpoint"] = format!("127.0.0.1:{dead}").into();
            tempo["retry_on_failure"] = yaml("enabled: false");
            // Logs: the default retry_on_failure (300 s): the exporter keeps retrying.
            at(config, &["exporters", "otlp_http/loki"])["endpoint"] = format!("http://127.0.0.1:{dead}/otlp").into();
        },
        Duration::from_millis(200),
    );
    let report = doctor_fault(&p);
    let (outcome, detail) = check(&report, "hop.traces");
    assert_eq!(outcome, "fail", "{detail}");
    assert!(
        detail.starts_with(&format!("failed at exporter otlp_grpc/tempo (3) sending to 127.0.0.1:{dead}: ")),
        "{detail}"
    );
    let (outcome, detail) = check(&report, "hop.logs");
    assert_eq!(outcome, "fail", "{detail}");
    assert!(detail.starts_with("stuck at exporter otlp_http/loki (queue 1, in flight 1): retrying"), "{detail}");
    let page = p.self_metrics();
    assert!(p.collector.log().contains("Will retry the request after interval"), "{}", p.collector.log());
    assert!(sample(&page, "otelcol_exporter_sent_log_records", &[]).is_none(), "{page}");
}

#[test]
#[ignore = "needs the collector built by .ci/deps/otelcol.sh: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn doctor_names_a_filter_processor_dropping_the_run() {
    let p = CollectorPipeline::start_planted(
        |config| {
            at(config, &["processors"])["filter/drop-smoke"] =
                yaml("error_mode: ignore\ntraces:\n  span:\n    - 'attributes[\"otelkit.run_id\"] != nil'\n");
            let processors = at(config, &["service", "pipelines", "traces", "processors"]);
            let list = processors.as_sequence_mut().unwrap();
            let batch = list.iter().position(|p| p == "batch").unwrap();
            list.insert(batch, "filter/drop-smoke".into());
        },
        Duration::from_millis(200),
    );
    let report = doctor_fault(&p);
    let (outcome, detail) = check(&report, "hop.traces");
    assert_eq!(outcome, "fail", "{detail}");
    assert!(detail.starts_with("accepted (3) but dropped in processor filter/drop-smoke (3)"), "{detail}");
    assert_eq!(check(&report, "hop.logs").0, "pass", "only the traces pipeline filters: {report:#}");

    // smoke-test --diagnose names the same hop for the signal that failed, and only for it.
    let telemetry = p.telemetry_url();
    let (code, report) =
        smoke(&p, &["--signals", "traces,logs", "--timeout", "5", "--diagnose", "--telemetry-url", &telemetry]);
    assert_eq!(code, Some(1), "{report:#}");
    assert_eq!(check(&report, "tempo.trace").0, "fail", "{report:#}");
    assert_eq!(check(&report, "loki.logs").0, "pass", "{report:#}");
    let (outcome, detail) = check(&report, "hop.traces");
    assert_eq!(outcome, "fail", "{detail}");
    assert!(detail.starts_with("accepted (3) but dropped in processor filter/drop-smoke (3)"), "{detail}");
    assert!(report["checks"].as_array().unwrap().iter().all(|c| c["name"] != "hop.logs"), "{report:#}");
}

#[test]
#[ignore = "needs the collector built by .ci/deps/otelcol.sh: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn doctor_names_a_receiver_refusing_under_memory_limiter() {
    let p = CollectorPipeline::start_planted(
        |config| {
            // A limit the collector is always over: memory_limiter refuses everything from its
            // first check (check_interval 1s) on.
            at(config, &["processors"])["memory_limiter"] = yaml("check_interval: 1s\nlimit_mib: 1\n");
        },
        Duration::from_millis(2500),
    );
    let report = doctor_fault(&p);
    for (hop, items) in [("hop.traces", 3), ("hop.logs", 2)] {
        let (outcome, detail) = check(&report, hop);
        assert_eq!(outcome, "fail", "{detail}");
        assert!(
            detail.starts_with(&format!(
                "refused at the receiver: otlp ({items}); processor memory_limiter ({items}) refused them"
            )),
            "{hop}: {detail}"
        );
    }
    // smoke-test shows the collector's own reason for the refusal.
    let (code, report) = smoke(&p, &["--signals", "traces,logs", "--timeout", "2"]);
    assert_eq!(code, Some(1), "{report:#}");
    let (outcome, detail) = check(&report, "export.traces");
    assert_eq!(outcome, "fail", "{detail}");
    assert!(
        detail.ends_with(
            "rejected with HTTP 503 Service Unavailable: data refused due to high memory usage (gRPC status 14)"
        ),
        "{detail}"
    );
}
