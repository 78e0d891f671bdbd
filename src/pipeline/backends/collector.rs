//! The collector's own metrics (service.telemetry, port 8888): counters by name and labels.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::http::{self, RedactedUrl};

/// Counter and gauge values of one scrape of the collector's /metrics, keyed by name (without
/// `_total`, which some collector releases add to counters and others, v0.161.0 among them, do
/// not) and labels.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    values: BTreeMap<(String, BTreeMap<String, String>), f64>,
    /// When it was asked for and when the answer came: the page was made between the two.
    pub scraped: Option<(Instant, Instant)>,
}

impl Snapshot {
    pub fn parse(text: &str) -> Result<Self, String> {
        let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
            .map_err(|e| format!("unreadable collector metrics: {e}"))?;
        let mut values = BTreeMap::new();
        for s in scrape.samples {
            let v = match s.value {
                prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Untyped(v) => v,
                _ => continue,
            };
            let labels: BTreeMap<String, String> = s.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            let name = s.metric.strip_suffix("_total").unwrap_or(&s.metric).to_owned();
            values.insert((name, labels), v);
        }
        if !values.keys().any(|(n, _)| n.starts_with("otelcol_")) {
            return Err("no otelcol_ metrics on that page: is it the collector's own telemetry (port 8888)?".into());
        }
        Ok(Self { values, scraped: None })
    }

    /// Sum of a counter or gauge over the series whose labels pass `keep`, grouped by `by` label.
    pub fn by(&self, name: &str, by: &str, keep: impl Fn(&BTreeMap<String, String>) -> bool) -> BTreeMap<String, f64> {
        let mut out = BTreeMap::new();
        for ((n, labels), v) in &self.values {
            if n == name && keep(labels) {
                *out.entry(labels.get(by).cloned().unwrap_or_default()).or_insert(0.0) += v;
            }
        }
        out
    }
}

impl Snapshot {
    /// Every series: its name, labels and value.
    pub fn series(&self) -> impl Iterator<Item = (&str, &BTreeMap<String, String>, f64)> {
        self.values.iter().map(|((n, l), v)| (n.as_str(), l, *v))
    }

    /// The value of one series, when the page has it.
    pub fn value(&self, name: &str, labels: &BTreeMap<String, String>) -> Option<f64> {
        self.values.get(&(name.to_owned(), labels.clone())).copied()
    }

    /// The labels of every series of `name` whose `by` label is `value`.
    pub fn labels_of<'a>(
        &'a self,
        name: &'a str,
        by: &'a str,
        value: &'a str,
    ) -> impl Iterator<Item = &'a BTreeMap<String, String>> {
        self.values.keys().filter(move |(n, l)| n == name && l.get(by).is_some_and(|v| v == value)).map(|(_, l)| l)
    }
}

/// One scrape of the collector's own metrics page.
pub async fn snapshot(client: &reqwest::Client, url: &RedactedUrl) -> Result<Snapshot, String> {
    let started = Instant::now();
    let sent = client.get(url.for_wire().clone()).send().await.map_err(http::describe_error);
    http::log_exchange(
        "GET",
        url,
        sent.as_ref().map(|r| r.status().as_u16()).map_err(String::as_str),
        started.elapsed(),
    );
    let r = sent?;
    if !r.status().is_success() {
        return Err(format!("HTTP {}", r.status()));
    }
    let mut snapshot = Snapshot::parse(&r.text().await.map_err(http::describe_error)?)?;
    snapshot.scraped = Some((started, Instant::now()));
    Ok(snapshot)
}
