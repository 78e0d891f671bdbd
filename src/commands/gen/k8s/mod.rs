//! `otelkit gen k8s`: manifests that run the collector of `gen collector`.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::collector::choices::{CollectorMode, Resolver};
use crate::collector::plan::{
    is_service_name, kebab, CollectorPlan, DEFAULT_GATEWAY_ENDPOINT, DEFAULT_SAMPLER_SERVICE,
};
use crate::commands::context::Context;
use crate::error::{hinted, ExitStatus};
use crate::output::{self, GeneratedFile};
use crate::settings::gen::K8sSettings;
use crate::templates::{ids, Templates};

mod canary;
pub use canary::canary;

#[derive(Debug, Serialize)]
struct Port {
    name: &'static str,
    port: u16,
    /// The Service's port: the container's, but the gateway's OTLP gRPC on `--gateway-endpoint`'s.
    service_port: u16,
    in_service: bool,
    host_port: bool,
    app_protocol: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Resources {
    requests_cpu: &'static str,
    requests_memory: &'static str,
    limits_cpu: &'static str,
    limits_memory: &'static str,
}

/// How one tier runs on Kubernetes.
struct Tier<'a> {
    name: &'static str,
    kind: &'static str,
    file: &'static str,
    /// The Service's name and its OTLP gRPC port: the names the other tiers' configs send to.
    service: &'a str,
    grpc_port: u16,
    /// It reads the Kubernetes API (k8s_attributes lookups, the k8s resolver): a ServiceAccount and its roles.
    api_access: bool,
    autoscaled: bool,
    /// Where file_storage keeps the sending queues: `emptyDir`, a `pvc` per pod, or the node's `hostPath`.
    queue_volume: Option<&'static str>,
}

impl<'a> Tier<'a> {
    fn of(plan: &'a CollectorPlan, namespace: &str) -> anyhow::Result<Tier<'a>> {
        let (name, kind, file) = match plan.mode {
            CollectorMode::Agent => ("otel-agent", "DaemonSet", "daemonset.yaml"),
            CollectorMode::Sampler => ("otel-sampler", "StatefulSet", "statefulset.yaml"),
            CollectorMode::Gateway | CollectorMode::LoadBalancer => ("otel-collector", "Deployment", "deployment.yaml"),
        };
        let load_balancer = plan.mode == CollectorMode::LoadBalancer;
        let (service, grpc_port) = match plan.mode {
            CollectorMode::Agent => (name, 4317),
            CollectorMode::Sampler => (plan.sampler_service.as_str(), 4317),
            CollectorMode::Gateway | CollectorMode::LoadBalancer => gateway_service(plan, namespace)?,
        };
        Ok(Tier {
            name,
            kind,
            file,
            service,
            grpc_port,
            api_access: load_balancer,
            autoscaled: load_balancer,
            queue_volume: match plan.mode {
                CollectorMode::LoadBalancer => Some("emptyDir"),
                CollectorMode::Sampler => Some("pvc"),
                CollectorMode::Agent if plan.persistent_queue() => Some("hostPath"),
                CollectorMode::Gateway | CollectorMode::Agent => None,
            },
        })
    }
}

/// The gateway's Service as the agents' `--gateway-endpoint` names it: its host's first label,
/// its port; a host that names a namespace (`gw.observability.svc`) must name this one.
fn gateway_service<'a>(plan: &'a CollectorPlan, namespace: &str) -> anyhow::Result<(&'a str, u16)> {
    let (host, port) = plan.gateway_host_port().expect("settings refuse an endpoint that is not HOST:PORT");
    let mut labels = host.split('.');
    let service = labels.next().unwrap_or_default();
    if !is_service_name(service) {
        return Err(hinted(
            format!(
                "--gateway-endpoint {}: gen k8s names the gateway's Service {service:?}, which is not a Service name",
                plan.gateway_endpoint
            ),
            "a Service in the cluster, e.g. otel-gateway:4317 or otel-gateway.observability.svc:4317",
        ));
    }
    if let Some(other) = labels.next().filter(|ns| *ns != namespace) {
        return Err(hinted(
            format!(
                "--gateway-endpoint {} names namespace {other:?}, the manifests go to {namespace:?}",
                plan.gateway_endpoint
            ),
            format!("--namespace {other}, or a host in {namespace}"),
        ));
    }
    Ok((service, port))
}

/// The manifests, in apply order, each as (file name, YAML document). `prometheus_operator`: a
/// ServiceMonitor tells Prometheus what to scrape, in place of the prometheus.io annotations.
pub fn render(
    plan: &CollectorPlan,
    namespace: &str,
    replicas: u32,
    prometheus_operator: bool,
    templates: &Templates,
) -> anyhow::Result<Vec<GeneratedFile>> {
    check_dns_label(namespace, "--namespace")?;
    let config = plan.render(templates)?;
    let tier = Tier::of(plan, namespace)?;
    let name = tier.name;
    let mode = kebab(&plan.mode);
    let labels: BTreeMap<&str, &str> = [
        ("app.kubernetes.io/name", name),
        ("app.kubernetes.io/component", &mode),
        ("app.kubernetes.io/part-of", "otelkit"),
        ("app.kubernetes.io/managed-by", "otelkit"),
    ]
    .into();
    let ports: Vec<Port> = plan
        .ports()
        .into_iter()
        .map(|(port_name, port)| Port {
            name: port_name,
            port,
            service_port: if port_name == "otlp-grpc" { tier.grpc_port } else { port },
            in_service: port_name != "health",
            // An agent takes OTLP on the node's address, so pods send to status.hostIP.
            host_port: plan.mode == CollectorMode::Agent && port_name.starts_with("otlp"),
            app_protocol: match port_name {
                "otlp-grpc" => Some("grpc"),
                "otlp-http" => Some("http"),
                _ => None,
            },
        })
        .collect();
    // An annotation names one port: the exporter's series are what dashboards and alerts read;
    // without the exporter (remote write, OTLP) the collector's own metrics are left to scrape.
    let scrape_port = ports.iter().find(|p| p.name == "prom-exporter").unwrap_or_else(|| {
        ports.iter().find(|p| p.name == "self-metrics").expect("every plan exposes its own metrics")
    });
    let scrape_annotation = (!prometheus_operator).then_some(scrape_port.port);
    let resources = match plan.mode {
        CollectorMode::Agent => {
            Resources { requests_cpu: "100m", requests_memory: "128Mi", limits_cpu: "500m", limits_memory: "512Mi" }
        }
        // Holds every trace for decision_wait: memory, not CPU, is what it runs out of.
        CollectorMode::Sampler => {
            Resources { requests_cpu: "200m", requests_memory: "1Gi", limits_cpu: "1", limits_memory: "2Gi" }
        }
        CollectorMode::Gateway | CollectorMode::LoadBalancer => {
            Resources { requests_cpu: "200m", requests_memory: "256Mi", limits_cpu: "1", limits_memory: "1Gi" }
        }
    };
    /// What the collector's manifests are rendered with.
    #[derive(Serialize)]
    struct Manifests<'a> {
        otelkit_version: &'a str,
        namespace: &'a str,
        name: &'a str,
        labels: BTreeMap<&'a str, &'a str>,
        config: &'a str,
        config_sha256: String,
        kind: &'a str,
        mode: &'a str,
        service_name: &'a str,
        headless: bool,
        service_account: Option<&'a str>,
        autoscaled: bool,
        queue_volume: Option<&'a str>,
        memory_limit_percentage: u32,
        replicas: u32,
        max_replicas: u32,
        image: String,
        auth_token_env: &'a Option<String>,
        ports: Vec<Port>,
        scrape_annotation: Option<u16>,
        resources: Resources,
    }
    let ctx = Manifests {
        otelkit_version: env!("CARGO_PKG_VERSION"),
        namespace,
        name,
        labels,
        config: config.trim_end(),
        config_sha256: format!("{:x}", Sha256::digest(config.as_bytes())),
        kind: tier.kind,
        mode: &mode,
        service_name: tier.service,
        headless: plan.mode == CollectorMode::Sampler,
        service_account: tier.api_access.then_some(name),
        autoscaled: tier.autoscaled,
        queue_volume: tier.queue_volume,
        memory_limit_percentage: plan.memory_percentages().0,
        replicas,
        // Room to grow from wherever --replicas starts it: at least twice the floor, and 10.
        max_replicas: replicas.saturating_mul(2).max(10),
        image: format!("otel/opentelemetry-collector-contrib:{}", plan.collector_version),
        auth_token_env: &plan.auth_token_env,
        ports,
        scrape_annotation,
        resources,
    };

    let mut files = vec![("namespace.yaml", ids::K8S_NAMESPACE_YAML)];
    if tier.api_access {
        files.push(("serviceaccount.yaml", ids::K8S_SERVICEACCOUNT_YAML));
        files.push(("clusterrole.yaml", ids::K8S_CLUSTERROLE_YAML));
        if plan.resolver == Resolver::K8s {
            files.push(("role.yaml", ids::K8S_ROLE_YAML));
        }
    }
    files.extend([
        ("configmap.yaml", ids::K8S_CONFIGMAP_YAML),
        (tier.file, ids::K8S_WORKLOAD_YAML),
        ("service.yaml", ids::K8S_SERVICE_YAML),
    ]);
    // Every tier but the agents, whose DaemonSet a drain does not evict.
    if plan.mode != CollectorMode::Agent {
        files.push(("poddisruptionbudget.yaml", ids::K8S_PDB_YAML));
    }
    if tier.autoscaled {
        files.push(("horizontalpodautoscaler.yaml", ids::K8S_HPA_YAML));
    }
    if prometheus_operator {
        files.push(("servicemonitor.yaml", ids::K8S_SERVICEMONITOR_YAML));
    }
    files
        .into_iter()
        .map(|(file, template)| Ok(GeneratedFile::new(file, templates.render_with(template, &ctx)?)))
        .collect()
}

/// One multi-document stream, for `kubectl apply -f -`, headed by the command that regenerates it.
pub fn stream(files: &[GeneratedFile], regenerate: &str) -> String {
    let mut out = format!(
        "# Kubernetes manifests generated by otelkit {}. Regenerate with: {regenerate}\n",
        env!("CARGO_PKG_VERSION")
    );
    for (i, f) in files.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&f.content);
    }
    out
}

pub fn kustomization(files: &[GeneratedFile], namespace: &str, templates: &Templates) -> anyhow::Result<GeneratedFile> {
    #[derive(Serialize)]
    struct Kustomization<'a> {
        otelkit_version: &'a str,
        namespace: &'a str,
        resources: Vec<String>,
    }
    let resources = files.iter().map(|f| f.path.display().to_string()).collect();
    let ctx = Kustomization { otelkit_version: env!("CARGO_PKG_VERSION"), namespace, resources };
    Ok(GeneratedFile::new("kustomization.yaml", templates.render_with(ids::K8S_KUSTOMIZATION_YAML, &ctx)?))
}

/// Kubernetes names are DNS-1123 labels; catching it here beats a rejection at apply time.
fn check_dns_label(value: &str, flag: &str) -> anyhow::Result<()> {
    let ok = !value.is_empty()
        && value.len() <= 63
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(hinted(
            format!("{flag} {value:?} is not a valid Kubernetes name"),
            "use lower-case letters, digits and '-', at most 63 characters",
        ))
    }
}

pub fn run(k: &K8sSettings, ctx: &Context) -> anyhow::Result<ExitStatus> {
    let mut files = render(&k.plan, &k.namespace, k.replicas, k.prometheus_operator, &ctx.templates)?;
    if let Some((image, interval)) = &k.canary {
        files.extend(canary(&k.plan, &k.namespace, image, interval, &ctx.templates)?);
    }
    // The collector's flags but --bind-all, which gen k8s always implies, then its own.
    let mut flags: Vec<_> = k.plan.flags().into_iter().filter(|(flag, _)| *flag != "--bind-all").collect();
    // The config of a gateway does not name its own address; its Service does.
    let front = matches!(k.plan.mode, CollectorMode::Gateway | CollectorMode::LoadBalancer);
    let canary_front = k.canary.is_some() && k.plan.mode != CollectorMode::Agent;
    if (front || canary_front) && k.plan.gateway_endpoint != DEFAULT_GATEWAY_ENDPOINT {
        flags.push(("--gateway-endpoint", Some(k.plan.gateway_endpoint.clone())));
    }
    // The sampler's headless Service.
    if k.plan.mode == CollectorMode::Sampler && k.plan.sampler_service != DEFAULT_SAMPLER_SERVICE {
        flags.push(("--sampler-service", Some(k.plan.sampler_service.clone())));
    }
    flags.extend(k.flags.iter().cloned());
    let regenerate = crate::collector::plan::command("otelkit gen k8s", &flags);
    let (target_flag, target) = match (&k.dir, &k.out.path) {
        (Some(dir), _) => ("--dir", Some(dir)),
        (None, path) => ("-o", path.as_ref()),
    };
    if let Some(target) = target {
        flags.push((target_flag, Some(target.display().to_string())));
    }
    let update = crate::collector::plan::command("otelkit gen k8s", &flags);
    match &k.dir {
        Some(dir) => {
            let mut all = files;
            let kustomization = kustomization(&all, &k.namespace, &ctx.templates)?;
            all.push(kustomization);
            output::emit_to_dir(dir, &all, k.out.check, &update, ctx.printer)
        }
        None => {
            if k.out.check && k.out.path.is_none() {
                return Err(hinted(
                    "--check needs --output FILE or --dir DIR to compare with",
                    "e.g. otelkit gen k8s --dir deploy/k8s --check",
                ));
            }
            output::emit_one(&stream(&files, &regenerate), k.out.path.as_deref(), k.out.check, &update, ctx.printer)
        }
    }
}
