//! Values pasted into generated files, written as each language reads them: a service name such
//! as `billing's "api"` becomes a string literal of Go, Rust, Python, JavaScript/TypeScript,
//! TOML, YAML or JSON with that exact value, or text that cannot end the comment it is in.
//!
//! Templates reach these as tera filters (`{{ service | go_str }}`, registered in
//! templates.rs); each literal filter writes the quotes too, so a template cannot pick the wrong
//! ones.

/// Characters written as an escape in every literal and comment, whatever the language allows:
/// controls (line ends among them), and the invisible ones that change how a line reads or that a
/// compiler refuses in source (bidirectional overrides, which rustc denies; U+FEFF, which Go
/// refuses after the first byte; U+2028/U+2029, line ends to some readers).
fn unprintable(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `value` between `quote`s, with `\`, the quote and unprintable characters escaped; `unicode`
/// writes the escape of a character no shorter form covers.
fn quoted(value: &str, quote: char, unicode: fn(char) -> String) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push(quote);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if unprintable(c) => out.push_str(&unicode(c)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `\uXXXX`: every unprintable character is in the Basic Multilingual Plane.
fn u4(c: char) -> String {
    format!("\\u{:04x}", c as u32)
}

/// A Go interpreted string literal: `"..."`.
pub fn go(value: &str) -> String {
    quoted(value, '"', u4)
}

/// A Rust string literal: `"..."`.
pub fn rust(value: &str) -> String {
    quoted(value, '"', |c| format!("\\u{{{:x}}}", c as u32))
}

/// A Python str literal: `"..."`.
pub fn python(value: &str) -> String {
    quoted(value, '"', u4)
}

/// A JavaScript (and TypeScript) string literal, single-quoted as the generated modules are.
pub fn javascript(value: &str) -> String {
    quoted(value, '\'', u4)
}

/// A TOML basic string.
pub fn toml(value: &str) -> String {
    quoted(value, '"', u4)
}

/// A JSON string.
pub fn json(value: &str) -> String {
    quoted(value, '"', u4)
}

/// A YAML scalar that reads back as this string: plain when nothing in it means something to
/// YAML (so `http://tempo:3200` stays as it reads), else double-quoted with JSON's escapes.
pub fn yaml(value: &str) -> String {
    let mut chars = value.chars();
    let plain_start = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '/');
    let plain_rest = chars.all(|c| c.is_ascii_alphanumeric() || "._/:@+-".contains(c));
    // YAML 1.1 and 1.2 read these as booleans or null, whatever their case.
    let keyword =
        ["y", "yes", "n", "no", "true", "false", "on", "off", "null"].iter().any(|k| value.eq_ignore_ascii_case(k));
    if plain_start && plain_rest && !keyword && !value.ends_with(':') {
        value.to_owned()
    } else {
        json(value)
    }
}

/// Text for inside a line comment (`//`, `#`, `//!`): one line, unprintable characters shown as
/// escapes, so the value cannot end the comment or hide what follows.
pub fn comment(value: &str) -> String {
    value.chars().map(|c| if unprintable(c) { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// Text for inside a Python docstring (`"""..."""`): a [`comment`] whose backslashes and quotes
/// cannot start an escape or end the string.
pub fn python_docstring(value: &str) -> String {
    comment(value).replace('\\', "\\\\").replace('"', "\\\"")
}

/// How a filter writes a value.
pub type Write = fn(&str) -> String;

/// Every filter, by the name templates use.
pub const FILTERS: &[(&str, Write)] = &[
    ("go_str", go),
    ("rust_str", rust),
    ("py_str", python),
    ("js_str", javascript),
    ("toml_str", toml),
    ("json_str", json),
    ("yaml_str", yaml),
    ("comment", comment),
    ("py_doc", python_docstring),
];

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "billing's \"api\"\\n\n\r\t${x} {{ y }} */ \u{202e}\u{feff}\u{2028}\0 \u{1f680}";

    #[test]
    fn literals_escape_what_would_end_them() {
        assert_eq!(go("billing's \"api\""), r#""billing's \"api\"""#);
        assert_eq!(javascript("billing's api"), r"'billing\'s api'");
        assert_eq!(rust("a\u{202e}b\0"), r#""a\u{202e}b\u{0}""#);
        assert_eq!(python("a\\N\u{feff}"), r#""a\\N\ufeff""#);
        assert_eq!(comment("a\nb */ \u{202e}"), r"a\nb */ \u{202e}");
        assert_eq!(python_docstring("\"\"\"\\N"), r#"\"\"\"\\N"#);
        assert_eq!(go("café 🚀"), "\"café 🚀\"", "printable text is left as it is");
    }

    #[test]
    fn toml_and_json_read_the_value_back() {
        let doc: toml::Table = toml::from_str(&format!("name = {}", toml(HOSTILE))).unwrap();
        assert_eq!(doc["name"].as_str(), Some(HOSTILE));
        let back: String = serde_json::from_str(&json(HOSTILE)).unwrap();
        assert_eq!(back, HOSTILE);
        for value in
            [HOSTILE, "http://tempo:3200", "yes", "No", "null", "1.5", "0x1f", "-a", "a: b", "a #b", "", "~", "a:"]
        {
            let back: String = serde_yaml_ng::from_str(&format!("key: {}\n", yaml(value))["key: ".len()..])
                .unwrap_or_else(|e| panic!("{value:?} as {}: {e}", yaml(value)));
            assert_eq!(back, value);
        }
        assert_eq!(yaml("http://tempo:3200"), "http://tempo:3200", "plain when plain reads the same");
    }
}
