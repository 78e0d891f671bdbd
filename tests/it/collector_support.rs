//! The real OpenTelemetry Collector that .ci/deps/otelcol.sh builds from tests/otelcol/: where it
//! is, `validate`, brief start-ups, and a little HTTP to talk to it.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::free_port;

/// Ports the corpus and the generated configs listen on; each run gets free ones instead.
pub const LISTEN_PORTS: &[u16] = &[4317, 4318, 8888, 8889, 13133, 1777, 55679];

/// The line the collector logs once every component has started.
const READY: &str = "Everything is ready";

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The collector release the tests build and generate for (tests/otelcol/RELEASE), e.g. 0.161.0.
pub fn release() -> String {
    std::fs::read_to_string(repo().join("tests/otelcol/RELEASE")).expect("tests/otelcol/RELEASE").trim().to_owned()
}

/// The build of the collector's component list (tests/otelcol/BUILD), bumped when it changes so
/// that a binary built before is not taken for this one.
fn build() -> String {
    std::fs::read_to_string(repo().join("tests/otelcol/BUILD")).expect("tests/otelcol/BUILD").trim().to_owned()
}

/// The built collector. The tests that call this are `#[ignore = "needs the OpenTelemetry
/// Collector ..."]`; once asked for (`-- --include-ignored`) a missing binary fails them.
pub fn collector_bin() -> PathBuf {
    let bin = repo().join(format!("target/test-deps/otelcol-{}-{}/otelcol", release(), build()));
    assert!(
        bin.is_file(),
        "{} is missing: run .ci/install-test-deps (its .ci/deps/otelcol.sh builds the collector)",
        bin.display()
    );
    bin
}

/// `text` with every well-known listener port (LISTEN_PORTS, as whole numbers) replaced by a free
/// loopback port, the same number always by the same port; returns the text and the mapping.
pub fn with_free_ports(text: &str) -> (String, Vec<(u16, u16)>) {
    let mapping: Vec<(u16, u16)> = LISTEN_PORTS.iter().map(|&p| (p, free_port())).collect();
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            let end = (i..bytes.len()).find(|&j| !bytes[j].is_ascii_digit()).unwrap_or(bytes.len());
            let number = &text[i..end];
            match mapping.iter().find(|(from, _)| from.to_string() == number) {
                Some((_, to)) => out += &to.to_string(),
                None => out += number,
            }
            i = end;
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    (own_metrics_on_a_free_port(&out), mapping)
}

/// A config that does not configure the collector's own metrics still binds localhost:8888;
/// two such collectors in parallel tests would collide there. Give it a free port instead (the
/// same thing written out, so the collector runs as it would).
fn own_metrics_on_a_free_port(text: &str) -> String {
    if text.contains("telemetry:") {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(at) = lines.iter().position(|l| l.trim_end() == "service:") else { return text.to_owned() };
    let indent: String = lines[at + 1..]
        .iter()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.chars().take_while(|c| *c == ' ').collect())
        .unwrap_or_else(|| "  ".into());
    let port = free_port();
    let block = [
        "telemetry:",
        "  metrics:",
        "    readers:",
        "      - pull:",
        "          exporter:",
        "            prometheus:",
        "              host: 127.0.0.1",
        &format!("              port: {port}"),
    ]
    .iter()
    .map(|l| format!("{indent}{l}"))
    .collect::<Vec<_>>();
    let mut out: Vec<String> = lines[..=at].iter().map(|l| l.to_string()).collect();
    out.extend(block);
    out.extend(lines[at + 1..].iter().map(|l| l.to_string()));
    out.join("\n") + "\n"
}

/// The port that replaced `well_known` in a `with_free_ports` mapping.
pub fn mapped(mapping: &[(u16, u16)], well_known: u16) -> u16 {
    mapping.iter().find(|(from, _)| *from == well_known).map(|(_, to)| *to).expect("a mapped port")
}

/// `otelcol validate --config FILE` with `env` set.
pub fn validate(config: &str, env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.yaml");
    std::fs::write(&path, config).unwrap();
    Command::new(collector_bin())
        .arg("validate")
        .arg(format!("--config={}", path.display()))
        .envs(env.iter().copied())
        .output()
        .expect("the collector runs")
}

/// Both streams of a finished command.
pub fn all_output(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// The lines of collector output that warn or mention a deprecation.
pub fn warnings(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("warn") || l.contains("deprecat")
        })
        .map(str::to_owned)
        .collect()
}

/// A collector process on a temporary config, killed when dropped.
pub struct RunningCollector {
    child: Child,
    dir: tempfile::TempDir,
}

/// How a start-up went.
#[derive(Debug)]
pub enum StartUp {
    /// Logged "Everything is ready" and was still running `settle` later.
    Ran { log: String },
    /// Exited (or never became ready) instead.
    Failed { log: String },
}

impl StartUp {
    pub fn log(&self) -> &str {
        match self {
            StartUp::Ran { log } | StartUp::Failed { log } => log,
        }
    }
}

impl RunningCollector {
    /// Start on `config` (ports as given: use `with_free_ports` first). Does not wait.
    pub fn spawn(config: &str, env: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.yaml");
        std::fs::write(&path, config).unwrap();
        let log = std::fs::File::create(dir.path().join("collector.log")).unwrap();
        let child = Command::new(collector_bin())
            .arg(format!("--config={}", path.display()))
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("the collector starts");
        Self { child, dir }
    }

    /// Everything it has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("collector.log")).unwrap_or_default()
    }

    /// Wait until it is ready and still running `settle` later, or it exits, or 30 s pass.
    pub fn wait_ready(&mut self, settle: Duration) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut ready_at: Option<Instant> = None;
        while Instant::now() < deadline {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            match ready_at {
                None if self.log().contains(READY) => ready_at = Some(Instant::now()),
                Some(at) if at.elapsed() >= settle => return true,
                _ => {}
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for RunningCollector {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Start the collector on `config` (its ports replaced by free ones), let it run ~2 s once
/// ready, then stop it.
pub fn start_briefly(config: &str, env: &[(&str, &str)]) -> StartUp {
    let (config, _) = with_free_ports(config);
    let mut running = RunningCollector::spawn(&config, env);
    let ran = running.wait_ready(Duration::from_secs(2));
    let log = running.log();
    drop(running);
    if ran {
        StartUp::Ran { log }
    } else {
        StartUp::Failed { log }
    }
}

/// One plain HTTP/1.1 request to 127.0.0.1:`port`: (status, content type, body).
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        request += &format!("{k}: {v}\r\n");
    }
    request += "\r\n";
    stream.write_all(request.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim()))
            .map(str::to_owned)
    };
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    (status, header("content-type").unwrap_or_default(), body)
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).split(';').next().unwrap().trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
    out
}

/// The value of the first sample of `metric` on a Prometheus text page whose line contains all
/// of `labels` (e.g. `exporter="otlp_grpc/loop"`), if any.
pub fn sample(page: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    page.lines()
        .filter(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with(metric) && l[metric.len()..].starts_with(['{', ' ']))
        .find(|l| labels.iter().all(|want| l.contains(want)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

/// One OTLP/JSON trace with one span, for POST /v1/traces.
pub fn one_span_json(trace_id: &str, service: &str) -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!(
        r#"{{"resourceSpans":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{service}"}}}}]}},"scopeSpans":[{{"scope":{{"name":"otelkit-test"}},"spans":[{{"traceId":"{trace_id}","spanId":"0102030405060708","name":"probe","kind":1,"startTimeUnixNano":"{}","endTimeUnixNano":"{now}"}}]}}]}}]}}"#,
        now - 1_000_000
    )
}

/// The real collector where a user's would be: the config `otelkit gen collector` writes, with
/// only the backend addresses chosen (traces exporter -> the fake pipeline's OTLP/gRPC receiver
/// standing in for Tempo's ingest, logs exporter -> the fake's `/otlp` path standing in for
/// Loki's OTLP endpoint) and every listener on a free port. The fake's Tempo and Loki query APIs
/// serve what the collector forwarded; a real Prometheus scrapes its `prometheus` exporter.
pub struct CollectorPipeline {
    pub fake: crate::fake_pipeline::FakePipeline,
    pub collector: RunningCollector,
    /// The config the collector runs (free ports in place).
    pub config: String,
    ports: Vec<(u16, u16)>,
}

/// The namespace the generated config's `prometheus` exporter puts on every metric.
pub const NAMESPACE: &str = "agentstack";

impl CollectorPipeline {
    /// `otelkit gen collector` for backends at the fake pipeline's addresses.
    pub fn generated_config(fake: &crate::fake_pipeline::FakePipeline) -> String {
        Self::generated_config_with(fake, &[])
    }

    /// As `generated_config`, with more `gen collector` flags (`--metrics remote-write`, ...).
    pub fn generated_config_with(fake: &crate::fake_pipeline::FakePipeline, extra: &[&str]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let tempo = fake.grpc.trim_start_matches("http://");
        let out = crate::support::otelkit(dir.path())
            .args(["gen", "collector", "--metric-namespace", NAMESPACE, "--tempo-endpoint", tempo])
            .args(["--loki-endpoint", &fake.http])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "gen collector: {}", crate::support::stderr_of(&out));
        crate::support::stdout_of(&out)
    }

    /// The generated config run as is.
    pub fn start() -> Self {
        let fake = crate::fake_pipeline::FakePipeline::start(None, Default::default());
        let generated = Self::generated_config(&fake);
        Self::run(fake, &generated, Duration::from_millis(200))
    }

    /// The generated config with `plant` applied to it (a fault), then run. The collector has
    /// been ready for `settle` when this returns.
    pub fn start_planted(plant: impl FnOnce(&mut serde_yaml_ng::Value), settle: Duration) -> Self {
        let fake = crate::fake_pipeline::FakePipeline::start(None, Default::default());
        let mut yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&Self::generated_config(&fake)).unwrap();
        plant(&mut yaml);
        Self::run(fake, &serde_yaml_ng::to_string(&yaml).unwrap(), settle)
    }

    /// The config `gen collector` writes with `extra` flags, run as is.
    pub fn start_generated(extra: &[&str]) -> Self {
        let fake = crate::fake_pipeline::FakePipeline::start(None, Default::default());
        let generated = Self::generated_config_with(&fake, extra);
        Self::run(fake, &generated, Duration::from_millis(200))
    }

    fn run(fake: crate::fake_pipeline::FakePipeline, text: &str, settle: Duration) -> Self {
        let (config, ports) = with_free_ports(text);
        let mut collector = RunningCollector::spawn(&config, &[]);
        assert!(collector.wait_ready(settle), "the collector does not run:\n{}\n{config}", collector.log());
        Self { fake, collector, config, ports }
    }

    pub fn port(&self, well_known: u16) -> u16 {
        mapped(&self.ports, well_known)
    }

    pub fn otlp_http(&self) -> String {
        format!("http://127.0.0.1:{}", self.port(4318))
    }

    pub fn otlp_grpc(&self) -> String {
        format!("http://127.0.0.1:{}", self.port(4317))
    }

    pub fn health_url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port(13133))
    }

    pub fn telemetry_url(&self) -> String {
        format!("http://127.0.0.1:{}/metrics", self.port(8888))
    }

    /// The collector's own metrics page now.
    pub fn self_metrics(&self) -> String {
        let (_, _, page) = http(self.port(8888), "GET", "/metrics", &[], b"");
        String::from_utf8_lossy(&page).into_owned()
    }

    /// A real Prometheus (exemplar storage on) with the config `gen compose` writes, scraping this
    /// collector's `prometheus` exporter and its own metrics every second; returns once both
    /// targets are up.
    pub fn real_prometheus(&self) -> crate::real_prometheus::RealPrometheus {
        use otelkit::cli::CollectorArgs;
        use otelkit::commands::gen::compose;
        let args = CollectorArgs { metric_namespace: Some(NAMESPACE.into()), ..Default::default() };
        let plan = otelkit::settings::gen::collector_plan(
            &otelkit::settings::Settings::with_env(Default::default(), []),
            &args,
            true,
        )
        .unwrap();
        let exporter = format!("127.0.0.1:{}", self.port(8889));
        let self_metrics = format!("127.0.0.1:{}", self.port(8888));
        let config = compose::prometheus_config(
            &plan,
            &compose::ScrapeTargets { exporter: &exporter, self_metrics: &self_metrics },
            "1s",
            &otelkit::templates::Templates::builtin().unwrap(),
        )
        .unwrap();
        let prom = crate::real_prometheus::RealPrometheus::start_with(&config, None, true);
        let up = prom.wait_for_data("count(up{job=~\"otel-collector.*\"} == 1) == 2", Duration::from_secs(20));
        assert!(
            up["data"]["result"].as_array().is_some_and(|r| !r.is_empty()),
            "Prometheus does not scrape the collector: {up}"
        );
        prom
    }
}

/// `yaml[a][b]...`, created as mappings where missing.
pub fn at<'a>(yaml: &'a mut serde_yaml_ng::Value, path: &[&str]) -> &'a mut serde_yaml_ng::Value {
    path.iter().fold(yaml, |v, key| {
        let map = v.as_mapping_mut().expect("a mapping");
        map.entry((*key).into()).or_insert_with(|| serde_yaml_ng::Value::Mapping(Default::default()))
    })
}

/// Parse a YAML snippet (for planting faults).
pub fn yaml(text: &str) -> serde_yaml_ng::Value {
    serde_yaml_ng::from_str(text).unwrap()
}
