//! The canary's HTTP endpoints: /metrics, /healthz and /ready. They answer from the shared state
//! only (counters and a flag), never from a run's details, so nothing secret can leak through them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{ACCEPT, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::metrics::Metrics;

/// What the runs write and the endpoints read.
#[derive(Default)]
pub struct Shared {
    pub metrics: Metrics,
    /// Runs finished so far; /ready answers 200 once it is not zero.
    pub finished: AtomicU64,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/ready", get(ready))
        .with_state(shared)
}

async fn metrics(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let accept = headers.get(ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let (content_type, body) = shared.metrics.encode(accept);
    ([(CONTENT_TYPE, content_type)], body).into_response()
}

async fn ready(State(shared): State<Arc<Shared>>) -> Response {
    if shared.finished.load(Ordering::Relaxed) > 0 {
        (StatusCode::OK, "ready: a run finished\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "not ready: no run finished yet\n").into_response()
    }
}
