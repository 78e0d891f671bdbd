//! A run's writes, all together or not at all.
//!
//! Every new text is first staged in a temporary file beside its target, with the target's
//! mode and group; only when all are staged are they renamed into place, each original kept
//! aside (a hard link) until the last rename. A failure at any step puts back what was there and
//! removes what was added, so the tree is as it was: same bytes, same modes, links still links.
//! Nothing here prints: a write to a closed pipe must not stop the program halfway.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context as _};
use tempfile::TempPath;

use crate::error::hinted;

/// One change to the tree.
enum Op {
    Write { path: PathBuf, content: Vec<u8> },
    Remove { path: PathBuf },
}

/// The writes and removals of one run, applied by [`Transaction::commit`].
#[derive(Default)]
pub struct Transaction {
    ops: Vec<Op>,
}

/// A step already taken, undone in reverse order if a later one fails.
enum Done {
    CreatedDir(PathBuf),
    /// A file that did not exist before the run.
    Added(PathBuf),
    /// A file replaced or removed; `original` is what it was, under a temporary name beside it.
    SetAside {
        target: PathBuf,
        original: TempPath,
    },
}

/// A new text in a temporary file beside `target`, ready to be renamed over it.
struct Staged {
    target: PathBuf,
    temp: TempPath,
    existed: bool,
}

impl Transaction {
    /// Write `content` to `path` (through a symbolic link, if `path` is one).
    pub fn write(&mut self, path: impl Into<PathBuf>, content: impl Into<Vec<u8>>) {
        self.ops.push(Op::Write { path: path.into(), content: content.into() });
    }

    /// Remove the file at `path`.
    pub fn remove(&mut self, path: impl Into<PathBuf>) {
        self.ops.push(Op::Remove { path: path.into() });
    }

    /// Apply every change, or none: on an error the tree is put back as it was.
    pub fn commit(self) -> anyhow::Result<()> {
        let mut done = Vec::new();
        match self.apply(&mut done) {
            // Dropping `done` deletes the originals set aside.
            Ok(()) => Ok(()),
            Err(err) => Err(match roll_back(done) {
                None => hinted(format!("{err:#}"), "otelkit changed nothing: the files are as they were"),
                Some(left) => hinted(
                    format!("{err:#}; putting the files back failed too: {left}"),
                    "restore those from version control",
                ),
            }),
        }
    }

    fn apply(self, done: &mut Vec<Done>) -> anyhow::Result<()> {
        let mut staged = Vec::new();
        let mut removals = Vec::new();
        for op in self.ops {
            match op {
                Op::Write { path, content } => staged.push(stage(&path, &content, done)?),
                Op::Remove { path } => removals.push(path),
            }
        }
        for s in staged {
            if s.existed {
                let original = set_aside(&s.target, Keep::Linked)?;
                done.push(Done::SetAside { target: s.target.clone(), original });
            }
            step()?;
            s.temp.persist(&s.target).map_err(|e| anyhow!("cannot write {}: {}", s.target.display(), e.error))?;
            if !s.existed {
                done.push(Done::Added(s.target));
            }
        }
        for path in removals {
            let original = set_aside(&path, Keep::Moved)?;
            done.push(Done::SetAside { target: path, original });
        }
        Ok(())
    }
}

/// The file a write to `path` changes: the target of a symbolic link, so the link stays a link.
fn through_links(path: &Path) -> anyhow::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path)
            .map_err(|e| anyhow!("{} is a symbolic link to nothing otelkit can write through: {e}", path.display())),
        _ => Ok(path.to_path_buf()),
    }
}

fn stage(path: &Path, content: &[u8], done: &mut Vec<Done>) -> anyhow::Result<Staged> {
    let target = through_links(path)?;
    let existing = match fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta),
        Ok(_) => anyhow::bail!("{} is not a regular file", path.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => anyhow::bail!("cannot read {}: {e}", path.display()),
    };
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dirs(&dir, done)?;
    let prefix = format!(".{}.", target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".otelkit");
    #[cfg(unix)]
    if existing.is_none() {
        // Like any new file: 0666 less the umask (a temporary file would be 0600).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    step()?;
    let mut file = builder.tempfile_in(&dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    step()?;
    file.write_all(content)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if let Some(meta) = &existing {
        step()?;
        keep_owner(file.path(), meta, path)?;
        step()?;
        fs::set_permissions(file.path(), meta.permissions())
            .with_context(|| format!("cannot keep the mode of {}", path.display()))?;
    }
    Ok(Staged { target, temp: file.into_temp_path(), existed: existing.is_some() })
}

/// `dir` and its missing parents, each created one recorded so a rollback removes it.
fn create_dirs(dir: &Path, done: &mut Vec<Done>) -> anyhow::Result<()> {
    let missing: Vec<&Path> =
        dir.ancestors().take_while(|d| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err()).collect();
    for d in missing.into_iter().rev() {
        step()?;
        fs::create_dir(d).with_context(|| format!("cannot create directory {}", d.display()))?;
        done.push(Done::CreatedDir(d.to_path_buf()));
    }
    Ok(())
}

/// The group (and, where allowed, the owner) of the file being replaced, on its replacement.
#[cfg(unix)]
fn keep_owner(temp: &Path, original: &fs::Metadata, shown: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let now = fs::metadata(temp)?;
    let gid = (now.gid() != original.gid()).then_some(original.gid());
    if now.uid() != original.uid() && std::os::unix::fs::chown(temp, Some(original.uid()), gid).is_ok() {
        return Ok(());
    }
    // Only root gives a file away; the group is one the user may set, and must be kept.
    if gid.is_some() {
        std::os::unix::fs::chown(temp, None, gid)
            .with_context(|| format!("cannot keep the group ({}) of {}", original.gid(), shown.display()))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_owner(_: &Path, _: &fs::Metadata, _: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// How an original is kept aside until the run is committed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A second name for it, so the target is never missing (a rename if links are refused).
    Linked,
    /// Moved away: the file is to go.
    Moved,
}

fn set_aside(target: &Path, keep: Keep) -> anyhow::Result<TempPath> {
    let dir = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let prefix = format!(".{}.", target.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".otelkit-was");
    step()?;
    let aside = builder
        .make_in(dir, |p| match keep {
            Keep::Linked => match fs::hard_link(target, p) {
                // Taken: make_in tries another name.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
                Err(_) => fs::rename(target, p),
                Ok(()) => Ok(()),
            },
            Keep::Moved => fs::rename(target, p),
        })
        .with_context(|| format!("cannot set {} aside", target.display()))?;
    Ok(aside.into_temp_path())
}

/// Undo `done`, last step first. What could not be undone, said in one line, or None.
fn roll_back(done: Vec<Done>) -> Option<String> {
    let mut failed = Vec::new();
    for d in done.into_iter().rev() {
        match d {
            Done::Added(path) => {
                if let Err(e) = fs::remove_file(&path) {
                    failed.push(format!("{} could not be removed ({e})", path.display()));
                }
            }
            Done::SetAside { target, original } => {
                if let Err(e) = fs::rename(&original, &target) {
                    // Keep the only copy of the original where the user can find it.
                    let kept = original.keep().map(|p| p.display().to_string()).unwrap_or_default();
                    failed.push(format!("{} is in {kept} ({e})", target.display()));
                }
            }
            Done::CreatedDir(dir) => {
                if let Err(e) = fs::remove_dir(&dir) {
                    failed.push(format!("{} could not be removed ({e})", dir.display()));
                }
            }
        }
    }
    (!failed.is_empty()).then(|| failed.join("; "))
}

/// Before each step that changes the disk. Tests make the n-th one fail, to prove that a run
/// failing at any step leaves the tree as it was.
fn step() -> anyhow::Result<()> {
    #[cfg(test)]
    {
        let n = fault::STEP.with(|s| s.replace(s.get() + 1));
        if fault::FAIL_AT.with(|f| f.get()) == Some(n) {
            anyhow::bail!("injected failure at step {n}");
        }
    }
    Ok(())
}

#[cfg(test)]
pub(super) mod fault {
    use std::cell::Cell;

    thread_local! {
        pub(super) static STEP: Cell<usize> = const { Cell::new(0) };
        pub(super) static FAIL_AT: Cell<Option<usize>> = const { Cell::new(None) };
    }

    /// Make the n-th disk step of this thread fail (counting from 0), or none.
    pub fn fail_at(n: Option<usize>) {
        STEP.with(|s| s.set(0));
        FAIL_AT.with(|f| f.set(n));
    }

    /// How many disk steps this thread has taken since `fail_at`.
    pub fn steps() -> usize {
        STEP.with(Cell::get)
    }
}
