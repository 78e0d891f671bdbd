//! `otelkit gen ci github|gitlab`: a CI job that installs otelkit from its release, brings up a
//! pipeline (the `gen compose` stack, or the team's own endpoints) and runs the smoke test.

use crate::cli::{CiEndpoints, CiProvider, GenCiArgs};
use crate::commands::Context;
use crate::error::{hinted, ExitStatus};
use crate::output;
use crate::templates::Templates;

/// Where the release the job installs lives (the shell installer cargo-dist publishes with it).
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// What shapes the job.
#[derive(Debug, Clone)]
pub struct CiOptions {
    pub provider: CiProvider,
    pub endpoints: CiEndpoints,
    pub service_cmd: Option<String>,
    /// The otelkit release the job installs.
    pub version: String,
}

impl CiOptions {
    pub fn from_args(args: &GenCiArgs) -> anyhow::Result<Self> {
        let version = args.otelkit_version.clone().unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_owned());
        let version = version.strip_prefix('v').unwrap_or(&version).to_owned();
        if !is_release_version(&version) {
            return Err(hinted(
                format!("--otelkit-version {version:?} is not a release version"),
                "e.g. 0.1.0 (a tag v0.1.0 of the release)",
            ));
        }
        let service_cmd = match args.service_cmd.as_deref().map(str::trim) {
            Some("") => return Err(hinted("--service-cmd is empty", "e.g. --service-cmd './bin/api'")),
            other => other.map(str::to_owned),
        };
        Ok(Self { provider: args.provider, endpoints: args.endpoints, service_cmd, version })
    }
}

/// `1.2.3`, `1.2.3-rc.1`: what a release tag `v<version>` carries.
fn is_release_version(v: &str) -> bool {
    let (core, pre) = match v.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && pre.is_none_or(|p| {
            !p.is_empty() && p.split('.').all(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
        })
}

/// Where each CI reads the file from, relative to the repository root.
pub fn default_path(provider: CiProvider) -> &'static str {
    match provider {
        CiProvider::Github => ".github/workflows/otelkit-smoke.yml",
        CiProvider::Gitlab => ".gitlab-ci.yml",
    }
}

pub fn render(opts: &CiOptions, templates: &Templates) -> anyhow::Result<String> {
    let mut ctx = tera::Context::new();
    ctx.insert("otelkit_version", env!("CARGO_PKG_VERSION"));
    ctx.insert("version", &opts.version);
    ctx.insert("repository", REPOSITORY.trim_end_matches('/'));
    ctx.insert("external", &(opts.endpoints == CiEndpoints::External));
    // A JSON string is a YAML double-quoted scalar: the command arrives in an environment
    // variable byte for byte, and never in a line of the job's shell script.
    let quoted = opts.service_cmd.as_deref().map(serde_json::to_string).transpose()?;
    ctx.insert("service_cmd", &quoted);
    let name = match opts.provider {
        CiProvider::Github => "ci/github.yml",
        CiProvider::Gitlab => "ci/gitlab-ci.yml",
    };
    templates.render(name, &ctx)
}

pub fn run(args: &GenCiArgs, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let opts = CiOptions::from_args(args)?;
    let text = render(&opts, &ctx.templates)?;
    if args.out.output.is_none() {
        ctx.printer.debug(&format!("write it to {}", default_path(opts.provider)));
    }
    let generator = match opts.provider {
        CiProvider::Github => "otelkit gen ci github -o ...",
        CiProvider::Gitlab => "otelkit gen ci gitlab -o ...",
    };
    output::emit_one(&text, args.out.output.as_deref(), args.out.check, generator, ctx.printer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_versions() {
        for ok in ["0.1.0", "1.22.333", "1.0.0-rc.1", "2.0.0-beta"] {
            assert!(is_release_version(ok), "{ok}");
        }
        for bad in ["", "1.0", "1.0.0.0", "1.0.x", "latest", "1.0.0-", "1.0.0-a..b", "1.0.0 ; rm -rf /", "1.0.0-$(x)"] {
            assert!(!is_release_version(bad), "{bad}");
        }
    }

    #[test]
    fn every_combination_renders_and_parses_as_yaml() {
        let templates = Templates::builtin().unwrap();
        for provider in [CiProvider::Github, CiProvider::Gitlab] {
            for endpoints in [CiEndpoints::Compose, CiEndpoints::External] {
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
