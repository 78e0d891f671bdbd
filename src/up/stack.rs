//! What each stack runs, where: the servers, their ports on the loopback host, their flags and
//! config files, where each is ready, and the environment that points a smoke test at them. The
//! collector keeps the ports `gen compose` publishes (4317, 4318, 8888, 13133), and so do the
//! stores it has nothing in common with; Jaeger's and Tempo's own OTLP receivers, which in the
//! compose stack sit behind the collector on another container's 4317, move to 14317 here.

use std::path::Path;

use super::configs;
use super::releases::Server;
use crate::http::RedactedUrl;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stack {
    /// The collector, Jaeger, VictoriaMetrics and VictoriaLogs
    JaegerVictoria,
    /// The collector, Tempo, Prometheus and Loki
    Lgtm,
}

impl Stack {
    pub fn servers(self) -> &'static [Server] {
        match self {
            Stack::JaegerVictoria => {
                &[Server::Jaeger, Server::VictoriaMetrics, Server::VictoriaLogs, Server::Collector]
            }
            Stack::Lgtm => &[Server::Tempo, Server::Prometheus, Server::Loki, Server::Collector],
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stack::JaegerVictoria => "jaeger-victoria",
            Stack::Lgtm => "lgtm",
        }
    }
}

pub const OTLP_GRPC: u16 = 4317;
pub const OTLP_HTTP: u16 = 4318;
pub const COLLECTOR_SELF: u16 = 8888;
pub const COLLECTOR_HEALTH: u16 = 13133;
const JAEGER_QUERY: u16 = 16686;
const JAEGER_QUERY_GRPC: u16 = 16685;
const STORE_OTLP_GRPC: u16 = 14317;
const VICTORIAMETRICS: u16 = 8428;
const VICTORIALOGS: u16 = 9428;
const PROMETHEUS: u16 = 9090;
const TEMPO: u16 = 3200;
const LOKI: u16 = 3100;

/// How one server is run.
#[derive(Debug, Clone)]
pub struct Launch {
    pub server: Server,
    pub args: Vec<String>,
    /// Config files to write first, relative to the stack's directory.
    pub files: Vec<(String, String)>,
    pub ports: Vec<u16>,
    /// Where it is (query API; the collector's OTLP/HTTP endpoint).
    pub url: RedactedUrl,
    /// What answers 200 once it is ready.
    pub ready: RedactedUrl,
}

fn at(host: &str, port: u16, path: &str) -> RedactedUrl {
    // `host` was checked to be a loopback address: this always parses.
    RedactedUrl::parse(&format!("http://{host}:{port}{path}")).expect("a loopback URL")
}

/// Where a server is: the one the user runs (`--use`), else where `up` starts it.
pub fn url_of(server: Server, host: &str, uses: &[(Server, RedactedUrl)]) -> RedactedUrl {
    if let Some((_, url)) = uses.iter().find(|(s, _)| *s == server) {
        return url.clone();
    }
    let port = match server {
        Server::Collector => OTLP_HTTP,
        Server::Jaeger => JAEGER_QUERY,
        Server::VictoriaMetrics => VICTORIAMETRICS,
        Server::VictoriaLogs => VICTORIALOGS,
        Server::Prometheus => PROMETHEUS,
        Server::Tempo => TEMPO,
        Server::Loki => LOKI,
    };
    at(host, port, "")
}

/// What answers 200 once a server is ready, below its URL; the collector's URL is its OTLP
/// receiver, where any answer means it is up.
pub fn ready_path(server: Server) -> Option<&'static str> {
    match server {
        Server::Collector => None,
        Server::Jaeger => Some("/api/services"),
        Server::VictoriaMetrics | Server::VictoriaLogs => Some("/health"),
        Server::Prometheus => Some("/-/ready"),
        Server::Tempo | Server::Loki => Some("/ready"),
    }
}

/// The OTLP/gRPC endpoint (host:port, as the collector's exporter takes it) of a trace store:
/// Jaeger's and Tempo's receivers take 4317 when the user runs them.
pub fn traces_otlp(server: Server, host: &str, uses: &[(Server, RedactedUrl)]) -> String {
    match uses.iter().find(|(s, _)| *s == server) {
        Some((_, url)) => format!("{}:{OTLP_GRPC}", url.host_str().unwrap_or(host)),
        None => format!("{host}:{STORE_OTLP_GRPC}"),
    }
}

/// The configs `up` writes, rendered from the templates `gen collector` and `gen compose` use.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub collector: String,
    /// templates/compose/tempo.yaml, as `gen compose` renders it.
    pub tempo: String,
    /// templates/compose/loki.yaml, as `gen compose` renders it.
    pub loki: String,
}

/// How `up` starts `server` on `host`, its files and data in `dir`; `uses` are the servers the
/// user runs (Tempo's metrics generator writes to the Prometheus of the stack, whichever it is).
pub fn launch(
    server: Server,
    host: &str,
    dir: &Path,
    rendered: &Rendered,
    uses: &[(Server, RedactedUrl)],
) -> anyhow::Result<Launch> {
    let data = |name: &str| dir.join("data").join(name).display().to_string();
    let url = url_of(server, host, &[]);
    let ready = url.join(ready_path(server).unwrap_or_default());
    let launch = match server {
        Server::Collector => Launch {
            server,
            args: vec!["--config=collector.yaml".into()],
            files: vec![("collector.yaml".into(), rendered.collector.clone())],
            ports: vec![OTLP_GRPC, OTLP_HTTP, COLLECTOR_SELF, COLLECTOR_HEALTH],
            ready: at(host, COLLECTOR_HEALTH, "/"),
            url,
        },
        Server::Jaeger => Launch {
            server,
            args: vec!["--config=jaeger.yaml".into()],
            files: vec![("jaeger.yaml".into(), jaeger_config(host))],
            ports: vec![JAEGER_QUERY, JAEGER_QUERY_GRPC, STORE_OTLP_GRPC],
            ready,
            url,
        },
        Server::VictoriaMetrics => Launch {
            server,
            args: vec![
                format!("-storageDataPath={}", data("victoriametrics")),
                format!("-httpListenAddr={host}:{VICTORIAMETRICS}"),
                // The names gen grafana and gen alerts query, as in the compose stack.
                "-opentelemetry.usePrometheusNaming".into(),
            ],
            files: vec![],
            ports: vec![VICTORIAMETRICS],
            ready,
            url,
        },
        Server::VictoriaLogs => Launch {
            server,
            args: vec![
                format!("-storageDataPath={}", data("victorialogs")),
                format!("-httpListenAddr={host}:{VICTORIALOGS}"),
            ],
            files: vec![],
            ports: vec![VICTORIALOGS],
            ready,
            url,
        },
        Server::Prometheus => Launch {
            server,
            args: vec![
                "--config.file=prometheus.yml".into(),
                format!("--storage.tsdb.path={}", data("prometheus")),
                format!("--web.listen-address={host}:{PROMETHEUS}"),
                "--web.enable-otlp-receiver".into(),
                "--web.enable-remote-write-receiver".into(),
            ],
            files: vec![("prometheus.yml".into(), prometheus_config(host))],
            ports: vec![PROMETHEUS],
            ready,
            url,
        },
        Server::Tempo => {
            let metrics_write = url_of(Server::Prometheus, host, uses).join("/api/v1/write").to_string();
            let data = dir.join("data").join("tempo");
            Launch {
                server,
                args: vec!["-config.file=tempo.yaml".into()],
                files: vec![(
                    "tempo.yaml".into(),
                    configs::tempo(&rendered.tempo, host, &data, STORE_OTLP_GRPC, &metrics_write)?,
                )],
                ports: vec![
                    TEMPO,
                    configs::TEMPO_GRPC,
                    STORE_OTLP_GRPC,
                    configs::TEMPO_OTLP_HTTP,
                    configs::TEMPO_MEMBERLIST,
                ],
                ready,
                url,
            }
        }
        Server::Loki => Launch {
            server,
            args: vec!["-config.file=loki.yaml".into()],
            files: vec![("loki.yaml".into(), configs::loki(&rendered.loki, host, &dir.join("data").join("loki"))?)],
            ports: vec![LOKI, configs::LOKI_GRPC],
            ready,
            url,
        },
    };
    Ok(launch)
}

/// Jaeger v2 all-in-one with memory storage, every listener on the loopback host; its own
/// metrics off (they would take the collector's 8888).
fn jaeger_config(host: &str) -> String {
    format!(
        r#"# Jaeger v2 config written by otelkit up: memory storage, loopback only.
service:
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
    # Its own traces would go to 127.0.0.1:4317, the collector, and hold up its shutdown.
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: {host}:{JAEGER_QUERY}
    grpc:
      endpoint: {host}:{JAEGER_QUERY_GRPC}
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: {host}:{STORE_OTLP_GRPC}
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
"#
    )
}

/// Prometheus scraping the collector's own metrics; what the collector sends arrives over OTLP.
fn prometheus_config(host: &str) -> String {
    format!(
        r#"# Prometheus config written by otelkit up.
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: otel-collector-self
    static_configs:
      - targets: ["{host}:{COLLECTOR_SELF}"]
"#
    )
}

/// The environment that points applications and `otelkit smoke-test` at the stack.
pub fn env(stack: Stack, host: &str, uses: &[(Server, RedactedUrl)]) -> Vec<(String, String)> {
    let url = |s: Server| url_of(s, host, uses).to_string().trim_end_matches('/').to_owned();
    let mut env = vec![
        ("OTEL_EXPORTER_OTLP_ENDPOINT".to_owned(), url(Server::Collector)),
        ("OTEL_EXPORTER_OTLP_PROTOCOL".to_owned(), "http/protobuf".to_owned()),
        ("OTELKIT_TELEMETRY_URL".to_owned(), format!("http://{host}:{COLLECTOR_SELF}/metrics")),
    ];
    let stores = match stack {
        Stack::JaegerVictoria => [
            ("OTELKIT_JAEGER_URL", Server::Jaeger),
            ("OTELKIT_VICTORIAMETRICS_URL", Server::VictoriaMetrics),
            ("OTELKIT_VICTORIALOGS_URL", Server::VictoriaLogs),
        ],
        Stack::Lgtm => [
            ("OTELKIT_TEMPO_URL", Server::Tempo),
            ("OTELKIT_PROMETHEUS_URL", Server::Prometheus),
            ("OTELKIT_LOKI_URL", Server::Loki),
        ],
    };
    env.extend(stores.into_iter().map(|(k, s)| (k.to_owned(), url(s))));
    env
}
