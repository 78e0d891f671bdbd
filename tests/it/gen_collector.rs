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
    let _v = crate::support::versionless();
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
        for traces in ["tempo", "jaeger", "otlp", "debug"] {
            for metrics in ["prometheus", "remote-write", "otlp", "victoriametrics"] {
                for logs in ["loki", "victorialogs", "otlp", "debug"] {
                    for mode in ["gateway", "agent"] {
                        // VictoriaLogs's tenant is a number (its AccountID).
                        let tenant = if logs == "victorialogs" { "12" } else { "acme" };
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
                            tenant,
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

/// Jaeger takes traces on its OTLP gRPC receiver, VictoriaMetrics metrics on its OTLP path; each
/// endpoint from its flag, else otelkit.toml's `[collector]`, else the built-in default.
#[test]
fn jaeger_and_victoriametrics_exporters_and_their_endpoints() {
    let _v = crate::support::versionless();
    let yaml = gen(&["--traces", "jaeger", "--metrics", "victoriametrics", "--tenant", "acme"]);
    assert_pipelines_consistent(&yaml);
    insta::assert_snapshot!(yaml);
    let doc: Value = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(doc["exporters"]["otlp_grpc/jaeger"]["endpoint"].as_str(), Some("jaeger:4317"));
    assert_eq!(
        doc["exporters"]["otlp_http/victoriametrics"]["metrics_endpoint"].as_str(),
        Some("http://victoriametrics:8428/opentelemetry/v1/metrics")
    );
    assert!(doc["exporters"]["otlp_http/victoriametrics"].get("namespace").is_none());
    let old = gen(&["--collector-version", "0.91.0", "--traces", "jaeger", "--metrics", "victoriametrics"]);
    assert!(old.contains("otlp/jaeger:") && old.contains("otlphttp/victoriametrics:"), "{old}");

    let dir = tempfile::tempdir().unwrap();
    let toml = "[collector]\ntraces = \"jaeger\"\nmetrics = \"victoriametrics\"\njaeger_endpoint = \"j.obs:4317\"\nvictoriametrics_endpoint = \"http://vm.obs:8428/\"\n";
    std::fs::write(dir.path().join("otelkit.toml"), toml).unwrap();
    let out = otelkit(dir.path()).args(["gen", "collector"]).output().unwrap();
    let yaml = stdout_of(&out);
    assert!(yaml.contains("endpoint: j.obs:4317"), "{yaml}");
    assert!(yaml.contains("metrics_endpoint: http://vm.obs:8428/opentelemetry/v1/metrics"), "{yaml}");
    let out = otelkit(dir.path()).args(["gen", "collector", "--jaeger-endpoint", "flag:4317"]).output().unwrap();
    assert!(stdout_of(&out).contains("endpoint: flag:4317"));
    // An endpoint of a store the config does not send to is not in the config nor its header.
    let yaml = gen(&["--jaeger-endpoint", "j:4317", "--victoriametrics-endpoint", "http://vm:1"]);
    assert!(!yaml.contains("j:4317") && !yaml.contains("vm:1"), "{yaml}");
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

/// The header's "Regenerate with" line, as arguments (values in these tests need no quoting).
fn regenerate_args(yaml: &str) -> Vec<String> {
    let line = yaml.lines().find_map(|l| l.strip_prefix("# Regenerate with: otelkit ")).expect("a Regenerate line");
    line.split(' ').map(str::to_owned).collect()
}

/// The header names every setting that shapes the config (it dropped --metric-namespace and
/// --tenant), and running it gives the same file.
#[test]
fn the_regenerate_line_names_the_settings_and_reproduces_the_config() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &[][..],
        &["--metric-namespace", "agentstack", "--tenant", "acme"][..],
        &["--collector-version", "0.91.0", "--mode", "agent", "--metrics", "remote-write", "--logs", "otlp"][..],
        &["--traces", "otlp", "--tempo-endpoint", "collector:4317", "--insecure", "false", "--bind-all"][..],
        &["--metrics", "otlp", "--prometheus-endpoint", "https://prom.example.com", "--environment", "prod"][..],
        &["--ca-file", "/etc/ca.pem", "--auth-token-env", "TOKEN", "--loki-endpoint", "https://logs.example.com"][..],
        &["--traces", "jaeger", "--jaeger-endpoint", "jaeger.obs:4317", "--metrics", "victoriametrics"][..],
        &["--metrics", "victoriametrics", "--victoriametrics-endpoint", "https://vm.example.com"][..],
        &["--mode", "load-balancer", "--resolver", "dns", "--logs", "victorialogs"][..],
        &["--mode", "sampler", "--traces", "jaeger", "--collector-version", "0.150.0"][..],
    ] {
        let yaml = gen(args);
        let header = regenerate_args(&yaml);
        for flag in args.iter().filter(|a| a.starts_with("--")) {
            assert!(header.iter().any(|h| h == flag), "{args:?}: the header lacks {flag}: {header:?}");
        }
        let again = otelkit(dir.path()).args(&header).output().unwrap();
        assert_eq!(stdout_of(&again), yaml, "{args:?}: the header's command gives another config");
    }
}

/// The header records settings, not how the file was named: `./x` and `x`, another working
/// directory, a file written with `>` are all up to date.
#[test]
fn check_does_not_see_drift_in_how_the_output_was_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let flags = ["--tenant", "acme"];
    let gen_in = |cwd: &std::path::Path, extra: &[&str]| {
        otelkit(cwd).args(["gen", "collector"]).args(flags).args(extra).output().unwrap()
    };
    assert!(gen_in(dir.path(), &["-o", "./sub/x.yaml"]).status.success());
    for (cwd, path) in
        [(dir.path(), "sub/x.yaml"), (&dir.path().join("sub"), "x.yaml"), (&dir.path().join("sub"), "./x.yaml")]
    {
        let out = gen_in(cwd, &["--check", "-o", path]);
        assert_eq!(out.status.code(), Some(0), "{path}: {}", stdout_of(&out));
    }
    let redirected = stdout_of(&gen_in(dir.path(), &[]));
    std::fs::write(dir.path().join("y.yaml"), redirected).unwrap();
    assert_eq!(gen_in(dir.path(), &["--check", "-o", "y.yaml"]).status.code(), Some(0), "written with >");
    let drift = gen_in(dir.path(), &["--check", "-o", "y.yaml", "--environment", "prod"]);
    assert_eq!(drift.status.code(), Some(1));
    let err = crate::support::stderr_of(&drift);
    assert!(err.contains("run `otelkit gen collector --environment prod --tenant acme -o y.yaml`"), "{err}");
}

/// Values that would give a config `otelkit lint` rejects are refused (exit 2) with lint's code
/// and message, naming the flag: nothing is written.
#[test]
fn settings_lint_would_reject_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            &["--loki-endpoint", "loki:3100"][..],
            "--loki-endpoint \"loki:3100\" gives a config otelkit lint rejects: error[missing-scheme]",
        ),
        (
            &["--tempo-endpoint", "tempo:4318"][..],
            "--tempo-endpoint \"tempo:4318\" gives a config otelkit lint rejects: error[grpc-to-http-port]",
        ),
        (
            &["--metrics", "remote-write", "--prometheus-endpoint", "prometheus:9090"][..],
            "--prometheus-endpoint \"prometheus:9090\" gives a config otelkit lint rejects: error[missing-scheme]",
        ),
        (
            &["--traces", "jaeger", "--jaeger-endpoint", "jaeger:4318"][..],
            "--jaeger-endpoint \"jaeger:4318\" gives a config otelkit lint rejects: error[grpc-to-http-port]",
        ),
        (
            &["--metrics", "victoriametrics", "--victoriametrics-endpoint", "vm:8428"][..],
            "--victoriametrics-endpoint \"vm:8428\" gives a config otelkit lint rejects: error[missing-scheme]",
        ),
        (&["--tempo-endpoint", "tempo:4317 #x"][..], "--tempo-endpoint \"tempo:4317 #x\" cannot be written"),
        (&["--metric-namespace", "[a]"][..], "--metric-namespace \"[a]\" cannot be written"),
        (&["--tenant", "a\nb: c"][..], "--tenant contains a control character"),
    ] {
        let out = otelkit(dir.path()).args(["gen", "collector", "-o", "x.yaml"]).args(args).output().unwrap();
        let err = crate::support::stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("error: {says}")) && err.lines().count() == 2, "{args:?}: {err}");
        assert!(!dir.path().join("x.yaml").exists());
    }
    for args in
        [&["gen", "k8s", "--loki-endpoint", "loki:3100"][..], &["gen", "compose", "--tempo-endpoint", "tempo:4318"][..]]
    {
        let out = otelkit(dir.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}
