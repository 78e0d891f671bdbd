//! What collector releases changed: the lower_snake_case renames (since v0.144, from the
//! collector and contrib changelogs) and the components removed, each with its release.

use serde::Serialize;

use super::components::Kind;
use super::{Version, SNAKE_CASE_NAMES, SNAKE_CASE_REMOTE_WRITE};

/// A component type renamed in `since`; the old name stays a deprecated alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rename {
    pub kind: Kind,
    pub old: &'static str,
    pub new: &'static str,
    pub since: Version,
}

const fn rename(kind: Kind, old: &'static str, new: &'static str, since: Version) -> Rename {
    Rename { kind, old, new, since }
}

/// contrib v0.146.0 renamed k8sattributes (contrib CHANGELOG).
pub const K8S_ATTRIBUTES: Version = Version(0, 146, 0);
/// contrib v0.153.0 renamed loadbalancing (contrib CHANGELOG).
pub const LOAD_BALANCING: Version = Version(0, 153, 0);

/// The otlp exporters were renamed in v0.144 (collector #14396); contrib components followed one
/// by one, prometheusremotewrite in v0.154 (contrib #48705); for the others v0.144 is the
/// earliest they could have been. The contrib v0.161.0 sources name each new type with the old
/// one as its deprecated alias (host_metrics, kubelet_stats, cumulative_to_delta and
/// delta_to_cumulative were found there).
pub const RENAMES: &[Rename] = &[
    rename(Kind::Exporter, "otlp", "otlp_grpc", SNAKE_CASE_NAMES),
    rename(Kind::Exporter, "otlphttp", "otlp_http", SNAKE_CASE_NAMES),
    rename(Kind::Exporter, "prometheusremotewrite", "prometheus_remote_write", SNAKE_CASE_REMOTE_WRITE),
    rename(Kind::Exporter, "loadbalancing", "load_balancing", LOAD_BALANCING),
    rename(Kind::Processor, "k8sattributes", "k8s_attributes", K8S_ATTRIBUTES),
    rename(Kind::Processor, "resourcedetection", "resource_detection", SNAKE_CASE_NAMES),
    rename(Kind::Processor, "metricstransform", "metrics_transform", SNAKE_CASE_NAMES),
    rename(Kind::Receiver, "filelog", "file_log", SNAKE_CASE_NAMES),
    rename(Kind::Receiver, "hostmetrics", "host_metrics", SNAKE_CASE_NAMES),
    rename(Kind::Receiver, "kubeletstats", "kubelet_stats", SNAKE_CASE_NAMES),
    rename(Kind::Processor, "cumulativetodelta", "cumulative_to_delta", SNAKE_CASE_NAMES),
    rename(Kind::Processor, "deltatocumulative", "delta_to_cumulative", SNAKE_CASE_NAMES),
];

/// The renames of one section.
pub fn renames(kind: Kind) -> impl Iterator<Item = &'static Rename> {
    RENAMES.iter().filter(move |r| r.kind == kind)
}

/// The rename of a type, looked up by its old name.
pub fn rename_of(kind: Kind, old: &str) -> Option<&'static Rename> {
    renames(kind).find(|r| r.old == old)
}

/// How release `version` spells a type known by its old name: the new name from the release
/// of its rename on.
pub fn spelled_at(kind: Kind, old: &'static str, version: Version) -> &'static str {
    match rename_of(kind, old) {
        Some(r) if version >= r.since => r.new,
        _ => old,
    }
}

/// A component the collector no longer has: the first release without it and what replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    pub kind: Kind,
    pub type_name: &'static str,
    pub since: Version,
    pub replacement: &'static str,
}

const fn removed(kind: Kind, type_name: &'static str, since: Version, replacement: &'static str) -> Removal {
    Removal { kind, type_name, since, replacement }
}

const JAEGER_HELP: &str = "Jaeger ingests OTLP: use otlp_grpc (otlp) to Jaeger's port 4317";

/// Each with the first release without it. The releases were read off the Go module proxy: the
/// component's module is published up to the release before and not at it, while its siblings
/// are (loki: contrib #41413; logging: core).
pub const REMOVALS: &[Removal] = &[
    removed(
        Kind::Exporter,
        "loki",
        Version(0, 131, 0),
        "send logs with otlp_http (otlphttp) to Loki's native OTLP endpoint <loki>/otlp",
    ),
    removed(Kind::Exporter, "logging", Version(0, 111, 0), "use the debug exporter"),
    removed(Kind::Exporter, "jaeger", Version(0, 86, 0), JAEGER_HELP),
    removed(Kind::Exporter, "jaeger_thrift", Version(0, 86, 0), JAEGER_HELP),
    removed(Kind::Extension, "memory_ballast", Version(0, 109, 0), "set the GOMEMLIMIT environment variable instead"),
    removed(Kind::Receiver, "opencensus", Version(0, 134, 0), "use OTLP"),
    removed(Kind::Exporter, "opencensus", Version(0, 134, 0), "use OTLP"),
];

pub fn removal(kind: Kind, type_name: &str) -> Option<&'static Removal> {
    REMOVALS.iter().find(|r| r.kind == kind && r.type_name == type_name)
}

/// The component type names generated configs use, as a given collector release spells them.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentNames {
    pub otlp_grpc: &'static str,
    pub otlp_http: &'static str,
    pub remote_write: &'static str,
    pub k8s_attributes: &'static str,
    pub load_balancing: &'static str,
}

impl ComponentNames {
    pub fn for_version(v: Version) -> Self {
        Self {
            otlp_grpc: spelled_at(Kind::Exporter, "otlp", v),
            otlp_http: spelled_at(Kind::Exporter, "otlphttp", v),
            remote_write: spelled_at(Kind::Exporter, "prometheusremotewrite", v),
            k8s_attributes: spelled_at(Kind::Processor, "k8sattributes", v),
            load_balancing: spelled_at(Kind::Exporter, "loadbalancing", v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_each_rename_release() {
        let n = ComponentNames::for_version(Version(0, 150, 0));
        assert_eq!((n.otlp_grpc, n.otlp_http, n.remote_write), ("otlp_grpc", "otlp_http", "prometheusremotewrite"));
        assert_eq!(ComponentNames::for_version(Version(0, 154, 0)).remote_write, "prometheus_remote_write");
        let n = ComponentNames::for_version(Version(0, 91, 0));
        assert_eq!((n.otlp_grpc, n.otlp_http), ("otlp", "otlphttp"));
        assert_eq!(ComponentNames::for_version(SNAKE_CASE_NAMES).otlp_grpc, "otlp_grpc");
        let n = ComponentNames::for_version(Version(0, 145, 0));
        assert_eq!((n.k8s_attributes, n.load_balancing), ("k8sattributes", "loadbalancing"));
        let n = ComponentNames::for_version(Version(0, 152, 0));
        assert_eq!((n.k8s_attributes, n.load_balancing), ("k8s_attributes", "loadbalancing"));
        let n = ComponentNames::for_version(Version(0, 153, 0));
        assert_eq!((n.k8s_attributes, n.load_balancing), ("k8s_attributes", "load_balancing"));
    }

    #[test]
    fn every_name_in_the_tables_is_in_the_catalog() {
        use super::super::components::known;
        for r in RENAMES {
            assert!(known(r.kind, r.old).is_some() && known(r.kind, r.new).is_some(), "{r:?}");
        }
        for r in REMOVALS {
            assert!(known(r.kind, r.type_name).is_none(), "{r:?} is removed yet listed as known");
        }
        assert_eq!(removal(Kind::Exporter, "jaeger_thrift").map(|r| r.since), Some(Version(0, 86, 0)));
        assert_eq!(removal(Kind::Receiver, "jaeger"), None, "only the exporter was removed");
    }
}
