//! Options the collector deprecated: on components, and in service.telemetry by release.

use super::{type_of, Linter};
use crate::collector::{self, Kind};
use crate::commands::lint::codes;
use crate::commands::lint::tree::Node;

/// (kind, component type, deprecated option, message, help).
const DEPRECATED: &[(Kind, &str, &str, &str, &str)] = &[
    (
        Kind::Processor,
        "memory_limiter",
        "ballast_size_mib",
        "`ballast_size_mib` is deprecated (ballast was removed)",
        "remove it; set GOMEMLIMIT instead",
    ),
    (
        Kind::Exporter,
        "prometheus",
        "resource_to_telemetry_conversion",
        "`resource_to_telemetry_conversion` is deprecated",
        "use `resource_constant_labels`, or join target_info in PromQL",
    ),
    (
        Kind::Exporter,
        "prometheus",
        "add_metric_suffixes",
        "`add_metric_suffixes` is deprecated",
        "use `translation_strategy`",
    ),
];

impl Linter<'_> {
    pub(super) fn component_options(&mut self, kind: Kind, id: &str, body: &Node) {
        let t = type_of(id);
        for (k, component, option, message, help) in DEPRECATED {
            if *k != kind || *component != t {
                continue;
            }
            if let Some(e) = body.get(option) {
                self.report.push(codes::DEPRECATED_OPTION, e.key_pos, (*message).into(), Some((*help).into()));
            }
        }
    }

    pub(super) fn telemetry(&mut self) {
        let since = collector::TELEMETRY_READERS;
        if let Some(e) = self.root.path(&["service", "telemetry", "metrics", "address"]) {
            if self.opts.collector_version >= since {
                self.report.push(
                    codes::DEPRECATED_OPTION,
                    e.key_pos,
                    format!(
                        "service.telemetry.metrics.address is deprecated since v{since} and ignored by recent collectors"
                    ),
                    Some("use readers: [{pull: {exporter: {prometheus: {host: ..., port: 8888}}}}]".into()),
                );
            }
        }
    }
}
