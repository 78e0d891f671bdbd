//! What every command gets, built once by `dispatch`.

use std::future::Future;
use std::time::Duration;

use crate::printer::Printer;
use crate::settings::Settings;
use crate::templates::Templates;

/// What every command gets: the project's settings sources (otelkit.toml and the environment,
/// not yet resolved against any command's flags), templates loaded, the printer.
pub struct Context<'a> {
    pub project: Settings,
    pub templates: Templates,
    pub printer: &'a Printer,
}

/// Run a command's work on a multi-threaded tokio runtime of `workers` threads, then shut it down
/// without waiting on what is still in flight (an abandoned run, a DNS lookup on the blocking
/// pool): nothing keeps the process alive after the work is done.
pub fn block_on<F: Future>(workers: usize, work: F) -> anyhow::Result<F::Output> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(workers).enable_all().build()?;
    let output = runtime.block_on(work);
    runtime.shutdown_timeout(Duration::from_millis(200));
    Ok(output)
}
