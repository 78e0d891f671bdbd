//! `otelkit lint`: every rule, a corpus of real-world shapes, every generated config, output.

use std::collections::BTreeMap;
use std::path::Path;

use otelkit::collector::Version;
use otelkit::lint::{lint_str, LintOptions, Severity, RULES};

use crate::support::{otelkit, recorded_dir, stderr_of, stdout_of};

fn opts(version: &str) -> LintOptions {
    LintOptions { collector_version: Version::parse(version).unwrap(), environment: None, env: BTreeMap::new() }
}

fn corpus(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint").join(name)).unwrap()
}

/// (severity, code, line) of every diagnostic.
fn found(text: &str, version: &str) -> Vec<(Severity, &'static str, usize)> {
    lint_str(text, &opts(version)).diagnostics.iter().map(|d| (d.severity, d.code, d.line)).collect()
}

fn has(found: &[(Severity, &'static str, usize)], severity: Severity, code: &str, line: usize) -> bool {
    found.iter().any(|(s, c, l)| *s == severity && *c == code && *l == line)
}

#[test]
fn broken_wiring_is_named_at_its_lines() {
    let f = found(&corpus("broken-wiring.yaml"), "0.156.0");
    use Severity::*;
    for (severity, code, line) in [
        (Error, "duplicate-port", 7),     // http receiver reuses 4317
        (Error, "grpc-to-http-port", 23), // gRPC exporter to 4318
        (Warning, "insecure-in-production", 25),
        (Error, "missing-scheme", 27),
        (Error, "http-to-grpc-port", 27),
        (Error, "plaintext-to-tls-port", 29),
        (Warning, "unused-component", 32),  // debug
        (Error, "undefined-component", 36), // zipkin receiver
        (Error, "signal-mismatch", 38),     // prometheus exporter in traces
        (Error, "empty-pipeline", 39),      // logs without exporters
        (Info, "binds-all-interfaces", 5),
    ] {
        assert!(has(&f, severity, code, line), "expected {severity:?} {code} at line {line} in {f:#?}");
    }
}

#[test]
fn legacy_config_gets_replacements() {
    let text = corpus("legacy-0.80.yaml");
    let report = lint_str(&text, &opts("0.156.0"));
    let by_code = |code: &str| report.diagnostics.iter().filter(|d| d.code == code).collect::<Vec<_>>();
    let removed: Vec<usize> = by_code("removed-component").iter().map(|d| d.line).collect();
    assert_eq!(removed, [3, 18, 20, 22], "memory_ballast, jaeger, logging, loki");
    assert!(by_code("removed-component").iter().any(|d| d.help.as_deref().unwrap().contains("/otlp")));
    assert_eq!(by_code("removed-option").len(), 2, "ballast_size_mib and telemetry address: rejected since");
    assert!(by_code("memory-limiter-first").iter().any(|d| d.line == 32 && d.message.contains("not the first")));
    assert!(by_code("memory-limiter-first").iter().any(|d| d.message.contains("`logs` has no memory_limiter")));
}

#[test]
fn names_depend_on_the_collector_version() {
    let text = corpus("connectors-and-anchors.yaml");
    let new = found(&text, "0.156.0");
    assert!(!new.iter().any(|(s, _, _)| *s == Severity::Error), "{new:?}");
    let old = found(&text, "0.91.0");
    assert!(has(&old, Severity::Error, "unknown-to-version", 18), "{old:?}");

    let fixture = std::fs::read_to_string(recorded_dir().join("collector/config.yaml")).unwrap();
    let new = found(&fixture, "0.156.0");
    assert!(
        has(&new, Severity::Warning, "deprecated-alias", 24) && has(&new, Severity::Warning, "deprecated-alias", 32),
        "{new:?}"
    );
    let old = found(&fixture, "0.130.0");
    assert!(!old.iter().any(|(_, c, _)| *c == "deprecated-alias"), "{old:?}");
}

#[test]
fn env_references_are_listed_and_unset_ones_warned() {
    let text = corpus("minimal-k8s.yaml");
    let mut o = opts("0.156.0");
    o.env.insert("MY_POD_IP".into(), "10.0.0.1".into());
    let report = lint_str(&text, &o);
    let names: Vec<(&str, bool)> = report.env_references.iter().map(|r| (r.name.as_str(), r.set)).collect();
    assert_eq!(names, [("MY_POD_IP", true), ("OTLP_TOKEN", false), ("TENANT", false)]);
    let unset: Vec<&str> =
        report.diagnostics.iter().filter(|d| d.code == "unset-env").map(|d| d.message.as_str()).collect();
    assert_eq!(unset.len(), 1, "TENANT has a default: {unset:?}");
    assert!(unset[0].contains("OTLP_TOKEN"));
    assert!(report.diagnostics.iter().any(|d| d.code == "memory-limiter-first"));
}

/// Whatever the options, gen collector writes what its own lint passes (it refuses otherwise).
#[test]
fn every_generated_config_lints_clean() {
    let dir = tempfile::tempdir().unwrap();
    for version in ["0.91.0", "0.156.0", "0.161.0"] {
        for traces in ["tempo", "otlp", "debug"] {
            for metrics in ["prometheus", "remote-write", "otlp"] {
                for logs in ["loki", "otlp", "debug"] {
                    for extra in [&[][..], &["--bind-all", "--mode", "agent", "--tenant", "acme"][..]] {
                        let args = ["--collector-version", version, "--traces", traces, "--metrics", metrics];
                        let out = otelkit(dir.path())
                            .args(["gen", "collector", "--logs", logs])
                            .args(args)
                            .args(extra)
                            .output()
                            .unwrap();
                        assert!(out.status.success(), "{args:?} {extra:?}: {}", stderr_of(&out));
                        let report = lint_str(&stdout_of(&out), &opts(version));
                        let bad: Vec<_> = report.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
                        assert!(bad.is_empty(), "{args:?} {logs} {extra:?}: {bad:#?}");
                    }
                }
            }
        }
    }
}

/// Malformed YAML is bad input (exit 2, as for a file that cannot be read), not a config that
/// failed a check (exit 1); the diagnostic still says where, in both formats.
#[test]
fn yaml_errors_point_at_the_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("otel-collector.yaml"),
        "receivers:\n  otlp:\n    protocols: [grpc\nexporters: {}\n",
    )
    .unwrap();
    let out = otelkit(dir.path()).arg("lint").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stdout_of(&out);
    assert!(text.contains("error[yaml]") && text.contains("otel-collector.yaml:4:"), "{text}");
    let out = otelkit(dir.path()).args(["--format", "json", "lint"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "yaml");
}

/// `-` is standard input: linted like a file and named `<stdin>`, under the same size limit.
#[test]
fn a_dash_reads_the_config_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "receivers:\n  otlp:\n    protocols: [grpc\nexporters: {}\n";
    let out = otelkit(dir.path()).args(["lint", "-"]).write_stdin(bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("error[yaml]") && text.contains("<stdin>:4:"), "{text}");
    let clean = otelkit(dir.path()).args(["gen", "collector"]).output().unwrap();
    let out = otelkit(dir.path()).args(["lint", "-"]).write_stdin(clean.stdout).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout_of(&out), stderr_of(&out));
    let big = "# padding\n".repeat(otelkit::lint::limits::MAX_INPUT_BYTES / 10 + 1);
    let out = otelkit(dir.path()).args(["lint", "-"]).write_stdin(big).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.starts_with("error: <stdin> is larger than 16 MiB, lint's limit"), "{err}");
}

/// A remote-write endpoint without a scheme starts, and fails every export (tests/fixtures/lint-real).
#[test]
fn remote_write_endpoints_need_a_scheme() {
    for exporter in ["prometheus_remote_write", "prometheusremotewrite/x"] {
        let text = format!(
            "receivers: {{otlp: {{}}}}\nexporters:\n  {exporter}:\n    endpoint: prometheus:9090/api/v1/write\nservice:\n  pipelines:\n    metrics: {{receivers: [otlp], exporters: [{exporter}]}}\n"
        );
        let f = found(&text, "0.161.0");
        assert!(has(&f, Severity::Error, "missing-scheme", 4), "{exporter}: {f:?}");
        let fixed = text.replace("endpoint: prometheus", "endpoint: http://prometheus");
        assert!(!found(&fixed, "0.161.0").iter().any(|(_, c, _)| *c == "missing-scheme"));
    }
}

/// `pipelines: 5` and `pipelines: []` passed, `receivers: otlp` was "no receivers": the collector
/// refuses each as a type ("source data must be an array or slice, got string").
#[test]
fn values_of_the_wrong_type_are_errors() {
    let head = "receivers: {otlp: {}}\nexporters: {debug: {}}\nservice:\n";
    let errors = |text: &str| -> Vec<(&'static str, usize)> {
        found(text, "0.161.0").into_iter().filter(|(s, _, _)| *s == Severity::Error).map(|(_, c, l)| (c, l)).collect()
    };
    assert_eq!(errors(&format!("{head}  pipelines: 5\n")), [("wrong-type", 4)]);
    assert_eq!(errors(&format!("{head}  pipelines: []\n")), [("wrong-type", 4)]);
    assert_eq!(errors(&format!("{head}  pipelines: {{}}\n")), [("no-pipelines", 4)]);
    let scalar = format!("{head}  pipelines:\n    traces:\n      receivers: otlp\n      exporters: [debug]\n");
    assert_eq!(errors(&scalar), [("wrong-type", 6)]);
    let report = lint_str(&scalar, &opts("0.161.0"));
    let d = report.diagnostics.iter().find(|d| d.code == "wrong-type").unwrap();
    assert_eq!(d.message, "`receivers` of pipeline `traces` must be a list of names, not a scalar");
    assert_eq!(d.help.as_deref(), Some("write it as a list: receivers: [otlp]"));
}

#[test]
fn cli_exit_codes_json_and_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = recorded_dir().join("collector/config.yaml");
    let out = otelkit(dir.path()).arg("lint").arg(&fixture).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "warnings only");
    assert!(
        stdout_of(&out).contains("--> ")
            && stdout_of(&out).contains("= help: rename `otlp/tempo` to `otlp_grpc/tempo`")
    );
    let out = otelkit(dir.path()).arg("lint").arg(&fixture).arg("--deny-warnings").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = otelkit(dir.path()).args(["--format", "json", "lint"]).arg(&fixture).output().unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(json["errors"], 0);
    assert!(json["warnings"].as_u64().unwrap() >= 3);
    assert_eq!(json["diagnostics"][0]["line"], 18);
    assert_eq!(json["diagnostics"][0]["severity"], "warning");

    std::fs::write(dir.path().join("bad.yaml"), corpus("broken-wiring.yaml")).unwrap();
    let out = otelkit(dir.path()).args(["lint", "bad.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));

    let out = otelkit(dir.path()).arg("lint").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no config found");
    assert!(stderr_of(&out).starts_with("error: no collector config found"));
    let out = otelkit(dir.path()).args(["lint", "missing.yaml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn human_output_snapshot() {
    let _v = crate::support::versionless();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("legacy.yaml"), corpus("legacy-0.80.yaml")).unwrap();
    let out = otelkit(dir.path()).args(["lint", "legacy.yaml"]).output().unwrap();
    insta::assert_snapshot!(stdout_of(&out));
}

/// Random damage to real configs: lint must answer, never panic. (The cargo-fuzz target in fuzz/
/// explores further; this bounded version runs in every test run.)
#[test]
fn mutated_configs_never_panic() {
    let mut seeds = vec![
        std::fs::read_to_string(recorded_dir().join("collector/config.yaml")).unwrap(),
        corpus("broken-wiring.yaml"),
        corpus("legacy-0.80.yaml"),
        corpus("connectors-and-anchors.yaml"),
    ];
    seeds.push(String::new());
    let pieces = [
        "${", "}", ":", "\n", "- ", "[", "]", "{", "&a", "*a", "<<: ", "\t", "'", "\"", "0.0.0.0:", "4318", "/", "#",
        "é", "!!str ",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..3000 {
        let mut text: Vec<char> = seeds[round % seeds.len()].chars().collect();
        for _ in 0..(1 + next() % 6) {
            let at = if text.is_empty() { 0 } else { (next() as usize) % text.len() };
            match next() % 3 {
                0 => {
                    let p = pieces[(next() as usize) % pieces.len()];
                    for (i, c) in p.chars().enumerate() {
                        text.insert(at + i, c);
                    }
                }
                1 if !text.is_empty() => {
                    text.remove(at);
                }
                _ => text.truncate(at),
            }
        }
        let text: String = text.into_iter().collect();
        let _ = lint_str(&text, &opts("0.156.0"));
    }
}

/// The design's config at the release it was written for: `loki` existed then. Removal is
/// version-aware like the renames: a warning naming the release that removes it before that
/// release, an error from it on.
#[test]
fn removals_depend_on_the_collector_version() {
    let text = corpus("design-loki.yaml");
    let old = lint_str(&text, &opts("0.91.0"));
    assert!(!old.diagnostics.iter().any(|d| d.severity == Severity::Error), "{:#?}", old.diagnostics);
    let warning = old.diagnostics.iter().find(|d| d.code == "removed-later").expect("a warning for loki");
    assert_eq!((warning.severity, warning.line), (Severity::Warning, 26));
    assert!(warning.message.contains("v0.131.0"), "{}", warning.message);
    assert!(warning.help.as_deref().unwrap().contains("/otlp"), "{warning:?}");

    let last_with_it = lint_str(&text, &opts("0.130.0"));
    assert!(last_with_it.diagnostics.iter().any(|d| d.code == "removed-later"));
    let new = lint_str(&text, &opts("0.131.0"));
    let error = new.diagnostics.iter().find(|d| d.code == "removed-component").expect("an error for loki");
    assert_eq!((error.severity, error.line), (Severity::Error, 26));
    assert!(error.message.contains("removed in collector v0.131.0"), "{}", error.message);
}

/// With anchors and merge keys the positions are still exact: an `endpoint` key appears three
/// times, the wrong one is the exporter's.
#[test]
fn positions_are_exact_with_anchors_and_merge_keys() {
    let text = corpus("connectors-and-anchors.yaml").replace("endpoint: tempo:4317", "endpoint: tempo:4318");
    let f = found(&text, "0.156.0");
    assert!(has(&f, Severity::Error, "grpc-to-http-port", 19), "{f:#?}");
}

/// The colour decision is the printer's: --color always styles the report, NO_COLOR (which the
/// test harness sets) and --color never give plain text.
#[test]
fn colour_follows_the_printer() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("legacy.yaml"), corpus("legacy-0.80.yaml")).unwrap();
    let plain = stdout_of(&otelkit(dir.path()).args(["lint", "legacy.yaml"]).output().unwrap());
    let never = stdout_of(&otelkit(dir.path()).args(["--color", "never", "lint", "legacy.yaml"]).output().unwrap());
    let always = stdout_of(&otelkit(dir.path()).args(["--color", "always", "lint", "legacy.yaml"]).output().unwrap());
    assert!(!plain.contains('\u{1b}') && !never.contains('\u{1b}'), "{plain}");
    assert_eq!(plain, never);
    assert!(always.contains('\u{1b}'), "{always}");
}

#[test]
fn explain_prints_the_rule_and_unknown_codes_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["lint", "--explain", "duplicate-port"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "needs no config file");
    let text = stdout_of(&out);
    assert!(text.starts_with("error[duplicate-port]: two listeners on one port\n"), "{text}");
    assert!(
        text.contains("\nwhy: ") && text.contains("\nfix: ") && text.contains("example:\n    receivers:"),
        "{text}"
    );

    let out = otelkit(dir.path()).args(["--format", "json", "lint", "--explain", "unset-env"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!((json["code"].as_str(), json["severity"].as_str()), (Some("unset-env"), Some("warning")));
    assert!(json["summary"].is_string() && json["why"].is_string() && json["fix"].is_string(), "{json}");

    let out = otelkit(dir.path()).args(["lint", "--explain", "no-such-rule"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    let mut lines = err.lines();
    assert_eq!(lines.next(), Some("error: no lint rule named \"no-such-rule\""), "{err}");
    assert!(lines.next().is_some_and(|hint| hint.contains("hint:") && hint.contains("duplicate-port")), "{err}");
}

/// README.md's lint table and the rule table agree: every rule is in the README with its
/// severity, and the README names no rule the table lacks.
#[test]
fn readme_lint_table_matches_the_rules() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("\n## `otelkit lint`").nth(1).expect("a lint section").split("\n## ").next().unwrap();
    let mut documented: BTreeMap<String, String> = BTreeMap::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        for code in cells[1].split(',').map(|c| c.trim().trim_matches('`')) {
            let previous = documented.insert(code.to_owned(), cells[2].to_owned());
            assert!(previous.is_none(), "{code} is twice in README.md's lint table");
        }
    }
    for rule in RULES {
        let severity = serde_json::to_value(rule.severity).unwrap();
        assert_eq!(
            documented.remove(rule.code).as_deref(),
            severity.as_str(),
            "README.md's lint table: `{}` should be there as {severity}",
            rule.code
        );
    }
    assert!(documented.is_empty(), "README.md's lint table names rules lint does not have: {documented:?}");
}
