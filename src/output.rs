//! Writing generated files: to stdout, a file or a directory, atomically, or comparing with disk.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::error::ExitStatus;
use crate::printer::Printer;

/// One generated file: its path relative to the output root and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: PathBuf,
    pub content: String,
}

impl GeneratedFile {
    pub fn new(path: impl Into<PathBuf>, content: impl Into<String>) -> Self {
        Self { path: path.into(), content: content.into() }
    }
}

/// Write `content` to `path` atomically: a temporary file beside it, then a rename.
pub fn write_atomic(path: &Path, content: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create directory {}", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, content).with_context(|| format!("cannot write {}", path.display()))?;
    // Keep an existing file's mode; a new one gets the usual 0644, not the temp file's 0600.
    match std::fs::metadata(path) {
        Ok(meta) => {
            let _ = std::fs::set_permissions(tmp.path(), meta.permissions());
        }
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o644));
            }
        }
    }
    tmp.persist(path).map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

/// A unified diff from `old` to `new`, labelled with `path`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Emit files under `root`: write them, or with `check` compare and print diffs.
/// `generator` is the command that regenerates them, named in the drift message.
pub fn emit_to_dir(
    root: &Path,
    files: &[GeneratedFile],
    check: bool,
    generator: &str,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let mut drift = false;
    for file in files {
        let target = root.join(&file.path);
        let on_disk = match std::fs::read_to_string(&target) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", target.display())),
        };
        if check {
            if on_disk.as_deref() != Some(file.content.as_str()) {
                drift = true;
                let shown = target.to_string_lossy();
                printer.result(&unified_diff(&shown, on_disk.as_deref().unwrap_or(""), &file.content));
            }
        } else if on_disk.as_deref() != Some(file.content.as_str()) {
            write_atomic(&target, file.content.as_bytes())?;
            printer.status(&format!("wrote {}", target.display()));
        } else {
            printer.debug(&format!("unchanged {}", target.display()));
        }
    }
    if drift {
        printer.error(&format!("generated files differ from disk; run `{generator}` to update them"));
        Ok(ExitStatus::Failure)
    } else {
        if check {
            printer.status("up to date");
        }
        Ok(ExitStatus::Success)
    }
}

/// Emit a single text: stdout when `output` is None, else a file (or a check against it).
pub fn emit_one(
    content: &str,
    output: Option<&Path>,
    check: bool,
    generator: &str,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    match output {
        None => {
            printer.result(content);
            Ok(ExitStatus::Success)
        }
        Some(path) => {
            let (root, name) = match (path.parent(), path.file_name()) {
                (Some(parent), Some(name)) => (parent.to_path_buf(), PathBuf::from(name)),
                _ => anyhow::bail!("{}: not a file path", path.display()),
            };
            emit_to_dir(&root, &[GeneratedFile::new(name, content)], check, generator, printer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_drift_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = GeneratedFile::new("a.yaml", "x: 1\n");
        let p = Printer::plain();
        assert_eq!(emit_to_dir(dir.path(), std::slice::from_ref(&file), true, "gen", &p).unwrap(), ExitStatus::Failure);
        assert!(!dir.path().join("a.yaml").exists());
        assert_eq!(
            emit_to_dir(dir.path(), std::slice::from_ref(&file), false, "gen", &p).unwrap(),
            ExitStatus::Success
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("a.yaml")).unwrap(), "x: 1\n");
        assert_eq!(emit_to_dir(dir.path(), &[file], true, "gen", &p).unwrap(), ExitStatus::Success);
    }

    #[test]
    fn diff_is_unified() {
        let d = unified_diff("c.yaml", "a: 1\n", "a: 2\n");
        assert!(d.contains("--- a/c.yaml") && d.contains("-a: 1") && d.contains("+a: 2"), "{d}");
    }
}
