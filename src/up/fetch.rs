//! Getting a server's binary: from `--from DIR` (an archive or the bare binary), from the cache,
//! or downloaded from the release (or a mirror of it), the archive always checked against the
//! SHA-256 its release publishes before it is unpacked.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::archive;
use super::releases::{this_platform, Asset, Release};
use crate::error::hinted;
use crate::http::{self, RedactedUrl};
use crate::printer::Printer;

/// No server's release archive is larger; a bigger answer is not one.
const MAX_DOWNLOAD: u64 = 1024 * 1024 * 1024;

/// Where archives come from.
#[derive(Debug, Clone)]
pub struct Source {
    /// `--from DIR`: archives, checksum files or binaries; nothing is downloaded.
    pub from: Option<PathBuf>,
    /// GitHub or `--mirror`.
    pub base: RedactedUrl,
    /// Archives and their unpacked binaries, by server, version and checksum.
    pub cache: PathBuf,
}

/// The binary of `release` for this machine.
pub async fn binary(release: &Release, source: &Source, printer: &Printer) -> anyhow::Result<PathBuf> {
    let (os, arch) = this_platform();
    let name = release.server.name();
    let Some(asset) = release.asset(os, arch, &source.base) else {
        return Err(no_archive_for(release, os, arch));
    };
    if let Some(dir) = &source.from {
        return from_dir(release, &asset, dir, &source.cache, printer);
    }
    let here = source.cache.join(format!("{name}-{}", release.version));
    std::fs::create_dir_all(&here).with_context(|| format!("cannot create the cache {}", here.display()))?;
    let client = http::client(&http::TlsOptions::default(), Duration::from_secs(900))?;
    let sums_path = here.join(&asset.checksums);
    if !sums_path.is_file() {
        download(&client, &asset.url(&asset.checksums), &sums_path, printer).await?;
    }
    let sums = std::fs::read_to_string(&sums_path).with_context(|| format!("cannot read {}", sums_path.display()))?;
    let expected = match expected_sum(&sums, &asset.archive) {
        Some(sum) => sum,
        None => {
            // A checksum file from an older download (or a broken mirror) is fetched once more.
            let _ = std::fs::remove_file(&sums_path);
            return Err(hinted(
                format!("the checksum file {} lists no {}", asset.checksums, asset.archive),
                "the release (or mirror) does not publish this archive's checksum; nothing was unpacked",
            ));
        }
    };
    let archive_path = here.join(&asset.archive);
    let cached = archive_path.is_file() && sha256_of(&archive_path)? == expected;
    if !cached {
        download(&client, &asset.url(&asset.archive), &archive_path, printer).await?;
        let got = sha256_of(&archive_path)?;
        if got != expected {
            let _ = std::fs::remove_file(&archive_path);
            return Err(mismatch(&asset, &expected, &got));
        }
    }
    unpacked(&asset, &archive_path, &here, &expected)
}

fn no_archive_for(release: &Release, os: &str, arch: &str) -> anyhow::Error {
    let name = release.server.name();
    hinted(
        format!("{name} {} publishes no release archive otelkit can use for {os}/{arch}", release.version),
        format!("put a {name} binary built for this machine in a directory and pass --from DIR, or run it yourself and pass --use {name}=URL"),
    )
}

/// `--from DIR`: the archive (checked against the checksum file beside it when there is one), else
/// a bare binary of the server's name, used as it is.
fn from_dir(release: &Release, asset: &Asset, dir: &Path, cache: &Path, printer: &Printer) -> anyhow::Result<PathBuf> {
    let archive_path = dir.join(&asset.archive);
    if archive_path.is_file() {
        let got = sha256_of(&archive_path)?;
        let sums_path = dir.join(&asset.checksums);
        match std::fs::read_to_string(&sums_path).ok().map(|s| expected_sum(&s, &asset.archive)) {
            Some(Some(expected)) if expected != got => return Err(mismatch(asset, &expected, &got)),
            Some(Some(_)) => {}
            _ => printer.warn(&format!(
                "{} has no checksum line for {} in {}: used unverified",
                dir.display(),
                asset.archive,
                asset.checksums
            )),
        }
        let here = cache.join(format!("{}-{}", release.server.name(), release.version));
        return unpacked(asset, &archive_path, &here, &got);
    }
    let bare = dir.join(&asset.binary);
    if bare.is_file() {
        return Ok(bare);
    }
    Err(hinted(
        format!("{} holds neither {} nor a binary named {}", dir.display(), asset.archive, asset.binary),
        format!("download {} and {} from {} into it", asset.archive, asset.checksums, asset.dir_url),
    ))
}

/// The binary unpacked from the verified archive `sum`, unpacked once per checksum.
fn unpacked(asset: &Asset, archive_path: &Path, here: &Path, sum: &str) -> anyhow::Result<PathBuf> {
    let dest = here.join(format!("unpacked-{}", &sum[..16.min(sum.len())]));
    let done = dest.join(".complete");
    if done.is_file() {
        if let Ok(path) = std::fs::read_to_string(&done) {
            let path = PathBuf::from(path.trim());
            if path.is_file() {
                return Ok(path);
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dest);
    let bin = archive::unpack_binary(archive_path, &dest, &asset.binary)?;
    std::fs::write(&done, bin.display().to_string()).with_context(|| format!("cannot write {}", done.display()))?;
    Ok(bin)
}

fn mismatch(asset: &Asset, expected: &str, got: &str) -> anyhow::Error {
    hinted(
        format!(
            "checksum mismatch for {}: {} says sha256 {expected}, the archive has {got}",
            asset.archive, asset.checksums
        ),
        "the download was altered or cut short; nothing was unpacked or started",
    )
}

/// The SHA-256 `sums` (sha256sum's format: `<hex>  <name>` or `<hex> *<name>`) gives `archive`;
/// names may carry a directory.
pub fn expected_sum(sums: &str, archive: &str) -> Option<String> {
    sums.lines().find_map(|line| {
        let (hash, name) = line.trim().split_once(char::is_whitespace)?;
        let name = name.trim().trim_start_matches('*');
        let base = name.rsplit('/').next()?;
        (base == archive && hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| hash.to_ascii_lowercase())
    })
}

pub fn sha256_of(path: &Path) -> anyhow::Result<String> {
    let mut file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// GET `url` into `to` (through a `.part` file renamed at the end), with a progress bar.
async fn download(client: &reqwest::Client, url: &RedactedUrl, to: &Path, printer: &Printer) -> anyhow::Result<()> {
    use std::io::Write;
    let refused = |why: String| {
        hinted(format!("download refused: {why} from {url}"), "check the URL, or pass --mirror URL or --from DIR")
    };
    let mut response = client.get(url.for_wire().clone()).send().await.map_err(|e| refused(http::describe_error(e)))?;
    let status = response.status();
    if !status.is_success() {
        return Err(refused(format!("HTTP {}", status.as_u16())));
    }
    let length = response.content_length();
    if length.is_some_and(|n| n > MAX_DOWNLOAD) {
        return Err(refused(format!("{} MB, more than any server release", length.unwrap_or(0) >> 20)));
    }
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bar = indicatif::ProgressBar::with_draw_target(length, printer.progress_target());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(name);
    let part = to.with_extension("part");
    let mut out = std::fs::File::create(&part).with_context(|| format!("cannot write {}", part.display()))?;
    let mut total = 0u64;
    loop {
        let chunk = response.chunk().await.map_err(|e| refused(http::describe_error(e)))?;
        let Some(chunk) = chunk else { break };
        total += chunk.len() as u64;
        if total > MAX_DOWNLOAD {
            return Err(refused("more than any server release".into()));
        }
        out.write_all(&chunk).with_context(|| format!("cannot write {}", part.display()))?;
        bar.set_position(total);
    }
    bar.finish_and_clear();
    drop(out);
    std::fs::rename(&part, to).with_context(|| format!("cannot write {}", to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::up::releases::{Server, GITHUB};

    fn source(from: Option<&Path>, cache: &Path) -> Source {
        Source { from: from.map(Path::to_path_buf), base: RedactedUrl::parse(GITHUB).unwrap(), cache: cache.into() }
    }

    #[test]
    fn a_release_without_an_archive_for_a_platform_is_refused_with_a_way_out() {
        let err = no_archive_for(Server::Tempo.release(), "darwin", "arm64");
        assert_eq!(err.to_string(), "tempo 2.9.0 publishes no release archive otelkit can use for darwin/arm64");
        let hint = &err.downcast_ref::<crate::error::Hinted>().unwrap().hint;
        assert!(hint.contains("--from DIR") && hint.contains("--use tempo=URL"), "{hint}");
    }

    #[tokio::test]
    async fn from_a_directory_a_bare_binary_is_used_and_a_bad_archive_refused() {
        let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let release = Server::VictoriaLogs.release();
        let src = source(Some(dir.path()), cache.path());
        let err = binary(release, &src, &Printer::plain()).await.unwrap_err().to_string();
        assert!(
            err.contains("holds neither victoria-logs-") && err.contains("nor a binary named victoria-logs-prod"),
            "{err}"
        );

        std::fs::write(dir.path().join("victoria-logs-prod"), "#!/bin/sh\n").unwrap();
        assert_eq!(binary(release, &src, &Printer::plain()).await.unwrap(), dir.path().join("victoria-logs-prod"));

        let (os, arch) = this_platform();
        let asset = release.asset(os, arch, &src.base).unwrap();
        std::fs::write(dir.path().join(&asset.archive), b"not this").unwrap();
        std::fs::write(dir.path().join(&asset.checksums), format!("{}  {}\n", "0".repeat(64), asset.archive)).unwrap();
        let err = binary(release, &src, &Printer::plain()).await.unwrap_err().to_string();
        assert!(err.starts_with(&format!("checksum mismatch for {}: ", asset.archive)), "{err}");
    }

    #[test]
    fn reads_every_checksum_file_shape() {
        let h = "a".repeat(64);
        let sums = format!("{h}  other.tar.gz\n{}  ./deploy/x.tar.gz\n", "B".repeat(64));
        assert_eq!(expected_sum(&sums, "x.tar.gz"), Some("b".repeat(64)));
        assert_eq!(expected_sum(&format!("{h} *x.tar.gz"), "x.tar.gz"), Some(h.clone()));
        assert_eq!(expected_sum(&format!("{h}  x.tar.gz.sig"), "x.tar.gz"), None);
        assert_eq!(expected_sum("nothex  x.tar.gz", "x.tar.gz"), None);
    }
}
