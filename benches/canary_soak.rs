//! `otelkit canary` over many fast runs: resident memory after 10, 100, 1,000 and 2,000 runs
//! (it must stay flat: no history grows), and how long SIGTERM takes to end the process, once
//! between runs and once with a run in flight. Run: `.ci/bench-canary.sh`. Not a test.
//!
//! Against the test suite's fake pipeline (traces and logs, visible at once), `--interval 1ms`:
//! every run starts as soon as the one before ends.

#[path = "../tests/it/fake_pipeline.rs"]
mod fake_pipeline;
#[path = "../tests/it/real_prometheus.rs"]
mod real_prometheus;
#[path = "../tests/it/support.rs"]
mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn start(fake: &fake_pipeline::FakePipeline, extra: &[&str]) -> (Child, String) {
    let port = support::free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_otelkit"))
        .args(["canary", "--listen", &format!("127.0.0.1:{port}"), "--signals", "traces,logs"])
        .args(["--otlp-endpoint", &fake.http, "--tempo-url", &fake.http, "--loki-url", &fake.http])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while get(&format!("{url}/healthz")).is_none() {
        assert!(Instant::now() < deadline, "canary did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    (child, url)
}

fn get(url: &str) -> Option<String> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new().get(url).timeout(Duration::from_secs(5)).send().await.ok()?;
        r.text().await.ok()
    })
}

fn runs(url: &str) -> u64 {
    let text = get(&format!("{url}/metrics")).unwrap_or_default();
    text.lines()
        .filter(|l| l.starts_with("otelkit_canary_runs_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>() as u64
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn sigterm(child: &mut Child) -> (Duration, Option<i32>) {
    let sent = Instant::now();
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let status = child.wait().unwrap();
    (sent.elapsed(), status.code())
}

fn main() {
    let fake = fake_pipeline::FakePipeline::start(None, fake_pipeline::Knobs::default());
    let (mut child, url) = start(&fake, &["--interval", "1ms", "--timeout", "5"]);
    let started = Instant::now();
    println!("| runs | RSS | wall |");
    println!("|---:|---:|---:|");
    for target in [10u64, 100, 1_000, 2_000] {
        while runs(&url) < target {
            std::thread::sleep(Duration::from_millis(5));
        }
        println!(
            "| {} | {:.1} MiB | {:.1} s |",
            runs(&url),
            rss_kib(child.id()) as f64 / 1024.0,
            started.elapsed().as_secs_f64()
        );
    }
    let (took, code) = sigterm(&mut child);
    println!("\nSIGTERM between runs: exit {code:?} after {:.1} ms", took.as_secs_f64() * 1000.0);

    // Every query answer takes 20 s: SIGTERM lands while the first run polls.
    let slow = fake_pipeline::FakePipeline::start(
        None,
        fake_pipeline::Knobs { answer_delay: Duration::from_secs(20), ..Default::default() },
    );
    let (mut child, _) = start(&slow, &["--interval", "60s", "--timeout", "60"]);
    while slow.received().logs.is_empty() {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let (took, code) = sigterm(&mut child);
    println!("SIGTERM with a run in flight: exit {code:?} after {:.1} ms", took.as_secs_f64() * 1000.0);
}
