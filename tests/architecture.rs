//! ARCHITECTURE.md, kept true: its floors are read from the document itself, and every `crate::`
//! and `super::` path in src/ (in `use` lines and inline) must point to the module's own floor
//! or one below it. Also: no file under src/ longer than 400 lines.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 400;

/// Imports known to break a floor, each removed by a change being made beside this one. An entry
/// that no longer matches anything fails the test, so it is deleted when that change is merged.
const ALLOWED_IMPORTS: &[(&str, &str)] = &[];

/// Files over MAX_LINES, each being split by a change made beside this one; deleted the same way.
const ALLOWED_LONG: &[&str] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// src/ files, relative to the crate root, sorted.
fn sources() -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut names: Vec<String> =
        files.iter().map(|p| p.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/")).collect();
    names.sort();
    names
}

/// The floors of ARCHITECTURE.md, bottom first: the lines of the `text` block after the
/// `<!-- floors -->` marker, top floor first, each `module module ... -- what it is`.
fn floors() -> Vec<Vec<String>> {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let after = doc.split_once("<!-- floors -->").expect("ARCHITECTURE.md has a <!-- floors --> block").1;
    let block = after.split_once("```text\n").unwrap().1.split_once("```").unwrap().0;
    let mut floors: Vec<Vec<String>> = block
        .lines()
        .filter_map(|line| {
            let modules = line.split_once(" -- ").map_or(line, |(m, _)| m);
            let names: Vec<String> = modules.split_whitespace().map(module_of_doc_name).collect();
            (!names.is_empty()).then_some(names)
        })
        .collect();
    floors.reverse();
    floors
}

/// `lint/` -> lint, `report.rs` -> report, `commands/mod.rs` -> commands, `commands/<command>`
/// -> commands/*.
fn module_of_doc_name(name: &str) -> String {
    let name = name.trim_end_matches(',').trim_end_matches('/').trim_end_matches(".rs");
    match name {
        "commands/mod" => "commands".into(),
        "commands/<command>" => "commands/*".into(),
        _ => name.into(),
    }
}

/// The module a file or path belongs to, at the grain of the floors: `collector`,
/// `commands/gen`, `commands` (commands/mod.rs), `lib`.
fn module_of(segments: &[&str]) -> String {
    match segments {
        ["commands", "mod", ..] | ["commands"] => "commands".into(),
        ["commands", command, ..] if is_command_module(command) => format!("commands/{command}"),
        ["commands", ..] => "commands".into(),
        [first, ..] => (*first).into(),
        [] => "lib".into(),
    }
}

fn is_command_module(name: &str) -> bool {
    let dir = root().join("src/commands");
    dir.join(format!("{name}.rs")).is_file() || dir.join(name).is_dir()
}

/// The floor of a module: `commands/gen` is on the `commands/*` floor unless named itself.
fn floor_of(floors: &[Vec<String>], module: &str) -> Option<usize> {
    let find = |name: &str| floors.iter().position(|f| f.iter().any(|m| m == name));
    find(module).or_else(|| module.starts_with("commands/").then(|| find("commands/*")).flatten())
}

/// `text` with comments, string and char literals blanked (newlines kept), so braces count and
/// paths found are code.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| out.extend(s.iter().map(|&c| if c == b'\n' { '\n' } else { ' ' }));
    while i < b.len() {
        let rest = &b[i..];
        let end = if rest.starts_with(b"//") {
            i + rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            i + 2 + rest[2..].windows(2).position(|w| w == b"*/").map_or(rest.len() - 2, |p| p + 2)
        } else if rest[0] == b'r' && raw_string_hashes(rest).is_some() {
            let hashes = raw_string_hashes(rest).unwrap_or_default();
            let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
            let open = 1 + hashes + 1;
            i + open
                + rest[open..]
                    .windows(close.len())
                    .position(|w| w == close)
                    .map_or(rest.len() - open, |p| p + close.len())
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            i + j + 1
        } else if rest[0] == b'\'' && rest.get(2) == Some(&b'\'') {
            i + 3
        } else if rest[0] == b'\'' && rest.get(1) == Some(&b'\\') {
            // '\n', '\'', '\u{7f}': up to the quote after the escape.
            i + 3 + rest.iter().skip(3).position(|&c| c == b'\'').map_or(0, |p| p + 1)
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
            continue;
        };
        let end = end.min(b.len());
        blank(&mut out, &b[i..end]);
        i = end;
    }
    out
}

/// `r"`, `r#"`: the number of `#` of a raw string starting here; None for `r#ident` or code.
fn raw_string_hashes(rest: &[u8]) -> Option<usize> {
    let hashes = rest[1..].iter().take_while(|&&c| c == b'#').count();
    (rest.get(1 + hashes) == Some(&b'"')).then_some(hashes)
}

/// Every module path in `code`: `(line, segments)`, `use` groups expanded, `super` resolved
/// against `here` (the file's module path, deeper inside inline `mod x { }` blocks).
fn paths(code: &str, file_module: &[String]) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    // Inline modules open at these brace depths; each adds one level that `super` climbs first.
    let mut inline: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let chars: Vec<char> = code.chars().collect();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == ':');
        match c {
            '\n' => line += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
            }
            _ if word_start && starts_with(&chars[i..], "mod ") => {
                let after: String = chars[i + 4..].iter().take_while(|c| **c != ';' && **c != '{').collect();
                if chars.get(i + 4 + after.len()) == Some(&'{') {
                    inline.push(depth);
                }
            }
            _ if word_start && (starts_with(&chars[i..], "crate::") || starts_with(&chars[i..], "super::")) => {
                let (tree, len) = read_tree(&chars[i..]);
                let mut here: Vec<String> = file_module.to_vec();
                here.extend(inline.iter().map(|_| "<inline>".to_owned()));
                for path in expand(&tree) {
                    if let Some(resolved) = resolve(&path, &here) {
                        found.push((line, resolved));
                    }
                }
                line += chars[i..i + len].iter().filter(|c| **c == '\n').count();
                i += len;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

fn starts_with(chars: &[char], s: &str) -> bool {
    s.chars().enumerate().all(|(k, c)| chars.get(k) == Some(&c))
}

/// The path starting here, with its `{ ... }` group if any; and its length.
fn read_tree(chars: &[char]) -> (String, usize) {
    let mut tree = String::new();
    let mut braces = 0;
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        match c {
            '{' => braces += 1,
            '}' if braces == 0 => break,
            '}' => braces -= 1,
            _ if braces == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
            _ => {}
        }
        tree.push(c);
        k += 1;
    }
    (tree, k)
}

/// `crate::a::{b, c::{d, e}}` -> crate::a::b, crate::a::c::d, crate::a::c::e.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        // `a::b as c` names a::b.
        let path = tree.split_whitespace().next().unwrap_or_default();
        return vec![path.trim_end_matches("::").to_owned()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut items = Vec::new();
    let (mut level, mut start) = (0, 0);
    for (k, c) in inner.char_indices() {
        match c {
            '{' => level += 1,
            '}' => level -= 1,
            ',' if level == 0 => {
                items.push(&inner[start..k]);
                start = k + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .flat_map(|item| expand(&format!("{prefix}{item}")))
        .collect()
}

/// The module path a `crate::` or `super::` path names, from `here`; None past the crate root.
fn resolve(path: &str, here: &[String]) -> Option<Vec<String>> {
    let mut segments = path.split("::");
    let mut at: Vec<String> = match segments.next()? {
        "crate" => Vec::new(),
        _ => here[..here.len().checked_sub(1)?].to_vec(),
    };
    for segment in segments {
        match segment {
            "super" => {
                at.pop()?;
            }
            "self" | "*" | "" => {}
            name => at.push(name.to_owned()),
        }
    }
    at.retain(|s| s != "<inline>");
    Some(at)
}

/// src/commands/gen/alerts.rs -> [commands, gen, alerts]; src/commands/gen/mod.rs -> [commands, gen].
fn file_module_path(file: &str) -> Vec<String> {
    let inner = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut segments: Vec<String> = inner.split('/').map(str::to_owned).collect();
    if matches!(segments.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        segments.pop();
    }
    segments
}

fn file_module(file: &str) -> String {
    match file {
        "src/lib.rs" => "lib".into(),
        "src/main.rs" => "main".into(),
        _ => {
            let inner = file.trim_start_matches("src/").trim_end_matches(".rs");
            let segments: Vec<&str> = inner.split('/').collect();
            module_of(&segments)
        }
    }
}

#[test]
fn imports_go_down_the_floors_of_architecture_md() {
    let floors = floors();
    let mut problems = Vec::new();
    let mut allowed_used = BTreeMap::new();
    for file in sources() {
        let module = file_module(&file);
        let Some(floor) = floor_of(&floors, &module) else {
            problems.push(format!("{file}: module `{module}` is on no floor of ARCHITECTURE.md; add it there"));
            continue;
        };
        let code = code_only(&fs::read_to_string(root().join(&file)).unwrap());
        for (line, target) in paths(&code, &file_module_path(&file)) {
            let segments: Vec<&str> = target.iter().map(String::as_str).collect();
            let imported = module_of(&segments);
            if imported == module || target.is_empty() {
                continue;
            }
            let rule = match floor_of(&floors, &imported) {
                None => format!("`{imported}` is on no floor of ARCHITECTURE.md"),
                Some(f) if f > floor => format!("`{module}` may not import `{imported}`, a floor above it"),
                Some(f) if f == floor && module.starts_with("commands/") => {
                    format!("`{module}` may not import `{imported}`: commands never import each other")
                }
                Some(f) if f == floor => format!("`{module}` may not import `{imported}`, on its own floor"),
                Some(_) => continue,
            };
            if ALLOWED_IMPORTS.contains(&(file.as_str(), imported.as_str())) {
                allowed_used.insert((file.clone(), imported), ());
                continue;
            }
            problems.push(format!("{file}:{line}: {rule} (the floors of ARCHITECTURE.md)"));
        }
    }
    // `use crate::x::{self, Y}` names x twice on one line.
    problems.dedup();
    for (file, imported) in ALLOWED_IMPORTS {
        if !allowed_used.contains_key(&(file.to_string(), imported.to_string())) {
            problems.push(format!("{file} no longer imports `{imported}`: delete its ALLOWED_IMPORTS entry"));
        }
    }
    assert!(problems.is_empty(), "imports against ARCHITECTURE.md:\n{}", problems.join("\n"));
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let mut problems = Vec::new();
    for file in sources() {
        let lines = fs::read_to_string(root().join(&file)).unwrap().lines().count();
        let allowed = ALLOWED_LONG.contains(&file.as_str());
        if lines > MAX_LINES && !allowed {
            problems.push(format!("{file}: {lines} lines, over {MAX_LINES}: split it"));
        }
        if lines <= MAX_LINES && allowed {
            problems.push(format!("{file}: {lines} lines now: delete its ALLOWED_LONG entry"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_path_reader_reads_what_rust_means() {
    let code = code_only(
        "use crate::{a::b, c};\n// crate::commented\nlet s = \"crate::quoted\";\nmod tests {\n    use super::x;\n    fn f() { crate::d::e(); }\n}\nuse super::sibling;\n",
    );
    let here = vec!["pipeline".to_owned(), "probes".to_owned()];
    let found: Vec<(usize, String)> = paths(&code, &here).into_iter().map(|(l, p)| (l, p.join("::"))).collect();
    let want = [(1, "a::b"), (1, "c"), (5, "pipeline::probes::x"), (6, "d::e"), (8, "pipeline::sibling")];
    assert_eq!(found, want.map(|(l, p)| (l, p.to_owned())));
    assert_eq!(module_of(&["commands", "gen", "alerts"]), "commands/gen");
    assert_eq!(module_of(&["commands", "dispatch"]), "commands");
}
