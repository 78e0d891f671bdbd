//! `--show-settings`: a command's resolved settings as JSON, to see which of flags, environment,
//! otelkit.toml and defaults won. Secrets are redacted as everywhere else: URLs are
//! `RedactedUrl`s, header values of credential-like names and tokens are `***`.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::load::LoadSettings;
use super::pipeline::{CanarySettings, DoctorSettings, SmokeTestSettings};
use crate::http::TlsOptions;
use crate::pipeline::backends::Backend;
use crate::pipeline::hops::tiers::Tier;
use crate::pipeline::probes::CollectorUrls;
use crate::pipeline::smoke::Plan;

fn seconds(d: Duration) -> Value {
    json!(d.as_secs_f64())
}

fn path(p: Option<&Path>) -> Value {
    json!(p.map(|p| p.display().to_string()))
}

fn pairs(kv: &[(String, String)]) -> Value {
    Value::Object(kv.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
}

fn tls(t: &TlsOptions) -> Value {
    json!({
        "ca_file": path(t.ca_file.as_deref()),
        "client_cert": path(t.client_cert.as_deref()),
        "client_key": path(t.client_key.as_deref()),
        "insecure_skip_verify": t.insecure_skip_verify,
    })
}

fn backend(b: &Backend) -> Value {
    json!({
        "url": b.base,
        "headers": b.auth.redacted_headers().iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>(),
        "insecure_skip_verify": b.insecure,
    })
}

fn plan(p: &Plan) -> Value {
    let targets: Vec<Value> = p
        .targets
        .iter()
        .map(|t| {
            json!({
                "signal": t.signal,
                "protocol": t.protocol,
                "url": t.url,
                "headers": t.shown_headers(),
                "timeout_seconds": seconds(t.timeout),
                "gzip": t.gzip,
                "tls": tls(&t.tls),
            })
        })
        .collect();
    json!({
        "service_name": p.service_name,
        "resource": pairs(&p.resource),
        "signals": p.signals,
        "otlp": targets,
        "stores": p.stores,
        "traces": backend(&p.traces),
        "logs": backend(&p.logs),
        "metrics": backend(&p.metrics),
        "metric_namespace": p.namespace,
        "timeout_seconds": seconds(p.timeout),
        "unreachable_grace_seconds": seconds(p.unreachable_grace),
        "run_id": p.run_id,
    })
}

fn collector(c: &CollectorUrls) -> Value {
    let mut v =
        json!({ "otlp_http": c.otlp_http, "otlp_grpc": c.otlp_grpc, "health": c.health, "telemetry": c.telemetry });
    with_tiers(&mut v, &c.tiers);
    v
}

/// `tiers` beside the first tier's `telemetry` URL, when tiers are named.
fn with_tiers(v: &mut Value, tiers: &[Tier]) {
    if tiers.iter().any(|t| t.name.is_some()) {
        v["tiers"] = tiers.iter().map(|t| json!({ "tier": t.label(), "url": t.url })).collect();
    }
}

pub fn smoke_test(s: &SmokeTestSettings) -> Value {
    json!({
        "command": "smoke-test",
        "plan": plan(&s.plan),
        "explain": s.explain,
        "junit": path(s.junit.as_deref()),
        "diagnose": s.diagnose.as_ref().map(|(urls, t)| json!({ "collector": collector(urls), "tls": tls(t) })),
    })
}

pub fn doctor(s: &DoctorSettings) -> Value {
    json!({
        "command": "doctor",
        "plan": plan(&s.plan),
        "collector": collector(&s.collector),
        "tls": tls(&s.tls),
        "emit": s.emit,
        "metrics": crate::collector::plan::kebab(&s.metrics),
        "junit": path(s.junit.as_deref()),
    })
}

pub fn canary(s: &CanarySettings) -> Value {
    json!({
        "command": "canary",
        "plan": plan(&s.plan),
        "interval_seconds": seconds(s.interval),
        "count": s.count,
        "listen": s.listen.to_string(),
    })
}

pub fn load(s: &LoadSettings) -> Value {
    let spec = &s.spec;
    json!({
        "command": "load",
        "plan": plan(&s.plan),
        "run_id": s.run_id,
        "rate": spec.rate,
        "duration_seconds": spec.duration.map(seconds),
        "count": spec.count,
        "workers": spec.workers,
        "batch_size": spec.batch_size,
        "spans_per_trace": spec.shape.spans_per_trace,
        "resource": pairs(&spec.shape.resource),
        "attributes": pairs(&spec.shape.attributes),
        "verify": s.verify,
        "settle_seconds": seconds(s.settle),
        "max_loss_percent": s.max_loss,
        "junit": path(s.junit.as_deref()),
        "telemetry": s.telemetry.as_ref().map(|(tiers, t)| {
            let mut v = json!({ "url": tiers[0].url, "tls": tls(t) });
            with_tiers(&mut v, tiers);
            v
        }),
    })
}
