//! `otelkit gen grafana`: datasources with the signals linked, and dashboards.

mod dashboards;

use std::path::Path;

use serde::Serialize;

use super::collector::CollectorPlan;
use super::promql::PromNames;
use crate::commands::Context;
use crate::error::ExitStatus;
use crate::output::{self, GeneratedFile};
use crate::templates::Templates;

pub use dashboards::dashboard_queries;

/// Datasource UIDs: fixed, so links between datasources and dashboard references never break.
#[derive(Debug, Clone, Serialize)]
pub struct Uids {
    pub prometheus: &'static str,
    pub tempo: &'static str,
    pub loki: &'static str,
}

pub const UIDS: Uids = Uids { prometheus: "otelkit-prometheus", tempo: "otelkit-tempo", loki: "otelkit-loki" };

/// Where Grafana reaches the backends, and where it reads dashboards from.
#[derive(Debug, Clone)]
pub struct GrafanaTargets {
    pub prometheus_url: String,
    pub tempo_url: String,
    pub loki_url: String,
    pub dashboards_path: String,
}

/// Provisioning files and dashboards, relative to the Grafana directory.
pub fn render(
    plan: &CollectorPlan,
    targets: &GrafanaTargets,
    templates: &Templates,
) -> anyhow::Result<Vec<GeneratedFile>> {
    let names = PromNames::for_plan(plan);
    let mut ctx = tera::Context::new();
    ctx.insert("otelkit_version", env!("CARGO_PKG_VERSION"));
    ctx.insert("uid", &UIDS);
    ctx.insert("n", &names);
    ctx.insert("prometheus_url", &targets.prometheus_url);
    ctx.insert("tempo_url", &targets.tempo_url);
    ctx.insert("loki_url", &targets.loki_url);
    ctx.insert("dashboards_path", &targets.dashboards_path);
    let mut files = vec![
        GeneratedFile::new(
            "provisioning/datasources/otelkit.yaml",
            templates.render("grafana/datasources.yaml", &ctx)?,
        ),
        GeneratedFile::new("provisioning/dashboards/otelkit.yaml", templates.render("grafana/dashboards.yaml", &ctx)?),
    ];
    for (file, dashboard) in dashboards::all(&names) {
        let mut text = serde_json::to_string_pretty(&dashboard)?;
        text.push('\n');
        files.push(GeneratedFile::new(Path::new("dashboards").join(file), text));
    }
    Ok(files)
}

pub fn run(
    plan: &CollectorPlan,
    targets: &GrafanaTargets,
    dir: &std::path::Path,
    check: bool,
    ctx: &Context,
) -> anyhow::Result<ExitStatus> {
    let files = render(plan, targets, &ctx.templates)?;
    output::emit_to_dir(dir, &files, check, "otelkit gen grafana", ctx.printer)
}
