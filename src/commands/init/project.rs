//! What init writes for one service, language by language.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::detect::Service;
use super::record::{otelkit_toml, Recorded};
use super::{manifest, Change, InitPlan, Kind};
use crate::collector::plan::{DEFAULT_LOKI_ENDPOINT, DEFAULT_PROMETHEUS_ENDPOINT, DEFAULT_TEMPO_ENDPOINT};
use crate::lang::Lang;
use crate::naming::{InstrumentKind, DESIGN_METRICS};
use crate::settings::files::InitSettings;
use crate::settings::gen::check_word;
use crate::settings::Settings;
use crate::templates::{ids, Templates};

/// One design metric as the templates need it, in every language's terms.
#[derive(Debug, Serialize)]
pub(super) struct MetricView {
    instrument: &'static str,
    field: String,
    js_field: String,
    go_field: String,
    /// go_field padded to the longest, as gofmt aligns struct fields.
    go_field_padded: String,
    unit: &'static str,
    description: &'static str,
    prometheus: String,
    /// Bucket boundaries, comma-separated, written so every language reads them as floats.
    buckets: String,
    rust_type: &'static str,
    rust_builder: &'static str,
    python_builder: &'static str,
    js_builder: &'static str,
    go_type: &'static str,
    go_builder: &'static str,
}

/// What every language's telemetry module template is rendered with.
#[derive(Debug, Default, Serialize)]
pub(super) struct ModuleContext {
    pub otelkit_version: &'static str,
    pub service: String,
    /// The manifest's version; empty when it gives none.
    pub service_version: String,
    pub environment: String,
    pub metrics: Vec<MetricView>,
    /// Python: the distribution whose installed version is service.version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
    /// Python: the module's import path; Go: the telemetry package's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_path: Option<String>,
    /// Node: ES module syntax, TypeScript source, and the command that loads the module.
    pub esm: bool,
    pub ts: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load: Option<String>,
    /// Go: the service's module path and the telemetry package's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
}

fn metric_views() -> Vec<MetricView> {
    let mut views = DESIGN_METRICS
        .iter()
        .map(|m| {
            let field = m.instrument.replace('.', "_");
            let camel = |first_upper: bool| {
                field
                    .split('_')
                    .enumerate()
                    .map(|(i, w)| {
                        let mut c = w.chars();
                        match c.next() {
                            // Go spells initialisms in capitals (HTTPRequests, LLMCalls).
                            _ if first_upper && matches!(w, "http" | "llm") => w.to_ascii_uppercase(),
                            Some(f) if i > 0 || first_upper => f.to_ascii_uppercase().to_string() + c.as_str(),
                            Some(f) => f.to_string() + c.as_str(),
                            None => String::new(),
                        }
                    })
                    .collect::<String>()
            };
            let (rust_type, rust_builder, python_builder, js_builder, go_type, go_builder) = match m.kind {
                InstrumentKind::Counter => (
                    "Counter<u64>",
                    "u64_counter",
                    "create_counter",
                    "createCounter",
                    "metric.Int64Counter",
                    "Int64Counter",
                ),
                InstrumentKind::UpDownCounter | InstrumentKind::Gauge => (
                    "UpDownCounter<i64>",
                    "i64_up_down_counter",
                    "create_up_down_counter",
                    "createUpDownCounter",
                    "metric.Int64UpDownCounter",
                    "Int64UpDownCounter",
                ),
                InstrumentKind::Histogram => (
                    "Histogram<f64>",
                    "f64_histogram",
                    "create_histogram",
                    "createHistogram",
                    "metric.Float64Histogram",
                    "Float64Histogram",
                ),
            };
            MetricView {
                go_field_padded: String::new(),
                instrument: m.instrument,
                js_field: camel(false),
                go_field: camel(true),
                field,
                unit: m.unit,
                description: m.description,
                prometheus: m.prometheus_name(None),
                buckets: m.buckets.iter().map(|b| format!("{b:?}")).collect::<Vec<_>>().join(", "),
                rust_type,
                rust_builder,
                python_builder,
                js_builder,
                go_type,
                go_builder,
            }
        })
        .collect::<Vec<MetricView>>();
    let width = views.iter().map(|m| m.go_field.len()).max().unwrap_or(0);
    for m in &mut views {
        m.go_field_padded = format!("{:<width$}", m.go_field);
    }
    views
}

pub(super) fn read(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
    }
}

fn change(root: &Path, rel: impl Into<PathBuf>, new: String, kind: Kind) -> anyhow::Result<Change> {
    let path = rel.into();
    Ok(Change { old: read(&root.join(&path))?, path, new, kind })
}

/// Name and version from the manifest, whatever its language.
struct Identity {
    name: String,
    version: String,
    /// Whether the manifest gave the version, rather than otelkit's 0.1.0.
    declared: bool,
}

fn toml_str(doc: &toml::Table, path: &[&str]) -> Option<String> {
    let mut v = doc.get(path[0])?;
    for k in &path[1..] {
        v = v.get(k)?;
    }
    v.as_str().map(str::to_owned)
}

fn identity(service: &Service, text: &str) -> Identity {
    let dir_name = service
        .root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "service".into());
    let fallback = || Identity { name: dir_name.clone(), version: "0.1.0".into(), declared: false };
    match service.lang {
        Lang::Rust | Lang::Python => match toml::from_str::<toml::Table>(text) {
            Ok(doc) => {
                let name = toml_str(&doc, &["package", "name"])
                    .or_else(|| toml_str(&doc, &["project", "name"]))
                    .or_else(|| toml_str(&doc, &["tool", "poetry", "name"]));
                let version = toml_str(&doc, &["package", "version"])
                    .or_else(|| toml_str(&doc, &["project", "version"]))
                    .or_else(|| toml_str(&doc, &["tool", "poetry", "version"]));
                let declared = version.is_some();
                let version = version.unwrap_or_else(|| "0.1.0".into());
                Identity { name: name.unwrap_or(dir_name.clone()), version, declared }
            }
            Err(_) => fallback(),
        },
        Lang::Node => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(j) => Identity {
                name: j["name"]
                    .as_str()
                    .map(|n| n.rsplit('/').next().unwrap_or(n).to_owned())
                    .unwrap_or(dir_name.clone()),
                version: j["version"].as_str().unwrap_or("0.1.0").to_owned(),
                declared: j["version"].is_string(),
            },
            Err(_) => fallback(),
        },
        Lang::Go => Identity {
            name: text
                .lines()
                .find_map(|l| l.trim().strip_prefix("module "))
                .map(|m| m.trim().rsplit('/').next().unwrap_or(m).to_owned())
                .unwrap_or(dir_name.clone()),
            version: "0.1.0".into(),
            declared: false,
        },
    }
}

/// service.name, unless the manifest's name is to be used: the flag; then, for one service, the
/// environment (OTEL_SERVICE_NAME, ...); then the service's own otelkit.toml, or for one service
/// the file --config names. A parent's otelkit.toml names the repository, not each service below
/// it, so `init --all` and `init services/x` agree.
fn service_name(args: &InitSettings, settings: &Settings, root: &Path) -> Option<String> {
    if let Some(name) = &args.service_name {
        return Some(name.clone());
    }
    let names_it = settings.file_is_in(root) || (!args.all && settings.file_is_named());
    let settings = if names_it { settings.clone() } else { settings.without_file() };
    if args.all {
        settings.file.service.name.clone()
    } else {
        settings.service_name(None)
    }
}

pub fn plan(
    service: Service,
    args: &InitSettings,
    settings: &Settings,
    templates: &Templates,
) -> anyhow::Result<InitPlan> {
    let root = service.root.clone();
    let manifest_text = std::fs::read_to_string(&service.manifest)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", service.manifest.display()))?;
    let manifest_name = service.manifest.file_name().map(PathBuf::from).unwrap_or_default();
    let id = identity(&service, &manifest_text);
    let settings = settings.seen_from(&root)?;
    let name = service_name(args, &settings, &root).unwrap_or_else(|| id.name.clone());
    let environment = args.environment.clone().unwrap_or_else(|| settings.environment(None));
    let metric_namespace = settings.metric_namespace(args.metric_namespace.as_deref());
    if let Some(ns) = &metric_namespace {
        check_word("--metric-namespace", ns, "agentstack")?;
    }

    let mut ctx = ModuleContext {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        service: name.clone(),
        service_version: if id.declared { id.version.clone() } else { String::new() },
        environment: environment.clone(),
        metrics: metric_views(),
        ..Default::default()
    };

    let mut changes = Vec::new();
    let next_steps = match service.lang {
        Lang::Rust => {
            let edited = manifest::cargo_toml(&service.manifest, &manifest_text)?;
            changes.push(change(&root, &manifest_name, edited, Kind::Edited)?);
            changes.push(change(
                &root,
                "src/telemetry.rs",
                templates.render_with(ids::INIT_RUST_TELEMETRY_RS, &ctx)?,
                Kind::Generated,
            )?);
            let entry = if root.join("src/main.rs").is_file() { "src/main.rs" } else { "your binary's main.rs" };
            #[derive(Serialize)]
            struct Steps<'a> {
                entry: &'a str,
            }
            templates.render_with(ids::INIT_NEXT_STEPS_RUST_TXT, &Steps { entry })?
        }
        Lang::Python => {
            let (edited, manifest_label) = if manifest_name == Path::new("pyproject.toml") {
                (manifest::pyproject_toml(&service.manifest, &manifest_text)?, "pyproject.toml")
            } else {
                (manifest::requirements_txt(&manifest_text), "requirements.txt")
            };
            changes.push(change(&root, manifest_label, edited, Kind::Edited)?);
            let module = id.name.to_ascii_lowercase().replace(['-', '.'], "_");
            let (dir, import_path) = if root.join("src").join(&module).is_dir() {
                (PathBuf::from("src").join(&module), format!("{module}.telemetry"))
            } else if root.join(&module).is_dir() {
                (PathBuf::from(&module), format!("{module}.telemetry"))
            } else {
                (PathBuf::new(), "telemetry".to_owned())
            };
            ctx.import_path = Some(import_path.clone());
            ctx.distribution = Some(python_distribution(&manifest_text).unwrap_or_default());
            changes.push(change(
                &root,
                dir.join("telemetry.py"),
                templates.render_with(ids::INIT_PYTHON_TELEMETRY_PY, &ctx)?,
                Kind::Generated,
            )?);
            #[derive(Serialize)]
            struct Steps<'a> {
                import_path: &'a str,
                install: &'a str,
            }
            let install = python_install(&root, manifest_label, &manifest_text);
            templates.render_with(ids::INIT_NEXT_STEPS_PYTHON_TXT, &Steps { import_path: &import_path, install })?
        }
        Lang::Node => {
            let (node_changes, steps) = super::node::plan(
                &root,
                &service.manifest,
                &manifest_text,
                &mut ctx,
                templates,
                &|path, new, kind| change(&root, path, new, kind),
            )?;
            changes.extend(node_changes);
            steps
        }
        Lang::Go => {
            let (go_changes, steps) =
                super::go::plan(&root, &service.manifest, &manifest_text, &mut ctx, templates, &|path, new, kind| {
                    change(&root, path, new, kind)
                })?;
            changes.extend(go_changes);
            steps
        }
    };

    let file = &settings.file.collector;
    let recorded = Recorded {
        name: &name,
        version: &id.version,
        language: service.lang.name(),
        environment: &environment,
        metric_namespace: metric_namespace.as_deref(),
        tempo_endpoint: file.tempo_endpoint.as_deref().unwrap_or(DEFAULT_TEMPO_ENDPOINT),
        prometheus_endpoint: file.prometheus_endpoint.as_deref().unwrap_or(DEFAULT_PROMETHEUS_ENDPOINT),
        loki_endpoint: file.loki_endpoint.as_deref().unwrap_or(DEFAULT_LOKI_ENDPOINT),
    };
    changes.push(otelkit_toml(&root, &recorded, args, templates)?);
    let next_steps = format!("{}{}", next_steps.trim_end(), resource_steps(&environment));
    Ok(InitPlan { service, changes, next_steps })
}

/// How the deployment names the environment and each replica, and samples: the same in every
/// language.
fn resource_steps(environment: &str) -> String {
    format!(
        "\nEnvironment: deployment.environment.name from OTEL_RESOURCE_ATTRIBUTES, else ENVIRONMENT, else {environment:?}.\n\
         Replicas: service.instance.id is a random UUID per process; name each pod instead with\n\
         OTEL_RESOURCE_ATTRIBUTES=service.instance.id=$(POD_NAME). OTEL_SERVICE_NAME and\n\
         OTEL_RESOURCE_ATTRIBUTES win over what the code sets.\n\
         Sampling: every trace is kept; for the design's 10 % set, at deploy time,\n\
         OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1.\n"
    )
}

/// The distribution pyproject.toml names, whose installed version is read at run time.
fn python_distribution(text: &str) -> Option<String> {
    let doc = toml::from_str::<toml::Table>(text).ok()?;
    toml_str(&doc, &["project", "name"]).or_else(|| toml_str(&doc, &["tool", "poetry", "name"]))
}

/// How the project installs what its manifest lists: its lock file's tool, else pip.
fn python_install(root: &Path, manifest: &str, text: &str) -> &'static str {
    if manifest == "requirements.txt" {
        "pip install -r requirements.txt"
    } else if root.join("uv.lock").is_file() {
        "uv sync"
    } else if root.join("poetry.lock").is_file() || text.contains("[tool.poetry") {
        "poetry install"
    } else if root.join("pdm.lock").is_file() {
        "pdm install"
    } else {
        "pip install -e . (or your tool: uv sync, poetry install)"
    }
}
