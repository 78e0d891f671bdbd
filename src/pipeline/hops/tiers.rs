//! Several collectors in a row (agent -> gateway -> sampler): each tier's counters before and
//! after a run, and the hop that lost data named with its tier.

use super::finding::{find, items, passes, path, total, words, Finding, Place};
use super::restart::{restarted, Restart};
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
    /// What its counters are counted from: the read before the run, or nothing (every counter at
    /// 0) when it restarted during the run.
    pub before: Snapshot,
    pub after: Snapshot,
    pub restart: Option<Restart>,
}

impl TierRead {
    pub fn new(tier: Tier, before: Snapshot, after: Snapshot) -> Self {
        let restart = restarted(&before, &after);
        let before = if restart.is_some() { Snapshot::default() } else { before };
        Self { tier, before, after, restart }
    }
}

/// What the backend's count showed of a load run's signal, once it stopped growing: the items the
/// first tier accepted from the run and how many of them the backend shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shown {
    pub accepted: u64,
    pub found: u64,
}

/// Whether findings are worded with their tier: unless the run has one unnamed collector, whose
/// words stay as they were before tiers.
pub fn named(tiers: &[TierRead]) -> bool {
    !matches!(tiers, [one] if one.tier.name.is_none())
}

/// Where one signal's data went through every tier. The first tier in pipeline order that lost
/// it is named, except that an exporter failing or retrying towards a tier that refused the data
/// is blamed on that refusal, its cause. A tier that restarted during the run is blamed for what
/// the backend (`shown`, when counted) lacks, unless a tier before it lost data: no counter
/// shows what a collector held in memory when it stopped.
pub fn diagnose_tiers(signal: Signal, tiers: &[TierRead], queryable: &Queryable, shown: Option<Shown>) -> Check {
    let mut check = diagnose_counted(signal, tiers, queryable, shown);
    let noted: Vec<String> = tiers
        .iter()
        .filter_map(|t| Some((who(t, tiers), t.restart?)))
        .filter(|(who, _)| !check.detail.contains(&format!("{who} restarted")))
        .map(|(who, r)| format!("{who} restarted during the run{}: counts from its restart only", r.uptime()))
        .collect();
    if !noted.is_empty() {
        check.detail = format!("{}; {}", check.detail, noted.join("; "));
    }
    check
}

/// "the gateway tier", or "the collector" when it is the run's one unnamed collector.
fn who(t: &TierRead, tiers: &[TierRead]) -> String {
    if named(tiers) {
        format!("the {} tier", t.tier.label())
    } else {
        "the collector".into()
    }
}

fn diagnose_counted(signal: Signal, tiers: &[TierRead], queryable: &Queryable, shown: Option<Shown>) -> Check {
    let name = format!("hop.{}", signal.name());
    let findings: Vec<Finding> = tiers.iter().map(|t| find(signal, &t.before, &t.after)).collect();
    let lost = findings.iter().position(|f| !passes(f, queryable));
    let lost = lost.map(|i| match (&findings[i], findings.get(i + 1)) {
        (Finding::Failed { .. } | Finding::Stuck { .. }, Some(Finding::Refused { .. })) => i + 1,
        _ => i,
    });
    let short = shown.filter(|s| s.found < s.accepted);
    if let (Some(r), Some(short)) = (tiers.iter().position(|t| t.restart.is_some()), short) {
        if lost.is_none_or(|l| l >= r) {
            let mut check = Check::new(
                &name,
                signal,
                Outcome::Fail,
                lost_in_restart(signal, tiers, &findings, r, short, queryable),
            );
            check.tier = named(tiers).then(|| tiers[r].tier.label().to_owned());
            return check;
        }
    }
    if !named(tiers) {
        let (outcome, detail) = words(signal, &findings[0], None, queryable);
        return Check::new(&name, signal, outcome, detail);
    }
    let place = |i: usize| Place {
        tier: tiers[i].tier.label(),
        previous: i.checked_sub(1).map(|p| tiers[p].tier.label()),
        last: i + 1 == tiers.len(),
    };
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

/// Tier `r` restarted and the backend lacks part of the run: what it held is the likely loss.
fn lost_in_restart(
    signal: Signal,
    tiers: &[TierRead],
    findings: &[Finding],
    r: usize,
    shown: Shown,
    queryable: &Queryable,
) -> String {
    let it = items(signal);
    let sent_to_it = match r.checked_sub(1).map(|p| (&tiers[p], &findings[p])) {
        None => format!("it accepted {} {it} of the run", shown.accepted),
        Some((p, Finding::Delivered { sent, .. } | Finding::Dropped { sent, .. })) => {
            format!("the {} tier sent it {} {it}", p.tier.label(), total(sent))
        }
        Some(_) => format!("the first tier accepted {} {it} of the run", shown.accepted),
    };
    let since = match path(&findings[r]) {
        Some(path) => path,
        None => {
            let at = named(tiers).then(|| Place {
                tier: tiers[r].tier.label(),
                previous: r.checked_sub(1).map(|p| tiers[p].tier.label()),
                last: r + 1 == tiers.len(),
            });
            words(signal, &findings[r], at, queryable).1
        }
    };
    format!(
        "{} restarted during the run{}: what it held in memory when it stopped is lost ({sent_to_it}, the backend shows {}: {} missing; a sending_queue with storage, and no batch processor before it, keeps them through a restart); counts from its restart only: {since}",
        who(&tiers[r], tiers),
        tiers[r].restart.map(|x| x.uptime()).unwrap_or_default(),
        shown.found,
        shown.accepted - shown.found,
    )
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
        TierRead::new(
            Tier { name: Some(name.into()), url: RedactedUrl::parse("http://127.0.0.1:8888/metrics").unwrap() },
            Snapshot::parse(before).unwrap(),
            Snapshot::parse(after).unwrap(),
        )
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
        diagnose_tiers(Signal::Traces, tiers, &Queryable::No { fix: None, unanswered: None }, None)
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
        let c = diagnose_tiers(Signal::Traces, &[agent(7), tier("sampler", IDLE, &kept)], &Queryable::Yes, None);
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
        let c = diagnose_tiers(Signal::Traces, &tiers, &Queryable::Yes, None);
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
        let c = diagnose_tiers(Signal::Traces, &[one], &Queryable::Yes, None);
        assert_eq!(c.tier, None);
        assert_eq!(c.detail, "receiver otlp (5) -> exporter otlp_grpc/gateway (5) -> backend: every hop passed");
    }

    #[test]
    fn a_tier_that_restarted_is_blamed_for_what_the_backend_lacks_or_named_as_information() {
        // The gateway was read at 2 s of uptime before the run and at 3 s after it: it restarted,
        // and its counters show its second life only.
        let second_life = "otelcol_process_uptime 3\n\
            otelcol_receiver_accepted_spans{receiver=\"otlp\"} 1234\n\
            otelcol_exporter_sent_spans{exporter=\"otlp_grpc/jaeger\"} 1234\n";
        let gateway = || tier("gateway", "otelcol_process_uptime 2000\n", second_life);
        let tiers = [agent(3000), gateway()];
        assert!(tiers[1].restart.is_some() && tiers[0].restart.is_none());
        let shown = |found| Some(Shown { accepted: 3000, found });
        let c = diagnose_tiers(Signal::Traces, &tiers, &Queryable::Yes, shown(1234));
        assert_eq!((c.outcome, c.tier.as_deref()), (Outcome::Fail, Some("gateway")));
        assert_eq!(
            c.detail,
            "the gateway tier restarted during the run (uptime 3 s): what it held in memory when it stopped is lost \
             (the agent tier sent it 3000 spans, the backend shows 1234: 1766 missing; a sending_queue with storage, \
             and no batch processor before it, keeps them through a restart); counts from its restart only: \
             receiver otlp (1234) -> exporter otlp_grpc/jaeger (1234)"
        );
        // Nothing missing (a persistent queue): the restart is information.
        let c = diagnose_tiers(Signal::Traces, &tiers, &Queryable::Yes, shown(3000));
        assert_eq!(c.outcome, Outcome::Pass);
        assert!(
            c.detail.ends_with("every hop passed; the gateway tier restarted during the run (uptime 3 s): counts from its restart only"),
            "{}",
            c.detail
        );
        // A tier before it that lost data is the first cause.
        let refused = tier("agent", IDLE, "otelcol_receiver_refused_spans{receiver=\"otlp\"} 5\n");
        let c = diagnose_tiers(Signal::Traces, &[refused, gateway()], &Queryable::Yes, shown(1234));
        assert_eq!(c.tier.as_deref(), Some("agent"));
        assert!(
            c.detail
                .ends_with("; the gateway tier restarted during the run (uptime 3 s): counts from its restart only"),
            "{}",
            c.detail
        );
        // One unnamed collector: the same, in its words.
        let mut one = gateway();
        one.tier.name = None;
        let c = diagnose_tiers(Signal::Traces, &[one], &Queryable::Yes, shown(1234));
        assert_eq!((c.outcome, c.tier), (Outcome::Fail, None));
        assert!(c.detail.starts_with("the collector restarted during the run (uptime 3 s): what it held in memory when it stopped is lost (it accepted 3000 spans of the run, the backend shows 1234: 1766 missing;"), "{}", c.detail);
    }
}
