//! What otelkit knows about OpenTelemetry Collector releases, in one place: release numbers,
//! the components and the signals they handle, and what each release renamed or removed.
//! `gen` writes configs from it and `lint` judges them against it.

pub mod changes;
pub mod choices;
pub mod components;
pub mod plan;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use changes::{removal, rename_of, renames, spelled_at, ComponentNames, Removal, Rename, REMOVALS, RENAMES};
pub use components::{handles, known, Component, Kind, KNOWN};

/// A collector release, `major.minor.patch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Version(pub u32, pub u32, pub u32);

/// The release configs are written for unless told otherwise (flag, env, otelkit.toml).
pub const DEFAULT: Version = Version(0, 161, 0);
/// The release that began the lower_snake_case renames (otlp -> otlp_grpc, ...; collector #14396).
pub const SNAKE_CASE_NAMES: Version = Version(0, 144, 0);
/// contrib renamed prometheusremotewrite -> prometheus_remote_write later (contrib #48705).
pub const SNAKE_CASE_REMOTE_WRITE: Version = Version(0, 154, 0);
/// The first release whose exporters batch in an on-disk queue: `sending_queue.batch` with its own
/// `sizer` (items) beside `storage`, which before it took only the `requests` sizer that batching
/// refuses (exporterhelper `queuebatch/config.go`, v0.130.0).
pub const QUEUE_BATCH: Version = Version(0, 130, 0);
/// The release that deprecated `service.telemetry.metrics.address` for `readers`.
pub const TELEMETRY_READERS: Version = Version(0, 111, 0);

/// A version string that is not `X.Y` or `X.Y.Z` (a leading `v` is allowed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid collector version {text:?}")]
pub struct VersionError {
    pub text: String,
}

impl VersionError {
    pub fn hint(&self) -> String {
        format!("use a release number such as {DEFAULT}")
    }
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(text: &str) -> Result<Self, VersionError> {
        let trimmed = text.trim().trim_start_matches('v');
        let parts: Vec<&str> = trimmed.split('.').collect();
        let num = |i: usize| parts.get(i).map_or(Ok(0), |p| p.parse::<u32>());
        match (parts.len(), num(0), num(1), num(2)) {
            (2..=3, Ok(a), Ok(b), Ok(c)) => Ok(Version(a, b, c)),
            _ => Err(VersionError { text: text.to_owned() }),
        }
    }
}

impl Version {
    /// Parse for a command: the error carries the hint the CLI prints below it.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        text.parse().map_err(|e: VersionError| crate::error::hinted(e.to_string(), e.hint()))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_order() {
        assert_eq!("v0.144".parse(), Ok(Version(0, 144, 0)));
        assert_eq!(" 0.156.1 ".parse(), Ok(Version(0, 156, 1)));
        assert!("0".parse::<Version>().is_err() && "0.1.2.3".parse::<Version>().is_err());
        assert!("latest".parse::<Version>().is_err());
        assert!(Version(0, 91, 0) < SNAKE_CASE_NAMES && SNAKE_CASE_NAMES < DEFAULT);
        assert_eq!(DEFAULT.to_string(), "0.161.0");
        let err = Version::parse("x").unwrap_err();
        assert_eq!(err.downcast_ref::<crate::error::Hinted>().unwrap().hint, "use a release number such as 0.161.0");
    }
}
