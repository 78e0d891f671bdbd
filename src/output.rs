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

/// A unified diff from `old` (None: no such file, `/dev/null` as git says it) to `new`, labelled
/// with `path`: git's `a/` and `b/` before a relative one, an absolute one as it is.
pub fn unified_diff(path: &str, old: Option<&str>, new: &str) -> String {
    let (a, b) = if Path::new(path).is_absolute() {
        (path.to_owned(), path.to_owned())
    } else {
        (format!("a/{path}"), format!("b/{path}"))
    };
    let a = if old.is_some() { a } else { "/dev/null".to_owned() };
    similar::TextDiff::from_lines(old.unwrap_or(""), new).unified_diff().context_radius(3).header(&a, &b).to_string()
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
                printer.result(&unified_diff(&shown, on_disk.as_deref(), &file.content));
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

/// `example`: a file name to put in the directory, for the hint.
fn a_directory(path: &Path, flag: &str, example: &str) -> anyhow::Error {
    crate::error::hinted(
        format!("{flag} {} is a directory; give a file", path.display()),
        format!("e.g. {flag} {}", path.join(example).display()),
    )
}

/// A file a command writes once its checks have run (a report), checked before they start: not
/// a directory, and its directory takes a new file (written as [`write_atomic`] writes it).
/// `flag`: how the user named it.
pub fn check_writable_file(path: &Path, flag: &str) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(a_directory(path, flag, "report.xml"));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let why = if dir.is_dir() {
        // The kind alone: the error's own text names the probe's random file.
        match tempfile::NamedTempFile::new_in(dir) {
            Ok(_) => return Ok(()),
            Err(e) => std::io::Error::from(e.kind()).to_string(),
        }
    } else {
        "no such directory".to_owned()
    };
    Err(crate::error::hinted(
        format!("{flag} {}: cannot write in {}: {why}", path.display(), dir.display()),
        "give a path in a directory that exists and you may write to",
    ))
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
        Some(path) if path.is_dir() => Err(a_directory(path, "-o", "collector.yaml")),
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
        let d = unified_diff("c.yaml", Some("a: 1\n"), "a: 2\n");
        assert!(d.contains("--- a/c.yaml") && d.contains("-a: 1") && d.contains("+a: 2"), "{d}");
        let d = unified_diff("/tmp/x/c.yaml", Some("a: 1\n"), "a: 2\n");
        assert!(d.starts_with("--- /tmp/x/c.yaml\n+++ /tmp/x/c.yaml\n"), "{d}");
        let d = unified_diff("/tmp/x/none.yaml", None, "a: 2\n");
        assert!(d.starts_with("--- /dev/null\n+++ /tmp/x/none.yaml\n"), "{d}");
    }

    #[test]
    fn a_directory_given_as_the_output_file_is_refused_as_such() {
        let dir = tempfile::tempdir().unwrap();
        let err = emit_one("x: 1\n", Some(dir.path()), false, "gen", &Printer::plain()).unwrap_err();
        assert!(format!("{err:#}").ends_with("is a directory; give a file"), "{err:#}");
        let err = check_writable_file(dir.path(), "--junit").unwrap_err();
        assert!(
            format!("{err:#}").starts_with("--junit ") && format!("{err:#}").ends_with("is a directory; give a file")
        );
        let err = check_writable_file(&dir.path().join("no/such/dir/r.xml"), "--junit").unwrap_err();
        assert!(format!("{err:#}").contains("cannot write in"), "{err:#}");
        check_writable_file(&dir.path().join("r.xml"), "--junit").unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "the probe leaves nothing behind");
    }
}
