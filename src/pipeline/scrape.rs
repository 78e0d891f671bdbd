//! doctor's `prometheus.scrape`: the collector's scrape targets as Prometheus's /api/v1/targets
//! reports them. A target reported down by a scrape that predates the collector (a stack whose
//! Prometheus started first) is asked about again after Prometheus's next scrape of it. When
//! metrics reach Prometheus by remote write or OTLP, a scrape job for the collector's exporter
//! is off the data path: down, it is a leftover to name, not a failure.

use std::time::{Duration, Instant, SystemTime};

use super::backends::{parse_json, Backend};
use super::verdict::{http_failure, poll, Check, Look, Outcome, Scope, Verdict};
use crate::collector::choices::MetricsExporter;
use crate::collector::plan::kebab;

const NAME: &str = "prometheus.scrape";
const PATH: &str = "/api/v1/targets?state=active";

/// One of the collector's scrape targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub url: String,
    /// The scrape job's name.
    pub job: String,
    /// "up", "down" or "unknown" (not scraped yet).
    pub health: String,
    pub last_error: String,
    /// None: never scraped (Prometheus says 0001-01-01).
    pub last_scrape: Option<SystemTime>,
    pub interval: Option<Duration>,
}

/// The collector's targets in an /api/v1/targets answer: its exporter's port 8889, or a job
/// named *collector*.
pub fn collector_targets(body: &str) -> Result<Vec<Target>, String> {
    let json = parse_json(body, "Prometheus")?;
    let targets = json["data"]["activeTargets"].as_array().into_iter().flatten();
    Ok(targets
        .filter(|t| {
            let url = t["scrapeUrl"].as_str().unwrap_or_default();
            url.contains(":8889") || t["labels"]["job"].as_str().is_some_and(|j| j.contains("collector"))
        })
        .map(|t| Target {
            url: t["scrapeUrl"].as_str().unwrap_or("?").to_owned(),
            job: t["labels"]["job"].as_str().unwrap_or_default().to_owned(),
            health: t["health"].as_str().unwrap_or_default().to_owned(),
            last_error: t["lastError"].as_str().unwrap_or_default().to_owned(),
            last_scrape: t["lastScrape"].as_str().and_then(go_time),
            interval: t["scrapeInterval"].as_str().and_then(|i| humantime::parse_duration(i).ok()),
        })
        .collect())
}

impl Target {
    /// The collector's own metrics (port 8888, a job named *self*), scraped whatever the mode;
    /// the other targets scrape its `prometheus` exporter: the data path in scrape mode only.
    pub fn own_metrics(&self) -> bool {
        self.url.contains(":8888") || self.job.contains("self")
    }
}

/// A time as Go's JSON writes it (RFC 3339, nanoseconds, `Z` or an offset); None before 1970.
fn go_time(text: &str) -> Option<SystemTime> {
    if let Some(utc) = text.strip_suffix('Z') {
        return humantime::parse_rfc3339_weak(utc).ok();
    }
    let (at, offset) = text.split_at(text.len().checked_sub(6)?);
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = offset[1..].split_once(':')?;
    let offset = Duration::from_secs(h.parse::<u64>().ok()? * 3600 + m.parse::<u64>().ok()? * 60);
    let local = humantime::parse_rfc3339_weak(at).ok()?;
    if sign > 0 {
        local.checked_sub(offset)
    } else {
        local.checked_add(offset)
    }
}

/// Whether a target reported down may be reporting a collector that is no longer there: its
/// last scrape predates the collector's start, or is older than one scrape interval (the next
/// is due). Such a report is checked again after the next scrape before it counts.
pub fn down_may_be_stale(target: &Target, now: SystemTime, collector_started: Option<SystemTime>) -> bool {
    let Some(last) = target.last_scrape else { return false };
    let before_start = collector_started.is_some_and(|started| last < started);
    let overdue = target.interval.is_some_and(|i| now.duration_since(last).is_ok_and(|age| age > i));
    before_start || overdue
}

/// The `prometheus.scrape` check from an /api/v1/targets answer, asking again (until `deadline`)
/// about a down target whose report may be stale. `mode`: how the collector hands metrics to
/// Prometheus; outside scrape mode only its own metrics' targets are on a path doctor follows.
pub async fn check(
    b: &Backend,
    body: &str,
    mode: MetricsExporter,
    collector_started: Option<SystemTime>,
    deadline: Instant,
    grace: Duration,
) -> Check {
    let targets = match collector_targets(body) {
        Ok(t) => t,
        Err(why) => return Check::new(NAME, Scope::Pipeline, Outcome::Warn, why),
    };
    if mode == MetricsExporter::Prometheus {
        return on_path(b, targets, collector_started, deadline, grace).await;
    }
    let (own, exporter): (Vec<Target>, Vec<Target>) = targets.into_iter().partition(Target::own_metrics);
    let mut check = if own.is_empty() {
        Check::new(
            NAME,
            Scope::Pipeline,
            Outcome::Pass,
            format!(
                "metrics = {}: no scrape target for the collector needed, and none for its own metrics",
                kebab(&mode)
            ),
        )
    } else {
        on_path(b, own, collector_started, deadline, grace).await
    };
    for t in exporter.iter().filter(|t| t.health != "up") {
        check.detail += &format!(
            "; scrape job {} ({}) is {}{}, a leftover off the data path (metrics = {} does not use the collector's prometheus exporter): remove the job from prometheus.yml",
            t.job,
            t.url,
            t.health,
            if t.last_error.is_empty() { String::new() } else { format!(": {}", t.last_error) },
            kebab(&mode)
        );
        if check.outcome == Outcome::Pass {
            check.outcome = Outcome::Warn;
        }
    }
    check
}

/// The verdict on the targets that carry what doctor follows.
async fn on_path(
    b: &Backend,
    targets: Vec<Target>,
    collector_started: Option<SystemTime>,
    deadline: Instant,
    grace: Duration,
) -> Check {
    if targets.is_empty() {
        return Check::new(NAME, Scope::Pipeline, Outcome::Warn, "no scrape target for the collector (port 8889 or a job named *collector*): metrics = prometheus needs one; with remote write or OTLP say so (--metrics, [collector] metrics)");
    }
    let mut rechecked = None;
    let mut down = targets.iter().find(|t| t.health == "down").cloned();
    if let Some(t) = down.as_ref().filter(|t| down_may_be_stale(t, SystemTime::now(), collector_started)) {
        let look = poll(deadline, grace, || next_scrape(b, t)).await;
        down = match look.verdict {
            Verdict::Found(newer) if newer.health == "up" => {
                rechecked = Some(format!("{} was down in a scrape older than the collector; up in the next", t.url));
                None
            }
            Verdict::Found(newer) => Some(newer),
            Verdict::NotYet(_) => {
                let detail =
                    format!("target {} is down: {}; not scraped again before the timeout", t.url, t.last_error);
                return Check::new(NAME, Scope::Pipeline, Outcome::Fail, detail);
            }
            other => {
                let why = other.why().unwrap_or_default();
                let detail = format!("target {} is down: {}; asking again failed: {why}", t.url, t.last_error);
                return Check::new(NAME, Scope::Pipeline, Outcome::Fail, detail);
            }
        };
    }
    if let Some(down) = down {
        let detail = format!("target {} is down: {}", down.url, down.last_error);
        Check::new(NAME, Scope::Pipeline, Outcome::Fail, detail)
    } else if targets.iter().any(|t| t.health != "up" && t.health != "down") {
        let detail = "a collector target has not been scraped yet; ask again after one scrape interval";
        Check::new(NAME, Scope::Pipeline, Outcome::Warn, detail)
    } else {
        let up = format!("{} collector target(s) up", targets.len());
        let detail = rechecked.map_or(up.clone(), |r| format!("{up} ({r})"));
        Check::new(NAME, Scope::Pipeline, Outcome::Pass, detail)
    }
}

/// `target` as Prometheus reports it once it was scraped after `target.last_scrape`.
async fn next_scrape(b: &Backend, target: &Target) -> Look<Target> {
    let fetched = match b.get(PATH).await {
        Ok(f) => f,
        Err(e) => return Look::unanswered(e.named("prometheus")),
    };
    if fetched.status != 200 {
        return http_failure(b, fetched.status, &fetched.body);
    }
    let verdict = match collector_targets(&fetched.body) {
        Ok(now) => match now.into_iter().find(|t| t.url == target.url) {
            Some(t) if t.last_scrape > target.last_scrape => Verdict::Found(t),
            Some(_) => Verdict::NotYet(format!("{} not scraped again yet", target.url)),
            None => Verdict::Fatal(format!("{} is no longer a scrape target", target.url)),
        },
        Err(why) => Verdict::Fatal(why),
    };
    Look::new(verdict, Some(fetched.status))
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/recorded/prometheus-2.42/");

    fn recorded(file: &str) -> Vec<Target> {
        collector_targets(&std::fs::read_to_string(format!("{RECORDED}{file}")).unwrap()).unwrap()
    }

    fn at(rfc3339: &str) -> SystemTime {
        humantime::parse_rfc3339(rfc3339).unwrap()
    }

    #[test]
    fn targets_are_read_as_recorded() {
        let down = recorded("targets_collector_down.json");
        assert_eq!(down.len(), 2, "both jobs are named *collector*");
        let t = &down[0];
        assert_eq!((t.url.as_str(), t.health.as_str()), ("http://127.0.0.1:50391/metrics", "down"));
        assert!(t.last_error.contains("connection refused"), "{t:?}");
        assert_eq!(t.last_scrape, Some(at("2026-12-01T11:13:00.9576212Z")));
        assert_eq!(t.interval, Some(Duration::from_secs(2)));
        let up = recorded("targets_collector_up.json");
        assert_eq!(up[0].health, "up");
        assert!(up[0].last_scrape > t.last_scrape);
        assert_eq!(go_time("0001-01-01T00:00:00Z"), None, "never scraped");
        assert_eq!(go_time("2026-12-01T12:13:00.5+01:00"), Some(at("2026-12-01T11:13:00.5Z")));
        assert_eq!(go_time("2026-12-01T06:13:00-05:00"), Some(at("2026-12-01T11:13:00Z")));
    }

    #[test]
    fn a_down_report_older_than_the_collector_or_than_one_interval_is_asked_again() {
        let t = &recorded("targets_collector_down.json")[0];
        let scraped = t.last_scrape.unwrap();
        let soon = scraped + Duration::from_millis(500);
        // Fresh, and the collector started before it: down is down.
        assert!(!down_may_be_stale(t, soon, Some(scraped - Duration::from_secs(60))));
        assert!(!down_may_be_stale(t, soon, None));
        // The collector started after that scrape.
        assert!(down_may_be_stale(t, soon, Some(scraped + Duration::from_millis(200))));
        // Older than one scrape interval (2 s): the next scrape is due.
        assert!(down_may_be_stale(t, scraped + Duration::from_secs(3), None));
        // Never scraped: nothing to ask again about (not "down" either).
        let never = Target { last_scrape: None, ..t.clone() };
        assert!(!down_may_be_stale(&never, soon, Some(soon)));
    }
}
