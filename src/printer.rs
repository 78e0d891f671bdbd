//! The one place output goes through: results on stdout, progress and diagnostics on stderr.

use std::io::{IsTerminal, Write};

use console::Style;
use indicatif::ProgressDrawTarget;

use crate::cli::{ColorChoice, OutputFormat};

#[derive(Debug, Clone)]
pub struct Printer {
    pub format: OutputFormat,
    verbosity: i8,
    stderr_color: bool,
    stdout_color: bool,
}

impl Printer {
    pub fn new(color: ColorChoice, format: OutputFormat, verbose: u8, quiet: bool) -> Self {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |is_tty: bool| match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color_env && std::env::var("TERM").map_or(true, |t| t != "dumb"),
        };
        let stderr_color = decide(std::io::stderr().is_terminal());
        let stdout_color = decide(std::io::stdout().is_terminal());
        console::set_colors_enabled(stdout_color);
        console::set_colors_enabled_stderr(stderr_color);
        let verbosity = if quiet { -1 } else { verbose.min(3) as i8 };
        Self { format, verbosity, stderr_color, stdout_color }
    }

    /// A printer for tests and library callers: plain, human, normal verbosity.
    pub fn plain() -> Self {
        Self { format: OutputFormat::Human, verbosity: 0, stderr_color: false, stdout_color: false }
    }

    /// This printer with status lines and spinners off (a canary's runs draw nothing).
    pub fn silenced(&self) -> Self {
        Self { verbosity: -1, ..self.clone() }
    }

    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// A result: generated files, reports. Always printed, even with --quiet.
    pub fn result(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        // A closed pipe (`otelkit gen collector | head`) is not an error worth a panic.
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        let _ = out.flush();
    }

    pub fn json(&self, value: &serde_json::Value) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
        self.result(&text);
    }

    /// Progress and explanations for a person; hidden by --quiet.
    pub fn status(&self, text: &str) {
        if self.verbosity >= 0 {
            eprintln!("{text}");
        }
    }

    pub fn debug(&self, text: &str) {
        if self.verbosity >= 1 {
            eprintln!("{} {text}", self.dim().apply_to("debug:"));
        }
    }

    pub fn warn(&self, text: &str) {
        if self.verbosity >= 0 {
            eprintln!("{} {text}", self.stderr_style(Style::new().yellow().bold()).apply_to("warning:"));
        }
    }

    pub fn error(&self, text: &str) {
        eprintln!("{} {text}", self.stderr_style(Style::new().red().bold()).apply_to("error:"));
    }

    pub fn hint(&self, text: &str) {
        eprintln!("  {} {text}", self.stderr_style(Style::new().cyan()).apply_to("hint:"));
    }

    /// Where spinners draw: nowhere when stderr is not a terminal, with --quiet, or with JSON output.
    pub fn progress_target(&self) -> ProgressDrawTarget {
        if self.verbosity < 0 || self.is_json() || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        }
    }

    fn dim(&self) -> Style {
        self.stderr_style(Style::new().dim())
    }

    /// Styles for text written to stdout (reports).
    pub fn out_style(&self, style: Style) -> Style {
        style.force_styling(self.stdout_color)
    }

    fn stderr_style(&self, style: Style) -> Style {
        style.for_stderr().force_styling(self.stderr_color)
    }
}
