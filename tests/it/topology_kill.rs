//! Two real collectors chained on loopback, agent -> gateway -> a real Jaeger, both from the
//! configs `otelkit gen collector` writes, with `otelkit load` counting every span of the run in
//! Jaeger. The gateway SIGKILLed mid-run while its backend is down, restarted on the same config
//! and data directory: with a persistent sending queue nothing is lost; without one, or with the
//! `batch` processor in front of it, what it held is, and load counts it. A backend down for a
//! while and back loses nothing to an exporter that retries and queues; an exporter that does not
//! retry loses what it failed, named at its hop.
//!
//! Edits to the generated configs, each for a reason:
//! - every listener on a free port (`with_free_ports`), each tier's exporter at the next tier;
//! - `retry_on_failure` intervals of 100 ms to 1 s (the defaults, 5 s to 30 s, only make the test
//!   slow) and no `max_elapsed_time` (the default gives up after 5 min);
//! - the gateway batches in its `sending_queue` (`batch`: 1 s or 1024 spans) instead of in the
//!   `batch` processor, which holds spans in memory after the receiver has answered, where no
//!   queue protects them from a SIGKILL (the last case shows it);
//! - the persistent cases: `file_storage/queue` and `sending_queue.storage` as `gen collector
//!   --mode load-balancer|sampler` write them, in a temporary directory that outlives the
//!   gateway's first life.

use std::time::{Duration, Instant};

use serde_json::Value;
use serde_yaml_ng::Value as Yaml;

use crate::collector_support::{at, http, mapped, release, with_free_ports, yaml, RunningCollector};
use crate::real_jaeger::RealJaeger;
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

/// Spans of each run (5 per trace), sent at RATE a second: three seconds of sending, so the
/// gateway is killed while load is still at work.
const SPANS: u64 = 3000;
const RATE: &str = "1000";
const SERVICE: &str = "otelkit-topology-kill";
/// The agent's node name, which its `k8s_attributes` (passthrough, node filter) requires.
const NODE: (&str, &str) = ("K8S_NODE_NAME", "node-1");

/// `otelkit gen collector` with `args` for the suite's collector release, its listeners on free
/// ports: the config and the port mapping.
fn generated(args: &[&str]) -> (Yaml, Vec<(u16, u16)>) {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["--no-config", "gen", "collector", "--collector-version", &release()])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "gen collector {args:?}: {}", stderr_of(&out));
    let (text, ports) = with_free_ports(&stdout_of(&out));
    (serde_yaml_ng::from_str(&text).unwrap(), ports)
}

fn fast_retry() -> Yaml {
    yaml("{initial_interval: 100ms, max_interval: 1s, max_elapsed_time: 0}")
}

/// Where the gateway's exporter to Jaeger keeps what it has not delivered yet.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Queue {
    /// In memory, batching in the queue.
    InMemory,
    /// `sending_queue.storage`, batching in the queue: spans are on disk once the receiver answers.
    OnDisk,
    /// `sending_queue.storage` behind the `batch` processor, as `gen collector --mode
    /// load-balancer|sampler` write it: spans are in the processor's memory until its timeout.
    OnDiskBehindBatchProcessor,
}

/// One collector's config and the ports it listens on.
struct Tier {
    config: String,
    ports: Vec<(u16, u16)>,
    /// The gateway's queue directory, kept across its lives.
    _storage: Option<tempfile::TempDir>,
}

impl Tier {
    /// `gen collector --mode agent`, forwarding to the gateway's OTLP/gRPC receiver.
    fn agent(gateway_grpc: u16) -> Self {
        let (mut config, ports) = generated(&["--mode", "agent"]);
        let exporter = at(&mut config, &["exporters", "otlp_grpc/gateway"]);
        exporter["endpoint"] = format!("127.0.0.1:{gateway_grpc}").into();
        exporter["retry_on_failure"] = fast_retry();
        Self { config: serde_yaml_ng::to_string(&config).unwrap(), ports, _storage: None }
    }

    /// `gen collector --traces jaeger` (the gateway), exporting to Jaeger's OTLP/gRPC port.
    fn gateway(jaeger_grpc: u16, queue: Queue, retry: bool) -> Self {
        let storage = tempfile::tempdir().unwrap();
        let (mut config, ports) = generated(&["--traces", "jaeger", "--jaeger-endpoint", "jaeger.invalid:1"]);
        let exporter = at(&mut config, &["exporters", "otlp_grpc/jaeger"]);
        exporter["endpoint"] = format!("127.0.0.1:{jaeger_grpc}").into();
        exporter["retry_on_failure"] = if retry { fast_retry() } else { yaml("enabled: false") };
        exporter["sending_queue"] = match queue {
            Queue::InMemory => yaml("batch: {flush_timeout: 1s, min_size: 1024}"),
            Queue::OnDisk => yaml("{storage: file_storage/queue, batch: {flush_timeout: 1s, min_size: 1024}}"),
            Queue::OnDiskBehindBatchProcessor => yaml("storage: file_storage/queue"),
        };
        if queue == Queue::OnDiskBehindBatchProcessor {
            // Three times the generated timeout: the SIGKILL surely falls while it holds the first
            // spans, and the count (which stalls after 5 s) still sees the last ones flushed.
            at(&mut config, &["processors", "batch"])["timeout"] = "3s".into();
        } else {
            let processors = at(&mut config, &["service", "pipelines", "traces", "processors"]);
            processors.as_sequence_mut().unwrap().retain(|p| p.as_str() != Some("batch"));
        }
        if queue != Queue::InMemory {
            at(&mut config, &["extensions"])["file_storage/queue"] =
                yaml(&format!("{{directory: '{}', create_directory: true}}", storage.path().display()));
            at(&mut config, &["service", "extensions"]).as_sequence_mut().unwrap().push("file_storage/queue".into());
        }
        Self { config: serde_yaml_ng::to_string(&config).unwrap(), ports, _storage: Some(storage) }
    }

    fn port(&self, well_known: u16) -> u16 {
        mapped(&self.ports, well_known)
    }

    fn telemetry_url(&self) -> String {
        format!("http://127.0.0.1:{}/metrics", self.port(8888))
    }

    /// Start it (again, on the same config) and wait until it is ready.
    fn start(&self, env: &[(&str, &str)]) -> RunningCollector {
        let mut collector = RunningCollector::spawn(&self.config, env);
        assert!(
            collector.wait_ready(Duration::from_millis(200)),
            "the collector does not run:\n{}\n{}",
            collector.log(),
            self.config
        );
        collector
    }

    /// The sum of a counter of its own metrics over all its series (0 while it has none).
    fn counter(&self, name: &str) -> u64 {
        let (_, _, page) = http(self.port(8888), "GET", "/metrics", &[], b"");
        String::from_utf8_lossy(&page)
            .lines()
            .filter(|l| {
                l.strip_prefix(name).is_some_and(|rest| rest.starts_with(['{', ' ']) || rest.starts_with("_total"))
            })
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum::<f64>() as u64
    }

    fn accepted(&self) -> u64 {
        self.counter("otelcol_receiver_accepted_spans")
    }
}

/// Poll until `done` holds or 30 s pass; the last value either way.
fn poll<T>(mut probe: impl FnMut() -> T, done: impl Fn(&T) -> bool) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let value = probe();
        if done(&value) || Instant::now() > deadline {
            return value;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What `otelkit load` reported: its exit code, the traces' figures, the traces' hop check.
struct Loaded {
    code: Option<i32>,
    traces: Value,
    hop: Value,
    report: Value,
    stderr: String,
}

/// `otelkit load` of SPANS spans into the agent, counted in Jaeger (its query API may come up
/// later: `--unreachable-grace` outlasts the test), hops read from `telemetry`.
fn load(agent: &Tier, jaeger_query: u16, telemetry: &str) -> Loaded {
    let dir = tempfile::tempdir().unwrap();
    let (otlp, jaeger) = (format!("http://127.0.0.1:{}", agent.port(4318)), format!("http://127.0.0.1:{jaeger_query}"));
    let out = otelkit(dir.path())
        .args(["--format", "json", "load", "--signals", "traces", "--otlp-endpoint", &otlp])
        .args(["--count", &SPANS.to_string(), "--rate", RATE, "--batch-size", "100", "--spans-per-trace", "5"])
        .args(["--service-name", SERVICE, "--traces-backend", "jaeger", "--jaeger-url", &jaeger])
        .args(["--settle", "40s", "--unreachable-grace", "60s", "--telemetry-url", telemetry])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    let traces = report["signals"].as_array().unwrap().iter().find(|s| s["signal"] == "traces").unwrap().clone();
    let hop = report["checks"].as_array().unwrap().iter().find(|c| c["name"] == "hop.traces").cloned();
    Loaded { code: out.status.code(), traces, hop: hop.unwrap_or_default(), stderr: stderr_of(&out), report }
}

/// What the SIGKILL runs measured besides load's report.
struct Killed {
    loaded: Loaded,
    /// Spans the gateway's second life took from the agent.
    second_life: u64,
    /// Spans the agent's exporter delivered to the gateway.
    agent_sent: u64,
}

/// agent -> gateway (its queue as given) -> Jaeger, down until the run is sent. The
/// gateway is SIGKILLed once it holds part of the run, and restarted on the same config (and
/// data directory) while load still sends; Jaeger comes up once the agent has taken the whole
/// run. Load reads the agent's hops: the gateway's counters start again at its restart.
fn sigkill_the_gateway(queue: Queue) -> Killed {
    let (jaeger_query, jaeger_grpc) = (free_port(), free_port());
    let gateway = Tier::gateway(jaeger_grpc, queue, true);
    let first_life = gateway.start(&[]);
    let agent = Tier::agent(gateway.port(4317));
    let _agent = agent.start(&[NODE]);
    std::thread::scope(|s| {
        let run = s.spawn(|| load(&agent, jaeger_query, &agent.telemetry_url()));
        let held = poll(|| gateway.accepted(), |n| *n > 0);
        let sending = agent.accepted();
        assert!(held > 0 && sending < SPANS, "mid-run: the gateway holds {held}, the agent took {sending}");
        // Dropping kills with SIGKILL (Child::kill): no shutdown, no flush.
        drop(first_life);
        let _second_life = gateway.start(&[]);
        assert_eq!(poll(|| agent.accepted(), |n| *n == SPANS), SPANS, "load sent the whole run to the agent");
        let _jaeger = RealJaeger::start_at(jaeger_query, jaeger_grpc);
        let loaded = run.join().unwrap();
        let second_life = gateway.accepted();
        Killed { loaded, second_life, agent_sent: agent.counter("otelcol_exporter_sent_spans") }
    })
}

#[test]
#[ignore = "needs otelcol b2 and jaeger (.ci/deps/otelcol.sh, .ci/deps/jaeger.sh)"]
fn a_gateway_sigkilled_mid_run_with_a_persistent_queue_loses_nothing() {
    let Killed { loaded: l, second_life, agent_sent } = sigkill_the_gateway(Queue::OnDisk);
    let (traces, hop) = (&l.traces, &l.hop);
    assert_eq!(l.code, Some(0), "{:#}\n{}", l.report, l.stderr);
    assert_eq!(
        (traces["accepted"].as_u64(), traces["found"].as_u64(), traces["lost"].as_u64()),
        (Some(SPANS), Some(SPANS), Some(0)),
        "every span counted in Jaeger: {traces:#}"
    );
    assert!(second_life < SPANS, "part of the run came through the gateway's first life: {second_life}");
    assert_eq!(agent_sent, SPANS);
    assert_eq!(hop["outcome"], "pass", "{hop:#}");
}

#[test]
#[ignore = "needs otelcol b2 and jaeger (.ci/deps/otelcol.sh, .ci/deps/jaeger.sh)"]
fn a_gateway_sigkilled_mid_run_with_an_in_memory_queue_loses_what_it_held_and_load_counts_it() {
    let Killed { loaded: l, second_life, agent_sent } = sigkill_the_gateway(Queue::InMemory);
    let (traces, hop) = (&l.traces, &l.hop);
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    let (found, lost) = (traces["found"].as_u64().unwrap(), traces["lost"].as_u64().unwrap());
    // Exactly what the restarted gateway took arrives; what the killed one held is lost.
    assert_eq!((found, lost), (second_life, SPANS - second_life), "{traces:#}");
    assert!(lost > 0, "{traces:#}");
    // The agent tier delivered the whole run to the gateway: the loss is past it. Load reads one
    // collector's counters, the agent's: the gateway's start again at its restart, where they
    // would show only its second life, all of it delivered.
    assert_eq!(agent_sent, SPANS);
    assert_eq!(
        (traces["hops"]["receiver_accepted"].as_u64(), traces["hops"]["exporter_sent"].as_u64()),
        (Some(SPANS), Some(SPANS)),
        "{traces:#}"
    );
    assert!(hop["detail"].as_str().unwrap().contains("every hop passed"), "{hop:#}");
}

/// agent -> gateway (in-memory queue) -> Jaeger, down until the gateway has failed to export
/// part of the run. Load reads the gateway's hops.
fn backend_down_for_a_while(retry: bool) -> Loaded {
    let (jaeger_query, jaeger_grpc) = (free_port(), free_port());
    let gateway = Tier::gateway(jaeger_grpc, Queue::InMemory, retry);
    let running = gateway.start(&[]);
    let agent = Tier::agent(gateway.port(4317));
    let _agent = agent.start(&[NODE]);
    std::thread::scope(|s| {
        let run = s.spawn(|| load(&agent, jaeger_query, &gateway.telemetry_url()));
        // Down for a while: until the gateway has tried to export part of the run and failed.
        let tried = || {
            gateway.counter("otelcol_exporter_send_failed_spans") > 0
                || running.log().contains("Will retry the request")
        };
        assert!(poll(tried, |t| *t), "the gateway's export failed:\n{}", running.log());
        assert_eq!(gateway.counter("otelcol_exporter_sent_spans"), 0, "none delivered yet");
        let _jaeger = RealJaeger::start_at(jaeger_query, jaeger_grpc);
        run.join().unwrap()
    })
}

#[test]
#[ignore = "needs otelcol b2 and jaeger (.ci/deps/otelcol.sh, .ci/deps/jaeger.sh)"]
fn a_backend_down_for_a_while_loses_nothing_to_an_exporter_that_retries_and_queues() {
    let l = backend_down_for_a_while(true);
    let (traces, hop) = (&l.traces, &l.hop);
    assert_eq!(l.code, Some(0), "{:#}\n{}", l.report, l.stderr);
    assert_eq!((traces["found"].as_u64(), traces["lost"].as_u64()), (Some(SPANS), Some(0)), "{traces:#}");
    assert_eq!(traces["hops"]["exporter_sent"].as_u64(), Some(SPANS), "{traces:#}");
    assert_eq!(hop["outcome"], "pass", "{hop:#}");
}

#[test]
#[ignore = "needs otelcol b2 and jaeger (.ci/deps/otelcol.sh, .ci/deps/jaeger.sh)"]
fn a_backend_down_for_a_while_behind_an_exporter_that_does_not_retry_is_a_loss_at_that_exporter() {
    let l = backend_down_for_a_while(false);
    let (traces, hop) = (&l.traces, &l.hop);
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    let hops = &traces["hops"];
    let (found, lost) = (traces["found"].as_u64().unwrap(), traces["lost"].as_u64().unwrap());
    // Exactly what the gateway's exporter failed is lost, and what it sent is counted.
    assert_eq!(
        (lost, found),
        (hops["exporter_failed"].as_u64().unwrap(), hops["exporter_sent"].as_u64().unwrap()),
        "{traces:#}"
    );
    assert!(lost > 0, "{traces:#}");
    let detail = hop["detail"].as_str().unwrap();
    assert!(detail.contains("failed at exporter otlp_grpc/jaeger"), "{hop:#}");
}

#[test]
#[ignore = "needs otelcol b2 and jaeger (.ci/deps/otelcol.sh, .ci/deps/jaeger.sh)"]
fn a_persistent_queue_behind_the_batch_processor_loses_what_the_processor_held_at_a_sigkill() {
    let Killed { loaded: l, second_life, .. } = sigkill_the_gateway(Queue::OnDiskBehindBatchProcessor);
    let traces = &l.traces;
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    let (found, lost) = (traces["found"].as_u64().unwrap(), traces["lost"].as_u64().unwrap());
    assert_eq!((found, lost), (second_life, SPANS - second_life), "{traces:#}");
    assert!(lost > 0, "{traces:#}");
}
