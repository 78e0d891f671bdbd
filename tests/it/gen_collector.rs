//! `otelkit gen collector`: snapshots, parse-back, and the pipelines' references.

use serde_yaml_ng::Value;

use crate::support::{otelkit, stdout_of};

fn gen(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["gen", "collector"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    stdout_of(&out)
}

/// Every component a pipeline names is defined in its section, and every defined one is used.
pub fn assert_pipelines_consistent(yaml: &str) {
    let doc: Value = serde_yaml_ng::from_str(yaml).expect("generated config parses");
    let pipelines = doc["service"]["pipelines"].as_mapping().expect("pipelines");
    for (section, key) in [("receivers", "receivers"), ("processors", "processors"), ("exporters", "exporters")] {
        let defined = doc[section].as_mapping().expect(section);
        let mut used = std::collections::BTreeSet::new();
        for (name, pipeline) in pipelines {
            for id in pipeline[key].as_sequence().expect(key) {
                let id = id.as_str().unwrap();
                assert!(defined.contains_key(id), "pipeline {name:?} names undefined {section} {id}");
                used.insert(id.to_owned());
            }
        }
        for (id, _) in defined {
            assert!(used.contains(id.as_str().unwrap()), "{section} {id:?} defined but unused");
        }
    }
}

#[test]
fn default_config_snapshot_and_parses() {
    let yaml = gen(&[]);
    assert_pipelines_consistent(&yaml);
    insta::assert_snapshot!(yaml);
}

#[test]
fn old_collector_gets_old_names() {
    let yaml = gen(&["--collector-version", "0.91.0", "--metrics", "remote-write"]);
    assert_pipelines_consistent(&yaml);
    assert!(yaml.contains("otlp/tempo:") && yaml.contains("prometheusremotewrite:") && yaml.contains("otlphttp/loki:"));
    assert!(yaml.contains("address: localhost:8888"), "pre-0.111 telemetry address");
}

#[test]
fn every_option_combination_parses_and_is_consistent() {
    for version in ["0.91.0", "0.156.0"] {
        for traces in ["tempo", "otlp", "debug"] {
            for metrics in ["prometheus", "remote-write", "otlp"] {
                for logs in ["loki", "otlp", "debug"] {
                    for mode in ["gateway", "agent"] {
                        let yaml = gen(&[
                            "--collector-version",
                            version,
                            "--traces",
                            traces,
                            "--metrics",
                            metrics,
                            "--logs",
                            logs,
                            "--mode",
                            mode,
                            "--tenant",
                            "acme",
                            "--auth-token-env",
                            "TOKEN",
                        ]);
                        assert_pipelines_consistent(&yaml);
                        let doc: Value = serde_yaml_ng::from_str(&yaml).unwrap();
                        let procs = doc["service"]["pipelines"]["traces"]["processors"].as_sequence().unwrap();
                        assert_eq!(procs.first().and_then(Value::as_str), Some("memory_limiter"));
                        assert_eq!(procs.last().and_then(Value::as_str), Some("batch"));
                        let new = version == "0.156.0";
                        for (old, renamed) in [("otlp/", "otlp_grpc/"), ("otlphttp/", "otlp_http/")] {
                            let exporters = doc["exporters"].as_mapping().unwrap();
                            for (id, _) in exporters {
                                let id = id.as_str().unwrap();
                                assert!(!new || !id.starts_with(old), "{version}: deprecated alias {id}");
                                assert!(new || !id.starts_with(renamed), "{version}: name {id} unknown to it");
                            }
                        }
                        assert!(
                            !doc["exporters"].as_mapping().unwrap().contains_key("loki"),
                            "no removed loki exporter"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn secrets_are_env_references_and_tls_settings_apply() {
    let yaml = gen(&["--auth-token-env", "TEMPO_TOKEN", "--ca-file", "/etc/ssl/ca.pem", "--insecure", "false"]);
    let doc: Value = serde_yaml_ng::from_str(&yaml).unwrap();
    let tempo = &doc["exporters"]["otlp_grpc/tempo"];
    assert_eq!(tempo["headers"]["Authorization"].as_str(), Some("Bearer ${env:TEMPO_TOKEN}"));
    assert_eq!(tempo["tls"]["ca_file"].as_str(), Some("/etc/ssl/ca.pem"));
    assert!(tempo["tls"]["insecure"].is_null());
}

#[test]
fn bind_all_is_for_containers_and_says_why() {
    let yaml = gen(&["--bind-all"]);
    assert!(yaml.contains("endpoint: 0.0.0.0:4317") && yaml.contains("meant for a container or pod"));
    let yaml = gen(&[]);
    assert!(yaml.contains("endpoint: localhost:4317") && !yaml.contains("0.0.0.0"));
}

#[test]
fn settings_file_and_environment_feed_the_config() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("otelkit.toml"),
        "[service]\nenvironment = \"staging\"\n[collector]\nmetric_namespace = \"agentstack\"\nversion = \"0.91.0\"\n",
    )
    .unwrap();
    let out = otelkit(dir.path()).args(["gen", "collector"]).output().unwrap();
    let yaml = stdout_of(&out);
    assert!(
        yaml.contains("namespace: agentstack") && yaml.contains("value: \"staging\"") && yaml.contains("otlp/tempo:")
    );
    let out = otelkit(dir.path())
        .args(["gen", "collector"])
        .env("OTELKIT_METRIC_NAMESPACE", "fromenv")
        .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod")
        .output()
        .unwrap();
    let yaml = stdout_of(&out);
    assert!(yaml.contains("namespace: fromenv") && yaml.contains("value: \"prod\""), "{yaml}");
    let out = otelkit(dir.path()).args(["gen", "collector", "--metric-namespace", "flag"]).output().unwrap();
    assert!(stdout_of(&out).contains("namespace: flag"));
}

#[test]
fn check_against_file_exits_1_with_diff_then_0() {
    let dir = tempfile::tempdir().unwrap();
    let run =
        |args: &[&str]| otelkit(dir.path()).args(["gen", "collector", "-o", "otel.yaml"]).args(args).output().unwrap();
    assert_eq!(run(&["--check"]).status.code(), Some(1), "missing file is drift");
    assert!(run(&[]).status.success());
    assert_eq!(run(&["--check"]).status.code(), Some(0));
    let changed = run(&["--check", "--environment", "prod"]);
    assert_eq!(changed.status.code(), Some(1));
    assert!(stdout_of(&changed).contains("+        value: \"prod\""), "{}", stdout_of(&changed));
}

#[test]
fn bad_input_is_one_line_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, expect) in [
        (vec!["--collector-version", "latest"], "invalid collector version"),
        (vec!["--auth-token-env", "Bearer abc"], "takes the name of an environment variable"),
        (vec!["-o", "/proc/no/such/dir/otel.yaml"], "cannot"),
    ] {
        let out = otelkit(dir.path()).args(["gen", "collector"]).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = crate::support::stderr_of(&out);
        assert!(err.starts_with("error: ") && err.contains(expect), "{args:?}: {err}");
        assert!(!err.contains("panicked") && !err.contains("abc"), "{err}");
    }
}
