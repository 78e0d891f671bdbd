//! Resolving the flags of the commands that work on files (lint, init) with the environment and
//! otelkit.toml, in the one precedence order of [`Settings::pick`](super::Settings::pick).

use std::path::PathBuf;

use super::Settings;
use crate::cli::{InitArgs, LintArgs};
use crate::lang::Lang;
use crate::lint::LintOptions;

/// `lint`, resolved: explain one rule, or lint one file with these options.
pub enum LintSettings {
    Explain(String),
    Lint { file: Option<PathBuf>, options: LintOptions, deny_warnings: bool },
}

pub fn lint(args: &LintArgs, settings: &Settings) -> anyhow::Result<LintSettings> {
    if let Some(code) = &args.explain {
        return Ok(LintSettings::Explain(code.clone()));
    }
    Ok(LintSettings::Lint {
        file: args.file.clone(),
        options: LintOptions {
            collector_version: settings.collector_release(args.collector_version.as_deref())?,
            environment: args.environment.clone(),
            env: settings.env_vars().clone(),
        },
        deny_warnings: args.deny_warnings,
    })
}

/// `init`, resolved.
#[derive(Debug, Clone)]
pub struct InitSettings {
    pub path: PathBuf,
    pub lang: Option<Lang>,
    pub all: bool,
    /// service.name given on the command line; each service's own name otherwise.
    pub service_name: Option<String>,
    pub environment: Option<String>,
    pub metric_namespace: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

pub fn init(args: &InitArgs) -> InitSettings {
    InitSettings {
        path: args.path.clone(),
        lang: args.lang,
        all: args.all,
        service_name: args.service_name.clone(),
        environment: args.environment.clone(),
        metric_namespace: args.metric_namespace.clone(),
        dry_run: args.dry_run,
        force: args.force,
    }
}
