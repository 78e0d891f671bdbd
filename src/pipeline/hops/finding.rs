//! The pure half of the hop diagnosis: one collector's counters before and after a run come to a
//! [`Finding`] (where its data stopped), and a finding to words, with or without the tier it
//! happened at.

use std::collections::BTreeMap;

use super::Queryable;
use crate::pipeline::backends::collector::Snapshot;
use crate::pipeline::verdict::Outcome;
use crate::signal::Signal;

/// Items per component (receiver, processor or exporter name).
pub type Counts = BTreeMap<String, f64>;

/// An exporter still holding data after the run, from its gauges.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub exporter: String,
    /// `otelcol_exporter_queue_size`: requests (or items, with a sizer) waiting.
    pub queue: f64,
    /// `otelcol_exporter_queue_capacity`, when the collector shows it.
    pub capacity: Option<f64>,
    pub in_flight: f64,
}

/// Where one collector's data of one signal stopped, first cause first.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    Refused {
        refused: Counts,
        limited: Counts,
    },
    NoneReached,
    /// `not_sampled`: traces tail_sampling decided not to keep (it counts traces, not spans, and
    /// has no incoming/outgoing items of its own, v0.161.0 observed).
    Dropped {
        accepted: Counts,
        dropped: Counts,
        not_sampled: f64,
        sent: Counts,
    },
    Failed {
        failed: Counts,
        destinations: String,
    },
    Stuck {
        exporters: Vec<Queued>,
    },
    /// `waiting`: traces tail_sampling holds until its decision_wait ends.
    NotExported {
        accepted: f64,
        waiting: f64,
    },
    Delivered {
        accepted: Counts,
        sent: Counts,
    },
}

/// Where a finding happened, when the pipeline has several collectors (or a named one).
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub tier: &'a str,
    /// The tier before it: the one that should have sent it data (None: otelkit did).
    pub previous: Option<&'a str>,
    /// It exports to the backends, not to another tier.
    pub last: bool,
}

pub(super) fn items(signal: Signal) -> &'static str {
    match signal {
        Signal::Traces => "spans",
        Signal::Metrics => "metric_points",
        Signal::Logs => "log_records",
    }
}

/// Per-key increase from `before` to `after`.
fn delta(before: &Counts, after: &Counts) -> Counts {
    after
        .iter()
        .map(|(k, v)| (k.clone(), v - before.get(k).copied().unwrap_or(0.0)))
        .filter(|(_, d)| *d > 0.0)
        .collect()
}

pub(super) fn total(m: &Counts) -> f64 {
    m.values().sum()
}

pub(super) fn names(m: &Counts) -> String {
    m.iter().map(|(k, v)| format!("{k} ({v})")).collect::<Vec<_>>().join(", ")
}

/// Where one signal's data stopped in one collector.
pub fn find(signal: Signal, before: &Snapshot, after: &Snapshot) -> Finding {
    let it = items(signal);
    let all = |_: &BTreeMap<String, String>| true;
    let d = |name: &str, by: &str| delta(&before.by(name, by, all), &after.by(name, by, all));
    let accepted = d(&format!("otelcol_receiver_accepted_{it}"), "receiver");
    let refused = d(&format!("otelcol_receiver_refused_{it}"), "receiver");
    let sent = d(&format!("otelcol_exporter_sent_{it}"), "exporter");
    let failed = d(&format!("otelcol_exporter_send_failed_{it}"), "exporter");
    let sig = signal.name();
    let in_signal = |l: &BTreeMap<String, String>| l.get("otel_signal").is_some_and(|s| s == sig);
    let incoming = delta(
        &before.by("otelcol_processor_incoming_items", "processor", in_signal),
        &after.by("otelcol_processor_incoming_items", "processor", in_signal),
    );
    let outgoing = delta(
        &before.by("otelcol_processor_outgoing_items", "processor", in_signal),
        &after.by("otelcol_processor_outgoing_items", "processor", in_signal),
    );
    let mut dropped: Counts = incoming
        .iter()
        .map(|(p, i)| (p.clone(), i - outgoing.get(p).copied().unwrap_or(0.0)))
        .filter(|(_, d)| *d > 0.0)
        .collect();
    // Older collectors count drops directly.
    for (p, v) in d(&format!("otelcol_processor_dropped_{it}"), "processor") {
        *dropped.entry(p).or_insert(0.0) += v;
    }
    let stuck = stuck_exporters(signal, after, &sent);
    // The memory_limiter processor counts what it refuses (v0.161.0 observed), so a refusal it
    // caused is named as such.
    let limited = d(&format!("otelcol_processor_memory_limiter_refused_{it}"), "processor");
    let not_sampled = match signal {
        Signal::Traces => {
            let out = |l: &BTreeMap<String, String>| l.get("sampled").is_some_and(|s| s == "false");
            let name = "otelcol_processor_tail_sampling_global_count_traces_sampled";
            total(&delta(&before.by(name, "", out), &after.by(name, "", out)))
        }
        _ => 0.0,
    };
    if total(&refused) > 0.0 {
        Finding::Refused { refused, limited }
    } else if total(&accepted) == 0.0 {
        Finding::NoneReached
    } else if !dropped.is_empty() || not_sampled > 0.0 {
        Finding::Dropped { accepted, dropped, not_sampled, sent }
    } else if total(&failed) > 0.0 {
        let destinations = destinations(after, &format!("otelcol_exporter_send_failed_{it}"), &failed);
        Finding::Failed { failed, destinations }
    } else if total(&sent) == 0.0 && !stuck.is_empty() {
        Finding::Stuck { exporters: stuck }
    } else if total(&sent) == 0.0 {
        let waiting = match signal {
            Signal::Traces => {
                total(&after.by("otelcol_processor_tail_sampling_sampling_traces_on_memory", "", |_| true))
            }
            _ => 0.0,
        };
        Finding::NotExported { accepted: total(&accepted), waiting }
    } else {
        Finding::Delivered { accepted, sent }
    }
}

/// Where the exporters in `of` send, from their series' `server_address`, `server_port` and `url_path`
/// labels (network exporters carry them, v0.161.0 observed), e.g. ` sending to 127.0.0.1:4317`.
fn destinations(after: &Snapshot, name: &str, of: &Counts) -> String {
    let mut found: Vec<String> = of
        .keys()
        .filter_map(|e| {
            after.labels_of(name, "exporter", e).find_map(|l| {
                let host = l.get("server_address")?;
                let port = l.get("server_port").map(|p| format!(":{p}")).unwrap_or_default();
                Some(format!("{host}{port}{}", l.get("url_path").map(String::as_str).unwrap_or_default()))
            })
        })
        .collect();
    found.dedup();
    if found.is_empty() {
        String::new()
    } else {
        format!(" sending to {}", found.join(", "))
    }
}

/// The exporters of `signal` still holding data after the run (`otelcol_exporter_queue_size` or
/// `otelcol_exporter_in_flight_requests` above 0, label `data_type`) that sent none of it: while
/// an exporter retries, the collector (v0.161.0 observed) has no `sent` or `send_failed` series
/// for it yet, only these two gauges at 1.
fn stuck_exporters(signal: Signal, after: &Snapshot, sent: &Counts) -> Vec<Queued> {
    let of_signal = |l: &BTreeMap<String, String>| l.get("data_type").is_none_or(|t| t == signal.name());
    let queued = after.by("otelcol_exporter_queue_size", "exporter", of_signal);
    let capacity = after.by("otelcol_exporter_queue_capacity", "exporter", of_signal);
    let in_flight = after.by("otelcol_exporter_in_flight_requests", "exporter", of_signal);
    let mut exporters: Vec<&String> = queued.keys().chain(in_flight.keys()).collect();
    exporters.sort();
    exporters.dedup();
    exporters
        .into_iter()
        .filter(|e| !e.is_empty() && !sent.contains_key(*e))
        .filter_map(|e| {
            let q = queued.get(e).copied().unwrap_or(0.0);
            let f = in_flight.get(e).copied().unwrap_or(0.0);
            (q > 0.0 || f > 0.0).then(|| Queued {
                exporter: e.clone(),
                queue: q,
                capacity: capacity.get(e).copied(),
                in_flight: f,
            })
        })
        .collect()
}

/// A finding in words. `at: None` is the one collector of a run without tiers.
pub fn words(signal: Signal, finding: &Finding, at: Option<Place>, queryable: &Queryable) -> (Outcome, String) {
    let it = items(signal);
    let sig = signal.name();
    // " of the gateway tier" after a receiver or exporter, " at the gateway tier" after a processor.
    let (of, at_tier) = match at {
        Some(p) => (format!(" of the {} tier", p.tier), format!(" at the {} tier", p.tier)),
        None => (String::new(), String::new()),
    };
    let next = match at {
        Some(Place { last: false, .. }) => "the next tier",
        _ => "the backend",
    };
    match finding {
        Finding::Refused { refused, limited } => {
            let why = if limited.is_empty() {
                "usually memory_limiter pushing back (give the collector memory or replicas)".to_owned()
            } else {
                format!(
                    "processor {} refused them: the collector is over its memory_limiter limit (give it memory or replicas, or raise limit_mib / limit_percentage)",
                    names(limited)
                )
            };
            (Outcome::Fail, format!("refused at the receiver{of}: {}; {why}", names(refused)))
        }
        Finding::NoneReached => (
            Outcome::Fail,
            match at {
                None => format!("no {it} reached the collector's receivers: the run was sent elsewhere (check the OTLP endpoint and port)"),
                Some(Place { tier, previous: None, .. }) => format!("no {it} reached the receivers of the {tier} tier: the run was sent elsewhere (check the OTLP endpoint and port)"),
                Some(Place { tier, previous: Some(prev), .. }) => format!("no {it} reached the receivers of the {tier} tier: the {prev} tier sends them elsewhere (check its exporter's endpoint, and that the --telemetry-url tiers are in pipeline order)"),
            },
        ),
        Finding::Dropped { .. } if passes(finding, queryable) => (Outcome::Pass, format!("{} -> backend: every hop passed", path(finding).unwrap_or_default())),
        Finding::Dropped { accepted, dropped, not_sampled, .. } => {
            let mut by: Vec<String> = dropped.iter().map(|(k, v)| format!("{k} ({v})")).collect();
            if *not_sampled > 0.0 {
                by.push(format!("tail_sampling ({})", not_sampled_traces(*not_sampled)));
            }
            (
                Outcome::Fail,
                format!(
                    "accepted ({}) but dropped in processor {}{at_tier}: check its filter/sampling rules and memory_limiter",
                    total(accepted),
                    by.join(", ")
                ),
            )
        }
        Finding::Failed { failed, destinations } => (
            Outcome::Fail,
            format!("failed at exporter {}{of}{destinations}: {next} rejects the data or cannot be reached", names(failed)),
        ),
        Finding::Stuck { exporters } if at.is_none() => (
            Outcome::Fail,
            format!(
                "stuck at exporter {}: retrying; the backend cannot be reached or rejects the data (the collector logs \"Exporting failed. Will retry the request after interval\"); nothing counts as sent or failed until retry_on_failure gives up (max_elapsed_time, 300 s by default)",
                exporters.iter().map(|q| format!("{} (queue {}, in flight {})", q.exporter, q.queue, q.in_flight)).collect::<Vec<_>>().join(", ")
            ),
        ),
        Finding::Stuck { exporters } => {
            let held = exporters
                .iter()
                .map(|q| {
                    let of_capacity = q.capacity.map(|c| format!(" of {c}")).unwrap_or_default();
                    format!("{}{of} (queue {}{of_capacity}, in flight {})", q.exporter, q.queue, q.in_flight)
                })
                .collect::<Vec<_>>()
                .join(", ");
            (
                Outcome::Fail,
                format!(
                    "queued at exporter {held}: retrying; {next} cannot be reached or rejects the data; a sending_queue with storage keeps it on disk through a restart, one in memory loses it (the collector's metrics do not say which)"
                ),
            )
        }
        Finding::NotExported { accepted, waiting } if *waiting > 0.0 => (
            Outcome::Warn,
            format!("accepted ({accepted}){at_tier} but not exported yet: tail_sampling holds {} until its decision_wait ends (30 s by default)", traces(*waiting)),
        ),
        Finding::NotExported { accepted, .. } => (
            Outcome::Warn,
            format!("accepted ({accepted}){at_tier} but not exported yet: still batching, or no exporter in the {sig} pipeline"),
        ),
        Finding::Delivered { sent, .. } => match queryable {
            Queryable::No { fix, unanswered } => {
                let why = match (fix, unanswered) {
                    (Some(fix), _) => format!("not queryable under the expected name: {fix}"),
                    (None, Some(why)) => format!("the backend could not be asked: {why}"),
                    (None, None) => {
                        "not queryable in the backend: a label or name mismatch (service_name, metric namespace, tenant)".into()
                    }
                };
                (Outcome::Fail, format!("delivered by exporter {}{of} but {why}", names(sent)))
            }
            Queryable::Yes => (Outcome::Pass, format!("{} -> backend: every hop passed", path(finding).unwrap_or_default())),
        },
    }
}

/// Whether a collector passed the run on: it delivered, or only tail sampling left traces out
/// while the run's own data arrived (leaving traces out is what a sampler is for).
pub fn passes(finding: &Finding, queryable: &Queryable) -> bool {
    match finding {
        Finding::Delivered { .. } => true,
        Finding::Dropped { dropped, sent, .. } => {
            dropped.is_empty() && !sent.is_empty() && *queryable == Queryable::Yes
        }
        _ => false,
    }
}

/// The way through a collector that passed the run on, e.g. `receiver otlp (5) -> exporter otlp (5)`.
pub fn path(finding: &Finding) -> Option<String> {
    match finding {
        Finding::Delivered { accepted, sent } => {
            Some(format!("receiver {} -> exporter {}", names(accepted), names(sent)))
        }
        Finding::Dropped { accepted, not_sampled, sent, .. } => Some(format!(
            "receiver {} -> tail_sampling ({}) -> exporter {}",
            names(accepted),
            not_sampled_traces(*not_sampled),
            names(sent)
        )),
        _ => None,
    }
}

fn traces(n: f64) -> String {
    format!("{n} {}", if n == 1.0 { "trace" } else { "traces" })
}

fn not_sampled_traces(n: f64) -> String {
    format!("{} not sampled", traces(n))
}
