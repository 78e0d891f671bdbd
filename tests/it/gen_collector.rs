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
