//! Every clap type of the command line lives under cli/, so the whole interface reads in one
//! place: the top level here, each command's flags beside it. Choices other layers read too
//! (exporters, modes, languages, colour, format) live in their own modules and derive `ValueEnum`
//! there; choices only a flag makes (`gen ci`'s provider and endpoints) live here.

mod gen;
mod load;
mod pipeline;
mod project;
mod shared;
mod up;

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

pub use self::gen::*;
pub use self::load::*;
pub use self::pipeline::*;
pub use self::project::*;
pub use self::shared::*;
pub use self::up::*;
pub use crate::printer::{ColorChoice, OutputFormat};

#[derive(Debug, Parser)]
#[command(
    name = "otelkit",
    version,
    about = "From no observability to proven end to end: OpenTelemetry scaffolding, pipeline configs and smoke tests",
    propagate_version = true,
    after_help = "Settings: flags > environment (OTEL_*, then OTELKIT_*) > otelkit.toml > defaults.\nExit codes: 0 ok, 1 a check failed, 2 bad usage or input."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// More output on stderr (-v, -vv)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet", help_heading = "Global options")]
    pub verbose: u8,

    /// Only results and errors
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// When to colour output (NO_COLOR is honoured by `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, help_heading = "Global options")]
    pub color: ColorChoice,

    /// Report format of commands that report
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human, help_heading = "Global options")]
    pub format: OutputFormat,

    /// The project settings file [default: ./otelkit.toml, then the nearest one above]
    #[arg(long, global = true, value_name = "FILE", env = "OTELKIT_CONFIG", help_heading = "Global options")]
    pub config: Option<PathBuf>,

    /// Ignore otelkit.toml (and OTELKIT_CONFIG)
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_config: bool,

    /// Use templates from DIR in place of the built-in ones of the same name
    #[arg(long, global = true, value_name = "DIR", env = "OTELKIT_TEMPLATES", help_heading = "Global options")]
    pub templates: Option<PathBuf>,

    /// Print the resolved settings as JSON (secrets redacted) and exit 0, sending nothing
    #[arg(long, global = true, hide = true)]
    pub show_settings: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate pipeline configuration: collector, Kubernetes, local stack, Grafana, alerts
    #[command(subcommand)]
    Gen(GenCommand),

    /// Write an OpenTelemetry module into a service (Go, Rust, Python, Node)
    Init(InitArgs),

    /// Emit traces, metrics and logs under one trace ID and find them in Tempo, Prometheus and Loki
    SmokeTest(SmokeTestArgs),

    /// Check a collector config without running it
    Lint(LintArgs),

    /// Check each hop of a running pipeline and name the broken one
    Doctor(DoctorArgs),

    /// Run the smoke test continuously and serve its results as Prometheus metrics
    Canary(CanaryArgs),
    /// Drive a pipeline at a known rate and prove what it lost, hop by hop and in the backends
    Load(LoadArgs),

    /// Start the collector and its stores as local processes, no Docker: fetched, verified, configured, ready
    Up(UpArgs),

    /// Stop what `otelkit up` started
    Down(DownArgs),

    /// Print a shell completion script
    Completions(CompletionsArgs),

    /// Print the man page (roff)
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Subcommand)]
pub enum GenCommand {
    /// An OpenTelemetry Collector config for the reference architecture
    Collector(GenCollectorArgs),
    /// Kubernetes manifests that run that collector
    K8s(GenK8sArgs),
    /// A docker-compose stack: collector, Tempo, Prometheus, Loki, Grafana
    Compose(GenComposeArgs),
    /// Grafana datasources (signals linked) and dashboards
    Grafana(GenGrafanaArgs),
    /// Prometheus alerting rules for the services and the pipeline
    Alerts(GenAlertsArgs),
    /// A CI job (GitHub Actions, GitLab CI) that runs the smoke test and fails on a failed check
    Ci(GenCiArgs),
}

/// Parse the command line. clap renders its own messages (usage errors, help), before any
/// `Cli` exists: `--color` is read from the raw arguments first, so they are coloured as it says
/// (`auto` leaves it to clap, which honours NO_COLOR and non-terminals as the printer does).
pub fn parse(args: Vec<OsString>) -> Result<Cli, clap::Error> {
    let mut command = signed_values(Cli::command().color(color_asked(&args)));
    let matches = command.try_get_matches_from_mut(args)?;
    let mut cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
    // Not clap's conflicts_with: that counts OTELKIT_CONFIG as if --config were given, and a
    // --no-config run in a shell that exports it is what --no-config is for.
    if cli.global.no_config {
        if matches.value_source("config") == Some(clap::parser::ValueSource::CommandLine) {
            let conflict = "the argument '--no-config' cannot be used with '--config <FILE>'";
            return Err(clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, conflict).format(&mut command));
        }
        cli.global.config = None;
    }
    Ok(cli)
}

/// Durations and numbers take a leading `-`, so that `--timeout -5s` and `--rate -1` reach their
/// value parser (which says what is wrong with them) instead of being read as an unknown flag.
fn signed_values(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| {
            let names = arg.get_value_names().unwrap_or_default();
            if names.iter().any(|n| matches!(n.as_str(), "DURATION" | "SECONDS")) {
                arg.allow_hyphen_values(true)
            } else if names.iter().any(|n| matches!(n.as_str(), "N" | "W" | "PERCENT" | "RATIO" | "TOKENS")) {
                arg.allow_negative_numbers(true)
            } else {
                arg
            }
        })
        .mut_subcommands(signed_values)
}

/// A whole-number flag from `min` to `max`, said in words: clap's own parser of an unsigned
/// number calls `-1` an "invalid digit".
pub fn whole<T>(min: T, max: T) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync + 'static
where
    T: TryFrom<i128> + Into<i128> + Copy + std::fmt::Display + Send + Sync + 'static,
{
    move |text: &str| {
        let n: i128 = text.trim().parse().map_err(|_| "not a whole number".to_owned())?;
        match T::try_from(n) {
            _ if n < 0 && min.into() > 0 => Err("must be positive".to_owned()),
            _ if n < 0 => Err("must not be negative".to_owned()),
            Ok(v) if n >= min.into() && n <= max.into() => Ok(v),
            _ => Err(format!("must be {min} to {max}")),
        }
    }
}

/// The last `--color WHEN` / `--color=WHEN` before a `--`; auto when absent or not a choice.
fn color_asked(args: &[OsString]) -> clap::ColorChoice {
    let mut asked = None;
    let mut words = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(word) = words.next() {
        match word {
            "--" => break,
            "--color" => asked = words.next(),
            _ => {
                if let Some(value) = word.strip_prefix("--color=") {
                    asked = Some(value);
                }
            }
        }
    }
    match asked {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn signed_values_reach_their_parsers() {
        signed_values(Cli::command()).debug_assert();
        let rate = whole(0u64, 10);
        assert_eq!(rate("-1").unwrap_err(), "must not be negative");
        assert_eq!(whole(1u32, 10)("-1").unwrap_err(), "must be positive");
        assert_eq!(rate("11").unwrap_err(), "must be 0 to 10");
        assert_eq!(rate(" 7 "), Ok(7));
        assert_eq!(rate("x").unwrap_err(), "not a whole number");
        let err = parse(["otelkit", "load", "--rate", "-1"].map(OsString::from).to_vec()).unwrap_err();
        assert!(err.to_string().contains("must not be negative"), "{err}");
    }

    #[test]
    fn color_is_read_before_parsing() {
        let args = |line: &str| line.split(' ').map(OsString::from).collect::<Vec<_>>();
        assert_eq!(color_asked(&args("otelkit --color never gen --bogus")), clap::ColorChoice::Never);
        assert_eq!(color_asked(&args("otelkit gen --color=always")), clap::ColorChoice::Always);
        assert_eq!(color_asked(&args("otelkit init -- --color never")), clap::ColorChoice::Auto);
        assert_eq!(color_asked(&args("otelkit --color")), clap::ColorChoice::Auto);
    }
}
