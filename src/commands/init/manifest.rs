//! Adding dependencies to a project's manifest without disturbing the rest of it: comments,
//! order and formatting are kept; a dependency already there is left as the user has it.

use std::path::Path;

use toml_edit::{value, Array, DocumentMut, InlineTable, Item, Table};

use crate::error::hinted;
use crate::settings::line_col;

pub use super::versions::*;

fn malformed(path: &Path, text: &str, offset: Option<usize>, what: &str) -> anyhow::Error {
    let at = offset.map(|o| {
        let (l, c) = line_col(text, o);
        format!(":{l}:{c}")
    });
    hinted(format!("{}{}: {what}", path.display(), at.unwrap_or_default()), "fix the file (otelkit wrote nothing)")
}

fn parse_toml(path: &Path, text: &str) -> anyhow::Result<DocumentMut> {
    text.parse::<DocumentMut>().map_err(|e| malformed(path, text, e.span().map(|s| s.start), e.message().trim()))
}

/// Cargo.toml: missing crates under [dependencies], as inline tables.
pub fn cargo_toml(path: &Path, text: &str) -> anyhow::Result<String> {
    let mut doc = parse_toml(path, text)?;
    if doc.get("package").is_none() {
        return Err(malformed(
            path,
            text,
            None,
            "no [package]: run otelkit init in a member crate, not the workspace root",
        ));
    }
    let deps = doc.entry("dependencies").or_insert_with(|| Item::Table(Table::new()));
    let Some(deps) = deps.as_table_like_mut() else {
        return Err(malformed(path, text, None, "[dependencies] is not a table"));
    };
    for d in RUST {
        if deps.contains_key(d.name) {
            continue;
        }
        if d.features.is_empty() {
            deps.insert(d.name, value(d.version));
        } else {
            let mut t = InlineTable::new();
            t.insert("version", d.version.into());
            t.insert("features", Array::from_iter(d.features.iter().copied()).into());
            deps.insert(d.name, value(t));
        }
    }
    Ok(doc.to_string())
}

fn normalize(name: &str) -> String {
    name.to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The distribution name of a PEP 508 requirement (`name[extra]>=1; marker`).
fn requirement_name(req: &str) -> String {
    normalize(
        req.trim()
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .next()
            .unwrap_or_default(),
    )
}

/// pyproject.toml: PEP 621 [project].dependencies, or Poetry's table.
pub fn pyproject_toml(path: &Path, text: &str) -> anyhow::Result<String> {
    let mut doc = parse_toml(path, text)?;
    if let Some(poetry) = doc
        .get_mut("tool")
        .and_then(|t| t.get_mut("poetry"))
        .and_then(|p| p.get_mut("dependencies"))
        .and_then(Item::as_table_like_mut)
    {
        let present: Vec<String> = poetry.iter().map(|(k, _)| normalize(k)).collect();
        for d in PYTHON {
            if !present.contains(&normalize(d.name)) {
                poetry.insert(d.name, value(d.version));
            }
        }
        return Ok(doc.to_string());
    }
    let Some(project) = doc.get_mut("project").and_then(Item::as_table_like_mut) else {
        return Err(malformed(path, text, None, "no [project] table (PEP 621) or [tool.poetry.dependencies]"));
    };
    let deps = project.entry("dependencies").or_insert(value(Array::new()));
    let Some(array) = deps.as_array_mut() else {
        return Err(malformed(path, text, None, "[project].dependencies is not an array"));
    };
    let present: Vec<String> = array.iter().filter_map(|v| v.as_str()).map(requirement_name).collect();
    // One requirement per line when the user writes them so; only the new items are decorated,
    // since a comment after an item lives in the next item's prefix.
    let multiline = array.iter().any(|v| v.decor().prefix().and_then(|p| p.as_str()).is_some_and(|p| p.contains('\n')));
    let before = array.len();
    for d in PYTHON {
        if !present.contains(&normalize(d.name)) {
            array.push(format!("{}=={}", d.name, d.version));
        }
    }
    if multiline {
        for v in array.iter_mut().skip(before) {
            v.decor_mut().set_prefix("\n    ");
        }
        array.set_trailing_comma(true);
    }
    Ok(doc.to_string())
}

/// requirements.txt: missing requirements appended, one per line.
pub fn requirements_txt(text: &str) -> String {
    let present: Vec<String> = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .filter(|l| !l.trim().is_empty())
        .map(requirement_name)
        .collect();
    let mut out = text.to_owned();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    for d in PYTHON {
        if !present.contains(&normalize(d.name)) {
            out += &format!("{}=={}\n", d.name, d.version);
        }
    }
    out
}

/// package.json: missing packages in "dependencies", key order and indentation kept.
pub fn package_json(path: &Path, text: &str) -> anyhow::Result<String> {
    let mut json: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        hinted(
            format!("{}:{}:{}: invalid JSON: {e}", path.display(), e.line(), e.column()),
            "fix the file (otelkit wrote nothing)",
        )
    })?;
    let Some(obj) = json.as_object_mut() else {
        return Err(malformed(path, text, None, "not a JSON object"));
    };
    let deps = obj.entry("dependencies").or_insert_with(|| serde_json::json!({}));
    let Some(deps) = deps.as_object_mut() else {
        return Err(malformed(path, text, None, "\"dependencies\" is not an object"));
    };
    for d in NODE {
        if !deps.contains_key(d.name) {
            deps.insert(d.name.to_owned(), serde_json::Value::String(d.version.to_owned()));
        }
    }
    let indent =
        text.lines().nth(1).map(|l| &l[..l.len() - l.trim_start().len()]).filter(|i| !i.is_empty()).unwrap_or("  ");
    let mut buf = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
    serde::Serialize::serialize(&json, &mut ser)?;
    let mut out = String::from_utf8(buf)?;
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// One `require` of a go.mod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoRequire {
    pub path: String,
    pub version: String,
    /// Marked `// indirect`: not imported by the module itself.
    pub indirect: bool,
}

/// What init needs from a go.mod.
#[derive(Debug, Clone)]
pub struct GoMod {
    pub module: String,
    pub requires: Vec<GoRequire>,
}

/// Parse go.mod far enough to add requirements: its directives, the module path, the requires.
pub fn parse_go_mod(path: &Path, text: &str) -> anyhow::Result<GoMod> {
    let mut module = None;
    let mut requires = Vec::new();
    // The directive of the `( ... )` block being read.
    let mut block: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let (code, comment) = match line.split_once("//") {
            Some((c, k)) => (c.trim(), k.trim()),
            None => (line.trim(), ""),
        };
        if code.is_empty() {
            continue;
        }
        let require = |words: &[&str], requires: &mut Vec<GoRequire>| -> anyhow::Result<()> {
            match words {
                [p, v] => {
                    requires.push(GoRequire {
                        path: p.trim_matches('"').to_owned(),
                        version: (*v).to_owned(),
                        indirect: comment == "indirect",
                    });
                    Ok(())
                }
                _ => Err(malformed(path, text, Some(here), "a require needs a module path and a version")),
            }
        };
        if let Some(directive) = block {
            if code == ")" {
                block = None;
            } else if directive == "require" {
                require(&code.split_whitespace().collect::<Vec<_>>(), &mut requires)?;
            }
            continue;
        }
        let words: Vec<&str> = code.split_whitespace().collect();
        let word = words[0];
        match word {
            "module" => match words.get(1) {
                Some(m) if words.len() == 2 => module = Some(m.trim_matches('"').to_owned()),
                _ => return Err(malformed(path, text, Some(here), "module needs one module path")),
            },
            "go" | "toolchain" | "exclude" | "replace" | "retract" | "godebug" | "tool" | "ignore" | "require" => {
                if words.last() == Some(&"(") {
                    if words.len() != 2 {
                        return Err(malformed(path, text, Some(here), &format!("{word} ( takes nothing else")));
                    }
                    block = Some(word);
                } else if word == "require" {
                    require(&words[1..], &mut requires)?;
                }
            }
            _ => return Err(malformed(path, text, Some(here), &format!("unknown directive {word:?}"))),
        }
    }
    if block.is_some() {
        return Err(malformed(path, text, Some(text.len()), "unterminated ( block"));
    }
    let Some(module) = module else {
        return Err(malformed(path, text, None, "no module directive"));
    };
    Ok(GoMod { module, requires })
}

/// go.mod with the missing modules of `deps` in a new `require (...)` block and `go` raised to
/// what they need; a module already required is left at the user's version (`go mod tidy`
/// raises it if a new one needs more).
pub fn go_mod(path: &Path, text: &str, deps: &[Dep]) -> anyhow::Result<String> {
    let parsed = parse_go_mod(path, text)?;
    let (major, minor, full) = GO_VERSION;
    let mut out: String = text
        .lines()
        .map(|line| match line.trim().strip_prefix("go ") {
            Some(v) if version_below(v.split("//").next().unwrap_or("").trim(), (major, minor)) => format!("go {full}"),
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    out.push('\n');
    if !text.lines().any(|l| l.trim().starts_with("go ")) {
        out = out.replacen('\n', &format!("\n\ngo {full}\n"), 1);
    }
    let missing: Vec<&Dep> = deps.iter().filter(|d| !parsed.requires.iter().any(|r| r.path == d.name)).collect();
    if !missing.is_empty() {
        out += "\nrequire (\n";
        for d in missing {
            out += &format!("\t{} {}\n", d.name, d.version);
        }
        out += ")\n";
    }
    Ok(out)
}

fn version_below(v: &str, (major, minor): (u32, u32)) -> bool {
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (a, b) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (a, b) < (major, minor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_toml_keeps_comments_and_existing_versions() {
        let text = "[package]\nname = \"svc\" # the name\nversion = \"0.1.0\"\n\n[dependencies]\n# pinned on purpose\ntracing = \"=0.1.40\"\n";
        let out = cargo_toml(Path::new("Cargo.toml"), text).unwrap();
        assert!(out.starts_with("[package]\nname = \"svc\" # the name\n"));
        assert!(out.contains("# pinned on purpose\ntracing = \"=0.1.40\"\n"));
        assert!(out.contains("opentelemetry-otlp = { version = \"0.33.1\", features = ["));
        assert_eq!(cargo_toml(Path::new("Cargo.toml"), &out).unwrap(), out, "second run changes nothing");
        let err = cargo_toml(Path::new("x/Cargo.toml"), "[package]\nname = \n").unwrap_err().to_string();
        assert!(err.starts_with("x/Cargo.toml:2:"), "{err}");
    }

    #[test]
    fn pyproject_and_requirements() {
        let text = "[project]\nname = \"agents\"\ndependencies = [\n    \"httpx>=0.27\",  # client\n    \"OpenTelemetry_SDK>=1.40\",\n]\n";
        let out = pyproject_toml(Path::new("pyproject.toml"), text).unwrap();
        assert!(out.contains("\"OpenTelemetry_SDK>=1.40\"") && !out.contains("opentelemetry-sdk=="), "{out}");
        assert!(out.contains("\"httpx>=0.27\",  # client\n"), "comment kept: {out}");
        assert!(out.contains("    \"opentelemetry-exporter-prometheus==0.66b2\",\n"), "{out}");
        assert_eq!(pyproject_toml(Path::new("p"), &out).unwrap(), out);
        let req = requirements_txt("flask==3.0 # web\n");
        assert!(req.starts_with("flask==3.0 # web\nopentelemetry-api==1.45.2\n"));
        assert_eq!(requirements_txt(&req), req);
    }

    #[test]
    fn package_json_keeps_order_and_indent() {
        let text = "{\n    \"name\": \"web\",\n    \"type\": \"module\",\n    \"dependencies\": {\n        \"zod\": \"^3\"\n    },\n    \"scripts\": {}\n}\n";
        let out = package_json(Path::new("package.json"), text).unwrap();
        assert!(out.starts_with("{\n    \"name\": \"web\",\n    \"type\": \"module\",\n    \"dependencies\": {\n        \"zod\": \"^3\",\n        \"@opentelemetry/api\""), "{out}");
        assert!(out.ends_with("    \"scripts\": {}\n}\n"));
        let err = package_json(Path::new("package.json"), "{\n  \"name\": \n}").unwrap_err().to_string();
        assert!(err.starts_with("package.json:3:"), "{err}");
    }

    #[test]
    fn go_mod_requires_and_go_version() {
        let text = "module example.com/api\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.1.0\n";
        let out = go_mod(Path::new("go.mod"), text, GO).unwrap();
        assert!(out.contains("go 1.26.0\n") && out.contains("\tgo.opentelemetry.io/otel v1.47.0\n"), "{out}");
        assert!(out.contains("require github.com/go-chi/chi/v5 v5.1.0\n"));
        assert_eq!(go_mod(Path::new("go.mod"), &out, GO).unwrap(), out);
        let no_go = go_mod(Path::new("go.mod"), "module x\n", &GO[..1]).unwrap();
        assert_eq!(no_go, "module x\n\ngo 1.26.0\n\nrequire (\n\tgo.opentelemetry.io/otel v1.47.0\n)\n");
        let err = go_mod(Path::new("go.mod"), "module x\nrequire (\n  a v1\n", GO).unwrap_err().to_string();
        assert!(err.contains("unterminated"), "{err}");
        assert!(go_mod(Path::new("go.mod"), "modul x\n", GO).unwrap_err().to_string().starts_with("go.mod:1:1"));
        let err = go_mod(Path::new("go.mod"), "module x\n\nrequire (\n\tgithub.com/a/b\n)\n", GO).unwrap_err();
        assert!(err.to_string().starts_with("go.mod:4:1: a require needs"), "{err}");
        let parsed = parse_go_mod(
            Path::new("go.mod"),
            "module \"example.com/x\" // the module\nrequire (\n\tgo.uber.org/zap v1.27.0 // indirect\n\tgithub.com/gin-gonic/gin v1.12.0\n)\n",
        )
        .unwrap();
        assert_eq!(parsed.module, "example.com/x");
        assert_eq!(
            parsed.requires,
            [
                GoRequire { path: "go.uber.org/zap".into(), version: "v1.27.0".into(), indirect: true },
                GoRequire { path: "github.com/gin-gonic/gin".into(), version: "v1.12.0".into(), indirect: false },
            ]
        );
    }
}
