//! doctor's checks of Prometheus: ready, its version, exemplar storage, the collector's scrape
//! targets, and the receiver the collector pushes to when metrics are remote-written or sent over
//! OTLP (with what delta temporality needs).

use std::time::{Duration, Instant, SystemTime};

use super::{fail, pass, ready, version, warn};
use crate::collector::choices::MetricsExporter;
use crate::pipeline::backends::Backend;
use crate::pipeline::scrape;
use crate::pipeline::verdict::{Check, Outcome};

pub async fn checks(
    b: &Backend,
    mode: MetricsExporter,
    collector_started: Option<SystemTime>,
    timeout: Duration,
    grace: Duration,
) -> Vec<Check> {
    let (r, v, flags, targets, mut pushed) = futures::join!(
        ready(b, "/-/ready"),
        version(b, "/api/v1/status/buildinfo", &["data", "version"]),
        b.get("/api/v1/status/flags"),
        b.get("/api/v1/targets?state=active"),
        push_receiver(b, mode)
    );
    let exemplars = match flags {
        Ok(f) if f.status == 200 => {
            let json: serde_json::Value = serde_json::from_str(&f.body).unwrap_or_default();
            let features = json["data"]["enable-feature"].as_str().unwrap_or_default();
            // The receiver rejects delta sums and histograms unless one of these converts them.
            let delta = ["otlp-deltatocumulative", "otlp-native-delta-ingestion"];
            let otlp = pushed.as_mut().filter(|c| c.name == "prometheus.otlp" && c.outcome == Outcome::Pass);
            if let (Some(otlp), false) = (otlp, features.split(',').any(|x| delta.contains(&x.trim()))) {
                otlp.detail.push_str("; delta temporality is dropped (\"invalid temporality and type combination\"): exporters must send cumulative, or start Prometheus with --enable-feature=otlp-deltatocumulative");
            }
            if features.split(',').any(|x| x.trim() == "exemplar-storage") {
                pass("prometheus.exemplars", "exemplar storage is on")
            } else {
                warn("prometheus.exemplars", "exemplar storage is off: start Prometheus with --enable-feature=exemplar-storage to link metrics to traces")
            }
        }
        Ok(f) => warn("prometheus.exemplars", format!("/api/v1/status/flags answered HTTP {}", f.status)),
        Err(e) => warn("prometheus.exemplars", e.why),
    };
    let scrape = match targets {
        Ok(f) if f.status == 200 => {
            scrape::check(b, &f.body, mode, collector_started, Instant::now() + timeout, grace).await
        }
        Ok(f) => warn("prometheus.scrape", format!("/api/v1/targets answered HTTP {}", f.status)),
        Err(e) => warn("prometheus.scrape", e.why),
    };
    let mut checks = vec![r, v, exemplars, scrape];
    checks.extend(pushed);
    checks
}

/// The receiver remote write or OTLP pushes to, asked with an empty request: Prometheus answers
/// 404 while it is off (naming the flag), anything else once it is on.
async fn push_receiver(b: &Backend, mode: MetricsExporter) -> Option<Check> {
    let (name, path, flag, body) = match mode {
        MetricsExporter::Prometheus | MetricsExporter::VictoriaMetrics => return None,
        MetricsExporter::RemoteWrite => {
            ("prometheus.remote_write", "/api/v1/write", "--web.enable-remote-write-receiver", Vec::new())
        }
        MetricsExporter::Otlp => (
            "prometheus.otlp",
            "/api/v1/otlp/v1/metrics",
            "--web.enable-otlp-receiver (Prometheus 2.47 to 2.55: --enable-feature=otlp-write-receiver)",
            prost::Message::encode_to_vec(
                &opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest::default(),
            ),
        ),
    };
    Some(match b.post_protobuf(path, body).await {
        Ok(f) if f.status == 404 => {
            let said: String = f.body.chars().take(200).collect();
            fail(name, format!("{path} answered HTTP 404 ({}): start Prometheus with {flag}", said.trim()))
        }
        // A receiver that is on takes an empty request or refuses it as malformed.
        Ok(f) if (200..300).contains(&f.status) || matches!(f.status, 400 | 415 | 422) => {
            pass(name, format!("{path} is served (HTTP {} to an empty request)", f.status))
        }
        // Refused credentials, a proxy (Grafana's) that takes no POST, a server error: not known.
        Ok(f) => warn(name, format!("{path} answered HTTP {}: whether it is on is not known", f.status)),
        Err(e) => fail(name, e.why),
    })
}
