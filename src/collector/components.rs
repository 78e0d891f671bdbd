//! The components otelkit knows and the signals each handles. Types not listed are not judged
//! (custom builds have their own).

/// The five sections of a collector config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Receiver,
    Processor,
    Exporter,
    Extension,
    Connector,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Receiver, Kind::Processor, Kind::Exporter, Kind::Extension, Kind::Connector];

    /// The config section: `receivers`, `processors`, ...
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

use crate::signal::Signal;

/// The bit of a signal in a component's signal set.
trait Bit {
    fn bit(self) -> u8;
}

impl Bit for Signal {
    fn bit(self) -> u8 {
        match self {
            Signal::Traces => T,
            Signal::Metrics => M,
            Signal::Logs => L,
        }
    }
}

const T: u8 = 1;
const M: u8 = 2;
const L: u8 = 4;
const ALL: u8 = T | M | L;

/// A component type otelkit knows: its section, its type name, the signals it handles
/// (none for extensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Component {
    pub kind: Kind,
    pub type_name: &'static str,
    signals: u8,
}

impl Component {
    pub fn handles(&self, signal: Signal) -> bool {
        self.signals & signal.bit() != 0
    }
}

const fn c(kind: Kind, type_name: &'static str, signals: u8) -> Component {
    Component { kind, type_name, signals }
}

/// Both spellings of renamed components are listed: the catalog does not depend on the release.
pub const KNOWN: &[Component] = &[
    c(Kind::Receiver, "otlp", ALL),
    c(Kind::Receiver, "prometheus", M),
    c(Kind::Receiver, "hostmetrics", M),
    c(Kind::Receiver, "host_metrics", M),
    c(Kind::Receiver, "kubeletstats", M),
    c(Kind::Receiver, "kubelet_stats", M),
    c(Kind::Receiver, "k8s_cluster", M | L),
    c(Kind::Receiver, "filelog", L),
    c(Kind::Receiver, "file_log", L),
    c(Kind::Receiver, "journald", L),
    c(Kind::Receiver, "syslog", L),
    c(Kind::Receiver, "jaeger", T),
    c(Kind::Receiver, "zipkin", T),
    c(Kind::Receiver, "kafka", ALL),
    c(Kind::Processor, "batch", ALL),
    c(Kind::Processor, "memory_limiter", ALL),
    c(Kind::Processor, "attributes", ALL),
    c(Kind::Processor, "resource", ALL),
    c(Kind::Processor, "filter", ALL),
    c(Kind::Processor, "transform", ALL),
    c(Kind::Processor, "k8sattributes", ALL),
    c(Kind::Processor, "k8s_attributes", ALL),
    c(Kind::Processor, "resourcedetection", ALL),
    c(Kind::Processor, "resource_detection", ALL),
    c(Kind::Processor, "tail_sampling", T),
    c(Kind::Processor, "probabilistic_sampler", T | L),
    c(Kind::Processor, "span", T),
    c(Kind::Processor, "metricstransform", M),
    c(Kind::Processor, "metrics_transform", M),
    c(Kind::Processor, "cumulativetodelta", M),
    c(Kind::Processor, "cumulative_to_delta", M),
    c(Kind::Processor, "deltatocumulative", M),
    c(Kind::Processor, "delta_to_cumulative", M),
    c(Kind::Exporter, "otlp", ALL),
    c(Kind::Exporter, "otlp_grpc", ALL),
    c(Kind::Exporter, "otlphttp", ALL),
    c(Kind::Exporter, "otlp_http", ALL),
    c(Kind::Exporter, "debug", ALL),
    c(Kind::Exporter, "nop", ALL),
    c(Kind::Exporter, "file", ALL),
    c(Kind::Exporter, "kafka", ALL),
    c(Kind::Exporter, "prometheus", M),
    c(Kind::Exporter, "prometheusremotewrite", M),
    c(Kind::Exporter, "prometheus_remote_write", M),
    c(Kind::Exporter, "zipkin", T),
    c(Kind::Exporter, "loadbalancing", T | L),
    c(Kind::Exporter, "load_balancing", T | L),
    c(Kind::Extension, "health_check", 0),
    c(Kind::Extension, "pprof", 0),
    c(Kind::Extension, "zpages", 0),
    c(Kind::Extension, "basicauth", 0),
    c(Kind::Extension, "bearertokenauth", 0),
    c(Kind::Extension, "oauth2client", 0),
    c(Kind::Extension, "file_storage", 0),
];

pub fn known(kind: Kind, type_name: &str) -> Option<&'static Component> {
    KNOWN.iter().find(|c| c.kind == kind && c.type_name == type_name)
}

/// Whether a known component handles the signal (by name); None for a component or signal
/// otelkit does not know.
pub fn handles(kind: Kind, type_name: &str, signal: &str) -> Option<bool> {
    let signal = Signal::from_name(signal)?;
    known(kind, type_name).map(|c| c.handles(signal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_signals() {
        assert_eq!(handles(Kind::Exporter, "prometheus", "traces"), Some(false));
        assert_eq!(handles(Kind::Exporter, "otlp_http", "logs"), Some(true));
        assert_eq!(handles(Kind::Exporter, "somethingcustom", "logs"), None);
        assert_eq!(handles(Kind::Exporter, "otlp", "profiles"), None);
    }
}
