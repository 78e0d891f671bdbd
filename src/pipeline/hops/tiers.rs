//! Several collectors in a row (agent -> gateway -> sampler): each tier's counters before and
//! after a run, and the hop that lost data named with its tier.

use super::finding::{find, passes, path, words, Finding, Place};
use super::Queryable;
use crate::http::RedactedUrl;
use crate::pipeline::backends::collector::Snapshot;
use crate::pipeline::verdict::{Check, Outcome};
use crate::signal::Signal;

/// The tier an unnamed `--telemetry-url` stands for.
pub const UNNAMED: &str = "collector";

/// One collector tier's own metrics page, in pipeline order (the first receives from otelkit).
#[derive(Debug, Clone, PartialEq)]
pub struct Tier {
    /// None: given without a name, as before tiers existed.
    pub name: Option<String>,
    pub url: RedactedUrl,
}

impl Tier {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(UNNAMED)
    }
}

/// One tier's counters over a run.
#[derive(Debug, Clone)]
pub struct TierRead {
    pub tier: Tier,
    pub before: Snapshot,
    pub after: Snapshot,
}

/// Whether findings are worded with their tier: unless the run has one unnamed collector, whose
/// words stay as they were before tiers.
pub fn named(tiers: &[TierRead]) -> bool {
    !matches!(tiers, [one] if one.tier.name.is_none())
}

/// Where one signal's data went through every tier. The first tier in pipeline order that lost
/// it is named, except that an exporter failing or retrying towards a tier that refused the data
/// is blamed on that refusal, its cause.
pub fn diagnose_tiers(signal: Signal, tiers: &[TierRead], queryable: &Queryable) -> Check {
    let name = format!("hop.{}", signal.name());
    let findings: Vec<Finding> = tiers.iter().map(|t| find(signal, &t.before, &t.after)).collect();
    if !named(tiers) {
        let (outcome, detail) = words(signal, &findings[0], None, queryable);
        return Check::new(&name, signal, outcome, detail);
    }
    let place = |i: usize| Place {
        tier: tiers[i].tier.label(),
        previous: i.checked_sub(1).map(|p| tiers[p].tier.label()),
        last: i + 1 == tiers.len(),
    };
    let lost = findings.iter().position(|f| !passes(f, queryable));
    let lost = lost.map(|i| match (&findings[i], findings.get(i + 1)) {
        (Finding::Failed { .. } | Finding::Stuck { .. }, Some(Finding::Refused { .. })) => i + 1,
        _ => i,
    });
    let (at, outcome, detail) = match lost {
        Some(i) => {
            let (outcome, detail) = words(signal, &findings[i], Some(place(i)), queryable);
            (i, outcome, detail)
        }
        None => {
            let last = tiers.len() - 1;
            match words(signal, &findings[last], Some(place(last)), queryable) {
                (Outcome::Pass, _) => (last, Outcome::Pass, passed(tiers, &findings)),
                (outcome, detail) => (last, outcome, detail),
            }
        }
    };
    let mut check = Check::new(&name, signal, outcome, detail);
    check.tier = Some(tiers[at].tier.label().to_owned());
    check
}

fn passed(tiers: &[TierRead], findings: &[Finding]) -> String {
    let hops: Vec<String> =
        tiers.iter().zip(findings).filter_map(|(t, f)| Some(format!("{}: {}", t.tier.label(), path(f)?))).collect();
    format!("{} -> backend: every hop passed", hops.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(name: &str, before: &str, after: &str) -> TierRead {
        TierRead {
            tier: Tier { name: Some(name.into()), url: RedactedUrl::parse("http://127.0.0.1:8888/metrics").unwrap() },
            before: Snapshot::parse(before).unwrap(),
            after: Snapshot::parse(after).unwrap(),
        }
    }

    const IDLE: &str = "otelcol_process_uptime 1\n";

    /// An agent that took and forwarded `n` spans.
    fn agent(n: u32) -> TierRead {
        let after = format!(
            "otelcol_receiver_accepted_spans{{receiver=\"otlp\"}} {n}\notelcol_exporter_sent_spans{{exporter=\"otlp_grpc/gateway\"}} {n}\n"
        );
        tier("agent", IDLE, &after)
    }

    fn diagnose(tiers: &[TierRead]) -> Check {
        diagnose_tiers(Signal::Traces, tiers, &Queryable::No { fix: None, unanswered: None })
    }

    #[test]
    fn a_refusal_is_named_at_its_tier_and_blamed_for_the_retries_before_it() {
        let gateway = tier(
            "gateway",
            IDLE,
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 2\notelcol_receiver_refused_spans{receiver=\"otlp\"} 3\n",
        );
        let retrying = tier(
            "agent",
            IDLE,
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\notelcol_exporter_queue_size{data_type=\"traces\",exporter=\"otlp_grpc/gateway\"} 1\n",
        );
        let c = diagnose(&[retrying, gateway.clone()]);
        assert_eq!(c.outcome, Outcome::Fail);
        assert_eq!(c.tier.as_deref(), Some("gateway"));
        assert!(c.detail.starts_with("refused at the receiver of the gateway tier: otlp (3); "), "{}", c.detail);
        let refused_first = tier("agent", IDLE, "otelcol_receiver_refused_spans{receiver=\"otlp\"} 5\n");
        let c = diagnose(&[refused_first, gateway]);
        assert_eq!(c.tier.as_deref(), Some("agent"));
        assert!(c.detail.starts_with("refused at the receiver of the agent tier: otlp (5); "), "{}", c.detail);
    }

    /// tail_sampling counts its decisions in traces and has no incoming/outgoing items (v0.161.0
    /// observed): 5 spans of 5 traces, none kept.
    const SAMPLED_OUT: &str = "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\n\
        otelcol_processor_tail_sampling_global_count_traces_sampled{decision=\"not_sampled\",sampled=\"false\"} 5\n";

    #[test]
    fn a_sampling_drop_is_named_at_the_sampler_tier() {
        let c = diagnose(&[agent(5), tier("sampler", IDLE, SAMPLED_OUT)]);
        assert_eq!((c.outcome, c.tier.as_deref()), (Outcome::Fail, Some("sampler")));
        assert_eq!(
            c.detail,
            "accepted (5) but dropped in processor tail_sampling (5 traces not sampled) at the sampler tier: check its filter/sampling rules and memory_limiter"
        );
        // Before its decision_wait ends, tail_sampling holds them.
        let waiting = "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\n\
            otelcol_processor_tail_sampling_sampling_traces_on_memory 5\n";
        let c = diagnose(&[agent(5), tier("sampler", IDLE, waiting)]);
        assert_eq!((c.outcome, c.tier.as_deref()), (Outcome::Warn, Some("sampler")));
        assert_eq!(
            c.detail,
            "accepted (5) at the sampler tier but not exported yet: tail_sampling holds 5 traces until its decision_wait ends (30 s by default)"
        );
        // Sampling out other traces while the run's arrived is the sampler's job, not a loss.
        let kept = format!("{SAMPLED_OUT}otelcol_exporter_sent_spans{{exporter=\"otlp_grpc/tempo\"}} 2\n");
        let c = diagnose_tiers(Signal::Traces, &[agent(7), tier("sampler", IDLE, &kept)], &Queryable::Yes);
        assert_eq!(c.outcome, Outcome::Pass, "{}", c.detail);
        assert!(
            c.detail.ends_with("sampler: receiver otlp (5) -> tail_sampling (5 traces not sampled) -> exporter otlp_grpc/tempo (2) -> backend: every hop passed"),
            "{}",
            c.detail
        );
    }

    #[test]
    fn a_failing_or_retrying_exporter_is_named_at_its_tier_with_its_queue() {
        let failed = tier(
            "gateway",
            IDLE,
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\n\
             otelcol_exporter_send_failed_spans{exporter=\"otlp_grpc\",server_address=\"127.0.0.1\",server_port=\"9\"} 5\n",
        );
        let c = diagnose(&[agent(5), failed]);
        assert_eq!(c.tier.as_deref(), Some("gateway"));
        assert_eq!(
            c.detail,
            "failed at exporter otlp_grpc (5) of the gateway tier sending to 127.0.0.1:9: the backend rejects the data or cannot be reached"
        );
        let queued = tier(
            "gateway",
            IDLE,
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\n\
             otelcol_exporter_queue_size{data_type=\"traces\",exporter=\"otlp_grpc/jaeger\"} 4\n\
             otelcol_exporter_queue_capacity{data_type=\"traces\",exporter=\"otlp_grpc/jaeger\"} 1000\n\
             otelcol_exporter_in_flight_requests{data_type=\"traces\",exporter=\"otlp_grpc/jaeger\"} 4\n",
        );
        let c = diagnose(&[agent(5), queued]);
        assert!(
            c.detail.starts_with("queued at exporter otlp_grpc/jaeger of the gateway tier (queue 4 of 1000, in flight 4): retrying; the backend cannot be reached"),
            "{}",
            c.detail
        );
        // An agent retrying towards a gateway that is down: the agent's exporter, its next hop.
        let down = tier("agent", IDLE, "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\notelcol_exporter_in_flight_requests{data_type=\"traces\",exporter=\"otlp_grpc/gateway\"} 1\n");
        let idle_gateway = tier("gateway", IDLE, IDLE);
        let c = diagnose(&[down, idle_gateway]);
        assert_eq!(c.tier.as_deref(), Some("agent"));
        assert!(c.detail.contains("retrying; the next tier cannot be reached"), "{}", c.detail);
    }

    #[test]
    fn a_tier_nothing_reached_blames_the_tier_before_it() {
        let c = diagnose(&[agent(5), tier("gateway", IDLE, IDLE)]);
        assert_eq!(c.tier.as_deref(), Some("gateway"));
        assert!(
            c.detail
                .starts_with("no spans reached the receivers of the gateway tier: the agent tier sends them elsewhere"),
            "{}",
            c.detail
        );
    }

    #[test]
    fn every_tier_delivering_passes_or_names_the_last_tier_when_the_backend_lacks_it() {
        let gateway = tier(
            "gateway",
            IDLE,
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 5\notelcol_exporter_sent_spans{exporter=\"otlp_grpc/jaeger\"} 5\n",
        );
        let tiers = [agent(5), gateway];
        let c = diagnose_tiers(Signal::Traces, &tiers, &Queryable::Yes);
        assert_eq!((c.outcome, c.tier.as_deref()), (Outcome::Pass, Some("gateway")));
        assert_eq!(
            c.detail,
            "agent: receiver otlp (5) -> exporter otlp_grpc/gateway (5); gateway: receiver otlp (5) -> exporter otlp_grpc/jaeger (5) -> backend: every hop passed"
        );
        let c = diagnose(&tiers);
        assert!(c
            .detail
            .starts_with("delivered by exporter otlp_grpc/jaeger (5) of the gateway tier but not queryable"));
    }

    #[test]
    fn one_unnamed_collector_keeps_the_words_without_tiers() {
        let mut one = agent(5);
        one.tier.name = None;
        let c = diagnose_tiers(Signal::Traces, &[one], &Queryable::Yes);
        assert_eq!(c.tier, None);
        assert_eq!(c.detail, "receiver otlp (5) -> exporter otlp_grpc/gateway (5) -> backend: every hop passed");
    }
}
