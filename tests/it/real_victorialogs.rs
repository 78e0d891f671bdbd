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
        let bin = victorialogs_bin();
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
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
