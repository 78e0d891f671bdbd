//! Sending OTLP as the specification's exporter configuration says
//! (specification/protocol/exporter.md): endpoints and their HTTP path rules, protocol,
//! headers, timeout, compression, certificates, insecure.

use std::path::PathBuf;
use std::time::Duration;

use crate::env::EnvSnapshot;
use crate::error::hinted;
use crate::http::{is_secret_header, RedactedUrl, Secret, TlsOptions};
use crate::signal::Signal;

mod export;
mod grpc;
mod outcome;

pub use export::{export_once, other_protocol_hint, probe, Exporter};
pub use outcome::ExportOutcome;

/// The OTLP transports otelkit speaks, named as OTEL_EXPORTER_OTLP_PROTOCOL names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
pub enum Protocol {
    #[serde(rename = "grpc")]
    Grpc,
    #[value(name = "http/protobuf", alias = "http")]
    #[serde(rename = "http/protobuf")]
    HttpProtobuf,
}

impl Protocol {
    /// A protocol from the environment, the error naming the variable it came from.
    pub fn from_env(text: &str, variable: &str) -> anyhow::Result<Self> {
        use clap::ValueEnum;
        if text.trim() == "http/json" {
            return Err(hinted(
                format!("{variable}=http/json: OTLP/JSON is not supported by otelkit"),
                "use http/protobuf or grpc",
            ));
        }
        Self::from_str(text.trim(), false)
            .map_err(|_| hinted(format!("{variable}={text:?} is not an OTLP protocol"), "one of: grpc, http/protobuf"))
    }
}

/// Where and how one signal is exported.
#[derive(Debug, Clone)]
pub struct OtlpTarget {
    pub signal: Signal,
    pub protocol: Protocol,
    /// Full URL for HTTP (path included); `scheme://host:port/` for gRPC.
    pub url: RedactedUrl,
    pub headers: Vec<(String, Secret)>,
    pub timeout: Duration,
    pub gzip: bool,
    pub tls: TlsOptions,
}

/// What overrides the OTEL_EXPORTER_OTLP_* variables (flags), and what they override.
#[derive(Debug, Clone, Default)]
pub struct OtlpFlags {
    pub endpoint: Option<String>,
    pub protocol: Option<Protocol>,
    pub tenant: Option<String>,
    /// otelkit.toml's `[collector] otlp_endpoint`: under every variable, over the default.
    pub file_endpoint: Option<String>,
}

impl OtlpTarget {
    pub fn resolve(env: &EnvSnapshot, flags: &OtlpFlags, signal: Signal) -> anyhow::Result<Self> {
        let per = |suffix: &str| format!("OTEL_EXPORTER_OTLP_{}_{suffix}", signal.env());
        let generic = |suffix: &str| format!("OTEL_EXPORTER_OTLP_{suffix}");
        let var = |suffix: &str| env.get(&per(suffix)).or_else(|| env.get(&generic(suffix))).map(str::to_owned);

        let protocol = match flags.protocol {
            Some(p) => p,
            None => match [per("PROTOCOL"), generic("PROTOCOL")].into_iter().find_map(|n| Some((env.get(&n)?, n))) {
                Some((text, name)) => Protocol::from_env(text, &name)?,
                None => Protocol::HttpProtobuf,
            },
        };

        // Per-signal endpoint: used as is. Generic or flag: a base, to which HTTP appends v1/<signal>.
        let (endpoint, is_base, source) = if let Some(flag) = &flags.endpoint {
            (flag.clone(), true, "--otlp-endpoint".to_owned())
        } else if let Some(v) = env.get(&per("ENDPOINT")) {
            (v.to_owned(), false, per("ENDPOINT"))
        } else if let Some(v) = env.get(&generic("ENDPOINT")) {
            (v.to_owned(), true, generic("ENDPOINT"))
        } else if let Some(v) = &flags.file_endpoint {
            (v.clone(), true, "otelkit.toml otlp_endpoint".to_owned())
        } else {
            let default = match protocol {
                Protocol::Grpc => "http://localhost:4317",
                Protocol::HttpProtobuf => "http://localhost:4318",
            };
            (default.to_owned(), true, String::new())
        };
        let insecure = var("INSECURE").is_some_and(|v| v.eq_ignore_ascii_case("true"));
        let url = match protocol {
            Protocol::HttpProtobuf if !endpoint.contains("://") => return Err(schemeless(&endpoint, &source)),
            Protocol::HttpProtobuf => http_url(&endpoint, is_base, signal)?,
            Protocol::Grpc => grpc_url(&endpoint, insecure)?,
        };

        let mut headers = Vec::new();
        for name in [generic("HEADERS"), per("HEADERS")] {
            let Some(raw) = env.get(&name) else { continue };
            for (k, v) in parse_headers(raw, &name)? {
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

/// A design-style `otel-collector:4317` for OTLP/HTTP: a URL needs its scheme, and 4317 is the
/// gRPC port, so the fix is either protocol with its port. Said here, as a usage error, because
/// the URL parser would take `otel-collector` for the scheme.
fn schemeless(endpoint: &str, source: &str) -> anyhow::Error {
    let shown = crate::http::redact_unparsed(endpoint.trim());
    let host =
        shown.rsplit_once(':').filter(|(_, port)| port.parse::<u16>().is_ok()).map_or(shown.as_str(), |(h, _)| h);
    hinted(
        format!("{source}={shown} has no scheme: OTLP endpoints are URLs"),
        format!("{source}=http://{host}:4317 with --protocol grpc (OTEL_EXPORTER_OTLP_PROTOCOL=grpc), or http://{host}:4318 for OTLP/HTTP"),
    )
}

fn http_url(endpoint: &str, is_base: bool, signal: Signal) -> anyhow::Result<RedactedUrl> {
    let parsed = RedactedUrl::parse_setting(endpoint, "OTLP endpoint", "http://localhost:4318")?;
    // A per-signal endpoint is "used as is"; one without a path gets its root path (spec,
    // example 2), which is what a parsed URL already has.
    Ok(if is_base { parsed.join(&format!("/v1/{}", signal.name())) } else { parsed })
}

fn grpc_url(endpoint: &str, insecure: bool) -> anyhow::Result<RedactedUrl> {
    let with_scheme = if endpoint.contains("://") {
        endpoint.to_owned()
    } else {
        format!("{}://{endpoint}", if insecure { "http" } else { "https" })
    };
    let parsed = RedactedUrl::parse_setting(&with_scheme, "OTLP gRPC endpoint", "http://localhost:4317")?;
    let port = parsed.port_or_known_default().unwrap_or(4317);
    // The channel takes scheme, host and port; credentials stay for the Authorization they become.
    Ok(parsed.sibling(parsed.scheme(), port, "/"))
}

/// `k1=v1,k2=v2` (W3C baggage-like, as the specification says), values percent-decoded. `source`
/// names where the list came from (`OTEL_EXPORTER_OTLP_HEADERS`, `--header`) in the error a
/// malformed entry is: a name that is no HTTP header name, a value no HTTP header or gRPC
/// metadata can carry. Neither the value nor the name is echoed: either may be a credential.
pub fn parse_headers(raw: &str, source: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for (i, pair) in raw.split(',').map(str::trim).filter(|p| !p.is_empty()).enumerate() {
        let entry = i + 1;
        let Some((k, v)) = pair.split_once('=') else {
            return Err(hinted(
                format!("{source}: entry {entry} has no '='"),
                "format: key1=value1,key2=value2 (the value is not shown)",
            ));
        };
        let value = percent_encoding::percent_decode_str(v.trim()).decode_utf8().map_err(|_| {
            hinted(format!("{source}: the value of entry {entry} is not UTF-8 once percent-decoded"), HEADER_HINT)
        })?;
        out.push(checked_header(k, &value, source, entry)?);
    }
    Ok(out)
}

const HEADER_HINT: &str =
    "header names are letters, digits and !#$%&'*+-.^_`|~; values printable ASCII (the value is not shown)";

/// One header, checked: a name HTTP takes, a value that both an HTTP header and gRPC ASCII
/// metadata can carry (printable ASCII, spaces, tabs). Entry `entry` of `source` in the error,
/// never the name or value.
pub fn checked_header(name: &str, value: &str, source: &str, entry: usize) -> anyhow::Result<(String, String)> {
    let name = name.trim();
    if name.is_empty() || reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(hinted(format!("{source}: entry {entry} has no valid header name"), HEADER_HINT));
    }
    let value = value.trim();
    if !value.chars().all(|c| c == ' ' || c == '\t' || c.is_ascii_graphic()) {
        return Err(hinted(
            format!("{source}: the value of entry {entry} holds a character a header cannot carry"),
            HEADER_HINT,
        ));
    }
    Ok((name.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(env: &[(&str, &str)], signal: Signal) -> anyhow::Result<OtlpTarget> {
        OtlpTarget::resolve(&env.iter().copied().collect(), &OtlpFlags::default(), signal)
    }

    #[test]
    fn http_path_rules_from_the_spec() {
        let url = |t: OtlpTarget| t.url.to_string();
        assert_eq!(url(target(&[], Signal::Traces).unwrap()), "http://localhost:4318/v1/traces");
        let t = target(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318/mycollector/")], Signal::Metrics).unwrap();
        assert_eq!(url(t), "http://c:4318/mycollector/v1/metrics");
        let t = target(&[("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://c:4318/custom/logs")], Signal::Logs).unwrap();
        assert_eq!(url(t), "http://c:4318/custom/logs");
        let t = target(&[("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318")], Signal::Traces).unwrap();
        assert_eq!(url(t), "http://c:4318/");
    }

    #[test]
    fn otelkit_toml_endpoint_is_under_the_variables_and_over_the_default() {
        let flags = OtlpFlags { file_endpoint: Some("http://file:4318".into()), ..OtlpFlags::default() };
        let t = OtlpTarget::resolve(&EnvSnapshot::default(), &flags, Signal::Logs).unwrap();
        assert_eq!(t.url.to_string(), "http://file:4318/v1/logs");
        let env = [("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318")].into_iter().collect();
        assert_eq!(OtlpTarget::resolve(&env, &flags, Signal::Logs).unwrap().url.to_string(), "http://env:4318/v1/logs");
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
        assert_eq!((t.protocol, t.url.to_string().as_str()), (Protocol::Grpc, "http://c:4317/"));
        let t = target(
            &[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "c:4317")],
            Signal::Traces,
        )
        .unwrap();
        assert_eq!(t.url.to_string(), "https://c:4317/");
        let t = target(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")], Signal::Logs).unwrap();
        assert_eq!(t.url.to_string(), "http://localhost:4317/");
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

    #[test]
    fn malformed_headers_are_usage_errors_naming_the_variable() {
        for (var, raw) in [
            ("OTEL_EXPORTER_OTLP_HEADERS", "=s3cr3t"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "x-team=blue,bad name=s3cr3t"),
            ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "authorization=Bearer%0As3cr3t"),
            ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "authorization=s3cr3t%FF"),
            ("OTEL_EXPORTER_OTLP_HEADERS", "noequals-s3cr3t"),
        ] {
            let err = target(&[(var, raw)], Signal::Traces).unwrap_err();
            let text = format!("{err:#}");
            assert!(text.starts_with(&format!("{var}: ")), "{raw}: {text}");
            assert!(!text.contains("s3cr3t") && !text.contains("bad name"), "{raw}: {text}");
            assert!(err.downcast_ref::<crate::error::Hinted>().is_some(), "a usage error (exit 2): {text}");
        }
        let t = target(&[("OTEL_EXPORTER_OTLP_HEADERS", "a=b%20c,x-api-key=k%3D1")], Signal::Logs).unwrap();
        assert_eq!(t.headers[1].1.expose(), "k=1");
    }

    #[test]
    fn a_design_style_endpoint_without_scheme_names_the_variable_and_both_fixes() {
        let err = target(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "otel-collector:4317")], Signal::Traces).unwrap_err();
        let hint = err.downcast_ref::<crate::error::Hinted>().expect("a usage error (exit 2)");
        assert_eq!(
            hint.message,
            "OTEL_EXPORTER_OTLP_ENDPOINT=otel-collector:4317 has no scheme: OTLP endpoints are URLs"
        );
        assert_eq!(
            hint.hint,
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317 with --protocol grpc \
             (OTEL_EXPORTER_OTLP_PROTOCOL=grpc), or http://otel-collector:4318 for OTLP/HTTP"
        );
        let err = target(&[("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "u:s3cr3t@c:4318")], Signal::Logs).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.starts_with("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=***@c:4318 has no scheme"), "{text}");
        assert!(!text.contains("s3cr3t"), "{text}");
    }

    #[test]
    fn credentials_in_an_endpoint_never_show_in_errors() {
        let err = target(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://u:s3cr3t@c:4318")], Signal::Traces).unwrap_err();
        assert!(!format!("{err:#}").contains("s3cr3t"), "{err:#}");
        let err = target(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "http://u:s3cr3t@[c:4318")], Signal::Traces).unwrap_err();
        assert!(!format!("{err:#}").contains("s3cr3t"), "{err:#}");
    }
}
