//! The command line itself: help, exit codes, completions and man page in sync.

use std::path::Path;

use crate::support::{otelkit, stderr_of, stdout_of};

#[test]
fn help_snapshot() {
    let _v = crate::support::versionless();
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).arg("--help").output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout_of(&out));
}

#[test]
fn unknown_flag_is_usage_error_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["gen", "collector", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn malformed_otelkit_toml_is_one_line_error_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("otelkit.toml"), "[service]\nname = \n").unwrap();
    let out = otelkit(dir.path()).args(["gen", "collector"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.starts_with("error: ") && err.contains("otelkit.toml: line 2"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// --no-config wins over OTELKIT_CONFIG (a shell may export it); with --config on the same
/// command line it stays a usage error.
#[test]
fn no_config_beats_the_otelkit_config_variable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.toml"), "[service]\nname = \n").unwrap();
    let out = otelkit(dir.path())
        .env("OTELKIT_CONFIG", "broken.toml")
        .args(["--no-config", "gen", "collector"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    for args in [
        &["--no-config", "--config", "broken.toml", "gen", "collector"][..],
        &["gen", "collector", "--config", "x.toml", "--no-config"],
    ] {
        let out = otelkit(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr_of(&out).contains("'--no-config' cannot be used with '--config <FILE>'"), "{}", stderr_of(&out));
    }
}

/// completions/ and the man page are generated from the CLI; this fails when they drift.
/// Regenerate with `UPDATE_COMPLETIONS=1 cargo test completions_are_current`.
#[test]
fn completions_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    let mut generated: Vec<(String, String)> = [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
        clap_complete::Shell::Elvish,
        clap_complete::Shell::PowerShell,
    ]
    .into_iter()
    .map(|shell| {
        (
            otelkit::commands::completions::file_name(shell).to_owned(),
            otelkit::commands::completions::completion_script(shell),
        )
    })
    .collect();
    generated.push(("otelkit.1".to_owned(), otelkit::commands::completions::man_page().unwrap()));
    let mut stale = Vec::new();
    for (name, text) in generated {
        let path = root.join(&name);
        if update {
            std::fs::create_dir_all(&root).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/ out of date: {stale:?}; run UPDATE_COMPLETIONS=1 cargo test completions_are_current"
    );
}

/// clap's own messages follow --color like everything else: `never` even where colour is
/// forced (CLICOLOR_FORCE), `always` even into a pipe; `auto` honours NO_COLOR.
#[test]
fn usage_errors_follow_the_color_flag() {
    let dir = tempfile::tempdir().unwrap();
    let run = |color: &str, env: &[(&str, &str)]| {
        let mut cmd = otelkit(dir.path());
        cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.args(["--color", color, "gen", "--no-such-flag"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        stderr_of(&out)
    };
    let never = run("never", &[("CLICOLOR_FORCE", "1")]);
    assert!(never.starts_with("error: unexpected argument") && !never.contains('\x1b'), "{never:?}");
    assert!(run("always", &[]).contains("\x1b["), "--color always colours the error");
    assert!(!run("auto", &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]).contains('\x1b'), "NO_COLOR");
}
