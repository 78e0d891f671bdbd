//! The one place output goes through: results on stdout, progress and diagnostics on stderr.
//!
//! Every byte otelkit prints goes through [`write_stdout`] or [`write_stderr`], so a reader that
//! stops early (`otelkit gen collector | head -3`) ends the program quietly instead of a panic.

use std::io::{IsTerminal, Write};

use console::Style;
use indicatif::ProgressDrawTarget;

/// When to colour output (`auto` honours NO_COLOR and non-terminals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Report format of commands that report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

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
        init_tracing(verbosity, stderr_color);
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
        if text.ends_with('\n') {
            write_stdout(text.as_bytes());
        } else {
            write_stdout(format!("{text}\n").as_bytes());
        }
    }

    pub fn json(&self, value: &serde_json::Value) {
        let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
        self.result(&text);
    }

    /// Progress and explanations for a person; hidden by --quiet.
    pub fn status(&self, text: &str) {
        if self.verbosity >= 0 {
            write_stderr(format!("{text}\n").as_bytes());
        }
    }

    /// Detail for -v: through `tracing`, like everything else otelkit logs.
    pub fn debug(&self, text: &str) {
        tracing::debug!("{text}");
    }

    pub fn warn(&self, text: &str) {
        if self.verbosity >= 0 {
            let label = self.stderr_style(Style::new().yellow().bold()).apply_to("warning:");
            write_stderr(format!("{label} {text}\n").as_bytes());
        }
    }

    pub fn error(&self, text: &str) {
        let label = self.stderr_style(Style::new().red().bold()).apply_to("error:");
        write_stderr(format!("{label} {text}\n").as_bytes());
    }

    pub fn hint(&self, text: &str) {
        let label = self.stderr_style(Style::new().cyan()).apply_to("hint:");
        write_stderr(format!("  {label} {text}\n").as_bytes());
    }

    /// Where spinners draw: nowhere when stderr is not a terminal, with --quiet, or with JSON output.
    pub fn progress_target(&self) -> ProgressDrawTarget {
        if self.verbosity < 0 || self.is_json() || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        }
    }

    /// Whether text written to stdout may carry colour (--color, NO_COLOR, a terminal).
    pub fn stdout_color(&self) -> bool {
        self.stdout_color
    }

    /// Styles for text written to stdout (reports).
    pub fn out_style(&self, style: Style) -> Style {
        style.force_styling(self.stdout_color)
    }

    fn stderr_style(&self, style: Style) -> Style {
        style.for_stderr().force_styling(self.stderr_color)
    }
}

/// `-v` shows otelkit's debug events, `-vv` also every HTTP request and the status it got
/// (target `otelkit::http`), `-vvv` everything at trace level; on stderr, coloured like the rest.
/// `RUST_LOG` overrides the filter. Once per process: later calls (tests) keep the first.
fn init_tracing(verbosity: i8, color: bool) {
    use tracing_subscriber::EnvFilter;
    let default = match verbosity {
        i8::MIN..=0 => "off",
        1 => "otelkit=debug",
        2 => "otelkit=trace",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(|| QuietStderr)
        .log_internal_errors(false)
        .with_ansi(color)
        .without_time()
        .with_target(true)
        .try_init();
}

/// The exit status when the reader of stdout or stderr went away: 128 + SIGPIPE, what a shell
/// reports for a program that SIGPIPE stopped (`yes | head -1`).
pub const BROKEN_PIPE_EXIT: u8 = 141;

/// Write to stdout, flushed. See [`write_stderr`].
pub fn write_stdout(bytes: &[u8]) {
    emit(std::io::stdout().lock(), bytes);
}

/// Write to stderr, flushed. A reader that has gone away (EPIPE) ends otelkit quietly with
/// [`BROKEN_PIPE_EXIT`], as SIGPIPE ends other CLIs. (Rust ignores SIGPIPE; putting it back
/// would also kill otelkit when an HTTP peer resets a connection.) Any other error, such as a
/// full disk behind `2>file`, loses the text and nothing else: there is nowhere to report it.
pub fn write_stderr(bytes: &[u8]) {
    emit(std::io::stderr().lock(), bytes);
}

fn emit(mut stream: impl Write, bytes: &[u8]) {
    if let Err(e) = stream.write_all(bytes).and_then(|()| stream.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(BROKEN_PIPE_EXIT.into());
        }
    }
}

/// tracing's writer: stderr through [`write_stderr`].
struct QuietStderr;

impl Write for QuietStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        write_stderr(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
