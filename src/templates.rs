//! Templates embedded from templates/ and rendered with tera.
//!
//! Files ending in `.tera` are templates (referred to without the suffix); other files are
//! returned verbatim. `--templates DIR` replaces any built-in file by the one at the same relative
//! path in DIR.

use std::path::Path;

use anyhow::Context;
use include_dir::{include_dir, Dir};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

pub struct Templates {
    tera: tera::Tera,
}

impl Templates {
    pub fn builtin() -> anyhow::Result<Self> {
        Self::load(None)
    }

    pub fn load(override_dir: Option<&Path>) -> anyhow::Result<Self> {
        let mut sources: Vec<(String, String)> = Vec::new();
        collect_builtin(&BUILTIN, &mut sources);
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
                sources.retain(|(n, _)| n != &name);
                sources.push((name, text));
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![]);
        let templates: Vec<(String, String)> = sources
            .into_iter()
            .map(|(name, text)| match name.strip_suffix(".tera") {
                Some(stem) => (stem.to_owned(), text),
                // Non-template files are registered raw so `render` can serve both alike.
                None => (name, format!("{{% raw %}}{text}{{% endraw %}}")),
            })
            .collect();
        tera.add_raw_templates(templates).map_err(|e| anyhow::anyhow!("template error: {}", flatten_tera(&e)))?;
        Ok(Self { tera })
    }

    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.tera.get_template_names().collect();
        names.sort_unstable();
        names
    }

    /// Render `name` with `context`; output has LF line ends and one trailing newline.
    pub fn render(&self, name: &str, context: &tera::Context) -> anyhow::Result<String> {
        let text = self.tera.render(name, context).map_err(|e| {
            anyhow::anyhow!("rendering template {name}: {} (a bug in otelkit or in your --templates)", flatten_tera(&e))
        })?;
        Ok(normalize(&text))
    }
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
        let t = Templates::builtin().expect("built-in templates compile");
        assert!(t.names().contains(&"collector/config.yaml"), "{:?}", t.names());
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
