//! A backend that cannot be reached (refused, unresolvable, failing the TLS handshake) is named
//! after `--unreachable-grace`, not after the whole `--timeout`, in smoke-test, canary, load and
//! doctor; a backend that starts listening within the grace is waited for.

use std::io::{BufRead, BufReader};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

/// How much longer than the grace a report may take: the export before the polling, a process
/// start on a loaded machine.
const SLACK: Duration = Duration::from_millis(2500);

/// A TCP relay from a loopback port to `to` that starts listening `after` a while and can be
/// killed: a backend starting late, or dying.
struct Relay {
    stop: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<TcpStream>>>,
    thread: Option<JoinHandle<()>>,
}

impl Relay {
    fn start(port: u16, to: &str, after: Duration) -> Self {
        let to = to.trim_start_matches("http://").to_owned();
        let stop = Arc::new(AtomicBool::new(false));
        let connections: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
        let (stop_ref, connections_ref) = (stop.clone(), connections.clone());
        let thread = std::thread::spawn(move || {
            std::thread::sleep(after);
            let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
            listener.set_nonblocking(true).unwrap();
            while !stop_ref.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let server = TcpStream::connect(&to).unwrap();
                        let mut open = connections_ref.lock().unwrap();
                        open.extend([client.try_clone().unwrap(), server.try_clone().unwrap()]);
                        let (mut c_in, mut s_out) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                        std::thread::spawn(move || std::io::copy(&mut c_in, &mut s_out));
                        let (mut s_in, mut c_out) = (server, client);
                        std::thread::spawn(move || std::io::copy(&mut s_in, &mut c_out));
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(10))
                    }
                    Err(e) => panic!("relay: {e}"),
                }
            }
        });
        Self { stop, connections, thread: Some(thread) }
    }

    /// Stop listening and cut every connection (a kept-alive one included).
    fn kill(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
        for c in self.connections.lock().unwrap().drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.kill();
    }
}

/// smoke-test of logs, with Loki at `loki`, `--timeout 60s`: the exit, the loki.logs check, the time taken.
fn smoke_logs(fake: &FakePipeline, loki: &str, extra: &[&str]) -> (Option<i32>, Value, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = otelkit(dir.path())
        .args(["--format", "json", "smoke-test", "--otlp-endpoint", &fake.http, "--loki-url", loki])
        .args(["--signals", "logs", "--timeout", "60s"])
        .args(extra)
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    let took = started.elapsed();
    let report: Value = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    let check = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "loki.logs").unwrap().clone();
    (out.status.code(), check, took)
}

fn assert_named_within(fake: &FakePipeline, loki: &str, grace: &str, says: &str) {
    let extra: Vec<&str> = if grace == "5s" { vec![] } else { vec!["--unreachable-grace", grace] };
    let (code, check, took) = smoke_logs(fake, loki, &extra);
    assert_eq!(code, Some(1), "{check:#}");
    let detail = check["detail"].as_str().unwrap();
    assert!(detail.starts_with("loki: ") && detail.contains(says), "expected {says:?}: {check:#}");
    assert!(detail.ends_with(&format!("(unreachable for {grace})")), "{check:#}");
    let grace = humantime::parse_duration(grace).unwrap();
    assert!(took >= grace && took < grace + SLACK, "took {took:?} with a grace of {grace:?}");
}

#[test]
fn a_refused_connection_is_named_after_the_default_grace_of_5s() {
    let fake = FakePipeline::start(None, Knobs::default());
    let closed = format!("http://127.0.0.1:{}", free_port());
    assert_named_within(&fake, &closed, "5s", "connection refused");
}

#[test]
fn an_unresolvable_host_is_named_after_the_grace() {
    let fake = FakePipeline::start(None, Knobs::default());
    // `.invalid` never resolves (RFC 6761).
    assert_named_within(&fake, "http://loki.otelkit.invalid:3100", "1s", "cannot resolve host");
}

#[test]
fn a_failed_tls_handshake_is_named_after_the_grace() {
    let fake = FakePipeline::start(None, Knobs::default());
    let https = fake.http.replace("http://", "https://");
    assert_named_within(&fake, &https, "2s", "TLS error");
}

#[test]
fn a_zero_grace_reports_at_once_and_data_not_yet_visible_still_waits() {
    let fake = FakePipeline::start(None, Knobs { visible_after: Duration::from_millis(1500), ..Default::default() });
    let closed = format!("http://127.0.0.1:{}", free_port());
    assert_named_within(&fake, &closed, "0s", "connection refused");
    // Loki answers "nothing yet" for 1.5 s: reachable, so a zero grace does not cut the wait.
    let (code, check, _) = smoke_logs(&fake, &fake.http, &["--unreachable-grace", "0s"]);
    assert_eq!(code, Some(0), "{check:#}");
}

#[test]
fn a_backend_that_starts_listening_within_the_grace_passes() {
    let fake = FakePipeline::start(None, Knobs::default());
    let port = free_port();
    let _loki = Relay::start(port, &fake.http, Duration::from_millis(1500));
    let (code, check, took) = smoke_logs(&fake, &format!("http://127.0.0.1:{port}"), &["--unreachable-grace", "4s"]);
    assert_eq!(code, Some(0), "{check:#}");
    assert!(took >= Duration::from_millis(1500), "{took:?}");
}

#[test]
fn canary_names_a_killed_backend_within_interval_and_grace() {
    let fake = FakePipeline::start(None, Knobs::default());
    let port = free_port();
    let mut loki = Relay::start(port, &fake.http, Duration::ZERO);
    let loki_url = format!("http://127.0.0.1:{port}");
    let listen = format!("127.0.0.1:{}", free_port());
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("otelkit"));
    for (k, _) in std::env::vars() {
        if k.starts_with("OTEL_") || k.starts_with("OTELKIT_") {
            cmd.env_remove(k);
        }
    }
    let mut child = cmd
        .env("NO_COLOR", "1")
        .args(["canary", "--listen", &listen, "--interval", "1s", "--count", "2", "--timeout", "60s"])
        .args(["--unreachable-grace", "2s", "--otlp-endpoint", &fake.http, "--loki-url", &loki_url])
        .args(["--signals", "logs"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines().map_while(Result::ok);
    let mut log = String::new();
    let mut run_line = |log: &mut String| {
        for line in lines.by_ref() {
            log.push_str(&line);
            log.push('\n');
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.get(1) == Some(&"run") && matches!(words.get(3), Some(&"pass" | &"fail")) {
                return line;
            }
        }
        panic!("no run line: {log}");
    };
    let first = run_line(&mut log);
    assert!(first.contains(" pass in "), "{log}");
    loki.kill();
    let killed = Instant::now();
    let second = run_line(&mut log);
    let took = killed.elapsed();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "the last run failed: {log}");
    assert!(second.contains(" fail in "), "{log}");
    assert!(log.contains("connection refused") && log.contains("unreachable for 2s"), "{log}");
    let limit = Duration::from_secs(1) + Duration::from_secs(2) + SLACK;
    assert!(took < limit, "named {took:?} after the kill, not within {limit:?}: {log}");
}

#[test]
fn load_stops_counting_in_an_unreachable_backend_after_the_grace() {
    let fake = FakePipeline::start(None, Knobs::default());
    let closed = format!("http://127.0.0.1:{}", free_port());
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = otelkit(dir.path())
        .args(["--format", "json", "load", "--otlp-endpoint", &fake.http, "--loki-url", &closed])
        .args(["--signals", "logs", "--count", "100", "--rate", "0", "--settle", "60s"])
        .args(["--unreachable-grace", "1s"])
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout_of(&out), stderr_of(&out));
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let check = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "load.logs.loki").unwrap();
    let detail = check["detail"].as_str().unwrap();
    assert!(detail.contains("connection refused") && detail.ends_with("(unreachable for 1s)"), "{check:#}");
    assert!(took < Duration::from_secs(1) + SLACK + Duration::from_secs(2), "took {took:?} of a 60 s settle");
}

#[test]
fn doctor_names_an_unreachable_backend_after_the_grace() {
    let fake = FakePipeline::start(None, Knobs::default());
    let closed = format!("http://127.0.0.1:{}", free_port());
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = otelkit(dir.path())
        .args(["--format", "json", "doctor", "--otlp-endpoint", &fake.http, "--otlp-grpc-endpoint", &fake.grpc])
        .args(["--health-url", &format!("{}/", fake.http), "--telemetry-url", &format!("{}/self/metrics", fake.http)])
        .args(["--tempo-url", &fake.http, "--loki-url", &closed, "--prometheus-url", &closed])
        .args(["--timeout", "60s", "--unreachable-grace", "1s"])
        .timeout(Duration::from_secs(90))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{}{}", stdout_of(&out), stderr_of(&out));
    let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    let check = |name: &str| report["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    assert!(check("loki.ready")["detail"].as_str().unwrap().contains("connection refused"), "{report:#}");
    // The hop-by-hop run's polling of Loki gave up after the grace, not the 60 s timeout.
    assert_eq!(check("hop.logs")["outcome"], "fail", "{report:#}");
    assert!(took < Duration::from_secs(1) + SLACK + Duration::from_secs(2), "took {took:?} of a 60 s timeout");
}
