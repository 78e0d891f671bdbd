//! Resolving `otelkit load`'s flags into a [`LoadSpec`] and the smoke-test [`Plan`] it shares
//! (OTLP targets from the OTEL_* variables, backends, service, resource). Checked before sending.

use std::path::PathBuf;
use std::time::Duration;

use super::pipeline::{plan, tls_of, PlanInputs};
use super::Settings;
use crate::cli::LoadArgs;
use crate::error::hinted;
use crate::http::TlsOptions;
use crate::pipeline::hops::tiers::Tier;
use crate::pipeline::load::payload::Shape;
use crate::pipeline::load::LoadSpec;
use crate::pipeline::smoke::Plan;
use crate::pipeline::synthetic::now_nanos;

/// `load`, resolved.
pub struct LoadSettings {
    pub plan: Plan,
    pub spec: LoadSpec,
    pub run_id: String,
    pub verify: bool,
    pub settle: Duration,
    pub max_loss: f64,
    pub junit: Option<PathBuf>,
    /// Each collector tier's own metrics in pipeline order, when configured (flag,
    /// OTELKIT_TELEMETRY_URL, otelkit.toml).
    pub telemetry: Option<(Vec<Tier>, TlsOptions)>,
}

pub fn load(args: &LoadArgs, settings: &Settings) -> anyhow::Result<LoadSettings> {
    if args.rate == 0 && args.duration.is_none() && args.count.is_none() {
        return Err(hinted(
            "--rate 0 (as fast as possible) needs --duration or --count",
            "e.g. otelkit load --rate 0 --duration 30s",
        ));
    }
    let mut attributes = Vec::new();
    for a in &args.attributes {
        match a.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => attributes.push((k.trim().to_owned(), v.to_owned())),
            _ => return Err(hinted(format!("--attributes {a:?} is not KEY=VALUE"), "e.g. --attributes team=blue")),
        }
    }
    let service_name = super::pipeline::service_name(settings, args.otlp.service_name.as_deref(), "otelkit-load")?;
    let mut inputs = PlanInputs::new(&args.backends, &args.otlp, &args.timeout, args.report.run_id.clone());
    inputs.service_name = Some(service_name);
    let plan = plan(&inputs, settings)?;
    let run_id = args.report.run_id.clone().unwrap_or_else(|| {
        let n = now_nanos();
        format!("{:012x}", (n ^ (n >> 17) ^ u64::from(std::process::id()) << 20) & 0xffff_ffff_ffff)
    });
    let mut resource = plan.resource.clone();
    resource.retain(|(k, _)| k != "service.name");
    resource.insert(0, ("service.name".into(), plan.service_name.clone()));
    if !resource.iter().any(|(k, _)| k == "service.instance.id") {
        resource.push(("service.instance.id".into(), format!("otelkit-load-{run_id}")));
    }
    let spec = LoadSpec {
        targets: plan.targets.clone(),
        rate: args.rate,
        duration: args.duration,
        count: args.count,
        workers: args.workers,
        batch_size: args.batch_size,
        shape: Shape {
            resource,
            attributes,
            run_id: run_id.clone(),
            spans_per_trace: args.spans_per_trace,
            worker: 0,
            start_unix_nano: now_nanos(),
        },
    };
    let telemetry = super::telemetry::telemetry_tiers(
        settings,
        &args.telemetry.telemetry_url,
        "--telemetry-url",
        "http://localhost:8888/metrics",
    )?;
    let tls = tls_of(&args.backends);
    Ok(LoadSettings {
        plan,
        spec,
        run_id,
        verify: !args.no_verify,
        settle: args.settle,
        max_loss: args.max_loss,
        junit: super::pipeline::junit_file(&args.report.junit)?,
        telemetry: telemetry.map(|u| (u, tls)),
    })
}
