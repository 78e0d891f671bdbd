//! The one HTTP client builder, authentication that never prints its secrets, and error wording.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

mod redacted_url;
pub use redacted_url::{is_secret_parameter, redact_unparsed, RedactedText, RedactedUrl};

/// A value that must never be printed: Debug and Display show `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Transport options: TLS trust, client identity, timeout.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    pub ca_file: Option<PathBuf>,
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
    /// Only by an explicit flag: verification is on otherwise.
    pub insecure_skip_verify: bool,
}

/// How requests to one backend authenticate.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    pub bearer: Option<Secret>,
    pub basic: Option<(String, Secret)>,
    /// X-Scope-OrgID for multi-tenant Tempo, Loki and Mimir.
    pub tenant: Option<String>,
    pub headers: Vec<(String, Secret)>,
}

impl Auth {
    /// Headers for a request, secrets included (for the wire only).
    pub fn header_map(&self) -> anyhow::Result<HeaderMap> {
        let mut map = HeaderMap::new();
        let mut put = |name: &str, value: &str| -> anyhow::Result<()> {
            let name =
                HeaderName::from_bytes(name.as_bytes()).with_context(|| format!("invalid header name {name:?}"))?;
            let mut value =
                HeaderValue::from_str(value).map_err(|_| anyhow::anyhow!("invalid value for header {name}"))?;
            if is_secret_header(name.as_str()) {
                value.set_sensitive(true);
            }
            map.insert(name, value);
            Ok(())
        };
        if let Some(t) = &self.tenant {
            put("X-Scope-OrgID", t)?;
        }
        if let Some(token) = &self.bearer {
            put("Authorization", &format!("Bearer {}", token.expose()))?;
        } else if let Some((user, pass)) = &self.basic {
            use base64::Engine;
            let raw = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", pass.expose()));
            put("Authorization", &format!("Basic {raw}"))?;
        }
        for (k, v) in &self.headers {
            put(k, v.expose())?;
        }
        Ok(map)
    }

    /// Headers as they may be shown to a person: secret values replaced by `***`.
    pub fn redacted_headers(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(t) = &self.tenant {
            out.push(("X-Scope-OrgID".to_owned(), t.clone()));
        }
        if self.bearer.is_some() {
            out.push(("Authorization".to_owned(), "Bearer ***".to_owned()));
        } else if let Some((user, _)) = &self.basic {
            out.push(("Authorization".to_owned(), format!("Basic *** (user {user})")));
        }
        for (k, v) in &self.headers {
            let shown = if is_secret_header(k) { "***".to_owned() } else { v.expose().to_owned() };
            // As on the wire (`header_map` inserts): a header given by name replaces the one the
            // tenant or a token made.
            out.retain(|(name, _)| !name.eq_ignore_ascii_case(k));
            out.push((k.clone(), shown));
        }
        out
    }
}

/// Header names whose values are credentials.
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "authorization",
        "token",
        "secret",
        "password",
        "api-key",
        "apikey",
        "api_key",
        "cookie",
        "credential",
        "x-api-key",
    ]
    .iter()
    .any(|needle| n.contains(needle))
}

/// Build the client every command uses. rustls with the system's roots plus `ca_file`.
pub fn client(tls: &TlsOptions, timeout: Duration) -> anyhow::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("otelkit/", env!("CARGO_PKG_VERSION")))
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .use_rustls_tls();
    if let Some(ca) = &tls.ca_file {
        let pem = std::fs::read(ca).with_context(|| format!("cannot read CA file {}", ca.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .with_context(|| format!("{}: not a PEM certificate bundle", ca.display()))?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    match (&tls.client_cert, &tls.client_key) {
        (Some(cert), Some(key)) => {
            let mut pem =
                std::fs::read(cert).with_context(|| format!("cannot read client certificate {}", cert.display()))?;
            pem.extend(std::fs::read(key).with_context(|| format!("cannot read client key {}", key.display()))?);
            let id = reqwest::Identity::from_pem(&pem)
                .with_context(|| format!("{} / {}: not a PEM certificate and key", cert.display(), key.display()))?;
            builder = builder.identity(id);
        }
        (None, None) => {}
        _ => anyhow::bail!("a client certificate needs both the certificate and the key"),
    }
    if tls.insecure_skip_verify {
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build().context("cannot build the HTTP client")
}

/// Why a request got no answer, and whether that is because the server could not be reached at
/// all (refused, unresolvable, TLS handshake failed, connect timed out): a wait for data is then
/// pointless past a short grace, where a slow answer is worth the whole timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoAnswer {
    pub why: String,
    pub unreachable: bool,
}

impl NoAnswer {
    /// A failure that says nothing about reaching the server (a body too large, a broken header).
    pub fn other(why: impl Into<String>) -> Self {
        Self { why: why.into(), unreachable: false }
    }

    /// The same failure, said of `who` ("loki: connection refused ...").
    pub fn named(self, who: &str) -> Self {
        Self { why: format!("{who}: {}", self.why), ..self }
    }
}

impl From<reqwest::Error> for NoAnswer {
    fn from(err: reqwest::Error) -> Self {
        // reqwest counts refused, DNS, the TLS handshake and the connect timeout as connect
        // errors; a read timeout of an answered connection is not one.
        let unreachable = err.is_connect();
        Self { why: describe_error(err), unreachable }
    }
}

impl std::fmt::Display for NoAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

/// One line saying why a request failed, in words a person acts on. Never the URL: reqwest's
/// errors carry the one they were sent to (a secret query parameter and all), and every caller
/// names the URL already, redacted.
pub fn describe_error(err: reqwest::Error) -> String {
    let https = err.url().is_some_and(|u| u.scheme() == "https");
    let err = err.without_url();
    let chain = error_chain(&err);
    let lower = chain.to_ascii_lowercase();
    if err.is_timeout() && err.is_connect() {
        "connect timed out (is the host reachable? a firewall dropping the port?)".to_owned()
    } else if err.is_timeout() {
        "timed out".to_owned()
    } else if lower.contains("connection refused") {
        "connection refused (is it running, and on this port?)".to_owned()
    } else if lower.contains("dns error") || lower.contains("failed to lookup") {
        format!("cannot resolve host: {}", last_cause(&err))
    } else if lower.contains("certificate")
        || lower.contains("tls")
        || lower.contains("handshake")
        || (https && err.is_connect())
    {
        // rustls words some failures without saying TLS ("received corrupt message"): an https
        // connection that failed past the TCP connect (and the name lookup) is a TLS problem.
        format!("TLS error: {} (is it serving https? a CA missing? see --ca-file)", last_cause(&err))
    } else if err.is_decode() {
        format!("unreadable response body: {}", last_cause(&err))
    } else {
        last_cause(&err)
    }
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

fn last_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut last = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        last = s.to_string();
        source = s.source();
    }
    last.replace('\n', " ")
}

/// One HTTP exchange for `-vv`: method, URL (as [`RedactedUrl`] shows it; headers never logged),
/// the answer's status or why there was none, and how long it took.
pub fn log_exchange(method: &str, url: &RedactedUrl, answer: Result<u16, &str>, took: std::time::Duration) {
    // Every request passes here: without -vv, do not render the URL for a line nobody sees.
    if !tracing::enabled!(target: "otelkit::http", tracing::Level::TRACE) {
        return;
    }
    let ms = took.as_millis();
    match answer {
        Ok(status) => tracing::trace!(target: "otelkit::http", "{method} {url} -> {status} ({ms} ms)"),
        Err(why) => tracing::trace!(target: "otelkit::http", "{method} {url} -> no answer: {why} ({ms} ms)"),
    }
}

/// An equivalent curl command for people to rerun by hand, credentials shown as `***` (in the
/// URL and in the headers): they fill in their own.
pub fn curl_command(url: &RedactedUrl, auth: &Auth, insecure: bool) -> String {
    let mut cmd = String::from("curl -sS");
    if insecure {
        cmd.push_str(" -k");
    }
    for (k, v) in auth.redacted_headers() {
        cmd.push_str(&format!(" -H '{k}: {v}'"));
    }
    cmd.push_str(&format!(" '{}'", url.to_string().replace('\'', "'\\''")));
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show() {
        let auth = Auth {
            bearer: Some(Secret::new("s3cr3t")),
            tenant: Some("team-a".into()),
            headers: vec![("X-Api-Key".into(), Secret::new("k3y")), ("X-Team".into(), Secret::new("blue"))],
            ..Default::default()
        };
        let url = RedactedUrl::parse("http://u:pw0rd@h/x?api_key=k3y2").unwrap();
        let shown = format!("{:?} {}", auth, curl_command(&url, &auth, false));
        assert!(!shown.contains("pw0rd") && !shown.contains("k3y2"), "{shown}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("k3y"), "{shown}");
        assert!(shown.contains("blue") && shown.contains("team-a"), "{shown}");
        let map = auth.header_map().unwrap();
        assert_eq!(map["authorization"], "Bearer s3cr3t");
        assert!(map["authorization"].is_sensitive());
    }

    #[test]
    fn a_header_given_by_name_replaces_the_tokens_on_the_wire_and_when_shown() {
        let auth = Auth {
            bearer: Some(Secret::new("from-token")),
            headers: vec![("authorization".into(), Secret::new("Bearer from-flag"))],
            ..Default::default()
        };
        assert_eq!(auth.header_map().unwrap()["authorization"], "Bearer from-flag");
        assert_eq!(auth.redacted_headers(), vec![("authorization".to_owned(), "***".to_owned())]);
    }

    #[tokio::test]
    async fn a_refused_connection_is_unreachable_and_a_silent_server_is_not() {
        let client = client(&TlsOptions::default(), Duration::from_millis(300)).unwrap();
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", closed.local_addr().unwrap());
        drop(closed);
        let refused = NoAnswer::from(client.get(&url).send().await.unwrap_err());
        assert!(refused.unreachable && refused.why.contains("connection refused"), "{refused:?}");

        // Accepts the connection and never answers: slow, not unreachable.
        let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", silent.local_addr().unwrap());
        let timed_out = NoAnswer::from(client.get(&url).send().await.unwrap_err());
        assert!(!timed_out.unreachable && timed_out.why == "timed out", "{timed_out:?}");

        // A name that does not resolve is that, over https too (not a TLS error).
        let unknown = NoAnswer::from(client.get("https://otelkit-test.invalid/").send().await.unwrap_err());
        assert!(unknown.unreachable && unknown.why.starts_with("cannot resolve host"), "{unknown:?}");
    }

    #[test]
    fn missing_ca_file_is_an_error() {
        let tls = TlsOptions { ca_file: Some("/nonexistent/ca.pem".into()), ..Default::default() };
        let err = client(&tls, Duration::from_secs(1)).unwrap_err();
        assert!(format!("{err:#}").contains("cannot read CA file"), "{err:#}");
    }
}
