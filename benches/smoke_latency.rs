//! How much later than the pipeline allows does `otelkit smoke-test` finish?
//!
//! Starts the test suite's fake pipeline, where traces and logs become queryable a known time
//! after export, and times `otelkit smoke-test` with hyperfine against that delay, with
//! `otelkit --version` as the start-up baseline in the same run. Run: `.ci/bench-smoke.sh`.
//! Metrics are left out: with a real Prometheus their visibility depends on the scrape
//! interval, which is not a known time.

#[path = "../tests/it/fake_pipeline.rs"]
mod fake_pipeline;
#[path = "../tests/it/real_prometheus.rs"]
mod real_prometheus;
#[path = "../tests/it/support.rs"]
mod support;

use std::process::Command;
use std::time::Duration;

fn main() {
    let bin = env!("CARGO_BIN_EXE_otelkit");
    let out_dir = tempfile::tempdir().unwrap();
    println!("| visibility | smoke-test mean | overhead | wall / visibility | --version |");
    println!("|---:|---:|---:|---:|---:|");
    for visible_ms in [500u64, 1500, 3000] {
        let fake = fake_pipeline::FakePipeline::start(
            None,
            fake_pipeline::Knobs { visible_after: Duration::from_millis(visible_ms), ..Default::default() },
        );
        let json = out_dir.path().join(format!("{visible_ms}.json"));
        let smoke = format!(
            "{bin} -q smoke-test --signals traces,logs --timeout 30 --otlp-endpoint {h} --tempo-url {h} --loki-url {h}",
            h = fake.http
        );
        let status = Command::new("hyperfine")
            .args(["-N", "--warmup", "1", "--runs", "10", "--style", "none", "--export-json"])
            .arg(&json)
            .arg(format!("{bin} --version"))
            .arg(&smoke)
            .status()
            .expect("hyperfine installed (apt-get install hyperfine)");
        assert!(status.success(), "hyperfine failed");
        let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        let mean = |i: usize| report["results"][i]["mean"].as_f64().unwrap();
        let (version, wall) = (mean(0), mean(1));
        let visible = visible_ms as f64 / 1000.0;
        println!(
            "| {visible:.1} s | {wall:.3} s | {:.3} s | {:.3} | {:.1} ms |",
            wall - visible,
            wall / visible,
            version * 1000.0
        );
    }
}
