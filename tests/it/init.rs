//! `otelkit init`: generated trees per language (tests/fixtures/init/<case>/{in,out}), safety.

use std::path::{Path, PathBuf};

use crate::support::{otelkit, stderr_of, stdout_of};

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/init").join(case)
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(e.path(), dest).unwrap();
    }
}

fn tree(root: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// Run init on a copy of `<case>/in` and compare with `<case>/out`.
/// Regenerate with `UPDATE_INIT_FIXTURES=1 cargo test --test it init::`.
fn check_case(case: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(case).join("in"), dir.path());
    let out = otelkit(dir.path()).arg("init").args(extra).output().unwrap();
    assert!(out.status.success(), "{case}: {}", stderr_of(&out));
    let got = tree(dir.path());
    let expected_dir = fixture(case).join("out");
    if std::env::var_os("UPDATE_INIT_FIXTURES").is_some() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        copy_tree(dir.path(), &expected_dir);
        return;
    }
    let expected = tree(&expected_dir);
    let names = |t: &[(String, String)]| t.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&expected), "{case}: files");
    for ((name, text), (_, want)) in got.iter().zip(&expected) {
        assert!(text == want, "{case}: {name} differs:\n{}", otelkit::output::unified_diff(name, Some(want), text));
    }
    // Running again changes nothing.
    let again = otelkit(dir.path()).arg("init").args(extra).output().unwrap();
    assert!(again.status.success() && stderr_of(&again).contains("nothing to change"), "{case}: {}", stderr_of(&again));
    assert_eq!(tree(dir.path()), got);
}

#[test]
fn rust_binary() {
    check_case("rust-bin", &[]);
}

#[test]
fn python_pyproject_package() {
    check_case("python-pyproject", &["--environment", "staging"]);
}

#[test]
fn python_requirements() {
    check_case("python-requirements", &["--service-name", "flask-api"]);
}

#[test]
fn node_commonjs() {
    check_case("node-cjs", &[]);
}

#[test]
fn node_esm() {
    check_case("node-esm", &[]);
}

/// TypeScript compiled by tsc to ES modules in dist/: the file's header and the next step say
/// to load dist/telemetry.js with --import.
#[test]
fn node_typescript() {
    check_case("node-ts", &[]);
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("node-ts").join("in"), dir.path());
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    let next = stdout_of(&out);
    assert!(next.contains("\n    node --import ./dist/telemetry.js <your compiled entry point>\n"), "{next}");
    let file = std::fs::read_to_string(dir.path().join("src/telemetry.ts")).unwrap();
    assert!(
        file.contains("// modules: tsc, then node --import ./dist/telemetry.js <your compiled entry point>\n"),
        "{file}"
    );
}

#[test]
fn go_service() {
    check_case("go-service", &[]);
}

/// The design's API gateway (Fiber v2, zap, pgx, a logger package of its own): what init
/// writes, and the next steps it prints (tests/it/init_go.rs pastes and runs them).
#[test]
fn go_design_gateway() {
    let _v = crate::support::versionless();
    check_case("go-gateway", &[]);
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("go-gateway").join("in"), dir.path());
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!("go_gateway_next_steps", stdout_of(&out));
}

fn go_service_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn go_logger_package_of_the_users_own_is_left_alone_and_said_so() {
    let logger = "package logger\n\n// Mine.\nfunc Info(msg string) {}\n";
    let dir = go_service_with(&[
        ("go.mod", "module example.com/svc\n\ngo 1.26.0\n"),
        ("internal/pkg/logger/logger.go", logger),
        ("internal/pkg/logger/fields.go", "package logger\n"),
    ]);
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let note = stdout_of(&out).lines().next().unwrap().to_owned();
    assert_eq!(
        note,
        "Note: internal/pkg/logger is a package of your own (internal/pkg/logger/fields.go, internal/pkg/logger/logger.go): otelkit left it alone and wrote its logger to internal/pkg/telemetry/logger.go."
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("internal/pkg/logger/logger.go")).unwrap(), logger);
    assert!(dir.path().join("internal/pkg/telemetry/logger.go").is_file());
    // Again: still the user's, still left alone, nothing to change.
    let again = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(again.status.success() && stderr_of(&again).contains("nothing to change"), "{}", stderr_of(&again));
}

#[test]
fn go_telemetry_package_of_the_users_own_is_left_alone() {
    let theirs = "package telemetry\n\n// NewProvider is the service's own.\nfunc NewProvider() {}\n";
    let dir = go_service_with(&[
        ("go.mod", "module example.com/svc\n\ngo 1.26.0\n"),
        ("internal/pkg/telemetry/provider.go", theirs),
    ]);
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let next = stdout_of(&out);
    assert!(next.starts_with("Note: internal/pkg/telemetry is a package of your own (internal/pkg/telemetry/provider.go): otelkit left it alone and wrote its package to internal/pkg/otelkit.\n"), "{next}");
    assert!(
        next.contains("import \"example.com/svc/internal/pkg/otelkit\"") && next.contains("otelkit.Start()"),
        "{next}"
    );
    let written = std::fs::read_to_string(dir.path().join("internal/pkg/otelkit/telemetry.go")).unwrap();
    assert!(written.contains("\npackage otelkit\n"));
    let facade = std::fs::read_to_string(dir.path().join("internal/pkg/logger/logger.go")).unwrap();
    assert!(
        facade.contains("\"example.com/svc/internal/pkg/otelkit\"") && facade.contains("otelkit.Logger()"),
        "{facade}"
    );
    assert_eq!(tree(&dir.path().join("internal/pkg/telemetry")), vec![("provider.go".to_owned(), theirs.to_owned())]);
}

/// A service that moves from chi to Gin: chi.go goes, gin.go comes; an edited obsolete file stays.
#[test]
fn go_files_of_a_framework_no_longer_used_are_removed() {
    let dir = go_service_with(&[(
        "go.mod",
        "module example.com/svc\n\ngo 1.26.0\n\nrequire github.com/go-chi/chi/v5 v5.5.0\n",
    )]);
    assert!(otelkit(dir.path()).arg("init").output().unwrap().status.success());
    let chi = dir.path().join("internal/pkg/telemetry/chi.go");
    assert!(chi.is_file());
    std::fs::write(
        dir.path().join("go.mod"),
        "module example.com/svc\n\ngo 1.26.0\n\nrequire github.com/gin-gonic/gin v1.12.0\n",
    )
    .unwrap();
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("removed internal/pkg/telemetry/chi.go (no longer used)"), "{}", stderr_of(&out));
    assert!(!chi.exists() && dir.path().join("internal/pkg/telemetry/gin.go").is_file());
    let state = std::fs::read_to_string(dir.path().join(".otelkit/init.json")).unwrap();
    assert!(!state.contains("chi.go"), "{state}");

    // Edited by the user: left where it is.
    let gin = dir.path().join("internal/pkg/telemetry/gin.go");
    let edited = std::fs::read_to_string(&gin).unwrap() + "\n// mine\n";
    std::fs::write(&gin, &edited).unwrap();
    std::fs::write(dir.path().join("go.mod"), "module example.com/svc\n\ngo 1.26.0\n").unwrap();
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(&gin).unwrap(), edited);
}

/// Input init cannot work with: one line saying what, exit 2, nothing written.
#[test]
fn go_bad_input_is_refused_in_one_line_and_nothing_is_written() {
    for (files, expect) in [
        (
            vec![("go.mod", "module example.com/svc\n\nrequire (\n\tgithub.com/gofiber/fiber/v2\n)\n")],
            "error: ./go.mod:4:1: a require needs a module path and a version",
        ),
        (
            vec![("go.mod", "module example.com/svc\n\ngo 1.26.0\n\nrequire github.com/labstack/echo/v5 v5.4.4\n")],
            "error: ./go.mod: github.com/labstack/echo/v5 v5.4.4 is echo v5, a major version otelkit does not know (it knows echo v4)",
        ),
        (
            vec![("go.mod", "module example.com/svc\n\ngo 1.26.0\n\nrequire github.com/gofiber/fiber/v4 v4.0.0\n")],
            "error: ./go.mod: github.com/gofiber/fiber/v4 v4.0.0 is fiber v4, a major version otelkit does not know (it knows fiber v2, v3)",
        ),
        (
            vec![
                ("go.mod", "module example.com/svc\n\ngo 1.26.0\n"),
                ("internal/pkg/telemetry/t.go", "package telemetry\n"),
                ("internal/pkg/otelkit/o.go", "package otelkit\n"),
            ],
            "error: internal/pkg/telemetry and internal/pkg/otelkit hold packages of your own; otelkit writes its package in one of them",
        ),
    ] {
        let dir = go_service_with(&files);
        let before = tree(dir.path());
        let out = otelkit(dir.path()).arg("init").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{expect}");
        let err = stderr_of(&out);
        assert_eq!(err.lines().next(), Some(expect), "{err}");
        assert!(err.lines().nth(1).is_some_and(|l| l.trim_start().starts_with("hint: ")), "{err}");
        assert_eq!(tree(dir.path()), before, "{expect}: nothing written");
    }
}

/// A file where otelkit writes, which otelkit never wrote: refused, and said so truly.
#[test]
fn a_file_otelkit_never_wrote_is_not_overwritten_and_the_message_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("requirements.txt"), "flask\n").unwrap();
    std::fs::write(dir.path().join("telemetry.py"), "# my own telemetry\n").unwrap();
    let before = tree(dir.path());
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("error: ")
            && first.ends_with("telemetry.py exists and was not written by otelkit; not overwriting"),
        "{err}"
    );
    assert!(!err.contains("changed since otelkit wrote"), "{err}");
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("rust-bin").join("in"), dir.path());
    let before = tree(dir.path());
    let out = otelkit(dir.path()).args(["init", "--dry-run"]).output().unwrap();
    assert!(out.status.success());
    let diff = stdout_of(&out);
    assert!(diff.contains("+++ b/./src/telemetry.rs") && diff.contains("+opentelemetry-otlp = "), "{diff}");
    assert!(diff.contains(" # Keep serde at 1.0.200: see ADR-12."), "context lines keep the comment: {diff}");
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn user_edits_are_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("python-requirements").join("in"), dir.path());
    assert!(otelkit(dir.path()).arg("init").output().unwrap().status.success());
    let module = dir.path().join("telemetry.py");
    let edited = std::fs::read_to_string(&module).unwrap() + "\n# my change\n";
    std::fs::write(&module, &edited).unwrap();

    // A newer template would differ: simulate with another environment default.
    let out = otelkit(dir.path()).args(["init", "--environment", "prod"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("changed since otelkit wrote it"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(&module).unwrap(), edited, "refused: untouched");

    let out = otelkit(dir.path()).args(["init", "--environment", "prod", "--dry-run"]).output().unwrap();
    assert!(stdout_of(&out).contains("-# my change"), "dry-run shows what --force would lose");

    let out = otelkit(dir.path()).args(["init", "--environment", "prod", "--force"]).output().unwrap();
    assert!(out.status.success());
    assert!(!std::fs::read_to_string(&module).unwrap().contains("# my change"));

    // A file otelkit wrote and nobody touched is updated without --force.
    let out = otelkit(dir.path()).args(["init", "--environment", "qa"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(&module).unwrap().contains("\"qa\""));
}

#[test]
fn malformed_manifests_name_file_and_line_and_write_nothing() {
    for (file, text, expect) in [
        ("Cargo.toml", "[package]\nname = \"x\"\nversion = \n", "Cargo.toml:3:"),
        ("package.json", "{\n  \"name\": \"x\",\n  \"dependencies\": {,}\n}\n", "package.json:3:"),
        ("go.mod", "module x\n\ngo 1.25\nrequires y v1\n", "go.mod:4:1: unknown directive"),
        ("pyproject.toml", "[project\nname = \"x\"\n", "pyproject.toml:1:"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), text).unwrap();
        let out = otelkit(dir.path()).arg("init").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = stderr_of(&out);
        assert!(err.starts_with("error: ") && err.contains(expect), "{file}: {err}");
        assert_eq!(tree(dir.path()), vec![(file.to_owned(), text.to_owned())], "{file}: nothing written");
    }
}

#[test]
fn monorepo_lists_services_and_all_initialises_each() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("go-service").join("in"), &dir.path().join("services/api"));
    copy_tree(&fixture("node-cjs").join("in"), &dir.path().join("services/gateway"));
    copy_tree(&fixture("rust-bin").join("in"), &dir.path().join("workers/billing"));
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("services/api (go)") && err.contains("workers/billing (rust)") && err.contains("--all"),
        "{err}"
    );

    let out = otelkit(dir.path()).args(["init", "services/gateway"]).output().unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("services/gateway/src/telemetry.js").is_file());
    assert!(!dir.path().join("services/api/internal").exists());

    let out = otelkit(dir.path()).args(["init", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    for f in [
        "services/api/internal/pkg/telemetry/telemetry.go",
        "workers/billing/src/telemetry.rs",
        "services/api/otelkit.toml",
    ] {
        assert!(dir.path().join(f).is_file(), "{f}");
    }
    let toml = std::fs::read_to_string(dir.path().join("workers/billing/otelkit.toml")).unwrap();
    assert!(toml.contains("name = \"billing\"") && toml.contains("language = \"rust\""), "{toml}");

    let none = tempfile::tempdir().unwrap();
    let out = otelkit(none.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("no project found"));
}

/// A write that fails for real (`.otelkit` is a file, so the state file cannot be written, and
/// it is written last): the run leaves nothing behind, not go.mod, not half the package.
#[test]
fn a_failed_write_leaves_the_tree_as_it_was() {
    let dir = go_service_with(&[("go.mod", "module example.com/svc\n\ngo 1.22\n"), (".otelkit", "in the way\n")]);
    let before = tree(dir.path());
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.starts_with("error: ") && err.contains(".otelkit"), "{err}");
    assert!(err.contains("hint: otelkit changed nothing"), "{err}");
    assert_eq!(tree(dir.path()), before, "nothing written, nothing left");
    // Out of the way, the same run succeeds: no second copy of the package beside the first.
    std::fs::remove_file(dir.path().join(".otelkit")).unwrap();
    let out = otelkit(dir.path()).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!dir.path().join("internal/pkg/otelkit").exists());
}

/// A manifest that is a symbolic link is edited where it points; its mode and group are kept.
#[cfg(unix)]
#[test]
fn a_symlinked_manifest_is_edited_through_the_link_with_mode_and_group_kept() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared/Cargo.toml");
    copy_tree(&fixture("rust-bin").join("in"), &dir.path().join("svc"));
    std::fs::create_dir_all(shared.parent().unwrap()).unwrap();
    std::fs::rename(dir.path().join("svc/Cargo.toml"), &shared).unwrap();
    std::os::unix::fs::symlink("../shared/Cargo.toml", dir.path().join("svc/Cargo.toml")).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    let _ = std::os::unix::fs::chown(&shared, None, Some(4242));
    let gid = std::fs::metadata(&shared).unwrap().gid();

    let out = otelkit(&dir.path().join("svc")).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let link = dir.path().join("svc/Cargo.toml");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink(), "the link is still a link");
    assert!(std::fs::read_to_string(&shared).unwrap().contains("opentelemetry-otlp"), "edited through it");
    let meta = std::fs::metadata(&shared).unwrap();
    assert_eq!((meta.mode() & 0o7777, meta.gid()), (0o640, gid));
    let leftovers: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() != ".otelkit" && e.file_name().to_string_lossy().contains(".otelkit"))
        .map(|e| e.path().display().to_string())
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// The service's own otelkit.toml names it, wherever init runs from; a parent's gives the
/// environment but names no service below it; `init PATH` and `init --all` agree.
#[test]
fn the_targets_own_otelkit_toml_wins_over_the_current_directorys() {
    let monorepo = || {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("otelkit.toml"), "[service]\nname = \"shop\"\nenvironment = \"staging\"\n").unwrap();
        for svc in ["services/cart", "services/search"] {
            std::fs::create_dir_all(root.join(svc)).unwrap();
            let name = svc.rsplit('/').next().unwrap();
            std::fs::write(root.join(svc).join("package.json"), format!("{{\n  \"name\": \"{name}\"\n}}\n")).unwrap();
        }
        std::fs::write(
            root.join("services/cart/otelkit.toml"),
            "[service]\nname = \"cart-api\"\nenvironment = \"prod\"\n",
        )
        .unwrap();
        dir
    };
    let named = |root: &Path, svc: &str| {
        let module = std::fs::read_to_string(root.join(svc).join("src/telemetry.js")).unwrap();
        let line =
            |prefix: &str| module.lines().find(|l| l.trim_start().starts_with(prefix)).unwrap().trim().to_owned();
        (line("const SERVICE_NAME"), line("'deployment.environment.name'"))
    };
    let want = |name: &str, env: &str| {
        (
            format!("const SERVICE_NAME = '{name}';"),
            format!("'deployment.environment.name': process.env.ENVIRONMENT || '{env}',"),
        )
    };

    let one_by_one = monorepo();
    for svc in ["services/cart", "services/search"] {
        let out = otelkit(one_by_one.path()).args(["init", svc]).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let all = monorepo();
    let out = otelkit(all.path()).args(["init", "--all"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    for dir in [&one_by_one, &all] {
        assert_eq!(named(dir.path(), "services/cart"), want("cart-api", "prod"));
        assert_eq!(named(dir.path(), "services/search"), want("search", "staging"));
    }
    // From inside the service: the same.
    let inside = monorepo();
    let out = otelkit(&inside.path().join("services/search")).arg("init").output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(named(inside.path(), "services/search"), want("search", "staging"));
}

/// The install step names the project's own tool: pip -r only for requirements.txt.
#[test]
fn python_next_steps_install_the_way_the_project_does() {
    for (files, want) in [
        (vec![("requirements.txt", "flask\n")], "Then install: pip install -r requirements.txt."),
        (vec![("pyproject.toml", "[project]\nname = \"svc\"\n")], "Then install: pip install -e . (or your tool"),
        (vec![("pyproject.toml", "[project]\nname = \"svc\"\n"), ("uv.lock", "")], "Then install: uv sync."),
        (
            vec![(
                "pyproject.toml",
                "[tool.poetry]\nname = \"svc\"\n\n[tool.poetry.dependencies]\npython = \"^3.11\"\n",
            )],
            "Then install: poetry install.",
        ),
    ] {
        let dir = go_service_with(&files);
        let out = otelkit(dir.path()).arg("init").output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let next = stdout_of(&out);
        assert!(next.contains(want), "{files:?}: {next}");
        if files[0].0 == "pyproject.toml" {
            assert!(!next.contains("requirements.txt"), "{next}");
        }
    }
}

/// The import printed for the metrics resolves from the app's entry point, wherever it is.
#[test]
fn node_next_steps_import_the_module_from_the_entry_point() {
    for (files, command, import) in [
        (
            vec![("package.json", "{\"name\": \"a\"}\n"), ("index.js", "")],
            "node --require ./src/telemetry.js index.js",
            "const { metrics } = require('./src/telemetry')",
        ),
        (
            vec![("package.json", "{\"name\": \"a\"}\n"), ("src/app.js", "")],
            "node --require ./src/telemetry.js src/app.js",
            "const { metrics } = require('./telemetry')",
        ),
        (
            vec![("package.json", "{\"name\": \"a\", \"type\": \"module\", \"main\": \"lib/server.js\"}\n")],
            "node --import ./src/telemetry.js lib/server.js",
            "import { metrics } from '../src/telemetry.js'",
        ),
    ] {
        let dir = go_service_with(&files);
        let out = otelkit(dir.path()).arg("init").output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let next = stdout_of(&out);
        assert!(next.contains(&format!("\n    {command}\n")) && next.contains(import), "{files:?}: {next}");
        // Node's resolution of a relative specifier: the file itself, or with .js added.
        let entry = command.rsplit(' ').next().unwrap();
        let specifier = import.split('\'').nth(1).unwrap();
        let from = dir.path().join(entry).parent().unwrap().to_path_buf();
        std::fs::create_dir_all(&from).unwrap();
        let target = from.join(specifier);
        let resolved = if specifier.ends_with(".js") { target } else { target.with_extension("js") };
        assert_eq!(
            resolved.canonicalize().ok(),
            dir.path().join("src/telemetry.js").canonicalize().ok(),
            "{specifier} from {entry}"
        );
    }
}

/// What init records, every `gen` reads: run without flags, the collector's exporter, the alert
/// rules and the dashboards name the metrics alike, in the environment init was given.
#[test]
fn gen_without_flags_uses_the_names_init_recorded() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("rust-bin").join("in"), dir.path());
    let init = |args: &[&str]| {
        let out = otelkit(dir.path()).arg("init").args(args).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    };
    init(&["--metric-namespace", "agentstack", "--environment", "prod"]);
    let gen = |args: &[&str]| {
        let out = otelkit(dir.path()).arg("gen").args(args).output().unwrap();
        assert!(out.status.success(), "gen {args:?}: {}", stderr_of(&out));
        stdout_of(&out)
    };
    let check = |namespace: &str| {
        let collector = gen(&["collector"]);
        assert!(collector.contains(&format!("namespace: {namespace}\n")), "{collector}");
        assert!(collector.contains("value: \"prod\""), "{collector}");
        let alerts = gen(&["alerts"]);
        let grafana_dir = dir.path().join(format!("grafana-{namespace}"));
        gen(&["grafana", "--dir", grafana_dir.to_str().unwrap()]);
        let dashboards: String = walkdir::WalkDir::new(&grafana_dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| std::fs::read_to_string(e.path()).unwrap())
            .collect();
        for (what, text) in [("alerts", &alerts), ("dashboards", &dashboards)] {
            let named = text.matches("http_requests_total").count();
            let prefixed = text.matches(&format!("{namespace}_http_requests_total")).count();
            assert!(named > 0 && named == prefixed, "{what}: {prefixed} of {named} names prefixed {namespace}");
        }
    };
    check("agentstack");

    // A later init with a flag changes the record; without one it keeps it.
    init(&["--metric-namespace", "acme"]);
    init(&[]);
    let toml = std::fs::read_to_string(dir.path().join("otelkit.toml")).unwrap();
    assert!(toml.contains("metric_namespace = \"acme\"") && toml.contains("environment = \"prod\""), "{toml}");
    check("acme");
    init(&["--environment", "staging"]);
    assert!(gen(&["collector"]).contains("value: \"staging\""));

    let out = otelkit(dir.path()).args(["init", "--metric-namespace", "bad name"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}
