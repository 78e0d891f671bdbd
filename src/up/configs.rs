//! Tempo's and Loki's configs for `otelkit up`: the files `gen compose` renders (its templates,
//! its ports 3200 and 3100), with what a container does not need and a process does: every
//! listener on the loopback host, the data under the stack's directory, and the ports two of
//! them would share on one machine (both default to gRPC 9095 and memberlist 7946) kept apart.

use std::path::Path;

use serde_yaml_ng::{Mapping, Value};

/// Tempo's gRPC server (its querier reaches its frontend through it).
pub const TEMPO_GRPC: u16 = 9095;
/// Tempo's memberlist: its rings gossip there even alone.
pub const TEMPO_MEMBERLIST: u16 = 7946;
/// Tempo's OTLP/HTTP receiver: the collector holds 4318.
pub const TEMPO_OTLP_HTTP: u16 = 14318;
/// Loki's gRPC server: 9096, as Loki's own local config has it, since Tempo takes 9095.
pub const LOKI_GRPC: u16 = 9096;

/// `rendered` (templates/compose/tempo.yaml) for a Tempo on `host`, its data in `data`;
/// `otlp_grpc` is where the collector sends it traces, `metrics_write` where its metrics
/// generator writes (Prometheus's remote-write receiver).
pub fn tempo(rendered: &str, host: &str, data: &Path, otlp_grpc: u16, metrics_write: &str) -> anyhow::Result<String> {
    let data = |sub: &str| Value::from(data.join(sub).display().to_string());
    let mut doc: Value = serde_yaml_ng::from_str(rendered)?;
    set(&mut doc, &["server", "http_listen_address"], host.into());
    set(&mut doc, &["server", "grpc_listen_address"], host.into());
    set(&mut doc, &["server", "grpc_listen_port"], TEMPO_GRPC.into());
    let otlp = ["distributor", "receivers", "otlp", "protocols"];
    set(&mut doc, &[&otlp[..], &["grpc", "endpoint"]].concat(), format!("{host}:{otlp_grpc}").into());
    set(&mut doc, &[&otlp[..], &["http", "endpoint"]].concat(), format!("{host}:{TEMPO_OTLP_HTTP}").into());
    // Each ring would announce (and dial) the address of eth0/en0 otherwise, and Tempo does not
    // boot on a machine without one (grafana/tempo#3590 names these rings and the worker's
    // frontend address).
    set(&mut doc, &["ingester", "lifecycler", "address"], host.into());
    for ring in ["distributor", "compactor", "metrics_generator"] {
        set(&mut doc, &[ring, "ring", "instance_addr"], host.into());
    }
    set(&mut doc, &["querier", "frontend_worker", "frontend_address"], format!("{host}:{TEMPO_GRPC}").into());
    set(&mut doc, &["memberlist", "bind_addr"], Value::Sequence(vec![host.into()]));
    set(&mut doc, &["memberlist", "bind_port"], TEMPO_MEMBERLIST.into());
    set(&mut doc, &["metrics_generator", "storage", "path"], data("generator/wal"));
    if let Some(Value::Sequence(writes)) = get_mut(&mut doc, &["metrics_generator", "storage", "remote_write"]) {
        for write in writes {
            set(write, &["url"], metrics_write.into());
        }
    }
    set(&mut doc, &["storage", "trace", "wal", "path"], data("wal"));
    set(&mut doc, &["storage", "trace", "local", "path"], data("blocks"));
    Ok(format!(
        "# Tempo config written by otelkit up from gen compose's tempo.yaml: loopback only.\n{}",
        to_yaml(&doc)?
    ))
}

/// `rendered` (templates/compose/loki.yaml) for a Loki on `host`, its data in `data`.
pub fn loki(rendered: &str, host: &str, data: &Path) -> anyhow::Result<String> {
    let data = |sub: &str| Value::from(data.join(sub).display().to_string());
    let mut doc: Value = serde_yaml_ng::from_str(rendered)?;
    set(&mut doc, &["server", "http_listen_address"], host.into());
    set(&mut doc, &["server", "grpc_listen_address"], host.into());
    set(&mut doc, &["server", "grpc_listen_port"], LOKI_GRPC.into());
    set(&mut doc, &["common", "instance_addr"], host.into());
    set(&mut doc, &["common", "path_prefix"], data(""));
    set(&mut doc, &["common", "storage", "filesystem", "chunks_directory"], data("chunks"));
    set(&mut doc, &["common", "storage", "filesystem", "rules_directory"], data("rules"));
    Ok(format!("# Loki config written by otelkit up from gen compose's loki.yaml: loopback only.\n{}", to_yaml(&doc)?))
}

fn to_yaml(doc: &Value) -> anyhow::Result<String> {
    Ok(serde_yaml_ng::to_string(doc)?)
}

fn get_mut<'a>(doc: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    path.iter().try_fold(doc, |node, key| node.as_mapping_mut()?.get_mut(*key))
}

/// Set `path` in `doc`, creating the mappings on the way.
fn set(doc: &mut Value, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut node = doc;
    for key in parents {
        if !node.is_mapping() {
            *node = Value::Mapping(Mapping::new());
        }
        let Value::Mapping(map) = node else { return };
        node = map.entry((*key).into()).or_insert_with(|| Value::Mapping(Mapping::new()));
    }
    if !node.is_mapping() {
        *node = Value::Mapping(Mapping::new());
    }
    if let Value::Mapping(map) = node {
        map.insert((*last).into(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::{ids, Templates};

    fn rendered(id: &str) -> String {
        let ctx =
            serde_json::json!({ "otelkit_version": "0", "metrics_write_url": "http://prometheus:9090/api/v1/write" });
        Templates::builtin().unwrap().render_with(id, &ctx).unwrap()
    }

    #[test]
    fn tempo_keeps_gen_composes_config_on_loopback_with_its_data_in_the_stack() {
        let text = tempo(
            &rendered(ids::COMPOSE_TEMPO_YAML),
            "127.0.0.9",
            Path::new("/s/data/tempo"),
            14317,
            "http://127.0.0.9:9090/api/v1/write",
        )
        .unwrap();
        let doc: Value = serde_yaml_ng::from_str(&text).unwrap();
        let at = |path: &[&str]| path.iter().fold(&doc, |n, k| &n[*k]).clone();
        assert_eq!(at(&["server", "http_listen_port"]), Value::from(3200));
        assert_eq!(at(&["server", "http_listen_address"]), Value::from("127.0.0.9"));
        assert_eq!(at(&["stream_over_http_enabled"]), Value::from(true), "the template's own settings stay");
        let otlp = &doc["distributor"]["receivers"]["otlp"]["protocols"];
        assert_eq!(otlp["grpc"]["endpoint"], Value::from("127.0.0.9:14317"));
        assert_eq!(otlp["http"]["endpoint"], Value::from("127.0.0.9:14318"));
        assert_eq!(at(&["storage", "trace", "wal", "path"]), Value::from("/s/data/tempo/wal"));
        assert_eq!(at(&["storage", "trace", "local", "path"]), Value::from("/s/data/tempo/blocks"));
        let write = &doc["metrics_generator"]["storage"]["remote_write"][0];
        assert_eq!(write["url"], Value::from("http://127.0.0.9:9090/api/v1/write"));
        assert_eq!(write["send_exemplars"], Value::from(true));
        assert_eq!(at(&["querier", "frontend_worker", "frontend_address"]), Value::from("127.0.0.9:9095"));
        assert_eq!(at(&["compactor", "ring", "instance_addr"]), Value::from("127.0.0.9"));
        assert_eq!(at(&["memberlist", "bind_addr"]), Value::Sequence(vec!["127.0.0.9".into()]));
        assert!(!text.contains("0.0.0.0") && !text.contains("/var/tempo"), "{text}");
    }

    #[test]
    fn loki_keeps_gen_composes_config_on_loopback_with_its_data_in_the_stack() {
        let text = loki(&rendered(ids::COMPOSE_LOKI_YAML), "127.0.0.9", Path::new("/s/data/loki")).unwrap();
        let doc: Value = serde_yaml_ng::from_str(&text).unwrap();
        assert_eq!(doc["server"]["http_listen_port"], Value::from(3100));
        assert_eq!(doc["server"]["grpc_listen_port"], Value::from(9096));
        assert_eq!(doc["common"]["instance_addr"], Value::from("127.0.0.9"));
        assert_eq!(doc["common"]["storage"]["filesystem"]["chunks_directory"], Value::from("/s/data/loki/chunks"));
        assert_eq!(doc["limits_config"]["allow_structured_metadata"], Value::from(true));
        assert!(!text.contains("/loki/") || text.contains("/s/data/loki"), "{text}");
        assert!(!text.contains(": /loki"), "{text}");
    }
}
