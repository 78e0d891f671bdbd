//! otelkit: from no observability to proven end to end.
//!
//! `run` is the whole program; `main` only hands it the arguments, so tests can call it too.

pub mod cli;
pub mod collector;
pub mod commands;
pub mod env;
pub mod error;
pub mod http;
pub mod lang;
pub mod lint;
pub mod literals;
pub mod naming;
pub mod output;
pub mod pipeline;
pub mod printer;
pub mod query;
pub mod report;
pub mod settings;
pub mod signal;
pub mod stores;
pub mod templates;
pub mod up;

use std::ffi::OsString;
use std::process::ExitCode;

use crate::error::Hinted;
use crate::printer::Printer;

/// Parse, run, and turn the outcome into an exit code: 0 ok, 1 a check failed, 2 bad usage or input.
pub fn run<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::parse(args.into_iter().map(Into::into).collect()) {
        Ok(cli) => cli,
        Err(e) => {
            if e.print().is_err_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) {
                return ExitCode::from(printer::BROKEN_PIPE_EXIT);
            }
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    let g = &cli.global;
    let printer = Printer::new(g.color, g.format, g.verbose, g.quiet);
    match commands::dispatch(cli, &printer) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            report_error(&err, &printer);
            ExitCode::from(2)
        }
    }
}

fn report_error(err: &anyhow::Error, printer: &Printer) {
    // One line: the causes joined, newlines folded, so CI logs stay readable.
    let line = format!("{err:#}").replace('\n', " ");
    printer.error(&line);
    if let Some(h) = err.downcast_ref::<Hinted>() {
        printer.hint(&h.hint);
    }
}
