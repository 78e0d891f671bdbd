//! `otelkit gen k8s`: the manifests parse, embed exactly `gen collector`'s config, expose its ports.

use clap::Parser;
use serde_yaml_ng::Value;

use crate::gen_collector::assert_pipelines_consistent;
use crate::support::{otelkit, stderr_of, stdout_of};

fn run(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    otelkit(dir).args(args).output().unwrap()
}

fn docs(stream: &str) -> Vec<Value> {
    serde_yaml_ng::Deserializer::from_str(stream)
        .map(|d| serde::Deserialize::deserialize(d).expect("document parses"))
        .collect()
}

fn kind<'a>(docs: &'a [Value], kind: &str) -> Option<&'a Value> {
    docs.iter().find(|d| d["kind"].as_str() == Some(kind))
}

/// The ports a collector config listens on: receivers' and extensions' endpoints, exporters'
/// pull endpoints and the self-telemetry reader.
fn config_ports(config: &Value) -> Vec<u64> {
    let mut ports = Vec::new();
    let port_of = |v: &Value| v.as_str().and_then(|s| s.rsplit(':').next()).and_then(|p| p.parse::<u64>().ok());
    for proto in ["grpc", "http"] {
        ports.extend(port_of(&config["receivers"]["otlp"]["protocols"][proto]["endpoint"]));
    }
    ports.extend(port_of(&config["exporters"]["prometheus"]["endpoint"]));
    ports.extend(
        config["service"]["telemetry"]["metrics"]["readers"][0]["pull"]["exporter"]["prometheus"]["port"].as_u64(),
    );
    ports.sort_unstable();
    ports
}

#[test]
fn gateway_stream_snapshot() {
    let _v = crate::support::versionless();
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["gen", "k8s"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    insta::assert_snapshot!(stdout_of(&out));
}

#[test]
fn configmap_holds_exactly_gen_collector_output_and_service_exposes_its_ports() {
    let dir = tempfile::tempdir().unwrap();
    let flags = ["--metric-namespace", "agentstack", "--tenant", "acme"];
    let k8s = stdout_of(&run(dir.path(), &[&["gen", "k8s"][..], &flags].concat()));
    let collector = stdout_of(&run(dir.path(), &[&["gen", "collector", "--bind-all"][..], &flags].concat()));
    let docs = docs(&k8s);
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["Namespace", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget"]);

    let embedded = kind(&docs, "ConfigMap").unwrap()["data"]["config.yaml"].as_str().unwrap();
    assert_eq!(embedded, collector, "the ConfigMap must hold what gen collector writes");
    assert_pipelines_consistent(embedded);
    let config: Value = serde_yaml_ng::from_str(embedded).unwrap();

    let service = kind(&docs, "Service").unwrap();
    let mut service_ports: Vec<u64> =
        service["spec"]["ports"].as_sequence().unwrap().iter().map(|p| p["port"].as_u64().unwrap()).collect();
    service_ports.sort_unstable();
    assert_eq!(service_ports, config_ports(&config));
    for p in service["spec"]["ports"].as_sequence().unwrap() {
        assert!(p["name"].as_str().is_some_and(|n| !n.is_empty()), "every Service port is named");
    }

    let deploy = kind(&docs, "Deployment").unwrap();
    let pod = &deploy["spec"]["template"]["spec"];
    let container = &pod["containers"][0];
    let mut container_ports: Vec<u64> =
        container["ports"].as_sequence().unwrap().iter().map(|p| p["containerPort"].as_u64().unwrap()).collect();
    container_ports.sort_unstable();
    assert_eq!(container_ports, [4317, 4318, 8888, 8889, 13133]);
    assert_eq!(container["image"].as_str(), Some("otel/opentelemetry-collector-contrib:0.161.0"));
    assert_eq!(container["securityContext"]["readOnlyRootFilesystem"].as_bool(), Some(true));
    assert_eq!(container["securityContext"]["capabilities"]["drop"][0].as_str(), Some("ALL"));
    assert_eq!(pod["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    assert_eq!(container["livenessProbe"]["httpGet"]["port"].as_str(), Some("health"));
    assert_eq!(container["readinessProbe"]["httpGet"]["port"].as_str(), Some("health"));
    assert!(container["resources"]["limits"]["memory"].as_str().is_some());
    let checksum = deploy["spec"]["template"]["metadata"]["annotations"]["checksum/config"].as_str().unwrap();
    assert_eq!(checksum.len(), 64);
}

#[test]
fn config_change_changes_the_checksum() {
    let dir = tempfile::tempdir().unwrap();
    let checksum = |args: &[&str]| {
        let docs = docs(&stdout_of(&run(dir.path(), &[&["gen", "k8s"][..], args].concat())));
        kind(&docs, "Deployment").unwrap()["spec"]["template"]["metadata"]["annotations"]["checksum/config"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_ne!(checksum(&[]), checksum(&["--environment", "prod"]));
}

#[test]
fn agent_mode_is_a_daemonset_with_host_ports_and_no_pdb() {
    let dir = tempfile::tempdir().unwrap();
    let docs = docs(&stdout_of(&run(dir.path(), &["gen", "k8s", "--mode", "agent"])));
    assert!(kind(&docs, "PodDisruptionBudget").is_none());
    let ds = kind(&docs, "DaemonSet").expect("DaemonSet");
    let ports = ds["spec"]["template"]["spec"]["containers"][0]["ports"].as_sequence().unwrap();
    let host: Vec<u64> = ports.iter().filter_map(|p| p["hostPort"].as_u64()).collect();
    assert_eq!(host, [4317, 4318]);
}

#[test]
fn auth_token_comes_from_a_secret_never_a_literal() {
    let dir = tempfile::tempdir().unwrap();
    let stream = stdout_of(&run(dir.path(), &["gen", "k8s", "--auth-token-env", "BACKEND_TOKEN"]));
    assert!(stream.contains("Bearer ${env:BACKEND_TOKEN}"));
    let docs = docs(&stream);
    let env = &kind(&docs, "Deployment").unwrap()["spec"]["template"]["spec"]["containers"][0]["env"];
    let token = env.as_sequence().unwrap().iter().find(|e| e["name"].as_str() == Some("BACKEND_TOKEN")).unwrap();
    assert_eq!(token["valueFrom"]["secretKeyRef"]["name"].as_str(), Some("otel-collector-auth"));
}

#[test]
fn dir_output_has_a_kustomization_and_check_detects_drift() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["gen", "k8s", "--dir", "k8s"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let kust: Value =
        serde_yaml_ng::from_str(&std::fs::read_to_string(dir.path().join("k8s/kustomization.yaml")).unwrap()).unwrap();
    let resources: Vec<&str> = kust["resources"].as_sequence().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert_eq!(
        resources,
        ["namespace.yaml", "configmap.yaml", "deployment.yaml", "service.yaml", "poddisruptionbudget.yaml"]
    );
    for r in &resources {
        assert!(dir.path().join("k8s").join(r).is_file(), "{r} written");
    }

    let check = run(dir.path(), &["gen", "k8s", "--dir", "k8s", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr_of(&check));

    let svc = dir.path().join("k8s/service.yaml");
    std::fs::write(&svc, std::fs::read_to_string(&svc).unwrap().replace("port: 4317", "port: 14317")).unwrap();
    let check = run(dir.path(), &["gen", "k8s", "--dir", "k8s", "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let diff = stdout_of(&check);
    assert!(diff.contains("-      port: 14317") && diff.contains("+      port: 4317"), "{diff}");
    assert!(std::fs::read_to_string(&svc).unwrap().contains("14317"), "--check writes nothing");
}

#[test]
fn invalid_namespace_is_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["gen", "k8s", "--namespace", "Not_Valid"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).starts_with("error: --namespace \"Not_Valid\" is not a valid Kubernetes name"));
}

#[test]
fn canary_is_one_hardened_replica_scraped_through_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let image = "ghcr.io/acme/otelkit:0.1.0";
    let out = run(dir.path(), &["gen", "k8s", "--canary", "--image", image, "--tenant", "acme"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let docs = docs(&stdout_of(&out));
    let kinds: Vec<&str> = docs.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["Namespace", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget", "Deployment", "Service"]
    );
    let canary = docs.iter().find(|d| d["metadata"]["name"] == "otelkit-canary" && d["kind"] == "Deployment").unwrap();
    let service = docs.iter().find(|d| d["metadata"]["name"] == "otelkit-canary" && d["kind"] == "Service").unwrap();
    assert_eq!(canary["spec"]["replicas"].as_u64(), Some(1));
    let pod = &canary["spec"]["template"];
    for annotations in [&pod["metadata"]["annotations"], &service["metadata"]["annotations"]] {
        assert_eq!(annotations["prometheus.io/scrape"], "true");
        assert_eq!(annotations["prometheus.io/port"], "9465");
        assert_eq!(annotations["prometheus.io/path"], "/metrics");
    }
    let spec = &pod["spec"];
    assert_eq!(spec["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    assert_eq!(spec["securityContext"]["seccompProfile"]["type"], "RuntimeDefault");
    let c = &spec["containers"][0];
    assert_eq!(c["image"], image);
    assert_eq!(c["securityContext"]["readOnlyRootFilesystem"].as_bool(), Some(true));
    assert_eq!(c["securityContext"]["allowPrivilegeEscalation"].as_bool(), Some(false));
    assert_eq!(c["securityContext"]["capabilities"]["drop"][0], "ALL");
    assert_eq!(c["livenessProbe"]["httpGet"]["path"], "/healthz");
    assert_eq!(c["readinessProbe"]["httpGet"]["path"], "/ready");
    let args: Vec<&str> = c["args"].as_sequence().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(&args[..3], ["canary", "--listen", "0.0.0.0:9465"]);
    let env = |name: &str| {
        c["env"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|e| e["name"] == name)
            .map(|e| e["value"].as_str().unwrap().to_owned())
    };
    assert_eq!(env("OTEL_EXPORTER_OTLP_ENDPOINT").as_deref(), Some("http://otel-collector.observability.svc:4318"));
    assert_eq!(env("OTELKIT_TENANT").as_deref(), Some("acme"));
    // The selector picks the canary's pods only, never the collector's.
    assert_eq!(service["spec"]["selector"]["app.kubernetes.io/name"], "otelkit-canary");

    // Parsed by the canary's own command line: the args and environment are ones it takes.
    let cli = otelkit::cli::Cli::try_parse_from(std::iter::once("otelkit").chain(args.iter().copied()));
    assert!(cli.is_ok(), "{:?}", cli.err());

    // An agent collector is reached on the node's address.
    let out = run(dir.path(), &["gen", "k8s", "--mode", "agent", "--canary", "--image", image]);
    assert!(stdout_of(&out).contains("value: http://$(HOST_IP):4318"), "{}", stdout_of(&out));

    for bad in [&["--canary"][..], &["--image", image], &["--canary", "--image", "a b"]] {
        let out = run(dir.path(), &[&["gen", "k8s"][..], bad].concat());
        assert_eq!(out.status.code(), Some(2), "{bad:?}: {}", stderr_of(&out));
    }
}

/// A PodDisruptionBudget that lets one collector go at a time: `minAvailable: 1` with one replica
/// blocked every node drain. No replicas at all is a usage error.
#[test]
fn the_disruption_budget_never_blocks_a_drain_and_zero_replicas_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for replicas in ["1", "2", "5"] {
        let out = run(dir.path(), &["gen", "k8s", "--replicas", replicas]);
        assert!(out.status.success(), "{}", stderr_of(&out));
        let docs = docs(&stdout_of(&out));
        assert_eq!(kind(&docs, "Deployment").unwrap()["spec"]["replicas"].as_u64(), replicas.parse().ok());
        let spec = &kind(&docs, "PodDisruptionBudget").expect("a PDB")["spec"];
        assert_eq!(spec["maxUnavailable"].as_u64(), Some(1), "--replicas {replicas}: {spec:?}");
        assert!(spec["minAvailable"].is_null(), "--replicas {replicas}: {spec:?}");
    }
    let out = run(dir.path(), &["gen", "k8s", "--replicas", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).starts_with("error: --replicas 0: the gateway would run no collector"),
        "{}",
        stderr_of(&out)
    );
}

/// The stream's header names the settings that shape it, and running it gives the same stream.
#[test]
fn the_stream_header_regenerates_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let args =
        ["gen", "k8s", "--tenant", "acme", "--metric-namespace", "agentstack", "--namespace", "obs", "--replicas", "3"];
    let stream = stdout_of(&run(dir.path(), &args));
    let header = stream.lines().next().unwrap();
    let command = header.split_once("Regenerate with: otelkit ").expect("a Regenerate line").1;
    assert_eq!(command, "gen k8s --metric-namespace agentstack --tenant acme --namespace obs --replicas 3");
    let again = stdout_of(&run(dir.path(), &command.split(' ').collect::<Vec<_>>()));
    assert_eq!(again, stream);
}

fn pod_annotations(docs: &[Value]) -> &Value {
    &kind(docs, "Deployment").or_else(|| kind(docs, "DaemonSet")).unwrap()["spec"]["template"]["metadata"]
        ["annotations"]
}

/// By default Prometheus finds the collector through prometheus.io annotations on its pods: the
/// exporter's port, else (no exporter) the collector's own metrics.
#[test]
fn the_collector_is_scraped_through_annotations_by_default() {
    let dir = tempfile::tempdir().unwrap();
    for (args, port) in
        // An agent exports nothing itself: it forwards to the next tier.
        [(&[][..], "8889"), (&["--metrics", "remote-write"][..], "8888"), (&["--mode", "agent"], "8888")]
    {
        let docs = docs(&stdout_of(&run(dir.path(), &[&["gen", "k8s"][..], args].concat())));
        let annotations = pod_annotations(&docs);
        assert_eq!(annotations["prometheus.io/scrape"], "true", "{args:?}");
        assert_eq!(annotations["prometheus.io/port"], port, "{args:?}");
        assert_eq!(annotations["prometheus.io/path"], "/metrics", "{args:?}");
        assert!(kind(&docs, "ServiceMonitor").is_none());
    }
}

/// With --prometheus-operator a ServiceMonitor selects the collector's Service and scrapes the
/// exporter with honorLabels (the services' job and instance survive) and the collector's own
/// metrics; the annotations are left off so nothing is scraped twice.
#[test]
fn prometheus_operator_gets_a_service_monitor_that_honours_labels() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["gen", "k8s", "--prometheus-operator", "--namespace", "obs"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stream = stdout_of(&out);
    assert!(stream.lines().next().unwrap().ends_with("gen k8s --namespace obs --prometheus-operator"));
    let manifests = docs(&stream);
    assert!(pod_annotations(&manifests)["prometheus.io/scrape"].is_null());
    let monitor = kind(&manifests, "ServiceMonitor").expect("a ServiceMonitor");
    assert_eq!(monitor["apiVersion"], "monitoring.coreos.com/v1");
    assert_eq!(monitor["metadata"]["namespace"], "obs");
    let service = kind(&manifests, "Service").unwrap();
    for (k, v) in monitor["spec"]["selector"]["matchLabels"].as_mapping().unwrap() {
        assert_eq!(&service["metadata"]["labels"][k.as_str().unwrap()], v, "the selector picks the Service");
    }
    assert_eq!(monitor["spec"]["namespaceSelector"]["matchNames"][0], "obs");
    let endpoints: Vec<(&str, bool)> = monitor["spec"]["endpoints"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| (e["port"].as_str().unwrap(), e["honorLabels"].as_bool().unwrap_or(false)))
        .collect();
    assert_eq!(endpoints, [("prom-exporter", true), ("self-metrics", false)]);
    let service_ports: Vec<&str> =
        service["spec"]["ports"].as_sequence().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    for (port, _) in &endpoints {
        assert!(service_ports.contains(port), "{port} is a Service port: {service_ports:?}");
    }
    crate::k8s_schema::assert_valid_service_monitor(monitor);

    let manifests = docs(&stdout_of(&run(dir.path(), &["gen", "k8s", "--prometheus-operator", "--metrics", "otlp"])));
    let monitor = kind(&manifests, "ServiceMonitor").unwrap();
    assert_eq!(monitor["spec"]["endpoints"].as_sequence().unwrap().len(), 1);
    assert_eq!(monitor["spec"]["endpoints"][0]["port"], "self-metrics");
    crate::k8s_schema::assert_valid_service_monitor(monitor);

    let out = run(dir.path(), &["gen", "k8s", "--prometheus-operator", "--dir", "k8s"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let kust = std::fs::read_to_string(dir.path().join("k8s/kustomization.yaml")).unwrap();
    assert!(kust.contains("  - servicemonitor.yaml"), "{kust}");
}

/// The canary's container environment, by name.
fn canary_env(stream: &str) -> Vec<(String, String)> {
    let docs = docs(stream);
    let canary = docs.iter().find(|d| d["metadata"]["name"] == "otelkit-canary" && d["kind"] == "Deployment").unwrap();
    canary["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|e| Some((e["name"].as_str()?.to_owned(), e["value"].as_str()?.to_owned())))
        .collect()
}

/// The canary checks the stores the collector exports to, as gen compose runs them: the canary
/// itself, given that environment, resolves them (`--show-settings`).
#[test]
fn the_canary_follows_the_chosen_stores() {
    let dir = tempfile::tempdir().unwrap();
    let canary = ["--canary", "--image", "otelkit:1"];
    for (stores, expected) in [
        (
            &[][..],
            [("tempo", "http://tempo:3200/"), ("loki", "http://loki:3100/"), ("prometheus", "http://prometheus:9090/")],
        ),
        (
            &[
                "--traces",
                "jaeger",
                "--logs",
                "victorialogs",
                "--metrics",
                "victoriametrics",
                "--jaeger-endpoint",
                "j.obs:4317",
            ],
            [
                ("jaeger", "http://j.obs:16686/"),
                ("victorialogs", "http://victorialogs:9428/"),
                ("victoriametrics", "http://victoriametrics:8428/"),
            ],
        ),
    ] {
        let out = run(dir.path(), &[&["gen", "k8s"][..], &canary, stores].concat());
        assert!(out.status.success(), "{}", stderr_of(&out));
        let env = canary_env(&stdout_of(&out));
        let urls: Vec<&str> = env.iter().filter(|(k, _)| k.ends_with("_URL")).map(|(k, _)| k.as_str()).collect();
        assert_eq!(urls.len(), 3, "one query URL per signal, of its store only: {env:?}");
        let shown = otelkit(dir.path())
            .args(["canary", "--show-settings", "--no-config"])
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap();
        assert!(shown.status.success(), "{}", stderr_of(&shown));
        let json: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
        let plan = &json["plan"];
        for (signal, (store, url)) in ["traces", "logs", "metrics"].into_iter().zip(expected) {
            assert_eq!(plan["stores"][signal].as_str(), Some(store), "{stores:?} {signal}");
            assert_eq!(plan[signal]["url"].as_str(), Some(url), "{stores:?} {signal}");
        }
    }
}

/// A sampler's canary enters at the front (the gateway's Service), named as the agents name it.
#[test]
fn a_samplers_canary_sends_to_the_gateway_service() {
    let dir = tempfile::tempdir().unwrap();
    for (extra, endpoint) in [
        (&[][..], "http://otel-collector.observability.svc:4318"),
        (&["--gateway-endpoint", "gw:4317"], "http://gw.observability.svc:4318"),
    ] {
        let args = [&["gen", "k8s", "--mode", "sampler", "--canary", "--image", "otelkit:1"][..], extra].concat();
        let out = run(dir.path(), &args);
        assert!(out.status.success(), "{}", stderr_of(&out));
        let env = canary_env(&stdout_of(&out));
        let otlp = env.iter().find(|(k, _)| k == "OTEL_EXPORTER_OTLP_ENDPOINT").map(|(_, v)| v.as_str());
        assert_eq!(otlp, Some(endpoint), "{extra:?}");
    }
}

/// `--tenant`'s help says what each store gets, as the config writes it.
#[test]
fn the_tenant_help_names_each_stores_header() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout_of(&run(dir.path(), &["gen", "collector", "--help"]));
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("X-Scope-OrgID to Tempo, Loki, Prometheus/Mimir"), "{help}");
    assert!(help.contains("to VictoriaLogs AccountID and ProjectID headers"), "{help}");
    let out = run(dir.path(), &["gen", "collector", "--tenant", "12:3", "--logs", "victorialogs", "--metrics", "otlp"]);
    let doc: Value = serde_yaml_ng::from_str(&stdout_of(&out)).unwrap();
    let headers = |exporter: &str| doc["exporters"][exporter]["headers"].clone();
    assert_eq!(headers("otlp_grpc/tempo")["X-Scope-OrgID"].as_str(), Some("12:3"));
    assert_eq!(headers("otlp_http/prometheus")["X-Scope-OrgID"].as_str(), Some("12:3"));
    let vl = headers("otlp_http/victorialogs");
    assert_eq!((vl["AccountID"].as_str(), vl["ProjectID"].as_str()), (Some("12"), Some("3")));
    assert!(vl["X-Scope-OrgID"].is_null());
}
