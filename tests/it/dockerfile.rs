//! The repository's Dockerfile: hadolint-clean, multi-stage, static, non-root as `gen k8s --canary`
//! expects. No Docker engine runs in CI, so the image itself is not built here.

use std::path::Path;

use crate::support::{require_tool, stderr_of, stdout_of};

fn dockerfile() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile")).unwrap()
}

#[test]
fn is_multi_stage_static_and_non_root() {
    let text = dockerfile();
    let from: Vec<&str> = text.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(from.len(), 2, "{from:?}");
    assert!(from[0].contains("alpine"), "built against musl: {from:?}");
    assert!(from[1].contains("distroless/static"), "runs from a static base: {from:?}");
    assert!(text.contains("--locked --bin otelkit"));
    // The user the generated canary Deployment runs as.
    assert!(text.lines().any(|l| l == "USER 65532:65532"));
    let k8s =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/k8s/canary.yaml.tera")).unwrap();
    assert!(k8s.contains("runAsUser: 65532") && k8s.contains("runAsGroup: 65532"));
    assert!(text.contains("EXPOSE 9465") && k8s.contains("containerPort: 9465"));
}

#[test]
#[ignore = "needs hadolint: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn hadolint_accepts_the_dockerfile() {
    let hadolint = require_tool("hadolint");
    let out = std::process::Command::new(hadolint)
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout_of(&out), stderr_of(&out));
}
