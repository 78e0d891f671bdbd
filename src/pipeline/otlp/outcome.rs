//! What an export's answer means: accepted, partly rejected (OTLP partial_success), rejected
//! with its status and reason, or no answer at all; and how the report words each.

use prost::Message;

use super::OtlpTarget;

/// What the receiver says when it refuses a request for its credentials, over either protocol.
pub(super) const AUTH_REFUSED: &str = "authentication refused (check OTEL_EXPORTER_OTLP_HEADERS)";

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
pub(super) trait PartialSuccess: Message + Default {
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

/// What an OTLP/HTTP receiver's answer means: accepted (a real OTLP response), partly rejected,
/// or rejected with the reason in words.
pub(super) async fn http_answer<Resp: PartialSuccess>(
    response: reqwest::Response,
    target: &OtlpTarget,
) -> ExportOutcome {
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
        401 | 403 => AUTH_REFUSED.to_owned(),
        404 => format!("no OTLP receiver at this path ({}); is the endpoint the collector's 4318?", target.url),
        415 => "the receiver does not accept application/x-protobuf".to_owned(),
        _ => error_message(&content_type, &bytes),
    };
    ExportOutcome::Rejected { status: format!("HTTP {status}"), message }
}

/// What an OTLP/gRPC receiver's answer means, in the same words as [`http_answer`]'s. A status
/// the transport made up (deadline passed, connection lost) is no answer, not a refusal.
pub(super) fn grpc_answer(result: Result<Option<(i64, String)>, tonic::Status>, target: &OtlpTarget) -> ExportOutcome {
    let status = match result {
        Ok(None) => return ExportOutcome::Accepted,
        Ok(Some((rejected, message))) => return ExportOutcome::Partial { rejected, message },
        Err(status) => status,
    };
    let code = status.code();
    if no_answer(&status) {
        return ExportOutcome::Failed(format!("gRPC {code:?}: {}", one_line(status.message())));
    }
    let message = match code {
        tonic::Code::Unauthenticated | tonic::Code::PermissionDenied => AUTH_REFUSED.to_owned(),
        tonic::Code::Unimplemented => format!(
            "no OTLP/gRPC {} service here (an OTLP/HTTP port, or a collector without a {} pipeline?)",
            target.signal.name(),
            target.signal.name()
        ),
        _ => one_line(status.message()),
    };
    ExportOutcome::Rejected { status: format!("gRPC {code:?}"), message }
}

fn no_answer(status: &tonic::Status) -> bool {
    let m = status.message().to_ascii_lowercase();
    // tonic keeps the error a status was made from (h2, hyper, connect) as its source; a
    // receiver's grpc-status has none. gRPC to an OTLP/HTTP port ends in "Internal: h2 protocol
    // error": no receiver said that.
    std::error::Error::source(status).is_some()
        || matches!(status.code(), tonic::Code::DeadlineExceeded | tonic::Code::Cancelled)
        || (matches!(status.code(), tonic::Code::Unavailable | tonic::Code::Unknown)
            && (m.contains("transport") || m.contains("connect") || m.contains("broken pipe")))
}

pub(super) fn one_line(s: &str) -> String {
    s.replace('\n', " ").chars().take(200).collect()
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
fn success_answer<Resp: PartialSuccess>(status: u16, content_type: &str, body: &[u8]) -> ExportOutcome {
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

    #[test]
    fn a_grpc_status_is_a_refusal_only_when_the_receiver_gave_it() {
        let target = OtlpTarget::resolve(
            &crate::env::EnvSnapshot::default(),
            &crate::pipeline::otlp::OtlpFlags::default(),
            crate::signal::Signal::Logs,
        )
        .unwrap();
        let answer = |status: tonic::Status| grpc_answer(Err(status), &target).describe();
        assert_eq!(
            answer(tonic::Status::unauthenticated("bad token")),
            format!("rejected with gRPC Unauthenticated: {AUTH_REFUSED}")
        );
        assert_eq!(
            answer(tonic::Status::unavailable("data refused due to high memory usage")),
            "rejected with gRPC Unavailable: data refused due to high memory usage"
        );
        assert!(answer(tonic::Status::unimplemented("")).contains("without a logs pipeline"));
        assert_eq!(
            answer(tonic::Status::unavailable("transport error\nreset")),
            "gRPC Unavailable: transport error reset"
        );
        assert_eq!(answer(tonic::Status::deadline_exceeded("late")), "gRPC DeadlineExceeded: late");
        let mut h2 = tonic::Status::internal("h2 protocol error: http2 error");
        h2.set_source(std::sync::Arc::new(std::io::Error::other("frame with invalid size")));
        assert_eq!(answer(h2), "gRPC Internal: h2 protocol error: http2 error");
        assert!(grpc_answer(Ok(None), &target).ok());
        assert_eq!(grpc_answer(Ok(Some((2, "dup".into()))), &target).describe(), "partial success: 2 rejected (dup)");
    }
}
