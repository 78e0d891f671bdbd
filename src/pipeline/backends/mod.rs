//! Querying Tempo, Loki, Prometheus and VictoriaMetrics (directly or through Grafana's datasource
//! proxy), and parsing their answers as the recorded real responses in tests/fixtures/recorded show them.

use serde_json::Value;

pub mod collector;
pub mod grafana;
pub mod jaeger;
pub mod loki;
pub mod prometheus;
pub mod tempo;
pub mod victorialogs;
pub mod victoriametrics;

use crate::http::{self, Auth, NoAnswer, RedactedUrl};

/// Bodies above this are refused: a backend is not supposed to answer a smoke query with more.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// One backend's query API.
#[derive(Debug, Clone)]
pub struct Backend {
    pub name: &'static str,
    /// Base URL, a Grafana datasource proxy path included when going through Grafana.
    pub base: RedactedUrl,
    pub auth: Auth,
    pub client: reqwest::Client,
    pub insecure: bool,
    /// The Grafana data source this backend is reached through, if it is.
    pub grafana_uid: Option<String>,
}

/// An HTTP answer, or why there is none.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub body: String,
}

impl Backend {
    pub fn url(&self, path_and_query: &str) -> RedactedUrl {
        self.base.join(path_and_query)
    }

    pub fn curl(&self, path_and_query: &str) -> String {
        http::curl_command(&self.url(path_and_query), &self.auth, self.insecure)
    }

    /// Grafana's own refusal in front of this backend, in words with the fix; None when the
    /// answer is the backend's (or there is no Grafana in between).
    pub fn grafana_refusal(&self, status: u16, body: &str) -> Option<String> {
        grafana::refusal(self.grafana_uid.as_deref()?, self.name, status, body)
    }

    pub async fn get(&self, path_and_query: &str) -> Result<Fetched, NoAnswer> {
        self.send(reqwest::Method::GET, path_and_query, None).await
    }

    /// POSTs an OTLP protobuf body: doctor asks whether an ingest path is served with an empty one.
    pub async fn post_protobuf(&self, path: &str, body: Vec<u8>) -> Result<Fetched, NoAnswer> {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Fetched, NoAnswer> {
        let url = self.url(path_and_query);
        let headers = self.auth.header_map().map_err(|e| NoAnswer::other(format!("{e:#}")))?;
        let started = std::time::Instant::now();
        let mut request = self.client.request(method.clone(), url.for_wire().clone()).headers(headers);
        if let Some(body) = body {
            request = request.header("Content-Type", "application/x-protobuf").body(body);
        }
        let sent = request.send().await.map_err(NoAnswer::from);
        http::log_exchange(
            method.as_str(),
            &url,
            sent.as_ref().map(|r| r.status().as_u16()).map_err(|e| e.why.as_str()),
            started.elapsed(),
        );
        let mut response = sent?;
        let status = response.status().as_u16();
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    body.extend_from_slice(&chunk);
                    if body.len() > MAX_BODY {
                        return Err(NoAnswer::other(format!("response larger than {} MiB", MAX_BODY / 1024 / 1024)));
                    }
                }
                Ok(None) => break,
                Err(e) => return Err(NoAnswer::other(http::describe_error(e))),
            }
        }
        Ok(Fetched { status, body: String::from_utf8_lossy(&body).into_owned() })
    }
}

pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

pub(crate) fn parse_json(body: &str, backend: &str) -> Result<Value, String> {
    serde_json::from_str(body).map_err(|e| format!("{backend} answered malformed JSON ({e})"))
}
