//! `${env:VAR}` references: every one is listed, unset ones without a default are warned.

use std::collections::BTreeMap;

use super::EnvRef;

/// `${env:NAME}`, `${NAME}`, with optional `:-default`; `$${...}` is an escaped literal.
pub(super) fn references(text: &str, env: &BTreeMap<String, String>) -> Vec<EnvRef> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        let bytes = line.as_bytes();
        let mut start = 0;
        // Whether a `}` follows, found once for all the `${` before it. Each reference is read
        // forward from its `${` and stops at the first character that cannot continue it, so a
        // line of `${${${...}` costs its length, not its length squared.
        let mut close = 0;
        while let Some(off) = line[start..].find("${") {
            let at = start + off;
            start = at + 2;
            if at > 0 && bytes[at - 1] == b'$' {
                continue;
            }
            if close < at + 2 {
                let Some(c) = line[at + 2..].find('}') else { break };
                close = at + 2 + c;
            }
            let rest = &line[at + 2..];
            let rest = rest.strip_prefix("env:").unwrap_or(rest);
            let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
            let (name, after) = rest.split_at(name_len);
            // `}` ends the name; `:-` starts a default that runs to the next `}` (there is one).
            let has_default = match after.as_bytes() {
                [b'}', ..] => false,
                [b':', b'-', ..] => true,
                _ => continue,
            };
            if !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit()) {
                out.push(EnvRef { name: name.to_owned(), has_default, set: env.contains_key(name), line: i + 1 });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_references_are_found() {
        let env: BTreeMap<String, String> = [("SET".to_string(), "x".to_string())].into();
        let refs = references("a: ${env:SET}\nb: ${UNSET}\nc: ${env:D:-x}\nd: $${env:ESCAPED}\n", &env);
        let names: Vec<(&str, bool, bool)> = refs.iter().map(|r| (r.name.as_str(), r.set, r.has_default)).collect();
        assert_eq!(names, [("SET", true, false), ("UNSET", false, false), ("D", false, true)]);
        let refs = references("a: ${A:-x}} ${B ${C:-} ${env:} ${1X} ${D-x} ${E:-no close\n", &env);
        let names: Vec<(&str, bool)> = refs.iter().map(|r| (r.name.as_str(), r.has_default)).collect();
        assert_eq!(names, [("A", true), ("C", true)], "an unclosed `${{E:-` is no reference");
    }

    /// One `}` after 300,000 `${`: each reference read once (it was quadratic).
    #[test]
    fn a_line_of_openings_is_read_in_linear_time() {
        let line = format!("a: {}}}\n", "${".repeat(300_000));
        let started = std::time::Instant::now();
        assert!(references(&line, &BTreeMap::new()).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    }
}
