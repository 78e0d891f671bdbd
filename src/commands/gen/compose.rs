//! `otelkit gen compose`: a local stack for docker compose, every file it mounts included.

use serde::Serialize;

use super::alerts;
use super::grafana;
use crate::collector::choices::{CollectorMode, MetricsExporter};
use crate::collector::plan::{kebab, CollectorPlan};
use crate::commands::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::output::{self, GeneratedFile};
use crate::settings::gen::{AlertOptions, GrafanaTargets};
use crate::templates::{ids, Templates};

/// Pinned images; the collector's follows `--collector-version`.
#[derive(Debug, Clone, Serialize)]
pub struct Images {
    pub collector: String,
    pub tempo: &'static str,
    pub jaeger: &'static str,
    pub loki: &'static str,
    pub victorialogs: &'static str,
    pub prometheus: &'static str,
    pub victoriametrics: &'static str,
    pub grafana: &'static str,
}

impl Images {
    pub fn for_plan(plan: &CollectorPlan) -> Self {
        Self {
            collector: format!("otel/opentelemetry-collector-contrib:{}", plan.collector_version),
            tempo: "grafana/tempo:2.9.0",
            jaeger: "jaegertracing/jaeger:2.13.0",
            loki: "grafana/loki:3.5.0",
            victorialogs: "victoriametrics/victoria-logs:v1.52.1",
            prometheus: "prom/prometheus:v3.5.0",
            victoriametrics: "victoriametrics/victoria-metrics:v1.151.0",
            grafana: "grafana/grafana:12.1.0",
        }
    }
}

const DASHBOARDS_PATH: &str = "/var/lib/grafana/dashboards/otelkit";

/// The stack's service names: `gen grafana`'s defaults, so its dashboards fit the stack.
impl Default for GrafanaTargets {
    fn default() -> Self {
        Self {
            prometheus_url: "http://prometheus:9090".into(),
            tempo_url: "http://tempo:3200".into(),
            loki_url: "http://loki:3100".into(),
            jaeger_url: "http://jaeger:16686".into(),
            victoriametrics_url: "http://victoriametrics:8428".into(),
            victorialogs_url: "http://victorialogs:9428".into(),
            dashboards_path: DASHBOARDS_PATH.into(),
        }
    }
}

/// Where Prometheus scrapes the collector: its prometheus exporter and its own metrics.
pub struct ScrapeTargets<'a> {
    pub exporter: &'a str,
    pub self_metrics: &'a str,
}

/// prometheus.yml scraping the collector, with alert rules in `alerts.yaml` beside it.
pub fn prometheus_config(
    plan: &CollectorPlan,
    targets: &ScrapeTargets,
    scrape_interval: &str,
    templates: &Templates,
) -> anyhow::Result<String> {
    #[derive(Serialize)]
    struct PrometheusYml<'a> {
        otelkit_version: &'a str,
        exporter_target: &'a str,
        self_target: &'a str,
        scrape_interval: &'a str,
        scrape_exporter: bool,
        /// The store that reads this file scrapes itself too.
        self_store: (&'a str, &'a str),
    }
    let ctx = PrometheusYml {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        exporter_target: targets.exporter,
        self_target: targets.self_metrics,
        scrape_interval,
        scrape_exporter: plan.metrics == MetricsExporter::Prometheus,
        self_store: match plan.metrics {
            MetricsExporter::VictoriaMetrics => ("victoriametrics", "localhost:8428"),
            _ => ("prometheus", "localhost:9090"),
        },
    };
    templates.render_with(ids::COMPOSE_PROMETHEUS_YML, &ctx)
}

/// What the stack's files (docker-compose.yaml, tempo.yaml, loki.yaml) are rendered with.
#[derive(Serialize)]
struct Stack<'a> {
    otelkit_version: &'a str,
    images: Images,
    scrape_exporter: bool,
    metrics: MetricsExporter,
    traces_store: &'a str,
    logs_store: &'a str,
    metrics_store: &'a str,
    /// Where Tempo's metrics generator writes.
    metrics_write_url: &'static str,
    dashboards_path: &'a str,
}

pub fn render(plan: &CollectorPlan, templates: &Templates) -> anyhow::Result<Vec<GeneratedFile>> {
    let (traces_store, logs_store, metrics_store) = plan.stores();
    let ctx = Stack {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        images: Images::for_plan(plan),
        scrape_exporter: plan.metrics == MetricsExporter::Prometheus,
        metrics: plan.metrics,
        traces_store,
        logs_store,
        metrics_store,
        metrics_write_url: match plan.metrics {
            MetricsExporter::VictoriaMetrics => "http://victoriametrics:8428/api/v1/write",
            _ => "http://prometheus:9090/api/v1/write",
        },
        dashboards_path: DASHBOARDS_PATH,
    };

    let mut files = vec![
        GeneratedFile::new("docker-compose.yaml", templates.render_with(ids::COMPOSE_DOCKER_COMPOSE_YAML, &ctx)?),
        GeneratedFile::new("otel-collector.yaml", plan.render(templates)?),
    ];
    if traces_store == "tempo" {
        files.push(GeneratedFile::new("tempo.yaml", templates.render_with(ids::COMPOSE_TEMPO_YAML, &ctx)?));
    }
    if logs_store == "loki" {
        files.push(GeneratedFile::new("loki.yaml", templates.render_with(ids::COMPOSE_LOKI_YAML, &ctx)?));
    }
    files.extend([
        GeneratedFile::new(
            "prometheus/prometheus.yml",
            prometheus_config(
                plan,
                &ScrapeTargets { exporter: "otel-collector:8889", self_metrics: "otel-collector:8888" },
                "5s",
                templates,
            )?,
        ),
        GeneratedFile::new("prometheus/alerts.yaml", alerts::render(plan, &AlertOptions::default(), templates)?),
    ]);
    let targets = GrafanaTargets::default();
    for f in grafana::render(plan, &targets, templates)? {
        files.push(GeneratedFile::new(std::path::Path::new("grafana").join(&f.path), f.content));
    }
    Ok(files)
}

pub fn run(plan: &CollectorPlan, dir: &std::path::Path, check: bool, ctx: &Context) -> anyhow::Result<ExitStatus> {
    // An agent, load balancer or sampler sends to a tier the stack does not run.
    if plan.mode != CollectorMode::Gateway {
        return Err(hinted(
            format!("gen compose runs one collector, not the {} tier of a topology", kebab(&plan.mode)),
            "drop --mode (or [collector] mode in otelkit.toml) here; the tiers are for gen k8s and gen collector",
        ));
    }
    let files = render(plan, &ctx.templates)?;
    // Its containers listen on every interface whatever the flags say.
    let flags = plan.flags().into_iter().filter(|(flag, _)| *flag != "--bind-all").collect();
    let regenerate = super::regenerate("otelkit gen compose", flags, Some(("--dir", dir)));
    let status = output::emit_to_dir(dir, &files, check, &regenerate, ctx.printer)?;
    if !check && status == ExitStatus::Success {
        ctx.printer
            .status(&format!("start it with: docker compose -f {}/docker-compose.yaml up --wait", dir.display()));
    }
    Ok(status)
}
