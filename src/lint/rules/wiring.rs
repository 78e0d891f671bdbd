//! Wiring: pipelines name defined components of the right signal, every component is used,
//! processors come in a safe order, extensions are enabled.

use std::collections::{BTreeSet, HashSet};

use super::{type_of, Linter, PosExt};
use crate::collector::{self, Kind};
use crate::lint::codes;
use crate::lint::tree::{Node, Pos};

impl<'a> Linter<'a> {
    pub(super) fn pipelines(&mut self) {
        let Some(pipelines) = self.root.path(&["service", "pipelines"]) else {
            self.report.push(
                codes::NO_PIPELINES,
                Pos::default(),
                "no service.pipelines: the collector would do nothing".into(),
                Some("add service.pipelines.traces/metrics/logs".into()),
            );
            return;
        };
        match pipelines.value.resolved() {
            Node::Map(entries) if !entries.is_empty() => {}
            // Another type is a type error (rules/types.rs).
            Node::Map(_) | Node::Null => {
                self.report.push(
                    codes::NO_PIPELINES,
                    pipelines.key_pos,
                    "service.pipelines is empty: the collector would do nothing".into(),
                    Some("add service.pipelines.traces/metrics/logs".into()),
                );
                return;
            }
            _ => return,
        }
        let pipelines: &'a Node = &pipelines.value;
        // Borrowed from the tree: a config of 200,000 components would copy every name twice.
        let mut used: BTreeSet<(&'static str, &'a str)> = BTreeSet::new();
        for p in pipelines.entries() {
            let signal = type_of(&p.key).to_owned();
            if !matches!(signal.as_str(), "traces" | "metrics" | "logs" | "profiles") {
                self.report.push(
                    codes::UNKNOWN_SIGNAL,
                    p.key_pos,
                    format!("pipeline `{}`: unknown signal `{signal}`", p.key),
                    Some("pipelines are named traces, metrics or logs (optionally /name)".into()),
                );
                continue;
            }
            for (role, kinds) in [
                ("receivers", &[Kind::Receiver, Kind::Connector][..]),
                ("processors", &[Kind::Processor][..]),
                ("exporters", &[Kind::Exporter, Kind::Connector][..]),
            ] {
                let listed = p.value.value(role).map(Node::resolved);
                // A list of something else is a type error (rules/types.rs), not an empty pipeline.
                let typed = matches!(listed, None | Some(Node::Null | Node::Seq(_)));
                let refs: Vec<(Pos, &'a str)> = listed
                    .map(|n| n.as_seq().iter().filter_map(|(pos, v)| v.as_str().map(|s| (*pos, s))).collect())
                    .unwrap_or_default();
                if refs.is_empty() && typed && role != "processors" {
                    self.report.push(
                        codes::EMPTY_PIPELINE,
                        p.key_pos,
                        format!("pipeline `{}` has no {role}", p.key),
                        Some(format!("add at least one of the defined {role}")),
                    );
                }
                for &(pos, id) in &refs {
                    let pos = if pos.line == 0 { p.key_pos } else { pos };
                    let Some(kind) = kinds.iter().copied().find(|k| self.defined(*k, id)) else {
                        self.report.push(
                            codes::UNDEFINED_COMPONENT,
                            pos,
                            format!(
                                "pipeline `{}` uses {} `{id}`, which is not defined",
                                p.key,
                                &role[..role.len() - 1]
                            ),
                            Some(format!("define `{id}` under `{}:` or fix the name", role)),
                        );
                        continue;
                    };
                    used.insert((kind.section(), id));
                    if collector::handles(kind, type_of(id), &signal) == Some(false) {
                        self.report.push(
                            codes::SIGNAL_MISMATCH,
                            pos,
                            format!("{} `{id}` cannot handle {signal}", kind.singular()),
                            Some(format!(
                                "move it to a pipeline of a signal it handles, or use another {}",
                                kind.singular()
                            )),
                        );
                    }
                }
                if role == "processors" {
                    let queue_batched = self.batches_in_queue(&p.value);
                    self.processor_order(&p.key, p.key_pos, &refs, queue_batched);
                }
            }
        }
        for kind in [Kind::Receiver, Kind::Processor, Kind::Exporter, Kind::Connector] {
            for e in self.section(kind) {
                if !used.contains(&(kind.section(), e.key.as_str())) {
                    self.report.push(
                        codes::UNUSED_COMPONENT,
                        e.key_pos,
                        format!("{} `{}` is defined but no pipeline uses it", kind.singular(), e.key),
                        Some("add it to a pipeline or remove it".into()),
                    );
                }
            }
        }
        self.extensions();
    }

    /// service.extensions names defined extensions, and every defined one is enabled.
    fn extensions(&mut self) {
        let enabled: Vec<&str> = self
            .root
            .path(&["service", "extensions"])
            .map(|e| e.value.as_seq().iter().filter_map(|(_, v)| v.as_str()).collect())
            .unwrap_or_default();
        for id in enabled.iter().copied() {
            if !self.defined(Kind::Extension, id) {
                let pos = self.root.path(&["service", "extensions"]).map(|e| e.key_pos).unwrap_or_default();
                self.report.push(
                    codes::UNDEFINED_COMPONENT,
                    pos,
                    format!("service.extensions names `{id}`, which is not defined"),
                    Some("define it under `extensions:`".into()),
                );
            }
        }
        let enabled: HashSet<&str> = enabled.into_iter().collect();
        for e in self.section(Kind::Extension) {
            if !enabled.contains(e.key.as_str()) {
                self.report.push(
                    codes::UNUSED_COMPONENT,
                    e.key_pos,
                    format!("extension `{}` is defined but not enabled in service.extensions", e.key),
                    Some("add it to service.extensions or remove it".into()),
                );
            }
        }
    }

    /// `queue_batched`: every exporter batches in its queue, so no batch processor is missing.
    fn processor_order(&mut self, pipeline: &str, pos: Pos, refs: &[(Pos, &str)], queue_batched: bool) {
        let index = |t: &str| refs.iter().position(|(_, id)| type_of(id) == t);
        match index("memory_limiter") {
            Some(0) => {}
            Some(_) => self.report.push(
                codes::MEMORY_LIMITER_FIRST,
                refs[0].0.max_or(pos),
                format!("pipeline `{pipeline}`: memory_limiter is not the first processor"),
                Some("put memory_limiter first, so it refuses data before other processors hold it in memory".into()),
            ),
            None => self.report.push(
                codes::MEMORY_LIMITER_FIRST,
                pos,
                format!("pipeline `{pipeline}` has no memory_limiter"),
                Some("add memory_limiter as the first processor; without it a burst can OOM-kill the collector".into()),
            ),
        }
        match (index("batch"), index("memory_limiter")) {
            (None, _) if queue_batched => {}
            (None, _) => self.report.push(
                codes::BATCH_MISSING,
                pos,
                format!("pipeline `{pipeline}` has no batch processor"),
                Some("add batch after memory_limiter: exporters send far fewer, larger requests".into()),
            ),
            (Some(b), Some(m)) if b < m => self.report.push(
                codes::BATCH_BEFORE_MEMORY_LIMITER,
                refs[b].0.max_or(pos),
                format!("pipeline `{pipeline}`: batch comes before memory_limiter"),
                Some("put memory_limiter first, batch after it".into()),
            ),
            _ => {}
        }
    }
}
