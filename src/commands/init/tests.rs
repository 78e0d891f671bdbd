//! All or nothing: init runs whose n-th disk step fails, for every n, leave the tree as it was.

use std::path::{Path, PathBuf};

use super::transaction::fault;
use crate::commands::context::Context;
use crate::printer::Printer;
use crate::settings::files::InitSettings;
use crate::settings::{ProjectFile, Settings};
use crate::templates::Templates;

/// One entry of a tree, as far as a user would notice a change.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Dir { mode: u32 },
    File { mode: u32, gid: u32, content: Vec<u8> },
    Link { to: PathBuf },
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Entry)> {
    use std::os::unix::fs::MetadataExt;
    let mut out: Vec<(PathBuf, Entry)> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let meta = e.path().symlink_metadata().unwrap();
            let entry = if meta.file_type().is_symlink() {
                Entry::Link { to: std::fs::read_link(e.path()).unwrap() }
            } else if meta.is_dir() {
                Entry::Dir { mode: meta.mode() }
            } else {
                Entry::File { mode: meta.mode(), gid: meta.gid(), content: std::fs::read(e.path()).unwrap() }
            };
            (e.path().strip_prefix(root).unwrap().to_path_buf(), entry)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn init(path: &Path, all: bool) -> anyhow::Result<crate::error::ExitStatus> {
    let printer = Printer::plain();
    let ctx = Context {
        project: Settings::with_env(ProjectFile::default(), []),
        templates: Templates::builtin().unwrap(),
        printer: &printer,
    };
    let args = InitSettings {
        path: path.to_path_buf(),
        lang: None,
        all,
        service_name: None,
        environment: None,
        metric_namespace: None,
        dry_run: false,
        force: false,
    };
    super::run(&args, &ctx)
}

/// Fail the 0th, 1st, 2nd... disk step of an init run until one succeeds; after each failure
/// the tree must be exactly as before. Returns how many steps the successful run took.
fn fail_each_step_in_turn(root: &Path, all: bool) -> usize {
    let before = snapshot(root);
    for n in 0.. {
        fault::fail_at(Some(n));
        let result = init(root, all);
        let steps = fault::steps();
        fault::fail_at(None);
        match result {
            Ok(_) => {
                assert!(n > 0, "the first step did not fail: nothing was written?");
                return steps;
            }
            Err(e) => {
                let message = format!("{e:#}");
                assert!(message.contains(&format!("injected failure at step {n}")), "{message}");
                assert!(
                    e.downcast_ref::<crate::error::Hinted>().is_some_and(|h| h.hint.contains("changed nothing")),
                    "{message}"
                );
                assert_eq!(snapshot(root), before, "a run failing at step {n} changed the tree");
            }
        }
    }
    unreachable!()
}

#[test]
fn go_service_failing_at_any_step_leaves_the_tree_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "go.mod",
        "module example.com/api\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.5.0\n\tgo.uber.org/zap v1.27.0\n)\n",
    );
    write(root, "cmd/api/main.go", "package main\n\nfunc main() {}\n");
    let steps = fail_each_step_in_turn(root, false);
    // go.mod, seven Go files, otelkit.toml and the state file: each staged and moved in.
    assert!(steps > 20, "{steps} steps");
    assert!(root.join(".otelkit/init.json").is_file() && root.join("internal/pkg/telemetry/chi.go").is_file());
    // A run that removes a file (chi is gone from go.mod) is all or nothing too.
    write(root, "go.mod", "module example.com/api\n\ngo 1.26.0\n\nrequire go.uber.org/zap v1.27.0\n");
    fail_each_step_in_turn(root, false);
    assert!(!root.join("internal/pkg/telemetry/chi.go").exists());
}

/// Two services in one run: a failure in the second's files leaves the first's untouched too.
#[test]
fn a_monorepo_run_is_one_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "api/package.json", "{\n  \"name\": \"api\"\n}\n");
    write(root, "worker/requirements.txt", "flask\n");
    fail_each_step_in_turn(root, true);
    assert!(root.join("api/src/telemetry.js").is_file() && root.join("worker/telemetry.py").is_file());
}

/// A symlinked manifest is edited through the link; modes and groups are kept, failing or not.
#[test]
fn links_modes_and_groups_are_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("svc");
    write(dir.path(), "shared/package.json", "{\n  \"name\": \"web\"\n}\n");
    std::fs::create_dir(&root).unwrap();
    std::os::unix::fs::symlink("../shared/package.json", root.join("package.json")).unwrap();
    let target = dir.path().join("shared/package.json");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    // A group other than ours, where we may set one (as root, any).
    let gid = std::fs::metadata(&target).unwrap().gid();
    let other = if gid == 0 { 4242 } else { gid };
    let _ = std::os::unix::fs::chown(&target, None, Some(other));
    let gid = std::fs::metadata(&target).unwrap().gid();

    fail_each_step_in_turn(&root, false);
    assert!(root.join("package.json").symlink_metadata().unwrap().file_type().is_symlink(), "still a link");
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(text.contains("@opentelemetry/sdk-node"), "edited through the link: {text}");
    let meta = std::fs::metadata(&target).unwrap();
    assert_eq!((meta.mode() & 0o7777, meta.gid()), (0o640, gid));
    // New files: 0666 less the umask, as any program's.
    let umask = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| l.strip_prefix("Umask:").map(|u| u32::from_str_radix(u.trim(), 8).unwrap()))
        })
        .unwrap_or(0o022);
    let mode = std::fs::metadata(root.join("src/telemetry.js")).unwrap().mode() & 0o777;
    assert_eq!(mode, 0o666 & !umask);
}
