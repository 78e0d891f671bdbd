//! The names by which the tiers of a multi-tier topology find each other, and the tier flags given
//! where they change nothing: refused here, with the flag to fix, before any file is written.

use crate::cli::CollectorArgs;
use crate::collector::choices::CollectorMode;
use crate::collector::plan::{is_service_name, kebab, CollectorPlan};
use crate::error::hinted;

/// `gateway_from`: where the gateway endpoint came from (its flag or otelkit.toml key).
pub fn check_tiers(plan: &CollectorPlan, gateway_from: &str) -> anyhow::Result<()> {
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
    Ok(())
}

/// What a generator makes of a plan: which tier flags change its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Generated {
    /// One tier's config (`gen collector`, `gen compose`'s collector).
    Config,
    /// A tier's manifests, which name the Services in front of it too; `canary`: with a canary,
    /// whose target is the gateway's Service whatever the tier.
    Manifests { canary: bool },
    /// Files the same for every tier (`gen grafana`, `gen alerts`): the tier flags change nothing.
    TierFree(&'static str),
}

/// A tier flag given on the command line that changes nothing in what is generated for the
/// plan's mode is a usage error, naming the modes it is for. The same key in otelkit.toml is not:
/// one file serves every tier's generation.
pub fn check_flags(plan: &CollectorPlan, args: &CollectorArgs, generated: Generated) -> anyhow::Result<()> {
    use CollectorMode::{Agent, Gateway, LoadBalancer, Sampler};
    let given = [
        ("--mode", args.mode.is_some()),
        ("--resolver", args.resolver.is_some()),
        ("--gateway-endpoint", args.gateway_endpoint.is_some()),
        ("--sampler-service", args.sampler_service.is_some()),
        ("--persistent-queue", args.persistent_queue),
    ];
    let generator = match generated {
        Generated::TierFree(generator) => generator,
        Generated::Config | Generated::Manifests { .. } => {
            for (flag, _) in given.iter().filter(|(flag, given)| *given && *flag != "--mode") {
                let modes: &[CollectorMode] = match (*flag, generated) {
                    ("--resolver", _) => &[LoadBalancer],
                    ("--gateway-endpoint", Generated::Manifests { canary: true }) => &[],
                    ("--gateway-endpoint", Generated::Manifests { canary: false }) => &[Agent, Gateway, LoadBalancer],
                    ("--sampler-service", Generated::Manifests { .. }) => &[LoadBalancer, Sampler],
                    ("--sampler-service", _) => &[LoadBalancer],
                    _ => &[Agent],
                };
                if !modes.is_empty() && !modes.contains(&plan.mode) {
                    return Err(not_for(flag, modes, plan.mode));
                }
            }
            return Ok(());
        }
    };
    match given.iter().find(|(_, given)| *given) {
        Some((flag, _)) => {
            Err(anyhow::anyhow!("{flag} has no effect on {generator}: its files are the same for every tier"))
        }
        None => Ok(()),
    }
}

/// `flag` changes nothing for `mode`; it is for `modes`. One line: the fix is to drop it.
pub fn not_for(flag: &str, modes: &[CollectorMode], mode: CollectorMode) -> anyhow::Error {
    let names: Vec<String> = modes.iter().map(kebab).collect();
    let names = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    };
    anyhow::anyhow!("{flag} is for --mode {names}: it has no effect on the {} tier", kebab(&mode))
}
