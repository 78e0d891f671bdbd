//! Real collectors chained on loopback, agent (-> persistent agent) -> gateway -> a real Jaeger
//! (traces) and a real VictoriaLogs (logs), each on the config `otelkit gen collector` writes, with `otelkit
//! load` counting every span and log record of the run in the backends. The gateway SIGKILLed
//! mid-run while its backends are down, restarted on the same config and data directory: with a
//! persistent sending queue nothing is lost; without one, or with the `batch` processor in front
//! of it, what it held is, and load counts it. The persistent tier as `gen collector --mode agent
//! --persistent-queue` writes it (batching in its queue on disk), SIGKILLed mid-run between an
//! agent and the gateway, loses nothing; as written for a release before v0.130 (the batch
//! processor in front of its queue) it loses what the processor held. Backends down for a while
//! and back lose nothing to exporters that retry and queue; exporters that do not retry lose what
//! they failed, named at their hop. Lint warns of the batch processor in front of a queue on
//! disk exactly where the kill shows it loses data.
//!
//! Edits to the generated configs, each for a reason (the persistent agent gets only the first
//! and the last: it runs as written):
//! - every listener on a free port (`with_free_ports`), each tier's exporters at the next tier;
//! - `retry_on_failure` intervals of 100 ms to 1 s (the defaults, 5 s to 30 s, only make the test
//!   slow) and no `max_elapsed_time` (the default gives up after 5 min);
//! - the gateway batches in its `sending_queue` (`batch`: 1 s or 1024 items) instead of in the
//!   `batch` processor, which holds items in memory after the receiver has answered, where no
//!   queue protects them from a SIGKILL (the last case shows it);
//! - the persistent gateway cases: `file_storage/queue` and `sending_queue.storage` as `gen
//!   collector --mode load-balancer|sampler` write them; every queue on disk in a temporary
//!   directory that outlives the collector's first life.

use std::time::{Duration, Instant};

use serde_json::Value;
use serde_yaml_ng::Value as Yaml;

use crate::collector_support::{at, http, mapped, release, with_free_ports, yaml, RunningCollector};
use crate::real_jaeger::RealJaeger;
use crate::real_victorialogs::RealVictoriaLogs;
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

/// Items of each signal in each run (5 spans per trace), sent at RATE a second: three seconds of
/// sending, so the gateway is killed while load is still at work.
const ITEMS: u64 = 3000;
const RATE: &str = "1000";
const SERVICE: &str = "otelkit-topology-kill";
/// The agent's node name, which its `k8s_attributes` (passthrough, node filter) requires.
const NODE: (&str, &str) = ("K8S_NODE_NAME", "node-1");

/// Each signal: its name in load's report, its items in the collector's metrics, the gateway's
/// exporter of it.
const SIGNALS: [(&str, &str, &str); 2] =
    [("traces", "spans", "otlp_grpc/jaeger"), ("logs", "log_records", "otlp_http/victorialogs")];

/// `otelkit gen collector` with `args` for the suite's collector release (unless they name
/// another), its listeners on free ports: the config and the port mapping.
fn generated(args: &[&str]) -> (Yaml, Vec<(u16, u16)>) {
    let dir = tempfile::tempdir().unwrap();
    let release = release();
    let version: &[&str] = if args.contains(&"--collector-version") { &[] } else { &["--collector-version", &release] };
    let out = otelkit(dir.path()).args(["--no-config", "gen", "collector"]).args(version).args(args).output().unwrap();
    assert!(out.status.success(), "gen collector {args:?}: {}", stderr_of(&out));
    let (text, ports) = with_free_ports(&stdout_of(&out));
    (serde_yaml_ng::from_str(&text).unwrap(), ports)
}

fn fast_retry() -> Yaml {
    yaml("{initial_interval: 100ms, max_interval: 1s, max_elapsed_time: 0}")
}

/// The backends' ports, chosen before they run: load is told where to count, the gateway where
/// to export, while they are still down.
#[derive(Clone, Copy)]
struct Backends {
    jaeger_query: u16,
    jaeger_grpc: u16,
    victorialogs: u16,
}

impl Backends {
    fn new() -> Self {
        Self { jaeger_query: free_port(), jaeger_grpc: free_port(), victorialogs: free_port() }
    }

    /// Bring them up.
    fn start(&self) -> (RealJaeger, RealVictoriaLogs) {
        (RealJaeger::start_at(self.jaeger_query, self.jaeger_grpc), RealVictoriaLogs::start_at(self.victorialogs))
    }
}

/// Where the gateway's exporters keep what they have not delivered yet.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Queue {
    /// In memory, batching in the queue.
    InMemory,
    /// `sending_queue.storage`, batching in the queue: items are on disk once the receiver answers.
    OnDisk,
    /// `sending_queue.storage` behind the `batch` processor, as `gen collector --mode
    /// load-balancer|sampler` write it: items are in the processor's memory until its timeout.
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

    /// `gen collector --traces jaeger --logs victorialogs` (the gateway), exporting to them.
    fn gateway(backends: Backends, queue: Queue, retry: bool) -> Self {
        let (mut config, ports) = generated(&[
            "--traces",
            "jaeger",
            "--jaeger-endpoint",
            "jaeger.invalid:1",
            "--logs",
            "victorialogs",
            "--victorialogs-endpoint",
            "http://victorialogs.invalid:1",
        ]);
        let endpoints = [
            format!("127.0.0.1:{}", backends.jaeger_grpc),
            format!("http://127.0.0.1:{}/insert/opentelemetry", backends.victorialogs),
        ];
        for ((signal, _, exporter), endpoint) in SIGNALS.iter().zip(endpoints) {
            let exporter = at(&mut config, &["exporters", exporter]);
            exporter["endpoint"] = endpoint.into();
            exporter["retry_on_failure"] = if retry { fast_retry() } else { yaml("enabled: false") };
            exporter["sending_queue"] = match queue {
                Queue::InMemory => yaml("batch: {flush_timeout: 1s, min_size: 1024}"),
                Queue::OnDisk => yaml("{storage: file_storage/queue, batch: {flush_timeout: 1s, min_size: 1024}}"),
                Queue::OnDiskBehindBatchProcessor => yaml("storage: file_storage/queue"),
            };
            if queue != Queue::OnDiskBehindBatchProcessor {
                let processors = at(&mut config, &["service", "pipelines", signal, "processors"]);
                processors.as_sequence_mut().unwrap().retain(|p| p.as_str() != Some("batch"));
            }
        }
        if queue == Queue::OnDiskBehindBatchProcessor {
            // Three times the generated timeout: the SIGKILL surely falls while it holds the first
            // items, and the count (which stalls after 5 s) still sees the last ones flushed.
            at(&mut config, &["processors", "batch"])["timeout"] = "3s".into();
        }
        let storage = (queue != Queue::InMemory).then(|| tempfile::tempdir().unwrap());
        if let Some(dir) = &storage {
            at(&mut config, &["extensions"])["file_storage/queue"] =
                yaml(&format!("{{directory: '{}', create_directory: true}}", dir.path().display()));
            at(&mut config, &["service", "extensions"]).as_sequence_mut().unwrap().push("file_storage/queue".into());
        }
        Self { config: serde_yaml_ng::to_string(&config).unwrap(), ports, _storage: storage }
    }

    /// `gen collector --mode agent --persistent-queue` as it is written (its queue on disk,
    /// batching in it), forwarding to the gateway's OTLP/gRPC receiver, its queue directory in a
    /// temporary directory that outlives its first life.
    fn persistent_agent(gateway_grpc: u16, version: &str) -> Self {
        let (mut config, ports) = generated(&["--collector-version", version, "--mode", "agent", "--persistent-queue"]);
        // `otlp_grpc/gateway`, `otlp/gateway` before v0.144.
        let exporters = config["exporters"].as_mapping().unwrap().keys().filter_map(Yaml::as_str);
        let exporter = exporters.filter(|id| id.ends_with("/gateway")).map(str::to_owned).next().unwrap();
        at(&mut config, &["exporters", &exporter])["endpoint"] = format!("127.0.0.1:{gateway_grpc}").into();
        let storage = tempfile::tempdir().unwrap();
        at(&mut config, &["extensions", "file_storage/queue"])["directory"] =
            storage.path().display().to_string().into();
        Self { config: serde_yaml_ng::to_string(&config).unwrap(), ports, _storage: Some(storage) }
    }

    /// The codes of lint's topology findings on this config.
    fn lint(&self) -> Vec<&'static str> {
        let opts = otelkit::lint::LintOptions {
            collector_version: otelkit::collector::Version::parse(&release()).unwrap(),
            environment: None,
            env: Default::default(),
        };
        let report = otelkit::lint::lint_str(&self.config, &opts);
        report.diagnostics.iter().map(|d| d.code).filter(|c| c.starts_with("batch") || c.starts_with("queue")).collect()
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

    /// Items of each signal (SIGNALS' order) its receivers accepted.
    fn accepted(&self) -> [u64; 2] {
        SIGNALS.map(|(_, items, _)| self.counter(&format!("otelcol_receiver_accepted_{items}")))
    }

    /// Items of each signal its exporters delivered.
    fn sent(&self) -> [u64; 2] {
        SIGNALS.map(|(_, items, _)| self.counter(&format!("otelcol_exporter_sent_{items}")))
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

/// What `otelkit load` reported.
struct Loaded {
    code: Option<i32>,
    report: Value,
    stderr: String,
}

impl Loaded {
    /// A signal's figures (sent, accepted, found, lost, hops).
    fn signal(&self, name: &str) -> &Value {
        let signals = self.report["signals"].as_array().unwrap();
        signals.iter().find(|s| s["signal"] == name).unwrap_or_else(|| panic!("{name}: {:#}", self.report))
    }

    /// A signal's hop check.
    fn hop(&self, name: &str) -> &Value {
        let checks = self.report["checks"].as_array().unwrap();
        let hop = format!("hop.{name}");
        checks.iter().find(|c| c["name"] == hop).unwrap_or_else(|| panic!("{hop}: {:#}", self.report))
    }

    /// A signal's counts at one tier (`tiers` in the report).
    fn tier(&self, name: &str, tier: &str) -> &Value {
        let tiers = self.signal(name)["tiers"].as_array().unwrap_or_else(|| panic!("{:#}", self.signal(name)));
        tiers.iter().find(|t| t["tier"] == tier).unwrap_or_else(|| panic!("{tier}: {:#}", self.signal(name)))
    }

    /// The gateway restarted during the run, as load reports it: in its tier's counts and in the
    /// hop check's words.
    fn gateway_restarted(&self, name: &str) -> &str {
        assert!(
            self.tier(name, "gateway")["restarted"]["uptime_seconds"].as_f64().is_some(),
            "{:#}",
            self.signal(name)
        );
        assert!(self.tier(name, "agent").get("restarted").is_none(), "{:#}", self.signal(name));
        let detail = self.hop(name)["detail"].as_str().unwrap();
        assert!(detail.contains("the gateway tier restarted during the run (uptime "), "{:#}", self.hop(name));
        detail
    }

    fn figure(&self, name: &str, figure: &str) -> u64 {
        self.signal(name)[figure].as_u64().unwrap_or_else(|| panic!("{name}.{figure}: {:#}", self.signal(name)))
    }
}

/// `otelkit load` of ITEMS spans and log records into the agent, counted in Jaeger and
/// VictoriaLogs (which may come up later: `--unreachable-grace` outlasts the test), hops read
/// from each `--telemetry-url` in `telemetry`.
fn load(agent: &Tier, backends: Backends, telemetry: &[String]) -> Loaded {
    let dir = tempfile::tempdir().unwrap();
    let otlp = format!("http://127.0.0.1:{}", agent.port(4318));
    let jaeger = format!("http://127.0.0.1:{}", backends.jaeger_query);
    let victorialogs = format!("http://127.0.0.1:{}", backends.victorialogs);
    let out = otelkit(dir.path())
        .args(["--format", "json", "load", "--signals", "traces,logs", "--otlp-endpoint", &otlp])
        .args(["--count", &ITEMS.to_string(), "--rate", RATE, "--batch-size", "100", "--spans-per-trace", "5"])
        .args(["--service-name", SERVICE, "--traces-backend", "jaeger", "--jaeger-url", &jaeger])
        .args(["--logs-backend", "victorialogs", "--victorialogs-url", &victorialogs])
        .args(["--settle", "40s", "--unreachable-grace", "60s"])
        .args(telemetry.iter().flat_map(|t| ["--telemetry-url", t]))
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout_of(&out))
        .unwrap_or_else(|_| panic!("JSON report: {}\n{}", stdout_of(&out), stderr_of(&out)));
    Loaded { code: out.status.code(), report, stderr: stderr_of(&out) }
}

/// What the SIGKILL runs measured besides load's report.
struct Killed {
    loaded: Loaded,
    /// Items of each signal the gateway's second life took from the agent.
    second_life: [u64; 2],
    /// Items of each signal the agent's exporter delivered to the gateway.
    agent_sent: [u64; 2],
}

/// agent -> gateway (its queue as given) -> backends, down until the run is sent. The gateway is
/// SIGKILLed once it holds part of the run, and restarted on the same config (and data
/// directory) while load still sends; the backends come up once the agent has taken the whole
/// run. Load reads both tiers' hops: the gateway's counters start again at its restart, which load
/// sees and names.
fn sigkill_the_gateway(queue: Queue) -> Killed {
    let backends = Backends::new();
    let gateway = Tier::gateway(backends, queue, true);
    // Lint warns of the processor in front of each queue on disk (traces and logs).
    let warned =
        if queue == Queue::OnDiskBehindBatchProcessor { vec!["batch-before-persistent-queue"; 2] } else { vec![] };
    assert_eq!(gateway.lint(), warned, "{queue:?}");
    let first_life = gateway.start(&[]);
    let agent = Tier::agent(gateway.port(4317));
    let _agent = agent.start(&[NODE]);
    sigkill_mid_run(&agent, ("gateway", &gateway, first_life, &[]), backends)
}

/// load -> `agent` -> ... -> backends, down until the run is sent. `victim`, the tier named so
/// behind the agent running as its first life, is SIGKILLed once it holds part of the run, and
/// restarted on the same config (and data directory) while load still sends; the backends come up
/// once the agent has taken the whole run. Load reads both tiers' hops: the victim's counters
/// start again at its restart.
fn sigkill_mid_run(
    agent: &Tier,
    victim: (&str, &Tier, RunningCollector, &[(&str, &str)]),
    backends: Backends,
) -> Killed {
    let (victim_name, victim, first_life, env) = victim;
    let telemetry = [format!("agent={}", agent.telemetry_url()), format!("{victim_name}={}", victim.telemetry_url())];
    std::thread::scope(|s| {
        let run = s.spawn(|| load(agent, backends, &telemetry));
        let held = poll(|| victim.accepted(), |n| n.iter().all(|n| *n > 0));
        let sending = agent.accepted();
        assert!(
            held.iter().all(|n| *n > 0) && sending.iter().all(|n| *n < ITEMS),
            "mid-run: the victim holds {held:?}, the agent took {sending:?}"
        );
        // Dropping kills with SIGKILL (Child::kill): no shutdown, no flush.
        drop(first_life);
        let _second_life = victim.start(env);
        let all = poll(|| agent.accepted(), |n| *n == [ITEMS; 2]);
        assert_eq!(all, [ITEMS; 2], "load sent the whole run to the agent");
        let _backends = backends.start();
        let loaded = run.join().unwrap();
        Killed { loaded, second_life: victim.accepted(), agent_sent: agent.sent() }
    })
}

#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn a_gateway_sigkilled_mid_run_with_a_persistent_queue_loses_nothing() {
    let Killed { loaded: l, second_life, agent_sent } = sigkill_the_gateway(Queue::OnDisk);
    assert_eq!(l.code, Some(0), "{:#}\n{}", l.report, l.stderr);
    for (i, (name, ..)) in SIGNALS.iter().enumerate() {
        let figures = [l.figure(name, "accepted"), l.figure(name, "found"), l.figure(name, "lost")];
        assert_eq!(figures, [ITEMS, ITEMS, 0], "{name}: all counted in the backend: {:#}", l.signal(name));
        assert!(second_life[i] < ITEMS, "{name}: part of the run came through the gateway's first life");
        // The restart is information: nothing was lost to it.
        assert_eq!(l.hop(name)["outcome"], "pass", "{:#}", l.hop(name));
        let detail = l.gateway_restarted(name);
        assert!(detail.contains("every hop passed; the gateway tier restarted"), "{:#}", l.hop(name));
    }
    assert_eq!(agent_sent, [ITEMS; 2]);
}

#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn a_gateway_sigkilled_mid_run_with_an_in_memory_queue_loses_what_it_held_and_load_counts_it() {
    let Killed { loaded: l, second_life, agent_sent } = sigkill_the_gateway(Queue::InMemory);
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    for (i, (name, ..)) in SIGNALS.iter().enumerate() {
        // Exactly what the restarted gateway took arrives; what the killed one held is lost.
        let (found, lost) = (l.figure(name, "found"), l.figure(name, "lost"));
        assert_eq!((found, lost), (second_life[i], ITEMS - second_life[i]), "{name}: {:#}", l.signal(name));
        assert!(lost > 0, "{name}: {:#}", l.signal(name));
        // The agent tier delivered the whole run to the gateway: the loss is past it, at the
        // gateway, whose counters show its second life only, all of it delivered.
        let hops = &l.signal(name)["hops"];
        assert_eq!((hops["receiver_accepted"].as_u64(), hops["exporter_sent"].as_u64()), (Some(ITEMS), Some(ITEMS)));
        let gateway = l.tier(name, "gateway");
        assert_eq!(gateway["receiver_accepted"].as_u64(), Some(second_life[i]), "{gateway:#}");
        assert_eq!((l.hop(name)["outcome"].as_str(), l.hop(name)["tier"].as_str()), (Some("fail"), Some("gateway")));
        let detail = l.gateway_restarted(name);
        let shortfall =
            format!("the agent tier sent it {ITEMS} {}, the backend shows {found}: {lost} missing", SIGNALS[i].1);
        assert!(detail.contains("what it held in memory when it stopped is lost"), "{detail}");
        assert!(detail.contains(&shortfall), "{shortfall}: {detail}");
    }
    assert_eq!(agent_sent, [ITEMS; 2]);
}

#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn a_persistent_queue_behind_the_batch_processor_loses_what_the_processor_held_at_a_sigkill() {
    let Killed { loaded: l, second_life, .. } = sigkill_the_gateway(Queue::OnDiskBehindBatchProcessor);
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    for (i, (name, ..)) in SIGNALS.iter().enumerate() {
        let (found, lost) = (l.figure(name, "found"), l.figure(name, "lost"));
        assert_eq!((found, lost), (second_life[i], ITEMS - second_life[i]), "{name}: {:#}", l.signal(name));
        assert!(lost > 0, "{name}: {:#}", l.signal(name));
        assert_eq!(l.hop(name)["tier"], "gateway", "{:#}", l.hop(name));
        assert!(l.gateway_restarted(name).contains("what it held in memory when it stopped is lost"));
    }
}

/// agent -> the persistent tier exactly as `gen collector --mode agent --persistent-queue
/// --collector-version VERSION` writes it (only its endpoint, ports and queue directory set) ->
/// gateway (in-memory queue) -> backends, down until the run is sent; the persistent tier is
/// SIGKILLed mid-run. Also its lint findings.
fn sigkill_the_persistent_agent(version: &str) -> (Killed, Vec<&'static str>) {
    let backends = Backends::new();
    let gateway = Tier::gateway(backends, Queue::InMemory, true);
    let _gateway = gateway.start(&[]);
    let persistent = Tier::persistent_agent(gateway.port(4317), version);
    let first_life = persistent.start(&[NODE]);
    let agent = Tier::agent(persistent.port(4317));
    let _agent = agent.start(&[NODE]);
    (sigkill_mid_run(&agent, ("persistent", &persistent, first_life, &[NODE]), backends), persistent.lint())
}

/// As generated for the suite's release: batching in its queue on disk, no batch processor.
#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn the_persistent_tier_as_generated_sigkilled_mid_run_loses_nothing() {
    let (Killed { loaded: l, second_life, agent_sent }, lint) = sigkill_the_persistent_agent(&release());
    assert_eq!(lint, Vec::<&str>::new());
    assert_eq!(l.code, Some(0), "{:#}\n{}", l.report, l.stderr);
    for (i, (name, ..)) in SIGNALS.iter().enumerate() {
        let figures = [l.figure(name, "accepted"), l.figure(name, "found"), l.figure(name, "lost")];
        assert_eq!(figures, [ITEMS, ITEMS, 0], "{name}: all counted in the backend: {:#}", l.signal(name));
        assert!(second_life[i] < ITEMS, "{name}: part of the run came through the first life");
    }
    assert_eq!(agent_sent, [ITEMS; 2]);
}

/// As generated for v0.129, which cannot batch in a queue on disk and keeps the batch processor:
/// the loss its config warns of ("a kill loses what it holds"), on the suite's collector.
#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn the_persistent_tier_as_generated_before_v0_130_loses_what_its_batch_processor_held() {
    let (Killed { loaded: l, .. }, _) = sigkill_the_persistent_agent("0.129.0");
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    for (name, ..) in SIGNALS {
        let (found, lost) = (l.figure(name, "found"), l.figure(name, "lost"));
        assert!(lost > 0 && found + lost == ITEMS, "{name}: {:#}", l.signal(name));
    }
}

/// agent -> gateway (in-memory queue) -> backends, down until each of the gateway's exporters
/// has failed to export part of the run. Load reads the gateway's hops.
fn backends_down_for_a_while(retry: bool) -> Loaded {
    let backends = Backends::new();
    let gateway = Tier::gateway(backends, Queue::InMemory, retry);
    let running = gateway.start(&[]);
    let agent = Tier::agent(gateway.port(4317));
    let _agent = agent.start(&[NODE]);
    std::thread::scope(|s| {
        let run = s.spawn(|| load(&agent, backends, &[gateway.telemetry_url()]));
        // Down for a while: until every exporter has tried and failed (the retrying ones log it).
        let tried = || {
            let log = running.log();
            SIGNALS.iter().all(|(_, items, exporter)| {
                gateway.counter(&format!("otelcol_exporter_send_failed_{items}")) > 0
                    || log.lines().any(|l| l.contains("Will retry the request") && l.contains(exporter))
            })
        };
        assert!(poll(tried, |t| *t), "the gateway's exports failed:\n{}", running.log());
        assert_eq!(gateway.sent(), [0, 0], "none delivered yet");
        let _backends = backends.start();
        run.join().unwrap()
    })
}

#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn backends_down_for_a_while_lose_nothing_to_exporters_that_retry_and_queue() {
    let l = backends_down_for_a_while(true);
    assert_eq!(l.code, Some(0), "{:#}\n{}", l.report, l.stderr);
    for (name, ..) in SIGNALS {
        assert_eq!([l.figure(name, "found"), l.figure(name, "lost")], [ITEMS, 0], "{name}: {:#}", l.signal(name));
        assert_eq!(l.signal(name)["hops"]["exporter_sent"].as_u64(), Some(ITEMS), "{:#}", l.signal(name));
        assert_eq!(l.hop(name)["outcome"], "pass", "{:#}", l.hop(name));
    }
}

#[test]
#[ignore = "needs otelcol b2, jaeger and victorialogs (.ci/deps/otelcol.sh, jaeger.sh, victorialogs.sh)"]
fn backends_down_for_a_while_behind_exporters_that_do_not_retry_are_a_loss_at_those_exporters() {
    let l = backends_down_for_a_while(false);
    assert_eq!(l.code, Some(1), "{:#}\n{}", l.report, l.stderr);
    for (name, _, exporter) in SIGNALS {
        let hops = &l.signal(name)["hops"];
        let (found, lost) = (l.figure(name, "found"), l.figure(name, "lost"));
        // Exactly what the gateway's exporter failed is lost, and what it sent is counted.
        let (failed, sent) = (hops["exporter_failed"].as_u64().unwrap(), hops["exporter_sent"].as_u64().unwrap());
        assert_eq!((lost, found), (failed, sent), "{name}: {:#}", l.signal(name));
        assert!(lost > 0, "{name}: {:#}", l.signal(name));
        let detail = l.hop(name)["detail"].as_str().unwrap();
        assert!(detail.contains(&format!("failed at exporter {exporter}")), "{:#}", l.hop(name));
    }
}
