//! Go services shaped like the design, initialised by `otelkit init`, with the printed snippet
//! pasted in, then `go mod tidy`, `go build` and `go vet` against the Go module proxy. The
//! design's API gateway (Fiber v2, zap, pgx, a logger package of its own) then runs against
//! the in-test OTLP receiver, over gRPC and over HTTP, and a real PostgreSQL.
//!
//! They need Go and PostgreSQL (.ci/install-test-deps), so they are ignored by default; CI runs
//! them with `cargo test -- --include-ignored`, where a missing tool fails them.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::common::v1::{any_value, KeyValue};
use opentelemetry_proto::tonic::trace::v1::{span::SpanKind, Span};

use crate::fake_pipeline::{FakePipeline, Knobs, Received};
use crate::init_real::{hex, run_checked};
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

/// A tool these tests cannot do without: its path, or a panic saying how to install it.
pub(crate) fn tool(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()));
    on_path.unwrap_or_else(|| panic!("{name} is missing: run .ci/install-test-deps"))
}

/// A PostgreSQL server binary: on PATH, or where Debian's packages put it.
fn pg_tool(name: &str) -> PathBuf {
    if let Some(p) = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
    {
        return p;
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(Result::ok).map(|e| e.path().join("bin").join(name)).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    found.sort_by_key(|p| p.components().nth(4).and_then(|c| c.as_os_str().to_str()?.parse::<u32>().ok()).unwrap_or(0));
    found.pop().unwrap_or_else(|| panic!("PostgreSQL's {name} is missing: run .ci/install-test-deps"))
}

pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The Go code under the step of init's next steps whose heading contains `heading`.
fn snippet(next_steps: &str, heading: &str) -> String {
    let lines: Vec<&str> = next_steps.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit()) && l.contains(heading))
        .unwrap_or_else(|| panic!("no step {heading:?} in:\n{next_steps}"));
    let code: Vec<&str> = lines[at + 1..]
        .iter()
        .skip_while(|l| l.is_empty())
        .take_while(|l| l.starts_with("    "))
        .map(|l| &l[4..])
        .collect();
    assert!(!code.is_empty(), "step {heading:?} has no code:\n{next_steps}");
    code.join("\n")
}

/// Run `otelkit init` in `dir` and paste its snippet: each `// OTELKIT:<NAME>` line of the
/// service's files becomes the code of the step whose heading contains the mapped words.
pub(crate) fn init_and_paste(dir: &Path, files: &[&str], steps: &[(&str, &str)]) -> String {
    let out = otelkit(dir).arg("init").output().unwrap();
    assert!(out.status.success(), "otelkit init: {}", stderr_of(&out));
    let next = stdout_of(&out);
    for file in files {
        let path = dir.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        for (marker, heading) in steps {
            let line = format!("// OTELKIT:{marker}");
            if text.contains(&line) {
                text = text.replace(&line, &snippet(&next, heading));
            }
        }
        assert!(!text.contains("// OTELKIT:"), "{file}: a marker was left:\n{text}");
        std::fs::write(&path, text).unwrap();
    }
    next
}

/// Go with the default module proxy and caches, building from a git checkout (so the build
/// information carries the VCS revision).
pub(crate) fn go(dir: &Path, args: &[&str]) -> std::process::Output {
    run_checked(
        Command::new(tool("go"))
            .args(args)
            .current_dir(dir)
            .env("GOFLAGS", "-buildvcs=auto")
            .env("GOTOOLCHAIN", "local"),
        &format!("go {}", args.join(" ")),
    )
}

/// tidy, build, vet; and the files otelkit wrote are gofmt-clean.
pub(crate) fn tidy_build_vet(dir: &Path, binary: Option<&Path>) {
    go(dir, &["mod", "tidy"]);
    match binary {
        Some(b) => go(dir, &["build", "-o", b.to_str().unwrap(), "./cmd/api"]),
        None => go(dir, &["build", "./..."]),
    };
    go(dir, &["vet", "./..."]);
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".otelkit/init.json")).unwrap()).unwrap();
    let written: Vec<&str> = state["files"].as_object().unwrap().keys().map(String::as_str).collect();
    let out = run_checked(Command::new(tool("gofmt")).arg("-l").args(&written).current_dir(dir), "gofmt -l");
    assert_eq!(stdout_of(&out), "", "gofmt would reformat what otelkit wrote");
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/// A throwaway PostgreSQL on a free port, trusting local connections; stopped on drop.
struct Postgres {
    port: u16,
    child: Child,
    _dir: tempfile::TempDir,
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| stdout_of(&o).trim() == "0")
}

impl Postgres {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        // PostgreSQL refuses to run as root: as root, run it as the postgres user.
        let as_owner = |program: PathBuf| -> Command {
            if is_root() {
                let mut c = Command::new("runuser");
                c.args(["-u", "postgres", "--"]).arg(program);
                c
            } else {
                Command::new(program)
            }
        };
        if is_root() {
            run_checked(Command::new("chown").arg("postgres:").arg(dir.path()), "chown the data directory");
        }
        run_checked(
            as_owner(pg_tool("initdb"))
                .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "-D"])
                .arg(&data),
            "initdb",
        );
        let port = free_port();
        let child = as_owner(pg_tool("postgres"))
            .arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-k"])
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("postgres");
        let pg = Postgres { port, child, _dir: dir };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = Command::new(pg_tool("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return pg;
            }
            assert!(Instant::now() < deadline, "PostgreSQL did not become ready on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres?sslmode=disable", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // SIGINT to the postmaster (by the pid it wrote; runuser does not pass signals on):
        // PostgreSQL's fast shutdown.
        let pid = std::fs::read_to_string(self._dir.path().join("data/postmaster.pid"))
            .ok()
            .and_then(|t| t.lines().next().map(str::to_owned));
        if let Some(pid) = &pid {
            let _ = Command::new("kill").args(["-INT", pid]).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while Path::new("/proc").join(pid).exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// The design's API gateway
// ---------------------------------------------------------------------------------------------

/// The design's API gateway: Fiber v2, zap, pgx, its own logger package (stdout only), with
/// `// OTELKIT:<STEP>` where the printed snippet goes (also init.rs's fixture).
fn gateway_source(rel: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/init/go-gateway/in");
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// An LLM API answering every request with usage counts, on a free port.
fn fake_llm() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1/chat/completions", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().map_while(Result::ok) {
            let mut buf = [0u8; 8192];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => got.extend_from_slice(&buf[..n]),
                }
            }
            let body = r#"{"model":"gpt-4o-2024-08-06","usage":{"prompt_tokens":12,"completion_tokens":34}}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

/// A plain HTTP/1.0 request; the status and body.
pub(crate) fn http(method: &str, port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n").ok()?;
    let mut page = String::new();
    s.read_to_string(&mut page).ok()?;
    let status = page.split_whitespace().nth(1)?.parse().ok()?;
    let body = page.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    Some((status, body))
}

fn spans(r: &Received) -> Vec<&Span> {
    r.traces
        .iter()
        .flat_map(|(t, _)| &t.resource_spans)
        .flat_map(|rs| &rs.scope_spans)
        .flat_map(|ss| &ss.spans)
        .collect()
}

/// Whether `span` is `ancestor` or below it.
fn descends(span: &Span, ancestor: &Span, all: &[&Span]) -> bool {
    let mut at = span;
    for _ in 0..all.len() {
        if at.span_id == ancestor.span_id {
            return true;
        }
        match all.iter().find(|s| s.span_id == at.parent_span_id) {
            Some(parent) => at = parent,
            None => return false,
        }
    }
    false
}

fn attr<'a>(attrs: &'a [KeyValue], key: &str) -> Option<&'a any_value::Value> {
    attrs.iter().find(|a| a.key == key).and_then(|a| a.value.as_ref()?.value.as_ref())
}

fn attr_str(attrs: &[KeyValue], key: &str) -> Option<String> {
    match attr(attrs, key)? {
        any_value::Value::StringValue(s) => Some(s.clone()),
        any_value::Value::IntValue(i) => Some(i.to_string()),
        other => Some(format!("{other:?}")),
    }
}

/// Run the built gateway against `fake` with OTEL_EXPORTER_OTLP_PROTOCOL=`protocol`, call its
/// chat endpoint, scrape /metrics, stop it with SIGTERM; the /metrics page. The export
/// intervals are a minute, longer than the run: what reaches `fake` is what the SIGTERM
/// shutdown of the pasted serving step flushed.
fn run_gateway(binary: &Path, fake: &FakePipeline, protocol: &str, pg: &Postgres, llm: &str) -> String {
    let (page, console) = run_service(
        binary,
        fake,
        protocol,
        &[
            ("DATABASE_URL", pg.url()),
            ("LLM_URL", llm.to_owned()),
            ("OTEL_BSP_SCHEDULE_DELAY", "60000".into()),
            ("OTEL_BLRP_SCHEDULE_DELAY", "60000".into()),
            ("OTEL_METRIC_EXPORT_INTERVAL", "60000".into()),
        ],
        ("POST", "/api/v1/chat"),
    );
    // zap's production configuration writes to stderr.
    assert!(
        console.lines().any(|l| l.contains("\"chat request\"") && l.contains("\"trace_id\":\"")),
        "the service's own zap line, with its trace_id:\n{console}"
    );
    assert!(
        console.lines().any(|l| l.contains("\"chat answered\"") && l.contains("\"trace_id\":\"")),
        "otelkit's zap line, with its trace_id:\n{console}"
    );
    page
}

/// Run a built service (listening on $ADDR) against `fake` with
/// OTEL_EXPORTER_OTLP_PROTOCOL=`protocol`, make `request`, scrape /metrics, stop it with
/// SIGTERM; the /metrics page and what it printed.
fn run_service(
    binary: &Path,
    fake: &FakePipeline,
    protocol: &str,
    env: &[(&str, String)],
    (method, path): (&str, &str),
) -> (String, String) {
    run_service_with(binary, fake, protocol, env, &[(method, path, 200)])
}

/// As `run_service`, making each of `requests` (method, path, expected status) in turn. /metrics
/// is on (OTEL_METRICS_EXPORTER=otlp,prometheus) unless `env` says otherwise; an empty value in
/// `env` unsets the variable.
pub(crate) fn run_service_with(
    binary: &Path,
    fake: &FakePipeline,
    protocol: &str,
    env: &[(&str, String)],
    requests: &[(&str, &str, u16)],
) -> (String, String) {
    let port = free_port();
    let endpoint = if protocol == "grpc" { &fake.grpc } else { &fake.http };
    let mut command = Command::new(binary);
    command
        .env("ADDR", format!("127.0.0.1:{port}"))
        .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .env("OTEL_BLRP_SCHEDULE_DELAY", "200")
        .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
        .env("ENVIRONMENT", "ci")
        .env_remove("OTEL_SERVICE_NAME")
        .env_remove("OTEL_RESOURCE_ATTRIBUTES")
        .env("OTEL_METRICS_EXPORTER", "otlp,prometheus");
    for (k, v) in env {
        if v.is_empty() {
            command.env_remove(k);
        } else {
            command.env(k, v);
        }
    }
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the service");
    let deadline = Instant::now() + Duration::from_secs(30);
    while http("GET", port, "/metrics").is_none() {
        if let Ok(Some(status)) = child.try_wait() {
            let out = child.wait_with_output().unwrap();
            panic!("the service exited ({status}):\n{}{}", stdout_of(&out), stderr_of(&out));
        }
        assert!(Instant::now() < deadline, "the service did not answer on port {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    for (method, path, want) in requests {
        let (status, body) = http(method, port, path).expect("an answer");
        assert_eq!(status, *want, "{method} {path}: {body}");
    }
    let (_, page) = http("GET", port, "/metrics").unwrap();
    run_checked(Command::new("kill").args(["-TERM", &child.id().to_string()]), "kill -TERM the service");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the service after SIGTERM: {:?}\n{}", out.status, stderr_of(&out));
    (page, stdout_of(&out) + &stderr_of(&out))
}

/// One trace: the Fiber server span, the database query, the LLM call and its HTTP client span;
/// the service's own log line and otelkit's, with the server span's ids; the metrics.
fn assert_gateway_telemetry(r: &Received, protocol: &str, commit: &str) {
    let want_paths: &[&str] = if protocol == "grpc" {
        &["grpc:traces", "grpc:metrics", "grpc:logs"]
    } else {
        &["/v1/traces", "/v1/metrics", "/v1/logs"]
    };
    for p in want_paths {
        assert!(r.exports.iter().any(|(path, _)| path == p), "{protocol}: no export to {p}: {:?}", r.exports);
    }
    let all = spans(r);
    let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
    let server = all
        .iter()
        .find(|s| s.kind == SpanKind::Server as i32 && s.name == "POST /api/v1/chat")
        .unwrap_or_else(|| panic!("no server span POST /api/v1/chat among {names:?}"));
    let trace = hex(&server.trace_id);
    let in_trace: Vec<&&Span> = all.iter().filter(|s| hex(&s.trace_id) == trace).collect();
    let db = in_trace
        .iter()
        .find(|s| s.kind == SpanKind::Client as i32 && attr_str(&s.attributes, "db.query.text").is_some())
        .unwrap_or_else(|| panic!("no database span in the trace: {names:?}"));
    assert!(attr_str(&db.attributes, "db.query.text").unwrap().contains("pg_stat_activity"));
    assert!(descends(db, server, &all), "the query is under the server span");
    let llm = in_trace.iter().find(|s| s.name == "chat gpt-4o").expect("the LLM call's span");
    for (k, v) in [
        ("gen_ai.operation.name", "chat"),
        ("gen_ai.provider.name", "openai"),
        ("gen_ai.request.model", "gpt-4o"),
        ("gen_ai.response.model", "gpt-4o-2024-08-06"),
        ("gen_ai.usage.input_tokens", "12"),
        ("gen_ai.usage.output_tokens", "34"),
    ] {
        assert_eq!(attr_str(&llm.attributes, k).as_deref(), Some(v), "LLM span {k}");
    }
    let client = in_trace
        .iter()
        .find(|s| s.kind == SpanKind::Client as i32 && attr_str(&s.attributes, "http.request.method").is_some())
        .unwrap_or_else(|| panic!("no HTTP client span in the trace: {names:?}"));
    assert_eq!(hex(&client.parent_span_id), hex(&llm.span_id), "the HTTP call is the LLM span's child");
    assert_eq!(hex(&llm.parent_span_id), hex(&server.span_id), "the LLM call is the server span's child");
    assert_eq!(attr_str(&client.attributes, "http.response.status_code").as_deref(), Some("200"));
    assert_eq!(client.name, "POST", "client span named by its method");
    assert_eq!(attr_str(&server.attributes, "http.route").as_deref(), Some("/api/v1/chat"));

    let logs: Vec<_> = r
        .logs
        .iter()
        .flat_map(|(l, _)| &l.resource_logs)
        .flat_map(|rl| &rl.scope_logs)
        .flat_map(|sl| &sl.log_records)
        .collect();
    for body in ["chat request", "chat answered"] {
        let record = logs
            .iter()
            .find(|l| matches!(l.body.as_ref().and_then(|b| b.value.as_ref()), Some(any_value::Value::StringValue(b)) if b == body))
            .unwrap_or_else(|| panic!("{protocol}: no log record {body:?} among {} records", logs.len()));
        assert_eq!(hex(&record.trace_id), trace, "{body:?} carries the trace_id");
        let span = if body == "chat request" { server } else { llm };
        assert_eq!(hex(&record.span_id), hex(&span.span_id), "{body:?} carries its span's span_id");
    }

    let resource = &r.traces[0].0.resource_spans[0].resource.as_ref().unwrap().attributes;
    assert_eq!(attr_str(resource, "service.name").as_deref(), Some("api-gateway"));
    assert_eq!(attr_str(resource, "deployment.environment.name").as_deref(), Some("ci"));
    let instance = attr_str(resource, "service.instance.id").expect("service.instance.id");
    assert_eq!(instance.len(), 36, "a UUID per process: {instance:?}");
    let version = attr_str(resource, "service.version").expect("service.version");
    assert!(version.contains(&commit[..12]), "service.version {version:?} from the build, commit {commit}");

    let pushed: Vec<&str> = r
        .metrics
        .iter()
        .flat_map(|(m, _)| &m.resource_metrics)
        .flat_map(|rm| &rm.scope_metrics)
        .flat_map(|sm| &sm.metrics)
        .map(|m| m.name.as_str())
        .collect();
    for name in ["http.requests", "http.request.duration", "http.server.request.duration", "llm.calls", "chat.tokens"] {
        assert!(pushed.contains(&name), "{protocol}: OTLP metric {name} among {pushed:?}");
    }
}

/// /metrics: the design's names (from the catalog), the semantic conventions' HTTP and GenAI
/// histograms, the database client's, and Go's runtime metrics.
fn assert_gateway_metrics(page: &str) {
    use otelkit::naming::{design_metric, InstrumentKind};
    for instrument in [
        "http.requests",
        "http.request.duration",
        "chat.tokens",
        "chat.latency",
        "llm.calls",
        "llm.call.duration",
        "llm.input.tokens",
        "llm.output.tokens",
    ] {
        let m = design_metric(instrument);
        let name = m.prometheus_name(None);
        let sample = if m.kind == InstrumentKind::Histogram { format!("{name}_bucket{{") } else { format!("{name}{{") };
        assert!(page.contains(&sample), "/metrics has no {sample}:\n{page}");
    }
    for sample in [
        "http_requests_total{http_request_method=\"POST\",http_response_status_code=\"200\",http_route=\"/api/v1/chat\"",
        // The design's chat_tokens_total labels: agent.id, project.id, model.
        "chat_tokens_total{agent_id=\"support-1\",gen_ai_request_model=\"gpt-4o\",gen_ai_token_type=\"output\",",
        "http_server_request_duration_seconds_bucket{",
        "http_client_request_duration_seconds_bucket{",
        "gen_ai_client_operation_duration_seconds_bucket{",
        "gen_ai_client_token_usage_bucket{",
        "go_goroutine_count{",
        // client_golang's, as the design's promhttp.Handler() served them.
        "go_goroutines ",
        "process_resident_memory_bytes ",
        "go_memory_used_bytes{",
        "target_info{",
    ] {
        assert!(page.contains(sample), "/metrics has no {sample}:\n{page}");
    }
    assert!(!page.contains("http_server_duration"), "no pre-stable HTTP histogram");
}

fn git_commit(dir: &Path) -> String {
    let git = |args: &[&str]| {
        run_checked(
            Command::new("git")
                .args(args)
                .current_dir(dir)
                .env("GIT_AUTHOR_NAME", "t")
                .env("GIT_AUTHOR_EMAIL", "t@example.com")
                .env("GIT_COMMITTER_NAME", "t")
                .env("GIT_COMMITTER_EMAIL", "t@example.com"),
            &format!("git {}", args.join(" ")),
        )
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "api-gateway with otelkit"]);
    stdout_of(&git(&["rev-parse", "HEAD"])).trim().to_owned()
}

#[test]
#[ignore = "needs Go and PostgreSQL: run .ci/install-test-deps"]
fn go_design_gateway_runs_with_correlated_telemetry_over_grpc_and_http() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for rel in ["go.mod", "internal/pkg/logger/logger.go", "cmd/api/main.go"] {
        write(root, rel, &gateway_source(rel));
    }
    let next = init_and_paste(
        root,
        &["cmd/api/main.go", "internal/pkg/logger/logger.go"],
        &[
            ("IMPORT", "import the telemetry package"),
            ("MAIN", "First thing in main()"),
            ("PGX", "pgx pool config"),
            ("ROUTER", "Fiber app is built"),
            ("SERVE", "Serve on addr"),
            ("LOGGER", "In your logger package"),
        ],
    );
    assert!(next.contains("internal/pkg/logger is a package of your own"), "init says where its logger went:\n{next}");
    assert_eq!(
        std::fs::read_to_string(root.join("internal/pkg/logger/logger.go"))
            .unwrap()
            .replace(&snippet(&next, "In your logger package"), "// OTELKIT:LOGGER")
            .replace(&snippet(&next, "import the telemetry package"), "// OTELKIT:IMPORT"),
        gateway_source("internal/pkg/logger/logger.go"),
        "the service's logger is as it was, but for the pasted lines"
    );
    let commit = git_commit(root);
    let binary = root.join("api-gateway");
    tidy_build_vet(root, Some(&binary));

    let pg = Postgres::start();
    let llm = fake_llm();
    for protocol in ["grpc", "http/protobuf"] {
        let fake = FakePipeline::start(None, Knobs::default());
        let page = run_gateway(&binary, &fake, protocol, &pg, &llm);
        assert_gateway_metrics(&page);
        assert_gateway_telemetry(&fake.received(), protocol, &commit);
    }
}

// ---------------------------------------------------------------------------------------------
// The other frameworks: compiled and vetted
// ---------------------------------------------------------------------------------------------

/// One service per framework, each with another mix of logger and database, and the handler
/// code a user would write with what init printed.
struct Variant {
    name: &'static str,
    requires: &'static str,
    /// The service's own logger package, if it has one.
    own_logger: Option<&'static str>,
    main: &'static str,
    steps: &'static [(&'static str, &'static str)],
}

pub(crate) const COMMON_STEPS: &[(&str, &str)] =
    &[("IMPORT", "import the telemetry package"), ("MAIN", "First thing in main()"), ("SERVE", "Serve on addr")];

const VARIANTS: &[Variant] = &[
    Variant {
        name: "nethttp-slog",
        requires: "",
        own_logger: None,
        main: r#"package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/svc/internal/pkg/logger"
)

// OTELKIT:IMPORT

func main() {
	// OTELKIT:MAIN
	log := logger.New()
	client := telemetry.HTTPClient()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "item asked for", "id", r.PathValue("id"))
		turn := telemetry.StartChatTurn(r.Context(), telemetry.ProjectID.String("p-1"))
		ctx, agent := telemetry.StartAgent(r.Context(), "invoke_agent", "support", "a-1", telemetry.ProjectID.String("p-1"), telemetry.AgentFramework.String("langgraph"))
		telemetry.AgentStarted(ctx, "support", telemetry.ProjectID.String("p-1"))
		ctx, call := telemetry.StartLLMCall(ctx, "anthropic", "chat", "claude", telemetry.AgentID.String("a-1"))
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, os.Getenv("LLM_URL"), nil)
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		call.End(telemetry.LLMUsage{InputTokens: 3, OutputTokens: 5}, err, telemetry.ProjectID.String("p-1"))
		telemetry.AgentStopped(ctx, "support", telemetry.ProjectID.String("p-1"))
		telemetry.RecordAgentDeploy(ctx, "support", 1.5, nil)
		agent.End()
		turn.End(err)
		_, _ = w.Write([]byte("ok"))
	})
	// OTELKIT:ROUTER
	addr := os.Getenv("ADDR")
	// OTELKIT:SERVE
}
"#,
        steps: &[("ROUTER", "your *http.ServeMux")],
    },
    Variant {
        name: "chi-slog-pgx-own-logger",
        requires: "\tgithub.com/go-chi/chi/v5 v5.5.0\n\tgithub.com/jackc/pgx/v5 v5.12.0\n",
        own_logger: Some("package logger\n\nimport \"log/slog\"\n\n// Default is the service's own.\nvar Default = slog.Default()\n"),
        main: r#"package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/svc/internal/pkg/logger"
)

// OTELKIT:IMPORT

func main() {
	// OTELKIT:MAIN
	poolConfig, err := pgxpool.ParseConfig("postgres://localhost/db")
	if err != nil {
		panic(err)
	}
	// OTELKIT:PGX
	pool, err := pgxpool.NewWithConfig(context.Background(), poolConfig)
	if err != nil {
		panic(err)
	}
	log := telemetry.Logger()
	r := chi.NewRouter()
	// OTELKIT:ROUTER
	r.Get("/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		logger.Default.Info("own logger")
		log.InfoContext(r.Context(), "item", "id", chi.URLParam(r, "id"))
		_, _ = pool.Exec(r.Context(), "SELECT 1")
	})
	addr := "127.0.0.1:0"
	// OTELKIT:SERVE
}
"#,
        steps: &[("ROUTER", "chi router"), ("PGX", "pgx pool config")],
    },
    Variant {
        name: "gin-zap",
        requires: "\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.uber.org/zap v1.28.0\n",
        own_logger: None,
        main: r#"package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"example.com/svc/internal/pkg/logger"
)

// OTELKIT:IMPORT

func main() {
	// OTELKIT:MAIN
	if err := logger.Init("debug", "development"); err != nil {
		panic(err)
	}
	router := gin.New()
	// OTELKIT:ROUTER
	router.GET("/items/:id", func(c *gin.Context) {
		logger.Info(c.Request.Context(), "item", zap.String("id", c.Param("id")))
		c.JSON(200, gin.H{"id": c.Param("id")})
	})
	addr := "127.0.0.1:0"
	// OTELKIT:SERVE
}
"#,
        steps: &[("ROUTER", "Gin engine")],
    },
    Variant {
        name: "echo-zap-own-logger",
        requires: "\tgithub.com/labstack/echo/v4 v4.16.0\n\tgo.uber.org/zap v1.28.0\n",
        own_logger: Some(
            "package logger\n\nimport \"go.uber.org/zap\"\n\n// OTELKIT:IMPORT\n\n// L is the service's own.\nvar L = newLogger()\n\nfunc newLogger() *zap.Logger {\n\tlog := zap.NewExample()\n\t// OTELKIT:LOGGER\n\treturn log\n}\n",
        ),
        main: r#"package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"example.com/svc/internal/pkg/logger"
)

// OTELKIT:IMPORT

func main() {
	// OTELKIT:MAIN
	e := echo.New()
	// OTELKIT:ROUTER
	e.GET("/items/:id", func(c echo.Context) error {
		ctx := c.Request().Context()
		logger.L.Info("own logger", telemetry.ContextField(ctx))
		telemetry.Info(ctx, "item", zap.String("id", c.Param("id")))
		return c.String(http.StatusOK, "ok")
	})
	addr := "127.0.0.1:0"
	// OTELKIT:SERVE
}
"#,
        steps: &[("ROUTER", "Echo instance"), ("LOGGER", "In your logger package")],
    },
    Variant {
        name: "fiber3-slog",
        requires: "\tgithub.com/gofiber/fiber/v3 v3.1.0\n",
        own_logger: None,
        main: r#"package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gofiber/fiber/v3"

	"example.com/svc/internal/pkg/logger"
)

// OTELKIT:IMPORT

func main() {
	// OTELKIT:MAIN
	log := logger.New()
	app := fiber.New()
	// OTELKIT:ROUTER
	app.Get("/items/:id", func(c fiber.Ctx) error {
		log.InfoContext(c.Context(), "item", "id", c.Params("id"))
		return c.SendString("ok")
	})
	addr := "127.0.0.1:0"
	// OTELKIT:SERVE
}
"#,
        steps: &[("ROUTER", "Fiber app is built")],
    },
];

#[test]
#[ignore = "needs Go and PostgreSQL: run .ci/install-test-deps"]
fn go_frameworks_compile_and_vet_with_the_pasted_snippet() {
    for v in VARIANTS {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let requires = if v.requires.is_empty() { String::new() } else { format!("\nrequire (\n{})\n", v.requires) };
        write(root, "go.mod", &format!("module example.com/svc\n\ngo 1.24\n{requires}"));
        write(root, "cmd/api/main.go", v.main);
        let mut files = vec!["cmd/api/main.go"];
        if let Some(own) = v.own_logger {
            write(root, "internal/pkg/logger/logger.go", own);
            files.push("internal/pkg/logger/logger.go");
        }
        let steps: Vec<(&str, &str)> = COMMON_STEPS.iter().chain(v.steps).copied().collect();
        let next = init_and_paste(root, &files, &steps);
        assert_eq!(next.contains("is a package of your own"), v.own_logger.is_some(), "{}: {next}", v.name);
        eprintln!("{}: go mod tidy, build, vet", v.name);
        if v.name != "nethttp-slog" {
            tidy_build_vet(root, None);
            continue;
        }
        // This one also runs: slog through otelslog, and otelhttp on both sides.
        let binary = root.join("svc");
        tidy_build_vet(root, Some(&binary));
        let fake = FakePipeline::start(None, Knobs::default());
        let (page, console) =
            run_service(&binary, &fake, "http/protobuf", &[("LLM_URL", fake_llm())], ("GET", "/items/42"));
        assert!(
            page.contains("http_server_request_duration_seconds_bucket{") && page.contains("http_requests_total{"),
            "{page}"
        );
        let r = fake.received();
        let all = spans(&r);
        let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        let server = all
            .iter()
            .find(|s| s.kind == SpanKind::Server as i32 && s.name == "GET /items/{id}")
            .unwrap_or_else(|| panic!("no server span GET /items/{{id}} among {names:?}"));
        assert_eq!(attr_str(&server.attributes, "http.route").as_deref(), Some("/items/{id}"));
        let client = all.iter().find(|s| s.kind == SpanKind::Client as i32 && s.name == "POST").expect("client span");
        assert!(descends(client, server, &all), "the client span is under the server span");
        // The design's labels: extra attributes reach the agent span and the metrics.
        let agent = all.iter().find(|s| s.name == "invoke_agent support").expect("agent span");
        assert_eq!(agent.kind, SpanKind::Internal as i32, "an in-process agent operation is internal");
        assert_eq!(attr_str(&agent.attributes, "agent.framework").as_deref(), Some("langgraph"));
        for (series, label) in [
            ("chat_tokens_total{", "agent_id=\"a-1\""),
            ("chat_latency_seconds_bucket{", "project_id=\"p-1\""),
            ("agents_active{", "agent_type=\"support\""),
        ] {
            let has = page.lines().any(|l| l.starts_with(series) && l.contains(label));
            assert!(has, "/metrics has no {series}..{label}..:\n{page}");
        }
        let record = r
            .logs
            .iter()
            .flat_map(|(l, _)| &l.resource_logs)
            .flat_map(|rl| &rl.scope_logs)
            .flat_map(|sl| &sl.log_records)
            .find(|l| matches!(l.body.as_ref().and_then(|b| b.value.as_ref()), Some(any_value::Value::StringValue(b)) if b == "item asked for"))
            .expect("the slog record");
        assert_eq!((hex(&record.trace_id), hex(&record.span_id)), (hex(&server.trace_id), hex(&server.span_id)));
        let line = console.lines().find(|l| l.contains("item asked for")).expect("the JSON line on stdout");
        assert!(line.contains(&format!("\"trace_id\":\"{}\"", hex(&server.trace_id))), "{line}");
    }
}

// ---------------------------------------------------------------------------------------------
// Standard instrumentation only: the page dashboards and alerts must also read
// ---------------------------------------------------------------------------------------------

/// A net/http service whose requests go through otelhttp alone (not otelkit's Middleware, so
/// none of the design's http.requests / http.request.duration): only the MAIN step is pasted.
pub(crate) const OTELHTTP_ONLY_MAIN: &str = r#"package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// OTELKIT:IMPORT

func main() {
	// OTELKIT:MAIN
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "0" {
			http.Error(w, "no item 0", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte("ok"))
	})
	mux.Handle("GET /metrics", telemetry.MetricsHandler())
	srv := &http.Server{Addr: os.Getenv("ADDR"), Handler: otelhttp.NewHandler(mux, "server")}
	go func() { _ = srv.ListenAndServe() }()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	<-stop
	_ = srv.Shutdown(context.Background())
}
"#;

/// Builds and runs the otelhttp-only service, makes 200 and 500 requests, and checks its
/// /metrics has the semantic conventions' histogram and not the design's HTTP metrics. With
/// OTELKIT_RECORD_DIR set, saves the page there as `nethttp-otelhttp.prom`: that is how
/// tests/fixtures/recorded/services/ was recorded (its README says when and with what).
#[test]
#[ignore = "needs Go: run .ci/install-test-deps"]
fn go_otelhttp_only_service_exposes_the_semantic_convention_histogram() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "go.mod", "module example.com/svc\n\ngo 1.24\n");
    write(root, "cmd/api/main.go", OTELHTTP_ONLY_MAIN);
    init_and_paste(root, &["cmd/api/main.go"], COMMON_STEPS);
    let binary = root.join("svc");
    tidy_build_vet(root, Some(&binary));
    let fake = FakePipeline::start(None, Knobs::default());
    let requests =
        [("GET", "/items/1", 200), ("GET", "/items/2", 200), ("GET", "/items/3", 200), ("GET", "/items/0", 500)];
    let (page, _) = run_service_with(&binary, &fake, "http/protobuf", &[], &requests);
    for sample in [
        "http_server_request_duration_seconds_bucket{",
        "http_server_request_duration_seconds_count{",
        "http_response_status_code=\"500\"",
        "http_response_status_code=\"200\"",
        "http_request_method=\"GET\"",
    ] {
        assert!(page.contains(sample), "/metrics has no {sample}:\n{page}");
    }
    assert!(!page.contains("http_requests_total"), "otelhttp alone records no design metric:\n{page}");
    assert!(!page.contains("http_request_duration_seconds"), "otelhttp alone records no design metric:\n{page}");
    // One metrics path at a time: by default pushed over OTLP and /metrics says so (404);
    // OTEL_METRICS_EXPORTER=prometheus alone serves them and pushes nothing.
    for (value, served) in [("", false), ("prometheus", true)] {
        let fake = FakePipeline::start(None, Knobs::default());
        let env = [("OTEL_METRICS_EXPORTER", value.to_owned())];
        let (page, _) = run_service_with(&binary, &fake, "http/protobuf", &env, &requests[..1]);
        let histogram = page.contains("http_server_request_duration_seconds_bucket{");
        assert_eq!(histogram, served, "OTEL_METRICS_EXPORTER={value:?}: /metrics served?\n{page}");
        assert_eq!(page.contains("pushed over OTLP"), !served, "OTEL_METRICS_EXPORTER={value:?}:\n{page}");
        let r = fake.received();
        let pushed = crate::init_real::metric_names(&r);
        assert!(!r.traces.is_empty(), "OTEL_METRICS_EXPORTER={value:?}: traces still pushed");
        assert_eq!(
            pushed.contains(&"http.server.request.duration"),
            !served,
            "OTEL_METRICS_EXPORTER={value:?}: OTLP metrics pushed? {pushed:?}"
        );
    }
    // Replicas apart, and the deployment's OTEL_RESOURCE_ATTRIBUTES over the code.
    let (_, given) = crate::init_real::assert_resource_precedence(
        |env| {
            let fake = FakePipeline::start(None, Knobs::default());
            let env: Vec<(&str, String)> = env.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
            run_service_with(&binary, &fake, "http/protobuf", &env, &requests[..1]);
            let received = fake.received();
            crate::init_real::resource_of(&received)
        },
        "service.version=9.9.9",
    );
    assert_eq!(given.get("service.version").map(String::as_str), Some("9.9.9"), "{given:?}");
    if let Some(out) = std::env::var_os("OTELKIT_RECORD_DIR") {
        let out = PathBuf::from(out);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("nethttp-otelhttp.prom"), &page).unwrap();
        let go_mod = std::fs::read_to_string(root.join("go.mod")).unwrap();
        std::fs::write(out.join("nethttp-otelhttp.go.mod"), go_mod).unwrap();
    }
}
