//! `otelkit up` and `otelkit down`: the stack's servers as local processes (src/up/ does the
//! work); the collector's config is the one `gen collector` renders for the stack's stores.

use std::time::Duration;

use serde_json::json;

use crate::commands::context::{block_on, Context};
use crate::error::ExitStatus;
use crate::settings::up::UpSettings;
use crate::templates::ids;
use crate::up::processes::{Running, State};
use crate::up::stack::Rendered;
use crate::up::{self, Request};

/// How long a started server has to answer: the collector contrib takes seconds on a laptop,
/// VictoriaMetrics opens its storage first.
const READY_TIMEOUT: Duration = Duration::from_secs(90);

pub fn run(s: &UpSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    if s.status {
        return status(s, ctx);
    }
    let request = Request {
        stack: s.stack,
        dir: s.dir.clone(),
        host: s.host.clone(),
        source: s.source.clone(),
        uses: s.uses.clone(),
        rendered: rendered(s, ctx)?,
        ready_timeout: READY_TIMEOUT,
    };
    let outcome = block_on(2, up::up(&request, ctx.printer))??;
    if !outcome.not_ready.is_empty() {
        for e in &outcome.not_ready {
            ctx.printer.error(&format!("{e}"));
            if let Some(h) = e.downcast_ref::<crate::error::Hinted>() {
                ctx.printer.hint(&h.hint);
            }
        }
        ctx.printer.hint("what did start is recorded: otelkit down stops it");
        return Ok(ExitStatus::Failure);
    }
    if outcome.already_up {
        ctx.printer.status(&format!("the {} stack in {} is already up", s.stack.name(), s.dir.display()));
    }
    print_state(&outcome.state, ctx);
    if !ctx.printer.is_json() {
        ctx.printer.status(&format!(
            "point a shell at it with: set -a; . {}/env; set +a   (then: otelkit smoke-test; stop with: otelkit down)",
            s.dir.display()
        ));
    }
    Ok(ExitStatus::Success)
}

/// The collector's config `gen collector` writes for the stack, and Tempo's and Loki's as `gen
/// compose` renders them (src/up/configs.rs moves them onto the loopback host).
fn rendered(s: &UpSettings, ctx: &Context) -> anyhow::Result<Rendered> {
    let compose = json!({
        "otelkit_version": env!("CARGO_PKG_VERSION"),
        // Replaced by the stack's Prometheus; the template needs a value.
        "metrics_write_url": "http://prometheus:9090/api/v1/write",
    });
    Ok(Rendered {
        collector: s.plan.render(&ctx.templates)?,
        tempo: ctx.templates.render_with(ids::COMPOSE_TEMPO_YAML, &compose)?,
        loki: ctx.templates.render_with(ids::COMPOSE_LOKI_YAML, &compose)?,
    })
}

fn status(s: &UpSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let Some(state) = State::read(&s.dir)? else {
        ctx.printer.status(&format!("nothing is up in {}", s.dir.display()));
        if ctx.printer.is_json() {
            ctx.printer.json(&json!({ "dir": s.dir, "servers": [] }));
        }
        return Ok(ExitStatus::Failure);
    };
    print_state(&state, ctx);
    let all = state.servers.iter().all(|r| r.pid.is_none() || r.is_alive());
    Ok(ExitStatus::from_ok(all))
}

pub fn down(dir: &std::path::Path, ctx: &Context) -> anyhow::Result<ExitStatus> {
    match up::down(dir, ctx.printer)? {
        None => {
            ctx.printer.status(&format!("nothing is up in {}", dir.display()));
            Ok(ExitStatus::Success)
        }
        Some(stuck) if stuck.is_empty() => {
            ctx.printer.status("stopped");
            Ok(ExitStatus::Success)
        }
        Some(stuck) => {
            ctx.printer.error(&format!("would not stop: {}", stuck.join(", ")));
            Ok(ExitStatus::Failure)
        }
    }
}

fn state_label(r: &Running) -> &'static str {
    match (r.pid, r.is_alive()) {
        (None, _) => "yours",
        (Some(_), true) => "running",
        (Some(_), false) => "stopped",
    }
}

fn print_state(state: &State, ctx: &Context) {
    if ctx.printer.is_json() {
        let servers: Vec<_> = state
            .servers
            .iter()
            .map(|r| {
                json!({ "name": r.name, "version": r.version, "state": state_label(r), "pid": r.pid,
                        "url": r.url, "ports": r.ports, "log": r.log })
            })
            .collect();
        let env: serde_json::Map<String, serde_json::Value> =
            state.env.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        ctx.printer.json(&json!({ "stack": state.stack, "servers": servers, "env": env }));
        return;
    }
    let mut out = format!("{:<16} {:<9} {:<8} {:<8} {}\n", "SERVER", "VERSION", "STATE", "PID", "URL");
    for r in &state.servers {
        let pid = r.pid.map(|p| p.to_string()).unwrap_or_else(|| "-".into());
        out.push_str(&format!("{:<16} {:<9} {:<8} {:<8} {}\n", r.name, r.version, state_label(r), pid, r.url));
    }
    out.push('\n');
    for (k, v) in &state.env {
        out.push_str(&format!("export {k}={v}\n"));
    }
    ctx.printer.result(&out);
}
