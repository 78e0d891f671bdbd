//! Unpacking a release archive (tar.gz, or zip as Loki publishes), bounded: an entry may not leave
//! the directory it is unpacked into, and the whole may not exceed a size a server release never
//! reaches.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

use crate::error::hinted;

/// No server release unpacks to more (the collector contrib, the largest, is about 300 MB).
pub const MAX_UNPACKED: u64 = 2 * 1024 * 1024 * 1024;
const MAX_ENTRIES: usize = 10_000;

/// Unpack `archive` into `dest` (created) and return the path of the file named `binary` in it,
/// at any depth (projects put it at the top or in a directory named after the archive), made
/// executable whatever mode the archive gave it.
pub fn unpack_binary(archive: &Path, dest: &Path, binary: &str) -> anyhow::Result<PathBuf> {
    let name = archive.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    std::fs::create_dir_all(dest).with_context(|| format!("cannot create {}", dest.display()))?;
    let found = if name.ends_with(".zip") {
        unzip(archive, &name, dest, binary)?
    } else {
        untar(archive, &name, dest, binary)?
    };
    let found = found.ok_or_else(|| {
        hinted(format!("archive {name} holds no file named {binary}"), "is it the server's release archive?")
    })?;
    set_executable(&found, 0o755)?;
    Ok(found)
}

fn corrupt(name: &str, e: impl std::fmt::Display) -> anyhow::Error {
    hinted(
        format!("archive {name} is truncated or corrupt: {e}"),
        "delete it from the cache (or --from directory) and run otelkit up again",
    )
}

fn escapes(name: &str, path: &Path) -> anyhow::Error {
    anyhow::anyhow!("archive {name} holds {}, outside its directory: refused", path.display())
}

fn too_big(name: &str) -> anyhow::Error {
    anyhow::anyhow!("archive {name} unpacks to more than {} MB: refused", MAX_UNPACKED >> 20)
}

/// Write `size` bytes of `from` to `dest`/`rel`; fewer is a cut-short archive.
fn write_entry(name: &str, from: &mut impl Read, size: u64, dest: &Path, rel: &Path) -> anyhow::Result<PathBuf> {
    let target = dest.join(rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut out = std::fs::File::create(&target).with_context(|| format!("cannot write {}", target.display()))?;
    let copied = std::io::copy(&mut from.take(size), &mut out).map_err(|e| corrupt(name, e))?;
    if copied != size {
        return Err(corrupt(name, std::io::Error::from(std::io::ErrorKind::UnexpectedEof)));
    }
    Ok(target)
}

/// A zip's sizes are read from its central directory before anything is written; what an entry
/// then inflates to is capped at the size it declared (and its CRC checked by the zip crate).
fn unzip(archive: &Path, name: &str, dest: &Path, binary: &str) -> anyhow::Result<Option<PathBuf>> {
    let file = std::fs::File::open(archive).with_context(|| format!("cannot read {}", archive.display()))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| corrupt(name, e))?;
    if zip.len() > MAX_ENTRIES {
        anyhow::bail!("archive {name} has more than {MAX_ENTRIES} entries: not a server release");
    }
    let (mut total, mut found) = (0u64, None);
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(|e| corrupt(name, e))?;
        let path = PathBuf::from(entry.name());
        let rel = contained(&path).ok_or_else(|| escapes(name, &path))?;
        // Links are never what a server needs; one could point outside `dest`.
        if entry.is_dir() || entry.is_symlink() {
            continue;
        }
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED {
            return Err(too_big(name));
        }
        let size = entry.size();
        let mode = entry.unix_mode().unwrap_or(0o644);
        let target = write_entry(name, &mut entry, size, dest, &rel)?;
        set_executable(&target, mode)?;
        if rel.file_name().is_some_and(|f| f == binary) {
            found = Some(target);
        }
    }
    Ok(found)
}

fn untar(archive: &Path, name: &str, dest: &Path, binary: &str) -> anyhow::Result<Option<PathBuf>> {
    let corrupt = |e: std::io::Error| corrupt(name, e);
    let file = std::fs::File::open(archive).with_context(|| format!("cannot read {}", archive.display()))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let (mut total, mut found) = (0u64, None);
    for (count, entry) in tar.entries().map_err(corrupt)?.enumerate() {
        let mut entry = entry.map_err(corrupt)?;
        if count >= MAX_ENTRIES {
            anyhow::bail!("archive {name} has more than {MAX_ENTRIES} entries: not a server release");
        }
        let path = entry.path().map_err(corrupt)?.into_owned();
        let rel = contained(&path).ok_or_else(|| escapes(name, &path))?;
        let kind = entry.header().entry_type();
        // Links and devices are never what a server needs; a link could point outside `dest`.
        if !kind.is_file() {
            continue;
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if total > MAX_UNPACKED {
            return Err(too_big(name));
        }
        let mode = entry.header().mode().unwrap_or(0o644);
        let target = write_entry(name, &mut entry, size, dest, &rel)?;
        set_executable(&target, mode)?;
        if rel.file_name().is_some_and(|f| f == binary) {
            found = Some(target);
        }
    }
    Ok(found)
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

    fn zipped(entries: &[(&str, &[u8], u32)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (path, data, mode) in entries {
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .unix_permissions(*mode);
            zip.start_file(*path, options).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_as_loki_publishes_it_unpacks_to_an_executable() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("loki-linux-amd64.zip");
        // `zip -j` on a file gox wrote; a mode of 0o644 is made executable all the same.
        std::fs::write(&archive, zipped(&[("loki-linux-amd64", &[9u8; 50_000], 0o644)])).unwrap();
        let bin = unpack_binary(&archive, &dir.path().join("out"), "loki-linux-amd64").unwrap();
        assert_eq!(std::fs::read(&bin).unwrap(), vec![9u8; 50_000]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&bin).unwrap().permissions().mode() & 0o777, 0o755);
        }
    }

    #[test]
    fn a_zip_that_escapes_is_cut_short_or_lacks_the_binary_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let archive = dir.path().join("evil.zip");
        std::fs::write(&archive, zipped(&[("../../etc/x", b"boom", 0o644)])).unwrap();
        let err = unpack_binary(&archive, &dir.path().join("out"), "x").unwrap_err().to_string();
        assert!(err.contains("outside its directory"), "{err}");
        assert!(!dir.path().join("etc").exists());

        let whole = zipped(&[("loki", &[7u8; 100_000], 0o755)]);
        std::fs::write(&archive, &whole[..whole.len() / 2]).unwrap();
        let err = unpack_binary(&archive, &dir.path().join("out2"), "loki").unwrap_err().to_string();
        assert!(err.contains("truncated or corrupt"), "{err}");

        std::fs::write(&archive, zipped(&[("other", b"x", 0o755)])).unwrap();
        let err = unpack_binary(&archive, &dir.path().join("out3"), "loki").unwrap_err().to_string();
        assert!(err.contains("holds no file named loki"), "{err}");
    }
}
