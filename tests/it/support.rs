//! Shared helpers: running the binary hermetically, finding tools, free ports.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The otelkit binary with a clean environment: no OTEL_*/OTELKIT_* leak in from the caller,
/// no colour, run in `dir`.
pub fn otelkit(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("otelkit").expect("binary built");
    for (k, _) in std::env::vars() {
        if k.starts_with("OTEL_") || k.starts_with("OTELKIT_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// A tool the test needs. On a laptop without it the test is skipped with a note; under CI=true
/// a missing tool fails the test, so CI never passes by skipping.
pub fn require_tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()));
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") {
            panic!("{name} is required under CI=true; run .ci/install-test-deps");
        }
        eprintln!("skipping: {name} not installed (run .ci/install-test-deps)");
    }
    found
}

pub fn fixtures_dir() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = here.join("../shared/fixtures");
    assert!(shared.is_dir(), "../shared/fixtures is missing next to the checkout");
    shared
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
