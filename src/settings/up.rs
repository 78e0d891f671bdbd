//! `otelkit up` and `down`: the stack's directory, where archives come from and are cached, the
//! servers the user runs, and the collector plan that sends to the stack's stores.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::gen::collector_plan;
use super::Settings;
use crate::cli::{CollectorArgs, DownArgs, UpArgs};
use crate::collector::choices::{LogsExporter, MetricsExporter, TracesExporter};
use crate::collector::plan::CollectorPlan;
use crate::collector::Version;
use crate::error::hinted;
use crate::http::RedactedUrl;
use crate::up::fetch::Source;
use crate::up::releases::{Server, GITHUB};
use crate::up::stack::{self, Stack};

pub const DEFAULT_DIR: &str = ".otelkit/up";

/// `otelkit up`'s defaults for this project.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct UpSection {
    pub stack: Option<Stack>,
    /// The stack's directory, relative to the current directory.
    pub dir: Option<PathBuf>,
    /// The base URL of a mirror of the projects' GitHub releases.
    pub mirror: Option<String>,
}

/// `up`, resolved: all but the collector's config text, which needs the templates.
#[derive(Debug, Clone)]
pub struct UpSettings {
    pub stack: Stack,
    pub dir: PathBuf,
    pub host: String,
    pub source: Source,
    pub uses: Vec<(Server, RedactedUrl)>,
    pub plan: CollectorPlan,
    pub status: bool,
}

pub fn up(args: &UpArgs, settings: &Settings) -> anyhow::Result<UpSettings> {
    let file = &settings.file.up;
    let stack = args.stack.or(file.stack).unwrap_or(Stack::JaegerVictoria);
    let dir = stack_dir(args.dir.as_deref().or(file.dir.as_deref()))?;
    // Any address of 127.0.0.0/8 is loopback: the suite gives each run its own.
    let host = settings.env("OTELKIT_UP_HOST").filter(|h| !h.is_empty()).unwrap_or("127.0.0.1").to_owned();
    if !host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()) {
        return Err(hinted(
            format!("OTELKIT_UP_HOST={host} is not a loopback address"),
            "otelkit up listens on loopback only: 127.0.0.1 (the default) or another 127.x.y.z",
        ));
    }
    let mirror = settings.pick(args.mirror.as_deref(), &["OTELKIT_MIRROR"], file.mirror.as_deref());
    let base = match &mirror {
        Some(m) => RedactedUrl::parse_setting(m, "--mirror", "https://artifacts.example.com/github")?,
        None => RedactedUrl::parse(GITHUB)?,
    };
    let from = match &args.from {
        Some(d) if !d.is_dir() => {
            return Err(hinted(
                format!("--from {} is not a directory", d.display()),
                "the directory holding the archives",
            ))
        }
        other => other.clone(),
    };
    let source = Source { from, base, cache: cache_dir(settings)? };
    let uses = args.uses.iter().map(|u| parse_use(u, stack)).collect::<anyhow::Result<Vec<_>>>()?;
    let plan = plan_for(settings, stack, &host, &uses)?;
    Ok(UpSettings { stack, dir, host, source, uses, plan, status: args.status })
}

pub fn down(args: &DownArgs, settings: &Settings) -> anyhow::Result<PathBuf> {
    stack_dir(args.dir.as_deref().or(settings.file.up.dir.as_deref()))
}

/// Absolute: the servers run in it and are given paths under it.
fn stack_dir(dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let dir = dir.unwrap_or(Path::new(DEFAULT_DIR));
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    Ok(cwd.join(dir))
}

/// `OTELKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/otelkit/archives`, else `~/.cache/otelkit/archives`.
fn cache_dir(settings: &Settings) -> anyhow::Result<PathBuf> {
    let set = |name| settings.env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    set("OTELKIT_CACHE_DIR")
        .or_else(|| set("XDG_CACHE_HOME").map(|x| x.join("otelkit/archives")))
        .or_else(|| set("HOME").map(|h| h.join(".cache/otelkit/archives")))
        .ok_or_else(|| hinted("no cache directory for the archives: HOME is not set", "set OTELKIT_CACHE_DIR=DIR"))
}

/// `--use NAME=URL`: a server of the stack and its URL.
fn parse_use(text: &str, stack: Stack) -> anyhow::Result<(Server, RedactedUrl)> {
    let names = || stack.servers().iter().map(|s| s.name()).collect::<Vec<_>>().join(", ");
    let Some((name, url)) = text.split_once('=') else {
        return Err(hinted(
            format!("--use {text:?} is not NAME=URL"),
            format!("e.g. --use victoriametrics=http://127.0.0.1:8428; NAME one of {}", names()),
        ));
    };
    let server = Server::from_name(name).filter(|s| stack.servers().contains(s)).ok_or_else(|| {
        hinted(format!("--use {name}: the {} stack has no such server", stack.name()), format!("one of {}", names()))
    })?;
    let url = RedactedUrl::parse_setting(url, &format!("--use {name}"), "http://127.0.0.1:8428")?;
    if url.has_credentials() {
        return Err(hinted(
            format!("--use {name}: {url} carries credentials"),
            "otelkit up writes the URL into the collector's config and the env file: give it without them",
        ));
    }
    Ok((server, url))
}

/// The collector `gen collector` would write for this stack: otelkit.toml's settings (service,
/// environment, namespace), the stack's stores on the loopback host, the release `up` runs.
fn plan_for(
    settings: &Settings,
    stack: Stack,
    host: &str,
    uses: &[(Server, RedactedUrl)],
) -> anyhow::Result<CollectorPlan> {
    let mut plan = collector_plan(settings, &CollectorArgs::default(), false)?;
    plan.collector_version = Server::Collector.release().version.parse::<Version>()?;
    plan.bind = host.to_owned();
    let url = |s: Server| stack::url_of(s, host, uses).to_string().trim_end_matches('/').to_owned();
    match stack {
        Stack::JaegerVictoria => {
            plan.traces = TracesExporter::Jaeger;
            plan.jaeger_endpoint = stack::traces_otlp(Server::Jaeger, host, uses);
            plan.metrics = MetricsExporter::VictoriaMetrics;
            plan.victoriametrics_endpoint = url(Server::VictoriaMetrics);
            plan.logs = LogsExporter::VictoriaLogs;
            plan.victorialogs_endpoint = url(Server::VictoriaLogs);
        }
        Stack::Lgtm => {
            plan.traces = TracesExporter::Tempo;
            plan.tempo_endpoint = stack::traces_otlp(Server::Tempo, host, uses);
            plan.metrics = MetricsExporter::Otlp;
            plan.prometheus_endpoint = url(Server::Prometheus);
            plan.logs = LogsExporter::Loki;
            plan.loki_endpoint = url(Server::Loki);
        }
    }
    plan.insecure = true;
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn resolve(args: &[&str], env: &[(&str, &str)]) -> anyhow::Result<UpSettings> {
        resolve_with(Default::default(), args, env)
    }

    fn resolve_with(
        file: crate::settings::ProjectFile,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> anyhow::Result<UpSettings> {
        let cli = Cli::try_parse_from(["otelkit", "up"].iter().chain(args)).unwrap();
        let Command::Up(up_args) = cli.command else { unreachable!() };
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        up(&up_args, &Settings::with_env(file, env))
    }

    #[test]
    fn otelkit_toml_gives_the_stack_dir_and_mirror_flags_and_environment_win() {
        let file: crate::settings::ProjectFile =
            toml::from_str("[up]\nstack = \"lgtm\"\ndir = \"stack\"\nmirror = \"https://file.example/gh\"\n").unwrap();
        let s = resolve_with(file.clone(), &[], &[("HOME", "/h")]).unwrap();
        assert_eq!((s.stack, s.dir.ends_with("stack")), (Stack::Lgtm, true));
        assert_eq!(s.source.base.to_string(), "https://file.example/gh");
        let env = [("HOME", "/h"), ("OTELKIT_MIRROR", "https://env.example/gh")];
        let s = resolve_with(file, &["--stack", "jaeger-victoria"], &env).unwrap();
        assert_eq!(s.stack, Stack::JaegerVictoria);
        assert_eq!(s.source.base.to_string(), "https://env.example/gh");
    }

    #[test]
    fn the_cache_follows_otelkit_then_xdg_then_home() {
        let home = [("HOME", "/home/u")];
        assert_eq!(resolve(&[], &home).unwrap().source.cache, PathBuf::from("/home/u/.cache/otelkit/archives"));
        let xdg = [("HOME", "/home/u"), ("XDG_CACHE_HOME", "/x")];
        assert_eq!(resolve(&[], &xdg).unwrap().source.cache, PathBuf::from("/x/otelkit/archives"));
        let own = [("HOME", "/home/u"), ("XDG_CACHE_HOME", "/x"), ("OTELKIT_CACHE_DIR", "/c")];
        assert_eq!(resolve(&[], &own).unwrap().source.cache, PathBuf::from("/c"));
    }

    #[test]
    fn the_stack_listens_on_loopback_only_and_sends_to_its_own_stores() {
        let s = resolve(&[], &[("HOME", "/h"), ("OTELKIT_UP_HOST", "127.3.4.5")]).unwrap();
        assert_eq!(s.plan.bind, "127.3.4.5");
        assert_eq!(s.plan.jaeger_endpoint, "127.3.4.5:14317");
        assert_eq!(s.plan.victoriametrics_endpoint, "http://127.3.4.5:8428");
        assert!(s.dir.is_absolute() && s.dir.ends_with(".otelkit/up"));
        let err = resolve(&[], &[("HOME", "/h"), ("OTELKIT_UP_HOST", "0.0.0.0")]).unwrap_err().to_string();
        assert!(err.contains("is not a loopback address"), "{err}");
    }

    #[test]
    fn use_takes_a_server_of_the_stack_and_its_url() {
        let s = resolve(&["--use", "victorialogs=http://10.0.0.9:9428"], &[("HOME", "/h")]).unwrap();
        assert_eq!(s.plan.victorialogs_endpoint, "http://10.0.0.9:9428");
        let s = resolve(&["--use", "jaeger=http://jaeger.internal:16686"], &[("HOME", "/h")]).unwrap();
        assert_eq!(s.plan.jaeger_endpoint, "jaeger.internal:4317");
        for (bad, says) in [
            ("tempo=http://x", "has no such server"),
            ("jaeger", "is not NAME=URL"),
            ("jaeger=ftp://x", "is not an http"),
        ] {
            let err = resolve(&["--use", bad], &[("HOME", "/h")]).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
