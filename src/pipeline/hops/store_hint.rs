//! The store the collector exports a signal to, when its exporters name one (`otlp_grpc/jaeger`,
//! or an endpoint like `jaeger-collector:4317`) and otelkit was told another: the flag that
//! points otelkit at it.

use std::collections::{BTreeMap, BTreeSet};

use clap::ValueEnum;

use super::finding::items;
use crate::pipeline::backends::collector::Snapshot;
use crate::signal::Signal;
use crate::stores::{LogStore, MetricStore, TraceStore};

/// Every store of a signal, by name.
fn stores(signal: Signal) -> Vec<&'static str> {
    match signal {
        Signal::Traces => TraceStore::value_variants().iter().map(|s| s.name()).collect(),
        Signal::Logs => LogStore::value_variants().iter().map(|s| s.name()).collect(),
        Signal::Metrics => MetricStore::value_variants().iter().map(|s| s.name()).collect(),
    }
}

/// The stores one exporter names: its id's name part, else where it sends. Its type is left out:
/// `prometheusremotewrite` sends to Prometheus and VictoriaMetrics alike.
fn named_by<'a>(exporter: &str, labels: &BTreeMap<String, String>, of: &[&'a str]) -> Vec<&'a str> {
    let naming = |text: &str| -> Vec<&'a str> {
        let text = text.to_ascii_lowercase();
        of.iter().copied().filter(|s| text.contains(s)).collect()
    };
    let by_name = exporter.split_once('/').map(|(_, name)| naming(name)).unwrap_or_default();
    if !by_name.is_empty() {
        return by_name;
    }
    labels.get("server_address").map(|a| naming(a)).unwrap_or_default()
}

/// "the collector exports to jaeger: pass --traces-backend jaeger (...)", when the exporters of
/// `signal` in `after` (the last tier's) all name one store and `chosen` is another.
pub fn store_hint(signal: Signal, after: &Snapshot, chosen: &str) -> Option<String> {
    let of = stores(signal);
    let it = items(signal);
    let exporting = [format!("otelcol_exporter_sent_{it}"), format!("otelcol_exporter_send_failed_{it}")];
    let sig = signal.name();
    let named: BTreeSet<&str> = after
        .series()
        .filter(|(n, l, _)| {
            exporting.iter().any(|e| e == n)
                || (*n == "otelcol_exporter_queue_size" && l.get("data_type").is_some_and(|t| t == sig))
        })
        .filter_map(|(_, l, _)| Some(named_by(l.get("exporter")?, l, &of)))
        .flatten()
        .collect();
    match named.into_iter().collect::<Vec<_>>()[..] {
        [store] if store != chosen => Some(format!(
            "the collector exports to {store}: pass --{sig}-backend {store} (or OTELKIT_{}_BACKEND={store})",
            sig.to_ascii_uppercase()
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Snapshot {
        Snapshot::parse(text).unwrap()
    }

    #[test]
    fn an_exporter_naming_another_store_than_the_chosen_one_gets_its_flag() {
        let jaeger = page("otelcol_exporter_sent_spans{exporter=\"otlp_grpc/jaeger\"} 3\n");
        assert_eq!(
            store_hint(Signal::Traces, &jaeger, "tempo").as_deref(),
            Some("the collector exports to jaeger: pass --traces-backend jaeger (or OTELKIT_TRACES_BACKEND=jaeger)")
        );
        assert_eq!(store_hint(Signal::Traces, &jaeger, "jaeger"), None);
        // Its endpoint tells when its name does not.
        let vl = page("otelcol_exporter_send_failed_log_records{exporter=\"otlp_http\",server_address=\"victorialogs.obs.svc\"} 2\n");
        assert_eq!(
            store_hint(Signal::Logs, &vl, "loki").as_deref(),
            Some("the collector exports to victorialogs: pass --logs-backend victorialogs (or OTELKIT_LOGS_BACKEND=victorialogs)")
        );
        // A retrying exporter shows only its queue; remote write names no store by its type.
        let vm = page(
            "otelcol_exporter_queue_size{data_type=\"metrics\",exporter=\"prometheusremotewrite/victoriametrics\"} 1\n\
             otelcol_exporter_queue_size{data_type=\"traces\",exporter=\"otlp_grpc/tempo\"} 1\n",
        );
        assert!(store_hint(Signal::Metrics, &vm, "prometheus").unwrap().contains("--metrics-backend victoriametrics"));
        assert_eq!(store_hint(Signal::Traces, &vm, "tempo"), None);
        let unnamed = page("otelcol_exporter_sent_metric_points{exporter=\"prometheusremotewrite\"} 3\n");
        assert_eq!(store_hint(Signal::Metrics, &unnamed, "victoriametrics"), None);
        // Two stores named (a migration, a fan-out): no single hint.
        let both = page(
            "otelcol_exporter_sent_spans{exporter=\"otlp_grpc/jaeger\"} 3\notelcol_exporter_sent_spans{exporter=\"otlp_grpc/tempo\"} 3\n",
        );
        assert_eq!(store_hint(Signal::Traces, &both, "tempo"), None);
    }
}
