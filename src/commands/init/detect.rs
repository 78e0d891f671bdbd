//! Finding the services in a repository: their language, name and entry point.

use std::path::{Path, PathBuf};

use crate::error::hinted;
use crate::lang::Lang;

/// A service found in the repository.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Service {
    pub lang: Lang,
    pub root: PathBuf,
    pub manifest: PathBuf,
}

/// Directories never descended into: VCS, build output, dependencies, virtualenvs.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        ".git"
            | "target"
            | "vendor"
            | "node_modules"
            | "venv"
            | ".venv"
            | "__pycache__"
            | "dist"
            | "build"
            | ".tox"
            | ".otelkit"
    ) || name.starts_with(".venv")
}

/// Languages whose manifest is directly in `dir`.
pub fn languages_in(dir: &Path) -> Vec<(Lang, PathBuf)> {
    let mut found = Vec::new();
    for lang in [Lang::Go, Lang::Rust, Lang::Python, Lang::Node] {
        if let Some(m) = lang.manifests().iter().map(|m| dir.join(m)).find(|p| p.is_file()) {
            // A Cargo workspace root without [package] is not itself a service.
            if lang == Lang::Rust && std::fs::read_to_string(&m).is_ok_and(|t| !t.contains("[package]")) {
                continue;
            }
            found.push((lang, m));
        }
    }
    found
}

/// Every service below `root` (its own manifest included), in path order.
pub fn find_services(root: &Path) -> Vec<Service> {
    let mut out = Vec::new();
    let walker =
        walkdir::WalkDir::new(root).max_depth(6).sort_by_file_name().into_iter().filter_entry(|e| {
            e.depth() == 0 || !(e.file_type().is_dir() && e.file_name().to_str().is_some_and(skipped))
        });
    for entry in walker.filter_map(Result::ok).filter(|e| e.file_type().is_dir()) {
        for (lang, manifest) in languages_in(entry.path()) {
            out.push(Service { lang, root: entry.path().to_path_buf(), manifest });
        }
    }
    out
}

/// The service at `path`: the one its manifest says, or `--lang`'s; a clear error otherwise.
pub fn service_at(path: &Path, lang: Option<Lang>) -> anyhow::Result<Service> {
    let here = languages_in(path);
    let chosen: Vec<&(Lang, PathBuf)> = here.iter().filter(|(l, _)| lang.is_none_or(|want| *l == want)).collect();
    match chosen.as_slice() {
        [(l, m)] => Ok(Service { lang: *l, root: path.to_path_buf(), manifest: m.clone() }),
        [] if !here.is_empty() => Err(hinted(
            format!("{} has no {} project (found: {})", path.display(), lang.map_or("", Lang::name), names(&here)),
            "drop --lang, or pick one of the languages found",
        )),
        [] => {
            let below = find_services(path);
            if below.is_empty() {
                Err(hinted(
                    format!("no project found in {} (no go.mod, Cargo.toml, pyproject.toml, requirements.txt or package.json)", path.display()),
                    "run otelkit init in a service's directory, or pass its path",
                ))
            } else {
                let list: Vec<String> =
                    below.iter().map(|s| format!("{} ({})", s.root.display(), s.lang.name())).collect();
                Err(hinted(
                    format!("{} is not a service itself; services below it: {}", path.display(), list.join(", ")),
                    "run otelkit init <one of them>, or otelkit init --all to initialise each",
                ))
            }
        }
        _ => Err(hinted(
            format!("{} holds several projects ({}): which one?", path.display(), names(&here)),
            "pass --lang go|rust|python|node",
        )),
    }
}

fn names(found: &[(Lang, PathBuf)]) -> String {
    found.iter().map(|(l, _)| l.name()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monorepo_lists_services_and_skips_dependencies() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for (rel, content) in [
            ("api/go.mod", "module example.com/api\n\ngo 1.25\n"),
            ("worker/Cargo.toml", "[package]\nname = \"worker\"\nversion = \"0.1.0\"\n"),
            ("web/package.json", "{\"name\": \"web\"}\n"),
            ("web/node_modules/dep/package.json", "{\"name\": \"dep\"}\n"),
            ("agents/pyproject.toml", "[project]\nname = \"agents\"\n"),
            ("agents/.venv/lib/pyproject.toml", "[project]\nname = \"x\"\n"),
        ] {
            std::fs::create_dir_all(p.join(rel).parent().unwrap()).unwrap();
            std::fs::write(p.join(rel), content).unwrap();
        }
        let found: Vec<(String, Lang)> =
            find_services(p).iter().map(|s| (s.root.strip_prefix(p).unwrap().display().to_string(), s.lang)).collect();
        assert_eq!(
            found,
            [
                ("agents".into(), Lang::Python),
                ("api".into(), Lang::Go),
                ("web".into(), Lang::Node),
                ("worker".into(), Lang::Rust)
            ]
        );
        let err = service_at(p, None).unwrap_err().to_string();
        assert!(err.contains("services below it") && err.contains("worker (rust)"), "{err}");
        assert_eq!(service_at(&p.join("api"), None).unwrap().lang, Lang::Go);
        assert!(service_at(&p.join("api"), Some(Lang::Rust)).is_err());
        let empty = tempfile::tempdir().unwrap();
        assert!(service_at(empty.path(), None).unwrap_err().to_string().contains("no project found"));
    }
}
