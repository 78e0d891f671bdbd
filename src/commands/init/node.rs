//! The Node part of init's plan: `src/telemetry.js` (`src/telemetry.ts` in a TypeScript project),
//! the dependencies in package.json, and next steps that import the module from where the app's
//! entry point is.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::project::ModuleContext;
use super::typescript::TsProject;
use super::{manifest, Change, Kind};
use crate::templates::{ids, Templates};

/// Where the app starts, relative to the project, as far as init can tell.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    /// The file, or None when nothing says which.
    file: Option<String>,
    /// Where the app's files are when nothing says: the root for JavaScript, src/ for TypeScript.
    usual_dir: &'static str,
}

impl Entry {
    /// package.json's "main", else the first of the usual names at the root or in src/.
    fn find(root: &Path, pkg: &serde_json::Value, ext: &'static str) -> Self {
        let declared = pkg["main"]
            .as_str()
            .map(|m| m.trim_start_matches("./").to_owned())
            .filter(|m| !m.is_empty() && ext == "js" && [".js", ".cjs", ".mjs"].iter().any(|x| m.ends_with(x)));
        let file = declared.or_else(|| {
            ["", "src/"]
                .iter()
                .flat_map(|dir| ["index", "app", "server", "main"].map(|name| format!("{dir}{name}.{ext}")))
                .find(|f| root.join(f).is_file())
        });
        Self { file, usual_dir: if ext == "ts" { "src" } else { "" } }
    }

    /// What the next steps run: the file, or a placeholder.
    fn shown(&self, placeholder: &str) -> String {
        self.file.clone().unwrap_or_else(|| placeholder.to_owned())
    }

    /// The specifier that imports `module` (a path from the project root) from the entry point,
    /// or from the usual directory when the entry is unknown.
    fn import(&self, module: &str) -> String {
        let from: Vec<&str> = match &self.file {
            Some(f) => f.split('/').collect::<Vec<_>>().split_last().map(|(_, dirs)| dirs.to_vec()).unwrap_or_default(),
            None => self.usual_dir.split('/').filter(|d| !d.is_empty()).collect(),
        };
        let to: Vec<&str> = module.split('/').collect();
        let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
        let up = from.len() - common;
        let rest = to[common..].join("/");
        if up == 0 {
            format!("./{rest}")
        } else {
            format!("{}{rest}", "../".repeat(up))
        }
    }

    /// Where that import goes, for the reader.
    fn where_(&self) -> String {
        match &self.file {
            Some(f) => format!("in {f}"),
            None if self.usual_dir.is_empty() => "from a file at the project root".to_owned(),
            None => format!("from a file in {}/", self.usual_dir),
        }
    }
}

/// The Node part of init's plan: the changes (package.json first) and the next steps.
pub(super) fn plan(
    root: &Path,
    manifest_path: &Path,
    manifest_text: &str,
    ctx: &mut ModuleContext,
    templates: &Templates,
    change: &dyn Fn(PathBuf, String, Kind) -> anyhow::Result<Change>,
) -> anyhow::Result<(Vec<Change>, String)> {
    let mut changes = vec![change(
        PathBuf::from("package.json"),
        manifest::package_json(manifest_path, manifest_text)?,
        Kind::Edited,
    )?];
    let pkg: serde_json::Value = serde_json::from_str(manifest_text).unwrap_or_default();
    let esm = pkg["type"] == "module";
    #[derive(Serialize)]
    struct Steps<'a> {
        flag: &'a str,
        file: &'a str,
        entry: String,
        import_from: String,
        import_where: String,
        esm: bool,
        describe: String,
    }
    let steps = match TsProject::at(root, esm) {
        None => {
            ctx.esm = esm;
            let file = "src/telemetry.js";
            let flag = if esm { "--import" } else { "--require" };
            let entry = Entry::find(root, &pkg, "js");
            ctx.load = Some(format!("node {flag} ./{file} {}", entry.shown("app.js")));
            changes.push(change(
                PathBuf::from(file),
                templates.render_with(ids::INIT_NODE_TELEMETRY_JS, &ctx)?,
                Kind::Generated,
            )?);
            let import_from = entry.import(if esm { "src/telemetry.js" } else { "src/telemetry" });
            let steps = Steps {
                flag,
                file,
                entry: entry.shown("<your entry point>"),
                import_from,
                import_where: entry.where_(),
                esm,
                describe: String::new(),
            };
            templates.render_with(ids::INIT_NEXT_STEPS_NODE_TXT, &steps)?
        }
        Some(ts) => {
            // TypeScript source is written with import/export whatever tsc emits.
            ctx.esm = true;
            ctx.ts = true;
            let (flag, emitted) = (ts.flag(), ts.emitted("src/telemetry.ts"));
            ctx.load = Some(format!("tsc, then node {flag} ./{emitted} <your compiled entry point>"));
            changes.push(change(
                PathBuf::from("src/telemetry.ts"),
                templates.render_with(ids::INIT_NODE_TELEMETRY_JS, &ctx)?,
                Kind::Generated,
            )?);
            let entry = Entry::find(root, &pkg, "ts");
            let import_from = entry.import(if ts.esm_output { "src/telemetry.js" } else { "src/telemetry" });
            let steps = Steps {
                flag,
                file: &emitted,
                entry: "<your compiled entry point>".to_owned(),
                import_from,
                import_where: entry.where_(),
                esm: true,
                describe: ts.describe(),
            };
            templates.render_with(ids::INIT_NEXT_STEPS_TYPESCRIPT_TXT, &steps)?
        }
    };
    Ok((changes, steps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_relative_to_the_entry_point() {
        let at = |file: Option<&str>| Entry { file: file.map(str::to_owned), usual_dir: "" };
        assert_eq!(at(Some("index.js")).import("src/telemetry"), "./src/telemetry");
        assert_eq!(at(Some("src/app.js")).import("src/telemetry.js"), "./telemetry.js");
        assert_eq!(at(Some("lib/server/main.js")).import("src/telemetry"), "../../src/telemetry");
        assert_eq!(at(None).import("src/telemetry"), "./src/telemetry");

        let dir = tempfile::tempdir().unwrap();
        let none = serde_json::json!({});
        assert_eq!(Entry::find(dir.path(), &none, "js"), at(None));
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/server.ts"), "").unwrap();
        assert_eq!(
            Entry::find(dir.path(), &none, "ts"),
            Entry { file: Some("src/server.ts".into()), usual_dir: "src" }
        );
        let ts = Entry { file: None, usual_dir: "src" };
        assert_eq!((ts.import("src/telemetry"), ts.where_()), ("./telemetry".into(), "from a file in src/".into()));
        std::fs::write(dir.path().join("index.js"), "").unwrap();
        assert_eq!(Entry::find(dir.path(), &none, "js"), at(Some("index.js")));
        let main = serde_json::json!({"main": "./lib/start.js"});
        assert_eq!(Entry::find(dir.path(), &main, "js"), at(Some("lib/start.js")));
    }
}
