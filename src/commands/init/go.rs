//! What init writes for a Go service: the telemetry package (with the middleware of the service's
//! web framework, its logger's bridge, pgx's tracer when it uses pgx), a logger package when the
//! service has none, go.mod's requirements, and the lines to paste into main.

use std::path::{Path, PathBuf};

use super::go_steps::NextSteps;
use super::manifest::{self, Dep, GoMod, GoRequire};
use super::project::ModuleContext;
use super::{read_state, Change, Kind};
use crate::error::hinted;
use crate::templates::{ids, Templates};

/// The web frameworks init instruments, each with its middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framework {
    NetHttp,
    Chi,
    Gin,
    Echo,
    Fiber2,
    Fiber3,
}

impl Framework {
    pub fn name(self) -> &'static str {
        match self {
            Framework::NetHttp => "net/http",
            Framework::Chi => "chi",
            Framework::Gin => "Gin",
            Framework::Echo => "Echo",
            Framework::Fiber2 => "Fiber v2",
            Framework::Fiber3 => "Fiber v3",
        }
    }

    fn deps(self) -> &'static [Dep] {
        match self {
            Framework::NetHttp | Framework::Chi => &[],
            Framework::Gin => manifest::GO_GIN,
            Framework::Echo => manifest::GO_ECHO,
            Framework::Fiber2 => manifest::GO_FIBER2,
            Framework::Fiber3 => manifest::GO_FIBER3,
        }
    }

    /// The framework's file in the telemetry package: template and file name.
    fn file(self) -> Option<(&'static str, &'static str)> {
        match self {
            Framework::NetHttp => None,
            Framework::Chi => Some((ids::INIT_GO_CHI_GO, "chi.go")),
            Framework::Gin => Some((ids::INIT_GO_GIN_GO, "gin.go")),
            Framework::Echo => Some((ids::INIT_GO_ECHO_GO, "echo.go")),
            Framework::Fiber2 => Some((ids::INIT_GO_FIBER_GO, "fiber.go")),
            Framework::Fiber3 => Some((ids::INIT_GO_FIBER3_GO, "fiber.go")),
        }
    }
}

/// Framework modules: the path without its major-version suffix, and the majors init knows.
const FRAMEWORKS: &[(&str, &[(u32, Framework)])] = &[
    ("github.com/gofiber/fiber", &[(2, Framework::Fiber2), (3, Framework::Fiber3)]),
    ("github.com/labstack/echo", &[(4, Framework::Echo)]),
    ("github.com/gin-gonic/gin", &[(1, Framework::Gin)]),
    ("github.com/go-chi/chi", &[(5, Framework::Chi)]),
];

/// The major version of `path` if it is the module `base` (`base` itself is v0/v1, `base/vN`
/// is vN).
fn major_of(path: &str, base: &str) -> Option<u32> {
    let rest = path.strip_prefix(base)?;
    if rest.is_empty() {
        return Some(1);
    }
    rest.strip_prefix("/v").and_then(|n| n.parse().ok())
}

/// The service's framework from its direct requirements: net/http when none; an error for a
/// major version init does not know. With several, the first of Fiber, Echo, Gin, chi wins and
/// the others are returned for the note.
pub fn detect_framework(manifest_path: &Path, go_mod: &GoMod) -> anyhow::Result<(Framework, Vec<Framework>)> {
    let mut found = Vec::new();
    for (base, known) in FRAMEWORKS {
        for GoRequire { path, version, .. } in go_mod.requires.iter().filter(|r| !r.indirect) {
            let Some(major) = major_of(path, base) else { continue };
            match known.iter().find(|(m, _)| *m == major) {
                Some((_, f)) => found.push(*f),
                None => {
                    let knows: Vec<String> = known.iter().map(|(m, _)| format!("v{m}")).collect();
                    let name = base.rsplit('/').next().unwrap_or(base);
                    return Err(hinted(
                        format!(
                            "{}: {path} {version} is {name} v{major}, a major version otelkit does not know (it knows {} {})",
                            manifest_path.display(),
                            name,
                            knows.join(", ")
                        ),
                        "otelkit wrote nothing; instrument that framework by hand (otelhttp wraps any net/http handler)",
                    ));
                }
            }
        }
    }
    let mut found = found.into_iter();
    Ok(match found.next() {
        Some(first) => (first, found.collect()),
        None => (Framework::NetHttp, Vec::new()),
    })
}

fn requires(go_mod: &GoMod, module: &str) -> bool {
    go_mod.requires.iter().any(|r| r.path == module)
}

/// Who owns a package directory: nobody yet, otelkit (every Go file in it is one otelkit wrote),
/// or the user (the Go files otelkit did not write).
#[derive(Debug, PartialEq, Eq)]
enum Owner {
    Free,
    Otelkit,
    User(Vec<String>),
}

fn owner(root: &Path, dir: &str, written: &[String]) -> Owner {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else { return Owner::Free };
    let mut go_files: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "go") && e.path().is_file())
        .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy()))
        .collect();
    go_files.sort();
    if go_files.is_empty() {
        return Owner::Free;
    }
    let theirs: Vec<String> = go_files.into_iter().filter(|f| !written.contains(f)).collect();
    if theirs.is_empty() {
        Owner::Otelkit
    } else {
        Owner::User(theirs)
    }
}

/// The telemetry package's directory and name: internal/pkg/telemetry, unless the service has
/// a package of its own there.
pub(super) const TELEMETRY_DIRS: &[(&str, &str)] =
    &[("internal/pkg/telemetry", "telemetry"), ("internal/pkg/otelkit", "otelkit")];
pub(super) const LOGGER_DIR: &str = "internal/pkg/logger";

/// Where `main` is, for the next steps: cmd/<name>/main.go, main.go, or a description.
fn entry_point(root: &Path) -> String {
    let mut mains: Vec<String> = std::fs::read_dir(root.join("cmd"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().join("main.go").is_file())
                .map(|e| format!("cmd/{}/main.go", e.file_name().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    mains.sort();
    match mains.as_slice() {
        [one] => one.clone(),
        [] if root.join("main.go").is_file() => "main.go".into(),
        [] => "your main package".into(),
        many => format!("each binary's main.go ({})", many.join(", ")),
    }
}

/// The Go part of init's plan: the changes (go.mod first) and the next steps.
pub fn plan(
    root: &Path,
    manifest_path: &Path,
    manifest_text: &str,
    ctx: &mut ModuleContext,
    templates: &Templates,
    change: &dyn Fn(PathBuf, String, Kind) -> anyhow::Result<Change>,
) -> anyhow::Result<(Vec<Change>, String)> {
    let go_mod = manifest::parse_go_mod(manifest_path, manifest_text)?;
    let (framework, also) = detect_framework(manifest_path, &go_mod)?;
    let zap = requires(&go_mod, "go.uber.org/zap");
    let pgx = requires(&go_mod, "github.com/jackc/pgx/v5");

    let written: Vec<String> = read_state(root).files.into_keys().collect();
    let Some(&(dir, package)) =
        TELEMETRY_DIRS.iter().find(|(d, _)| !matches!(owner(root, d, &written), Owner::User(_)))
    else {
        return Err(hinted(
            format!(
                "{} and {} hold packages of your own; otelkit writes its package in one of them",
                TELEMETRY_DIRS[0].0, TELEMETRY_DIRS[1].0
            ),
            "otelkit wrote nothing; move one of them",
        ));
    };
    let logger_owner = owner(root, LOGGER_DIR, &written);
    let own_logger = matches!(logger_owner, Owner::User(_));
    let import_path = format!("{}/{dir}", go_mod.module);
    ctx.module = Some(go_mod.module.clone());
    ctx.package = Some(package.to_owned());
    ctx.import_path = Some(import_path.clone());

    let mut deps: Vec<Dep> = manifest::GO.to_vec();
    deps.extend_from_slice(if zap { manifest::GO_ZAP } else { manifest::GO_SLOG });
    if pgx {
        deps.extend_from_slice(manifest::GO_PGX);
    }
    deps.extend_from_slice(framework.deps());

    let mut changes =
        vec![change(PathBuf::from("go.mod"), manifest::go_mod(manifest_path, manifest_text, &deps)?, Kind::Edited)?];
    let mut files: Vec<(&str, &str)> = vec![
        (ids::INIT_GO_TELEMETRY_GO, "telemetry.go"),
        (ids::INIT_GO_METRICS_GO, "metrics.go"),
        (ids::INIT_GO_HTTP_GO, "http.go"),
        (ids::INIT_GO_GENAI_GO, "genai.go"),
    ];
    if zap {
        files.push((ids::INIT_GO_ZAP_GO, "zap.go"));
        files.push((ids::INIT_GO_LOGGER_ZAP_GO, "logger.go"));
    } else {
        files.push((ids::INIT_GO_LOGGER_SLOG_GO, "logger.go"));
    }
    if pgx {
        files.push((ids::INIT_GO_PGX_GO, "pgx.go"));
    }
    files.extend(framework.file());
    for (template, file) in files {
        changes.push(change(Path::new(dir).join(file), templates.render_with(template, &*ctx)?, Kind::Generated)?);
    }
    if !own_logger {
        let template = if zap { ids::INIT_GO_LOGGER_PKG_ZAP_GO } else { ids::INIT_GO_LOGGER_PKG_SLOG_GO };
        changes.push(change(
            Path::new(LOGGER_DIR).join("logger.go"),
            templates.render_with(template, &*ctx)?,
            Kind::Generated,
        )?);
    }
    // Files of an earlier run this one does not write (another framework, logger or database).
    for old in &written {
        let in_ours = [dir, LOGGER_DIR].iter().any(|d| old.strip_prefix(d).is_some_and(|f| f.starts_with('/')));
        let planned = changes.iter().any(|c| super::key(&c.path) == *old);
        if in_ours && old.ends_with(".go") && !planned && root.join(old).is_file() {
            changes.push(change(PathBuf::from(old), String::new(), Kind::Obsolete)?);
        }
    }

    let steps = NextSteps {
        entry: entry_point(root),
        package,
        dir,
        import_path: &import_path,
        framework,
        also: &also,
        zap,
        pgx,
        own_logger: match logger_owner {
            Owner::User(files) => Some(files),
            _ => None,
        },
        own_telemetry: match owner(root, TELEMETRY_DIRS[0].0, &written) {
            Owner::User(files) if dir != TELEMETRY_DIRS[0].0 => Some(files),
            _ => None,
        },
    };
    Ok((changes, steps.render()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn go_mod(requires: &[(&str, &str)]) -> GoMod {
        GoMod {
            module: "example.com/x".into(),
            requires: requires
                .iter()
                .map(|(p, v)| GoRequire { path: (*p).into(), version: (*v).into(), indirect: false })
                .collect(),
        }
    }

    #[test]
    fn frameworks_by_module_and_major() {
        let path = Path::new("go.mod");
        let detect = |r: &[(&str, &str)]| detect_framework(path, &go_mod(r));
        assert_eq!(detect(&[]).unwrap().0, Framework::NetHttp);
        assert_eq!(detect(&[("github.com/gofiber/fiber/v2", "v2.52.15")]).unwrap().0, Framework::Fiber2);
        assert_eq!(detect(&[("github.com/gofiber/fiber/v3", "v3.1.0")]).unwrap().0, Framework::Fiber3);
        assert_eq!(detect(&[("github.com/gin-gonic/gin", "v1.12.0")]).unwrap().0, Framework::Gin);
        assert_eq!(detect(&[("github.com/labstack/echo/v4", "v4.16.0")]).unwrap().0, Framework::Echo);
        assert_eq!(detect(&[("github.com/go-chi/chi/v5", "v5.5.0")]).unwrap().0, Framework::Chi);
        assert_eq!(detect(&[("github.com/labstack/echo-contrib", "v0.17.0")]).unwrap().0, Framework::NetHttp);
        let (f, also) =
            detect(&[("github.com/go-chi/chi/v5", "v5.5.0"), ("github.com/gofiber/fiber/v2", "v2.52.15")]).unwrap();
        assert_eq!((f, also), (Framework::Fiber2, vec![Framework::Chi]));
        let err = detect(&[("github.com/labstack/echo/v5", "v5.4.4")]).unwrap_err().to_string();
        assert_eq!(
            err,
            "go.mod: github.com/labstack/echo/v5 v5.4.4 is echo v5, a major version otelkit does not know (it knows echo v4)"
        );
        let mut indirect = go_mod(&[("github.com/gofiber/fiber/v4", "v4.0.0")]);
        indirect.requires[0].indirect = true;
        assert_eq!(detect_framework(path, &indirect).unwrap().0, Framework::NetHttp, "indirect: not the service's");
    }
}
