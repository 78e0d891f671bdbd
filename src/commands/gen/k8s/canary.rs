//! `gen k8s --canary`: an `otelkit canary` Deployment and its Service, sending to the
//! collectors' front and checking the stores the config exports to.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{check_dns_label, gateway_service};
use crate::collector::choices::{CollectorMode, LogsExporter, MetricsExporter, TracesExporter};
use crate::collector::plan::CollectorPlan;
use crate::error::hinted;
use crate::output::GeneratedFile;
use crate::templates::{ids, Templates};

/// What `gen k8s --canary` adds: an `otelkit canary` Deployment sending to this collector, and
/// its Service; both carry prometheus.io scrape annotations.
pub fn canary(
    plan: &CollectorPlan,
    namespace: &str,
    image: &str,
    interval: &str,
    templates: &Templates,
) -> anyhow::Result<Vec<GeneratedFile>> {
    check_dns_label(namespace, "--namespace")?;
    if image.trim().is_empty() || image.chars().any(char::is_whitespace) {
        return Err(hinted(format!("--image {image:?} is not an image reference"), "e.g. ghcr.io/acme/otelkit:0.1.0"));
    }
    match humantime::parse_duration(interval) {
        Ok(d) if !d.is_zero() => {}
        _ => return Err(hinted(format!("--canary-interval {interval:?} is not a duration"), "e.g. 30s, 60s, 5m")),
    }
    let labels: BTreeMap<&str, &str> = [
        ("app.kubernetes.io/name", "otelkit-canary"),
        ("app.kubernetes.io/component", "canary"),
        ("app.kubernetes.io/part-of", "otelkit"),
        ("app.kubernetes.io/managed-by", "otelkit"),
    ]
    .into();
    /// What the canary's Deployment and Service are rendered with.
    #[derive(Serialize)]
    struct CanaryManifests<'a> {
        otelkit_version: &'a str,
        namespace: &'a str,
        labels: BTreeMap<&'a str, &'a str>,
        image: &'a str,
        interval: &'a str,
        agent: bool,
        collector: Option<&'a str>,
        stores: Vec<Store>,
        metric_namespace: &'a Option<String>,
        tenant: &'a Option<String>,
    }
    let ctx = CanaryManifests {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        namespace,
        labels,
        image,
        interval,
        agent: plan.mode == CollectorMode::Agent,
        // The front of the collectors, whichever tier is generated here (a sampler's canary too).
        collector: match plan.mode {
            CollectorMode::Agent => None,
            _ => Some(gateway_service(plan, namespace)?.0),
        },
        stores: stores(plan),
        metric_namespace: &plan.metric_namespace,
        tenant: &plan.tenant,
    };
    [("canary-deployment.yaml", ids::K8S_CANARY_YAML), ("canary-service.yaml", ids::K8S_CANARY_SERVICE_YAML)]
        .into_iter()
        .map(|(file, template)| Ok(GeneratedFile::new(file, templates.render_with(template, &ctx)?)))
        .collect()
}

/// One signal's store as the canary finds it: `OTELKIT_<SIGNAL>_BACKEND` and its query URL.
#[derive(Debug, Serialize)]
struct Store {
    backend_var: &'static str,
    backend: &'static str,
    url_var: &'static str,
    url: String,
}

/// The stores the config exports to, as gen compose runs them; their query APIs as the cluster
/// sees them (each store's own port where it takes OTLP on another).
fn stores(plan: &CollectorPlan) -> Vec<Store> {
    let host = |endpoint: &str| {
        let host = endpoint.split("://").last().unwrap_or_default();
        host.rsplit_once(':').map_or(host, |(host, _)| host).to_owned()
    };
    let traces = match plan.traces {
        // Jaeger takes OTLP on 4317 and answers its query API on 16686.
        TracesExporter::Jaeger => {
            ("jaeger", "OTELKIT_JAEGER_URL", format!("http://{}:16686", host(&plan.jaeger_endpoint)))
        }
        // Tempo takes OTLP on the endpoint the collector exports to and answers queries on 3200.
        TracesExporter::Tempo | TracesExporter::Otlp | TracesExporter::Debug => {
            ("tempo", "OTELKIT_TEMPO_URL", format!("http://{}:3200", host(&plan.tempo_endpoint)))
        }
    };
    let logs = match plan.logs {
        LogsExporter::VictoriaLogs => ("victorialogs", "OTELKIT_VICTORIALOGS_URL", plan.victorialogs_endpoint.clone()),
        LogsExporter::Loki | LogsExporter::Otlp | LogsExporter::Debug => {
            ("loki", "OTELKIT_LOKI_URL", plan.loki_endpoint.clone())
        }
    };
    let metrics = match plan.metrics {
        MetricsExporter::VictoriaMetrics => {
            ("victoriametrics", "OTELKIT_VICTORIAMETRICS_URL", plan.victoriametrics_endpoint.clone())
        }
        MetricsExporter::Prometheus | MetricsExporter::RemoteWrite | MetricsExporter::Otlp => {
            ("prometheus", "OTELKIT_PROMETHEUS_URL", plan.prometheus_endpoint.clone())
        }
    };
    [("OTELKIT_TRACES_BACKEND", traces), ("OTELKIT_LOGS_BACKEND", logs), ("OTELKIT_METRICS_BACKEND", metrics)]
        .into_iter()
        .map(|(backend_var, (backend, url_var, url))| Store { backend_var, backend, url_var, url })
        .collect()
}
