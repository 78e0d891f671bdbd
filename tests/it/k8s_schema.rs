//! The Prometheus Operator's ServiceMonitor schema (tests/fixtures/k8s/, with its provenance),
//! applied as `kubectl apply` applies it with strict field validation: unknown fields are errors.

use serde_json::Value;

const SCHEMA: &str = include_str!("../fixtures/k8s/monitoring.coreos.com_servicemonitors.yaml");

/// The CRD's openAPIV3Schema for v1, every object that lists its properties closed to others.
fn schema() -> Value {
    let crd: Value = serde_yaml_ng::from_str(SCHEMA).expect("the vendored CRD parses");
    let version =
        crd["spec"]["versions"].as_array().unwrap().iter().find(|v| v["name"] == "v1").expect("the CRD serves v1");
    let mut schema = version["schema"]["openAPIV3Schema"].clone();
    close(&mut schema);
    schema
}

fn close(node: &mut Value) {
    match node {
        Value::Object(map) => {
            let open =
                map.contains_key("additionalProperties") || map.contains_key("x-kubernetes-preserve-unknown-fields");
            if map.contains_key("properties") && !open {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(close);
        }
        Value::Array(items) => items.iter_mut().for_each(close),
        _ => {}
    }
}

fn errors(doc: &serde_yaml_ng::Value) -> Vec<String> {
    let doc: Value = serde_json::to_value(doc).expect("a manifest is JSON");
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator.iter_errors(&doc).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

pub fn assert_valid_service_monitor(doc: &serde_yaml_ng::Value) {
    let errors = errors(doc);
    assert!(errors.is_empty(), "the ServiceMonitor breaks the CRD's schema:\n{}", errors.join("\n"));
}

/// The check catches what the API server would refuse.
#[test]
fn the_schema_refuses_a_misspelled_field_and_a_wrong_type() {
    let good: serde_yaml_ng::Value = serde_yaml_ng::from_str(
        "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\n\
         spec: {selector: {matchLabels: {a: b}}, endpoints: [{port: web, honorLabels: true}]}\n",
    )
    .unwrap();
    assert_valid_service_monitor(&good);
    let mut misspelled = good.clone();
    misspelled["spec"]["endpoints"][0]["honorlabels"] = true.into();
    assert!(!errors(&misspelled).is_empty());
    let mut wrong_type = good;
    wrong_type["spec"]["endpoints"][0]["honorLabels"] = "yes".into();
    assert!(!errors(&wrong_type).is_empty());
}
