//! The tiers of a multi-tier topology (`gen collector --mode agent|load-balancer|sampler`): what
//! each tier's config holds, that lint passes every one, and the names per collector release.
//! The suite's collector validates each (it builds k8s_attributes, load_balancing, tail_sampling
//! and file_storage); tests/it/topology_kill.rs runs the persistent agent.

use otelkit::collector::Version;
use otelkit::lint::{lint_str, LintOptions, Severity};
use serde_yaml_ng::Value;

use crate::collector_support::{all_output, release, validate, warnings};
use crate::gen_collector::assert_pipelines_consistent;
use crate::support::{otelkit, stderr_of, stdout_of};

fn gen(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["gen", "collector"]).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    stdout_of(&out)
}

fn parse(yaml: &str) -> Value {
    serde_yaml_ng::from_str(yaml).expect("generated config parses")
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_sequence().map(|s| s.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

const TIERS: [&str; 3] = ["agent", "load-balancer", "sampler"];
/// Traces, metrics and logs stores: every exporter each tier can have.
const STORES: [(&str, &str, &str); 4] = [
    ("tempo", "prometheus", "loki"),
    ("jaeger", "victoriametrics", "victorialogs"),
    ("otlp", "remote-write", "otlp"),
    ("debug", "otlp", "debug"),
];

/// The suite's collector builds the tiers' components: it takes every tier's config, queues on
/// disk batching in them included, without a warning.
#[test]
#[ignore = "needs the OpenTelemetry Collector built by .ci/deps/otelcol.sh"]
fn the_suites_collector_validates_every_tier_without_warnings() {
    let release = release();
    let mut variants: Vec<Vec<&str>> = TIERS.iter().map(|mode| vec!["--mode", *mode]).collect();
    variants.push(vec!["--mode", "agent", "--persistent-queue"]);
    variants.push(vec!["--mode", "load-balancer", "--resolver", "dns"]);
    for variant in &variants {
        for (traces, metrics, logs) in STORES {
            let mut args =
                vec!["--collector-version", &release, "--traces", traces, "--metrics", metrics, "--logs", logs];
            args.extend(variant);
            let yaml = gen(&args);
            let out = validate(&yaml, &[("K8S_NODE_NAME", "node-1")]);
            let output = all_output(&out);
            assert!(out.status.success(), "{args:?}: validate failed:\n{output}\n{yaml}");
            assert!(warnings(&output).is_empty(), "{args:?}: validate warns:\n{output}");
        }
    }
}

#[test]
fn every_tier_lints_clean_for_every_store_and_release() {
    for version in ["0.91.0", "0.129.0", "0.130.0", "0.145.0", "0.152.0", "0.161.0"] {
        for mode in TIERS {
            for (traces, metrics, logs) in STORES {
                let args = [
                    "--collector-version",
                    version,
                    "--mode",
                    mode,
                    "--traces",
                    traces,
                    "--metrics",
                    metrics,
                    "--logs",
                    logs,
                    "--bind-all",
                ];
                let yaml = gen(&args);
                assert_pipelines_consistent(&yaml);
                let opts = LintOptions {
                    collector_version: version.parse::<Version>().unwrap(),
                    environment: None,
                    env: Default::default(),
                };
                let report = lint_str(&yaml, &opts);
                let bad: Vec<_> = report.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
                assert!(bad.is_empty(), "{args:?}: {bad:#?}");
                let doc = parse(&yaml);
                let queue_batch = version.parse::<Version>().unwrap() >= otelkit::collector::QUEUE_BATCH;
                for (signal, pipeline) in doc["service"]["pipelines"].as_mapping().unwrap() {
                    let procs = strs(&pipeline["processors"]);
                    assert_eq!(procs.first(), Some(&"memory_limiter"), "{args:?} {signal:?}");
                    let queues: Vec<&Value> =
                        strs(&pipeline["exporters"]).iter().map(|id| &doc["exporters"][*id]["sending_queue"]).collect();
                    // Batching in the queue exactly where it is on disk and the release can.
                    if queue_batch && queues.iter().all(|q| q["storage"].is_string()) {
                        assert!(!procs.contains(&"batch"), "{args:?} {signal:?}");
                        assert!(queues.iter().all(|q| q["batch"]["sizer"] == "items"), "{args:?} {signal:?}");
                    } else {
                        assert_eq!(procs.last(), Some(&"batch"), "{args:?} {signal:?}");
                        assert!(queues.iter().all(|q| q["batch"].is_null()), "{args:?} {signal:?}");
                    }
                }
            }
        }
    }
}

/// k8s_attributes from v0.146, load_balancing from v0.153 (contrib CHANGELOG); before, the old names.
#[test]
fn component_names_follow_each_release() {
    for (version, k8s, lb) in [
        ("0.145.0", "k8sattributes", "loadbalancing"),
        ("0.146.0", "k8s_attributes", "loadbalancing"),
        ("0.152.0", "k8s_attributes", "loadbalancing"),
        ("0.153.0", "k8s_attributes", "load_balancing"),
        ("0.161.0", "k8s_attributes", "load_balancing"),
    ] {
        let doc = parse(&gen(&["--collector-version", version, "--mode", "load-balancer"]));
        assert!(doc["processors"][k8s].is_mapping(), "{version}: {k8s}");
        assert!(doc["exporters"][format!("{lb}/samplers").as_str()].is_mapping(), "{version}: {lb}");
        let agent = parse(&gen(&["--collector-version", version, "--mode", "agent"]));
        assert!(agent["processors"][k8s].is_mapping(), "{version}: agent {k8s}");
    }
}

#[test]
fn the_agent_adds_the_pod_ip_and_forwards_everything_to_the_gateway() {
    let doc = parse(&gen(&["--mode", "agent"]));
    let k8s = &doc["processors"]["k8s_attributes"];
    assert_eq!(k8s["passthrough"].as_bool(), Some(true));
    assert_eq!(k8s["filter"]["node_from_env_var"].as_str(), Some("K8S_NODE_NAME"));
    let exporters: Vec<&str> = doc["exporters"].as_mapping().unwrap().keys().filter_map(Value::as_str).collect();
    assert_eq!(exporters, ["otlp_grpc/gateway"]);
    assert_eq!(doc["exporters"]["otlp_grpc/gateway"]["endpoint"].as_str(), Some("otel-collector:4317"));
    for signal in ["traces", "metrics", "logs"] {
        let p = &doc["service"]["pipelines"][signal];
        assert_eq!(strs(&p["processors"]), ["memory_limiter", "k8s_attributes", "resource/environment", "batch"]);
        assert_eq!(strs(&p["exporters"]), ["otlp_grpc/gateway"]);
    }
}

#[test]
fn the_load_balancer_routes_traces_by_trace_id_and_queues_the_rest_on_disk() {
    let doc = parse(&gen(&["--mode", "load-balancer", "--metrics", "otlp"]));
    let lb = &doc["exporters"]["load_balancing/samplers"];
    assert_eq!(lb["routing_key"].as_str(), Some("traceID"));
    assert_eq!(lb["resolver"]["k8s"]["service"].as_str(), Some("otel-sampler-headless"));
    assert_eq!(strs(&lb["resolver"]["k8s"]["ports"]).len(), 0, "ports are numbers");
    assert_eq!(lb["resolver"]["k8s"]["ports"][0].as_u64(), Some(4317));
    assert!(lb["resolver"]["dns"].is_null());
    let k8s = &doc["processors"]["k8s_attributes"];
    assert_eq!(k8s["passthrough"].as_bool(), Some(false));
    assert_eq!(k8s["pod_association"][0]["sources"][0]["name"].as_str(), Some("k8s.pod.ip"));
    assert!(doc["processors"]["tail_sampling"].is_null(), "sampling is the next tier's");
    let pipelines = &doc["service"]["pipelines"];
    assert_eq!(strs(&pipelines["traces"]["exporters"]), ["load_balancing/samplers"]);
    assert_eq!(strs(&pipelines["metrics"]["exporters"]), ["otlp_http/prometheus"]);
    assert_eq!(strs(&pipelines["logs"]["exporters"]), ["otlp_http/loki"]);
    assert_persistent_queues(&doc, &["load_balancing/samplers", "otlp_http/prometheus", "otlp_http/loki"]);
    assert!(doc["processors"]["batch"].is_null(), "every pipeline batches in its queue");
}

/// The batch processor holds what the receiver already answered for in memory, where a kill loses
/// it: in front of a queue on disk, batching moves into the queue (`sending_queue.batch`, v0.130+).
/// Pipelines without a queue on disk keep the processor, and so do older releases, which say what
/// it costs.
#[test]
fn batching_moves_into_the_queue_where_it_is_on_disk() {
    let agent = parse(&gen(&["--mode", "agent", "--persistent-queue"]));
    assert_persistent_queues(&agent, &["otlp_grpc/gateway"]);
    for signal in ["traces", "metrics", "logs"] {
        let processors = strs(&agent["service"]["pipelines"][signal]["processors"]);
        assert_eq!(processors, ["memory_limiter", "k8s_attributes", "resource/environment"], "{signal}");
    }
    // The pull exporter `prometheus` has no queue: metrics keep the processor.
    let lb = parse(&gen(&["--mode", "load-balancer"]));
    let processors = |doc: &Value, signal: &str| strs(&doc["service"]["pipelines"][signal]["processors"]).join(",");
    assert_eq!(processors(&lb, "metrics"), "memory_limiter,k8s_attributes,resource/environment,batch");
    assert_eq!(processors(&lb, "traces"), "memory_limiter,k8s_attributes,resource/environment");
    assert!(lb["exporters"]["prometheus"]["sending_queue"].is_null());
    let old = gen(&["--mode", "load-balancer", "--collector-version", "0.129.0"]);
    assert!(old.contains("# processor stays: a kill loses what it holds, up to its timeout (1s) of data."), "{old}");
    let old = parse(&old);
    assert_eq!(processors(&old, "traces"), "memory_limiter,k8sattributes,resource/environment,batch");
    assert!(old["exporters"]["loadbalancing/samplers"]["sending_queue"]["batch"].is_null());
}

/// DNS needs no RBAC; the collector decodes the dns resolver's port as a string.
#[test]
fn the_load_balancer_can_find_the_samplers_through_dns() {
    let yaml = gen(&["--mode", "load-balancer", "--resolver", "dns"]);
    assert!(yaml.lines().nth(1).unwrap().ends_with("gen collector --mode load-balancer --resolver dns"));
    let doc = parse(&yaml);
    let dns = &doc["exporters"]["load_balancing/samplers"]["resolver"]["dns"];
    assert_eq!(dns["hostname"].as_str(), Some("otel-sampler-headless"));
    assert_eq!(dns["port"].as_str(), Some("4317"));
    assert!(doc["exporters"]["load_balancing/samplers"]["resolver"]["k8s"].is_null());
}

/// A tier flag given where it changes nothing is a usage error naming the modes it is for; the
/// same key in otelkit.toml (one file for every tier) is ignored there.
#[test]
fn tier_flags_that_change_nothing_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["collector", "--mode", "gateway", "--resolver", "dns"],
            "--resolver is for --mode load-balancer: it has no effect on the gateway tier",
        ),
        (
            &["collector", "--mode", "sampler", "--resolver", "dns"],
            "--resolver is for --mode load-balancer: it has no effect on the sampler tier",
        ),
        (
            &["collector", "--mode", "agent", "--sampler-service", "foo"],
            "--sampler-service is for --mode load-balancer: it has no effect on the agent tier",
        ),
        (
            &["collector", "--mode", "sampler", "--sampler-service", "foo"],
            "--sampler-service is for --mode load-balancer: it has no effect on the sampler tier",
        ),
        (
            &["collector", "--mode", "sampler", "--gateway-endpoint", "x:1"],
            "--gateway-endpoint is for --mode agent: it has no effect on the sampler tier",
        ),
        (
            &["collector", "--mode", "load-balancer", "--persistent-queue"],
            "--persistent-queue is for --mode agent: it has no effect on the load-balancer tier",
        ),
        (
            &["compose", "--gateway-endpoint", "x:1"],
            "--gateway-endpoint is for --mode agent: it has no effect on the gateway tier",
        ),
        (
            &["grafana", "--mode", "sampler"],
            "--mode has no effect on gen grafana: its files are the same for every tier",
        ),
        (
            &["alerts", "--resolver", "dns"],
            "--resolver has no effect on gen alerts: its files are the same for every tier",
        ),
        (
            &["k8s", "--mode", "agent", "--replicas", "3"],
            "--replicas is for --mode gateway, load-balancer or sampler: it has no effect on the agent tier",
        ),
        (
            &["k8s", "--mode", "sampler", "--gateway-endpoint", "x:1"],
            "--gateway-endpoint is for --mode agent, gateway or load-balancer: it has no effect on the sampler tier",
        ),
        (
            &["k8s", "--mode", "gateway", "--sampler-service", "s"],
            "--sampler-service is for --mode load-balancer or sampler: it has no effect on the gateway tier",
        ),
    ];
    for (args, says) in cases {
        let out = otelkit(dir.path()).arg("gen").args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr_of(&out).trim_end(), format!("error: {says}"), "{args:?}");
    }
    // Where gen k8s names a Service after them, they count.
    for args in [
        &["--mode", "load-balancer", "--gateway-endpoint", "gw:4317"][..],
        &["--mode", "sampler", "--sampler-service", "samp"],
        &["--mode", "sampler", "--gateway-endpoint", "gw:4317", "--canary", "--image", "c:1"],
    ] {
        let out = otelkit(dir.path()).args(["gen", "k8s"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        let first = stdout_of(&out).lines().next().unwrap().to_owned();
        assert!(first.ends_with(&format!("gen k8s {}", args.join(" "))), "{first}");
    }
    std::fs::write(
        dir.path().join("otelkit.toml"),
        "[collector]\nresolver = \"dns\"\ngateway_endpoint = \"gw:4317\"\nsampler_service = \"samp\"\npersistent_queue = true\n",
    )
    .unwrap();
    for args in [
        &["collector", "--mode", "sampler"][..],
        &["grafana"],
        &["alerts"],
        &["compose"],
        &["k8s", "--mode", "gateway"],
    ] {
        let out = otelkit(dir.path()).arg("gen").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
    }
}

#[test]
fn the_sampler_keeps_errors_slow_traces_a_share_and_otelkits_own() {
    let doc = parse(&gen(&["--mode", "sampler", "--traces", "jaeger"]));
    let ts = &doc["processors"]["tail_sampling"];
    let policies: Vec<(&str, &str)> = ts["policies"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["type"].as_str().unwrap()))
        .collect();
    assert_eq!(
        policies,
        [
            ("errors", "status_code"),
            ("slow", "latency"),
            ("otelkit-checks", "string_attribute"),
            ("share", "probabilistic")
        ]
    );
    assert_eq!(ts["policies"][2]["string_attribute"]["key"].as_str(), Some("otelkit.run_id"));
    let pipelines = doc["service"]["pipelines"].as_mapping().unwrap();
    assert_eq!(pipelines.keys().filter_map(Value::as_str).collect::<Vec<_>>(), ["traces"]);
    let traces = &doc["service"]["pipelines"]["traces"];
    assert_eq!(strs(&traces["processors"]), ["memory_limiter", "resource/environment", "tail_sampling"]);
    assert_eq!(strs(&traces["exporters"]), ["otlp_grpc/jaeger"]);
    assert!(doc["processors"]["k8s_attributes"].is_null(), "the load balancer looked the pod up");
    assert_persistent_queues(&doc, &["otlp_grpc/jaeger"]);
}

/// Each exporter to a backend queues on the one file_storage, which the service starts, and
/// batches in that queue.
fn assert_persistent_queues(doc: &Value, exporters: &[&str]) {
    assert_eq!(doc["extensions"]["file_storage/queue"]["directory"].as_str(), Some("/var/lib/otelcol/file_storage"));
    assert!(strs(&doc["service"]["extensions"]).contains(&"file_storage/queue"));
    for id in exporters {
        let queue = &doc["exporters"][*id]["sending_queue"];
        assert_eq!(queue["storage"].as_str(), Some("file_storage/queue"), "{id}");
        let batch = (queue["batch"]["flush_timeout"].as_str(), queue["batch"]["min_size"].as_u64());
        assert_eq!((batch, queue["batch"]["sizer"].as_str()), ((Some("1s"), Some(1024)), Some("items")), "{id}");
    }
}

/// The one-tier gateway and the agent keep their in-memory queues: no volume is needed for them.
#[test]
fn only_the_tiers_that_export_to_backends_queue_on_disk() {
    for mode in ["gateway", "agent"] {
        let yaml = gen(&["--mode", mode]);
        assert!(!yaml.contains("file_storage") && !yaml.contains("sending_queue"), "{mode}");
    }
}

/// otelkit.toml's `[collector] mode` and `resolver` pick the tier as the flags do; a flag wins.
#[test]
fn the_settings_file_picks_the_tier_and_the_resolver() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("otelkit.toml"), "[collector]\nmode = \"load-balancer\"\nresolver = \"dns\"\n")
        .unwrap();
    let run = |args: &[&str]| {
        let out = otelkit(dir.path()).args(["gen", "collector"]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        parse(&stdout_of(&out))
    };
    let resolver = |doc: &Value| doc["exporters"]["load_balancing/samplers"]["resolver"].clone();
    assert!(resolver(&run(&[]))["dns"].is_mapping());
    assert!(resolver(&run(&["--resolver", "k8s"]))["k8s"].is_mapping());
    assert!(run(&["--mode", "sampler"])["processors"]["tail_sampling"].is_mapping());
}

/// A compose stack runs one collector: a tier would send to collectors it does not run.
#[test]
fn gen_compose_refuses_a_tier() {
    let dir = tempfile::tempdir().unwrap();
    for mode in TIERS {
        let out = otelkit(dir.path()).args(["gen", "compose", "--dir", "stack", "--mode", mode]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{mode}");
        assert!(stderr_of(&out).contains(&format!("not the {mode} tier")), "{}", stderr_of(&out));
        assert!(!dir.path().join("stack").exists(), "{mode}: nothing written");
    }
}

/// `--persistent-queue` puts the agent's queue to the next tier on disk: file_storage enabled,
/// `sending_queue.storage` naming it, and lint (library and command) finds nothing to say.
#[test]
fn an_agents_persistent_queue_lints_clean() {
    for version in ["0.91.0", "0.161.0"] {
        let args = ["--collector-version", version, "--mode", "agent", "--persistent-queue", "--bind-all"];
        let yaml = gen(&args);
        let doc = parse(&yaml);
        let exporter = doc["service"]["pipelines"]["traces"]["exporters"][0].as_str().unwrap().to_owned();
        assert!(exporter.ends_with("/gateway"), "{exporter}");
        assert_eq!(doc["exporters"][&*exporter]["sending_queue"]["storage"].as_str(), Some("file_storage/queue"));
        assert!(strs(&doc["service"]["extensions"]).contains(&"file_storage/queue"), "{yaml}");
        assert!(yaml.contains("# Regenerate with: otelkit gen collector"), "{yaml}");
        assert!(yaml.lines().nth(1).unwrap().contains("--persistent-queue"), "{yaml}");
        let opts = LintOptions {
            collector_version: version.parse::<Version>().unwrap(),
            environment: None,
            env: Default::default(),
        };
        let report = lint_str(&yaml, &opts);
        let bad: Vec<_> = report.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
        assert!(bad.is_empty(), "{args:?}: {bad:#?}");

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("agent.yaml"), &yaml).unwrap();
        let out = otelkit(dir.path())
            .args(["lint", "agent.yaml", "--deny-warnings", "--collector-version", version])
            .env("K8S_NODE_NAME", "node-1")
            .output()
            .unwrap();
        // --deny-warnings: a warning would exit 1.
        assert_eq!(out.status.code(), Some(0), "{}{}", stdout_of(&out), stderr_of(&out));
    }
}

/// The names the tiers find each other by, from flags or otelkit.toml, written where they are used.
#[test]
fn the_gateway_endpoint_and_sampler_service_are_settings() {
    let agent = parse(&gen(&["--mode", "agent", "--gateway-endpoint", "gw.obs.svc:14317"]));
    assert_eq!(agent["exporters"]["otlp_grpc/gateway"]["endpoint"].as_str(), Some("gw.obs.svc:14317"));
    let lb = parse(&gen(&["--mode", "load-balancer", "--sampler-service", "samplers"]));
    assert_eq!(lb["exporters"]["load_balancing/samplers"]["resolver"]["k8s"]["service"].as_str(), Some("samplers"));
    let dns = parse(&gen(&["--mode", "load-balancer", "--resolver", "dns", "--sampler-service", "samplers"]));
    assert_eq!(dns["exporters"]["load_balancing/samplers"]["resolver"]["dns"]["hostname"].as_str(), Some("samplers"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("otelkit.toml"),
        "[collector]\ngateway_endpoint = \"gw:4000\"\nsampler_service = \"samp\"\npersistent_queue = true\n",
    )
    .unwrap();
    let run = |mode: &str| {
        let out = otelkit(dir.path()).args(["gen", "collector", "--mode", mode]).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        parse(&stdout_of(&out))
    };
    let agent = run("agent");
    assert_eq!(agent["exporters"]["otlp_grpc/gateway"]["endpoint"].as_str(), Some("gw:4000"));
    assert_eq!(
        agent["exporters"]["otlp_grpc/gateway"]["sending_queue"]["storage"].as_str(),
        Some("file_storage/queue")
    );
    assert_eq!(
        run("load-balancer")["exporters"]["load_balancing/samplers"]["resolver"]["k8s"]["service"].as_str(),
        Some("samp")
    );
    // The key is the agents'; the one-tier gateway generated from the same file ignores it.
    assert!(run("gateway")["extensions"]["file_storage/queue"].is_null());
}

#[test]
fn bad_tier_names_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (&["--gateway-endpoint", "http://gw:4317"][..], "--gateway-endpoint \"http://gw:4317\" is not HOST:PORT"),
        (&["--gateway-endpoint", "gw"], "is not HOST:PORT"),
        (&["--gateway-endpoint", "gw:0"], "is not HOST:PORT"),
        (&["--gateway-endpoint", "gw:99999"], "is not HOST:PORT"),
        (&["--sampler-service", "Samplers"], "--sampler-service \"Samplers\" is not a Kubernetes Service name"),
        (&["--sampler-service", "1st"], "is not a Kubernetes Service name"),
        (&["--persistent-queue"], "--persistent-queue is for --mode agent"),
    ] {
        let out = otelkit(dir.path()).args(["gen", "collector"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        let err = stderr_of(&out);
        assert!(err.lines().next().unwrap().contains(says), "{args:?}: {err}");
    }
    std::fs::write(dir.path().join("otelkit.toml"), "[collector]\nsampler_service = \"a b\"\n").unwrap();
    let out = otelkit(dir.path()).args(["gen", "k8s", "--mode", "sampler"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}
