//! Shell completions and the man page, generated from the clap definition.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::ExitStatus;

pub fn completion_script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "otelkit", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn man_page() -> anyhow::Result<String> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// The file name under completions/ each shell's script is checked in as.
pub fn file_name(shell: clap_complete::Shell) -> &'static str {
    use clap_complete::Shell::*;
    match shell {
        Bash => "otelkit.bash",
        Zsh => "_otelkit",
        Fish => "otelkit.fish",
        Elvish => "otelkit.elv",
        PowerShell => "_otelkit.ps1",
        _ => "otelkit.unknown",
    }
}

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitStatus> {
    crate::printer::write_stdout(completion_script(shell).as_bytes());
    Ok(ExitStatus::Success)
}

pub fn man() -> anyhow::Result<ExitStatus> {
    crate::printer::write_stdout(man_page()?.as_bytes());
    Ok(ExitStatus::Success)
}
