//! Diagnostics for a person, rendered by annotate-snippets as rustc renders its own:
//! `warning[code]: message`, ` --> file:line:col`, the source line with a caret, `= help: ...`.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::lint::{Diagnostic, Report, Severity};

/// A source line longer than this is not shown under its diagnostic (the position still is):
/// rendering it would cost its length once per diagnostic on it.
const LONGEST_SHOWN_LINE: usize = 1024;

/// The whole human report: each diagnostic, the environment references, the counts.
pub fn human(path: &str, text: &str, report: &Report, color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let lines = Lines::new(text);
    let mut out = String::new();
    for d in &report.diagnostics {
        let source = lines.get(d.line).filter(|line| line.len() <= LONGEST_SHOWN_LINE).map(masked);
        out += &renderer.render(&[group(path, source.as_deref(), d)]);
        out += "\n\n";
    }
    let refs: Vec<String> = report
        .env_references
        .iter()
        .map(|r| {
            let state = match (r.set, r.has_default) {
                (true, _) => "",
                (false, true) => " (unset, has default)",
                (false, false) => " (unset)",
            };
            format!("{}{state}", r.name)
        })
        .collect();
    if !refs.is_empty() {
        out += &format!("environment references: {}\n", refs.join(", "));
    }
    out += &format!(
        "{path}: {} error(s), {} warning(s), {} note(s)\n",
        report.count(Severity::Error),
        report.count(Severity::Warning),
        report.count(Severity::Info)
    );
    out
}

/// The lines of a text by number, indexed once (finding each diagnostic's line from the start of
/// the text made the report quadratic).
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    /// Line `n` (1-based) as `str::lines` gives it: without its `\n` or `\r\n`.
    fn get(&self, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        if start == self.text.len() {
            return None;
        }
        let end = self.starts.get(n).map_or(self.text.len(), |next| next - 1);
        let line = &self.text[start..end];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

fn group<'a>(path: &'a str, source: Option<&'a str>, d: &'a Diagnostic) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let group = match source {
        Some(line) => title.element(
            Snippet::source(line)
                .line_start(d.line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(token(line, d.column))),
        ),
        None if d.line > 0 => title.element(Origin::path(path).line(d.line).char_column(d.column)),
        None => title.element(Origin::path(path)),
    };
    match &d.help {
        Some(help) => group.element(Level::HELP.message(help.as_str())),
        None => group,
    }
}

/// A config line as lint shows it: the password of a URL (`scheme://user:PASSWORD@host`) and the
/// value of a credential-like key (`authorization: Bearer ...`) become `*`s, one per character,
/// so the columns the annotation points at stay where they were.
fn masked(line: &str) -> std::borrow::Cow<'_, str> {
    let mut chars: Vec<char> = line.chars().collect();
    let mut changed = false;
    // Passwords in URLs, with or without a scheme: in each token, between the ':' after the user
    // and the '@' that ends the authority.
    let mut at = 0;
    for token in line.split(|c: char| c.is_whitespace() || "\"'".contains(c)) {
        let first = line[..at].chars().count();
        at += token.len() + 1;
        let authority = token.split_once("://").map_or(token, |(_, rest)| rest);
        let authority = authority.split(['/', '?', '#']).next().unwrap_or_default();
        let (Some(user_end), Some(host_start)) = (authority.find(':'), authority.rfind('@')) else { continue };
        if user_end >= host_start {
            continue;
        }
        let offset = first + token.split_once("://").map_or(0, |(scheme, _)| scheme.chars().count() + 3);
        let (a, b) =
            (offset + authority[..=user_end].chars().count(), offset + authority[..host_start].chars().count());
        chars[a..b].iter_mut().for_each(|c| *c = '*');
        changed |= a < b;
    }
    // `key: value` where the key names a credential.
    if let Some((key, value)) = line.split_once(':') {
        let key = key.trim().trim_start_matches("- ").trim_matches(|c| c == '"' || c == '\'');
        if crate::http::is_secret_header(key) && !value.trim().is_empty() {
            let skip = key_end(line);
            chars[skip..].iter_mut().filter(|c| !c.is_whitespace()).for_each(|c| *c = '*');
            changed = true;
        }
    }
    if changed {
        std::borrow::Cow::Owned(chars.into_iter().collect())
    } else {
        std::borrow::Cow::Borrowed(line)
    }
}

/// Characters up to and including the first ':' of a line.
fn key_end(line: &str) -> usize {
    line.chars().take_while(|c| *c != ':').count() + 1
}

/// The bytes of the token at 1-based character `column`: up to whitespace, a flow-collection
/// delimiter, or the `: ` that ends a mapping key. At least one character where there is one.
fn token(line: &str, column: usize) -> Range<usize> {
    let start = line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let mut end = rest.len();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let key_end = c == ':' && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}') || key_end {
            end = i;
            break;
        }
    }
    if end == 0 {
        end = rest.chars().next().map_or(0, char::len_utf8);
    }
    start..start + end
}

#[cfg(test)]
mod tests {

    #[test]
    fn passwords_and_credential_values_are_masked_column_for_column() {
        let line = "    endpoint: https://alice:s3cr\u{e9}t@tempo:4318/x # and ftp://u:p@h";
        let shown = masked(line);
        assert_eq!(shown, "    endpoint: https://alice:******@tempo:4318/x # and ftp://u:*@h");
        assert_eq!(shown.chars().count(), line.chars().count());
        assert_eq!(masked("      authorization: \"Bearer abc\""), "      authorization: ******* ****");
        assert_eq!(masked("  - endpoint: http://tempo:4318"), "  - endpoint: http://tempo:4318");
        assert_eq!(masked("user@host:1 no password"), "user@host:1 no password");
        assert_eq!(masked("    endpoint: alice:pw@loki:3100/otlp"), "    endpoint: alice:**@loki:3100/otlp");
    }

    use super::*;

    #[test]
    fn tokens_end_where_yaml_ends_them() {
        let line = "      processors: [batch, memory_limiter]";
        assert_eq!(&line[token(line, 7)], "processors");
        assert_eq!(&line[token(line, 20)], "batch");
        assert_eq!(&line[token(line, 27)], "memory_limiter");
        let line = "    endpoint: http://tempo:4318 # gRPC";
        assert_eq!(&line[token(line, 15)], "http://tempo:4318");
        let line = "  memory_ballast:";
        assert_eq!(&line[token(line, 3)], "memory_ballast");
        assert_eq!(token("ab", 9), 2..2, "past the end: an empty span at the end");
        assert_eq!(&"  é: x"[token("  é: x", 3)], "é");
    }

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc\n", "x\r\n\r\n"] {
            let lines = Lines::new(text);
            let expected: Vec<&str> = text.lines().collect();
            let found: Vec<&str> = (1..=expected.len() + 2).map_while(|n| lines.get(n)).collect();
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(lines.get(0), None);
        }
    }

    #[test]
    fn plain_rendering_is_rustc_like() {
        let text = "exporters:\n  otlp/tempo:\n    endpoint: tempo:4317\n";
        let report = Report {
            diagnostics: vec![Diagnostic {
                severity: Severity::Warning,
                code: "deprecated-alias",
                message: "exporter type `otlp` is a deprecated alias".into(),
                help: Some("rename `otlp/tempo` to `otlp_grpc/tempo`".into()),
                line: 2,
                column: 3,
            }],
            env_references: vec![],
        };
        let out = human("c.yaml", text, &report, false);
        let expected = "\
warning[deprecated-alias]: exporter type `otlp` is a deprecated alias
 --> c.yaml:2:3
  |
2 |   otlp/tempo:
  |   ^^^^^^^^^^
  |
  = help: rename `otlp/tempo` to `otlp_grpc/tempo`

c.yaml: 0 error(s), 1 warning(s), 0 note(s)
";
        assert_eq!(out, expected);
        assert!(!out.contains('\u{1b}'));
        assert!(human("c.yaml", text, &report, true).contains('\u{1b}'), "styled when colour is on");
    }
}
