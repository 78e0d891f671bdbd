//! A real Jaeger v2 (cmd/jaeger, memory storage) that .ci/deps/jaeger.sh builds, for tests: its
//! OTLP receiver and its query API on free loopback ports.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::collector_support::{http, repo};
use crate::support::free_port;

/// The release .ci/deps/jaeger.sh builds.
pub const VERSION: &str = "1.76.0";

/// The built Jaeger. The tests that call this are `#[ignore = "needs Jaeger ..."]`; once asked
/// for (`-- --include-ignored`) a missing binary fails them.
pub fn jaeger_bin() -> PathBuf {
    let bin = repo().join(format!("target/test-deps/jaeger-{VERSION}/jaeger"));
    assert!(
        bin.is_file(),
        "{} is missing: run .ci/install-test-deps (its .ci/deps/jaeger.sh builds it)",
        bin.display()
    );
    bin
}

/// The smallest config that stores traces and answers queries. Metrics level none: otherwise
/// every instance serves its own metrics on 8888 and parallel tests fight over it.
fn config(query: u16, query_grpc: u16, otlp_grpc: u16, otlp_http: u16) -> String {
    format!(
        r#"service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:{query}
    grpc:
      endpoint: 127.0.0.1:{query_grpc}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:{otlp_grpc}
      http:
        endpoint: 127.0.0.1:{otlp_http}
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
"#
    )
}

/// A Jaeger process, killed when dropped.
pub struct RealJaeger {
    child: Child,
    dir: tempfile::TempDir,
    pub query_port: u16,
    pub otlp_grpc_port: u16,
    pub otlp_http_port: u16,
}

impl RealJaeger {
    /// Start and wait until the query API answers; panics with Jaeger's log when it does not.
    pub fn start() -> Self {
        Self::start_with_otlp_grpc(free_port())
    }

    /// As `start`, its OTLP/gRPC receiver on `otlp_grpc_port`: a backend that comes up where a
    /// collector has been exporting to a dead port.
    pub fn start_with_otlp_grpc(otlp_grpc_port: u16) -> Self {
        Self::start_at(free_port(), otlp_grpc_port)
    }

    /// As `start`, its query API on `query_port` and its OTLP/gRPC receiver on `otlp_grpc_port`:
    /// a backend that is down when `otelkit load` is told where to count, and comes up later.
    pub fn start_at(query_port: u16, otlp_grpc_port: u16) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (query_grpc, otlp_http_port) = (free_port(), free_port());
        let path = dir.path().join("jaeger.yaml");
        std::fs::write(&path, config(query_port, query_grpc, otlp_grpc_port, otlp_http_port)).unwrap();
        let log = std::fs::File::create(dir.path().join("jaeger.log")).unwrap();
        let child = Command::new(jaeger_bin())
            .arg(format!("--config={}", path.display()))
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("jaeger starts");
        let mut me = Self { child, dir, query_port, otlp_grpc_port, otlp_http_port };
        me.wait_ready();
        me
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.query_port)
    }

    pub fn otlp_http(&self) -> String {
        format!("http://127.0.0.1:{}", self.otlp_http_port)
    }

    pub fn otlp_grpc(&self) -> String {
        format!("http://127.0.0.1:{}", self.otlp_grpc_port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("jaeger.log")).unwrap_or_default()
    }

    /// GET on the query API: (status, body).
    pub fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = http(self.query_port, "GET", path, &[], b"");
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Ready: the query API answers and both OTLP ports take connections (the receiver starts
    /// after the extensions, so the query API alone does not say it).
    fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let listening = |port: u16| std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("jaeger exited ({status}):\n{}", self.log());
            }
            if listening(self.query_port)
                && listening(self.otlp_grpc_port)
                && listening(self.otlp_http_port)
                && self.get("/api/services").0 == 200
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("jaeger not ready within 60 s:\n{}", self.log());
    }
}

impl Drop for RealJaeger {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
