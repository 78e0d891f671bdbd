//! The generated modules run for real: Rust compiled against crates.io, Python with the real SDK
//! from PyPI, Node with the real SDK from npm, each exporting to the in-test OTLP receiver. Go is
//! compiled and run in init_go.rs; here only its formatting is checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use opentelemetry_proto::tonic::common::v1::{any_value, KeyValue};

use crate::fake_pipeline::{FakePipeline, Knobs, Received};
use crate::support::{free_port, otelkit, require_tool, stderr_of, stdout_of};

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Caches shared by runs (crates, venv, node_modules), under target/ so `cargo clean` drops them.
pub(crate) fn cache(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-deps").join(name);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// What a service run must have sent: the span named `span`, a log record with its trace_id
/// and span_id and `log` in the body, and the design metric http.requests.
fn assert_correlated(r: &Received, span: &str, log: &str) {
    let spans: Vec<_> = r
        .traces
        .iter()
        .flat_map(|(t, _)| &t.resource_spans)
        .flat_map(|rs| &rs.scope_spans)
        .flat_map(|ss| &ss.spans)
        .collect();
    let s = spans
        .iter()
        .find(|s| s.name == span)
        .unwrap_or_else(|| panic!("no span {span:?} among {:?}", spans.iter().map(|s| &s.name).collect::<Vec<_>>()));
    let logs: Vec<_> = r
        .logs
        .iter()
        .flat_map(|(l, _)| &l.resource_logs)
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| &sl.log_records)
        .collect();
    let record = logs
        .iter()
        .find(|l| matches!(l.body.as_ref().and_then(|b| b.value.as_ref()), Some(any_value::Value::StringValue(b)) if b.contains(log)))
        .unwrap_or_else(|| panic!("no log record {log:?} among {} records", logs.len()));
    assert_eq!(hex(&record.trace_id), hex(&s.trace_id), "the log record carries the span's trace_id");
    assert_eq!(hex(&record.span_id), hex(&s.span_id), "and its span_id");
    let metric_names = metric_names(r);
    assert!(
        metric_names.contains(&"http.requests") && metric_names.contains(&"http.request.duration"),
        "{metric_names:?}"
    );
    let resource = &r.traces[0].0.resource_spans[0].resource.as_ref().unwrap().attributes;
    assert!(
        resource.iter().any(|a| a.key == "deployment.environment.name"),
        "resource has deployment.environment.name"
    );
}

/// The names of the OTLP metrics received.
pub(crate) fn metric_names(r: &Received) -> Vec<&str> {
    r.metrics
        .iter()
        .flat_map(|(m, _)| &m.resource_metrics)
        .flat_map(|rm| &rm.scope_metrics)
        .flat_map(|sm| &sm.metrics)
        .map(|m| m.name.as_str())
        .collect()
}

/// One metrics path at a time: by default they are pushed over OTLP and nothing listens on the
/// /metrics port; with OTEL_METRICS_EXPORTER=prometheus, /metrics serves `series` and nothing is
/// pushed. `run` runs the program (printing its /metrics page, or REFUSED when the connection is
/// refused) with that OTEL_METRICS_EXPORTER (None: unset), exporting to the receiver; its stdout.
fn assert_one_metrics_path(series: &str, run: impl Fn(Option<&str>, &FakePipeline) -> String) {
    for (value, served, pushed) in [(None, false, true), (Some("prometheus"), true, false)] {
        let fake = FakePipeline::start(None, Knobs::default());
        let stdout = run(value, &fake);
        assert_eq!(!stdout.contains("REFUSED"), served, "OTEL_METRICS_EXPORTER={value:?}: /metrics served?\n{stdout}");
        assert_eq!(stdout.contains(series), served, "OTEL_METRICS_EXPORTER={value:?}: {series} on /metrics?\n{stdout}");
        let r = fake.received();
        assert!(!r.traces.is_empty(), "OTEL_METRICS_EXPORTER={value:?}: traces still pushed");
        let pushed_names = metric_names(&r);
        assert_eq!(
            pushed_names.iter().any(|n| n.starts_with("http.request")),
            pushed,
            "OTEL_METRICS_EXPORTER={value:?}: OTLP metrics pushed? {pushed_names:?}"
        );
    }
}

/// The string attributes of the resource the traces carried; metrics and logs, when sent, must
/// agree on the ones a deployment sets.
pub(crate) fn resource_of(r: &Received) -> HashMap<String, String> {
    let strings = |attrs: &[KeyValue]| -> HashMap<String, String> {
        attrs
            .iter()
            .filter_map(|a| match a.value.as_ref()?.value.as_ref()? {
                any_value::Value::StringValue(s) => Some((a.key.clone(), s.clone())),
                _ => None,
            })
            .collect()
    };
    let traces = strings(&r.traces[0].0.resource_spans[0].resource.as_ref().unwrap().attributes);
    let metrics = r.metrics.iter().flat_map(|(m, _)| &m.resource_metrics).filter_map(|rm| rm.resource.as_ref());
    let logs = r.logs.iter().flat_map(|(l, _)| &l.resource_logs).filter_map(|rl| rl.resource.as_ref());
    for other in metrics.chain(logs).map(|res| strings(&res.attributes)) {
        for key in ["service.name", "service.instance.id", "deployment.environment.name", "service.version"] {
            assert_eq!(traces.get(key), other.get(key), "{key}: every signal's resource agrees");
        }
    }
    traces
}

/// `run` starts the service with extra environment and returns its resource. Each process has
/// a service.instance.id of its own (a UUID); OTEL_RESOURCE_ATTRIBUTES wins over the code's
/// instance id and environment; ENVIRONMENT names the environment when it does not. Returns
/// the resources of a plain run and of one with `attributes` (plus the precedence pair).
pub(crate) fn assert_resource_precedence(
    mut run: impl FnMut(&[(&str, &str)]) -> HashMap<String, String>,
    attributes: &str,
) -> (HashMap<String, String>, HashMap<String, String>) {
    let staging = [("ENVIRONMENT", "staging")];
    let first = run(&staging);
    let second = run(&staging);
    for r in [&first, &second] {
        assert_eq!(r.get("deployment.environment.name").map(String::as_str), Some("staging"), "{r:?}");
        let id = r.get("service.instance.id").unwrap_or_else(|| panic!("no service.instance.id: {r:?}"));
        assert!(id.len() == 36 && id.matches('-').count() == 4, "a UUID: {id:?}");
    }
    assert_ne!(first["service.instance.id"], second["service.instance.id"], "one instance id per process");
    let all = format!("service.instance.id=pod-1,deployment.environment.name=prod,{attributes}");
    let given = run(&[("ENVIRONMENT", "staging"), ("OTEL_RESOURCE_ATTRIBUTES", &all)]);
    assert_eq!(given.get("service.instance.id").map(String::as_str), Some("pod-1"), "{given:?}");
    assert_eq!(given.get("deployment.environment.name").map(String::as_str), Some("prod"), "{given:?}");
    (first, given)
}

/// Every signal went over `protocol`: the receiver's gRPC services, or its HTTP paths.
fn assert_protocol(r: &Received, protocol: &str) {
    let want: &[&str] = if protocol == "grpc" {
        &["grpc:traces", "grpc:metrics", "grpc:logs"]
    } else {
        &["/v1/traces", "/v1/metrics", "/v1/logs"]
    };
    for p in want {
        assert!(r.exports.iter().any(|(path, _)| path == p), "{protocol}: nothing exported to {p}: {:?}", r.exports);
    }
    let other = if protocol == "grpc" { "/v1/" } else { "grpc:" };
    assert!(!r.exports.iter().any(|(path, _)| path.starts_with(other)), "{protocol}: {:?}", r.exports);
}

/// The receiver's endpoint for `protocol`.
fn endpoint(fake: &FakePipeline, protocol: &str) -> String {
    if protocol == "grpc" {
        fake.grpc.clone()
    } else {
        fake.http.clone()
    }
}

pub(crate) fn init_in(dir: &Path, args: &[&str]) {
    let out = otelkit(dir).args(args).output().unwrap();
    assert!(out.status.success(), "otelkit {args:?}: {}", stderr_of(&out));
}

pub(crate) fn run_checked(cmd: &mut Command, what: &str) -> std::process::Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(out.status.success(), "{what} failed:\n{}\n{}", stdout_of(&out), stderr_of(&out));
    out
}

#[test]
fn rust_module_compiles_and_sends_correlated_telemetry() {
    let cargo = require_tool("cargo");
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("otelkit_init_rust");
    run_checked(Command::new(&cargo).args(["new", "-q", "--vcs", "none"]).arg(&project), "cargo new");
    init_in(&project, &["init"]);
    // The lines init prints, plus a request inside a span and a look at our own /metrics.
    std::fs::write(
        project.join("src/main.rs"),
        r#"mod telemetry;

use std::io::{Read, Write};

#[tracing::instrument]
fn handle_request() {
    tracing::info!("handled the smoke request");
    telemetry::record_http_request("GET", "/smoke", 200, 0.012);
}

fn main() {
    let telemetry = telemetry::init().expect("telemetry");
    handle_request();
    let port = std::env::var("OTEL_EXPORTER_PROMETHEUS_PORT").unwrap();
    match std::net::TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())) {
        Ok(mut s) => {
            s.write_all(b"GET /metrics HTTP/1.0\r\n\r\n").unwrap();
            let mut page = String::new();
            s.read_to_string(&mut page).unwrap();
            println!("{page}");
        }
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => println!("REFUSED"),
        Err(e) => panic!("/metrics: {e}"),
    }
    telemetry.shutdown().expect("telemetry shutdown");
}
"#,
    )
    .unwrap();
    for protocol in ["http/protobuf", "grpc"] {
        let fake = FakePipeline::start(None, Knobs::default());
        let port = free_port();
        let out = run_checked(
            Command::new(&cargo)
                .args(["run", "-q"])
                .current_dir(&project)
                .env("CARGO_TARGET_DIR", cache("init-rust-target"))
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(&fake, protocol))
                .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
                .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                .env("OTEL_EXPORTER_PROMETHEUS_PORT", port.to_string())
                .env_remove("RUST_LOG"),
            &format!("cargo run of the generated Rust module over {protocol}"),
        );
        let stdout = stdout_of(&out);
        assert!(
            stdout.contains("http_requests_total") && stdout.contains("http_request_duration_seconds_bucket"),
            "{stdout}"
        );
        assert_correlated(&fake.received(), "handle_request", "handled the smoke request");
        assert_protocol(&fake.received(), protocol);
        // The console line carries the ids too.
        let trace_id = {
            let r = fake.received();
            let s = r
                .traces
                .iter()
                .flat_map(|(t, _)| &t.resource_spans)
                .flat_map(|rs| &rs.scope_spans)
                .flat_map(|ss| &ss.spans)
                .find(|s| s.name == "handle_request")
                .unwrap()
                .trace_id
                .clone();
            hex(&s)
        };
        assert!(stdout.contains(&format!("trace_id={trace_id}")), "console line with the trace id:\n{stdout}");
    }
    assert_one_metrics_path("http_requests_total", |value, fake| {
        let mut run = Command::new(&cargo);
        run.args(["run", "-q"])
            .current_dir(&project)
            .env("CARGO_TARGET_DIR", cache("init-rust-target"))
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
            .env_remove("OTEL_METRICS_EXPORTER")
            .env_remove("RUST_LOG");
        if let Some(v) = value {
            run.env("OTEL_METRICS_EXPORTER", v);
        }
        stdout_of(&run_checked(&mut run, "cargo run of the generated Rust module"))
    });
    let (plain, given) = assert_resource_precedence(
        |env| {
            let fake = FakePipeline::start(None, Knobs::default());
            run_checked(
                Command::new(&cargo)
                    .args(["run", "-q"])
                    .current_dir(&project)
                    .env("CARGO_TARGET_DIR", cache("init-rust-target"))
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
                    .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                    .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
                    .env_remove("RUST_LOG")
                    .env_remove("OTEL_RESOURCE_ATTRIBUTES")
                    .env_remove("OTEL_SERVICE_NAME")
                    .envs(env.iter().copied()),
                "cargo run of the generated Rust module",
            );
            let received = fake.received();
            resource_of(&received)
        },
        "service.name=from-attributes,service.version=9.9.9",
    );
    assert_eq!(plain.get("service.version").map(String::as_str), Some("0.1.0"), "Cargo.toml's version");
    assert_eq!(given.get("service.name").map(String::as_str), Some("from-attributes"), "{given:?}");
    assert_eq!(given.get("service.version").map(String::as_str), Some("9.9.9"), "{given:?}");
}

pub(crate) fn python_venv() -> PathBuf {
    let python = require_tool("python3");
    let venv = cache("init-python-venv");
    let bin = venv.join("bin/python");
    if !bin.is_file() {
        run_checked(Command::new(python).args(["-m", "venv"]).arg(&venv), "python3 -m venv");
    }
    bin
}

#[test]
#[ignore = "needs python3 and PyPI: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn python_module_runs_with_the_real_sdk() {
    let python = python_venv();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "").unwrap();
    init_in(dir.path(), &["init", "--service-name", "py-smoke"]);
    // Install exactly what init added.
    run_checked(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(dir.path().join("requirements.txt")),
        "pip install -r requirements.txt",
    );
    std::fs::write(
        dir.path().join("app.py"),
        r#"import logging, os, urllib.error, urllib.request
from opentelemetry import trace
from telemetry import init, Metrics

shutdown = init()
metrics = Metrics()
log = logging.getLogger("app")
with trace.get_tracer("app").start_as_current_span("handle_request"):
    log.warning("handled the smoke request")
    metrics.record_http_request("GET", "/smoke", 200, 0.012)
port = os.environ["OTEL_EXPORTER_PROMETHEUS_PORT"]
try:
    print(urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode())
except urllib.error.URLError as e:
    if not isinstance(e.reason, ConnectionRefusedError):
        raise
    print("REFUSED")
shutdown()
"#,
    )
    .unwrap();
    for protocol in ["http/protobuf", "grpc"] {
        let fake = FakePipeline::start(None, Knobs::default());
        let port = free_port();
        let out = run_checked(
            Command::new(&python)
                .arg("app.py")
                .current_dir(dir.path())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(&fake, protocol))
                .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
                .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                .env("OTEL_EXPORTER_PROMETHEUS_PORT", port.to_string()),
            &format!("python app.py over {protocol}"),
        );
        let stdout = stdout_of(&out);
        assert!(
            stdout.contains("http_requests_total") && stdout.contains("http_request_duration_seconds_bucket{"),
            "{stdout}"
        );
        assert_correlated(&fake.received(), "handle_request", "handled the smoke request");
        assert_protocol(&fake.received(), protocol);
        let stderr = stderr_of(&out);
        assert!(stderr.contains("trace_id=") && !stderr.contains("trace_id=0 "), "log line with trace id:\n{stderr}");
    }
    assert_one_metrics_path("http_requests_total", |value, fake| {
        let mut run = Command::new(&python);
        run.arg("app.py")
            .current_dir(dir.path())
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
            .env_remove("OTEL_METRICS_EXPORTER");
        if let Some(v) = value {
            run.env("OTEL_METRICS_EXPORTER", v);
        }
        stdout_of(&run_checked(&mut run, "python app.py"))
    });
    python_server_flushes_on_sigterm(&python, dir.path());
    let (plain, given) = assert_resource_precedence(
        |env| {
            let fake = FakePipeline::start(None, Knobs::default());
            run_checked(
                Command::new(&python)
                    .arg("app.py")
                    .current_dir(dir.path())
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
                    .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                    .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
                    .env_remove("OTEL_RESOURCE_ATTRIBUTES")
                    .env_remove("OTEL_SERVICE_NAME")
                    .envs(env.iter().copied()),
                "python app.py",
            );
            let received = fake.received();
            resource_of(&received)
        },
        "service.name=from-attributes,service.version=9.9.9",
    );
    assert_eq!(plain.get("service.name").map(String::as_str), Some("py-smoke"));
    assert_eq!(plain.get("service.version"), None, "no invented version without a package: {plain:?}");
    assert_eq!(given.get("service.name").map(String::as_str), Some("from-attributes"), "{given:?}");
    assert_eq!(given.get("service.version").map(String::as_str), Some("9.9.9"), "{given:?}");
}

/// A server that never calls shutdown(): one request, then SIGTERM, as a deploy stops it.
fn python_server_flushes_on_sigterm(python: &Path, dir: &Path) {
    std::fs::write(
        dir.join("server.py"),
        r#"import logging, os
from http.server import BaseHTTPRequestHandler, HTTPServer
from opentelemetry import trace
from telemetry import init, Metrics

init()
metrics = Metrics()
log = logging.getLogger("server")

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with trace.get_tracer("server").start_as_current_span("handle_request"):
            log.warning("handled before SIGTERM")
            metrics.record_http_request("GET", "/smoke", 200, 0.012)
        self.send_response(200)
        self.end_headers()

HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"#,
    )
    .unwrap();
    let mut server = Command::new(python);
    server.arg("server.py").current_dir(dir);
    assert_flushed_on_sigterm(server, "handled before SIGTERM");
}

/// Runs `server` (listening on 127.0.0.1:$PORT, its GET handler making a span named
/// handle_request, the log line `log` and an http.request* metric), makes one request, sends
/// SIGTERM. The export intervals are longer than the run, so what arrives is what the SIGTERM
/// flush sent.
fn assert_flushed_on_sigterm(mut server: Command, log: &str) {
    let fake = FakePipeline::start(None, Knobs::default());
    let port = free_port();
    let mut child = server
        .env("PORT", port.to_string())
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
        .env("OTEL_BSP_SCHEDULE_DELAY", "60000")
        .env("OTEL_BLRP_SCHEDULE_DELAY", "60000")
        .env("OTEL_METRIC_EXPORT_INTERVAL", "60000")
        .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
        .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the server");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some((status, _)) = crate::init_go::http("GET", port, "/smoke") {
            break status;
        }
        assert!(child.try_wait().unwrap().is_none(), "the server exited early");
        assert!(std::time::Instant::now() < deadline, "the server did not answer");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(status, 200);
    assert!(fake.received().traces.is_empty(), "nothing exported before SIGTERM");
    run_checked(Command::new("kill").args(["-TERM", &child.id().to_string()]), "kill -TERM the server");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the server after SIGTERM: {:?}\n{}", out.status, stderr_of(&out));
    let r = fake.received();
    assert_correlated(&r, "handle_request", log);
    let names = metric_names(&r);
    assert!(names.iter().any(|n| n.starts_with("http.request")), "the request's metric after SIGTERM: {names:?}");
}

#[test]
#[ignore = "needs node, npm and the npm registry: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn node_module_runs_with_the_real_sdk() {
    require_tool("node");
    let npm = require_tool("npm");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        "{\n  \"name\": \"node-smoke\",\n  \"version\": \"1.0.0\",\n  \"private\": true\n}\n",
    )
    .unwrap();
    init_in(dir.path(), &["init"]);
    run_checked(
        Command::new(&npm)
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--cache"])
            .arg(cache("npm-cache"))
            .current_dir(dir.path()),
        "npm install",
    );
    std::fs::write(
        dir.path().join("app.js"),
        r#"const { trace } = require('@opentelemetry/api');
const { metrics, shutdown } = require('./src/telemetry.js');
const log = require('pino')();
trace.getTracer('app').startActiveSpan('handle_request', (span) => {
  log.info('handled the smoke request');
  metrics.recordHttpRequest('GET', '/smoke', 200, 0.012);
  span.end();
});
setTimeout(async () => {
  try {
    const res = await fetch(`http://127.0.0.1:${process.env.OTEL_EXPORTER_PROMETHEUS_PORT}/metrics`);
    console.log(await res.text());
  } catch (e) {
    if (e.cause?.code !== 'ECONNREFUSED') throw e;
    console.log('REFUSED');
  }
  await shutdown();
}, 200);
"#,
    )
    .unwrap();
    for protocol in ["http/protobuf", "grpc"] {
        let fake = FakePipeline::start(None, Knobs::default());
        let port = free_port();
        let out = run_checked(
            Command::new("node")
                .args(["--require", "./src/telemetry.js", "app.js"])
                .current_dir(dir.path())
                .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(&fake, protocol))
                .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
                .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                .env("OTEL_EXPORTER_PROMETHEUS_PORT", port.to_string()),
            &format!("node app.js over {protocol}"),
        );
        let stdout = stdout_of(&out);
        assert!(stdout.contains("http_requests_total"), "{stdout}");
        assert!(stdout.contains("\"trace_id\":\""), "pino line with trace_id:\n{stdout}");
        assert_correlated(&fake.received(), "handle_request", "handled the smoke request");
        assert_protocol(&fake.received(), protocol);
    }
    assert_one_metrics_path("http_requests_total", |value, fake| {
        let mut run = Command::new("node");
        run.args(["--require", "./src/telemetry.js", "app.js"])
            .current_dir(dir.path())
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
            .env_remove("OTEL_METRICS_EXPORTER");
        if let Some(v) = value {
            run.env("OTEL_METRICS_EXPORTER", v);
        }
        stdout_of(&run_checked(&mut run, "node app.js"))
    });
    std::fs::write(
        dir.path().join("server.js"),
        r#"const { trace } = require('@opentelemetry/api');
const { metrics } = require('./src/telemetry.js');
const log = require('pino')();
require('http')
  .createServer((req, res) => {
    trace.getTracer('server').startActiveSpan('handle_request', (span) => {
      log.info('handled before SIGTERM');
      metrics.recordHttpRequest('GET', '/smoke', 200, 0.012);
      span.end();
    });
    res.end('ok');
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
"#,
    )
    .unwrap();
    let mut server = Command::new("node");
    server.args(["--require", "./src/telemetry.js", "server.js"]).current_dir(dir.path());
    assert_flushed_on_sigterm(server, "handled before SIGTERM");
    // The version is package.json's at run time, not the one init saw.
    let package = std::fs::read_to_string(dir.path().join("package.json")).unwrap();
    std::fs::write(dir.path().join("package.json"), package.replace("\"1.0.0\"", "\"1.2.3\"")).unwrap();
    let (plain, given) = assert_resource_precedence(
        |env| {
            let fake = FakePipeline::start(None, Knobs::default());
            run_checked(
                Command::new("node")
                    .args(["--require", "./src/telemetry.js", "app.js"])
                    .current_dir(dir.path())
                    .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
                    .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                    .env("OTEL_EXPORTER_PROMETHEUS_PORT", free_port().to_string())
                    .env_remove("OTEL_RESOURCE_ATTRIBUTES")
                    .env_remove("OTEL_SERVICE_NAME")
                    .env_remove("npm_package_version")
                    .envs(env.iter().copied()),
                "node app.js",
            );
            let received = fake.received();
            resource_of(&received)
        },
        "service.version=9.9.9",
    );
    assert_eq!(plain.get("service.version").map(String::as_str), Some("1.2.3"), "{plain:?}");
    assert_eq!(given.get("service.version").map(String::as_str), Some("9.9.9"), "{given:?}");
}

#[test]
#[ignore = "needs gofmt: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn go_module_is_gofmt_clean() {
    let gofmt = require_tool("gofmt");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("go.mod"), "module example.com/agent\n\ngo 1.25.0\n").unwrap();
    init_in(dir.path(), &["init"]);
    let files = [
        "internal/pkg/telemetry/telemetry.go",
        "internal/pkg/telemetry/genai.go",
        "internal/pkg/telemetry/metrics.go",
        "internal/pkg/telemetry/http.go",
        "internal/pkg/logger/logger.go",
    ];
    let out = run_checked(Command::new(&gofmt).arg("-l").args(files).current_dir(dir.path()), "gofmt -l");
    assert_eq!(stdout_of(&out), "", "gofmt would reformat these");
    // -e: report every syntax error, not just the first ten.
    run_checked(Command::new(&gofmt).arg("-e").args(files).current_dir(dir.path()), "gofmt -e");
}

/// TypeScript and the Node types, from npm, in a cache shared by runs.
pub(crate) fn typescript() -> PathBuf {
    let dir = cache("typescript");
    let tsc = dir.join("node_modules/.bin/tsc");
    if !tsc.is_file() {
        run_checked(
            Command::new(crate::init_go::tool("npm"))
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix"])
                .arg(&dir)
                .arg("--cache")
                .arg(cache("npm-cache"))
                .args(["typescript@5.9.3", "@types/node@20"]),
            "npm install typescript @types/node",
        );
    }
    tsc
}

/// A TypeScript project compiled by tsc to CommonJS in dist/: the generated src/telemetry.ts
/// type-checks (strict), and the compiled file, loaded as the next step says, sends correlated
/// telemetry.
#[test]
#[ignore = "needs Node and npm: run .ci/install-test-deps"]
fn typescript_module_type_checks_and_runs_as_the_next_step_says() {
    let npm = crate::init_go::tool("npm");
    let node = crate::init_go::tool("node");
    let tsc = typescript();
    let dir = tempfile::tempdir().unwrap();
    let types = cache("typescript").join("node_modules/@types");
    std::fs::write(
        dir.path().join("package.json"),
        "{\n  \"name\": \"ts-smoke\",\n  \"version\": \"1.0.0\",\n  \"private\": true\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tsconfig.json"),
        format!(
            "{{\n  // CommonJS in dist/\n  \"compilerOptions\": {{\n    \"target\": \"es2022\",\n    \"module\": \"commonjs\",\n    \"strict\": true,\n    \"esModuleInterop\": true,\n    \"skipLibCheck\": true,\n    \"outDir\": \"dist\",\n    \"rootDir\": \"src\",\n    \"typeRoots\": [{:?}],\n    \"types\": [\"node\"],\n  }},\n  \"include\": [\"src\"]\n}}\n",
            types.display().to_string()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/app.ts"),
        r#"import { trace } from '@opentelemetry/api';
import pino from 'pino';
import { metrics, shutdown } from './telemetry';

const log = pino();
trace.getTracer('app').startActiveSpan('handle_request', (span) => {
  log.info('handled the smoke request');
  metrics.recordHttpRequest('GET', '/smoke', 200, 0.012);
  span.end();
});
setTimeout(async () => {
  const res = await fetch(`http://127.0.0.1:${process.env.OTEL_EXPORTER_PROMETHEUS_PORT}/metrics`);
  console.log(await res.text());
  await shutdown();
}, 200);
"#,
    )
    .unwrap();
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let next = stdout_of(&out);
    let command = next
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("node "))
        .unwrap_or_else(|| panic!("no node command in:\n{next}"));
    assert_eq!(command, "node --require ./dist/telemetry.js <your compiled entry point>");
    let header = std::fs::read_to_string(dir.path().join("src/telemetry.ts")).unwrap();
    assert!(header.contains("tsc, then node --require ./dist/telemetry.js"), "the header agrees:\n{header}");
    run_checked(
        Command::new(&npm)
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--cache"])
            .arg(cache("npm-cache"))
            .current_dir(dir.path()),
        "npm install",
    );
    run_checked(Command::new(&node).arg(&tsc).args(["--noEmit", "-p", "."]).current_dir(dir.path()), "tsc --noEmit");
    run_checked(Command::new(&node).arg(&tsc).args(["-p", "."]).current_dir(dir.path()), "tsc");

    let fake = FakePipeline::start(None, Knobs::default());
    let port = free_port();
    let out = run_checked(
        Command::new(&node)
            .args(["--require", "./dist/telemetry.js", "dist/app.js"])
            .current_dir(dir.path())
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", &fake.http)
            .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", port.to_string()),
        "node --require ./dist/telemetry.js dist/app.js",
    );
    let stdout = stdout_of(&out);
    assert!(stdout.contains("http_requests_total"), "{stdout}");
    assert!(stdout.contains("\"trace_id\":\""), "pino line with trace_id:\n{stdout}");
    assert_correlated(&fake.received(), "handle_request", "handled the smoke request");
}

/// A Node HTTP server instrumented only by what `otelkit init` sets up (the SDK with
/// instrumentation-http), answering 200 and 500; its own /metrics page. With
/// OTELKIT_RECORD_DIR set, saves it there as `node-http.prom` (tests/fixtures/recorded/services/).
#[test]
#[ignore = "needs node, npm and the npm registry: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn node_http_instrumentation_metrics_page() {
    require_tool("node");
    let npm = require_tool("npm");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("package.json"),
        "{\n  \"name\": \"node-http\",\n  \"version\": \"1.0.0\",\n  \"private\": true\n}\n",
    )
    .unwrap();
    init_in(dir.path(), &["init"]);
    run_checked(
        Command::new(&npm)
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error", "--cache"])
            .arg(cache("npm-cache"))
            .current_dir(dir.path()),
        "npm install",
    );
    std::fs::write(
        dir.path().join("app.js"),
        r#"const http = require('http');
const { shutdown } = require('./src/telemetry.js');
const server = http.createServer((req, res) => {
  res.statusCode = req.url === '/items/0' ? 500 : 200;
  res.end('ok');
});
server.listen(0, '127.0.0.1', async () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  for (const path of ['/items/1', '/items/2', '/items/3', '/items/0']) {
    await (await fetch(base + path)).text();
  }
  const res = await fetch(`http://127.0.0.1:${process.env.OTEL_EXPORTER_PROMETHEUS_PORT}/metrics`);
  process.stdout.write(await res.text());
  server.close();
  await shutdown();
});
"#,
    )
    .unwrap();
    let fake = FakePipeline::start(None, Knobs::default());
    let port = free_port();
    let out = run_checked(
        Command::new("node")
            .args(["--require", "./src/telemetry.js", "app.js"])
            .current_dir(dir.path())
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(&fake, "http/protobuf"))
            .env("OTEL_METRICS_EXPORTER", "prometheus")
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", port.to_string()),
        "node app.js",
    );
    let page = stdout_of(&out);
    assert!(page.contains("http_server_"), "the HTTP instrumentation's server histogram:\n{page}");
    if let Some(out) = std::env::var_os("OTELKIT_RECORD_DIR") {
        let out = PathBuf::from(out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("node-http.prom"), &page).unwrap();
        let lock = std::fs::read_to_string(dir.path().join("package.json")).unwrap();
        std::fs::write(out.join("node-http.package.json"), lock).unwrap();
    }
}
