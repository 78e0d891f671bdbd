//! `otelkit up`'s machinery: the pinned releases (`releases.rs`), fetching and verifying them
//! (`fetch.rs`, `archive.rs`), the stacks' layout (`stack.rs`) and Tempo's and Loki's configs
//! (`configs.rs`), ports (`ports.rs`), processes and their state (`processes.rs`), readiness
//! (`ready.rs`). The command is a thin layer over `up`,
//! `status` and `down` here.

pub mod archive;
pub mod configs;
pub mod fetch;
pub mod ports;
pub mod processes;
pub mod ready;
pub mod releases;
pub mod stack;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use self::processes::{Running, State};
use self::releases::Server;
use self::stack::{Launch, Stack};
use crate::error::hinted;
use crate::http::{self, RedactedUrl};
use crate::printer::Printer;

/// Everything `up` was asked for, resolved.
#[derive(Debug, Clone)]
pub struct Request {
    pub stack: Stack,
    pub dir: PathBuf,
    pub host: String,
    pub source: fetch::Source,
    pub uses: Vec<(Server, RedactedUrl)>,
    /// The collector's config (`gen collector`'s for this stack), Tempo's and Loki's templates.
    pub rendered: stack::Rendered,
    pub ready_timeout: Duration,
}

/// What `up` did: the state it left, whether it was already up, and the servers that started but
/// did not come up (a failed start, exit 1, where a refusal before anything starts is exit 2).
pub struct Outcome {
    pub state: State,
    pub already_up: bool,
    pub not_ready: Vec<anyhow::Error>,
}

/// Start what is not running, wait until all of it is ready, record it.
pub async fn up(req: &Request, printer: &Printer) -> anyhow::Result<Outcome> {
    std::fs::create_dir_all(req.dir.join("logs")).with_context(|| format!("cannot create {}", req.dir.display()))?;
    let before = processes::State::read(&req.dir)?;
    if let Some(b) = &before {
        if b.stack != req.stack.name() {
            return Err(hinted(
                format!("{} runs the {} stack, not {}", req.dir.display(), b.stack, req.stack.name()),
                "otelkit down first, or pass another --dir",
            ));
        }
    }
    let alive =
        |name: &str| before.as_ref().and_then(|b| b.servers.iter().find(|r| r.name == name && r.is_alive()).cloned());
    let client = http::client(&http::TlsOptions::default(), Duration::from_secs(5))?;
    let mut servers = Vec::new();
    let mut to_start: Vec<Launch> = Vec::new();
    for &server in req.stack.servers() {
        if let Some((_, url)) = req.uses.iter().find(|(s, _)| *s == server) {
            ready::reachable(&client, server.name(), url, stack::ready_path(server)).await?;
            servers.push(Running {
                name: server.name().into(),
                version: "yours".into(),
                pid: None,
                start_time: None,
                url: url.to_string().trim_end_matches('/').to_owned(),
                ports: vec![],
                log: None,
            });
        } else if let Some(running) = alive(server.name()) {
            servers.push(running);
        } else {
            to_start.push(stack::launch(server, &req.host, &req.dir, &req.rendered, &req.uses)?);
        }
    }
    if to_start.is_empty() && before.is_some() {
        let state = State { servers, ..before.unwrap_or_default() };
        return Ok(Outcome { state, already_up: true, not_ready: vec![] });
    }
    // Every port first: nothing starts when one of them is taken.
    for launch in &to_start {
        for &port in &launch.ports {
            ports::ensure_free(&req.host, port, launch.server.name())?;
        }
    }
    let mut binaries = Vec::new();
    for launch in &to_start {
        binaries.push(fetch::binary(launch.server.release(), &req.source, printer).await?);
    }
    let mut state = State { stack: req.stack.name().into(), servers, env: stack::env(req.stack, &req.host, &req.uses) };
    let mut started = Vec::new();
    for (launch, binary) in to_start.iter().zip(&binaries) {
        for (name, text) in &launch.files {
            let path = req.dir.join(name);
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        }
        let log = req.dir.join("logs").join(format!("{}.log", launch.server.name()));
        printer.status(&format!("starting {} ({})", launch.server.name(), binary.display()));
        let (pid, start_time) = processes::spawn(binary, &launch.args, &req.dir, &log)?;
        let running = Running {
            name: launch.server.name().into(),
            version: launch.server.release().version.into(),
            pid: Some(pid),
            start_time,
            url: launch.url.to_string().trim_end_matches('/').to_owned(),
            ports: launch.ports.clone(),
            log: Some(log),
        };
        state.servers.push(running.clone());
        started.push((running, launch.ready.clone()));
        // Recorded at once: a failure later leaves what `down` needs to stop it.
        state.write(&req.dir)?;
    }
    let mut not_ready = Vec::new();
    for (running, ready_url) in &started {
        if let Err(e) = ready::wait(&client, running, ready_url, req.ready_timeout).await {
            not_ready.push(e);
        }
    }
    if not_ready.is_empty() {
        let url = |s: Server| stack::url_of(s, &req.host, &req.uses);
        let store = match req.stack {
            Stack::JaegerVictoria => Server::Jaeger,
            Stack::Lgtm => Server::Tempo,
        };
        if let Err(e) =
            ready::span_arrives(&client, &url(Server::Collector), store, &url(store), req.ready_timeout).await
        {
            not_ready.push(e);
        }
    }
    order_as_stack(&mut state, req.stack);
    state.write(&req.dir)?;
    write_env(&req.dir, &state.env)?;
    Ok(Outcome { state, already_up: false, not_ready })
}

fn order_as_stack(state: &mut State, stack: Stack) {
    let rank = |name: &str| stack.servers().iter().position(|s| s.name() == name).unwrap_or(usize::MAX);
    state.servers.sort_by_key(|r| rank(&r.name));
}

/// `DIR/env`: the stack's environment as a shell reads it (`set -a; . DIR/env; set +a`).
pub fn write_env(dir: &Path, env: &[(String, String)]) -> anyhow::Result<()> {
    let text: String = env.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    let path = dir.join("env");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Stop every recorded server that is still the process `up` started; remove the state when all
/// are gone. Returns the names of those that would not stop.
pub fn down(dir: &Path, printer: &Printer) -> anyhow::Result<Option<Vec<String>>> {
    let Some(state) = State::read(dir)? else { return Ok(None) };
    let mut stuck = Vec::new();
    for server in state.servers.iter().rev() {
        if server.pid.is_none() {
            continue;
        }
        if server.is_alive() {
            printer.status(&format!("stopping {} (pid {})", server.name, server.pid.unwrap_or(0)));
        }
        if !processes::stop(server, Duration::from_secs(10)) {
            stuck.push(server.name.clone());
        }
    }
    if stuck.is_empty() {
        for file in [processes::STATE_FILE, "env"] {
            let _ = std::fs::remove_file(dir.join(file));
        }
    }
    Ok(Some(stuck))
}
