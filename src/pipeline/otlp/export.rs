//! Sending one OTLP export over HTTP/protobuf or gRPC, and what the answer means.

use std::io::Write;
use std::time::Duration;

use prost::Message;

use super::{OtlpTarget, Protocol, Signal};
use crate::http;
use crate::pipeline::synthetic::SmokeRun;

/// How an export went, in words for the report.
#[derive(Debug, Clone)]
pub enum ExportOutcome {
    Accepted,
    /// The receiver took the request but rejected some items.
    Partial {
        rejected: i64,
        message: String,
    },
    Rejected {
        status: String,
        message: String,
    },
    Failed(String),
}

impl ExportOutcome {
    pub fn ok(&self) -> bool {
        matches!(self, ExportOutcome::Accepted)
    }

    pub fn describe(&self) -> String {
        match self {
            ExportOutcome::Accepted => "accepted".into(),
            ExportOutcome::Partial { rejected, message } => format!("partial success: {rejected} rejected ({message})"),
            ExportOutcome::Rejected { status, message } => format!("rejected with {status}: {message}"),
            ExportOutcome::Failed(reason) => reason.clone(),
        }
    }
}

/// The partial_success part of each signal's export response.
pub trait PartialSuccess: Message + Default {
    fn rejected(&self) -> Option<(i64, String)>;
}

impl PartialSuccess for opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse {
    fn rejected(&self) -> Option<(i64, String)> {
        self.partial_success
            .as_ref()
            .filter(|p| p.rejected_spans > 0 || !p.error_message.is_empty())
            .map(|p| (p.rejected_spans, p.error_message.clone()))
    }
}
impl PartialSuccess for opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceResponse {
    fn rejected(&self) -> Option<(i64, String)> {
        self.partial_success
            .as_ref()
            .filter(|p| p.rejected_data_points > 0 || !p.error_message.is_empty())
            .map(|p| (p.rejected_data_points, p.error_message.clone()))
    }
}
impl PartialSuccess for opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceResponse {
    fn rejected(&self) -> Option<(i64, String)> {
        self.partial_success
            .as_ref()
            .filter(|p| p.rejected_log_records > 0 || !p.error_message.is_empty())
            .map(|p| (p.rejected_log_records, p.error_message.clone()))
    }
}

/// POST a protobuf request to an OTLP/HTTP endpoint.
pub async fn send_http<Resp: PartialSuccess>(target: &OtlpTarget, request: &impl Message) -> ExportOutcome {
    let client = match http::client(&target.tls, target.timeout) {
        Ok(c) => c,
        Err(e) => return ExportOutcome::Failed(format!("{e:#}")),
    };
    let mut body = request.encode_to_vec();
    // reqwest moves credentials written into the URL into an Authorization header.
    let mut req = client.post(target.url.for_wire().clone()).header("Content-Type", "application/x-protobuf");
    if target.gzip {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        if enc.write_all(&body).is_ok() {
            if let Ok(z) = enc.finish() {
                body = z;
                req = req.header("Content-Encoding", "gzip");
            }
        }
    }
    for (k, v) in &target.headers {
        req = req.header(k.as_str(), v.expose());
    }
    let started = std::time::Instant::now();
    let response = match req.body(body).send().await {
        Ok(r) => r,
        Err(e) => {
            let why = http::describe_error(e);
            http::log_exchange("POST", &target.url, Err(&why), started.elapsed());
            return ExportOutcome::Failed(why);
        }
    };
    http::log_exchange("POST", &target.url, Ok(response.status().as_u16()), started.elapsed());
    answer_of::<Resp>(response, target).await
}

/// What an OTLP/HTTP receiver's answer means: accepted (a real OTLP response), partly rejected,
/// or rejected with the reason in words.
pub(crate) async fn answer_of<Resp: PartialSuccess>(response: reqwest::Response, target: &OtlpTarget) -> ExportOutcome {
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = response.bytes().await.unwrap_or_default();
    if status.is_success() {
        return success_answer::<Resp>(status.as_u16(), &content_type, &bytes);
    }
    let message = match status.as_u16() {
        401 | 403 => "authentication refused (check OTEL_EXPORTER_OTLP_HEADERS)".to_owned(),
        404 => format!("no OTLP receiver at this path ({}); is the endpoint the collector's 4318?", target.url),
        415 => "the receiver does not accept application/x-protobuf".to_owned(),
        _ => error_message(&content_type, &bytes),
    };
    ExportOutcome::Rejected { status: format!("HTTP {status}"), message }
}

/// `google.rpc.Status`, which OTLP/HTTP receivers answer a failed export with (protobuf for a
/// protobuf request, the same as JSON for a JSON one).
#[derive(Clone, PartialEq, prost::Message)]
struct RpcStatus {
    #[prost(int32, tag = "1")]
    code: i32,
    #[prost(string, tag = "2")]
    message: String,
}

/// The reason in a failed export's answer: the `google.rpc.Status` message when it is one (the
/// collector v0.161.0 answers a memory_limiter refusal 503 with `data refused due to high memory
/// usage` in protobuf), else the body's text without control bytes, at most 200 characters.
pub fn error_message(content_type: &str, body: &[u8]) -> String {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let status = match media {
        "application/x-protobuf" | "application/protobuf" => RpcStatus::decode(body).ok(),
        "application/json" => serde_json::from_slice::<serde_json::Value>(body).ok().and_then(|j| {
            Some(RpcStatus { code: j["code"].as_i64()? as i32, message: j["message"].as_str()?.to_owned() })
        }),
        _ => None,
    };
    if let Some(s) = status.filter(|s| !s.message.is_empty()) {
        return format!("{} (gRPC status {})", s.message, s.code);
    }
    String::from_utf8_lossy(body)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A 2xx answer counts as accepted only when it is an OTLP response: protobuf (or JSON, or
/// nothing) as the specification's receivers send. A proxy's or login page answered 200 took
/// nothing to the collector.
pub(crate) fn success_answer<Resp: PartialSuccess>(status: u16, content_type: &str, body: &[u8]) -> ExportOutcome {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let not_otlp = |what: &str| {
        ExportOutcome::Failed(format!(
            "answered HTTP {status} with {what}, not an OTLP response: is a proxy or login page in front of the collector? check the endpoint"
        ))
    };
    match media {
        "application/x-protobuf" | "application/protobuf" | "" => match Resp::decode(body) {
            Ok(resp) => match resp.rejected() {
                Some((rejected, message)) => ExportOutcome::Partial { rejected, message },
                None => ExportOutcome::Accepted,
            },
            Err(_) if media.is_empty() => not_otlp("a body of no declared type"),
            Err(_) => not_otlp("a body that is not an OTLP protobuf message"),
        },
        "application/json" => match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(_)) => ExportOutcome::Accepted,
            _ if body.is_empty() => ExportOutcome::Accepted,
            _ => not_otlp("JSON that is not an OTLP response"),
        },
        other => not_otlp(other),
    }
}

/// Whether the export's address speaks the other OTLP protocol: the commonest mistake is HTTP
/// sent to the gRPC port 4317 or gRPC to the HTTP port 4318. The fix, when it does.
pub async fn other_protocol_hint(target: &OtlpTarget) -> Option<String> {
    let mut probe = target.clone();
    probe.signal = Signal::Traces;
    probe.timeout = target.timeout.min(Duration::from_secs(5));
    match target.protocol {
        Protocol::HttpProtobuf => {
            let base = target.url.sibling(target.url.scheme(), target.url.port_or_known_default().unwrap_or(4318), "/");
            probe.protocol = Protocol::Grpc;
            probe.url = base.clone();
            probe_grpc(&probe).await.ok().then(|| {
                format!(
                    "{base} speaks OTLP/gRPC, not OTLP/HTTP: pass --protocol grpc (OTEL_EXPORTER_OTLP_PROTOCOL=grpc), or send OTLP/HTTP to the collector's port 4318"
                )
            })
        }
        Protocol::Grpc => {
            let base = target.url.clone();
            probe.protocol = Protocol::HttpProtobuf;
            probe.url = base.join("/v1/traces");
            probe.gzip = false;
            let empty = opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest::default();
            send_http::<opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse>(&probe, &empty)
                .await
                .ok()
                .then(|| {
                    format!(
                        "{base} speaks OTLP/HTTP, not OTLP/gRPC: pass --protocol http/protobuf (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf), or send OTLP/gRPC to the collector's port 4317"
                    )
                })
        }
    }
}

/// Export over gRPC with tonic's generated clients.
pub async fn send_grpc(target: &OtlpTarget, run: &SmokeRun) -> ExportOutcome {
    use opentelemetry_proto::tonic::collector::{
        logs::v1::logs_service_client::LogsServiceClient, metrics::v1::metrics_service_client::MetricsServiceClient,
        trace::v1::trace_service_client::TraceServiceClient,
    };
    let channel = match grpc_channel(target).await {
        Ok(c) => c,
        Err(e) => return ExportOutcome::Failed(e),
    };
    let metadata = match grpc_metadata(target) {
        Ok(m) => m,
        Err(e) => return ExportOutcome::Failed(e),
    };
    let gzip = target.gzip;
    let result: Result<Option<(i64, String)>, tonic::Status> = match target.signal {
        Signal::Traces => {
            let mut c = TraceServiceClient::new(channel);
            if gzip {
                c = c.send_compressed(tonic::codec::CompressionEncoding::Gzip);
            }
            c.export(request(run.traces(), &metadata, target.timeout)).await.map(|r| r.into_inner().rejected())
        }
        Signal::Metrics => {
            let mut c = MetricsServiceClient::new(channel);
            if gzip {
                c = c.send_compressed(tonic::codec::CompressionEncoding::Gzip);
            }
            c.export(request(run.metrics(), &metadata, target.timeout)).await.map(|r| r.into_inner().rejected())
        }
        Signal::Logs => {
            let mut c = LogsServiceClient::new(channel);
            if gzip {
                c = c.send_compressed(tonic::codec::CompressionEncoding::Gzip);
            }
            c.export(request(run.logs(), &metadata, target.timeout)).await.map(|r| r.into_inner().rejected())
        }
    };
    let code = result.as_ref().map_or_else(|s| format!("{:?}", s.code()), |_| "Ok".to_owned());
    tracing::trace!(target: "otelkit::http", "gRPC {} export to {} -> {code}", target.signal.name(), target.url);
    match result {
        Ok(None) => ExportOutcome::Accepted,
        Ok(Some((rejected, message))) => ExportOutcome::Partial { rejected, message },
        Err(status) => {
            let message = match status.code() {
                tonic::Code::Unauthenticated | tonic::Code::PermissionDenied => {
                    "authentication refused (check OTEL_EXPORTER_OTLP_HEADERS)".to_owned()
                }
                tonic::Code::Unimplemented => "the server does not implement OTLP gRPC here (an HTTP port?)".to_owned(),
                tonic::Code::Unavailable => format!("unavailable: {}", one_line(status.message())),
                _ => one_line(status.message()),
            };
            ExportOutcome::Rejected { status: format!("gRPC {:?}", status.code()), message }
        }
    }
}

/// An empty trace export over gRPC: does this address speak OTLP/gRPC?
pub async fn probe_grpc(target: &OtlpTarget) -> ExportOutcome {
    use opentelemetry_proto::tonic::collector::trace::v1::{
        trace_service_client::TraceServiceClient, ExportTraceServiceRequest,
    };
    let channel = match grpc_channel(target).await {
        Ok(c) => c,
        Err(e) => return ExportOutcome::Failed(e),
    };
    let metadata = grpc_metadata(target).unwrap_or_default();
    match TraceServiceClient::new(channel)
        .export(request(ExportTraceServiceRequest::default(), &metadata, target.timeout))
        .await
    {
        Ok(_) => ExportOutcome::Accepted,
        Err(status) => {
            ExportOutcome::Rejected { status: format!("gRPC {:?}", status.code()), message: one_line(status.message()) }
        }
    }
}

fn request<T>(message: T, metadata: &tonic::metadata::MetadataMap, timeout: Duration) -> tonic::Request<T> {
    let mut r = tonic::Request::new(message);
    *r.metadata_mut() = metadata.clone();
    r.set_timeout(timeout);
    r
}

pub(crate) fn one_line(s: &str) -> String {
    s.replace('\n', " ").chars().take(200).collect()
}

pub(crate) async fn grpc_channel(target: &OtlpTarget) -> Result<tonic::transport::Channel, String> {
    // scheme://host:port only: credentials in the URL travel as an Authorization (grpc_metadata).
    let origin = target.url.origin().ok_or_else(|| format!("{}: no host", target.url))?;
    let mut endpoint = tonic::transport::Endpoint::from_shared(origin)
        .map_err(|e| format!("{}: {e}", target.url))?
        .connect_timeout(target.timeout.min(Duration::from_secs(10)))
        .timeout(target.timeout);
    if target.url.scheme() == "https" {
        let mut tls = tonic::transport::ClientTlsConfig::new().with_native_roots();
        if let Some(ca) = &target.tls.ca_file {
            let pem = std::fs::read(ca).map_err(|e| format!("cannot read CA file {}: {e}", ca.display()))?;
            tls = tls.ca_certificate(tonic::transport::Certificate::from_pem(pem));
        }
        if let (Some(cert), Some(key)) = (&target.tls.client_cert, &target.tls.client_key) {
            let cert =
                std::fs::read(cert).map_err(|e| format!("cannot read client certificate {}: {e}", cert.display()))?;
            let key = std::fs::read(key).map_err(|e| format!("cannot read client key {}: {e}", key.display()))?;
            tls = tls.identity(tonic::transport::Identity::from_pem(cert, key));
        }
        endpoint = endpoint.tls_config(tls).map_err(|e| format!("TLS setup: {e}"))?;
    }
    endpoint.connect().await.map_err(|e| {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            text = s.to_string();
            source = s.source();
        }
        format!("cannot connect: {}", one_line(&text))
    })
}

/// The export's headers as gRPC metadata; credentials written into the endpoint URL become an
/// Authorization (Basic), as reqwest makes them for OTLP/HTTP, unless a header sets one.
pub(crate) fn grpc_metadata(target: &OtlpTarget) -> Result<tonic::metadata::MetadataMap, String> {
    let mut map = tonic::metadata::MetadataMap::new();
    let from_url = target.url.basic_authorization().map(|auth| ("authorization".to_owned(), auth));
    for (k, v) in from_url.iter().chain(&target.headers) {
        let key = tonic::metadata::MetadataKey::from_bytes(k.to_ascii_lowercase().as_bytes())
            .map_err(|_| format!("invalid header name {k:?}"))?;
        let mut value: tonic::metadata::AsciiMetadataValue =
            v.expose().parse().map_err(|_| format!("invalid value for header {k}"))?;
        if http::is_secret_header(k) {
            value.set_sensitive(true);
        }
        map.insert(key, value);
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORDED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/recorded/collector-0.161.0/");

    #[test]
    fn a_refusal_names_its_reason_in_protobuf_and_json() {
        let proto = std::fs::read(format!("{RECORDED}otlp_http_traces_refused_memory_limiter.bin")).unwrap();
        assert_eq!(
            error_message("application/x-protobuf", &proto),
            "data refused due to high memory usage (gRPC status 14)"
        );
        let json = std::fs::read(format!("{RECORDED}otlp_http_traces_refused_memory_limiter.json")).unwrap();
        assert_eq!(error_message("application/json", &json), "data refused due to high memory usage (gRPC status 14)");
        assert_eq!(error_message("text/plain", b"upstream\x08 down\n"), "upstream  down");
    }
}
