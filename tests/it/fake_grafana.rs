//! A stand-in for Grafana's data source proxy (Grafana is AGPL and not available here), with the
//! behaviour of `pkg/api/pluginproxy/ds_proxy.go` that otelkit meets:
//! `/api/datasources/proxy/uid/{uid}/{path}` forwards to the data source's URL + path with the
//! query string and body; one service-account token (`Authorization: Bearer`) is required, else 401;
//! the data source's own credentials replace the caller's `Authorization` toward the backend;
//! a backend's 401 becomes 400 "Authentication to data source failed" (plain text, as Grafana
//! writes it); on a Prometheus data source, POST, PUT and DELETE are refused with 403
//! "non allow-listed POSTs not allowed on proxied Prometheus datasource".

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;

/// One data source: where it points, its type, and the credentials Grafana adds toward it.
#[derive(Debug, Clone)]
pub struct DataSource {
    pub uid: String,
    pub url: String,
    /// `prometheus` data sources refuse writes through the proxy.
    pub prometheus: bool,
    /// Basic auth Grafana sends to the backend (the data source's stored credentials).
    pub basic_auth: Option<(String, String)>,
}

/// A proxied request: method, data source UID, path and query, Authorization sent upstream.
#[derive(Debug, Clone)]
struct Proxied {
    method: String,
    uid: String,
    path: String,
    upstream_auth: Option<String>,
}

#[derive(Clone)]
struct Proxy {
    token: String,
    sources: Arc<HashMap<String, DataSource>>,
    client: reqwest::Client,
    seen: Arc<Mutex<Vec<Proxied>>>,
}

pub struct FakeGrafana {
    pub url: String,
    seen: Arc<Mutex<Vec<Proxied>>>,
    _runtime: tokio::runtime::Runtime,
}

impl FakeGrafana {
    pub fn start(token: &str, sources: Vec<DataSource>) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let proxy = Proxy {
            token: token.to_owned(),
            sources: Arc::new(sources.into_iter().map(|s| (s.uid.clone(), s)).collect()),
            client: reqwest::Client::new(),
            seen: seen.clone(),
        };
        let url = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let url = format!("http://{}", listener.local_addr().unwrap());
            let app = Router::new()
                .route("/api/datasources/proxy/uid/{uid}/{*path}", any(forward))
                .route("/api/health", any(|| async { r#"{"database":"ok","version":"13.0.0"}"# }))
                .with_state(proxy);
            tokio::spawn(async move {
                let _ = axum::serve(listener, app).await;
            });
            url
        });
        Self { url, seen, _runtime: runtime }
    }

    /// (method, uid, path and query) of every request that reached a data source.
    pub fn proxied(&self) -> Vec<(String, String, String)> {
        self.seen.lock().unwrap().iter().map(|p| (p.method.clone(), p.uid.clone(), p.path.clone())).collect()
    }

    /// The Authorization headers Grafana sent to the backends.
    pub fn upstream_authorizations(&self) -> Vec<Option<String>> {
        self.seen.lock().unwrap().iter().map(|p| p.upstream_auth.clone()).collect()
    }
}

fn json_error(status: StatusCode, message: &str) -> Response {
    (status, [("content-type", "application/json")], serde_json::json!({ "message": message }).to_string())
        .into_response()
}

async fn forward(
    State(proxy): State<Proxy>,
    Path((uid, path)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let bearer = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if bearer != Some(proxy.token.as_str()) {
        return json_error(StatusCode::UNAUTHORIZED, "Invalid API key");
    }
    let Some(source) = proxy.sources.get(&uid) else {
        return json_error(StatusCode::NOT_FOUND, "Unable to find datasource");
    };
    if source.prometheus && method != Method::GET {
        let verb = format!("{}s", method.as_str());
        return json_error(
            StatusCode::FORBIDDEN,
            &format!("non allow-listed {verb} not allowed on proxied Prometheus datasource"),
        );
    }
    let path_and_query = match &query {
        Some(q) => format!("/{path}?{q}"),
        None => format!("/{path}"),
    };
    let mut request =
        proxy.client.request(method.clone(), format!("{}{path_and_query}", source.url.trim_end_matches('/')));
    for (name, value) in &headers {
        // Hop-by-hop and caller credentials stay at Grafana; the tenant header and others pass.
        if !matches!(name.as_str(), "authorization" | "host" | "content-length" | "connection") {
            request = request.header(name, value);
        }
    }
    let mut upstream_auth = None;
    if let Some((user, pass)) = &source.basic_auth {
        request = request.basic_auth(user, Some(pass));
        upstream_auth = Some(format!("Basic {user}:***"));
    }
    if let Some(ds_auth) = headers.get("x-ds-authorization").and_then(|v| v.to_str().ok()) {
        request = request.header("authorization", ds_auth);
        upstream_auth = Some(ds_auth.to_owned());
    }
    proxy.seen.lock().unwrap().push(Proxied {
        method: method.to_string(),
        uid: uid.clone(),
        path: path_and_query,
        upstream_auth,
    });
    let answer = match request.body(body).send().await {
        Ok(a) => a,
        Err(e) => return json_error(StatusCode::BAD_GATEWAY, &format!("Bad Gateway: {e}")),
    };
    let status = answer.status().as_u16();
    if status == 401 {
        return (StatusCode::BAD_REQUEST, "Authentication to data source failed").into_response();
    }
    let content_type = answer.headers().get("content-type").cloned();
    let bytes = answer.bytes().await.unwrap_or_default();
    let mut response = (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY), bytes).into_response();
    if let Some(ct) = content_type {
        response.headers_mut().insert("content-type", ct);
    }
    response
}
