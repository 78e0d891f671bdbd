//! `otelkit canary` as a process against the fake pipeline: its counters and histograms hold what
//! the runs produced, a backend broken for a while shows as failed checks and then recovery, runs
//! never overlap, and SIGTERM is a clean exit 0.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::{free_port, otelkit, prometheus_tool, stderr_of, stdout_of};

const SECRET: &str = "canary-secret-4711";

/// A running `otelkit canary`, killed when dropped.
struct Canary {
    child: Child,
    url: String,
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

impl Canary {
    /// `otelkit --format json canary` against `fake` (traces and logs: the fake has no Prometheus).
    fn start(fake: &FakePipeline, extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let stderr = dir.path().join("stderr.log");
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("otelkit"));
        for (k, _) in std::env::vars() {
            if k.starts_with("OTEL_") || k.starts_with("OTELKIT_") {
                cmd.env_remove(k);
            }
        }
        let child = cmd
            .env("NO_COLOR", "1")
            .current_dir(dir.path())
            .args(["--format", "json", "canary", "--listen", &format!("127.0.0.1:{port}")])
            .args(["--otlp-endpoint", &fake.http, "--tempo-url", &fake.http, "--loki-url", &fake.http])
            .args(["--signals", "traces,logs", "--header", &format!("Authorization=Bearer {SECRET}")])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let me = Self { child, url: format!("http://127.0.0.1:{port}"), stderr, _dir: dir };
        me.wait_for(Duration::from_secs(30), |c| c.get("/healthz", "").0 == 200);
        me
    }

    /// (status, content type, body) of GET path; status 0 when nothing answers.
    fn get(&self, path: &str, accept: &str) -> (u16, String, String) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let mut req = reqwest::Client::new().get(format!("{}{path}", self.url)).timeout(Duration::from_secs(5));
            if !accept.is_empty() {
                req = req.header("accept", accept);
            }
            match req.send().await {
                Ok(r) => {
                    let status = r.status().as_u16();
                    let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
                    (status, ct, r.text().await.unwrap_or_default())
                }
                Err(_) => (0, String::new(), String::new()),
            }
        })
    }

    fn metrics(&self) -> String {
        self.get("/metrics", "").2
    }

    fn wait_for(&self, limit: Duration, mut done: impl FnMut(&Self) -> bool) {
        let deadline = Instant::now() + limit;
        while !done(self) {
            assert!(Instant::now() < deadline, "not within {limit:?}; stderr:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// SIGTERM; the exit status and how long the process took to exit.
    fn terminate(&mut self) -> (std::process::ExitStatus, Duration) {
        let sent = Instant::now();
        let kill = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(kill.success());
        let status = self.child.wait().unwrap();
        (status, sent.elapsed())
    }

    /// The JSON log lines of one event.
    fn events(&self, event: &str) -> Vec<Value> {
        self.log()
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|_| panic!("a JSON log line: {l}")))
            .filter(|v| v["event"] == event)
            .collect()
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of the series `series` (name and labels exactly as exposed), or 0 when absent.
fn value(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .map_or(0.0, |v| v.trim().parse().unwrap())
}

fn runs(text: &str, result: &str) -> f64 {
    value(text, &format!("otelkit_canary_runs_total{{result=\"{result}\"}}"))
}

fn checks(text: &str, check: &str, result: &str) -> f64 {
    value(text, &format!("otelkit_canary_checks_total{{check=\"{check}\",result=\"{result}\"}}"))
}

/// A scrape in which every run counted so far is counted everywhere (a run is recorded in a few
/// microseconds; a scrape can fall between two of its counters).
fn consistent_scrape(canary: &Canary) -> String {
    for _ in 0..20 {
        let text = canary.metrics();
        let pass = runs(&text, "pass");
        if checks(&text, "tempo.trace", "pass") == pass
            && value(&text, "otelkit_canary_visibility_seconds_count{signal=\"logs\"}") == pass
        {
            return text;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no consistent scrape:\n{}", canary.metrics());
}

#[test]
fn counts_the_runs_survives_a_broken_backend_and_recovers() {
    // Data becomes queryable 300 ms after it arrives: longer than the 200 ms interval, so the
    // runs overrun it and must be serialised, not doubled.
    let fake = FakePipeline::start(None, Knobs { visible_after: Duration::from_millis(300), ..Default::default() });
    let mut canary = Canary::start(&fake, &["--interval", "200ms", "--timeout", "1"]);
    canary.wait_for(Duration::from_secs(30), |c| runs(&c.metrics(), "pass") >= 3.0);
    assert_eq!(canary.get("/ready", "").0, 200);

    let text = consistent_scrape(&canary);
    let pass = runs(&text, "pass");
    assert_eq!(runs(&text, "fail"), 0.0, "{text}");
    for check in ["export.traces", "export.logs", "tempo.trace", "loki.logs", "correlation"] {
        assert_eq!(checks(&text, check, "pass"), pass, "{check}: {text}");
    }
    for signal in ["traces", "logs"] {
        let count = value(&text, &format!("otelkit_canary_visibility_seconds_count{{signal=\"{signal}\"}}"));
        let sum = value(&text, &format!("otelkit_canary_visibility_seconds_sum{{signal=\"{signal}\"}}"));
        let fast =
            value(&text, &format!("otelkit_canary_visibility_seconds_bucket{{signal=\"{signal}\",le=\"0.25\"}}"));
        assert_eq!(count, pass, "{signal}: one observation per run: {text}");
        // The clock starts when the export returns, a few ms after the fake stamped the data.
        assert!(sum >= 0.25 * count, "{signal}: nothing is visible before 300 ms: {text}");
        assert_eq!(fast, 0.0, "{signal}: {text}");
    }
    assert!(!text.contains("signal=\"metrics\""), "metrics were not selected: {text}");
    assert!(value(&text, "otelkit_canary_last_success_timestamp_seconds") > 1.7e9, "{text}");
    assert!(value(&text, "otelkit_canary_last_run_duration_seconds") >= 0.3, "{text}");
    assert_eq!(value(&text, "otelkit_canary_build_info{version=\"0.1.0\"}"), 1.0, "{text}");

    // Loki and Tempo answer 500 for a while: failed checks, never a crash.
    fake.fake.knobs.lock().unwrap().broken = Some((500, "backend down for the test".into()));
    canary.wait_for(Duration::from_secs(30), |c| runs(&c.metrics(), "fail") >= 2.0);
    let text = canary.metrics();
    assert!(checks(&text, "loki.logs", "fail") >= 2.0, "{text}");
    assert!(checks(&text, "tempo.trace", "fail") >= 2.0, "{text}");
    assert!(value(&text, "otelkit_canary_check_consecutive_failures{check=\"loki.logs\"}") >= 2.0, "{text}");
    assert_eq!(checks(&text, "export.logs", "fail"), 0.0, "exports still work: {text}");
    assert!(canary.child.try_wait().unwrap().is_none(), "still running");
    let failed = canary.events("run").into_iter().rev().find(|e| e["result"] == "fail").unwrap();
    let problems = failed["problems"].to_string();
    assert!(problems.contains("loki.logs") && problems.contains("HTTP 500"), "{failed:#}");

    // Healthy again: it recovers by itself.
    fake.fake.knobs.lock().unwrap().broken = None;
    let before = runs(&canary.metrics(), "pass");
    canary.wait_for(Duration::from_secs(30), |c| runs(&c.metrics(), "pass") >= before + 2.0);
    let text = canary.metrics();
    assert_eq!(value(&text, "otelkit_canary_check_consecutive_failures{check=\"loki.logs\"}"), 0.0, "{text}");

    // OpenMetrics when asked for, the Prometheus text format otherwise; no secret anywhere.
    let (status, ct, om) = canary.get("/metrics", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
    assert_eq!(status, 200);
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    assert!(om.ends_with("# EOF\n"), "{om}");
    let (_, ct, text) = canary.get("/metrics", "");
    assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
    assert!(!text.contains("# EOF"));
    assert_eq!(canary.get("/nope", "").0, 404);

    let (status, took) = canary.terminate();
    eprintln!("canary exited {status:?} {took:?} after SIGTERM");
    assert_eq!(status.code(), Some(0), "{}", canary.log());
    let mut stdout = String::new();
    std::io::Read::read_to_string(canary.child.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    assert_eq!(stdout, "", "nothing on stdout");
    let log = canary.log();
    assert!(!log.contains(SECRET) && !text.contains(SECRET) && !om.contains(SECRET), "{log}");

    // One run at a time: each starts after the one before ended, and the overruns are logged.
    let ends: Vec<(f64, f64)> = canary
        .events("run")
        .iter()
        .map(|e| {
            let end = humantime::parse_rfc3339(e["time"].as_str().unwrap()).unwrap();
            let end = end.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs_f64();
            (end - e["seconds"].as_f64().unwrap(), end)
        })
        .collect();
    for pair in ends.windows(2) {
        assert!(pair[1].0 >= pair[0].1 - 0.002, "runs overlap: {pair:?}");
    }
    assert!(!canary.events("overrun").is_empty(), "{log}");
    assert_eq!(canary.events("stopping")[0]["signal"], "SIGTERM");
}

#[test]
fn sigterm_abandons_a_run_in_flight_and_exits_0() {
    // Every query answer takes 20 s: the first run is still polling when SIGTERM comes.
    let fake = FakePipeline::start(None, Knobs { answer_delay: Duration::from_secs(20), ..Default::default() });
    let mut canary = Canary::start(&fake, &["--interval", "1s", "--timeout", "60"]);
    canary.wait_for(Duration::from_secs(10), |_| fake.received().logs.len() == 1);
    let (status, body) = {
        let (s, _, b) = canary.get("/ready", "");
        (s, b)
    };
    assert_eq!(status, 503, "no run finished yet: {body}");
    let (status, took) = canary.terminate();
    eprintln!("canary exited {status:?} {took:?} after SIGTERM with a run in flight");
    assert_eq!(status.code(), Some(0), "{}", canary.log());
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(canary.events("run").is_empty(), "the run was abandoned, not finished");
    assert_eq!(canary.get("/healthz", "").0, 0, "stopped answering");
}

#[test]
fn count_stops_after_n_runs_with_the_last_runs_status() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dir = tempfile::tempdir().unwrap();
    let port = free_port().to_string();
    let common = |cmd: &mut assert_cmd::Command| {
        cmd.args(["canary", "--listen", &format!("127.0.0.1:{port}"), "--interval", "200ms", "--timeout", "1"])
            .args(["--otlp-endpoint", &fake.http, "--tempo-url", &fake.http, "--loki-url", &fake.http])
            .args(["--signals", "traces,logs"])
            .timeout(Duration::from_secs(60));
    };
    let mut cmd = otelkit(dir.path());
    common(&mut cmd);
    let out = cmd.args(["--count", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(stdout_of(&out), "");
    let err = stderr_of(&out);
    // A run's result line ("... run 1 pass in 0.1s ..."), not the warning a loaded machine adds
    // ("... run 1 took 0.2s, longer than the interval").
    let is_result = |l: &&str| {
        let words: Vec<&str> = l.split_whitespace().collect();
        words.get(1) == Some(&"run") && matches!(words.get(3), Some(&"pass" | &"fail"))
    };
    let lines: Vec<&str> = err.lines().filter(is_result).collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(lines.iter().all(|l| l.contains(" pass in ")), "{err}");

    fake.fake.knobs.lock().unwrap().broken = Some((503, "down".into()));
    let mut cmd = otelkit(dir.path());
    common(&mut cmd);
    let out = cmd.args(["--count", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the last run failed: {}", stderr_of(&out));
    assert!(stderr_of(&out).contains("loki.logs fail"), "{}", stderr_of(&out));

    for bad in ["0s", "soon", "-1s"] {
        let out = otelkit(dir.path()).args(["canary", "--interval", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--interval {bad}: {}", stderr_of(&out));
    }
    let out = otelkit(dir.path()).args(["canary", "--count", "0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A port already taken is a usage error named as such, before any run.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = otelkit(dir.path()).args(["canary", "--count", "1", "--listen", &addr]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).starts_with(&format!("error: --listen {addr}: ")), "{}", stderr_of(&out));
}

#[test]
#[ignore = "needs promtool and prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn a_real_prometheus_scrapes_the_canary_and_promtool_accepts_it() {
    let promtool = prometheus_tool("promtool");
    // All three signals: the pipeline's metrics reach a real Prometheus scraping the fake's
    // exposition (namespace agentstack), as in the smoke-test end-to-end test.
    let fake = FakePipeline::start(Some("agentstack"), Knobs::default());
    let pipeline_prometheus = fake.real_prometheus(true);
    let mut canary = Canary::start(
        &fake,
        &[
            "--signals",
            "metrics",
            "--prometheus-url",
            &pipeline_prometheus.url,
            "--metric-namespace",
            "agentstack",
            "--interval",
            "200ms",
            "--timeout",
            "20",
        ],
    );
    canary.wait_for(Duration::from_secs(90), |c| runs(&c.metrics(), "pass") >= 2.0);
    let text = canary.metrics();
    for check in ["export.metrics", "prometheus.counter", "prometheus.histogram", "prometheus.exemplar", "correlation"]
    {
        assert!(checks(&text, check, "pass") >= 2.0, "{check}: {text}");
    }
    assert!(value(&text, "otelkit_canary_visibility_seconds_count{signal=\"metrics\"}") >= 2.0, "{text}");
    // A broken Tempo and Loki with a timeout of 20 s would make slow runs: restart quicker.
    let (status, _) = canary.terminate();
    assert_eq!(status.code(), Some(0));
    let mut canary = Canary::start(&fake, &["--interval", "200ms", "--timeout", "1"]);
    canary.wait_for(Duration::from_secs(30), |c| runs(&c.metrics(), "pass") >= 2.0);
    fake.fake.knobs.lock().unwrap().broken = Some((500, "down".into()));
    canary.wait_for(Duration::from_secs(30), |c| runs(&c.metrics(), "fail") >= 1.0);
    fake.fake.knobs.lock().unwrap().broken = None;
    canary.wait_for(Duration::from_secs(30), |c| c.metrics().contains("consecutive_failures{check=\"loki.logs\"} 0"));

    // promtool reads the Prometheus text format; the OpenMetrics answer is what the real
    // Prometheus below negotiates (its Accept header prefers OpenMetrics) and parses.
    let text = canary.metrics();
    let check = promtool_check_metrics(&promtool, &text);
    assert!(check.status.success(), "promtool check metrics:\n{}\n{text}", stderr_of(&check));
    assert_eq!(stderr_of(&check).trim(), "", "promtool has no complaints: {text}");

    let target = canary.url.trim_start_matches("http://");
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: otelkit-canary\n    static_configs:\n      - targets: ['{target}']\n"
    );
    let prom = crate::real_prometheus::RealPrometheus::start(&config, None);
    let answer = prom.wait_for_data("otelkit_canary_runs_total{result=\"fail\"} > 0", Duration::from_secs(30));
    assert_eq!(answer["data"]["result"].as_array().map(Vec::len), Some(1), "{answer:#}");
    let answer = prom
        .wait_for_data("otelkit_canary_checks_total{check=\"loki.logs\",result=\"fail\"} > 0", Duration::from_secs(30));
    assert_eq!(answer["data"]["result"].as_array().map(Vec::len), Some(1), "{answer:#}");
    let answer = prom.wait_for_data(
        "histogram_quantile(0.5, sum by (le, signal) (otelkit_canary_visibility_seconds_bucket))",
        Duration::from_secs(30),
    );
    assert_eq!(answer["data"]["result"].as_array().map(Vec::len), Some(2), "traces and logs: {answer:#}");
    let answer = prom.wait_for_data("otelkit_canary_build_info", Duration::from_secs(30));
    assert_eq!(answer["data"]["result"][0]["metric"]["version"], "0.1.0", "{answer:#}");
    let (status, _) = canary.terminate();
    assert_eq!(status.code(), Some(0));
}

fn promtool_check_metrics(promtool: &Path, text: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(promtool)
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}
