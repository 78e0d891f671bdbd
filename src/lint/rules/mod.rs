//! The checks. Pure: text in, diagnostics out, so tests and the fuzz target call it directly.
//! One file per theme: `names` (removals and renames by release), `options` (deprecated
//! options), `types` (lists and mappings where the collector decodes them), `wiring` (pipelines),
//! `network` (endpoints and ports), `env` (`${env:VAR}`), `topology` (tiers: sampling behind
//! trace-id routing, persistent queues).

mod env;
mod names;
mod network;
mod options;
mod topology;
mod types;
mod wiring;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::codes::{self, Rule, Severity};
use super::limits::MAX_INPUT_BYTES;
use super::tree::{self, Entry, Node, Pos};
use crate::collector::{Kind, Version};

#[derive(Debug, Clone)]
pub struct LintOptions {
    pub collector_version: Version,
    /// deployment.environment.name, if known; else read from the config's resource processors.
    pub environment: Option<String>,
    /// The environment `${env:VAR}` references resolve against.
    pub env: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvRef {
    pub name: String,
    pub has_default: bool,
    pub set: bool,
    pub line: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub env_references: Vec<EnvRef>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// A finding of `rule`: its code and severity come from the rule table.
    fn push(&mut self, rule: Rule, pos: Pos, message: String, help: Option<String>) {
        self.diagnostics.push(Diagnostic {
            severity: rule.severity,
            code: rule.code,
            message,
            help,
            line: pos.line,
            column: pos.column,
        });
    }
}

/// Lint a collector config. Never panics, whatever the text; time and memory grow linearly with
/// it, and a file past [`limits`](super::limits) is one `yaml` error.
pub fn lint_str(text: &str, opts: &LintOptions) -> Report {
    let mut report = Report::default();
    if text.len() > MAX_INPUT_BYTES {
        let message = format!("the file is larger than {} MiB, lint's limit", MAX_INPUT_BYTES >> 20);
        report.push(codes::YAML, Pos { line: 1, column: 1 }, message, None);
        return report;
    }
    report.env_references = env::references(text, &opts.env);
    for r in &report.env_references.clone() {
        if !r.set && !r.has_default {
            report.push(
                codes::UNSET_ENV,
                Pos { line: r.line, column: 1 },
                format!("${{env:{}}} is not set in this environment", r.name),
                Some("set it where the collector runs, or give a default: ${env:NAME:-value}".into()),
            );
        }
    }
    match tree::parse(text) {
        Ok(root) => Linter::new(&root, opts, &mut report).run(),
        Err(e) => report.push(codes::YAML, e.pos, e.message, None),
    }
    report.diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
    report
}

struct Linter<'a> {
    root: &'a Node,
    opts: &'a LintOptions,
    report: &'a mut Report,
    /// The ids each section defines, so a pipeline's references are looked up in constant time.
    defined: HashMap<Kind, HashSet<&'a str>>,
}

/// `otlp` of `otlp/tempo`.
fn type_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

impl<'a> Linter<'a> {
    fn new(root: &'a Node, opts: &'a LintOptions, report: &'a mut Report) -> Self {
        let mut linter = Linter { root, opts, report, defined: HashMap::new() };
        linter.defined =
            Kind::ALL.into_iter().map(|k| (k, linter.section(k).iter().map(|e| e.key.as_str()).collect())).collect();
        linter
    }

    fn run(&mut self) {
        for kind in Kind::ALL {
            for entry in self.section(kind) {
                self.names(kind, &entry.key, entry.key_pos);
                self.component_options(kind, &entry.key, &entry.value);
            }
        }
        self.types();
        self.pipelines();
        self.topology();
        self.telemetry();
        self.endpoints();
        self.ports();
    }

    /// The components a section defines (none when it is missing or not a mapping).
    fn section(&self, kind: Kind) -> &'a [Entry] {
        self.root.value(kind.section()).map(Node::entries).unwrap_or_default()
    }

    fn defined(&self, kind: Kind, id: &str) -> bool {
        self.defined.get(&kind).is_some_and(|ids| ids.contains(id))
    }
}

trait PosExt {
    fn max_or(self, other: Pos) -> Pos;
}

impl PosExt for Pos {
    /// This position if known, else the fallback.
    fn max_or(self, other: Pos) -> Pos {
        if self.line == 0 {
            other
        } else {
            self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> LintOptions {
        LintOptions { collector_version: crate::collector::DEFAULT, environment: None, env: BTreeMap::new() }
    }

    fn codes(text: &str) -> Vec<&'static str> {
        lint_str(text, &opts()).diagnostics.iter().map(|d| d.code).collect()
    }

    /// (code, line) of each error in `text`, for the current release.
    pub(crate) fn errors(text: &str) -> Vec<(&'static str, usize)> {
        let report = lint_str(text, &opts());
        report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.code, d.line)).collect()
    }

    #[test]
    fn garbage_does_not_panic() {
        for text in [
            "",
            "- a\n- b",
            "receivers: 3",
            "service: {pipelines: {traces: {receivers: 1}}}",
            ":::",
            "a: [",
            "\t",
            "service:\n  pipelines:\n    traces/x:\n      exporters: [[a]]\n",
        ] {
            let _ = lint_str(text, &opts());
        }
        assert!(codes("- a\n").contains(&"yaml"));
    }

    /// Every diagnostic's severity is its rule's, whatever rule file pushed it.
    #[test]
    fn severities_come_from_the_table() {
        let text = "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: 0.0.0.0:4317}\n      http: {endpoint: 0.0.0.0:4317}\nexporters:\n  otlp: {endpoint: tempo}\n  loki: {}\nservice:\n  pipelines:\n    traces: {receivers: [otlp, zipkin], exporters: [otlp]}\n    spans: {}\n";
        let report = lint_str(text, &opts());
        assert!(report.diagnostics.len() > 5, "{:#?}", report.diagnostics);
        for d in &report.diagnostics {
            assert_eq!(Some(d.severity), super::codes::find(d.code).map(|r| r.severity), "{d:?}");
        }
    }
}
