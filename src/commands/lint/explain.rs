//! `otelkit lint --explain CODE`: what a rule finds, why it matters, how to fix it.

use crate::lint::{Rule, Severity};
use crate::printer::Printer;

pub fn print(rule: &Rule, printer: &Printer) {
    if printer.is_json() {
        printer.json(&serde_json::to_value(rule).unwrap_or_default());
        return;
    }
    let style = match rule.severity {
        Severity::Error => console::Style::new().red().bold(),
        Severity::Warning => console::Style::new().yellow().bold(),
        Severity::Info => console::Style::new().cyan().bold(),
    };
    let heading = printer.out_style(style).apply_to(format!("{}[{}]", rule.severity.as_str(), rule.code));
    let example: String = rule.example.lines().map(|l| format!("    {l}\n")).collect();
    printer
        .result(&format!("{heading}: {}\n\nwhy: {}\nfix: {}\n\nexample:\n{example}", rule.summary, rule.why, rule.fix));
}
