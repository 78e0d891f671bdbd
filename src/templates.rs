//! Templates embedded from templates/ and rendered with tera.
//!
//! Files ending in `.tera` are templates (referred to without the suffix); other files are
//! returned verbatim. A value pasted into generated code goes through the filter of its language
//! (`{{ service | go_str }}`, `{{ service | comment }}`: see literals.rs). `--templates DIR` replaces any built-in file by the one at the same relative
//! path in DIR.

use std::path::Path;

use anyhow::Context;
use include_dir::{include_dir, Dir};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// The name of every built-in template: what the code renders, and what a `--templates` DIR may
/// override (at the same path, with `.tera`).
pub mod ids {
    pub const ALERTS_RULES_YAML: &str = "alerts/rules.yaml";
    pub const CI_GITHUB_YML: &str = "ci/github.yml";
    pub const CI_GITLAB_CI_YML: &str = "ci/gitlab-ci.yml";
    pub const COLLECTOR_CONFIG_YAML: &str = "collector/config.yaml";
    pub const COMPOSE_DOCKER_COMPOSE_YAML: &str = "compose/docker-compose.yaml";
    pub const COMPOSE_LOKI_YAML: &str = "compose/loki.yaml";
    pub const COMPOSE_PROMETHEUS_YML: &str = "compose/prometheus.yml";
    pub const COMPOSE_TEMPO_YAML: &str = "compose/tempo.yaml";
    pub const GRAFANA_DASHBOARDS_YAML: &str = "grafana/dashboards.yaml";
    pub const GRAFANA_DATASOURCES_YAML: &str = "grafana/datasources.yaml";
    pub const INIT_GO_CHI_GO: &str = "init/go/chi.go";
    pub const INIT_GO_ECHO_GO: &str = "init/go/echo.go";
    pub const INIT_GO_FIBER_GO: &str = "init/go/fiber.go";
    pub const INIT_GO_FIBER3_GO: &str = "init/go/fiber3.go";
    pub const INIT_GO_GENAI_GO: &str = "init/go/genai.go";
    pub const INIT_GO_GIN_GO: &str = "init/go/gin.go";
    pub const INIT_GO_HTTP_GO: &str = "init/go/http.go";
    pub const INIT_GO_LOGGER_PKG_SLOG_GO: &str = "init/go/logger_pkg_slog.go";
    pub const INIT_GO_LOGGER_PKG_ZAP_GO: &str = "init/go/logger_pkg_zap.go";
    pub const INIT_GO_LOGGER_SLOG_GO: &str = "init/go/logger_slog.go";
    pub const INIT_GO_LOGGER_ZAP_GO: &str = "init/go/logger_zap.go";
    pub const INIT_GO_METRICS_GO: &str = "init/go/metrics.go";
    pub const INIT_GO_PGX_GO: &str = "init/go/pgx.go";
    pub const INIT_GO_TELEMETRY_GO: &str = "init/go/telemetry.go";
    pub const INIT_GO_ZAP_GO: &str = "init/go/zap.go";
    pub const INIT_NEXT_STEPS_NODE_TXT: &str = "init/next-steps/node.txt";
    pub const INIT_NEXT_STEPS_PYTHON_TXT: &str = "init/next-steps/python.txt";
    pub const INIT_NEXT_STEPS_RUST_TXT: &str = "init/next-steps/rust.txt";
    pub const INIT_NEXT_STEPS_TYPESCRIPT_TXT: &str = "init/next-steps/typescript.txt";
    pub const INIT_NODE_TELEMETRY_JS: &str = "init/node/telemetry.js";
    pub const INIT_OTELKIT_TOML: &str = "init/otelkit.toml";
    pub const INIT_PYTHON_TELEMETRY_PY: &str = "init/python/telemetry.py";
    pub const INIT_RUST_TELEMETRY_RS: &str = "init/rust/telemetry.rs";
    pub const K8S_CANARY_SERVICE_YAML: &str = "k8s/canary-service.yaml";
    pub const K8S_CLUSTERROLE_YAML: &str = "k8s/clusterrole.yaml";
    pub const K8S_HPA_YAML: &str = "k8s/hpa.yaml";
    pub const K8S_ROLE_YAML: &str = "k8s/role.yaml";
    pub const K8S_SERVICEACCOUNT_YAML: &str = "k8s/serviceaccount.yaml";
    pub const K8S_CANARY_YAML: &str = "k8s/canary.yaml";
    pub const K8S_CONFIGMAP_YAML: &str = "k8s/configmap.yaml";
    pub const K8S_KUSTOMIZATION_YAML: &str = "k8s/kustomization.yaml";
    pub const K8S_NAMESPACE_YAML: &str = "k8s/namespace.yaml";
    pub const K8S_PDB_YAML: &str = "k8s/pdb.yaml";
    pub const K8S_SERVICE_YAML: &str = "k8s/service.yaml";
    pub const K8S_SERVICEMONITOR_YAML: &str = "k8s/servicemonitor.yaml";
    pub const K8S_WORKLOAD_YAML: &str = "k8s/workload.yaml";

    /// Every template above; a test holds this list to templates/.
    pub const ALL: &[&str] = &[
        ALERTS_RULES_YAML,
        CI_GITHUB_YML,
        CI_GITLAB_CI_YML,
        COLLECTOR_CONFIG_YAML,
        COMPOSE_DOCKER_COMPOSE_YAML,
        COMPOSE_LOKI_YAML,
        COMPOSE_PROMETHEUS_YML,
        COMPOSE_TEMPO_YAML,
        GRAFANA_DASHBOARDS_YAML,
        GRAFANA_DATASOURCES_YAML,
        INIT_GO_CHI_GO,
        INIT_GO_ECHO_GO,
        INIT_GO_FIBER_GO,
        INIT_GO_FIBER3_GO,
        INIT_GO_GENAI_GO,
        INIT_GO_GIN_GO,
        INIT_GO_HTTP_GO,
        INIT_GO_LOGGER_PKG_SLOG_GO,
        INIT_GO_LOGGER_PKG_ZAP_GO,
        INIT_GO_LOGGER_SLOG_GO,
        INIT_GO_LOGGER_ZAP_GO,
        INIT_GO_METRICS_GO,
        INIT_GO_PGX_GO,
        INIT_GO_TELEMETRY_GO,
        INIT_GO_ZAP_GO,
        INIT_NEXT_STEPS_NODE_TXT,
        INIT_NEXT_STEPS_PYTHON_TXT,
        INIT_NEXT_STEPS_RUST_TXT,
        INIT_NEXT_STEPS_TYPESCRIPT_TXT,
        INIT_NODE_TELEMETRY_JS,
        INIT_OTELKIT_TOML,
        INIT_PYTHON_TELEMETRY_PY,
        INIT_RUST_TELEMETRY_RS,
        K8S_CANARY_SERVICE_YAML,
        K8S_CANARY_YAML,
        K8S_CLUSTERROLE_YAML,
        K8S_CONFIGMAP_YAML,
        K8S_HPA_YAML,
        K8S_KUSTOMIZATION_YAML,
        K8S_NAMESPACE_YAML,
        K8S_PDB_YAML,
        K8S_ROLE_YAML,
        K8S_SERVICE_YAML,
        K8S_SERVICEACCOUNT_YAML,
        K8S_SERVICEMONITOR_YAML,
        K8S_WORKLOAD_YAML,
    ];
}

pub struct Templates {
    /// Every template's text by name (built-in, then `--templates DIR` on top).
    sources: std::collections::BTreeMap<String, String>,
    /// Templates are parsed on first use: a command renders a few of forty, and parsing them all
    /// at start-up was most of `gen collector`'s time.
    tera: std::sync::Mutex<tera::Tera>,
    /// Names rendered so far, so a test can show every template is reachable and renders.
    rendered: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl Templates {
    pub fn builtin() -> anyhow::Result<Self> {
        Self::load(None)
    }

    pub fn load(override_dir: Option<&Path>) -> anyhow::Result<Self> {
        let mut raw: Vec<(String, String)> = Vec::new();
        collect_builtin(&BUILTIN, &mut raw);
        if let Some(dir) = override_dir {
            if !dir.is_dir() {
                anyhow::bail!("--templates {}: not a directory", dir.display());
            }
            for entry in
                walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file())
            {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let name = rel.to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("cannot read template {}", entry.path().display()))?;
                raw.retain(|(n, _)| n != &name);
                raw.push((name, text));
            }
        }
        let sources = raw
            .into_iter()
            .map(|(name, text)| match name.strip_suffix(".tera") {
                Some(stem) => (stem.to_owned(), text),
                // Non-template files are registered raw so `render` can serve both alike.
                None => (name, format!("{{% raw %}}{text}{{% endraw %}}")),
            })
            .collect();
        let templates = Self { sources, tera: std::sync::Mutex::new(engine()), rendered: Default::default() };
        // A user's templates are parsed now, so a mistake in one is reported before anything runs.
        if override_dir.is_some() {
            templates.parse_all()?;
        }
        Ok(templates)
    }

    /// Parse every template (the built-in ones are checked by a test; overrides at load).
    pub fn parse_all(&self) -> anyhow::Result<()> {
        let mut tera = engine();
        tera.add_raw_templates(self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| anyhow::anyhow!("template error: {}", flatten_tera(&e)))
    }

    pub fn names(&self) -> Vec<&str> {
        self.sources.keys().map(String::as_str).collect()
    }

    /// Render `name` with `context`; output has LF line ends and one trailing newline.
    pub fn render(&self, name: &str, context: &tera::Context) -> anyhow::Result<String> {
        let mut tera = self.tera.lock().map_err(|_| anyhow::anyhow!("template engine poisoned"))?;
        if !tera.get_template_names().any(|n| n == name) {
            let source = self.sources.get(name).ok_or_else(|| anyhow::anyhow!("no template named {name}"))?;
            tera.add_raw_template(name, source).map_err(|e| anyhow::anyhow!("template error: {}", flatten_tera(&e)))?;
        }
        let text = tera.render(name, context).map_err(|e| {
            anyhow::anyhow!("rendering template {name}: {} (a bug in otelkit or in your --templates)", flatten_tera(&e))
        })?;
        drop(tera);
        if let Ok(mut rendered) = self.rendered.lock() {
            rendered.insert(name.to_owned());
        }
        Ok(normalize(&text))
    }

    /// Render `name` with a typed context: its fields are the template's variables.
    pub fn render_with(&self, name: &str, context: &impl serde::Serialize) -> anyhow::Result<String> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| anyhow::anyhow!("template context for {name}: {}", flatten_tera(&e)))?;
        self.render(name, &context)
    }

    /// The templates rendered by this instance so far.
    pub fn rendered(&self) -> Vec<String> {
        self.rendered.lock().map(|r| r.iter().cloned().collect()).unwrap_or_default()
    }
}

/// A template engine with no HTML escaping and the literal filters of [`crate::literals`].
fn engine() -> tera::Tera {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    for &(name, write) in crate::literals::FILTERS {
        tera.register_filter(name, move |value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>| {
            let text = match value {
                tera::Value::String(s) => s.clone(),
                tera::Value::Number(_) | tera::Value::Bool(_) => value.to_string(),
                other => return Err(tera::Error::msg(format!("{name} takes a string, not {other}"))),
            };
            Ok(tera::Value::String(write(&text)))
        });
    }
    tera
}

fn collect_builtin(dir: &Dir<'static>, out: &mut Vec<(String, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            out.push((file.path().to_string_lossy().replace('\\', "/"), text.to_owned()));
        }
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

fn flatten_tera(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ").replace('\n', " ")
}

fn normalize(text: &str) -> String {
    let mut out: String = text.replace("\r\n", "\n").lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    while out.ends_with("\n\n") {
        out.pop();
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_compiles() {
        let t = Templates::builtin().unwrap();
        t.parse_all().expect("built-in templates compile");
        assert!(t.names().contains(&"collector/config.yaml"), "{:?}", t.names());
    }

    /// Every value a source-code template of init pastes goes through a filter of literals.rs,
    /// but for the identifiers and numbers otelkit makes itself.
    #[test]
    fn init_templates_paste_no_raw_value() {
        const OURS: &[&str] = &[
            "package",
            "m.field",
            "m.js_field",
            "m.go_field",
            "m.go_field_padded",
            "m.go_type",
            "m.go_builder",
            "m.rust_type",
            "m.rust_builder",
            "m.python_builder",
            "m.js_builder",
            "m.buckets",
        ];
        let filters: Vec<&str> = crate::literals::FILTERS.iter().map(|(n, _)| *n).collect();
        let t = Templates::builtin().unwrap();
        let mut raw = Vec::new();
        for name in t.names().into_iter().filter(|n| n.starts_with("init/") && !n.starts_with("init/next-steps/")) {
            for expr in t.sources[name].split("{{").skip(1).filter_map(|rest| rest.split_once("}}")).map(|(e, _)| e) {
                let last = expr.rsplit('|').next().unwrap_or_default().trim();
                let escaped = expr.contains('|') && filters.contains(&last);
                if !escaped && !OURS.contains(&expr.trim()) {
                    raw.push(format!("{name}: {{{{{expr}}}}}"));
                }
            }
        }
        assert!(raw.is_empty(), "values pasted without a filter: {raw:#?}");
    }

    #[test]
    fn override_dir_replaces_a_builtin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("collector")).unwrap();
        std::fs::write(dir.path().join("collector/config.yaml.tera"), "custom: {{ 1 + 1 }}\n").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(t.render("collector/config.yaml", &tera::Context::new()).unwrap(), "custom: 2\n");
    }

    #[test]
    fn broken_override_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.tera"), "{% if %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().expect("must fail");
        assert!(err.to_string().contains("template error"), "{err}");
    }
}
