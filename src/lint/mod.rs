//! The lint engine: a collector config's text in, diagnostics out. Pure (no files, no printing),
//! so `otelkit lint`, the generators (which refuse to write a config it rejects), the tests and
//! the fuzz target all call [`lint_str`].

pub mod codes;
pub mod limits;
mod rules;
mod tree;

pub use codes::{Rule, Severity, RULES};
pub use rules::{lint_str, Diagnostic, EnvRef, LintOptions, Report};
