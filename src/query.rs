//! Values and names placed into PromQL, LogQL, TraceQL and LogsQL. All four read string literals
//! with Go's rules (Prometheus, Loki and VictoriaLogs through `strconv.Unquote`, Tempo through
//! `text/scanner`), so one quoting serves them: a value given on the command line or in
//! otelkit.toml can never close its string and add query text of its own.

/// A double-quoted string literal that PromQL, LogQL and TraceQL read back as exactly `value`:
/// Go's interpreted string literal, as generated Go code writes it.
pub fn quoted(value: &str) -> String {
    crate::literals::go(value)
}

/// `name="value"`, the value quoted; a label name outside the legacy set (`gen_ai.system`, kept by
/// Prometheus 3's UTF-8 translation strategies) quoted as well: `"gen_ai.system"="value"`.
pub fn matcher(name: &str, value: &str) -> String {
    format!("{}={}", label(name), quoted(value))
}

/// `metric{name="value"}`: one series selector with an exact label match.
pub fn selector(metric: &str, label: &str, value: &str) -> String {
    series(metric, &matcher(label, value))
}

/// A series selector of `metric` and `matchers` (already built, comma-separated, maybe empty):
/// `metric{matchers}`, or for a name outside `[a-zA-Z_:][a-zA-Z0-9_:]*` Prometheus 3's UTF-8
/// form, the quoted name first inside the braces: `{"chat.tokens_total", matchers}`.
pub fn series(metric: &str, matchers: &str) -> String {
    if is_legacy_metric_name(metric) {
        format!("{metric}{{{matchers}}}")
    } else if matchers.is_empty() {
        format!("{{{}}}", quoted(metric))
    } else {
        format!("{{{}, {matchers}}}", quoted(metric))
    }
}

/// A label name as PromQL reads it: bare when it can be, quoted otherwise.
pub fn label(name: &str) -> String {
    if is_legacy_name(name, false) {
        name.to_owned()
    } else {
        quoted(name)
    }
}

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`: a metric name every PromQL parser reads without quotes.
pub fn is_legacy_metric_name(name: &str) -> bool {
    is_legacy_name(name, true)
}

fn is_legacy_name(name: &str, colon: bool) -> bool {
    let ok = |c: char| c.is_ascii_alphabetic() || c == '_' || (colon && c == ':');
    let mut chars = name.chars();
    chars.next().is_some_and(ok) && chars.all(|c| ok(c) || c.is_ascii_digit())
}

/// A LogsQL stream filter `{"field"="value"}`. The field name is quoted too: LogsQL reads a
/// quoted field name as the name, and OpenTelemetry names carry dots.
pub fn logsql_stream(field: &str, value: &str) -> String {
    format!("{{{}={}}}", quoted(field), quoted(value))
}

/// A LogsQL exact-match filter `"field":="value"`: the whole field equals the value (a `*` inside
/// the quotes is a character, not a prefix wildcard).
pub fn logsql_exact(field: &str, value: &str) -> String {
    format!("{}:={}", quoted(field), quoted(value))
}

/// The longest run id accepted: it is a label value in every backend and part of file names.
pub const RUN_ID_MAX: usize = 128;

/// A run id given by the user (`--run-id`): it becomes a span attribute, a Prometheus label and
/// a Loki label value, and is matched in all three query languages. Letters, digits and `._:-`
/// keep it readable in every one of them and in a JUnit test name.
pub fn check_run_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > RUN_ID_MAX {
        return Err(format!("--run-id must be 1 to {RUN_ID_MAX} characters"));
    }
    match id.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ':' | '-'))) {
        Some(c) => Err(format!("--run-id may hold letters, digits and . _ : - only, not {c:?}")),
        None => Ok(()),
    }
}

/// A Prometheus duration in seconds (`5m`, `1h30m`, `250ms`: one or more number-unit pairs);
/// None when it is not one.
pub fn prometheus_duration_seconds(text: &str) -> Option<f64> {
    let mut rest = text;
    if rest.is_empty() {
        return None;
    }
    let mut seconds = 0.0;
    while !rest.is_empty() {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let units = [
            ("ms", 0.001),
            ("s", 1.0),
            ("m", 60.0),
            ("h", 3600.0),
            ("d", 86_400.0),
            ("w", 604_800.0),
            ("y", 31_536_000.0),
        ];
        let (unit, factor) = units.into_iter().find(|(u, _)| rest.starts_with(u))?;
        seconds += number * factor;
        rest = &rest[unit.len()..];
    }
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_cannot_close_the_string() {
        assert_eq!(quoted(r#"x"} or vector(1) #"#), r#""x\"} or vector(1) #""#);
        assert_eq!(quoted("a\\\"b"), r#""a\\\"b""#);
        assert_eq!(quoted("line\nbreak\u{7}"), r#""line\nbreak\u0007""#);
        assert_eq!(quoted("billing's api ✓"), r#""billing's api ✓""#);
    }

    #[test]
    fn selectors_quote_their_values() {
        assert_eq!(selector("up", "job", r#"a"b"#), r#"up{job="a\"b"}"#);
    }

    #[test]
    fn logsql_filters_quote_names_and_values() {
        assert_eq!(logsql_stream("service.name", "checkout"), r#"{"service.name"="checkout"}"#);
        assert_eq!(logsql_exact("trace_id", "0af7"), r#""trace_id":="0af7""#);
        // Hostile values stay one string: no pipe, no `or`, no closing brace, no prefix wildcard.
        assert_eq!(
            logsql_exact("otelkit.run_id", r#"x" or * | delete _msg #"#),
            r#""otelkit.run_id":="x\" or * | delete _msg #""#
        );
        assert_eq!(
            logsql_stream("service.name", r#"a"} | stats count() #"#),
            r#"{"service.name"="a\"} | stats count() #"}"#
        );
        assert_eq!(logsql_exact("trace_id", "ab*"), r#""trace_id":="ab*""#);
        assert_eq!(logsql_exact("f", "tab\tnl\n`'\\"), r#""f":="tab\tnl\n`'\\""#);
        assert_eq!(logsql_exact(r#"we"ird"#, "v"), r#""we\"ird":="v""#);
    }

    #[test]
    fn utf8_names_are_quoted_inside_the_braces_name_first() {
        assert_eq!(
            selector("chat.tokens_total", "gen_ai.system", "x"),
            r#"{"chat.tokens_total", "gen_ai.system"="x"}"#
        );
        assert_eq!(selector("chat_tokens_total", "gen_ai_system", "x"), r#"chat_tokens_total{gen_ai_system="x"}"#);
        assert_eq!(series("chat.tokens", ""), r#"{"chat.tokens"}"#);
        assert_eq!(series("a:b_c", ""), "a:b_c{}");
        assert_eq!(label("a:b"), r#""a:b""#);
        for (name, legacy) in [("_x1", true), ("x:y", true), ("1x", false), ("", false), ("é", false), ("a-b", false)]
        {
            assert_eq!(is_legacy_metric_name(name), legacy, "{name}");
        }
    }

    #[test]
    fn run_ids_are_plain() {
        assert!(check_run_id("ci-1234.5_a:b").is_ok());
        assert!(check_run_id("").is_err());
        assert!(check_run_id(&"a".repeat(RUN_ID_MAX + 1)).is_err());
        let err = check_run_id(r#"x"} or vector(1) #"#).unwrap_err();
        assert!(err.contains("'\"'"), "{err}");
    }

    #[test]
    fn prometheus_durations() {
        for ok in ["5m", "30s", "1h30m", "250ms", "2d"] {
            assert!(prometheus_duration_seconds(ok).is_some(), "{ok}");
        }
        for bad in ["", "5", "m5", "5 m", "1.5h", "5min"] {
            assert_eq!(prometheus_duration_seconds(bad), None, "{bad}");
        }
        assert_eq!(prometheus_duration_seconds("1h30m"), Some(5400.0));
        assert_eq!(prometheus_duration_seconds("250ms"), Some(0.25));
    }
}
