//! What lint knows about collector components: the signals they handle, their renames since
//! v0.144 (the collector and contrib changelogs) and the ones removed from the collector.

use crate::commands::gen::collector::Version;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Receiver,
    Processor,
    Exporter,
    Extension,
    Connector,
}

impl Kind {
    pub fn section(self) -> &'static str {
        match self {
            Kind::Receiver => "receivers",
            Kind::Processor => "processors",
            Kind::Exporter => "exporters",
            Kind::Extension => "extensions",
            Kind::Connector => "connectors",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Kind::Receiver => "receiver",
            Kind::Processor => "processor",
            Kind::Exporter => "exporter",
            Kind::Extension => "extension",
            Kind::Connector => "connector",
        }
    }
}

const T: u8 = 1;
const M: u8 = 2;
const L: u8 = 4;
const ALL: u8 = T | M | L;

/// (kind, type, signals). Types not listed are not judged (custom builds have their own).
const KNOWN: &[(Kind, &str, u8)] = &[
    (Kind::Receiver, "otlp", ALL),
    (Kind::Receiver, "prometheus", M),
    (Kind::Receiver, "hostmetrics", M),
    (Kind::Receiver, "host_metrics", M),
    (Kind::Receiver, "kubeletstats", M),
    (Kind::Receiver, "kubelet_stats", M),
    (Kind::Receiver, "k8s_cluster", M | L),
    (Kind::Receiver, "filelog", L),
    (Kind::Receiver, "file_log", L),
    (Kind::Receiver, "journald", L),
    (Kind::Receiver, "syslog", L),
    (Kind::Receiver, "jaeger", T),
    (Kind::Receiver, "zipkin", T),
    (Kind::Receiver, "kafka", ALL),
    (Kind::Processor, "batch", ALL),
    (Kind::Processor, "memory_limiter", ALL),
    (Kind::Processor, "attributes", ALL),
    (Kind::Processor, "resource", ALL),
    (Kind::Processor, "filter", ALL),
    (Kind::Processor, "transform", ALL),
    (Kind::Processor, "k8sattributes", ALL),
    (Kind::Processor, "k8s_attributes", ALL),
    (Kind::Processor, "resourcedetection", ALL),
    (Kind::Processor, "resource_detection", ALL),
    (Kind::Processor, "tail_sampling", T),
    (Kind::Processor, "probabilistic_sampler", T | L),
    (Kind::Processor, "span", T),
    (Kind::Processor, "metricstransform", M),
    (Kind::Processor, "metrics_transform", M),
    (Kind::Processor, "cumulativetodelta", M),
    (Kind::Processor, "cumulative_to_delta", M),
    (Kind::Processor, "deltatocumulative", M),
    (Kind::Processor, "delta_to_cumulative", M),
    (Kind::Exporter, "otlp", ALL),
    (Kind::Exporter, "otlp_grpc", ALL),
    (Kind::Exporter, "otlphttp", ALL),
    (Kind::Exporter, "otlp_http", ALL),
    (Kind::Exporter, "debug", ALL),
    (Kind::Exporter, "nop", ALL),
    (Kind::Exporter, "file", ALL),
    (Kind::Exporter, "kafka", ALL),
    (Kind::Exporter, "prometheus", M),
    (Kind::Exporter, "prometheusremotewrite", M),
    (Kind::Exporter, "prometheus_remote_write", M),
    (Kind::Exporter, "zipkin", T),
    (Kind::Exporter, "loadbalancing", T | L),
    (Kind::Exporter, "load_balancing", T | L),
    (Kind::Extension, "health_check", 0),
    (Kind::Extension, "pprof", 0),
    (Kind::Extension, "zpages", 0),
    (Kind::Extension, "basicauth", 0),
    (Kind::Extension, "bearertokenauth", 0),
    (Kind::Extension, "oauth2client", 0),
    (Kind::Extension, "file_storage", 0),
];

pub fn signal_bit(signal: &str) -> Option<u8> {
    match signal {
        "traces" => Some(T),
        "metrics" => Some(M),
        "logs" => Some(L),
        _ => None,
    }
}

/// Whether a known component handles the signal; None for a component lint does not know.
pub fn handles(kind: Kind, type_name: &str, signal: &str) -> Option<bool> {
    let bit = signal_bit(signal)?;
    KNOWN.iter().find(|(k, t, _)| *k == kind && *t == type_name).map(|(_, _, s)| s & bit != 0)
}

/// The release the lower_snake_case renames began with.
pub const RENAMED_IN: Version = Version(0, 144, 0);

/// (kind, old name, new name, release that renamed it). The otlp exporters were renamed in
/// v0.144 (collector #14396); contrib components followed one by one, prometheusremotewrite in
/// v0.154 (contrib #48705); for the others v0.144 is the earliest they could have been. The
/// contrib v0.161.0 sources name each new type with the old one as its deprecated alias (the
/// host_metrics, kubelet_stats, cumulative_to_delta and delta_to_cumulative renames were found there).
pub const RENAMES: &[(Kind, &str, &str, Version)] = &[
    (Kind::Exporter, "otlp", "otlp_grpc", RENAMED_IN),
    (Kind::Exporter, "otlphttp", "otlp_http", RENAMED_IN),
    (Kind::Exporter, "prometheusremotewrite", "prometheus_remote_write", Version(0, 154, 0)),
    (Kind::Exporter, "loadbalancing", "load_balancing", RENAMED_IN),
    (Kind::Processor, "k8sattributes", "k8s_attributes", RENAMED_IN),
    (Kind::Processor, "resourcedetection", "resource_detection", RENAMED_IN),
    (Kind::Processor, "metricstransform", "metrics_transform", RENAMED_IN),
    (Kind::Receiver, "filelog", "file_log", RENAMED_IN),
    (Kind::Receiver, "hostmetrics", "host_metrics", RENAMED_IN),
    (Kind::Receiver, "kubeletstats", "kubelet_stats", RENAMED_IN),
    (Kind::Processor, "cumulativetodelta", "cumulative_to_delta", RENAMED_IN),
    (Kind::Processor, "deltatocumulative", "delta_to_cumulative", RENAMED_IN),
];

/// A component the collector no longer has: the first release without it and what replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    pub since: Version,
    pub replacement: &'static str,
}

/// Components removed from the collector, each with the first release without it. The releases
/// were read off the Go module proxy: the component's module is published up to the release
/// before and not at it, while its siblings are (loki: contrib #41413; logging: core).
pub fn removed(kind: Kind, type_name: &str) -> Option<Removal> {
    let (since, replacement) = match (kind, type_name) {
        (Kind::Exporter, "loki") => {
            (Version(0, 131, 0), "send logs with otlp_http (otlphttp) to Loki's native OTLP endpoint <loki>/otlp")
        }
        (Kind::Exporter, "logging") => (Version(0, 111, 0), "use the debug exporter"),
        (Kind::Exporter, "jaeger") | (Kind::Exporter, "jaeger_thrift") => {
            (Version(0, 86, 0), "Jaeger ingests OTLP: use otlp_grpc (otlp) to Jaeger's port 4317")
        }
        (Kind::Extension, "memory_ballast") => (Version(0, 109, 0), "set the GOMEMLIMIT environment variable instead"),
        (Kind::Receiver, "opencensus") | (Kind::Exporter, "opencensus") => (Version(0, 134, 0), "use OTLP"),
        _ => return None,
    };
    Some(Removal { since, replacement })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_signals() {
        assert_eq!(handles(Kind::Exporter, "prometheus", "traces"), Some(false));
        assert_eq!(handles(Kind::Exporter, "otlp_http", "logs"), Some(true));
        assert_eq!(handles(Kind::Exporter, "somethingcustom", "logs"), None);
    }
}
