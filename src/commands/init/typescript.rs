//! How a TypeScript project runs: where tsc writes its output and whether it is CommonJS or an ES
//! module, read from tsconfig.json (JSON with comments), so the header of telemetry.ts and the
//! printed command load what tsc emits.

use std::path::Path;

/// How a TypeScript project (tsconfig.json) is compiled, as far as init needs it: where tsc
/// writes src/telemetry.ts's output and whether that output is an ES module.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TsProject {
    out_dir: Option<String>,
    root_dir: String,
    pub(super) esm_output: bool,
}

impl TsProject {
    pub(super) fn at(root: &Path, package_is_module: bool) -> Option<Self> {
        let text = std::fs::read_to_string(root.join("tsconfig.json")).ok()?;
        Some(Self::parse(&text, package_is_module))
    }

    /// From tsconfig.json (JSON with comments and trailing commas); tsc's defaults for what
    /// it does not say or what cannot be read.
    pub(super) fn parse(text: &str, package_is_module: bool) -> Self {
        let json: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).unwrap_or_default();
        let opts = &json["compilerOptions"];
        let trim = |s: &str| s.trim_start_matches("./").trim_end_matches('/').to_owned();
        let out_dir = opts["outDir"].as_str().map(trim).filter(|d| !d.is_empty() && d != ".");
        // tsc's rootDir is the common directory of the inputs: src when only src is included.
        let include_src = json["include"]
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(|i| i.as_str().is_some_and(|i| trim(i).starts_with("src"))));
        let root_dir =
            opts["rootDir"]
                .as_str()
                .map(trim)
                .unwrap_or_else(|| if include_src { "src".into() } else { String::new() });
        let module = opts["module"].as_str().unwrap_or("").to_ascii_lowercase();
        let esm_output = match module.as_str() {
            "commonjs" | "umd" | "amd" | "system" => false,
            m if m.starts_with("es") => true,
            // node16/nodenext/preserve, or unset: the package's "type" decides.
            _ => package_is_module,
        };
        TsProject { out_dir, root_dir: if root_dir == "." { String::new() } else { root_dir }, esm_output }
    }

    pub(super) fn flag(&self) -> &'static str {
        if self.esm_output {
            "--import"
        } else {
            "--require"
        }
    }

    /// Where tsc writes the JavaScript of `source` (a path relative to the project).
    pub(super) fn emitted(&self, source: &str) -> String {
        let js = source.strip_suffix(".ts").map_or_else(|| source.to_owned(), |s| format!("{s}.js"));
        match &self.out_dir {
            None => js,
            Some(out) => {
                let below = if self.root_dir.is_empty() {
                    js.as_str()
                } else {
                    js.strip_prefix(&format!("{}/", self.root_dir)).unwrap_or(&js)
                };
                format!("{out}/{below}")
            }
        }
    }

    pub(super) fn describe(&self) -> String {
        format!(
            "tsconfig.json: {} output{}",
            if self.esm_output { "ES module" } else { "CommonJS" },
            self.out_dir.as_ref().map(|d| format!(" in {d}/")).unwrap_or_default()
        )
    }
}

/// JSON with comments (`//`, `/* */`) and trailing commas, as plain JSON.
fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                while chars.peek().is_some_and(|&n| n != '\n') {
                    chars.next();
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut prev = ' ';
                for n in chars.by_ref() {
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            (',', _) => {
                // A comma before a closing bracket is dropped.
                let rest: String = chars.clone().collect();
                let next = rest.trim_start().chars().next();
                if !matches!(next, Some('}') | Some(']')) {
                    out.push(c);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typescript_output_from_tsconfig() {
        let cjs = TsProject::parse(
            "{\n  // compiled\n  \"compilerOptions\": { \"module\": \"commonjs\", \"outDir\": \"./dist\", /* src */ \"rootDir\": \"src\", },\n}\n",
            false,
        );
        assert_eq!(cjs, TsProject { out_dir: Some("dist".into()), root_dir: "src".into(), esm_output: false });
        assert_eq!((cjs.flag(), cjs.emitted("src/telemetry.ts")), ("--require", "dist/telemetry.js".into()));
        let esm = TsProject::parse(
            r#"{"compilerOptions": {"module": "NodeNext", "outDir": "build"}, "include": ["src/**/*"]}"#,
            true,
        );
        assert_eq!((esm.flag(), esm.emitted("src/telemetry.ts")), ("--import", "build/telemetry.js".into()));
        let whole = TsProject::parse(r#"{"compilerOptions": {"outDir": "dist"}}"#, false);
        assert_eq!((whole.flag(), whole.emitted("src/telemetry.ts")), ("--require", "dist/src/telemetry.js".into()));
        let beside = TsProject::parse("not json", true);
        assert_eq!((beside.flag(), beside.emitted("src/telemetry.ts")), ("--import", "src/telemetry.js".into()));
        assert_eq!(strip_jsonc(r#"{"a": "x // y", "b": [1,],}"#), r#"{"a": "x // y", "b": [1]}"#);
    }
}
