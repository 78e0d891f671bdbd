//! The servers as processes: started detached (a process group of their own, output to a log
//! file), recorded in state.json with their start time, and stopped only when the process under a
//! recorded pid is still the one otelkit started.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};

pub const STATE_FILE: &str = "state.json";

/// One server as `up` left it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Running {
    pub name: String,
    pub version: String,
    /// None: a server the user runs (`--use`), never stopped by otelkit.
    pub pid: Option<u32>,
    /// The kernel's start time of `pid` (/proc/<pid>/stat, field 22): a pid reused by another
    /// process after a reboot or a crash does not match it.
    pub start_time: Option<u64>,
    /// Where it answers (its query API, or the collector's OTLP endpoint).
    pub url: String,
    pub ports: Vec<u16>,
    pub log: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub stack: String,
    pub servers: Vec<Running>,
    /// The environment `smoke-test` and applications need (OTEL_*, OTELKIT_*).
    pub env: Vec<(String, String)>,
}

impl State {
    pub fn read(dir: &Path) -> anyhow::Result<Option<Self>> {
        let path = dir.join(STATE_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map(Some)
                .with_context(|| format!("{} is not otelkit's state file", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let path = dir.join(STATE_FILE);
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }
}

impl Running {
    /// The recorded process is still the one otelkit started.
    pub fn is_alive(&self) -> bool {
        match (self.pid, self.start_time) {
            (Some(pid), Some(start)) => start_time(pid) == Some(start),
            (Some(pid), None) => signal(pid, "-0"),
            (None, _) => false,
        }
    }
}

/// Start `program` with `args` in `cwd`, detached: a process group of its own (a Ctrl-C in the
/// shell that ran `otelkit up` does not reach it), stdin closed, stdout and stderr to `log`.
pub fn spawn(program: &Path, args: &[String], cwd: &Path, log: &Path) -> anyhow::Result<(u32, Option<u64>)> {
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .with_context(|| format!("cannot write {}", log.display()))?;
    let mut command = Command::new(program);
    command.args(args).current_dir(cwd).stdin(Stdio::null()).stdout(out.try_clone()?).stderr(out);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let child = command.spawn().with_context(|| format!("cannot start {}", program.display()))?;
    let pid = child.id();
    // The child outlives otelkit: it is never waited for here, and init reaps it.
    drop(child);
    Ok((pid, start_time(pid)))
}

/// SIGTERM, then SIGKILL after `grace`; only when the process is the recorded one. Returns
/// whether it is gone.
pub fn stop(server: &Running, grace: Duration) -> bool {
    let Some(pid) = server.pid else { return true };
    if !server.is_alive() {
        return true;
    }
    signal(pid, "-TERM");
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if !server.is_alive() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    signal(pid, "-KILL");
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if !server.is_alive() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// kill(1) rather than libc: otelkit has no unsafe code.
fn signal(pid: u32, sig: &str) -> bool {
    Command::new("kill")
        .args([sig, &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Field 22 of /proc/<pid>/stat; None where there is no /proc or the process is gone (a zombie,
/// whose parent was otelkit and is gone too, counts as gone).
pub fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    if fields.first() == Some(&"Z") {
        return None;
    }
    fields.get(19)?.parse().ok()
}

/// The last lines of a log, for an error that says why a server did not come up.
pub fn tail(log: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn a_spawned_process_is_recorded_and_stopped_by_its_start_time() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("sleep.log");
        let (pid, start) = spawn(Path::new("sleep"), &["30".into()], dir.path(), &log).unwrap();
        let running = Running {
            name: "sleep".into(),
            version: "1".into(),
            pid: Some(pid),
            start_time: start,
            url: String::new(),
            ports: vec![],
            log: Some(log),
        };
        assert!(running.is_alive());
        let other = Running { start_time: start.map(|s| s + 1), ..running.clone() };
        assert!(!other.is_alive(), "another start time is another process");
        assert!(stop(&other, Duration::from_millis(10)), "not ours: left alone, reported as gone");
        assert!(running.is_alive());
        assert!(stop(&running, Duration::from_secs(5)));
        assert!(!running.is_alive());
    }
}
