//! Every template in templates/ is named in `templates::ids`, reached by a generator or by init,
//! and renders with the context that generator gives it.

use std::path::Path;

use otelkit::cli::{CiEndpoints, CiProvider, CollectorArgs};
use otelkit::collector::choices::CollectorMode;
use otelkit::commands::gen::{alerts, ci, compose, grafana, k8s};
use otelkit::commands::init;
use otelkit::settings::files::InitSettings;
use otelkit::settings::gen::{collector_plan, AlertOptions, CiOptions, GrafanaTargets};
use otelkit::settings::Settings;
use otelkit::templates::{ids, Templates};

/// A Go service requiring `requires` (module paths), with or without a logger package of its own.
fn go_service(dir: &Path, requires: &[&str], own_logger: bool) {
    let mut go_mod = String::from("module example.com/svc\n\ngo 1.26.0\n\nrequire (\n");
    for r in requires {
        go_mod += &format!("\t{r}\n");
    }
    go_mod += ")\n";
    std::fs::create_dir_all(dir.join("cmd/api")).unwrap();
    std::fs::write(dir.join("go.mod"), go_mod).unwrap();
    std::fs::write(dir.join("cmd/api/main.go"), "package main\n\nfunc main() {}\n").unwrap();
    if own_logger {
        std::fs::create_dir_all(dir.join("internal/pkg/logger")).unwrap();
        std::fs::write(dir.join("internal/pkg/logger/logger.go"), "package logger\n").unwrap();
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), dest).unwrap();
    }
}

#[test]
fn every_template_is_named_reached_and_renders() {
    let templates = Templates::builtin().unwrap();
    let mut all: Vec<&str> = ids::ALL.to_vec();
    all.sort_unstable();
    assert_eq!(templates.names(), all, "templates/ and templates::ids::ALL differ");

    let settings = Settings::with_env(Default::default(), []);
    for mode in [CollectorMode::Gateway, CollectorMode::Agent, CollectorMode::LoadBalancer, CollectorMode::Sampler] {
        let plan = collector_plan(&settings, &CollectorArgs { mode: Some(mode), ..Default::default() }, true).unwrap();
        plan.render(&templates).unwrap();
        let files = k8s::render(&plan, "observability", 2, mode == CollectorMode::Agent, &templates).unwrap();
        k8s::canary(&plan, "observability", "otelkit:test", "60s", &templates).unwrap();
        k8s::kustomization(&files, "observability", &templates).unwrap();
        compose::render(&plan, &templates).unwrap();
        let targets = GrafanaTargets {
            prometheus_url: "http://prometheus:9090".into(),
            tempo_url: "http://tempo:3200".into(),
            loki_url: "http://loki:3100".into(),
            jaeger_url: "http://jaeger:16686".into(),
            victoriametrics_url: "http://victoriametrics:8428".into(),
            victorialogs_url: "http://victorialogs:9428".into(),
            dashboards_path: "/var/lib/grafana/dashboards".into(),
        };
        grafana::render(&plan, &targets, &templates).unwrap();
        alerts::render(&plan, &AlertOptions::default(), &templates).unwrap();
    }

    for provider in [CiProvider::Github, CiProvider::Gitlab] {
        let options = CiOptions {
            provider,
            endpoints: CiEndpoints::Compose,
            service_cmd: Some("./bin/api".into()),
            version: "0.1.0".into(),
        };
        ci::render(&options, &templates).unwrap();
    }

    let work = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/init");
    let mut services = Vec::new();
    for case in std::fs::read_dir(&fixtures).unwrap().filter_map(Result::ok) {
        let dir = work.path().join(case.file_name());
        copy_tree(&case.path().join("in"), &dir);
        services.push(dir);
    }
    let go = [
        (vec![], false),
        (vec!["github.com/go-chi/chi/v5 v5.5.0", "go.uber.org/zap v1.28.0"], false),
        (vec!["github.com/gin-gonic/gin v1.12.0"], true),
        (vec!["github.com/labstack/echo/v4 v4.16.0", "go.uber.org/zap v1.28.0"], true),
        (vec!["github.com/gofiber/fiber/v2 v2.52.15", "github.com/jackc/pgx/v5 v5.12.0"], true),
        (vec!["github.com/gofiber/fiber/v3 v3.1.0"], true),
    ];
    for (i, (requires, own_logger)) in go.iter().enumerate() {
        let dir = work.path().join(format!("go-{i}"));
        go_service(&dir, requires, *own_logger);
        services.push(dir);
    }
    for dir in services {
        let service = init::service_at(&dir, None).unwrap();
        let args = InitSettings {
            path: dir.clone(),
            lang: None,
            all: false,
            service_name: None,
            environment: None,
            metric_namespace: None,
            dry_run: true,
            force: false,
        };
        init::plan(service, &args, &settings, &templates).unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()));
    }

    let rendered = templates.rendered();
    let missing: Vec<&&str> = all.iter().filter(|n| !rendered.iter().any(|r| r == **n)).collect();
    assert!(missing.is_empty(), "templates no generator or init case rendered: {missing:?}");
}
