//! A collector that restarted between the two reads of its counters (a crash, a SIGKILL, a
//! rollout): its counters start again from 0, so what it did over the run is what it counted
//! since the restart, and what it held in memory when it stopped is gone with no counter saying so.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::pipeline::backends::collector::Snapshot;

/// Counters that only grow while the process lives (names without `_total`, prefixes of the
/// per-signal ones).
const GROWING: [&str; 7] = [
    "otelcol_process_uptime",
    "otelcol_receiver_accepted_",
    "otelcol_receiver_refused_",
    "otelcol_exporter_sent_",
    "otelcol_exporter_send_failed_",
    "otelcol_processor_incoming_items",
    "otelcol_processor_outgoing_items",
];

/// The uptime counter and the clock may disagree by a little (rounding, scheduling); a restart
/// takes the collector longer than this to come back up.
const SLACK: Duration = Duration::from_millis(250);

/// A tier restarted during the run.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct Restart {
    /// Seconds it had run since its restart when read after the run (null: its page shows no
    /// `otelcol_process_uptime`).
    pub uptime_seconds: Option<f64>,
}

impl Restart {
    /// e.g. ` (uptime 3 s)`.
    pub fn uptime(&self) -> String {
        self.uptime_seconds.map(|s| format!(" (uptime {s:.0} s)")).unwrap_or_default()
    }
}

fn uptime(s: &Snapshot) -> Option<f64> {
    s.by("otelcol_process_uptime", "", |_| true).into_values().next()
}

/// Whether the collector restarted between `before` and `after`: its uptime grew less than the
/// time between the two reads, or a counter went down.
pub fn restarted(before: &Snapshot, after: &Snapshot) -> Option<Restart> {
    let restart = Restart { uptime_seconds: uptime(after) };
    if let (Some(b), Some(a)) = (uptime(before), uptime(after)) {
        // The least time that passed between the two pages being made.
        let between = match (before.scraped, after.scraped) {
            (Some((_, b_answered)), Some((a_asked, _))) => a_asked.saturating_duration_since(b_answered),
            _ => Duration::ZERO,
        };
        if a + SLACK.as_secs_f64() < b + between.as_secs_f64() {
            return Some(restart);
        }
    }
    let growing = |name: &str| GROWING.iter().any(|g| name.starts_with(g));
    let went_down = |name: &str, labels: &BTreeMap<String, String>, was: f64| {
        growing(name) && after.value(name, labels).is_some_and(|now| now < was)
    };
    before.series().any(|(n, l, v)| went_down(n, l, v)).then_some(restart)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    fn page(text: &str, asked: Instant) -> Snapshot {
        let mut s = Snapshot::parse(text).unwrap();
        s.scraped = Some((asked, asked + Duration::from_millis(5)));
        s
    }

    #[test]
    fn an_uptime_that_grew_less_than_the_time_between_the_reads_is_a_restart() {
        let t0 = Instant::now();
        let before = page("otelcol_process_uptime 2\n", t0);
        // 40 s later: one that kept running reads 42 s; one restarted 3 s ago, 3 s.
        let later = t0 + Duration::from_secs(40);
        assert_eq!(restarted(&before, &page("otelcol_process_uptime 42.01\n", later)), None);
        let r = restarted(&before, &page("otelcol_process_uptime 3.2\n", later)).unwrap();
        assert_eq!((r.uptime_seconds, r.uptime()), (Some(3.2), " (uptime 3 s)".to_owned()));
        // Restarted 1 s after the first read: its uptime (39 s) is above that read's, the clock tells.
        assert!(restarted(&before, &page("otelcol_process_uptime 39\n", later)).is_some());
        // Without the clock (pages not scraped): only a smaller uptime tells.
        let unclocked = |t: &str| Snapshot::parse(t).unwrap();
        assert!(
            restarted(&unclocked("otelcol_process_uptime 2\n"), &unclocked("otelcol_process_uptime 39\n")).is_none()
        );
        assert!(
            restarted(&unclocked("otelcol_process_uptime 50\n"), &unclocked("otelcol_process_uptime 3\n")).is_some()
        );
    }

    #[test]
    fn a_counter_that_went_down_is_a_restart_and_a_gauge_is_not() {
        let before = Snapshot::parse(
            "otelcol_receiver_accepted_spans{receiver=\"otlp\"} 500\notelcol_exporter_queue_size{exporter=\"otlp\"} 9\n",
        )
        .unwrap();
        let after = |t: &str| Snapshot::parse(t).unwrap();
        let r = restarted(&before, &after("otelcol_receiver_accepted_spans{receiver=\"otlp\"} 20\n")).unwrap();
        assert_eq!(r.uptime_seconds, None);
        assert!(restarted(
            &before,
            &after("otelcol_receiver_accepted_spans{receiver=\"otlp\"} 600\notelcol_exporter_queue_size{exporter=\"otlp\"} 0\n")
        )
        .is_none());
        // A series the restarted collector has not shown yet says nothing.
        assert!(restarted(&before, &after("otelcol_process_uptime 1\n")).is_none());
    }
}
