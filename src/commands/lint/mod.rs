//! `otelkit lint`: static checks of a collector config, reported like a compiler.

mod explain;
mod render;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::lint::limits::MAX_INPUT_BYTES;
use crate::lint::{codes, lint_str, Severity, RULES};

use crate::commands::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::settings::files::LintSettings;

/// Where a project's collector config usually is, in the order lint looks.
const DEFAULT_FILES: &[&str] =
    &["otel-collector.yaml", "otelcol.yaml", "collector.yaml", "otelkit-stack/otel-collector.yaml"];

/// What stops lint before it can judge a config.
#[derive(Debug, thiserror::Error)]
pub enum LintError {
    #[error("no collector config found (looked for {})", DEFAULT_FILES.join(", "))]
    NoConfig,
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("{} is larger than {} MiB, lint's limit", path.display(), MAX_INPUT_BYTES >> 20)]
    TooLarge { path: PathBuf },
    #[error("no lint rule named {0:?}")]
    UnknownRule(String),
}

impl LintError {
    fn hint(&self) -> Option<String> {
        match self {
            LintError::NoConfig => Some(
                "pass the file: otelkit lint path/to/config.yaml, or write one with otelkit gen collector -o otel-collector.yaml"
                    .into(),
            ),
            LintError::UnknownRule(_) => {
                let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
                Some(format!("the rules are: {}", codes.join(", ")))
            }
            LintError::TooLarge { .. } => {
                Some("a collector config is kilobytes: is this the right file?".into())
            }
            LintError::Read { .. } | LintError::NotUtf8 { .. } => None,
        }
    }
}

impl LintError {
    /// For the CLI: the hint, if any, printed on its own line below the error.
    fn into_anyhow(self) -> anyhow::Error {
        match self.hint() {
            Some(hint) => hinted(self.to_string(), hint),
            None => anyhow::Error::new(self),
        }
    }
}

fn find_config(explicit: Option<&Path>) -> Result<PathBuf, LintError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    DEFAULT_FILES.iter().map(PathBuf::from).find(|p| p.is_file()).ok_or(LintError::NoConfig)
}

/// How diagnostics and errors name the config read from standard input (`otelkit lint -`).
const STDIN_NAME: &str = "<stdin>";

/// The file's text, up to the size limit (read no further: it may be a device or a pipe).
/// `-` is standard input, under the same limit.
fn read_config(path: &Path) -> Result<String, LintError> {
    let stdin = path == Path::new("-");
    let path = if stdin { Path::new(STDIN_NAME) } else { path };
    let read_error = |source| LintError::Read { path: path.to_owned(), source };
    let input: Box<dyn Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(read_error)?)
    };
    let mut bytes = Vec::new();
    input.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(read_error)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(LintError::TooLarge { path: path.to_owned() });
    }
    String::from_utf8(bytes).map_err(|_| LintError::NotUtf8 { path: path.to_owned() })
}

pub fn run(settings: &LintSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let (file, opts, deny_warnings) = match settings {
        LintSettings::Explain(code) => {
            let rule = codes::find(code).ok_or_else(|| LintError::UnknownRule(code.clone()).into_anyhow())?;
            explain::print(rule, ctx.printer);
            return Ok(ExitStatus::Success);
        }
        LintSettings::Lint { file, options, deny_warnings } => (file, options, *deny_warnings),
    };
    let path = find_config(file.as_deref()).map_err(LintError::into_anyhow)?;
    let text = read_config(&path).map_err(LintError::into_anyhow)?;
    let path = if path == Path::new("-") { PathBuf::from(STDIN_NAME) } else { path };
    let report = lint_str(&text, opts);
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    if ctx.printer.is_json() {
        ctx.printer.json(&serde_json::json!({
            "file": path.display().to_string(),
            "collector_version": opts.collector_version.to_string(),
            "errors": errors,
            "warnings": warnings,
            "diagnostics": report.diagnostics,
            "env_references": report.env_references,
        }));
    } else {
        ctx.printer.result(&render::human(&path.display().to_string(), &text, &report, ctx.printer.stdout_color()));
    }
    // A file that is not YAML (or past a limit) is bad input, not a config that failed a check.
    if report.diagnostics.iter().any(|d| d.code == codes::YAML.code) {
        return Ok(ExitStatus::BadInput);
    }
    Ok(ExitStatus::from_ok(errors == 0 && !(deny_warnings && warnings > 0)))
}
