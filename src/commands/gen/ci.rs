//! `otelkit gen ci github|gitlab`: a CI job that installs otelkit from its release, brings up a
//! pipeline (the `gen compose` stack, `otelkit up`'s processes, or the team's own endpoints) and
//! runs the smoke test.

use std::path::Path;

use super::{regenerate, Flag};
use crate::cli::{CiEndpoints, CiProvider};
use crate::collector::plan::kebab;
use crate::commands::context::Context;
use crate::error::ExitStatus;
use crate::output;
use crate::settings::gen::{CiOptions, Output};
use crate::templates::{ids, Templates};

/// Where the release the job installs lives (the shell installer cargo-dist publishes with it).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// Where each CI reads the file from, relative to the repository root.
pub fn default_path(provider: CiProvider) -> &'static str {
    match provider {
        CiProvider::Github => ".github/workflows/otelkit-smoke.yml",
        CiProvider::Gitlab => ".gitlab-ci.yml",
    }
}

/// The command that writes the job to `path`; `None`, as the header names it: where the CI reads
/// it, whatever `-o` wrote this copy (so `--check` sees no drift in how the file was named).
pub fn command(opts: &CiOptions, path: Option<&Path>) -> String {
    let program = match opts.provider {
        CiProvider::Github => "otelkit gen ci github",
        CiProvider::Gitlab => "otelkit gen ci gitlab",
    };
    let mut flags: Vec<Flag> = Vec::new();
    if opts.endpoints != CiEndpoints::Compose {
        flags.push(("--endpoints", Some(kebab(&opts.endpoints))));
    }
    if let Some(cmd) = &opts.service_cmd {
        flags.push(("--service-cmd", Some(cmd.clone())));
    }
    if opts.version != env!("CARGO_PKG_VERSION") {
        flags.push(("--otelkit-version", Some(opts.version.clone())));
    }
    regenerate(program, flags, Some(("-o", path.unwrap_or(Path::new(default_path(opts.provider))))))
}

pub fn render(opts: &CiOptions, templates: &Templates) -> anyhow::Result<String> {
    /// What the CI job templates are rendered with.
    #[derive(serde::Serialize)]
    struct Job<'a> {
        otelkit_version: &'a str,
        regenerate: String,
        version: &'a str,
        repository: &'a str,
        /// `compose`, `external` or `up`.
        endpoints: String,
        service_cmd: Option<String>,
    }
    let job = Job {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        regenerate: command(opts, None),
        version: &opts.version,
        repository: REPOSITORY.trim_end_matches('/'),
        endpoints: kebab(&opts.endpoints),
        // A JSON string is a YAML double-quoted scalar: the command arrives in an environment
        // variable byte for byte, and never in a line of the job's shell script.
        service_cmd: opts.service_cmd.as_deref().map(serde_json::to_string).transpose()?,
    };
    let name = match opts.provider {
        CiProvider::Github => ids::CI_GITHUB_YML,
        CiProvider::Gitlab => ids::CI_GITLAB_CI_YML,
    };
    templates.render_with(name, &job)
}

pub fn run(opts: &CiOptions, out: &Output, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let text = render(opts, &ctx.templates)?;
    if out.path.is_none() {
        ctx.printer.debug(&format!("write it to {}", default_path(opts.provider)));
    }
    output::emit_one(&text, out.path.as_deref(), out.check, &command(opts, out.path.as_deref()), ctx.printer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_renders_and_parses_as_yaml() {
        let templates = Templates::builtin().unwrap();
        for provider in [CiProvider::Github, CiProvider::Gitlab] {
            for endpoints in [CiEndpoints::Compose, CiEndpoints::External, CiEndpoints::Up] {
                for service_cmd in [None, Some("npm start -- --port \"8080\" 'x' ${HOME} # not a comment".to_owned())] {
                    let opts =
                        CiOptions { provider, endpoints, service_cmd: service_cmd.clone(), version: "1.2.3".into() };
                    let text = render(&opts, &templates).unwrap();
                    let doc: serde_yaml_ng::Value =
                        serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
                    assert!(text.contains("/releases/download/v${OTELKIT_VERSION}/otelkit-installer.sh"), "{text}");
                    assert!(text.contains("OTELKIT_VERSION: \"1.2.3\""), "{text}");
                    assert!(text.contains("otelkit smoke-test --junit otelkit-smoke.xml"), "{text}");
                    if let Some(cmd) = &service_cmd {
                        let env = match provider {
                            CiProvider::Github => &doc["jobs"]["smoke-test"]["steps"]
                                .as_sequence()
                                .unwrap()
                                .iter()
                                .find(|s| s["name"] == "Start the service")
                                .unwrap()["env"],
                            CiProvider::Gitlab => &doc["otelkit-smoke"]["variables"],
                        };
                        assert_eq!(env["OTELKIT_SERVICE_CMD"].as_str(), Some(cmd.as_str()), "{text}");
                    }
                }
            }
        }
    }
}
