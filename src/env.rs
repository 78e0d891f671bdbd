//! The process environment, read once at start and passed down. The layers below settings (the
//! OTLP target's OTEL_EXPORTER_OTLP_* rules, lint's `${env:VAR}`) read this snapshot and never the
//! process, so a command sees one environment from start to end and a test builds its own.

use std::collections::BTreeMap;

/// Every variable of the environment as it was when the snapshot was taken.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvSnapshot {
    vars: BTreeMap<String, String>,
}

impl EnvSnapshot {
    /// The process's environment, now.
    pub fn from_process() -> Self {
        std::env::vars().collect()
    }

    /// A variable's value; None when unset or blank (the specification treats an empty OTEL_*
    /// variable as unset).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str).filter(|v| !v.trim().is_empty())
    }

    /// Every variable, blank ones included.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.vars
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for EnvSnapshot {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Self { vars: iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_unset() {
        let env: EnvSnapshot = [("A", "x"), ("B", " "), ("C", "")].into_iter().collect();
        assert_eq!((env.get("A"), env.get("B"), env.get("C"), env.get("D")), (Some("x"), None, None, None));
        assert_eq!(env.vars().len(), 3);
    }

    #[test]
    fn the_pipeline_reads_the_snapshot_never_the_process() {
        let mut dirs = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src/pipeline"))];
        let mut files = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    files += 1;
                    for banned in ["std::env::var", "env::vars", "crate::settings"] {
                        assert!(!text.contains(banned), "{} has {banned}", path.display());
                    }
                }
            }
        }
        assert!(files > 10, "{files} files under src/pipeline");
    }
}
