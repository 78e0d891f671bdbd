//! `gen ci github|gitlab`: snapshots, --check, and the real linters (actionlint with shellcheck,
//! check-jsonschema with GitLab's CI schema) on every variant.

use std::path::{Path, PathBuf};

use crate::support::{otelkit, require_tool, stderr_of, stdout_of};

const NEEDS: &str = "needs actionlint, shellcheck and check-jsonschema: .ci/install-test-deps";

fn gen(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["gen", "ci"]).args(args).output().unwrap();
    assert!(out.status.success(), "gen ci {args:?}: {}", stderr_of(&out));
    stdout_of(&out)
}

/// Every variant: both CIs, every endpoint mode, with and without a service command.
fn variants(provider: &str) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for endpoints in ["compose", "external", "up"] {
        for service in [None, Some("./bin/api --port 8080 \"$HOME\" 'a b' # x")] {
            let mut args = vec![provider, "--endpoints", endpoints];
            if let Some(cmd) = service {
                args.extend(["--service-cmd", cmd]);
            }
            let name = format!("{provider}-{endpoints}{}.yml", if service.is_some() { "-service" } else { "" });
            all.push((name, gen(&args)));
        }
    }
    all
}

#[test]
fn github_snapshots() {
    let _v = crate::support::versionless();
    insta::assert_snapshot!("github_compose", gen(&["github"]));
    insta::assert_snapshot!("github_external", gen(&["github", "--endpoints", "external"]));
    insta::assert_snapshot!("github_up", gen(&["github", "--endpoints", "up"]));
}

#[test]
fn gitlab_snapshots() {
    let _v = crate::support::versionless();
    insta::assert_snapshot!("gitlab_compose", gen(&["gitlab"]));
    insta::assert_snapshot!("gitlab_external", gen(&["gitlab", "--endpoints", "external"]));
    insta::assert_snapshot!("gitlab_up", gen(&["gitlab", "--endpoints", "up"]));
}

/// `--endpoints up`: no Docker anywhere, the archives in a CI cache keyed by the otelkit version,
/// the stores of the jaeger-victoria stack chosen for smoke-test, and `otelkit down` whatever
/// happened before it.
#[test]
fn up_runs_without_docker_and_always_stops_the_pipeline() {
    let own = env!("CARGO_PKG_VERSION");
    for provider in ["github", "gitlab"] {
        for (name, text) in variants(provider).into_iter().filter(|(name, _)| name.contains("-up")) {
            // The header says "no Docker"; nothing the CI reads may mention it.
            let job: String = text.lines().filter(|l| !l.trim_start().starts_with('#')).collect();
            for absent in ["docker", "services:", "privileged"] {
                assert!(!job.to_lowercase().contains(absent), "{name}: {absent}\n{text}");
            }
            let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
            let env = match provider {
                "github" => &doc["jobs"]["smoke-test"]["env"],
                _ => &doc["otelkit-smoke"]["variables"],
            };
            assert_eq!(env["OTELKIT_CACHE_DIR"].as_str(), Some(".otelkit-cache"), "{name}");
            for (var, store) in [
                ("OTELKIT_TRACES_BACKEND", "jaeger"),
                ("OTELKIT_LOGS_BACKEND", "victorialogs"),
                ("OTELKIT_METRICS_BACKEND", "victoriametrics"),
            ] {
                assert_eq!(env[var].as_str(), Some(store), "{name}: {var}");
            }
            assert_eq!(env["OTEL_EXPORTER_OTLP_ENDPOINT"].as_str(), Some("http://localhost:4318"), "{name}");
            // up, the service, smoke-test, in this order; down in a part that runs on failure too.
            let up = text.find("otelkit up --stack jaeger-victoria --dir otelkit-up").expect(&name);
            let smoke = text.find("otelkit smoke-test --junit").expect(&name);
            assert!(up < smoke, "{name}");
            if let Some(service) = text.find("nohup sh -c \"$OTELKIT_SERVICE_CMD\"") {
                assert!(up < service && service < smoke, "{name}");
            }
            match provider {
                "github" => {
                    let steps = doc["jobs"]["smoke-test"]["steps"].as_sequence().unwrap();
                    let step = |n: &str| steps.iter().find(|s| s["name"] == n).unwrap_or_else(|| panic!("{name}: {n}"));
                    let restore = step("Restore the servers' archives");
                    assert_eq!(restore["uses"].as_str(), Some("actions/cache/restore@v5"), "{name}");
                    assert_eq!(restore["with"]["path"].as_str(), Some(".otelkit-cache"), "{name}");
                    let key = restore["with"]["key"].as_str().unwrap();
                    assert!(key.contains("${{ env.OTELKIT_VERSION }}"), "{name}: {key}");
                    assert_eq!(step("Save the servers' archives")["with"]["path"].as_str(), Some(".otelkit-cache"));
                    let down = step("Stop the pipeline");
                    assert_eq!(down["if"].as_str(), Some("${{ always() }}"), "{name}");
                    assert_eq!(down["run"].as_str(), Some("otelkit down --dir otelkit-up"), "{name}");
                    let last = steps.last().unwrap();
                    assert_eq!(last["name"].as_str(), Some("Stop the pipeline"), "{name}: down is the last step");
                }
                _ => {
                    let job = &doc["otelkit-smoke"];
                    assert_eq!(job["cache"]["paths"][0].as_str(), Some(".otelkit-cache"), "{name}");
                    assert_eq!(job["cache"]["when"].as_str(), Some("always"), "{name}");
                    let key = job["cache"]["key"].as_str().unwrap();
                    assert!(key.contains("${OTELKIT_VERSION}"), "{name}: {key}");
                    let after = job["after_script"].as_sequence().unwrap();
                    assert_eq!(after[0].as_str(), Some("$HOME/.otelkit/bin/otelkit down --dir otelkit-up"), "{name}");
                }
            }
            assert!(text.contains(&format!("OTELKIT_VERSION: \"{own}\"")), "{name}");
        }
    }
}

#[test]
fn pins_the_release_and_never_writes_a_secret_value() {
    let own = env!("CARGO_PKG_VERSION");
    for provider in ["github", "gitlab"] {
        for (name, text) in variants(provider) {
            assert!(text.contains(&format!("OTELKIT_VERSION: \"{own}\"")), "{name}");
            assert!(text.contains("releases/download/v${OTELKIT_VERSION}/otelkit-installer.sh"), "{name}");
            assert!(!text.contains("latest/download"), "{name} must not float to the latest release");
            if name.contains("external") && provider == "github" {
                for secret in ["OTELKIT_TEMPO_TOKEN", "OTELKIT_PROMETHEUS_TOKEN", "OTELKIT_LOKI_TOKEN"] {
                    assert!(text.contains(&format!("{secret}: ${{{{ secrets.{secret} }}}}")), "{name}: {secret}");
                }
            }
        }
    }
    let pinned = gen(&["gitlab", "--otelkit-version", "v2.3.4-rc.1"]);
    assert!(pinned.contains("OTELKIT_VERSION: \"2.3.4-rc.1\""), "{pinned}");
}

#[test]
fn bad_inputs_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["github", "--otelkit-version", "latest"],
        vec!["gitlab", "--otelkit-version", "1.0.0; curl evil"],
        vec!["github", "--service-cmd", "  "],
        vec!["jenkins"],
    ] {
        let out = otelkit(dir.path()).args(["gen", "ci"]).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
    }
}

#[test]
fn output_file_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = ".github/workflows/otelkit-smoke.yml";
    let out = otelkit(dir.path()).args(["gen", "ci", "github", "-o", file]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(dir.path().join(file)).unwrap(), gen(&["github"]));
    let check = otelkit(dir.path()).args(["gen", "ci", "github", "-o", file, "--check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0), "{}", stderr_of(&check));
    let drift = otelkit(dir.path())
        .args(["gen", "ci", "github", "--endpoints", "external", "-o", file, "--check"])
        .output()
        .unwrap();
    assert_eq!(drift.status.code(), Some(1));
    assert!(stdout_of(&drift).contains("+      OTELKIT_TEMPO_TOKEN"), "{}", stdout_of(&drift));
}

/// A linter from .ci/deps/ci-linters.sh's venv, else from PATH; with the venv's bin first on PATH
/// so actionlint finds shellcheck.
fn linter(name: &str) -> (PathBuf, std::ffi::OsString) {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-deps/ci-linters/bin");
    let path = std::env::join_paths(
        std::iter::once(venv.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let bin = venv.join(name);
    let bin = if bin.is_file() { bin } else { require_tool(name) };
    (bin, path)
}

fn write_all(dir: &Path, files: &[(String, String)]) -> Vec<PathBuf> {
    files
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

#[test]
#[ignore = "needs actionlint, shellcheck and check-jsonschema: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn actionlint_finds_nothing_in_the_github_workflows() {
    let (actionlint, path) = linter("actionlint");
    let (shellcheck, _) = linter("shellcheck");
    assert!(shellcheck.is_file(), "{NEEDS}");
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path(), &variants("github"));
    let out = std::process::Command::new(&actionlint)
        .env("PATH", &path)
        .args(["-shellcheck", shellcheck.to_str().unwrap(), "-no-color"])
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success() && out.stdout.is_empty(), "actionlint:\n{}{}", stdout_of(&out), stderr_of(&out));
}

/// cargo-dist writes .github/workflows/release.yml; its findings are dist's, so they are shown,
/// not failed on. The file must exist and parse as a workflow.
#[test]
#[ignore = "needs actionlint: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn actionlint_on_the_release_workflow_from_cargo_dist() {
    let release = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml");
    assert!(release.is_file(), "{}: written by `dist init`/`dist generate`", release.display());
    let (actionlint, path) = linter("actionlint");
    let out =
        std::process::Command::new(&actionlint).env("PATH", &path).arg("-no-color").arg(&release).output().unwrap();
    let findings = stdout_of(&out);
    eprintln!("actionlint on release.yml (cargo-dist's; reported, not failed on):\n{findings}");
    assert!(!findings.contains("could not parse"), "{findings}");
    assert!(matches!(out.status.code(), Some(0) | Some(1)), "actionlint itself failed: {}", stderr_of(&out));
}

#[test]
#[ignore = "needs check-jsonschema: .ci/install-test-deps, then cargo test -- --include-ignored"]
fn gitlab_ci_schema_accepts_every_variant() {
    let (check, path) = linter("check-jsonschema");
    let dir = tempfile::tempdir().unwrap();
    let files = write_all(dir.path(), &variants("gitlab"));
    let out = std::process::Command::new(&check)
        .env("PATH", &path)
        .args(["--builtin-schema", "vendor.gitlab-ci"])
        .args(&files)
        .output()
        .unwrap();
    assert!(out.status.success(), "check-jsonschema:\n{}{}", stdout_of(&out), stderr_of(&out));
    assert!(stdout_of(&out).contains("ok -- validation done"), "{}", stdout_of(&out));
}
