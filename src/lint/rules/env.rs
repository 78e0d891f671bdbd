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
        // The `}` that closes the references before it: found once, not once per `${` (a line of
        // `${${${...}` would be quadratic).
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
            let inner = &line[at + 2..close];
            let inner = inner.strip_prefix("env:").unwrap_or(inner);
            let (name, has_default) = match inner.split_once(":-") {
                Some((n, _)) => (n, true),
                None => (inner, false),
            };
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if valid {
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
    }
}
