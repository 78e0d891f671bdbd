//! The outcome of each check, printed for people (a table) and CI (JUnit XML).

use std::time::Duration;

use crate::pipeline::verdict::{Check, Outcome};
use crate::printer::Printer;

/// `what`: how the summary line names the run ("smoke test", "doctor").
pub fn print_human(checks: &[Check], what: &str, printer: &Printer) {
    let width = checks.iter().map(|c| c.name.len()).max().unwrap_or(5).max(5);
    let mut out = format!("{:<width$}  {:<6}  {:>8}  detail\n", "check", "result", "visible");
    for c in checks {
        let (word, style) = match c.outcome {
            Outcome::Pass => ("pass", console::Style::new().green()),
            Outcome::Warn => ("warn", console::Style::new().yellow()),
            Outcome::Fail => ("FAIL", console::Style::new().red().bold()),
            Outcome::Skip => ("skip", console::Style::new().dim()),
        };
        let visible = c.visible_after.map_or("-".to_owned(), |d| format!("{:.2}s", d.as_secs_f64()));
        out += &format!(
            "{:<width$}  {}  {:>8}  {}\n",
            c.name,
            printer.out_style(style).apply_to(format!("{word:<6}")),
            visible,
            c.detail
        );
        if c.outcome == Outcome::Fail || c.outcome == Outcome::Warn {
            if let Some(q) = &c.last_query {
                out += &format!("{:<width$}  last query: {q}\n", "");
            }
            if let Some(s) = c.last_status {
                out += &format!("{:<width$}  last HTTP status: {s}\n", "");
            }
            if let Some(curl) = &c.curl {
                out += &format!("{:<width$}  try: {curl}\n", "");
            }
        }
    }
    let failed = checks.iter().filter(|c| c.outcome == Outcome::Fail).count();
    out += &if failed == 0 { format!("{what} passed\n") } else { format!("{what} FAILED: {failed} check(s) failed\n") };
    printer.result(&out);
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .map(|c| match c {
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '&' => "&amp;".into(),
            '"' => "&quot;".into(),
            '\'' => "&apos;".into(),
            c => c.to_string(),
        })
        .collect()
}

/// JUnit XML, one testcase per check, as CI systems (GitLab, Jenkins, GitHub reporters) read it.
pub fn junit(checks: &[Check], run_id: &str, total: Duration) -> String {
    let failures = checks.iter().filter(|c| c.outcome == Outcome::Fail).count();
    let skipped = checks.iter().filter(|c| c.outcome == Outcome::Skip).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out += &format!(
        "<testsuites name=\"otelkit smoke-test\" tests=\"{}\" failures=\"{failures}\" time=\"{:.3}\">\n",
        checks.len(),
        total.as_secs_f64()
    );
    out += &format!(
        "  <testsuite name=\"otelkit smoke-test {}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" time=\"{:.3}\">\n",
        xml_escape(run_id),
        checks.len(),
        total.as_secs_f64()
    );
    for c in checks {
        let time = c.visible_after.map_or(0.0, |d| d.as_secs_f64());
        out += &format!(
            "    <testcase classname=\"otelkit.smoke.{}\" name=\"{}\" time=\"{time:.3}\"",
            c.signal,
            xml_escape(&c.name)
        );
        match c.outcome {
            Outcome::Pass => out += "/>\n",
            Outcome::Fail => {
                let mut text = c.detail.clone();
                if let Some(q) = &c.last_query {
                    text += &format!("\nlast query: {q}");
                }
                if let Some(curl) = &c.curl {
                    text += &format!("\ntry: {curl}");
                }
                out += &format!(
                    ">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml_escape(&c.detail),
                    xml_escape(&text)
                );
            }
            Outcome::Skip => {
                out += &format!(">\n      <skipped message=\"{}\"/>\n    </testcase>\n", xml_escape(&c.detail))
            }
            Outcome::Warn => {
                out +=
                    &format!(">\n      <system-out>warning: {}</system-out>\n    </testcase>\n", xml_escape(&c.detail))
            }
        }
    }
    out += "  </testsuite>\n</testsuites>\n";
    out
}
