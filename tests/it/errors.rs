//! Bad usage and bad input, each command: exit code, stdout and stderr together, so a changed
//! message, a message on the wrong stream or a changed exit code all show in review.

use std::path::Path;

use crate::support::{otelkit, stderr_of, stdout_of, versionless};

/// Environment variables to set, and the arguments.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str]);

/// Each case run in `dir` (which holds a malformed otelkit.toml as `broken.toml`), one after the
/// other in one text: `$ args`, the exit code, stdout, stderr.
fn transcript(dir: &Path, cases: &[Case]) -> String {
    let mut text = String::new();
    for (env, args) in cases {
        let mut cmd = otelkit(dir);
        cmd.args(*args).timeout(std::time::Duration::from_secs(30));
        for (k, v) in *env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let shown_env: String = env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
        text.push_str(&format!(
            "$ {shown_env}otelkit {}\nexit: {:?}\n--- stdout\n{}--- stderr\n{}\n",
            args.join(" "),
            out.status.code(),
            stdout_of(&out),
            stderr_of(&out)
        ));
    }
    text.replace(&dir.display().to_string(), "[DIR]")
}

fn dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.toml"), "[backends]\ntempo_url = \n").unwrap();
    dir
}

#[test]
fn smoke_test_bad_usage() {
    let _v = versionless();
    let dir = dir();
    insta::assert_snapshot!(transcript(
        dir.path(),
        &[
            (&[], &["smoke-test", "--signals", "traces,bogus"]),
            (&[], &["smoke-test", "--timeout", "soon"]),
            (&[], &["smoke-test", "--timeout", "0"]),
            (&[], &["smoke-test", "--tempo-url", "not a url"]),
            (&[], &["smoke-test", "--header", "novalue"]),
            (&[], &["smoke-test", "--header", "X-Bad Name=v"]),
            (&[], &["smoke-test", "--config", "broken.toml"]),
            (&[], &["smoke-test", "--config", "missing.toml"]),
            (&[("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")], &["smoke-test"]),
            (&[("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json")], &["smoke-test"]),
            // The original design's endpoint: no scheme, the gRPC port.
            (&[("OTEL_EXPORTER_OTLP_ENDPOINT", "otel-collector:4317")], &["smoke-test"]),
            (&[], &["smoke-test", "--timeout", "-5s"]),
            (&[], &["smoke-test", "--service-name", "a\nb"]),
            (&[], &["smoke-test", "--service-name", ""]),
            (&[("OTEL_SERVICE_NAME", "a\tb")], &["smoke-test"]),
            // Refused before any check runs: nothing listens on the default ports here either.
            (&[], &["smoke-test", "--junit", "."]),
            (&[], &["smoke-test", "--junit", "missing/report.xml"]),
            (&[], &["smoke-test", "--config", "."]),
        ],
    ));
}

#[test]
fn doctor_bad_usage() {
    let _v = versionless();
    let dir = dir();
    insta::assert_snapshot!(transcript(
        dir.path(),
        &[
            (&[], &["doctor", "--timeout=-5"]),
            (&[], &["doctor", "--otlp-endpoint", "ftp://collector:4318"]),
            (&[], &["doctor", "--otlp-endpoint", "otel-collector:4317"]),
            (&[], &["doctor", "--health-url", "::"]),
            (&[], &["doctor", "--signals", "traces"]),
            (&[], &["doctor", "--config", "broken.toml"]),
            (&[], &["doctor", "--junit", "."]),
            (&[("OTEL_SERVICE_NAME", "a\nb")], &["doctor"]),
        ],
    ));
}

#[test]
fn canary_bad_usage() {
    let _v = versionless();
    let dir = dir();
    insta::assert_snapshot!(transcript(
        dir.path(),
        &[
            (&[], &["canary", "--interval", "0s"]),
            (&[], &["canary", "--interval", "fortnightly"]),
            (&[], &["canary", "--protocol", "http/json"]),
            (&[], &["canary", "--listen", "nowhere"]),
            (&[], &["canary", "--grafana", "grafana.local"]),
            (&[], &["canary", "--count", "-3"]),
            (&[], &["canary", "--service-name", " "]),
        ],
    ));
}

#[test]
fn load_bad_usage() {
    let _v = versionless();
    let dir = dir();
    insta::assert_snapshot!(transcript(
        dir.path(),
        &[
            (&[], &["load", "--duration", "8d"]),
            (&[], &["load", "--duration", "0"]),
            (&[], &["load", "--settle", "1 fortnight"]),
            (&[], &["load", "--max-loss", "150"]),
            (&[], &["load", "--signals", "profiles"]),
            (&[], &["load", "--attributes", "novalue"]),
            (&[], &["load", "--rate", "0"]),
            (&[("OTEL_EXPORTER_OTLP_PROTOCOL", "bogus")], &["load"]),
            (&[], &["load", "--rate", "-1"]),
            (&[], &["load", "--workers", "0"]),
            (&[], &["load", "--service-name", "a\nb"]),
            (&[], &["load", "--junit", "."]),
        ],
    ));
}

#[test]
fn gen_bad_output() {
    let _v = versionless();
    let dir = dir();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    insta::assert_snapshot!(transcript(
        dir.path(),
        &[(&[], &["gen", "collector", "-o", "out"]), (&[], &["--config", "out", "gen", "collector"]),],
    ));
}

/// `--check` against a file not yet written: a diff from /dev/null, the path shown as given.
#[test]
fn check_against_a_missing_file_diffs_from_dev_null() {
    let dir = dir();
    let missing = dir.path().join("missing.yaml");
    for (path, header) in [
        (missing.display().to_string(), format!("--- /dev/null\n+++ {}\n", missing.display())),
        ("missing.yaml".to_owned(), "--- /dev/null\n+++ b/missing.yaml\n".to_owned()),
    ] {
        let out = otelkit(dir.path()).args(["gen", "collector", "--check", "-o", &path]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
        assert!(stdout_of(&out).starts_with(&header), "{}", stdout_of(&out));
    }
}

#[test]
fn show_settings_is_for_pipeline_commands() {
    let _v = versionless();
    let dir = dir();
    insta::assert_snapshot!(transcript(dir.path(), &[(&[], &["gen", "collector", "--show-settings"])]));
}
