//! The languages `otelkit init` instruments: chosen by `--lang`, found by their manifests.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Go,
    Rust,
    Python,
    Node,
}

impl Lang {
    pub fn name(self) -> &'static str {
        match self {
            Lang::Go => "go",
            Lang::Rust => "rust",
            Lang::Python => "python",
            Lang::Node => "node",
        }
    }

    /// The manifest file that marks a project of this language.
    pub fn manifests(self) -> &'static [&'static str] {
        match self {
            Lang::Go => &["go.mod"],
            Lang::Rust => &["Cargo.toml"],
            Lang::Python => &["pyproject.toml", "requirements.txt"],
            Lang::Node => &["package.json"],
        }
    }
}
