//! A real Prometheus 3 server (built by .ci/deps/prometheus3.sh) for tests, and stub pages for it to scrape.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{free_port, prometheus_tool};

/// A Prometheus process on a free loopback port, killed when dropped.
pub struct RealPrometheus {
    child: Child,
    pub url: String,
    _dir: tempfile::TempDir,
}

impl RealPrometheus {
    /// Start with `config` (prometheus.yml text) and optional `alerts.yaml` beside it. Panics
    /// when the binary is missing: callers are ignored tests that need it.
    pub fn start(config: &str, alerts: Option<&str>) -> Self {
        Self::start_with(config, alerts, true)
    }

    /// As `start`, choosing whether exemplar storage is on.
    pub fn start_with(config: &str, alerts: Option<&str>, exemplars: bool) -> Self {
        let flags: &[&str] = if exemplars { &["--enable-feature=exemplar-storage"] } else { &[] };
        Self::start_on(free_port(), config, alerts, flags)
    }

    /// A Prometheus taking OTLP metrics itself: exemplar storage on, the OTLP receiver on when
    /// `receiver`, names as `strategy` (its `otlp.translation_strategy`; None: the default).
    pub fn start_otlp(strategy: Option<&str>, receiver: bool) -> Self {
        let mut config = "global:\n  scrape_interval: 1h\n".to_owned();
        if let Some(strategy) = strategy {
            config.push_str(&format!("otlp:\n  translation_strategy: {strategy}\n"));
        }
        let mut flags = vec!["--enable-feature=exemplar-storage"];
        if receiver {
            flags.push("--web.enable-otlp-receiver");
        }
        Self::start_on(free_port(), &config, None, &flags)
    }

    /// On `port` (known before it starts: a collector config may name it), with extra `flags`.
    pub fn start_on(port: u16, config: &str, alerts: Option<&str>, flags: &[&str]) -> Self {
        let bin = prometheus_tool("prometheus");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("prometheus.yml"), config).unwrap();
        std::fs::write(dir.path().join("alerts.yaml"), alerts.unwrap_or("groups: []\n")).unwrap();
        let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
        let child = Command::new(bin)
            .arg(format!("--config.file={}", dir.path().join("prometheus.yml").display()))
            .arg(format!("--storage.tsdb.path={}", dir.path().join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .args(flags)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("prometheus starts");
        let me = Self { child, url: format!("http://127.0.0.1:{port}"), _dir: dir };
        me.wait_ready();
        me
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(r) = reqwest::blocking_get(&format!("{}/-/ready", self.url)) {
                if r == 200 {
                    return;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(self._dir.path().join("prometheus.log")).unwrap_or_default();
        panic!("prometheus not ready within 30 s:\n{log}");
    }

    /// Instant query; returns the whole JSON answer.
    pub fn query(&self, promql: &str) -> serde_json::Value {
        let url = format!("{}/api/v1/query?query={}", self.url, urlencode(promql));
        let body = reqwest::blocking_get_body(&url).expect("query answered");
        serde_json::from_str(&body).expect("prometheus answers JSON")
    }

    /// Poll until `promql` returns at least one sample, or give up after `limit`.
    pub fn wait_for_data(&self, promql: &str, limit: Duration) -> serde_json::Value {
        let deadline = Instant::now() + limit;
        loop {
            let answer = self.query(promql);
            let has = answer["data"]["result"].as_array().is_some_and(|r| !r.is_empty());
            if has || Instant::now() > deadline {
                return answer;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

impl Drop for RealPrometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a GET, for the answers `query` does not cover (exemplars, series).
pub fn get_body(url: &str) -> String {
    reqwest::blocking_get_body(url).expect("answered")
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Minimal blocking HTTP for tests, on a throwaway tokio runtime (reqwest's blocking feature is off).
mod reqwest {
    pub fn blocking_get(url: &str) -> Result<u16, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            ::reqwest::Client::new()
                .get(url)
                .timeout(std::time::Duration::from_secs(2))
                .send()
                .await
                .map(|r| r.status().as_u16())
                .map_err(|e| e.to_string())
        })
    }

    pub fn blocking_get_body(url: &str) -> Result<String, String> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let r = ::reqwest::Client::new()
                .get(url)
                .timeout(std::time::Duration::from_secs(5))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            r.text().await.map_err(|e| e.to_string())
        })
    }
}

/// A page served at /metrics on a loopback port, whose body a closure builds per scrape.
pub struct ScrapePage {
    pub addr: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
    _thread: std::thread::JoinHandle<()>,
}

impl ScrapePage {
    pub fn serve(content_type: &'static str, body: impl Fn(u64) -> String + Send + Sync + 'static) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let body = Arc::new(body);
        let counter = Arc::new(Mutex::new(0u64));
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new().route(
                    "/metrics",
                    axum::routing::get(move || {
                        let body = body.clone();
                        let counter = counter.clone();
                        async move {
                            let n = {
                                let mut c = counter.lock().unwrap();
                                *c += 1;
                                *c
                            };
                            ([(axum::http::header::CONTENT_TYPE, content_type)], body(n))
                        }
                    }),
                );
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = rx.await;
                    })
                    .await;
            });
        });
        Self { addr, _shutdown: tx, _thread: thread }
    }
}

pub const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
pub const PROM_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";
