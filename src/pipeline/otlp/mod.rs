//! Sending OTLP as the specification's exporter configuration says
//! (specification/protocol/exporter.md): endpoints and their HTTP path rules, protocol,
//! headers, timeout, compression, certificates, insecure.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::hinted;
use crate::http::{is_secret_header, Secret, TlsOptions};
use crate::settings::Settings;

pub use crate::signal::Signal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Grpc,
    HttpProtobuf,
}

/// Where and how one signal is exported.
#[derive(Debug, Clone)]
pub struct OtlpTarget {
    pub signal: Signal,
    pub protocol: Protocol,
    /// Full URL for HTTP (path included); `scheme://host:port` for gRPC.
    pub url: String,
    pub headers: Vec<(String, Secret)>,
    pub timeout: Duration,
    pub gzip: bool,
    pub tls: TlsOptions,
}

/// Flags that override the OTEL_EXPORTER_OTLP_* variables.
#[derive(Debug, Clone, Default)]
pub struct OtlpFlags {
    pub endpoint: Option<String>,
    pub protocol: Option<String>,
    pub tenant: Option<String>,
}

impl OtlpTarget {
    pub fn resolve(settings: &Settings, flags: &OtlpFlags, signal: Signal) -> anyhow::Result<Self> {
        let per = |suffix: &str| format!("OTEL_EXPORTER_OTLP_{}_{suffix}", signal.env());
        let generic = |suffix: &str| format!("OTEL_EXPORTER_OTLP_{suffix}");
        let var =
            |suffix: &str| settings.env(&per(suffix)).or_else(|| settings.env(&generic(suffix))).map(str::to_owned);

        let protocol_text =
            flags.protocol.clone().or_else(|| var("PROTOCOL")).unwrap_or_else(|| "http/protobuf".into());
        let protocol = match protocol_text.as_str() {
            "grpc" => Protocol::Grpc,
            "http/protobuf" => Protocol::HttpProtobuf,
            "http/json" => {
                return Err(hinted("OTLP protocol http/json is not supported by otelkit", "use http/protobuf or grpc"))
            }
            other => {
                return Err(hinted(
                    format!("unknown OTLP protocol {other:?}"),
                    "one of: grpc, http/protobuf (OTEL_EXPORTER_OTLP_PROTOCOL)",
                ))
            }
        };

        // Per-signal endpoint: used as is. Generic or flag: a base, to which HTTP appends v1/<signal>.
        let (endpoint, is_base) = if let Some(flag) = &flags.endpoint {
            (flag.clone(), true)
        } else if let Some(v) = settings.env(&per("ENDPOINT")) {
            (v.to_owned(), false)
        } else if let Some(v) = settings.env(&generic("ENDPOINT")) {
            (v.to_owned(), true)
        } else if let Some(v) = &settings.file.collector.otlp_endpoint {
            (v.clone(), true)
        } else {
            let default = match protocol {
                Protocol::Grpc => "http://localhost:4317",
                Protocol::HttpProtobuf => "http://localhost:4318",
            };
            (default.to_owned(), true)
        };
        let insecure = var("INSECURE").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let url = match protocol {
            Protocol::HttpProtobuf => http_url(&endpoint, is_base, signal)?,
            Protocol::Grpc => grpc_url(&endpoint, insecure)?,
        };

        let mut headers = Vec::new();
        for raw in [settings.env(&generic("HEADERS")), settings.env(&per("HEADERS"))].into_iter().flatten() {
            for (k, v) in parse_headers(raw)? {
                headers.retain(|(existing, _): &(String, Secret)| !existing.eq_ignore_ascii_case(&k));
                headers.push((k, Secret::new(v)));
            }
        }
        if let Some(t) = &flags.tenant {
            headers.retain(|(k, _)| !k.eq_ignore_ascii_case("x-scope-orgid"));
            headers.push(("X-Scope-OrgID".into(), Secret::new(t.clone())));
        }
        let timeout = match var("TIMEOUT") {
            None => Duration::from_millis(10_000),
            Some(ms) => match ms.trim().parse::<u64>() {
                Ok(0) => Duration::from_secs(3600),
                Ok(ms) => Duration::from_millis(ms),
                Err(_) => {
                    return Err(hinted(
                        format!("OTEL_EXPORTER_OTLP_TIMEOUT={ms:?} is not whole milliseconds"),
                        "e.g. 10000",
                    ))
                }
            },
        };
        let gzip = match var("COMPRESSION").as_deref() {
            None | Some("none") | Some("") => false,
            Some("gzip") => true,
            Some(other) => return Err(hinted(format!("unknown OTLP compression {other:?}"), "gzip or none")),
        };
        let tls = TlsOptions {
            ca_file: var("CERTIFICATE").map(PathBuf::from),
            client_cert: var("CLIENT_CERTIFICATE").map(PathBuf::from),
            client_key: var("CLIENT_KEY").map(PathBuf::from),
            insecure_skip_verify: false,
        };
        Ok(Self { signal, protocol, url, headers, timeout, gzip, tls })
    }

    /// Headers as they may be shown.
    pub fn shown_headers(&self) -> Vec<String> {
        self.headers
            .iter()
            .map(|(k, v)| if is_secret_header(k) { format!("{k}: ***") } else { format!("{k}: {}", v.expose()) })
            .collect()
    }
}

fn http_url(endpoint: &str, is_base: bool, signal: Signal) -> anyhow::Result<String> {
    let parsed = url::Url::parse(endpoint)
        .map_err(|_| hinted(format!("OTLP endpoint {endpoint:?} is not a URL"), "e.g. http://localhost:4318"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(hinted(
            format!("OTLP/HTTP endpoint {endpoint:?} must be http:// or https://"),
            "e.g. http://localhost:4318",
        ));
    }
    Ok(if is_base {
        format!("{}/v1/{}", endpoint.trim_end_matches('/'), signal.name())
    } else if !endpoint.split_once("://").is_some_and(|(_, rest)| rest.contains('/')) {
        // "used as is", but a URL without a path gets its root path (spec, example 2).
        format!("{endpoint}/")
    } else {
        endpoint.to_owned()
    })
}

fn grpc_url(endpoint: &str, insecure: bool) -> anyhow::Result<String> {
    let with_scheme = if endpoint.contains("://") {
        endpoint.to_owned()
    } else {
        format!("{}://{endpoint}", if insecure { "http" } else { "https" })
    };
    let parsed = url::Url::parse(&with_scheme).map_err(|_| {
        hinted(format!("OTLP gRPC endpoint {endpoint:?} is not host:port or a URL"), "e.g. http://localhost:4317")
    })?;
    let host = parsed
        .host_str()
        .ok_or_else(|| hinted(format!("OTLP gRPC endpoint {endpoint:?} has no host"), "e.g. localhost:4317"))?;
    let port = parsed.port_or_known_default().unwrap_or(4317);
    Ok(format!("{}://{host}:{port}", parsed.scheme()))
}

/// `k1=v1,k2=v2`, values percent-decoded (W3C baggage-like, as the spec says).
pub fn parse_headers(raw: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for pair in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            // The value is not echoed: it may be a credential.
            return Err(hinted(
                "OTEL_EXPORTER_OTLP_HEADERS has an entry without '='",
                "format: key1=value1,key2=value2",
            ));
        };
        let v = percent_encoding::percent_decode_str(v.trim()).decode_utf8_lossy().into_owned();
        out.push((k.trim().to_owned(), v));
    }
    Ok(out)
}

pub mod export;

pub use export::{other_protocol_hint, probe_grpc, send_grpc, send_http, ExportOutcome};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ProjectFile;

    fn target(env: &[(&str, &str)], signal: Signal) -> anyhow::Result<OtlpTarget> {
        let s = Settings::with_env(ProjectFile::default(), env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        OtlpTarget::resolve(&s, &OtlpFlags::default(), signal)
    }

    #[test]
    fn http_path_rules_from_the_spec() {
        assert_eq!(target(&[], Signal::Traces).unwrap().url, "http://localhost:4318/v1/traces");
        let t = target(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/mycollector/")], Signal::Metrics).unwrap();
        assert_eq!(t.url, "http://c:4318/mycollector/v1/metrics");
        let t = target(&[("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://c:4318/custom/logs")], Signal::Logs).unwrap();
        assert_eq!(t.url, "http://c:4318/custom/logs");
        let t = target(&[("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318")], Signal::Traces).unwrap();
        assert_eq!(t.url, "http://c:4318/");
    }

    #[test]
    fn grpc_and_insecure() {
        let t = target(
            &[
                ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
                ("OTEL_EXPORTER_OTLP_ENDPOINT", "c:4317"),
                ("OTEL_EXPORTER_OTLP_INSECURE", "true"),
            ],
            Signal::Traces,
        )
        .unwrap();
        assert_eq!((t.protocol, t.url.as_str()), (Protocol::Grpc, "http://c:4317"));
        let t = target(
            &[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "c:4317")],
            Signal::Traces,
        )
        .unwrap();
        assert_eq!(t.url, "https://c:4317");
        let t = target(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")], Signal::Logs).unwrap();
        assert_eq!(t.url, "http://localhost:4317");
    }

    #[test]
    fn headers_timeout_compression() {
        let t = target(
            &[
                ("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20abc,x-team=blue"),
                ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-team=red"),
                ("OTEL_EXPORTER_OTLP_TIMEOUT", "2500"),
                ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"),
            ],
            Signal::Traces,
        )
        .unwrap();
        assert_eq!(t.timeout, Duration::from_millis(2500));
        assert!(t.gzip);
        assert_eq!(t.shown_headers(), ["Authorization: ***", "x-team: red"]);
        assert_eq!(t.headers[0].1.expose(), "Bearer abc");
        assert!(target(&[("OTEL_EXPORTER_OTLP_TIMEOUT", "10s")], Signal::Traces).is_err());
        assert!(target(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")], Signal::Traces).is_err());
        let err = target(&[("OTEL_EXPORTER_OTLP_HEADERS", "secret-token-value")], Signal::Traces).unwrap_err();
        assert!(!format!("{err:#}").contains("secret-token-value"));
    }
}
