//! The outcome of each check, printed for people (a table), scripts (the JSON report) and CI
//! (JUnit XML); and the one way a command that runs checks ends.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::error::ExitStatus;
use crate::pipeline::load::checks::SignalReport;
use crate::pipeline::verdict::{Check, Outcome};
use crate::printer::Printer;

/// A command's report, as each --format shows it.
pub trait Report: Serialize {
    fn checks(&self) -> &[Check];
    fn passed(&self) -> bool;
    fn print_human(&self, printer: &Printer);
}

/// The end of every command that runs checks: the --junit file (written whole or not at all),
/// then the report on stdout as --format says, then the exit status: 1 when it did not pass.
pub fn finish(report: &impl Report, junit: Option<(&Path, JunitRun)>, printer: &Printer) -> anyhow::Result<ExitStatus> {
    if let Some((path, run)) = junit {
        let xml = self::junit(report.checks(), &run)?;
        crate::output::write_atomic(path, xml.as_bytes()).map_err(|e| anyhow::anyhow!("--junit: {e:#}"))?;
    }
    if printer.is_json() {
        printer.json(&serde_json::to_value(report)?);
    } else {
        report.print_human(printer);
    }
    Ok(ExitStatus::from_ok(report.passed()))
}

/// The table of checks. `what`: how the summary line names the run ("smoke test", "doctor").
pub fn print_checks(checks: &[Check], what: &str, printer: &Printer) {
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

/// The version of the `--format json` report's shape (docs/report.schema.json). A change that
/// removes or renames a field, or changes its type, bumps it; adding a field does not.
pub const SCHEMA_VERSION: u32 = 1;

/// The `--format json` report of smoke-test and doctor (and the commands that run checks).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct JsonReport {
    pub schema_version: u32,
    /// "smoke-test", "doctor"
    pub command: String,
    /// No check failed.
    pub passed: bool,
    /// The synthetic run's id, trace id and service (absent when no run was sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// Wall time of the whole command.
    pub seconds: f64,
    pub checks: Vec<Check>,
}

impl JsonReport {
    pub fn new(command: &str, checks: &[Check], total: Duration) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            command: command.to_owned(),
            passed: crate::pipeline::verdict::passed(checks),
            run_id: None,
            trace_id: None,
            service_name: None,
            seconds: total.as_secs_f64(),
            checks: checks.to_vec(),
        }
    }

    /// The JSON Schema of this report, as docs/report.schema.json holds it.
    pub fn schema() -> String {
        let schema = schemars::schema_for!(JsonReport);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

impl Report for JsonReport {
    fn checks(&self) -> &[Check] {
        &self.checks
    }

    fn passed(&self) -> bool {
        self.passed
    }

    fn print_human(&self, printer: &Printer) {
        // The summary line says "smoke test passed", as the command's name reads.
        print_checks(&self.checks, &self.command.replace('-', " "), printer);
    }
}

/// The `--format json` report of `otelkit load`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct LoadReport {
    pub schema_version: u32,
    /// "load"
    pub command: String,
    /// No signal lost more than --max-loss.
    pub passed: bool,
    pub run_id: String,
    pub service_name: String,
    pub max_loss_percent: f64,
    /// Why sending stopped early (interrupt, dead endpoint).
    pub stopped: Option<String>,
    /// Seconds spent sending.
    pub send_seconds: f64,
    /// Wall time of the whole command.
    pub seconds: f64,
    pub signals: Vec<SignalReport>,
    pub checks: Vec<Check>,
}

impl LoadReport {
    /// The JSON Schema of this report, as docs/load-report.schema.json holds it.
    pub fn schema() -> String {
        let schema = schemars::schema_for!(LoadReport);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

impl Report for LoadReport {
    fn checks(&self) -> &[Check] {
        &self.checks
    }

    fn passed(&self) -> bool {
        self.passed
    }

    /// Each signal's figures, then the checks.
    fn print_human(&self, printer: &Printer) {
        let mut out = format!(
            "{:<8} {:>12} {:>12} {:>10} {:>10} {:>12} {:>11} {:>10} {:>8} {:>10}\n",
            "signal", "sent", "accepted", "refused", "failed", "found", "not-visible", "lost", "loss%", "rate/s"
        );
        let mut notes = String::new();
        for s in &self.signals {
            let found = match s.found {
                Some(f) => format!("{}{f}", if s.found_at_least { ">=" } else { "" }),
                None => "-".into(),
            };
            out += &format!(
                "{:<8} {:>12} {:>12} {:>10} {:>10} {:>12} {:>11} {:>10} {:>8.3} {:>10.1}\n",
                s.signal, s.sent, s.accepted, s.refused, s.failed, found, s.not_visible, s.lost, s.loss_percent, s.rate
            );
            if let (Some(reads), Some(expected)) = (s.counter, s.counter_expected) {
                notes += &format!(
                    "{}: found = accepted points the run's counter accounts for (it reads {reads}, {expected} once each series' last accepted point arrived); a cumulative counter shows each series' last point, not points lost before it\n",
                    s.signal
                );
            }
            if s.not_visible > 0 {
                notes += &format!(
                    "{}: {} not yet visible after {}s (--settle ran out before the count stopped growing): not proven lost; a longer --settle tells\n",
                    s.signal,
                    s.not_visible,
                    s.counted_seconds.unwrap_or_default()
                );
            }
        }
        out += &notes;
        if let Some(why) = &self.stopped {
            out += &format!("stopped early: {why}\n");
        }
        out += &format!("run {} (service {}), max loss {}%\n\n", self.run_id, self.service_name, self.max_loss_percent);
        printer.result(&out);
        print_checks(&self.checks, "load", printer);
    }
}

/// What a JUnit report is about: its suite names the command (stable from run to run, so a CI's
/// test history follows it); the run's identity goes into properties, never into a name.
pub struct JunitRun<'a> {
    /// "otelkit smoke-test", "otelkit doctor", ...
    pub suite: &'a str,
    /// Test case class names are `<prefix>.<signal>`, e.g. "otelkit.smoke.traces".
    pub class_prefix: &'a str,
    /// (name, value) pairs: run id, trace id, service.
    pub properties: Vec<(&'a str, String)>,
    pub total: Duration,
}

/// JUnit XML, one testcase per check, as CI systems (GitLab, Jenkins, GitHub reporters) read it.
pub fn junit(checks: &[Check], run: &JunitRun) -> anyhow::Result<String> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut suite = TestSuite::new(run.suite);
    suite.set_time(run.total);
    for (name, value) in &run.properties {
        suite.add_property((*name, value.as_str()));
    }
    for c in checks {
        let status = match c.outcome {
            Outcome::Pass | Outcome::Warn => TestCaseStatus::success(),
            Outcome::Fail => {
                let mut text = c.detail.clone();
                if let Some(q) = &c.last_query {
                    text += &format!("\nlast query: {q}");
                }
                if let Some(curl) = &c.curl {
                    text += &format!("\ntry: {curl}");
                }
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(c.detail.as_str()).set_description(text);
                status
            }
            Outcome::Skip => {
                let mut status = TestCaseStatus::skipped();
                status.set_message(c.detail.as_str());
                status
            }
        };
        let mut case = TestCase::new(c.name.as_str(), status);
        case.set_classname(format!("{}.{}", run.class_prefix, c.signal));
        case.set_time(c.visible_after.unwrap_or_default());
        if c.outcome == Outcome::Warn {
            case.set_system_out(format!("warning: {}", c.detail));
        }
        suite.add_test_case(case);
    }
    let mut report = Report::new(run.suite);
    report.set_time(run.total);
    report.add_test_suite(suite);
    report.to_string().map_err(|e| anyhow::anyhow!("writing the JUnit report: {e}"))
}
