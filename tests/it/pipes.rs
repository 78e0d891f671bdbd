//! Closed and broken stdout/stderr: otelkit stops quietly (exit 141, as SIGPIPE stops other
//! CLIs) or carries on, and never panics; init is all or nothing either way.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{otelkit, stderr_of, stdout_of};

/// The otelkit binary as a plain Command (assert_cmd's cannot take a Stdio), clean environment.
fn bin(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("otelkit"));
    for (k, _) in std::env::vars() {
        if k.starts_with("OTEL_") || k.starts_with("OTELKIT_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1").current_dir(dir);
    cmd
}

/// The write end of a pipe whose read end is already closed: the first write gets EPIPE.
fn pipe_nobody_reads() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().unwrap();
    let write_end = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    Stdio::from(write_end)
}

fn go_service(dir: &Path) {
    std::fs::write(dir.join("go.mod"), "module example.com/api\n\ngo 1.22\n").unwrap();
}

/// Commands that print on stdout, on stderr, or both, in a directory they may write in.
const COMMANDS: &[&[&str]] = &[
    &["--help"],
    &["--version"],
    &["gen", "--bogus"],
    &["completions", "bash"],
    &["man"],
    &["gen", "collector"],
    &["-vv", "gen", "collector"],
    &["lint", "--explain", "undefined-component"],
    &["init", "--dry-run"],
    &["init"],
];

fn assert_no_panic(args: &[&str], how: &str, status: Option<i32>, seen: &str) {
    assert_ne!(status, Some(101), "otelkit {args:?} with {how} panicked: {seen}");
    assert!(!seen.contains("panicked"), "otelkit {args:?} with {how}: {seen}");
}

/// init with a reader that went away: all of it written (the output comes after the commit).
fn assert_initialised_or_untouched(dir: &Path, args: &[&str]) {
    if args == ["init"] {
        assert!(dir.join(".otelkit/init.json").is_file(), "init stopped halfway");
    }
}

#[test]
fn a_reader_that_went_away_never_makes_otelkit_panic() {
    for args in COMMANDS {
        for round in 0..3 {
            // stdout gone, stderr read.
            let dir = tempfile::tempdir().unwrap();
            go_service(dir.path());
            let out = bin(dir.path()).args(*args).stdout(pipe_nobody_reads()).output().unwrap();
            assert_no_panic(args, "stdout closed", out.status.code(), &stderr_of(&out));
            assert_initialised_or_untouched(dir.path(), args);
            if round == 0 && !args.contains(&"--bogus") {
                assert_eq!(out.status.code(), Some(141), "otelkit {args:?}: {}", stderr_of(&out));
            }

            // stderr gone, stdout read.
            let dir = tempfile::tempdir().unwrap();
            go_service(dir.path());
            let out = bin(dir.path()).args(*args).stderr(pipe_nobody_reads()).output().unwrap();
            assert_no_panic(args, "stderr closed", out.status.code(), &stdout_of(&out));
            assert_initialised_or_untouched(dir.path(), args);

            // Both gone.
            let dir = tempfile::tempdir().unwrap();
            go_service(dir.path());
            let status =
                bin(dir.path()).args(*args).stdout(pipe_nobody_reads()).stderr(pipe_nobody_reads()).status().unwrap();
            assert_no_panic(args, "both closed", status.code(), "");
            assert_initialised_or_untouched(dir.path(), args);

            // Both file descriptors closed outright.
            let dir = tempfile::tempdir().unwrap();
            go_service(dir.path());
            let status = Command::new("sh")
                .arg("-c")
                .arg("exec \"$0\" \"$@\" >&- 2>&-")
                .arg(assert_cmd::cargo::cargo_bin("otelkit"))
                .args(*args)
                .env("NO_COLOR", "1")
                .current_dir(dir.path())
                .status()
                .unwrap();
            assert_no_panic(args, "fds closed", status.code(), "");
            assert_initialised_or_untouched(dir.path(), args);
        }
    }
}

/// `otelkit init 2>&1 | head -3`: a reader that takes a few lines and leaves, many times.
#[test]
fn init_into_a_reader_that_leaves_early() {
    for _ in 0..10 {
        let dir = tempfile::tempdir().unwrap();
        go_service(dir.path());
        let mut child =
            bin(dir.path()).args(["-v", "init"]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 40];
        child.stderr.take().unwrap().read_exact(&mut first).unwrap();
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        assert_no_panic(&["init"], "a reader that left", status.code(), "");
        assert!(matches!(status.code(), Some(0) | Some(141)), "{status:?}");
        assert!(dir.path().join(".otelkit/init.json").is_file() && dir.path().join("otelkit.toml").is_file());
        let again = otelkit(dir.path()).arg("init").output().unwrap();
        assert!(stderr_of(&again).contains("nothing to change"), "{}", stderr_of(&again));
    }
}
