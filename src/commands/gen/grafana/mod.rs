//! `otelkit gen grafana`: datasources with the signals linked, and dashboards.

mod dashboards;

use std::path::Path;

use super::promql::PromNames;
use super::{plan_flags, regenerate, METRIC_NAME_FLAGS};
use crate::collector::plan::CollectorPlan;
use crate::commands::context::Context;
use crate::error::ExitStatus;
use crate::naming::{GrafanaUids, GRAFANA_UIDS};
use crate::output::{self, GeneratedFile};
use crate::settings::gen::GrafanaTargets;
use crate::templates::{ids, Templates};

pub use dashboards::dashboard_queries;

/// Provisioning files and dashboards, relative to the Grafana directory.
pub fn render(
    plan: &CollectorPlan,
    targets: &GrafanaTargets,
    templates: &Templates,
) -> anyhow::Result<Vec<GeneratedFile>> {
    let names = PromNames::for_plan(plan);
    /// The datasource of each signal: the store the collector config sends it to.
    #[derive(serde::Serialize)]
    struct Store<'a> {
        name: &'a str,
        uid: &'a str,
        url: &'a str,
    }
    /// What the provisioning files are rendered with.
    #[derive(serde::Serialize)]
    struct Provisioning<'a> {
        otelkit_version: &'a str,
        uid: &'a GrafanaUids,
        traces: Store<'a>,
        logs: Store<'a>,
        metrics: Store<'a>,
        n: &'a PromNames,
        /// Tempo's span -> metrics links: (name, PromQL), the design's HTTP metrics or the
        /// semantic conventions' histogram; `$$__tags` is the span's service as `job`.
        traces_to_metrics: Vec<(&'static str, String)>,
        dashboards_path: &'a str,
    }
    let (traces, logs, metrics) = plan.stores();
    let u = &GRAFANA_UIDS;
    let t = &targets;
    let ctx = Provisioning {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        uid: u,
        traces: match traces {
            "jaeger" => Store { name: traces, uid: u.jaeger, url: &t.jaeger_url },
            _ => Store { name: traces, uid: u.tempo, url: &t.tempo_url },
        },
        logs: match logs {
            "victorialogs" => Store { name: logs, uid: u.victorialogs, url: &t.victorialogs_url },
            _ => Store { name: logs, uid: u.loki, url: &t.loki_url },
        },
        metrics: match metrics {
            "victoriametrics" => Store { name: metrics, uid: u.victoriametrics, url: &t.victoriametrics_url },
            _ => Store { name: metrics, uid: u.prometheus, url: &t.prometheus_url },
        },
        n: &names,
        traces_to_metrics: {
            let (tags, errors) = ("$$__tags", format!("{}=~\"5..\"", names.status_code));
            vec![
                ("Request rate", names.http_rate(&[], &[tags], "5m", " ")),
                ("Error rate", names.http_rate(&[], &[tags, &errors], "5m", " ")),
                ("p99 latency", names.http_latency_quantile(0.99, &[tags], "5m", " ")),
            ]
        },
        dashboards_path: &targets.dashboards_path,
    };
    let mut files = vec![
        GeneratedFile::new(
            "provisioning/datasources/otelkit.yaml",
            templates.render_with(ids::GRAFANA_DATASOURCES_YAML, &ctx)?,
        ),
        GeneratedFile::new(
            "provisioning/dashboards/otelkit.yaml",
            templates.render_with(ids::GRAFANA_DASHBOARDS_YAML, &ctx)?,
        ),
    ];
    for (file, dashboard) in dashboards::all(&names, ctx.metrics.uid) {
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
    output::emit_to_dir(dir, &files, check, &command(plan, targets, dir), ctx.printer)
}

/// The command that writes these files into `dir`.
pub fn command(plan: &CollectorPlan, targets: &GrafanaTargets, dir: &Path) -> String {
    let mut flags = plan_flags(plan, &[METRIC_NAME_FLAGS, &["--traces", "--logs"]].concat());
    let d = GrafanaTargets::default();
    let urls = [
        ("--grafana-prometheus-url", &targets.prometheus_url, &d.prometheus_url),
        ("--grafana-tempo-url", &targets.tempo_url, &d.tempo_url),
        ("--grafana-loki-url", &targets.loki_url, &d.loki_url),
        ("--grafana-jaeger-url", &targets.jaeger_url, &d.jaeger_url),
        ("--grafana-victoriametrics-url", &targets.victoriametrics_url, &d.victoriametrics_url),
        ("--grafana-victorialogs-url", &targets.victorialogs_url, &d.victorialogs_url),
        ("--dashboards-path", &targets.dashboards_path, &d.dashboards_path),
    ];
    for (flag, value, default) in urls {
        if value != default {
            flags.push((flag, Some(value.clone())));
        }
    }
    regenerate("otelkit gen grafana", flags, Some(("--dir", dir)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn target_defaults_match_the_command_line() {
        let cli = crate::cli::Cli::try_parse_from(["otelkit", "--no-config", "gen", "grafana"]).unwrap();
        let crate::cli::Command::Gen(command) = cli.command else { panic!("parsed") };
        let settings = crate::settings::Settings::with_env(Default::default(), std::iter::empty());
        let crate::settings::gen::GenSettings::Grafana { targets, .. } =
            crate::settings::gen::gen(&command, &settings).unwrap()
        else {
            panic!("grafana")
        };
        assert_eq!(format!("{targets:?}"), format!("{:?}", GrafanaTargets::default()));
    }
}
