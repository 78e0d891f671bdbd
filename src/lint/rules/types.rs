//! Types: the sections and service.pipelines are mappings, a pipeline's receivers, processors and
//! exporters and service.extensions are lists of names. The collector decodes into those types and
//! refuses anything else at validate ("source data must be an array or slice, got string").
//! An empty value (`receivers:`) is the collector's empty section, not a type error.

use super::Linter;
use crate::collector::Kind;
use crate::lint::codes;
use crate::lint::tree::{Entry, Node};

/// What a key must hold.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Mapping,
    ListOfNames,
}

impl Linter<'_> {
    pub(super) fn types(&mut self) {
        let root = self.root;
        for kind in Kind::ALL {
            self.expect(root.get(kind.section()), Want::Mapping, kind.section());
        }
        self.expect(root.get("service"), Want::Mapping, "service");
        self.expect(root.path(&["service", "extensions"]), Want::ListOfNames, "service.extensions");
        let Some(pipelines) = root.path(&["service", "pipelines"]) else { return };
        if !self.expect(Some(pipelines), Want::Mapping, "service.pipelines") {
            return;
        }
        for p in pipelines.value.entries() {
            if !self.expect(Some(p), Want::Mapping, &format!("pipeline `{}`", p.key)) {
                continue;
            }
            for role in ["receivers", "processors", "exporters"] {
                self.expect(p.value.get(role), Want::ListOfNames, &format!("`{role}` of pipeline `{}`", p.key));
            }
        }
    }

    /// Reports `entry`'s value when it is not what it must be; true when it is (or is empty).
    fn expect(&mut self, entry: Option<&Entry>, want: Want, what: &str) -> bool {
        let Some(entry) = entry else { return true };
        let value = &entry.value;
        let fits = match (want, value.resolved()) {
            (_, Node::Null) | (Want::Mapping, Node::Map(_)) => true,
            (Want::ListOfNames, Node::Seq(items)) => {
                let mut fits = true;
                for (pos, item) in items {
                    if item.as_str().is_none() {
                        fits = false;
                        self.report.push(
                            codes::WRONG_TYPE,
                            *pos,
                            format!("{what}: each item must be a component name, not {}", item.kind_name()),
                            None,
                        );
                    }
                }
                return fits;
            }
            _ => false,
        };
        if !fits {
            let (expected, help) = match want {
                Want::Mapping => ("a mapping", None),
                Want::ListOfNames => (
                    "a list of names",
                    Some(match value.as_str() {
                        Some(name) => format!("write it as a list: {}: [{name}]", entry.key),
                        None => format!("write it as a list: {}: [name, ...]", entry.key),
                    }),
                ),
            };
            self.report.push(
                codes::WRONG_TYPE,
                entry.value_pos,
                format!("{what} must be {expected}, not {}", value.kind_name()),
                help,
            );
        }
        fits
    }
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::tests::errors;

    #[test]
    fn a_name_where_a_list_goes_is_a_type_error_not_an_empty_pipeline() {
        let text = "receivers: {otlp: {}}\nexporters: {debug: {}}\nservice:\n  pipelines:\n    traces:\n      receivers: otlp\n      exporters: [debug]\n";
        assert_eq!(errors(text), [("wrong-type", 6)]);
    }

    #[test]
    fn pipelines_that_are_no_mapping_are_type_errors() {
        let head = "receivers: {otlp: {}}\nexporters: {debug: {}}\nservice:\n  pipelines: ";
        for (pipelines, expected) in [("5", "wrong-type"), ("[]", "wrong-type"), ("[traces]", "wrong-type")] {
            let found = errors(&format!("{head}{pipelines}\n"));
            assert!(found.contains(&(expected, 4)), "{pipelines}: {found:?}");
            assert!(!found.iter().any(|(c, _)| *c == "no-pipelines"), "{pipelines}: one finding, {found:?}");
        }
    }

    #[test]
    fn sections_lists_and_items_of_the_wrong_type() {
        let text = "receivers: otlp\nexporters: [debug]\nservice:\n  extensions: health_check\n  pipelines:\n    traces: [otlp]\n    logs:\n      receivers: [[otlp]]\n      exporters: {debug: {}}\n";
        let found = errors(text);
        for line in [1, 2, 4, 6, 8, 9] {
            assert!(found.contains(&("wrong-type", line)), "line {line}: {found:?}");
        }
    }
}
