//! One module per command; `dispatch` is the only place that knows them all.

pub mod canary;
pub mod completions;
pub mod context;
pub mod doctor;
pub mod gen;
pub mod init;
pub mod lint;
pub mod load;
pub mod smoke_test;
pub mod up;

use crate::cli::{Cli, Command};
use crate::error::{hinted, ExitStatus};
use crate::printer::Printer;
use crate::settings::{self, Settings};
use crate::templates::Templates;
use context::Context;

pub fn dispatch(cli: Cli, printer: &Printer) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Completions(args) => completions::completions(args.shell),
        Command::Man => completions::man(),
        command => {
            let project = Settings::read(&cli.global)?;
            if let Some(path) = &project.path {
                printer.debug(&format!("settings from {}", path.display()));
            }
            let templates = Templates::load(cli.global.templates.as_deref())?;
            let ctx = Context { project, templates, printer };
            let show = cli.global.show_settings;
            let shown = |value: serde_json::Value| {
                printer.json(&value);
                Ok(ExitStatus::Success)
            };
            if show
                && !matches!(
                    command,
                    Command::SmokeTest(_) | Command::Doctor(_) | Command::Canary(_) | Command::Load(_)
                )
            {
                return Err(hinted(
                    "--show-settings is for smoke-test, doctor, canary and load",
                    "e.g. otelkit smoke-test --show-settings",
                ));
            }
            match command {
                Command::Gen(command) => gen::run(&settings::gen::gen(&command, &ctx.project)?, &ctx),
                Command::Init(args) => init::run(&settings::files::init(&args), &ctx),
                Command::Lint(args) => lint::run(&settings::files::lint(&args, &ctx.project)?, &ctx),
                Command::SmokeTest(args) => match settings::pipeline::smoke_test(&args, &ctx.project)? {
                    s if show => shown(settings::show::smoke_test(&s)),
                    s => smoke_test::run(&s, &ctx),
                },
                Command::Doctor(args) => match settings::pipeline::doctor(&args, &ctx.project)? {
                    s if show => shown(settings::show::doctor(&s)),
                    s => doctor::run(&s, &ctx),
                },
                Command::Canary(args) => match settings::pipeline::canary(&args, &ctx.project)? {
                    s if show => shown(settings::show::canary(&s)),
                    s => canary::run(&s, &ctx),
                },
                Command::Load(args) => match settings::load::load(&args, &ctx.project)? {
                    s if show => shown(settings::show::load(&s)),
                    s => load::run(&s, &ctx),
                },
                Command::Up(args) => up::run(&settings::up::up(&args, &ctx.project)?, &ctx),
                Command::Down(args) => up::down(&settings::up::down(&args, &ctx.project)?, &ctx),
                Command::Completions(_) | Command::Man => unreachable!("handled above"),
            }
        }
    }
}
