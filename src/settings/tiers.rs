//! The names by which the tiers of a multi-tier topology find each other, and the agents'
//! persistent queue: refused here, with the flag to fix, before any file is written.

use crate::collector::choices::CollectorMode;
use crate::collector::plan::{is_service_name, CollectorPlan};
use crate::error::hinted;

/// `queue_flag`: `--persistent-queue` was given (otelkit.toml's key, shared by every tier's
/// generation, is for the agents and ignored by the others). `gateway_from`: where the gateway
/// endpoint came from (its flag or otelkit.toml key).
pub fn check_tiers(plan: &CollectorPlan, queue_flag: bool, gateway_from: &str) -> anyhow::Result<()> {
    if plan.gateway_host_port().is_none() {
        return Err(hinted(
            format!("{gateway_from} {} is not HOST:PORT", super::writable::shown(&plan.gateway_endpoint)),
            "the gateway's OTLP gRPC address, no scheme: e.g. otel-collector:4317",
        ));
    }
    if !is_service_name(&plan.sampler_service) {
        return Err(hinted(
            format!("--sampler-service {:?} is not a Kubernetes Service name", plan.sampler_service),
            "lower-case letters, digits and '-', a letter first, at most 63 characters: e.g. otel-sampler-headless",
        ));
    }
    if queue_flag && plan.mode == CollectorMode::Gateway {
        return Err(hinted(
            "--persistent-queue is for --mode agent: the one-tier gateway keeps its queue in memory",
            "--mode agent (the load-balancer and sampler tiers always queue on disk)",
        ));
    }
    Ok(())
}
