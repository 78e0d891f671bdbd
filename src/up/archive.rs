//! Unpacking a release archive (tar.gz), bounded: an entry may not leave the directory it is
//! unpacked into, and the whole may not exceed a size a server release never reaches.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use crate::error::hinted;

/// No server release unpacks to more (the collector contrib, the largest, is about 300 MB).
pub const MAX_UNPACKED: u64 = 2 * 1024 * 1024 * 1024;
const MAX_ENTRIES: usize = 10_000;

/// Unpack `archive` into `dest` (created) and return the path of the file named `binary` in it,
/// at any depth (projects put it at the top or in a directory named after the archive).
pub fn unpack_binary(archive: &Path, dest: &Path, binary: &str) -> anyhow::Result<PathBuf> {
    let name = archive.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let corrupt = |e: std::io::Error| {
        hinted(
            format!("archive {name} is truncated or corrupt: {e}"),
            "delete it from the cache (or --from directory) and run otelkit up again",
        )
    };
    let file = std::fs::File::open(archive).with_context(|| format!("cannot read {}", archive.display()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    std::fs::create_dir_all(dest).with_context(|| format!("cannot create {}", dest.display()))?;
    let (mut total, mut found) = (0u64, None);
    for (count, entry) in tar.entries().map_err(corrupt)?.enumerate() {
        let mut entry = entry.map_err(corrupt)?;
        if count >= MAX_ENTRIES {
            anyhow::bail!("archive {name} has more than {MAX_ENTRIES} entries: not a server release");
        }
        let path = entry.path().map_err(corrupt)?.into_owned();
        let rel = contained(&path).ok_or_else(|| {
            anyhow::anyhow!("archive {name} holds {}, outside its directory: refused", path.display())
        })?;
        let kind = entry.header().entry_type();
        if kind.is_dir() {
            continue;
        }
        // Links and devices are never what a server needs; a link could point outside `dest`.
        if !kind.is_file() {
            continue;
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if total > MAX_UNPACKED {
            anyhow::bail!("archive {name} unpacks to more than {} MB: refused", MAX_UNPACKED >> 20);
        }
        let target = dest.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let mut out = std::fs::File::create(&target).with_context(|| format!("cannot write {}", target.display()))?;
        let copied = std::io::copy(&mut (&mut entry).take(size), &mut out).map_err(corrupt)?;
        if copied != size {
            return Err(corrupt(std::io::ErrorKind::UnexpectedEof.into()));
        }
        set_executable(&target, entry.header().mode().unwrap_or(0o644))?;
        if rel.file_name().is_some_and(|f| f == binary) {
            found = Some(target);
        }
    }
    found.ok_or_else(|| {
        hinted(format!("archive {name} holds no file named {binary}"), "is it the server's release archive?")
    })
}

/// `path` as a relative path inside the archive's directory, or None when it would leave it.
fn contained(path: &Path) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(p) => rel.push(p),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!rel.as_os_str().is_empty()).then_some(rel)
}

#[cfg(unix)]
pub fn set_executable(path: &Path, mode: u32) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if mode & 0o111 != 0 { 0o755 } else { 0o644 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .with_context(|| format!("cannot set the mode of {}", path.display()))
}

#[cfg(not(unix))]
pub fn set_executable(_path: &Path, _mode: u32) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tarball(entries: &[(&str, &[u8], u32)]) -> Vec<u8> {
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
        for (path, data, mode) in entries {
            let mut header = tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(*mode);
            header.set_entry_type(tar::EntryType::Regular);
            // set_path refuses `..`; a hostile archive writes the bytes itself.
            header.as_old_mut().name[..path.len()].copy_from_slice(path.as_bytes());
            header.set_cksum();
            builder.append(&header, *data).unwrap();
        }
        builder.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn finds_the_binary_at_any_depth_executable() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("a.tar.gz");
        std::fs::write(&archive, tarball(&[("x-1/README", b"hi", 0o644), ("x-1/server", b"\x7fELF", 0o755)])).unwrap();
        let bin = unpack_binary(&archive, &dir.path().join("out"), "server").unwrap();
        assert_eq!(std::fs::read(&bin).unwrap(), b"\x7fELF");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&bin).unwrap().permissions().mode() & 0o777, 0o755);
        }
    }

    #[test]
    fn refuses_escaping_paths_truncation_and_a_missing_binary() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("evil.tar.gz");
        std::fs::write(&archive, tarball(&[("../../etc/x", b"boom", 0o644)])).unwrap();
        let err = unpack_binary(&archive, &dir.path().join("out"), "x").unwrap_err().to_string();
        assert!(err.contains("outside its directory"), "{err}");
        assert!(!dir.path().join("etc").exists());

        let whole = tarball(&[("server", &[7u8; 100_000], 0o755)]);
        std::fs::write(&archive, &whole[..whole.len() / 2]).unwrap();
        let err = unpack_binary(&archive, &dir.path().join("out2"), "server").unwrap_err().to_string();
        assert!(err.contains("truncated or corrupt"), "{err}");

        std::fs::write(&archive, tarball(&[("other", b"x", 0o755)])).unwrap();
        let err = unpack_binary(&archive, &dir.path().join("out3"), "server").unwrap_err().to_string();
        assert!(err.contains("holds no file named server"), "{err}");
    }
}
