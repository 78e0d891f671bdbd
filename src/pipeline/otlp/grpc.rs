//! OTLP over gRPC: one channel per exporter (TLS, connect errors in words), the metadata every
//! request carries, and the unary Export call on bytes already encoded, so load's pre-built
//! batches and smoke-test's messages go out the same way.

use std::marker::PhantomData;
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceResponse;
use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceResponse;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceResponse;
use prost::Message;
use tonic::client::Grpc;
use tonic::transport::Channel;

use super::outcome::{grpc_answer, one_line, ExportOutcome, PartialSuccess};
use super::OtlpTarget;
use crate::http;
use crate::signal::Signal;

/// A connected channel and the metadata for each request.
pub(super) struct GrpcWire {
    grpc: Grpc<Channel>,
    metadata: tonic::metadata::MetadataMap,
}

impl GrpcWire {
    pub(super) async fn connect(target: &OtlpTarget) -> Result<Self, String> {
        let mut grpc = Grpc::new(channel(target).await?);
        if target.gzip {
            grpc = grpc.send_compressed(tonic::codec::CompressionEncoding::Gzip);
        }
        Ok(Self { grpc, metadata: metadata(target)? })
    }

    /// One Export of `target.signal`, `body` its encoded request.
    pub(super) async fn export(&mut self, target: &OtlpTarget, body: Vec<u8>) -> ExportOutcome {
        let started = Instant::now();
        let result = match target.signal {
            Signal::Traces => {
                let path = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
                self.unary::<ExportTraceServiceResponse>(path, target.timeout, body).await
            }
            Signal::Metrics => {
                let path = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
                self.unary::<ExportMetricsServiceResponse>(path, target.timeout, body).await
            }
            Signal::Logs => {
                let path = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
                self.unary::<ExportLogsServiceResponse>(path, target.timeout, body).await
            }
        };
        if tracing::enabled!(target: "otelkit::http", tracing::Level::TRACE) {
            let code = result.as_ref().map_or_else(|s| format!("{:?}", s.code()), |_| "Ok".to_owned());
            let ms = started.elapsed().as_millis();
            tracing::trace!(target: "otelkit::http", "gRPC {} export to {} -> {code} ({ms} ms)", target.signal.name(), target.url);
        }
        grpc_answer(result, target)
    }

    async fn unary<R: PartialSuccess + Send + Sync + 'static>(
        &mut self,
        path: &'static str,
        timeout: Duration,
        body: Vec<u8>,
    ) -> Result<Option<(i64, String)>, tonic::Status> {
        self.grpc.ready().await.map_err(|e| tonic::Status::unknown(format!("transport: {e}")))?;
        let mut request = tonic::Request::new(body);
        *request.metadata_mut() = self.metadata.clone();
        request.set_timeout(timeout);
        let path = tonic::codegen::http::uri::PathAndQuery::from_static(path);
        let response = self.grpc.unary(request, path, RawCodec::<R>(PhantomData)).await?;
        Ok(response.into_inner().rejected())
    }
}

async fn channel(target: &OtlpTarget) -> Result<tonic::transport::Channel, String> {
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
/// Authorization (Basic), as reqwest makes them for OTLP/HTTP, unless a header sets one. Secret
/// values are marked sensitive, kept out of tonic's and h2's debug output.
fn metadata(target: &OtlpTarget) -> Result<tonic::metadata::MetadataMap, String> {
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

/// A gRPC codec that sends already-encoded request bytes and decodes the response with prost.
struct RawCodec<R>(PhantomData<fn() -> R>);

struct RawEncoder;
struct ProstDecoder<R>(PhantomData<fn() -> R>);

impl<R: Message + Default + Send + 'static> tonic::codec::Codec for RawCodec<R> {
    type Encode = Vec<u8>;
    type Decode = R;
    type Encoder = RawEncoder;
    type Decoder = ProstDecoder<R>;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> ProstDecoder<R> {
        ProstDecoder(PhantomData)
    }
}

impl tonic::codec::Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut tonic::codec::EncodeBuf<'_>) -> Result<(), tonic::Status> {
        use prost::bytes::BufMut;
        dst.put_slice(&item);
        Ok(())
    }
}

impl<R: Message + Default + Send + 'static> tonic::codec::Decoder for ProstDecoder<R> {
    type Item = R;
    type Error = tonic::Status;
    fn decode(&mut self, src: &mut tonic::codec::DecodeBuf<'_>) -> Result<Option<R>, tonic::Status> {
        R::decode(src).map(Some).map_err(|e| tonic::Status::internal(format!("undecodable OTLP response: {e}")))
    }
}
