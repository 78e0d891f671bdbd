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
        out += &renderer.render(&[group(path, &lines, d)]);
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

fn group<'a>(path: &'a str, lines: &Lines<'a>, d: &'a Diagnostic) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code);
    let source = lines.get(d.line).filter(|line| line.len() <= LONGEST_SHOWN_LINE);
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
