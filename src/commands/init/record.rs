//! otelkit.toml as `init` leaves it: the names and endpoints every `gen` and `smoke-test` read, so
//! they agree with the service without flags.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::project::read;
use super::{Change, Kind};
use crate::settings::files::InitSettings;
use crate::templates::{ids, Templates};

/// What otelkit.toml records so every `gen` and `smoke-test` uses the names the service does.
#[derive(Serialize)]
pub(super) struct Recorded<'a> {
    pub(super) name: &'a str,
    pub(super) version: &'a str,
    pub(super) language: &'static str,
    pub(super) environment: &'a str,
    pub(super) metric_namespace: Option<&'a str>,
    pub(super) tempo_endpoint: &'a str,
    pub(super) prometheus_endpoint: &'a str,
    pub(super) loki_endpoint: &'a str,
}

/// otelkit.toml beside the service; in an existing one, the missing keys are added and those
/// given as flags (`--environment`, `--metric-namespace`) set, the rest left as the user wrote it.
pub(super) fn otelkit_toml(
    root: &Path,
    r: &Recorded,
    args: &InitSettings,
    templates: &Templates,
) -> anyhow::Result<Change> {
    let path = root.join(crate::settings::FILE_NAME);
    let old = read(&path)?;
    let new = match &old {
        None => templates.render_with(ids::INIT_OTELKIT_TOML, r)?,
        Some(text) => {
            let mut doc: toml_edit::DocumentMut = text
                .parse()
                .map_err(|e: toml_edit::TomlError| anyhow::anyhow!("{}: {}", path.display(), e.message().trim()))?;
            let mut set = |table: &str, key: &str, value: &str, overwrite: bool| {
                if let Some(t) = doc.entry(table).or_insert(toml_edit::table()).as_table_like_mut() {
                    if overwrite || !t.contains_key(key) {
                        t.insert(key, toml_edit::value(value));
                    }
                }
            };
            set("service", "name", r.name, false);
            set("service", "language", r.language, false);
            set("service", "environment", r.environment, args.environment.is_some());
            if let Some(ns) = r.metric_namespace {
                set("collector", "metric_namespace", ns, args.metric_namespace.is_some());
            }
            doc.to_string()
        }
    };
    Ok(Change { path: PathBuf::from(crate::settings::FILE_NAME), old, new, kind: Kind::Edited })
}
