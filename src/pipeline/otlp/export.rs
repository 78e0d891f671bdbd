//! The one way otelkit sends OTLP: an [`Exporter`] made once from an [`OtlpTarget`] (HTTP/protobuf
//! or gRPC, gzip, headers, TLS) that keeps its client or channel for every request after the
//! first. smoke-test, doctor's probes, canary and load all export through it.

use std::io::Write;
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceResponse;
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceResponse;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse;
use reqwest::header::{HeaderMap, HeaderValue, CONTENT_ENCODING, CONTENT_TYPE};

use super::grpc::GrpcWire;
use super::outcome::{http_answer, ExportOutcome};
use super::{OtlpTarget, Protocol};
use crate::http::{self, Auth};
use crate::signal::Signal;

/// Sends one signal's export requests to one receiver, over the connection it keeps.
pub struct Exporter {
    target: OtlpTarget,
    wire: Wire,
}

enum Wire {
    Http { client: reqwest::Client, headers: HeaderMap },
    Grpc(GrpcWire),
}

impl Exporter {
    /// The client (HTTP) or connected channel (gRPC) for `target`. Unreadable certificates, a
    /// header no request can carry, a gRPC endpoint that does not connect: the reason in words.
    pub async fn connect(target: &OtlpTarget) -> Result<Self, String> {
        let wire = match target.protocol {
            Protocol::HttpProtobuf => {
                let client = http::client(&target.tls, target.timeout).map_err(|e| format!("{e:#}"))?;
                // Credentials in the URL become an Authorization (Basic, sensitive) in reqwest,
                // unless a header sets one.
                let auth = Auth { headers: target.headers.clone(), ..Auth::default() };
                let mut headers = auth.header_map().map_err(|e| format!("{e:#}"))?;
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/x-protobuf"));
                Wire::Http { client, headers }
            }
            Protocol::Grpc => Wire::Grpc(GrpcWire::connect(target).await?),
        };
        Ok(Self { target: target.clone(), wire })
    }

    pub fn target(&self) -> &OtlpTarget {
        &self.target
    }

    /// One export request of the target's signal, `request` its protobuf encoding.
    pub async fn export(&mut self, request: Vec<u8>) -> ExportOutcome {
        match &mut self.wire {
            Wire::Http { client, headers } => export_http(client, headers, &self.target, request).await,
            Wire::Grpc(grpc) => grpc.export(&self.target, request).await,
        }
    }
}

/// One export on a connection of its own; a connection that cannot be made is a failed export.
pub async fn export_once(target: &OtlpTarget, request: Vec<u8>) -> ExportOutcome {
    match Exporter::connect(target).await {
        Ok(mut exporter) => exporter.export(request).await,
        Err(why) => ExportOutcome::Failed(why),
    }
}

/// An empty export of the target's signal: does this address speak OTLP in the target's protocol?
pub async fn probe(target: &OtlpTarget) -> ExportOutcome {
    // Every OTLP export request with nothing in it encodes to no bytes at all.
    export_once(target, Vec::new()).await
}

async fn export_http(
    client: &reqwest::Client,
    headers: &HeaderMap,
    target: &OtlpTarget,
    body: Vec<u8>,
) -> ExportOutcome {
    let mut req = client.post(target.url.for_wire().clone()).headers(headers.clone());
    let body = match target.gzip.then(|| gzip(&body)).flatten() {
        Some(z) => {
            req = req.header(CONTENT_ENCODING, "gzip");
            z
        }
        None => body,
    };
    let started = Instant::now();
    let response = match req.body(body).send().await {
        Ok(r) => r,
        Err(e) => {
            let why = http::describe_error(e);
            http::log_exchange("POST", &target.url, Err(&why), started.elapsed());
            return ExportOutcome::Failed(why);
        }
    };
    http::log_exchange("POST", &target.url, Ok(response.status().as_u16()), started.elapsed());
    match target.signal {
        Signal::Traces => http_answer::<ExportTraceServiceResponse>(response, target).await,
        Signal::Metrics => http_answer::<ExportMetricsServiceResponse>(response, target).await,
        Signal::Logs => http_answer::<ExportLogsServiceResponse>(response, target).await,
    }
}

/// The fast level: load sends as fast as it can, and the receiver's work is the same either way.
fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::fast());
    enc.write_all(body).ok()?;
    enc.finish().ok()
}

/// Whether the export's address speaks the other OTLP protocol: the commonest mistake is HTTP
/// sent to the gRPC port 4317 or gRPC to the HTTP port 4318. The fix, when it does.
pub async fn other_protocol_hint(target: &OtlpTarget) -> Option<String> {
    let mut other = target.clone();
    other.signal = Signal::Traces;
    other.timeout = target.timeout.min(Duration::from_secs(5));
    other.gzip = false;
    let (base, hint) = match target.protocol {
        Protocol::HttpProtobuf => {
            let base = target.url.sibling(target.url.scheme(), target.url.port_or_known_default().unwrap_or(4318), "/");
            other.protocol = Protocol::Grpc;
            other.url = base.clone();
            (base, "speaks OTLP/gRPC, not OTLP/HTTP: pass --protocol grpc (OTEL_EXPORTER_OTLP_PROTOCOL=grpc), or send OTLP/HTTP to the collector's port 4318")
        }
        Protocol::Grpc => {
            let base = target.url.clone();
            other.protocol = Protocol::HttpProtobuf;
            other.url = base.join("/v1/traces");
            (base, "speaks OTLP/HTTP, not OTLP/gRPC: pass --protocol http/protobuf (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf), or send OTLP/gRPC to the collector's port 4317")
        }
    };
    probe(&other).await.ok().then(|| format!("{base} {hint}"))
}
