//! URLs as otelkit holds them from the moment a setting is resolved: shown to people (Display,
//! Debug, Serialize) with their credentials replaced by `***`, whole only where a request is
//! built ([`RedactedUrl::for_wire`]). No other type holds a URL, so no path can print a raw one.

use std::fmt;

use super::Secret;
use crate::error::hinted;

/// A URL that never shows its password, a username standing alone (a token, as some services
/// take it) or the value of a credential-like query parameter (`token=`, `api_key=`, ...).
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedUrl(url::Url);

impl RedactedUrl {
    pub fn parse(text: &str) -> Result<Self, url::ParseError> {
        url::Url::parse(text).map(Self)
    }

    /// Parse a setting (`what`: how the user named it, e.g. `--tempo-url`): an http:// or
    /// https:// URL with a host. Anything else is a usage error that shows the value with
    /// anything that looks like credentials cut out.
    pub fn parse_setting(text: &str, what: &str, example: &str) -> anyhow::Result<Self> {
        match Self::parse(text.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(u),
            Ok(u) => Err(hinted(format!("{what} {u} is not an http:// or https:// URL"), format!("e.g. {example}"))),
            Err(_) => {
                Err(hinted(format!("{what} {:?} is not a URL", redact_unparsed(text)), format!("e.g. {example}")))
            }
        }
    }

    /// The URL as sent, credentials included: only where a request is built.
    pub fn for_wire(&self) -> &url::Url {
        &self.0
    }

    pub fn scheme(&self) -> &str {
        self.0.scheme()
    }

    pub fn host_str(&self) -> Option<&str> {
        self.0.host_str()
    }

    pub fn port_or_known_default(&self) -> Option<u16> {
        self.0.port_or_known_default()
    }

    pub fn path(&self) -> &str {
        self.0.path()
    }

    /// This URL with `path_and_query` appended to its path (a trailing `/` of the base dropped
    /// first): a backend's base and an API path, an OTLP base and `/v1/traces`.
    pub fn join(&self, path_and_query: &str) -> Self {
        let joined = format!("{}{path_and_query}", self.0.as_str().trim_end_matches('/'));
        // Only a path otelkit wrote is appended to a URL that parsed: this cannot fail to parse.
        Self(url::Url::parse(&joined).unwrap_or_else(|_| self.0.clone()))
    }

    /// The same host (credentials kept) at another scheme, port and path: the collector's other
    /// ports from its OTLP address.
    pub fn sibling(&self, scheme: &str, port: u16, path: &str) -> Self {
        let mut u = self.0.clone();
        if u.scheme() != scheme {
            // set_scheme refuses some special-to-special changes only; http <-> https is allowed.
            let _ = u.set_scheme(scheme);
        }
        let _ = u.set_port(Some(port));
        u.set_path(path);
        u.set_query(None);
        u.set_fragment(None);
        Self(u)
    }

    /// The same URL without username and password.
    pub fn without_credentials(&self) -> Self {
        let mut u = self.0.clone();
        let _ = u.set_username("");
        let _ = u.set_password(None);
        Self(u)
    }

    pub fn has_credentials(&self) -> bool {
        !self.0.username().is_empty() || self.0.password().is_some()
    }

    /// `scheme://host:port`, nothing else: what a gRPC channel connects to.
    pub fn origin(&self) -> Option<String> {
        let host = self.0.host_str()?;
        let host = if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host.to_owned() };
        Some(format!("{}://{host}:{}", self.0.scheme(), self.0.port_or_known_default()?))
    }

    /// `Basic ...` from the URL's username and password (percent-decoded, as reqwest does for
    /// HTTP): the Authorization a gRPC export sends for credentials written into its URL.
    pub fn basic_authorization(&self) -> Option<Secret> {
        use base64::Engine;
        if !self.has_credentials() {
            return None;
        }
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        let pair = format!("{}:{}", decode(self.0.username()), decode(self.0.password().unwrap_or_default()));
        Some(Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))))
    }

    fn shown(&self) -> String {
        let mut u = self.0.clone();
        if u.password().is_some() {
            let _ = u.set_password(Some("***"));
        } else if !u.username().is_empty() {
            let _ = u.set_username("***");
        }
        if u.query_pairs().any(|(k, _)| is_secret_parameter(&k)) {
            let pairs: Vec<(String, String)> = u
                .query_pairs()
                .map(|(k, v)| {
                    let v = if is_secret_parameter(&k) { "***".to_owned() } else { v.into_owned() };
                    (k.into_owned(), v)
                })
                .collect();
            u.query_pairs_mut().clear().extend_pairs(pairs);
        }
        u.to_string()
    }
}

/// Query parameter names whose values are credentials (signed URLs, API keys, tokens).
pub fn is_secret_parameter(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    super::is_secret_header(&n)
        || ["passwd", "signature", "auth"].iter().any(|needle| n.contains(needle))
        || ["key", "sig", "pwd", "pass", "code"].contains(&n.as_str())
}

/// A setting that did not parse as a URL, as an error message may show it: everything between
/// `://` and the last `@` of the authority (where a password would be) replaced by `***`.
pub fn redact_unparsed(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return match text.rfind('@') {
            Some(at) => format!("***{}", &text[at..]),
            None => text.to_owned(),
        };
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]),
        None => text.to_owned(),
    }
}

impl fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

impl fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RedactedUrl({:?})", self.shown())
    }
}

impl serde::Serialize for RedactedUrl {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.shown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        RedactedUrl::parse(text).unwrap().to_string()
    }

    #[test]
    fn credentials_never_show() {
        assert_eq!(
            shown("https://alice:s3cret@otel.example.com:4318/v1/logs"),
            "https://alice:***@otel.example.com:4318/v1/logs"
        );
        assert_eq!(shown("https://tok3n@otel.example.com/"), "https://***@otel.example.com/");
        assert_eq!(
            shown("http://h/api?query=up&token=t0k&API_KEY=k3y&X-Amz-Signature=s1g"),
            "http://h/api?query=up&token=***&API_KEY=***&X-Amz-Signature=***"
        );
        // Nothing secret: shown exactly as written (queries keep their encoding).
        assert_eq!(
            shown("http://h:3100/loki/api/v1/query_range?query=%7Ba%3D%22b%22%7D"),
            "http://h:3100/loki/api/v1/query_range?query=%7Ba%3D%22b%22%7D"
        );
        let u = RedactedUrl::parse("http://u:p%40ss@h:1/x?token=t0k").unwrap();
        let everywhere = format!("{u} {u:?} {}", serde_json::to_string(&u).unwrap());
        assert!(!everywhere.contains("p%40ss") && !everywhere.contains("t0k"), "{everywhere}");
        assert_eq!(u.for_wire().password(), Some("p%40ss"));
    }

    #[test]
    fn joined_and_sibling_urls_keep_their_credentials_hidden() {
        let base = RedactedUrl::parse("http://u:pw@g:3000/api/datasources/proxy/uid/t/").unwrap();
        let joined = base.join("/api/echo");
        assert_eq!(joined.to_string(), "http://u:***@g:3000/api/datasources/proxy/uid/t/api/echo");
        assert_eq!(joined.for_wire().password(), Some("pw"));
        let grpc = RedactedUrl::parse("https://u:pw@c.example:4318/base").unwrap().sibling("https", 4317, "/");
        assert_eq!(grpc.to_string(), "https://u:***@c.example:4317/");
        assert_eq!(grpc.origin().as_deref(), Some("https://c.example:4317"));
        assert_eq!(grpc.without_credentials().to_string(), "https://c.example:4317/");
    }

    #[test]
    fn basic_authorization_is_decoded_userinfo() {
        let u = RedactedUrl::parse("http://al%20ice:p%40ss@h/").unwrap();
        // base64("al ice:p@ss")
        assert_eq!(u.basic_authorization().unwrap().expose(), "Basic YWwgaWNlOnBAc3M=");
        assert!(RedactedUrl::parse("http://h/").unwrap().basic_authorization().is_none());
    }

    #[test]
    fn unparsable_settings_are_shown_without_credentials() {
        assert_eq!(redact_unparsed("http://u:s3cret@[bad/x"), "http://***@[bad/x");
        assert_eq!(redact_unparsed("u:s3cret@host:99999"), "***@host:99999");
        assert_eq!(redact_unparsed("not a url"), "not a url");
        let err = RedactedUrl::parse_setting("http://u:s3cret@[bad", "--tempo-url", "http://localhost:3200");
        assert!(!format!("{:#}", err.unwrap_err()).contains("s3cret"));
        for not_http in ["localhost:3200", "ftp://u:s3cret@h/", "file:///x"] {
            let err = RedactedUrl::parse_setting(not_http, "--tempo-url", "http://localhost:3200").unwrap_err();
            assert!(!format!("{err:#}").contains("s3cret"), "{err:#}");
        }
    }
}
