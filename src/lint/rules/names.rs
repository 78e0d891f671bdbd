//! Names by release: components removed from the collector, and the lower_snake_case renames
//! (an old name where the target release renamed it, a new name it does not know yet).

use super::{type_of, Linter};
use crate::collector::{self, Kind};
use crate::lint::codes;
use crate::lint::tree::Pos;

impl Linter<'_> {
    pub(super) fn names(&mut self, kind: Kind, id: &str, pos: Pos) {
        let t = type_of(id);
        let rest = &id[t.len()..];
        let target = self.opts.collector_version;
        if let Some(removal) = collector::removal(kind, t) {
            if target >= removal.since {
                self.report.push(
                    codes::REMOVED_COMPONENT,
                    pos,
                    format!(
                        "{} `{t}` was removed in collector v{} (target: v{target})",
                        kind.singular(),
                        removal.since
                    ),
                    Some(removal.replacement.into()),
                );
                return;
            }
            self.report.push(
                codes::REMOVED_LATER,
                pos,
                format!(
                    "{} `{t}` still exists in v{target} but is removed in collector v{}",
                    kind.singular(),
                    removal.since
                ),
                Some(format!("before upgrading: {}", removal.replacement)),
            );
        }
        for r in collector::renames(kind) {
            let (old, new, since) = (r.old, r.new, r.since);
            if t == old && target >= since {
                self.report.push(
                    codes::DEPRECATED_ALIAS,
                    pos,
                    format!(
                        "{} type `{old}` is a deprecated alias since collector v{since} (target: v{target})",
                        kind.singular()
                    ),
                    Some(format!("rename `{id}` to `{new}{rest}`")),
                );
            } else if t == new && target < since {
                self.report.push(
                    codes::UNKNOWN_TO_VERSION,
                    pos,
                    format!(
                        "collector v{target} does not know {} type `{new}` (named so since v{since})",
                        kind.singular()
                    ),
                    Some(format!("use `{old}{rest}`, or pass --collector-version for the collector you run")),
                );
            }
        }
    }
}
