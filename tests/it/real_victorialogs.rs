//! A real VictoriaLogs server (built by .ci/deps/victorialogs.sh) for tests: on a free loopback
//! port with its storage in a temporary directory, killed when dropped; and the tests that hold
//! otelkit's log checks against it.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::collector_support::repo;
use crate::support::free_port;

/// The release .ci/deps/victorialogs.sh builds.
pub const RELEASE: &str = "1.52.1";

/// The built server. The tests that call this are `#[ignore = "needs VictoriaLogs ..."]`; once
/// asked for (`-- --include-ignored`) a missing binary fails them.
pub fn victorialogs_bin() -> PathBuf {
    let bin = repo().join(format!("target/test-deps/victorialogs-{RELEASE}/victoria-logs"));
    assert!(bin.is_file(), "{} is missing: run .ci/deps/victorialogs.sh", bin.display());
    bin
}

/// A VictoriaLogs process, killed when dropped.
pub struct RealVictoriaLogs {
    child: Child,
    pub url: String,
    dir: tempfile::TempDir,
}

/// One HTTP answer: status and body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl RealVictoriaLogs {
    /// Start and wait until `/health` answers 200 (30 s at most).
    pub fn start() -> Self {
        Self::start_at(free_port())
    }

    /// As `start`, on `port`: a backend that is down when `otelkit load` is told where to count,
    /// and comes up later.
    pub fn start_at(port: u16) -> Self {
        let bin = victorialogs_bin();
        let dir = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(dir.path().join("victorialogs.log")).unwrap();
        let child = Command::new(bin)
            .arg(format!("-storageDataPath={}", dir.path().join("data").display()))
            .arg(format!("-httpListenAddr=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("victoria-logs starts");
        let mut me = Self { child, url: format!("http://127.0.0.1:{port}"), dir };
        me.wait_ready();
        me
    }

    /// Everything it has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("victorialogs.log")).unwrap_or_default()
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("victoria-logs exited ({status}):\n{}", self.log());
            }
            if self.get("/health", &[]).is_some_and(|a| a.status == 200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("victoria-logs not ready within 30 s:\n{}", self.log());
    }

    /// Make what was ingested queryable now (it otherwise shows within about a second).
    pub fn force_flush(&self) {
        let a = self.get("/internal/force_flush", &[]).expect("force_flush answered");
        assert_eq!(a.status, 200, "force_flush: {}", a.body);
    }

    /// The JSON lines `logsql` finds, in the tenant the headers name.
    pub fn query(&self, logsql: &str, headers: &[(&str, &str)]) -> Vec<serde_json::Value> {
        let a = self.get(&format!("/select/logsql/query?query={}", urlencode(logsql)), headers).expect("answered");
        assert_eq!(a.status, 200, "{logsql}: {}", a.body);
        a.body.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str(l).unwrap()).collect()
    }

    /// The `count()` of what `filters` find, by `/select/logsql/stats_query`.
    pub fn count(&self, filters: &str, headers: &[(&str, &str)]) -> u64 {
        let q = format!("{filters} | stats count() as logs");
        let a = self.get(&format!("/select/logsql/stats_query?query={}", urlencode(&q)), headers).expect("answered");
        assert_eq!(a.status, 200, "{q}: {}", a.body);
        let json: serde_json::Value = serde_json::from_str(&a.body).unwrap();
        json["data"]["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["value"][1].as_str().unwrap().parse::<u64>().unwrap())
            .sum()
    }

    /// Poll `query` until it finds `want` lines or `limit` passes; returns what it found last.
    pub fn wait_for_lines(&self, logsql: &str, want: usize, limit: Duration) -> Vec<serde_json::Value> {
        let deadline = Instant::now() + limit;
        loop {
            let found = self.query(logsql, &[]);
            if found.len() >= want || Instant::now() > deadline {
                return found;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Option<Answer> {
        self.request("GET", path, headers, Vec::new())
    }

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Option<Answer> {
        self.request("POST", path, headers, body)
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Option<Answer> {
        let url = format!("{}{path}", self.url);
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let mut req = reqwest::Client::new()
                .request(method.parse().unwrap(), &url)
                .timeout(Duration::from_secs(5))
                .body(body);
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let r = req.send().await.ok()?;
            let status = r.status().as_u16();
            Some(Answer { status, body: r.text().await.ok()? })
        })
    }
}

impl Drop for RealVictoriaLogs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

// Acceptance test 3: the smoke run's log records posted to VictoriaLogs's OTLP path as otelkit
// sends them, then found by otelkit's own LogsQL, read by its parsers and judged by its comparison.

use otelkit::pipeline::backends::victorialogs::{self, OTLP_LOGS_PATH};
use otelkit::pipeline::compare::compare_logs;
use otelkit::pipeline::synthetic::SmokeRun;
use otelkit::pipeline::verdict::Verdict;
use prost::Message;

const PROTOBUF: (&str, &str) = ("Content-Type", "application/x-protobuf");

#[test]
#[ignore = "needs VictoriaLogs (.ci/deps/victorialogs.sh)"]
fn the_smoke_runs_logs_are_found_counted_and_kept_to_their_tenant() {
    let vl = RealVictoriaLogs::start();
    let run = SmokeRun::new("otelkit-smoke", Some("vl-acceptance"), Vec::new());
    let body = run.logs().encode_to_vec();
    let a = vl.post(OTLP_LOGS_PATH, &[PROTOBUF], body.clone()).expect("answered");
    assert_eq!(a.status, 200, "{}", a.body);
    // The same records as JSON are refused: the OTLP path reads protobuf only.
    let json = vl.post(OTLP_LOGS_PATH, &[("Content-Type", "application/json")], b"{}".to_vec()).unwrap();
    assert_eq!(json.status, 400, "{}", json.body);
    assert!(json.body.contains("protobuf"), "{}", json.body);

    vl.force_flush();
    let query = victorialogs::run_query(&run);
    let lines = vl.wait_for_lines(&query, 2, Duration::from_secs(10));
    assert_eq!(lines.len(), 2, "{query}: {lines:#?}\n{}", vl.log());
    let mut by_severity: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| {
            assert_eq!(l["trace_id"], run.trace_id.as_str());
            (
                l["severity_text"].as_str().unwrap(),
                l["severity_number"].as_str().unwrap(),
                l["span_id"].as_str().unwrap(),
            )
        })
        .collect();
    by_severity.sort();
    let span = |severity: &str| run.logs.iter().find(|l| l.severity == severity).unwrap().span_id.as_str();
    assert_eq!(by_severity, vec![("ERROR", "17", span("ERROR")), ("INFO", "9", span("INFO"))]);

    // otelkit's parser and comparison agree with what the server holds.
    let raw = lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n");
    let found = victorialogs::parse_lines(&raw).unwrap();
    assert_eq!(compare_logs(&run, &found), Verdict::Found(()));

    let run_filter = victorialogs::count_query(&run.service_name, &run.run_id);
    let filters = run_filter.trim_end_matches(" | stats count() as logs");
    assert_eq!(vl.count(filters, &[]), 2);
    // Another tenant sees none of it; the run's own tenant sees it all.
    assert_eq!(vl.count(filters, &[("AccountID", "7")]), 0);
    let tenant = [("AccountID", "7"), ("ProjectID", "2")];
    let a = vl.post(OTLP_LOGS_PATH, &[PROTOBUF, tenant[0], tenant[1]], body).unwrap();
    assert_eq!(a.status, 200, "{}", a.body);
    vl.force_flush();
    assert_eq!(vl.count(filters, &tenant), 2);
    assert_eq!(vl.count(filters, &[("AccountID", "7")]), 0, "ProjectID 0 is another tenant");
}

// smoke-test, doctor and load with `--logs-backend victorialogs`: straight to its OTLP path, and
// through the real collector's otlp_http exporter.

use crate::collector_support::{mapped, with_free_ports, RunningCollector};
use crate::support::{otelkit, stderr_of, stdout_of};

/// `otelkit --format json ARGS`: the exit code and the report.
fn run_json(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let out =
        otelkit(dir.path()).args(["--format", "json"]).args(args).timeout(Duration::from_secs(120)).output().unwrap();
    assert!(!stderr_of(&out).contains("panicked"), "{}", stderr_of(&out));
    let report = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("otelkit {args:?}:\n{}\n{}", stdout_of(&out), stderr_of(&out)));
    (out.status.code(), report)
}

fn check<'a>(report: &'a serde_json::Value, name: &str) -> (&'a str, &'a str) {
    let c = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == name);
    let c = c.unwrap_or_else(|| panic!("no check {name}: {report:#}"));
    (c["outcome"].as_str().unwrap(), c["detail"].as_str().unwrap())
}

/// The collector receiving OTLP on free ports, its logs exported by otlp_http to `vl`, with its
/// health check and own metrics for doctor. Returns it and the doctor flags that reach it.
fn collector_to(vl: &RealVictoriaLogs) -> (RunningCollector, Vec<String>) {
    let config = "extensions:\n  health_check: {endpoint: 127.0.0.1:13133}\n\
                  receivers:\n  otlp:\n    protocols:\n      http: {endpoint: 127.0.0.1:4318}\n      grpc: {endpoint: 127.0.0.1:4317}\n\
                  exporters:\n  otlp_http/victorialogs:\n    logs_endpoint: VL_URL/insert/opentelemetry/v1/logs\n\
                  service:\n  extensions: [health_check]\n  telemetry:\n    metrics:\n      readers:\n\
                  \x20       - pull: {exporter: {prometheus: {host: 127.0.0.1, port: 8888}}}\n\
                  \x20 pipelines:\n    logs: {receivers: [otlp], exporters: [otlp_http/victorialogs]}\n";
    // Ports first, then the server's URL: its port must not be taken for a well-known one.
    let (config, ports) = with_free_ports(config);
    let mut collector = RunningCollector::spawn(&config.replace("VL_URL", &vl.url), &[]);
    assert!(collector.wait_ready(Duration::from_millis(200)), "{}", collector.log());
    let at = |port: u16| format!("http://127.0.0.1:{}", mapped(&ports, port));
    let flags = vec![
        "--otlp-endpoint".to_owned(),
        at(4318),
        "--otlp-grpc-endpoint".to_owned(),
        at(4317),
        "--health-url".to_owned(),
        at(13133),
        "--telemetry-url".to_owned(),
        format!("{}/metrics", at(8888)),
    ];
    (collector, flags)
}

fn smoke_logs(vl: &RealVictoriaLogs, endpoint: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["smoke-test", "--signals", "logs", "--otlp-endpoint", endpoint];
    args.extend(["--logs-backend", "victorialogs", "--victorialogs-url", &vl.url]);
    if !extra.contains(&"--timeout") {
        args.extend(["--timeout", "20"]);
    }
    args.extend(extra);
    run_json(&args)
}

#[test]
#[ignore = "needs VictoriaLogs (.ci/deps/victorialogs.sh)"]
fn smoke_test_finds_its_logs_in_victorialogs_straight_and_in_a_numbered_tenant() {
    let vl = RealVictoriaLogs::start();
    let otlp = format!("{}/insert/opentelemetry", vl.url);
    let (code, report) = smoke_logs(&vl, &otlp, &[]);
    assert_eq!(code, Some(0), "{report:#}\n{}", vl.log());
    let (outcome, detail) = check(&report, "victorialogs.logs");
    assert_eq!((outcome, detail), ("pass", "2 lines with the run's trace_id, span ids and severity"));

    // --tenant 7:2 files the run under AccountID 7, ProjectID 2, and finds it there only.
    let (code, report) = smoke_logs(&vl, &otlp, &["--tenant", "7:2", "--run-id", "vl-tenant"]);
    assert_eq!(code, Some(0), "{report:#}");
    let filters = r#"{"service.name"="otelkit-smoke"} "otelkit.run_id":="vl-tenant""#;
    assert_eq!(vl.count(filters, &[("AccountID", "7"), ("ProjectID", "2")]), 2);
    assert_eq!(vl.count(filters, &[]), 0, "the default tenant has none of it");

    // canary: one run, its logs checked in VictoriaLogs.
    let dir = tempfile::tempdir().unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let out = otelkit(dir.path())
        .args(["canary", "--listen", &listen, "--count", "1", "--timeout", "20", "--signals", "logs"])
        .args(["--otlp-endpoint", &otlp, "--logs-backend", "victorialogs", "--victorialogs-url", &vl.url])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains(" run 1 pass in "), "{}", stderr_of(&out));

    // A tenant VictoriaLogs cannot read is a usage error before anything is sent.
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["smoke-test", "--signals", "logs", "--logs-backend", "victorialogs", "--tenant", "team-a"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("AccountID:ProjectID"), "{}", stderr_of(&out));
}

#[test]
#[ignore = "needs VictoriaLogs (.ci/deps/victorialogs.sh) and the collector (.ci/deps/otelcol.sh)"]
fn smoke_doctor_and_load_pass_through_the_real_collector_into_victorialogs() {
    let vl = RealVictoriaLogs::start();
    let (collector, flags) = collector_to(&vl);
    let (http, grpc) = (&flags[1], &flags[3]);
    for (protocol, endpoint) in [("http/protobuf", http), ("grpc", grpc)] {
        let (code, report) = smoke_logs(&vl, endpoint, &["--protocol", protocol]);
        assert_eq!(code, Some(0), "{protocol}: {report:#}\n{}", collector.log());
        assert_eq!(check(&report, "victorialogs.logs").0, "pass", "{report:#}");
    }

    // doctor: the store's own checks pass, and the run's log records pass every hop into it (Tempo
    // and Prometheus are not there: their checks fail).
    let mut args: Vec<&str> = vec!["doctor", "--logs-backend", "victorialogs", "--victorialogs-url", &vl.url];
    args.extend(flags.iter().map(String::as_str));
    args.extend(["--timeout", "10"]);
    let (_, report) = run_json(&args);
    for name in ["victorialogs.ready", "victorialogs.version", "victorialogs.otlp", "hop.logs"] {
        assert_eq!(check(&report, name).0, "pass", "{name}: {report:#}");
    }
    assert_eq!(check(&report, "victorialogs.version").1, "v1.52.1");
    assert!(check(&report, "hop.logs").1.contains("otlp_http/victorialogs (2) -> backend"), "{report:#}");

    // A planted fault: the collector files the records under the default tenant, otelkit looks in
    // AccountID 7. smoke-test finds nothing there; doctor says they were delivered, not queryable.
    let (code, report) = smoke_logs(&vl, http, &["--tenant", "7", "--timeout", "3"]);
    assert_eq!(code, Some(1), "{report:#}");
    let (outcome, detail) = check(&report, "victorialogs.logs");
    assert!(outcome == "fail" && detail.contains("no INFO and ERROR log line for trace"), "{report:#}");
    let mut args: Vec<&str> = vec!["doctor", "--logs-backend", "victorialogs", "--victorialogs-url", &vl.url];
    args.extend(flags.iter().map(String::as_str));
    args.extend(["--timeout", "3", "--tenant", "7"]);
    let (_, report) = run_json(&args);
    let (outcome, detail) = check(&report, "hop.logs");
    assert!(outcome == "fail" && detail.contains("not queryable in the backend"), "{report:#}");

    // load counts every record with stats count(), waiting out the flush delay.
    let (code, report) = run_json(&[
        "load",
        "--otlp-endpoint",
        http,
        "--signals",
        "logs",
        "--count",
        "1200",
        "--rate",
        "0",
        "--batch-size",
        "100",
        "--settle",
        "30s",
        "--logs-backend",
        "victorialogs",
        "--victorialogs-url",
        &vl.url,
    ]);
    assert_eq!(code, Some(0), "{report:#}\n{}", collector.log());
    let logs = report["signals"].as_array().unwrap().iter().find(|s| s["signal"] == "logs").unwrap();
    assert_eq!((logs["accepted"].as_u64(), logs["found"].as_u64()), (Some(1200), Some(1200)), "{logs:#}");
    assert_eq!(check(&report, "load.logs.victorialogs").0, "pass", "{report:#}");
}

#[test]
#[ignore = "needs VictoriaLogs (.ci/deps/victorialogs.sh) and the collector (.ci/deps/otelcol.sh)"]
fn the_config_gen_collector_writes_for_victorialogs_delivers_into_the_tenant() {
    let vl = RealVictoriaLogs::start();
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["gen", "collector", "--logs", "victorialogs", "--victorialogs-endpoint", "http://vl.invalid:1"])
        .args(["--traces", "debug", "--tenant", "5"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let (config, ports) = with_free_ports(&stdout_of(&out));
    let mut collector = RunningCollector::spawn(&config.replace("http://vl.invalid:1", &vl.url), &[]);
    assert!(collector.wait_ready(Duration::from_millis(200)), "{}", collector.log());
    assert!(!collector.log().contains("deprecated"), "{}", collector.log());
    let http = format!("http://127.0.0.1:{}", mapped(&ports, 4318));
    let (code, report) = smoke_logs(&vl, &http, &["--tenant", "5", "--run-id", "vl-gen"]);
    assert_eq!(code, Some(0), "{report:#}\n{}", collector.log());
    let filters = r#"{"service.name"="otelkit-smoke"} "otelkit.run_id":="vl-gen""#;
    assert_eq!(vl.count(filters, &[("AccountID", "5")]), 2, "the exporter sent AccountID 5");
    assert_eq!(vl.count(filters, &[]), 0);
}

/// A service name and run id that would end LogsQL's strings, add a filter or a pipe, or widen
/// an exact match to a prefix: the real parser reads each back as one value, matching only itself.
#[test]
#[ignore = "needs VictoriaLogs (.ci/deps/victorialogs.sh)"]
fn hostile_values_stay_one_logsql_string_in_the_real_parser() {
    let vl = RealVictoriaLogs::start();
    let hostile = [r#"svc"} | delete _msg #"#, r#"a" or "b"#, "line\nbreak\ttab `'\\", "pre*"];
    for service in hostile {
        let run = SmokeRun::new(service, Some("hostile"), Vec::new());
        let a = vl.post(OTLP_LOGS_PATH, &[PROTOBUF], run.logs().encode_to_vec()).unwrap();
        assert_eq!(a.status, 200, "{}", a.body);
    }
    // Another service whose name the prefix `pre*` would match, were the `*` read as a wildcard.
    let bystander = SmokeRun::new("prefix-svc", Some("hostile"), Vec::new());
    vl.post(OTLP_LOGS_PATH, &[PROTOBUF], bystander.logs().encode_to_vec()).unwrap();
    vl.force_flush();
    for service in hostile {
        let run_filter = victorialogs::count_query(service, "hostile");
        let filters = run_filter.trim_end_matches(" | stats count() as logs");
        let lines = vl.wait_for_lines(filters, 2, Duration::from_secs(10));
        assert_eq!(lines.len(), 2, "{filters}: {lines:#?}");
        assert!(lines.iter().all(|l| l["service.name"] == service), "{filters}: {lines:#?}");
        assert_eq!(vl.count(filters, &[]), 2, "{filters}");
    }
}
