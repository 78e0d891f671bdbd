//! Options the collector deprecated: on components, and in service.telemetry by release.

use super::{type_of, Linter};
use crate::collector::{self, Kind, Version};
use crate::lint::codes;
use crate::lint::tree::Node;

/// Release that rejects `service.telemetry.metrics.address` ("has invalid keys: address";
/// ignored since v0.123.0; seen refused by the real v0.161.0 the suite builds).
const ADDRESS_REJECTED_SINCE: Version = Version(0, 128, 0);
/// memory_limiter's `ballast_size_mib` was removed in late 2021 (collector #4365); releases since
/// reject it as an invalid key.
const BALLAST_OPTION_REJECTED_SINCE: Version = Version(0, 40, 0);

/// (kind, component type, deprecated option, message, help).
const DEPRECATED: &[(Kind, &str, &str, &str, &str)] = &[
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
        if kind == Kind::Processor && t == "memory_limiter" {
            if let Some(e) = body.get("ballast_size_mib") {
                let help = Some("remove it; set GOMEMLIMIT instead".into());
                if self.opts.collector_version >= BALLAST_OPTION_REJECTED_SINCE {
                    let message =
                        "`ballast_size_mib` was removed from memory_limiter: the collector rejects the config";
                    self.report.push(codes::REMOVED_OPTION, e.key_pos, message.into(), help);
                } else {
                    let message = "`ballast_size_mib` is deprecated (ballast was removed)";
                    self.report.push(codes::DEPRECATED_OPTION, e.key_pos, message.into(), help);
                }
            }
        }
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
            let help = Some("use readers: [{pull: {exporter: {prometheus: {host: ..., port: 8888}}}}]".into());
            let target = self.opts.collector_version;
            if target >= ADDRESS_REJECTED_SINCE {
                let message = format!(
                    "service.telemetry.metrics.address was removed in v{ADDRESS_REJECTED_SINCE}: the collector rejects the config"
                );
                self.report.push(codes::REMOVED_OPTION, e.key_pos, message, help);
            } else if target >= since {
                let message = format!(
                    "service.telemetry.metrics.address is deprecated since v{since} and ignored by recent collectors"
                );
                self.report.push(codes::DEPRECATED_OPTION, e.key_pos, message, help);
            }
        }
    }
}
