//! Shared helpers: running the binary hermetically, finding tools, free ports.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The otelkit binary with a clean environment, run in `dir`: no OTEL_*/OTELKIT_* variable, no
/// HOME or XDG_* directory of the developer's leaks in (HOME is an empty directory of its own), no
/// colour. What a test sees then depends on the test alone.
pub fn otelkit(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("otelkit").expect("binary built");
    for (k, _) in std::env::vars_os() {
        let name = k.to_string_lossy();
        if name.starts_with("OTEL_") || name.starts_with("OTELKIT_") || name.starts_with("XDG_") || name == "HOME" {
            cmd.env_remove(&k);
        }
    }
    cmd.env("HOME", test_home()).env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// An empty HOME, one per test process, kept until it ends.
fn test_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::Builder::new().prefix("otelkit-home").tempdir().expect("a temp HOME")).path()
}

/// Snapshot settings that write otelkit's version as `[VERSION]`, so a release does not rewrite
/// every snapshot; hold the guard for the test's snapshots: `let _v = support::versionless();`.
pub fn versionless() -> insta::internals::SettingsBindDropGuard {
    let mut settings = insta::Settings::clone_current();
    let version = env!("CARGO_PKG_VERSION").replace('.', r"\.");
    settings.add_filter(&format!(r"\b{version}\b"), "[VERSION]");
    settings.bind_to_scope()
}

/// A tool the test needs. Tests that need one are `#[ignore = "needs ..."]`, so a plain
/// `cargo test` lists them as ignored instead of passing them unrun; once asked for
/// (`cargo test -- --include-ignored`, as .ci/run does) a missing tool fails the test.
pub fn require_tool(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file()))
        .unwrap_or_else(|| panic!("{name} is not installed: run .ci/install-test-deps"))
}

/// A binary of the Prometheus release .ci/deps/prometheus3.sh builds (`prometheus` or `promtool`),
/// under target/test-deps/prometheus-<release>/: the suite runs Prometheus 3, whose OTLP receiver
/// and UTF-8 names the checks rely on, not whatever Prometheus PATH holds. Panics like
/// `require_tool` when it is missing.
pub fn prometheus_tool(name: &str) -> PathBuf {
    let deps = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-deps");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&deps)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("prometheus-"))
        .map(|e| e.path().join(name))
        .filter(|p| p.is_file())
        .collect();
    // Newest release last: the names are prometheus-<major>.<minor>.<patch>.
    found.sort_by_key(|p| release_of(p));
    found.pop().unwrap_or_else(|| panic!("{name} (Prometheus 3) is not built: run .ci/deps/prometheus3.sh"))
}

fn release_of(bin: &Path) -> Vec<u64> {
    let dir = bin.parent().and_then(Path::file_name).map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
    dir.trim_start_matches("prometheus-").split('.').filter_map(|n| n.parse().ok()).collect()
}

/// Responses recorded from real Tempo, Loki, Prometheus and Collector servers, kept in the
/// repository with their provenance (tests/fixtures/recorded/README.md and fixtures.json).
pub fn recorded_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/recorded")
}

/// The text of one recorded response, by its path under tests/fixtures/recorded/.
pub fn read_recorded(rel: &str) -> String {
    let path = recorded_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A loopback port nobody listens on right now, and that no other test and no outgoing connection
/// will take before the caller binds it. A port from `bind(0)` comes from the kernel's ephemeral
/// range, which every outgoing connection (a collector dialling its exporters) also draws from:
/// CI saw a collector fail with "address already in use" that way. So ports are handed out from
/// below the ephemeral range, each once per test process, starting at an offset from the pid.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let ephemeral_low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u32>().ok())
        .unwrap_or(32768);
    let (low, high) = (10_000u32, ephemeral_low.min(65_535));
    if high <= low + 1_000 {
        return std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    }
    let span = high - low;
    let start = std::process::id() * 97 % span;
    for _ in 0..span {
        let port = (low + (start + NEXT.fetch_add(1, Ordering::Relaxed)) % span) as u16;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free loopback port below {high}");
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
