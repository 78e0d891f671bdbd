//! The checks. Pure: text in, diagnostics out, so tests and the fuzz target call it directly.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::tree::{self, Node, Pos};
use crate::collector::{self, Kind, Version};

#[derive(Debug, Clone)]
pub struct LintOptions {
    pub collector_version: Version,
    /// deployment.environment.name, if known; else read from the config's resource processors.
    pub environment: Option<String>,
    /// The environment `${env:VAR}` references resolve against.
    pub env: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
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

    fn push(&mut self, severity: Severity, code: &'static str, pos: Pos, message: String, help: Option<String>) {
        self.diagnostics.push(Diagnostic { severity, code, message, help, line: pos.line, column: pos.column });
    }
}

/// Lint a collector config. Never panics, whatever the text.
pub fn lint_str(text: &str, opts: &LintOptions) -> Report {
    let mut report = Report { env_references: env_references(text, &opts.env), ..Default::default() };
    for r in &report.env_references.clone() {
        if !r.set && !r.has_default {
            report.push(
                Severity::Warning,
                "unset-env",
                Pos { line: r.line, column: 1 },
                format!("${{env:{}}} is not set in this environment", r.name),
                Some("set it where the collector runs, or give a default: ${env:NAME:-value}".into()),
            );
        }
    }
    let root = match tree::parse(text) {
        Ok(root) => root,
        Err(e) => {
            report.push(Severity::Error, "yaml", e.pos, e.message, None);
            return report;
        }
    };
    Linter { root: &root, opts, report: &mut report }.run();
    report.diagnostics.sort_by_key(|d| (d.line, d.column, d.severity));
    report
}

struct Linter<'a> {
    root: &'a Node,
    opts: &'a LintOptions,
    report: &'a mut Report,
}

fn type_of(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}

impl Linter<'_> {
    fn run(&mut self) {
        for kind in Kind::ALL {
            for entry in self.section(kind).entries().to_vec() {
                self.component(kind, &entry.key, entry.key_pos, &entry.value);
            }
        }
        self.pipelines();
        self.telemetry();
        self.endpoints();
        self.ports();
    }

    fn section(&self, kind: Kind) -> &Node {
        self.root.value(kind.section()).unwrap_or(&Node::Null)
    }

    fn defined(&self, kind: Kind, id: &str) -> bool {
        self.section(kind).get(id).is_some()
    }

    fn component(&mut self, kind: Kind, id: &str, pos: Pos, body: &Node) {
        let t = type_of(id);
        let rest = &id[t.len()..];
        if let Some(removal) = collector::removal(kind, t) {
            let target = self.opts.collector_version;
            if target >= removal.since {
                self.report.push(
                    Severity::Error,
                    "removed-component",
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
                Severity::Warning,
                "removed-later",
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
            let v = self.opts.collector_version;
            if t == old && v >= since {
                self.report.push(
                    Severity::Warning,
                    "deprecated-alias",
                    pos,
                    format!(
                        "{} type `{old}` is a deprecated alias since collector v{since} (target: v{v})",
                        kind.singular()
                    ),
                    Some(format!("rename `{id}` to `{new}{rest}`")),
                );
            } else if t == new && v < since {
                self.report.push(
                    Severity::Error,
                    "unknown-to-version",
                    pos,
                    format!("collector v{v} does not know {} type `{new}` (named so since v{since})", kind.singular()),
                    Some(format!("use `{old}{rest}`, or pass --collector-version for the collector you run")),
                );
            }
        }
        if kind == Kind::Processor && t == "memory_limiter" {
            if let Some(e) = body.get("ballast_size_mib") {
                self.report.push(
                    Severity::Warning,
                    "deprecated-option",
                    e.key_pos,
                    "`ballast_size_mib` is deprecated (ballast was removed)".into(),
                    Some("remove it; set GOMEMLIMIT instead".into()),
                );
            }
        }
        if kind == Kind::Exporter && t == "prometheus" {
            if let Some(e) = body.get("resource_to_telemetry_conversion") {
                self.report.push(
                    Severity::Warning,
                    "deprecated-option",
                    e.key_pos,
                    "`resource_to_telemetry_conversion` is deprecated".into(),
                    Some("use `resource_constant_labels`, or join target_info in PromQL".into()),
                );
            }
            if let Some(e) = body.get("add_metric_suffixes") {
                self.report.push(
                    Severity::Warning,
                    "deprecated-option",
                    e.key_pos,
                    "`add_metric_suffixes` is deprecated".into(),
                    Some("use `translation_strategy`".into()),
                );
            }
        }
    }

    fn pipelines(&mut self) {
        let Some(pipelines) = self.root.path(&["service", "pipelines"]).map(|e| e.value.clone()) else {
            self.report.push(
                Severity::Error,
                "no-pipelines",
                Pos::default(),
                "no service.pipelines: the collector would do nothing".into(),
                Some("add service.pipelines.traces/metrics/logs".into()),
            );
            return;
        };
        let mut used: BTreeSet<(&'static str, String)> = BTreeSet::new();
        for p in pipelines.entries() {
            let signal = type_of(&p.key).to_owned();
            if !matches!(signal.as_str(), "traces" | "metrics" | "logs" | "profiles") {
                self.report.push(
                    Severity::Error,
                    "unknown-signal",
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
                let refs: Vec<(Pos, String)> = p
                    .value
                    .value(role)
                    .map(|n| {
                        n.as_seq().iter().filter_map(|(pos, v)| v.as_str().map(|s| (*pos, s.to_owned()))).collect()
                    })
                    .unwrap_or_default();
                if refs.is_empty() && role != "processors" {
                    self.report.push(
                        Severity::Error,
                        "empty-pipeline",
                        p.key_pos,
                        format!("pipeline `{}` has no {role}", p.key),
                        Some(format!("add at least one of the defined {role}")),
                    );
                }
                for (pos, id) in &refs {
                    let pos = if pos.line == 0 { p.key_pos } else { *pos };
                    let Some(kind) = kinds.iter().copied().find(|k| self.defined(*k, id)) else {
                        self.report.push(
                            Severity::Error,
                            "undefined-component",
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
                    used.insert((kind.section(), id.clone()));
                    if collector::handles(kind, type_of(id), &signal) == Some(false) {
                        self.report.push(
                            Severity::Error,
                            "signal-mismatch",
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
                    self.processor_order(&p.key, p.key_pos, &refs);
                }
            }
        }
        for kind in [Kind::Receiver, Kind::Processor, Kind::Exporter, Kind::Connector] {
            for e in self.section(kind).entries().to_vec() {
                if !used.contains(&(kind.section(), e.key.clone())) {
                    self.report.push(
                        Severity::Warning,
                        "unused-component",
                        e.key_pos,
                        format!("{} `{}` is defined but no pipeline uses it", kind.singular(), e.key),
                        Some("add it to a pipeline or remove it".into()),
                    );
                }
            }
        }
        let enabled: Vec<String> = self
            .root
            .path(&["service", "extensions"])
            .map(|e| e.value.as_seq().iter().filter_map(|(_, v)| v.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        for id in &enabled {
            if !self.defined(Kind::Extension, id) {
                let pos = self.root.path(&["service", "extensions"]).map(|e| e.key_pos).unwrap_or_default();
                self.report.push(
                    Severity::Error,
                    "undefined-component",
                    pos,
                    format!("service.extensions names `{id}`, which is not defined"),
                    Some("define it under `extensions:`".into()),
                );
            }
        }
        for e in self.section(Kind::Extension).entries().to_vec() {
            if !enabled.contains(&e.key) {
                self.report.push(
                    Severity::Warning,
                    "unused-component",
                    e.key_pos,
                    format!("extension `{}` is defined but not enabled in service.extensions", e.key),
                    Some("add it to service.extensions or remove it".into()),
                );
            }
        }
    }

    fn processor_order(&mut self, pipeline: &str, pos: Pos, refs: &[(Pos, String)]) {
        let index = |t: &str| refs.iter().position(|(_, id)| type_of(id) == t);
        match index("memory_limiter") {
            Some(0) => {}
            Some(_) => self.report.push(
                Severity::Warning,
                "memory-limiter-first",
                refs[0].0.max_or(pos),
                format!("pipeline `{pipeline}`: memory_limiter is not the first processor"),
                Some("put memory_limiter first, so it refuses data before other processors hold it in memory".into()),
            ),
            None => self.report.push(
                Severity::Warning,
                "memory-limiter-first",
                pos,
                format!("pipeline `{pipeline}` has no memory_limiter"),
                Some("add memory_limiter as the first processor; without it a burst can OOM-kill the collector".into()),
            ),
        }
        match (index("batch"), index("memory_limiter")) {
            (None, _) => self.report.push(
                Severity::Warning,
                "batch-missing",
                pos,
                format!("pipeline `{pipeline}` has no batch processor"),
                Some("add batch after memory_limiter: exporters send far fewer, larger requests".into()),
            ),
            (Some(b), Some(m)) if b < m => self.report.push(
                Severity::Warning,
                "batch-before-memory-limiter",
                refs[b].0.max_or(pos),
                format!("pipeline `{pipeline}`: batch comes before memory_limiter"),
                Some("put memory_limiter first, batch after it".into()),
            ),
            _ => {}
        }
    }

    fn telemetry(&mut self) {
        if let Some(e) = self.root.path(&["service", "telemetry", "metrics", "address"]) {
            let since = collector::TELEMETRY_READERS;
            if self.opts.collector_version >= since {
                self.report.push(Severity::Warning, "deprecated-option", e.key_pos, format!("service.telemetry.metrics.address is deprecated since v{since} and ignored by recent collectors"), Some("use readers: [{pull: {exporter: {prometheus: {host: ..., port: 8888}}}}]".into()));
            }
        }
    }

    fn environment(&self) -> Option<String> {
        if let Some(env) = &self.opts.environment {
            return Some(env.clone());
        }
        for e in self.section(Kind::Processor).entries() {
            if !matches!(type_of(&e.key), "resource" | "attributes") {
                continue;
            }
            for (_, action) in e
                .value
                .value(if type_of(&e.key) == "resource" { "attributes" } else { "actions" })
                .map(Node::as_seq)
                .unwrap_or_default()
            {
                let key = action.value("key").and_then(Node::as_str).unwrap_or_default();
                if matches!(key, "deployment.environment.name" | "deployment.environment" | "environment") {
                    return action.value("value").and_then(Node::as_str).map(str::to_owned);
                }
            }
        }
        None
    }

    fn endpoints(&mut self) {
        let production =
            self.environment().is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "production" | "prod"));
        for e in self.section(Kind::Exporter).entries().to_vec() {
            let t = type_of(&e.key);
            let grpc = matches!(t, "otlp" | "otlp_grpc");
            let http = matches!(t, "otlphttp" | "otlp_http");
            for field in ["endpoint", "traces_endpoint", "metrics_endpoint", "logs_endpoint"] {
                let Some(f) = e.value.get(field) else { continue };
                let Some(url) = f.value.as_str() else { continue };
                if url.contains("${") {
                    continue;
                }
                let (scheme, port) = split_endpoint(url);
                if grpc {
                    match port {
                        None => self.report.push(
                            Severity::Warning,
                            "missing-port",
                            f.value_pos,
                            format!("exporter `{}`: endpoint `{url}` has no port", e.key),
                            Some("gRPC endpoints are host:port, e.g. tempo:4317".into()),
                        ),
                        Some(4318) => self.report.push(
                            Severity::Error,
                            "grpc-to-http-port",
                            f.value_pos,
                            format!("gRPC exporter `{}` points at port 4318, the OTLP/HTTP port", e.key),
                            Some(format!("use port 4317, or the otlp_http exporter for {url}")),
                        ),
                        _ => {}
                    }
                }
                if http {
                    if scheme.is_none() {
                        self.report.push(
                            Severity::Error,
                            "missing-scheme",
                            f.value_pos,
                            format!("exporter `{}`: `{url}` needs http:// or https://", e.key),
                            None,
                        );
                    }
                    if port == Some(4317) {
                        self.report.push(
                            Severity::Error,
                            "http-to-grpc-port",
                            f.value_pos,
                            format!("OTLP/HTTP exporter `{}` points at port 4317, the OTLP/gRPC port", e.key),
                            Some("use port 4318, or the otlp_grpc (otlp) exporter".into()),
                        );
                    }
                }
                if scheme == Some("http") && port == Some(443) {
                    self.report.push(
                        Severity::Error,
                        "plaintext-to-tls-port",
                        f.value_pos,
                        format!("exporter `{}` sends plain http:// to port 443", e.key),
                        Some("use https://".into()),
                    );
                }
            }
            if production {
                for path in [&["tls", "insecure"][..], &["tls", "insecure_skip_verify"][..]] {
                    if let Some(f) = e.value.path(path) {
                        if f.value.as_str() == Some("true") {
                            self.report.push(
                                Severity::Warning,
                                "insecure-in-production",
                                f.key_pos,
                                format!("exporter `{}`: TLS {} in a production environment", e.key, path[1]),
                                Some("give the CA with tls.ca_file instead".into()),
                            );
                        }
                    }
                }
            }
        }
    }

    fn ports(&mut self) {
        let mut listeners: Vec<(u16, String, Pos, String)> = Vec::new();
        for e in self.section(Kind::Receiver).entries() {
            if let Some(ep) = e.value.get("endpoint") {
                listeners.push(listener(ep, &e.key));
            }
            for proto in e.value.value("protocols").map(Node::entries).unwrap_or_default() {
                if let Some(ep) = proto.value.get("endpoint") {
                    listeners.push(listener(ep, &format!("{}/{}", e.key, proto.key)));
                }
            }
        }
        for e in self.section(Kind::Extension).entries() {
            if let Some(ep) = e.value.get("endpoint") {
                listeners.push(listener(ep, &e.key));
            }
        }
        for e in self.section(Kind::Exporter).entries() {
            if type_of(&e.key) == "prometheus" {
                if let Some(ep) = e.value.get("endpoint") {
                    listeners.push(listener(ep, &e.key));
                }
            }
        }
        let mut seen: BTreeMap<u16, String> = BTreeMap::new();
        for (port, who, pos, host) in listeners {
            if matches!(host.as_str(), "0.0.0.0" | "" | "[::]" | "::") && !who.starts_with("prometheus") {
                self.report.push(Severity::Info, "binds-all-interfaces", pos, format!("`{who}` listens on all interfaces"), Some("fine in a container or pod; on a host, bind localhost or a specific address (the collector's own default is localhost)".into()));
            }
            if port == 0 {
                continue;
            }
            if let Some(first) = seen.get(&port) {
                self.report.push(
                    Severity::Error,
                    "duplicate-port",
                    pos,
                    format!("port {port} is used by both `{first}` and `{who}`"),
                    Some("give each listener its own port".into()),
                );
            } else {
                seen.insert(port, who);
            }
        }
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

fn listener(entry: &tree::Entry, who: &str) -> (u16, String, Pos, String) {
    let text = entry.value.as_str().unwrap_or_default();
    let (_, port) = split_endpoint(text);
    let host = host_of(text);
    (port.unwrap_or(0), who.to_owned(), entry.value_pos.max_or(entry.key_pos), host)
}

/// (scheme, port) of `scheme://host:port/path` or `host:port`.
fn split_endpoint(url: &str) -> (Option<&str>, Option<u16>) {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, url),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    let port = authority.rsplit_once(':').and_then(|(_, p)| p.parse::<u16>().ok());
    (scheme, port)
}

fn host_of(endpoint: &str) -> String {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    match authority.rsplit_once(':') {
        Some((h, p)) if p.parse::<u16>().is_ok() => h.to_owned(),
        _ => authority.to_owned(),
    }
}

/// `${env:NAME}`, `${NAME}`, with optional `:-default`; `$${...}` is an escaped literal.
fn env_references(text: &str, env: &BTreeMap<String, String>) -> Vec<EnvRef> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let bytes = line.as_bytes();
        let mut start = 0;
        while let Some(off) = line[start..].find("${") {
            let at = start + off;
            start = at + 2;
            if at > 0 && bytes[at - 1] == b'$' {
                continue;
            }
            let Some(close) = line[at + 2..].find('}') else { break };
            let inner = &line[at + 2..at + 2 + close];
            let inner = inner.strip_prefix("env:").unwrap_or(inner);
            let (name, has_default) = match inner.split_once(":-") {
                Some((n, _)) => (n, true),
                None => (inner, false),
            };
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if valid {
                out.push(EnvRef { name: name.to_owned(), has_default, set: env.contains_key(name), line: i + 1 });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> LintOptions {
        LintOptions { collector_version: collector::DEFAULT, environment: None, env: BTreeMap::new() }
    }

    fn codes(text: &str) -> Vec<&'static str> {
        lint_str(text, &opts()).diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn env_references_are_found() {
        let env: BTreeMap<String, String> = [("SET".to_string(), "x".to_string())].into();
        let refs = env_references("a: ${env:SET}\nb: ${UNSET}\nc: ${env:D:-x}\nd: $${env:ESCAPED}\n", &env);
        let names: Vec<(&str, bool, bool)> = refs.iter().map(|r| (r.name.as_str(), r.set, r.has_default)).collect();
        assert_eq!(names, [("SET", true, false), ("UNSET", false, false), ("D", false, true)]);
    }

    #[test]
    fn endpoint_parts() {
        assert_eq!(split_endpoint("http://loki:3100/otlp"), (Some("http"), Some(3100)));
        assert_eq!(split_endpoint("tempo:4317"), (None, Some(4317)));
        assert_eq!(split_endpoint("tempo"), (None, None));
        assert_eq!(host_of("0.0.0.0:4317"), "0.0.0.0");
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
}
