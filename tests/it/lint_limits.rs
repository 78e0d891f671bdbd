//! `otelkit lint` on hostile and huge input: an alias bomb, deep nesting, a file past the size
//! limit, tens of thousands of diagnostics. Each ends in time with the right exit code and, for
//! what lint refuses, one `error[yaml]` naming the limit. Runs under a memory cap, so an expansion
//! that grows without bound fails the test instead of the machine.

use std::path::Path;
use std::time::{Duration, Instant};

use otelkit::lint::limits::{MAX_ALIAS_NODES, MAX_DEPTH, MAX_INPUT_BYTES};

use crate::support::{stderr_of, stdout_of};

/// Address space the lint process may take: far above what any of these needs once bounded.
const MEMORY_CAP_KIB: u64 = 1 << 20;

/// `otelkit lint FILE` under the memory cap, killed after `seconds`.
fn lint_capped(dir: &Path, file: &str, seconds: u64) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_otelkit");
    let script = format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" lint \"$1\"");
    let started = Instant::now();
    let out = assert_cmd::Command::new("sh")
        .args(["-c", &script])
        .arg(bin)
        .arg(file)
        .env("NO_COLOR", "1")
        .current_dir(dir)
        .timeout(Duration::from_secs(seconds))
        .output()
        .unwrap_or_else(|e| panic!("lint {file}: {e}"));
    assert!(started.elapsed() < Duration::from_secs(seconds), "lint {file} took {:?}", started.elapsed());
    out
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Exit 2 with one error[yaml] whose message contains `says`.
fn assert_refused(out: &std::process::Output, says: &str) {
    let text = stdout_of(out);
    assert_eq!(out.status.code(), Some(2), "stdout:\n{text}\nstderr:\n{}", stderr_of(out));
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    assert!(text.starts_with("error[yaml]: ") && text.contains(says), "{text}");
}

/// 540 bytes that expand to 9^9 nodes: past 23 GB before lint bounded aliases.
#[test]
fn an_alias_bomb_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let p = format!("*a{}", i - 1);
        bomb += &format!("a{i}: &a{i} [{}]\n", [p.as_str(); 9].join(", "));
    }
    assert!(bomb.len() < 600);
    write(dir.path(), "bomb.yaml", &bomb);
    assert_refused(&lint_capped(dir.path(), "bomb.yaml", 30), &format!("more than {MAX_ALIAS_NODES} nodes"));
}

/// Block styles overflowed the stack (abort, exit 134) at a few thousand levels.
#[test]
fn deep_nesting_is_refused_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "seq.yaml", &format!("a:\n  {}x\n", "- ".repeat(4000)));
    let map: String = (0..3000).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    write(dir.path(), "map.yaml", &map);
    write(dir.path(), "flow.yaml", &format!("a: {}{}\n", "[".repeat(250), "]".repeat(250)));
    for file in ["seq.yaml", "map.yaml", "flow.yaml"] {
        assert_refused(&lint_capped(dir.path(), file, 30), &format!("deeper than {MAX_DEPTH} levels"));
    }
}

#[test]
fn a_file_past_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let big = "# padding\n".repeat(MAX_INPUT_BYTES / 10 + 1);
    write(dir.path(), "big.yaml", &big);
    let out = lint_capped(dir.path(), "big.yaml", 30);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.starts_with("error: big.yaml is larger than 16 MiB, lint's limit"), "{err}");
}

/// Rendering each diagnostic looked its line up from the start of the file: 10,000 took 31 s.
#[test]
fn tens_of_thousands_of_diagnostics_render_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("receivers:\n  otlp: {}\nexporters:\n  debug: {}\n");
    for i in 0..10_000 {
        // Each: unused-component and grpc-to-http-port.
        text += &format!("  otlp_grpc/e{i}:\n    endpoint: tempo:4318\n");
    }
    text += "service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      exporters: [debug]\n";
    write(dir.path(), "many.yaml", &text);
    let out = lint_capped(dir.path(), "many.yaml", 30);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout_of(&out);
    assert!(report.contains("many.yaml: 10000 error(s), 10002 warning(s)"), "{}", &report[report.len() - 300..]);
    assert!(report.contains("--> many.yaml:20004:15\n"), "the last exporter's endpoint is found");
}

/// A clean config of 60,000 processors: each pipeline reference was looked up by a scan of the
/// section (quadratic; 110,000 took 79 s).
#[test]
fn a_large_clean_config_lints_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let n = 60_000;
    let mut text = String::from(
        "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: localhost:4317\nprocessors:\n  memory_limiter:\n    check_interval: 1s\n    limit_percentage: 80\n",
    );
    for i in 0..n {
        text += &format!("  batch/{i}:\n    timeout: 1s\n");
    }
    text += "exporters:\n  debug: {}\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors:\n        - memory_limiter\n";
    for i in 0..n {
        text += &format!("        - batch/{i}\n");
    }
    text += "      exporters: [debug]\n";
    write(dir.path(), "large.yaml", &text);
    let out = lint_capped(dir.path(), "large.yaml", 30);
    assert_eq!(out.status.code(), Some(0), "{}", stdout_of(&out));
    assert!(stdout_of(&out).ends_with("large.yaml: 0 error(s), 0 warning(s), 0 note(s)\n"));
}
