//! `otelkit init`: an OpenTelemetry module written into a service, its dependencies added to
//! the manifest, and otelkit.toml, so `gen` and `smoke-test` use the same names.
//!
//! Everything is planned in memory first; then either a diff is printed (--dry-run), or the
//! run stops before writing anything (a malformed manifest, a user-edited file without
//! --force), or every file of the run is written in one transaction: all of them or, on any
//! failure, none (transaction.rs).

mod detect;
mod go;
mod go_steps;
mod manifest;
mod node;
mod project;
mod record;
#[cfg(all(test, unix))]
mod tests;
mod transaction;
mod typescript;
mod versions;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use detect::{find_services, service_at, Service};
pub use project::plan;
use transaction::Transaction;

use crate::commands::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::output::unified_diff;
use crate::settings::files::InitSettings;

/// Where init records what it wrote, so later runs can tell otelkit's text from the user's edits.
pub const STATE_FILE: &str = ".otelkit/init.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file otelkit owns: overwritten only when the user has not changed it.
    Generated,
    /// The user's manifest or settings, edited in place.
    Edited,
    /// A file otelkit wrote before that this run does not write (the service changed framework or
    /// logger): removed if unchanged, left alone if the user edited it.
    Obsolete,
}

/// One file init would write, relative to the service root.
#[derive(Debug, Clone)]
pub struct Change {
    pub path: PathBuf,
    pub old: Option<String>,
    pub new: String,
    pub kind: Kind,
}

/// What init does for one service: the changes, and what to tell the user.
pub struct InitPlan {
    pub service: Service,
    pub changes: Vec<Change>,
    pub next_steps: String,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct State {
    otelkit_version: String,
    /// sha256 of each generated file as otelkit last wrote it.
    files: BTreeMap<String, String>,
}

fn sha(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

fn read_state(root: &Path) -> State {
    std::fs::read_to_string(root.join(STATE_FILE)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

fn key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Why a generated file may not be overwritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blocked {
    /// otelkit wrote it, and it has been changed since.
    Edited,
    /// otelkit never wrote it: the file is the user's.
    NotOurs,
}

/// The changes that would alter something, and the files that block them.
fn review(root: &Path, plan: &InitPlan, state: &State) -> (Vec<Change>, Vec<(PathBuf, Blocked)>) {
    let mut effective = Vec::new();
    let mut blocked = Vec::new();
    for c in &plan.changes {
        if c.old.as_deref() == Some(c.new.as_str()) {
            continue;
        }
        if c.kind == Kind::Obsolete {
            let unchanged = c.old.as_ref().is_some_and(|old| state.files.get(&key(&c.path)) == Some(&sha(old)));
            if unchanged {
                effective.push(c.clone());
            }
            continue;
        }
        if c.kind == Kind::Generated {
            if let Some(old) = &c.old {
                match state.files.get(&key(&c.path)) {
                    Some(h) if *h == sha(old) => {}
                    Some(_) => blocked.push((root.join(&c.path), Blocked::Edited)),
                    None => blocked.push((root.join(&c.path), Blocked::NotOurs)),
                }
            }
        }
        effective.push(c.clone());
    }
    (effective, blocked)
}

pub fn run(args: &InitSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    if !args.path.is_dir() {
        return Err(hinted(format!("{} is not a directory", args.path.display()), "pass a service's directory"));
    }
    let services = if args.all {
        let found: Vec<Service> =
            find_services(&args.path).into_iter().filter(|s| args.lang.is_none_or(|l| l == s.lang)).collect();
        if found.is_empty() {
            return Err(hinted(
                format!("no service found below {}", args.path.display()),
                "a service has a go.mod, Cargo.toml, pyproject.toml, requirements.txt or package.json",
            ));
        }
        found
    } else {
        vec![detect::service_at(&args.path, args.lang)?]
    };
    if args.all && args.service_name.is_some() && services.len() > 1 {
        return Err(hinted(
            "--service-name with --all would give every service the same name",
            "drop --service-name: each service is named after its project",
        ));
    }

    // Plan every service before writing any: one malformed manifest stops the whole run.
    let plans = services
        .into_iter()
        .map(|s| project::plan(s, args, &ctx.project, &ctx.templates))
        .collect::<anyhow::Result<Vec<InitPlan>>>()?;

    let mut reviewed = Vec::new();
    for plan in &plans {
        let state = read_state(&plan.service.root);
        let (changes, blocked) = review(&plan.service.root, plan, &state);
        if !blocked.is_empty() && !args.force && !args.dry_run {
            let list = |why: Blocked| -> Vec<String> {
                blocked.iter().filter(|(_, w)| *w == why).map(|(p, _)| p.display().to_string()).collect()
            };
            let (edited, theirs) = (list(Blocked::Edited), list(Blocked::NotOurs));
            let mut what = Vec::new();
            if !theirs.is_empty() {
                what.push(format!(
                    "{} {} not written by otelkit",
                    theirs.join(", "),
                    if theirs.len() == 1 { "exists and was" } else { "exist and were" }
                ));
            }
            if !edited.is_empty() {
                what.push(format!(
                    "{} changed since otelkit wrote {}",
                    edited.join(", "),
                    if edited.len() == 1 { "it" } else { "them" }
                ));
            }
            return Err(hinted(
                format!("{}; not overwriting", what.join("; ")),
                "see what would change with otelkit init --dry-run; --force overwrites (what is there is lost)",
            ));
        }
        reviewed.push((plan, changes, state));
    }

    if args.dry_run {
        for (plan, changes, _) in &reviewed {
            let root = &plan.service.root;
            ctx.printer.status(&format!("{} service at {}", plan.service.lang.name(), root.display()));
            if changes.is_empty() {
                ctx.printer.status("  already initialised: nothing to change");
            }
            for c in changes {
                ctx.printer.result(&unified_diff(&key(&root.join(&c.path)), c.old.as_deref(), &c.new));
            }
        }
        return Ok(ExitStatus::Success);
    }

    // Every file of every service, manifests and state included, in one transaction; nothing
    // is printed until it is committed.
    let mut transaction = Transaction::default();
    for (plan, changes, state) in &mut reviewed {
        if changes.is_empty() {
            continue;
        }
        let root = &plan.service.root;
        for c in changes.iter() {
            if c.kind == Kind::Obsolete {
                transaction.remove(root.join(&c.path));
                state.files.remove(&key(&c.path));
                continue;
            }
            transaction.write(root.join(&c.path), c.new.as_bytes());
            if c.kind == Kind::Generated {
                state.files.insert(key(&c.path), sha(&c.new));
            }
        }
        state.otelkit_version = env!("CARGO_PKG_VERSION").to_owned();
        transaction.write(root.join(STATE_FILE), format!("{}\n", serde_json::to_string_pretty(state)?));
    }
    transaction.commit()?;

    for (plan, changes, _) in &reviewed {
        ctx.printer.status(&format!("{} service at {}", plan.service.lang.name(), plan.service.root.display()));
        if changes.is_empty() {
            ctx.printer.status("  already initialised: nothing to change");
            continue;
        }
        for c in changes {
            let what = match (c.kind, &c.old) {
                (Kind::Obsolete, _) => format!("removed {} (no longer used)", c.path.display()),
                (_, Some(_)) => format!("updated {}", c.path.display()),
                (_, None) => format!("wrote {}", c.path.display()),
            };
            ctx.printer.status(&format!("  {what}"));
        }
        ctx.printer.result(&plan.next_steps);
    }
    Ok(ExitStatus::Success)
}
