//! The one table of the servers `otelkit up` runs: each pinned to a release of this otelkit, with
//! where its official archive and checksum file are published. The names follow each project's
//! release page as documented; none of them could be fetched from where otelkit is developed, so
//! the suite serves archives it builds under these same names (tests/it/up.rs).

/// A server otelkit up can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Server {
    Collector,
    Jaeger,
    #[serde(rename = "victoriametrics")]
    VictoriaMetrics,
    #[serde(rename = "victorialogs")]
    VictoriaLogs,
    Prometheus,
    Tempo,
    Loki,
}

/// One release of one server.
#[derive(Debug, Clone, Copy)]
pub struct Release {
    pub server: Server,
    pub version: &'static str,
    /// `owner/repo` on GitHub: the default base URL is `https://github.com/<repo>/releases/download/`.
    pub repo: &'static str,
    /// The release's tag, `{v}` the version.
    tag: &'static str,
    /// The archive's name; `{v}`, `{os}`, `{arch}` filled in.
    asset: &'static str,
    /// The checksum file the release publishes (SHA-256, `sha256sum` format).
    checksums: &'static str,
    /// The binary's file name inside the archive; `{os}`, `{arch}` filled in.
    binary: &'static str,
    /// The platforms it is published for, as Go names them (`linux/amd64`).
    platforms: &'static [&'static str],
}

const UNIXES: &[&str] = &["linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64"];

/// The pinned table. Versions: the releases the test suite builds from the same sources
/// (.ci/deps/*.sh), so what `up` starts is what the suite ran.
pub const RELEASES: &[Release] = &[
    // github.com/open-telemetry/opentelemetry-collector-releases/releases: per-platform tarballs
    // `otelcol-contrib_<v>_<os>_<arch>.tar.gz` with the binary at the top, one checksum file.
    Release {
        server: Server::Collector,
        version: "0.161.0",
        repo: "open-telemetry/opentelemetry-collector-releases",
        tag: "v{v}",
        asset: "otelcol-contrib_{v}_{os}_{arch}.tar.gz",
        checksums: "opentelemetry-collector-releases_otelcol-contrib_checksums.txt",
        binary: "otelcol-contrib",
        platforms: UNIXES,
    },
    // github.com/jaegertracing/jaeger/releases (jaegertracing.io/download): `jaeger-<v>-<os>-<arch>.tar.gz`
    // holding `jaeger-<v>-<os>-<arch>/jaeger` (the v2 binary; the tag is the v1 line's, v1.76.0 =
    // v2.13.0). The release's `jaeger-<v2>.sha256sum.txt` lists every archive (`shasum -b -a 256`,
    // `<hash> *<name>`); the per-archive ones list the files inside (jaeger
    // scripts/build/package-deploy.sh at 89826b8).
    Release {
        server: Server::Jaeger,
        version: "2.13.0",
        repo: "jaegertracing/jaeger",
        tag: "v1.76.0",
        asset: "jaeger-{v}-{os}-{arch}.tar.gz",
        checksums: "jaeger-{v}.sha256sum.txt",
        binary: "jaeger",
        platforms: UNIXES,
    },
    // github.com/VictoriaMetrics/VictoriaMetrics/releases: `victoria-metrics-<os>-<arch>-v<v>.tar.gz`
    // holding `victoria-metrics-prod`, and `..._checksums.txt` beside it.
    Release {
        server: Server::VictoriaMetrics,
        version: "1.151.0",
        repo: "VictoriaMetrics/VictoriaMetrics",
        tag: "v{v}",
        asset: "victoria-metrics-{os}-{arch}-v{v}.tar.gz",
        checksums: "victoria-metrics-{os}-{arch}-v{v}_checksums.txt",
        binary: "victoria-metrics-prod",
        platforms: UNIXES,
    },
    // github.com/VictoriaMetrics/VictoriaLogs/releases: as VictoriaMetrics, `victoria-logs-prod`.
    Release {
        server: Server::VictoriaLogs,
        version: "1.52.1",
        repo: "VictoriaMetrics/VictoriaLogs",
        tag: "v{v}",
        asset: "victoria-logs-{os}-{arch}-v{v}.tar.gz",
        checksums: "victoria-logs-{os}-{arch}-v{v}_checksums.txt",
        binary: "victoria-logs-prod",
        platforms: UNIXES,
    },
    // github.com/prometheus/prometheus/releases: `prometheus-<v>.<os>-<arch>.tar.gz` holding
    // `prometheus-<v>.<os>-<arch>/prometheus`, and `sha256sums.txt`.
    Release {
        server: Server::Prometheus,
        version: "3.16.0",
        repo: "prometheus/prometheus",
        tag: "v{v}",
        asset: "prometheus-{v}.{os}-{arch}.tar.gz",
        checksums: "sha256sums.txt",
        binary: "prometheus",
        platforms: UNIXES,
    },
    // github.com/grafana/tempo .goreleaser.yml: goreleaser's default archive name
    // `tempo_<v>_<os>_<arch>.tar.gz` holding `tempo` (with tempo-cli and tempo-query) at the top,
    // `checksum.name_template: SHA256SUMS`; darwin is commented out of its builds, so Linux only.
    // 2.9.0 is the release `gen compose` runs (grafana/tempo:2.9.0); the recordings in
    // tests/fixtures/recorded/ came from a 3.1.0-dev build, which is no release.
    Release {
        server: Server::Tempo,
        version: "2.9.0",
        repo: "grafana/tempo",
        tag: "v{v}",
        asset: "tempo_{v}_{os}_{arch}.tar.gz",
        checksums: "SHA256SUMS",
        binary: "tempo",
        platforms: &["linux/amd64", "linux/arm64"],
    },
    // github.com/grafana/loki Makefile, `dist`: gox writes `dist/loki-<os>-<arch>`, each is zipped
    // alone (`zip -j`) into `loki-<os>-<arch>.zip`, then `sha256sum * > SHA256SUMS`; its release
    // notes (tools/release-note.md) download `loki-linux-amd64.zip` and unzip `loki-linux-amd64`.
    // 3.8.0: the Loki the recordings in tests/fixtures/recorded/ came from.
    Release {
        server: Server::Loki,
        version: "3.8.0",
        repo: "grafana/loki",
        tag: "v{v}",
        asset: "loki-{os}-{arch}.zip",
        checksums: "SHA256SUMS",
        binary: "loki-{os}-{arch}",
        platforms: UNIXES,
    },
];

/// The default base of every download URL; `--mirror` replaces it.
pub const GITHUB: &str = "https://github.com";

use crate::http::RedactedUrl;

impl Server {
    pub fn name(self) -> &'static str {
        match self {
            Server::Collector => "collector",
            Server::Jaeger => "jaeger",
            Server::VictoriaMetrics => "victoriametrics",
            Server::VictoriaLogs => "victorialogs",
            Server::Prometheus => "prometheus",
            Server::Tempo => "tempo",
            Server::Loki => "loki",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        RELEASES.iter().map(|r| r.server).find(|s| s.name() == name)
    }

    pub fn release(self) -> &'static Release {
        RELEASES.iter().find(|r| r.server == self).expect("every server has a row")
    }
}

/// One platform's archive of a release: its name, where it is, the checksum file to verify it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    pub archive: String,
    pub checksums: String,
    /// The server's executable in the archive (and its name as a bare binary in `--from DIR`).
    pub binary: String,
    /// `<base>/<repo>/releases/download/<tag>`: the archive and the checksum file are in it.
    pub dir_url: RedactedUrl,
}

impl Asset {
    pub fn url(&self, file: &str) -> RedactedUrl {
        self.dir_url.join(&format!("/{file}"))
    }
}

impl Release {
    /// The archive for `os`/`arch` (Go's names), under `base` (GitHub or a mirror); None when
    /// the project publishes none that otelkit can unpack.
    pub fn asset(&self, os: &str, arch: &str, base: &RedactedUrl) -> Option<Asset> {
        let platform = format!("{os}/{arch}");
        if !self.platforms.contains(&platform.as_str()) {
            return None;
        }
        let fill = |pattern: &str| pattern.replace("{v}", self.version).replace("{os}", os).replace("{arch}", arch);
        let tag = self.tag.replace("{v}", self.version);
        Some(Asset {
            archive: fill(self.asset),
            checksums: fill(self.checksums),
            binary: fill(self.binary),
            dir_url: base.join(&format!("/{}/releases/download/{tag}", self.repo)),
        })
    }
}

/// This machine as Go names platforms (`linux`, `amd64`).
pub fn this_platform() -> (&'static str, &'static str) {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    (os, arch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github() -> RedactedUrl {
        RedactedUrl::parse(GITHUB).unwrap()
    }

    #[test]
    fn assets_are_named_as_the_projects_publish_them() {
        let named = |s: Server| s.release().asset("linux", "amd64", &github()).unwrap();
        let c = named(Server::Collector);
        assert_eq!(c.archive, "otelcol-contrib_0.161.0_linux_amd64.tar.gz");
        assert_eq!(
            c.url(&c.checksums).to_string(),
            "https://github.com/open-telemetry/opentelemetry-collector-releases/releases/download/v0.161.0/opentelemetry-collector-releases_otelcol-contrib_checksums.txt"
        );
        assert_eq!(named(Server::Jaeger).archive, "jaeger-2.13.0-linux-amd64.tar.gz");
        let j = named(Server::Jaeger);
        assert_eq!(
            j.url(&j.archive).to_string(),
            "https://github.com/jaegertracing/jaeger/releases/download/v1.76.0/jaeger-2.13.0-linux-amd64.tar.gz"
        );
        assert_eq!(named(Server::VictoriaMetrics).archive, "victoria-metrics-linux-amd64-v1.151.0.tar.gz");
        assert_eq!(named(Server::VictoriaLogs).checksums, "victoria-logs-linux-amd64-v1.52.1_checksums.txt");
        assert_eq!(named(Server::Prometheus).archive, "prometheus-3.16.0.linux-amd64.tar.gz");
        assert_eq!(named(Server::Tempo).archive, "tempo_2.9.0_linux_amd64.tar.gz");
        let l = named(Server::Loki);
        assert_eq!((l.archive.as_str(), l.binary.as_str()), ("loki-linux-amd64.zip", "loki-linux-amd64"));
        assert_eq!(
            l.url(&l.checksums).to_string(),
            "https://github.com/grafana/loki/releases/download/v3.8.0/SHA256SUMS"
        );
    }

    #[test]
    fn a_mirror_replaces_the_base_and_unknown_platforms_have_none() {
        let mirror = RedactedUrl::parse("http://mirror.local/gh/").unwrap();
        let a = Server::Prometheus.release().asset("darwin", "arm64", &mirror).unwrap();
        assert_eq!(
            a.url(&a.archive).to_string(),
            "http://mirror.local/gh/prometheus/prometheus/releases/download/v3.16.0/prometheus-3.16.0.darwin-arm64.tar.gz"
        );
        assert_eq!(Server::Prometheus.release().asset("windows", "386", &github()), None);
        assert_eq!(Server::Tempo.release().asset("darwin", "arm64", &github()), None);
    }
}
