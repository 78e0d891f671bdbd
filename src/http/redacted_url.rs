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
    /// https:// URL with a host. Anything else is a usage error that shows the value only as
    /// [`RedactedText`]: a value that is no http URL (`u:pw@host:3200` parses with scheme `u`
    /// and the password in its path) has no structure to trust.
    pub fn parse_setting(text: &str, what: &str, example: &str) -> anyhow::Result<Self> {
        let shown = || RedactedText::new(text.trim());
        match Self::parse(text.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()) => Ok(u),
            Ok(_) => {
                Err(hinted(format!("{what} {} is not an http:// or https:// URL", shown()), format!("e.g. {example}")))
            }
            Err(_) => Err(hinted(format!("{what} {:?} is not a URL", shown()), format!("e.g. {example}"))),
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
    /// first): a backend's base and an API path, an OTLP base and `/v1/traces`. A query of the
    /// base (`?token=...` a proxy wants on every request) stays, the API's own parameters after it.
    pub fn join(&self, path_and_query: &str) -> Self {
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query, None),
        };
        let mut u = self.0.clone();
        u.set_path(&format!("{}{path}", self.0.path().trim_end_matches('/')));
        let query = match (self.0.query().filter(|q| !q.is_empty()), query.filter(|q| !q.is_empty())) {
            (Some(base), Some(api)) => Some(format!("{base}&{api}")),
            (base, api) => base.or(api).map(str::to_owned),
        };
        u.set_query(query.as_deref());
        u.set_fragment(None);
        Self(u)
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
/// `://` (or the start) and the last `@` (where a password would be) replaced by `***`, and the
/// values of credential-like query parameters too.
pub fn redact_unparsed(text: &str) -> String {
    RedactedText::new(text).0
}

/// Text that may hold a URL nobody could parse, kept only redacted (see [`redact_unparsed`]):
/// an error built from it cannot show what it cut out. Debug quotes it, escapes and all.
#[derive(Clone, PartialEq, Eq)]
pub struct RedactedText(String);

impl RedactedText {
    pub fn new(text: &str) -> Self {
        let (scheme, rest) = match text.split_once("://") {
            Some((scheme, rest)) => (format!("{scheme}://"), rest),
            None => (String::new(), text),
        };
        // The last `@` anywhere, not only in what parses as the authority: a password may hold
        // a `/`, `?` or `#`, and hiding too much of a broken value is the safe mistake.
        let rest = match rest.rfind('@') {
            Some(at) => format!("***{}", &rest[at..]),
            None => rest.to_owned(),
        };
        let shown = match rest.split_once('?') {
            Some((before, query)) => {
                let pairs: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((k, _)) if is_secret_parameter(k) => format!("{k}=***"),
                        _ => pair.to_owned(),
                    })
                    .collect();
                format!("{scheme}{before}?{}", pairs.join("&"))
            }
            None => format!("{scheme}{rest}"),
        };
        Self(shown)
    }
}

impl fmt::Display for RedactedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RedactedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
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
        let joined = |base: &str, api: &str| RedactedUrl::parse(base).unwrap().join(api).for_wire().to_string();
        assert_eq!(joined("http://h:9090", "/-/ready"), "http://h:9090/-/ready");
        assert_eq!(joined("http://h:9090/prom/", "/api/v1/query?query=up"), "http://h:9090/prom/api/v1/query?query=up");
        assert_eq!(joined("http://h/prom?token=t0k", "/-/ready"), "http://h/prom/-/ready?token=t0k");
        assert_eq!(
            joined("http://h/?org=1&token=t0k#top", "/api/v1/query?query=%7Ba%3D%22b%22%7D"),
            "http://h/api/v1/query?org=1&token=t0k&query=%7Ba%3D%22b%22%7D"
        );
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
        assert_eq!(redact_unparsed("http://u:pa/ss@h:1 x"), "http://***@h:1 x");
        assert_eq!(redact_unparsed("h x/p?a=1&token=t0k&sig"), "h x/p?a=1&token=***&sig");
        assert_eq!(format!("{:?}", RedactedText::new("u:pw@h\nx")), "\"***@h\\nx\"");
        let err = RedactedUrl::parse_setting("http://u:s3cret@[bad", "--tempo-url", "http://localhost:3200");
        assert!(!format!("{:#}", err.unwrap_err()).contains("s3cret"));
        for not_http in
            ["localhost:3200", "ftp://u:s3cret@h/", "file:///x", "u:s3cret@tempo:3200", "http://u:s3cret@h x/"]
        {
            let err = RedactedUrl::parse_setting(not_http, "--tempo-url", "http://localhost:3200").unwrap_err();
            assert!(!format!("{err:#}").contains("s3cret"), "{err:#}");
        }
    }
}
