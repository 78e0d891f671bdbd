//! Project settings: otelkit.toml, the environment and flags, merged in one written-down order.
//!
//! Precedence, highest first:
//!   1. command-line flags
//!   2. environment: OTEL_* variables as the OpenTelemetry specification defines them, then OTELKIT_*
//!   3. otelkit.toml (`--config FILE`, else ./otelkit.toml or the nearest one in a parent directory)
//!   4. built-in defaults
//!
//! Every lookup goes through [`Settings::pick`], so the order cannot differ between commands.

pub mod files;
pub mod gen;
pub mod load;
pub mod pipeline;
pub mod show;
mod stores;
mod telemetry;
mod tiers;
pub mod up;
mod writable;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::cli::GlobalArgs;
use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, TracesExporter};
use crate::collector::{self, Version};
use crate::env::EnvSnapshot;
use crate::error::hinted;
use crate::naming::DEFAULT_ENVIRONMENT;
use crate::stores::{LogStore, MetricStore, TraceStore};

pub const FILE_NAME: &str = "otelkit.toml";

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectFile {
    pub service: ServiceSection,
    pub collector: CollectorSection,
    pub backends: BackendsSection,
    pub up: up::UpSection,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceSection {
    /// service.name
    pub name: Option<String>,
    pub version: Option<String>,
    /// go | rust | python | node
    pub language: Option<String>,
    /// deployment.environment.name
    pub environment: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CollectorSection {
    pub version: Option<String>,
    pub mode: Option<CollectorMode>,
    pub resolver: Option<crate::collector::choices::Resolver>,
    /// Where agents send, HOST:PORT (the gateway's Service).
    pub gateway_endpoint: Option<String>,
    /// The sampler tier's headless Service.
    pub sampler_service: Option<String>,
    /// Agents queue on the node's disk.
    pub persistent_queue: Option<bool>,
    pub traces: Option<TracesExporter>,
    pub metrics: Option<MetricsExporter>,
    pub logs: Option<LogsExporter>,
    /// Prefix the collector's prometheus exporter puts on every metric.
    pub metric_namespace: Option<String>,
    /// Prometheus's `otlp.translation_strategy`, for the names of `--metrics otlp`.
    pub translation_strategy: Option<crate::naming::TranslationStrategy>,
    /// Where applications and smoke tests send OTLP (as seen from where otelkit runs).
    pub otlp_endpoint: Option<String>,
    /// The collector's health_check extension, as seen from where otelkit runs.
    pub health_url: Option<String>,
    /// The collector's own metrics page (port 8888).
    pub telemetry_url: Option<String>,
    /// Several tiers' own metrics pages in pipeline order, each `TIER=URL` (e.g. `agent=http://...`).
    pub telemetry_urls: Option<Vec<String>>,
    /// Export targets as seen from the collector.
    pub tempo_endpoint: Option<String>,
    pub jaeger_endpoint: Option<String>,
    pub prometheus_endpoint: Option<String>,
    pub victoriametrics_endpoint: Option<String>,
    pub loki_endpoint: Option<String>,
    pub victorialogs_endpoint: Option<String>,
    /// Name of the environment variable holding a bearer token for the backends.
    pub auth_token_env: Option<String>,
    pub ca_file: Option<String>,
    pub insecure: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BackendsSection {
    /// Which server stores each signal (`tempo`/`jaeger`, `loki`/`victorialogs`,
    /// `prometheus`/`victoriametrics`).
    pub traces: Option<TraceStore>,
    pub logs: Option<LogStore>,
    pub metrics: Option<MetricStore>,
    pub tempo_url: Option<String>,
    pub prometheus_url: Option<String>,
    pub loki_url: Option<String>,
    pub jaeger_url: Option<String>,
    pub victorialogs_url: Option<String>,
    pub victoriametrics_url: Option<String>,
    pub grafana_url: Option<String>,
    /// The tenant: X-Scope-OrgID (Tempo, Loki, Mimir), VictoriaLogs's AccountID[:ProjectID].
    pub tenant: Option<String>,
}

/// Everything a command may consult, loaded once.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub file: ProjectFile,
    /// Where `file` came from, if anywhere.
    pub path: Option<PathBuf>,
    env: EnvSnapshot,
    /// `path` was found by looking upward from the current directory (no --config, --no-config).
    discovered: bool,
}

impl Settings {
    /// otelkit.toml (where `--config`/`--no-config` say, else found upward) and the environment,
    /// read once per run.
    pub fn read(global: &GlobalArgs) -> anyhow::Result<Self> {
        let env = EnvSnapshot::from_process();
        let discovered = !global.no_config && global.config.is_none();
        let path = if global.no_config {
            None
        } else if let Some(explicit) = &global.config {
            if explicit.is_dir() {
                return Err(hinted(
                    format!("config file {} is a directory", explicit.display()),
                    format!("give the file: --config {}", explicit.join(FILE_NAME).display()),
                ));
            }
            if !explicit.is_file() {
                return Err(hinted(
                    format!("config file {} does not exist", explicit.display()),
                    "drop --config (or OTELKIT_CONFIG) to use ./otelkit.toml, or run `otelkit init` to write one",
                ));
            }
            Some(explicit.clone())
        } else {
            let cwd = std::env::current_dir().context("cannot read the current directory")?;
            find_upwards(&cwd)
        };
        let file = match &path {
            Some(p) => read_project_file(p)?,
            None => ProjectFile::default(),
        };
        Ok(Self { file, path, env, discovered })
    }

    /// These settings as seen from `dir`: the otelkit.toml found upward from `dir` (its own
    /// first) in place of the one found from the current directory, so `otelkit init services/x`
    /// reads what `cd services/x && otelkit init` would. A file named by --config, or
    /// --no-config, stays as it is.
    pub fn seen_from(&self, dir: &Path) -> anyhow::Result<Self> {
        if !self.discovered {
            return Ok(self.clone());
        }
        let start = dir.canonicalize().with_context(|| format!("cannot read {}", dir.display()))?;
        let path = find_upwards(&start);
        let file = match &path {
            Some(p) => read_project_file(p)?,
            None => ProjectFile::default(),
        };
        Ok(Self { file, path, env: self.env.clone(), discovered: true })
    }

    /// The otelkit.toml in use is `dir`'s own (found in `dir` itself), not a parent's.
    pub fn file_is_in(&self, dir: &Path) -> bool {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        self.path.as_deref().and_then(Path::parent).is_some_and(|p| p == dir)
    }

    /// The otelkit.toml in use was named by --config.
    pub fn file_is_named(&self) -> bool {
        !self.discovered && self.path.is_some()
    }

    /// These settings without their file: flags and environment only.
    pub fn without_file(&self) -> Self {
        Self { file: ProjectFile::default(), path: None, ..self.clone() }
    }

    /// Settings with no file and the given environment; for tests and library callers.
    pub fn with_env(file: ProjectFile, env: impl IntoIterator<Item = (String, String)>) -> Self {
        Self { file, path: None, env: env.into_iter().collect(), discovered: false }
    }

    /// The environment as read at start, for the layers under settings.
    pub fn env_snapshot(&self) -> &EnvSnapshot {
        &self.env
    }

    /// Every environment variable, as read at start.
    pub fn env_vars(&self) -> &BTreeMap<String, String> {
        self.env.vars()
    }

    pub fn env(&self, name: &str) -> Option<&str> {
        self.env.get(name)
    }

    /// The one precedence rule: flag, then the first set environment variable in `env_names`
    /// (OTEL_* names first, then OTELKIT_*), then the file's value.
    pub fn pick(&self, flag: Option<&str>, env_names: &[&str], file: Option<&str>) -> Option<String> {
        flag.map(str::to_owned)
            .or_else(|| env_names.iter().find_map(|n| self.env(n)).map(str::to_owned))
            .or_else(|| file.map(str::to_owned))
    }

    /// A key of OTEL_RESOURCE_ATTRIBUTES (`k1=v1,k2=v2`, percent-encoded values).
    pub fn resource_attribute(&self, key: &str) -> Option<String> {
        parse_resource_attributes(self.env("OTEL_RESOURCE_ATTRIBUTES")?)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// service.name: OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES (spec).
    pub fn service_name(&self, flag: Option<&str>) -> Option<String> {
        flag.map(str::to_owned)
            .or_else(|| self.env("OTEL_SERVICE_NAME").map(str::to_owned))
            .or_else(|| self.resource_attribute("service.name"))
            .or_else(|| self.env("OTELKIT_SERVICE_NAME").map(str::to_owned))
            .or_else(|| self.file.service.name.clone())
    }

    pub fn environment(&self, flag: Option<&str>) -> String {
        flag.map(str::to_owned)
            .or_else(|| self.resource_attribute("deployment.environment.name"))
            .or_else(|| self.env("OTELKIT_ENVIRONMENT").map(str::to_owned))
            .or_else(|| self.file.service.environment.clone())
            .unwrap_or_else(|| DEFAULT_ENVIRONMENT.to_owned())
    }

    pub fn tenant(&self, flag: Option<&str>) -> Option<String> {
        self.pick(flag, &["OTELKIT_TENANT"], self.file.backends.tenant.as_deref())
    }

    pub fn metric_namespace(&self, flag: Option<&str>) -> Option<String> {
        self.pick(flag, &["OTELKIT_METRIC_NAMESPACE"], self.file.collector.metric_namespace.as_deref())
            .filter(|ns| !ns.is_empty())
    }

    /// The release a command targets: `--collector-version`, then `OTELKIT_COLLECTOR_VERSION`, then
    /// `collector.version` in otelkit.toml, then [`collector::DEFAULT`].
    pub fn collector_release(&self, flag: Option<&str>) -> anyhow::Result<Version> {
        match self.pick(flag, &["OTELKIT_COLLECTOR_VERSION"], self.file.collector.version.as_deref()) {
            Some(text) => Version::parse(&text),
            None => Ok(collector::DEFAULT),
        }
    }

    pub fn tempo_url(&self, flag: Option<&str>) -> String {
        self.pick(flag, &["OTELKIT_TEMPO_URL"], self.file.backends.tempo_url.as_deref())
            .unwrap_or_else(|| "http://localhost:3200".into())
    }

    pub fn prometheus_url(&self, flag: Option<&str>) -> String {
        self.pick(flag, &["OTELKIT_PROMETHEUS_URL"], self.file.backends.prometheus_url.as_deref())
            .unwrap_or_else(|| "http://localhost:9090".into())
    }

    pub fn loki_url(&self, flag: Option<&str>) -> String {
        self.pick(flag, &["OTELKIT_LOKI_URL"], self.file.backends.loki_url.as_deref())
            .unwrap_or_else(|| "http://localhost:3100".into())
    }

    pub fn grafana_url(&self, flag: Option<&str>) -> Option<String> {
        self.pick(flag, &["OTELKIT_GRAFANA_URL"], self.file.backends.grafana_url.as_deref())
    }
}

fn find_upwards(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|dir| dir.join(FILE_NAME)).find(|p| p.is_file())
}

pub fn read_project_file(path: &Path) -> anyhow::Result<ProjectFile> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_project_file(&text)
        .map_err(|e| hinted(format!("{}: {e}", path.display()), "see README.md, section otelkit.toml"))
}

/// Parse otelkit.toml; the error names line and column and fits on one line.
pub fn parse_project_file(text: &str) -> Result<ProjectFile, String> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        let message = e.message().trim().to_owned();
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                format!("line {line}, column {col}: {message}")
            }
            None => message,
        }
    })
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// `k1=v1,k2=v2` with percent-decoding; a malformed list is discarded whole, as the spec says.
pub fn parse_resource_attributes(raw: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else { return Vec::new() };
        let decode = |s: &str| percent_encoding::percent_decode_str(s.trim()).decode_utf8().map(|c| c.into_owned());
        match (decode(k), decode(v)) {
            (Ok(k), Ok(v)) if !k.is_empty() => out.push((k, v)),
            _ => return Vec::new(),
        }
    }
    out
}

/// The flag's value, else otelkit.toml's, else the built-in default.
fn pick(flag: &Option<String>, file: &Option<String>, default: &str) -> String {
    flag.clone().or_else(|| file.clone()).unwrap_or_else(|| default.into())
}

/// A base URL, picked as [`pick`] does, without a trailing `/`.
fn url(flag: &Option<String>, file: &Option<String>, default: &str) -> String {
    pick(flag, file, default).trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn flag_beats_env_beats_file_beats_default() {
        let mut file = ProjectFile::default();
        file.backends.tempo_url = Some("http://file:3200".into());
        let s = Settings::with_env(file.clone(), env(&[("OTELKIT_TEMPO_URL", "http://env:3200")]));
        assert_eq!(s.tempo_url(Some("http://flag:3200")), "http://flag:3200");
        assert_eq!(s.tempo_url(None), "http://env:3200");
        let s = Settings::with_env(file, []);
        assert_eq!(s.tempo_url(None), "http://file:3200");
        let s = Settings::with_env(ProjectFile::default(), []);
        assert_eq!(s.tempo_url(None), "http://localhost:3200");
    }

    #[test]
    fn otel_service_name_beats_resource_attributes_and_otelkit_variables() {
        let s = Settings::with_env(
            ProjectFile::default(),
            env(&[("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"), ("OTELKIT_SERVICE_NAME", "from-otelkit")]),
        );
        assert_eq!(s.service_name(None).as_deref(), Some("from-attrs"));
        let s = Settings::with_env(
            ProjectFile::default(),
            env(&[("OTEL_SERVICE_NAME", "svc"), ("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs")]),
        );
        assert_eq!(s.service_name(None).as_deref(), Some("svc"));
    }

    #[test]
    fn resource_attributes_are_percent_decoded_and_bad_lists_discarded() {
        assert_eq!(
            parse_resource_attributes("a=b%2Cc, deployment.environment.name=prod"),
            vec![("a".into(), "b,c".into()), ("deployment.environment.name".into(), "prod".into())]
        );
        assert!(parse_resource_attributes("a=b,broken").is_empty());
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let err = parse_project_file("[service]\nname = \"x\"\nlanguage = \n").unwrap_err();
        assert!(err.starts_with("line 3"), "{err}");
        let err = parse_project_file("[service]\nnmae = \"x\"\n").unwrap_err();
        assert!(err.contains("unknown field"), "{err}");
    }
}
