//! What each collector tier's own counters moved by over a load run.

use std::collections::BTreeMap;

use crate::signal::Signal;

/// What the collector's own counters moved by between two snapshots, for one signal (all of the
/// collector's traffic in that time, not only this run's).
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
pub struct HopCounts {
    pub receiver_accepted: u64,
    pub receiver_refused: u64,
    /// Items in minus items out of the processors (filters, sampling, memory_limiter drops).
    pub processor_dropped: u64,
    pub exporter_sent: u64,
    pub exporter_failed: u64,
    /// Traces (not spans) tail_sampling decided not to keep; absent when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub traces_not_sampled: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

pub fn hop_counts(
    signal: Signal,
    before: &crate::pipeline::backends::collector::Snapshot,
    after: &crate::pipeline::backends::collector::Snapshot,
) -> HopCounts {
    let it = match signal {
        Signal::Traces => "spans",
        Signal::Metrics => "metric_points",
        Signal::Logs => "log_records",
    };
    let sig = signal.name();
    let all = |_: &BTreeMap<String, String>| true;
    let in_signal = |l: &BTreeMap<String, String>| l.get("otel_signal").is_some_and(|s| s == sig);
    let d = |name: &str, keep: &dyn Fn(&BTreeMap<String, String>) -> bool| -> f64 {
        let b: f64 = before.by(name, "", keep).values().sum();
        let a: f64 = after.by(name, "", keep).values().sum();
        (a - b).max(0.0)
    };
    let dropped = (d("otelcol_processor_incoming_items", &in_signal)
        - d("otelcol_processor_outgoing_items", &in_signal))
    .max(0.0)
        + d(&format!("otelcol_processor_dropped_{it}"), &all);
    HopCounts {
        receiver_accepted: d(&format!("otelcol_receiver_accepted_{it}"), &all) as u64,
        receiver_refused: d(&format!("otelcol_receiver_refused_{it}"), &all) as u64,
        processor_dropped: dropped as u64,
        exporter_sent: d(&format!("otelcol_exporter_sent_{it}"), &all) as u64,
        exporter_failed: d(&format!("otelcol_exporter_send_failed_{it}"), &all) as u64,
        traces_not_sampled: match signal {
            Signal::Traces => {
                let out = |l: &BTreeMap<String, String>| l.get("sampled").is_some_and(|s| s == "false");
                d("otelcol_processor_tail_sampling_global_count_traces_sampled", &out) as u64
            }
            _ => 0,
        },
    }
}

impl HopCounts {
    /// The counts in a hop check's words.
    pub fn summary(&self) -> String {
        let not_sampled = match self.traces_not_sampled {
            0 => String::new(),
            n => format!(", tail_sampling left out {n} traces"),
        };
        format!(
            "receiver accepted {}, refused {}; processors dropped {}{not_sampled}; exporters sent {}, failed {}",
            self.receiver_accepted,
            self.receiver_refused,
            self.processor_dropped,
            self.exporter_sent,
            self.exporter_failed
        )
    }
}

/// One collector tier's counts over a load run.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct TierHops {
    /// The tier's name as given (`--telemetry-url agent=URL`; `collector` when unnamed).
    pub tier: String,
    #[serde(flatten)]
    pub counts: HopCounts,
    /// It restarted during the run: its counts are from its restart only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restarted: Option<crate::pipeline::hops::restart::Restart>,
}

impl TierHops {
    pub fn of(signal: Signal, read: &crate::pipeline::hops::tiers::TierRead) -> Self {
        let counts = hop_counts(signal, &read.before, &read.after);
        Self { tier: read.tier.label().to_owned(), counts, restarted: read.restart }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::backends::collector::Snapshot;

    #[test]
    fn traces_tail_sampling_left_out_are_counted_beside_the_items() {
        let before = Snapshot::parse("otelcol_process_uptime 1\n").unwrap();
        let after = Snapshot::parse(
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 10\n\
             otelcol_processor_tail_sampling_global_count_traces_sampled{sampled=\"false\"} 2\n\
             otelcol_processor_tail_sampling_global_count_traces_sampled{sampled=\"true\"} 3\n",
        )
        .unwrap();
        let h = hop_counts(Signal::Traces, &before, &after);
        assert_eq!((h.receiver_accepted, h.traces_not_sampled), (10, 2));
        assert!(h.summary().contains("processors dropped 0, tail_sampling left out 2 traces;"), "{}", h.summary());
        assert_eq!(hop_counts(Signal::Logs, &before, &after).traces_not_sampled, 0);
    }
}
