//! Each generator's "Regenerate with" command, run as printed, gives its file byte for byte, and
//! `--check` names that same command, with `-o` the file it compared, when the file has drifted.
//! (A header never names the `-o` the file was written with, so `--check` sees no drift in how
//! the file was named; a CI job's names where the CI reads it.)

use std::path::Path;

use crate::support::{otelkit, stderr_of, stdout_of};

/// A shell command line as `sh` splits it: single quotes and backslashes, as the header quotes.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut started) = (Vec::new(), String::new(), false);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                started = true;
                word.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '\\' => {
                started = true;
                word.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                started = true;
                word.push(c);
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The command after `marker` on the first line that has it.
fn header_command(text: &str, marker: &str) -> String {
    let line = text.lines().find(|l| l.contains(marker)).unwrap_or_else(|| panic!("no {marker:?} in\n{text}"));
    line[line.find(marker).unwrap() + marker.len()..].trim().to_owned()
}

/// Runs `command` (an `otelkit ...` line) in `dir`.
fn run_line(dir: &Path, command: &str) -> std::process::Output {
    let words = shell_words(command);
    assert_eq!(words[0], "otelkit", "{command}");
    let out = otelkit(dir).args(&words[1..]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr_of(&out));
    out
}

#[test]
fn shell_words_undo_the_headers_quoting() {
    assert_eq!(shell_words("a 'b c' 'it'\\''s' d"), ["a", "b c", "it's", "d"]);
}

#[test]
fn each_files_header_regenerates_it_and_check_names_the_same_command() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["gen", "alerts", "--metric-namespace", "abc", "--error-ratio", "0.1", "--for", "10m", "-o", "r.yaml"],
            "r.yaml",
            "# Regenerate with: ",
        ),
        (
            &["gen", "alerts", "--metrics", "otlp", "--translation-strategy", "NoTranslation", "-o", "sub/r.yaml"],
            "sub/r.yaml",
            "# Regenerate with: ",
        ),
        (
            &[
                "gen",
                "ci",
                "github",
                "--endpoints",
                "external",
                "--service-cmd",
                "./bin/api --name 'it''s'",
                "--otelkit-version",
                "0.0.1",
                "-o",
                "ci.yml",
            ],
            "ci.yml",
            "#   ",
        ),
        (&["gen", "ci", "gitlab", "--endpoints", "up", "-o", "g.yml"], "g.yml", "#   "),
        (
            &[
                "gen",
                "k8s",
                "--mode",
                "load-balancer",
                "--gateway-endpoint",
                "gw:4317",
                "--replicas",
                "3",
                "--canary",
                "--image",
                "c:1",
                "-o",
                "k.yaml",
            ],
            "k.yaml",
            "Regenerate with: ",
        ),
        (
            &[
                "gen",
                "collector",
                "--mode",
                "agent",
                "--gateway-endpoint",
                "gw:4317",
                "--persistent-queue",
                "-o",
                "c.yaml",
            ],
            "c.yaml",
            "# Regenerate with: ",
        ),
    ];
    for (args, file, marker) in cases {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["sub", ".github/workflows"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        let first = otelkit(dir.path()).args(*args).output().unwrap();
        assert_eq!(first.status.code(), Some(0), "{args:?}: {}", stderr_of(&first));
        let path = dir.path().join(file);
        let written = std::fs::read(&path).unwrap();
        let command = header_command(&String::from_utf8_lossy(&written), marker);
        let (base, target) = match command.split_once(" -o ") {
            Some((base, target)) => (base.to_owned(), Some(target.to_owned())),
            None => (command.clone(), None),
        };
        std::fs::remove_file(&path).unwrap();
        let out = run_line(dir.path(), &command);
        match &target {
            Some(target) => assert_eq!(std::fs::read(dir.path().join(target)).unwrap(), written, "{command}"),
            None => assert_eq!(out.stdout, written, "{command}"),
        }

        std::fs::write(&path, b"drifted\n").unwrap();
        let check = otelkit(dir.path()).args(*args).arg("--check").output().unwrap();
        assert_eq!(check.status.code(), Some(1), "{args:?}");
        let err = stderr_of(&check);
        assert!(err.contains(&format!("run `{base} -o {file}` to update them")), "{command}\n{err}");
        let again = run_line(dir.path(), &format!("{base} -o {file}"));
        assert!(again.status.success());
        assert_eq!(std::fs::read(&path).unwrap(), written, "{command}");
    }
}

/// Printed to stdout, the job names where the CI reads it; that command writes the same bytes there.
#[test]
fn a_ci_job_printed_names_the_default_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".github/workflows")).unwrap();
    let printed = otelkit(dir.path()).args(["gen", "ci", "github", "--otelkit-version", "1.2.3"]).output().unwrap();
    let text = stdout_of(&printed);
    let command = header_command(&text, "#   ");
    assert_eq!(command, "otelkit gen ci github --otelkit-version 1.2.3 -o .github/workflows/otelkit-smoke.yml");
    run_line(dir.path(), &command);
    assert_eq!(std::fs::read_to_string(dir.path().join(".github/workflows/otelkit-smoke.yml")).unwrap(), text);
}

/// The directory generators have no header line of their own; their drift message names the
/// flags and the directory, and that command clears the drift.
#[test]
fn directory_generators_name_their_flags_and_directory_on_drift() {
    let cases: &[&[&str]] = &[
        &["gen", "grafana", "--metric-namespace", "abc", "--grafana-tempo-url", "http://t:3200", "--dir", "g"],
        &["gen", "compose", "--metric-namespace", "abc", "--environment", "staging", "--dir", "st"],
    ];
    for args in cases {
        let dir = tempfile::tempdir().unwrap();
        let check = otelkit(dir.path()).args(*args).arg("--check").output().unwrap();
        assert_eq!(check.status.code(), Some(1), "{args:?}");
        let err = stderr_of(&check);
        let command = err
            .split("run `")
            .nth(1)
            .and_then(|rest| rest.split('`').next())
            .unwrap_or_else(|| panic!("{err}"))
            .to_owned();
        assert_eq!(shell_words(&command)[1..], args.iter().map(|s| s.to_string()).collect::<Vec<_>>()[..], "{err}");
        run_line(dir.path(), &command);
        let again = otelkit(dir.path()).args(*args).arg("--check").output().unwrap();
        assert_eq!(again.status.code(), Some(0), "{command}: {}", stderr_of(&again));
    }
}

/// The stack's alerting rules name the `gen alerts` flags that give the same metric names.
#[test]
fn the_stacks_alerts_header_regenerates_them() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        otelkit(dir.path()).args(["gen", "compose", "--metric-namespace", "abc", "--dir", "st"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let rules = std::fs::read_to_string(dir.path().join("st/prometheus/alerts.yaml")).unwrap();
    let command = header_command(&rules, "# Regenerate with: ");
    assert_eq!(command, "otelkit gen alerts --metric-namespace abc");
    assert_eq!(stdout_of(&run_line(dir.path(), &command)), rules);
}
