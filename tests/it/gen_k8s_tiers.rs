//! `gen k8s --mode agent|load-balancer|sampler`: the manifests of each tier, by structure
//! (acceptance test 12), and the RBAC rules listed exactly.

use serde_yaml_ng::Value;

use crate::support::{otelkit, stderr_of, stdout_of};

fn manifests(args: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["gen", "k8s"]).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    serde_yaml_ng::Deserializer::from_str(&stdout_of(&out))
        .map(|d| serde::Deserialize::deserialize(d).expect("document parses"))
        .collect()
}

fn kinds(docs: &[Value]) -> Vec<&str> {
    docs.iter().filter_map(|d| d["kind"].as_str()).collect()
}

fn one<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    let mut found = docs.iter().filter(|d| d["kind"].as_str() == Some(kind));
    let doc = found.next().unwrap_or_else(|| panic!("no {kind} in {:?}", kinds(docs)));
    assert!(found.next().is_none(), "two {kind}s");
    doc
}

fn pod(workload: &Value) -> &Value {
    &workload["spec"]["template"]["spec"]
}

fn container(workload: &Value) -> &Value {
    &pod(workload)["containers"][0]
}

fn env<'a>(workload: &'a Value, name: &str) -> Option<&'a Value> {
    container(workload)["env"].as_sequence()?.iter().find(|e| e["name"].as_str() == Some(name))
}

fn config(docs: &[Value]) -> Value {
    serde_yaml_ng::from_str(one(docs, "ConfigMap")["data"]["config.yaml"].as_str().unwrap()).unwrap()
}

/// RBAC rules as (apiGroups, resources, verbs), each list sorted.
fn rules(doc: &Value) -> Vec<(Vec<String>, Vec<String>, Vec<String>)> {
    let list = |v: &Value| {
        let mut l: Vec<String> = v.as_sequence().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect();
        l.sort();
        l
    };
    doc["rules"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|r| (list(&r["apiGroups"]), list(&r["resources"]), list(&r["verbs"])))
        .collect()
}

fn rule(groups: &[&str], resources: &[&str]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let own = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    (own(groups), own(resources), own(&["get", "list", "watch"]))
}

fn host_ports(workload: &Value) -> Vec<u64> {
    container(workload)["ports"].as_sequence().unwrap().iter().filter_map(|p| p["hostPort"].as_u64()).collect()
}

/// GOMEMLIMIT follows the container's own memory limit.
fn assert_gomemlimit_from_the_limit(workload: &Value) {
    let field = &env(workload, "GOMEMLIMIT").expect("GOMEMLIMIT")["valueFrom"]["resourceFieldRef"];
    assert_eq!(field["resource"].as_str(), Some("limits.memory"));
    assert_eq!(field["containerName"], container(workload)["name"]);
    assert!(container(workload)["resources"]["limits"]["memory"].is_string());
}

/// The one writable path is the queue's, mounted where file_storage keeps it.
fn assert_queue_volume_writable(docs: &[Value], workload: &Value) {
    let dir = config(docs)["extensions"]["file_storage/queue"]["directory"].as_str().unwrap().to_owned();
    let c = container(workload);
    assert_eq!(c["securityContext"]["readOnlyRootFilesystem"].as_bool(), Some(true));
    let mounts = c["volumeMounts"].as_sequence().unwrap();
    let queue = mounts.iter().find(|m| m["mountPath"].as_str() == Some(&dir)).expect("the queue directory is mounted");
    assert_ne!(queue["readOnly"].as_bool(), Some(true), "the queue must be writable");
    assert_eq!(pod(workload)["securityContext"]["fsGroup"].as_u64(), Some(10001));
}

#[test]
fn agents_are_a_daemonset_with_host_ports_and_the_node_from_the_downward_api() {
    let docs = manifests(&["--mode", "agent"]);
    assert_eq!(kinds(&docs), ["Namespace", "ConfigMap", "DaemonSet", "Service"]);
    let ds = one(&docs, "DaemonSet");
    assert_eq!(host_ports(ds), [4317, 4318]);
    let node = env(ds, "K8S_NODE_NAME").expect("K8S_NODE_NAME");
    assert_eq!(node["valueFrom"]["fieldRef"]["fieldPath"].as_str(), Some("spec.nodeName"));
    let config = config(&docs);
    assert_eq!(config["processors"]["k8s_attributes"]["filter"]["node_from_env_var"].as_str(), Some("K8S_NODE_NAME"));
    assert_eq!(config["processors"]["k8s_attributes"]["passthrough"].as_bool(), Some(true));
    // Passthrough makes no API call: no ServiceAccount token, no roles.
    assert_eq!(pod(ds)["automountServiceAccountToken"].as_bool(), Some(false));
    assert_gomemlimit_from_the_limit(ds);
}

#[test]
fn the_load_balancer_is_stateless_autoscaled_and_may_read_exactly_what_it_needs() {
    let docs = manifests(&["--mode", "load-balancer", "--namespace", "obs", "--replicas", "3"]);
    assert_eq!(
        kinds(&docs),
        [
            "Namespace",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "ConfigMap",
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler"
        ]
    );
    let deploy = one(&docs, "Deployment");
    assert!(host_ports(deploy).is_empty(), "host ports are the agents' only");
    assert!(deploy["spec"]["replicas"].is_null(), "the HPA owns the replica count");
    assert_eq!(pod(deploy)["serviceAccountName"].as_str(), Some("otel-collector"));
    assert_gomemlimit_from_the_limit(deploy);
    assert_queue_volume_writable(&docs, deploy);
    assert!(pod(deploy)["volumes"].as_sequence().unwrap().iter().any(|v| v["emptyDir"].is_mapping()));

    let hpa = one(&docs, "HorizontalPodAutoscaler");
    assert_eq!(hpa["apiVersion"].as_str(), Some("autoscaling/v2"));
    assert_eq!(hpa["spec"]["scaleTargetRef"]["kind"].as_str(), Some("Deployment"));
    assert_eq!(hpa["spec"]["scaleTargetRef"]["name"], deploy["metadata"]["name"]);
    assert_eq!(hpa["spec"]["minReplicas"].as_u64(), Some(3));
    assert_eq!(hpa["spec"]["maxReplicas"].as_u64(), Some(10));
    assert_pdb_never_blocks_a_drain(&docs);
    let many = manifests(&["--mode", "load-balancer", "--replicas", "20"]);
    let many = one(&many, "HorizontalPodAutoscaler");
    assert_eq!((many["spec"]["minReplicas"].as_u64(), many["spec"]["maxReplicas"].as_u64()), (Some(20), Some(40)));

    // k8s_attributes' lookups (pods, their namespaces, the ReplicaSets that name Deployments).
    let cluster_role = one(&docs, "ClusterRole");
    assert_eq!(rules(cluster_role), [rule(&[""], &["namespaces", "pods"]), rule(&["apps"], &["replicasets"])]);
    // load_balancing's k8s resolver: the EndpointSlices of its own namespace only.
    let role = one(&docs, "Role");
    assert_eq!(role["metadata"]["namespace"].as_str(), Some("obs"));
    assert_eq!(rules(role), [rule(&["discovery.k8s.io"], &["endpointslices"])]);
    for (binding, target) in [("ClusterRoleBinding", cluster_role), ("RoleBinding", role)] {
        let b = one(&docs, binding);
        assert_eq!(b["roleRef"]["name"], target["metadata"]["name"], "{binding}");
        assert_eq!(b["subjects"][0]["kind"].as_str(), Some("ServiceAccount"));
        assert_eq!(b["subjects"][0]["name"].as_str(), Some("otel-collector"));
        assert_eq!(b["subjects"][0]["namespace"].as_str(), Some("obs"));
    }
    assert_eq!(
        config(&docs)["exporters"]["load_balancing/samplers"]["resolver"]["k8s"]["service"].as_str(),
        Some("otel-sampler-headless")
    );
}

#[test]
fn with_the_dns_resolver_the_load_balancer_has_no_role() {
    let docs = manifests(&["--mode", "load-balancer", "--resolver", "dns"]);
    assert!(!kinds(&docs).contains(&"Role") && !kinds(&docs).contains(&"RoleBinding"));
    assert_eq!(
        kinds(&docs).iter().filter(|k| k.starts_with("ClusterRole")).count(),
        2,
        "k8s_attributes still looks up"
    );
}

#[test]
fn samplers_are_a_statefulset_behind_a_headless_service_without_an_hpa() {
    let docs = manifests(&["--mode", "sampler", "--replicas", "3"]);
    assert_eq!(kinds(&docs), ["Namespace", "ConfigMap", "StatefulSet", "Service", "PodDisruptionBudget"]);
    let sts = one(&docs, "StatefulSet");
    let service = one(&docs, "Service");
    assert_eq!(service["spec"]["clusterIP"].as_str(), Some("None"));
    assert_eq!(service["metadata"]["name"].as_str(), Some("otel-sampler-headless"));
    assert_eq!(sts["spec"]["serviceName"], service["metadata"]["name"]);
    assert_eq!(sts["spec"]["replicas"].as_u64(), Some(3));
    assert_eq!(service["spec"]["selector"], sts["spec"]["selector"]["matchLabels"]);
    let grpc = service["spec"]["ports"].as_sequence().unwrap().iter().find(|p| p["port"].as_u64() == Some(4317));
    assert!(grpc.is_some(), "load_balancing sends to 4317");
    assert!(host_ports(sts).is_empty());
    assert_eq!(pod(sts)["automountServiceAccountToken"].as_bool(), Some(false));
    assert_gomemlimit_from_the_limit(sts);
    assert_queue_volume_writable(&docs, sts);
    let claim = &sts["spec"]["volumeClaimTemplates"][0];
    assert_eq!(claim["metadata"]["name"].as_str(), Some("queue"));
    assert_eq!(claim["spec"]["accessModes"][0].as_str(), Some("ReadWriteOnce"));
    assert_pdb_never_blocks_a_drain(&docs);
}

/// maxUnavailable 1: a drain always proceeds one pod at a time, whatever the replica count.
fn assert_pdb_never_blocks_a_drain(docs: &[Value]) {
    let pdb = one(docs, "PodDisruptionBudget");
    assert_eq!(pdb["spec"]["maxUnavailable"].as_u64(), Some(1));
    assert!(pdb["spec"]["minAvailable"].is_null());
}

/// Each tier's config and its manifests agree: the Services the tiers send to exist with the
/// names the configs use.
#[test]
fn the_tiers_find_each_other_by_the_names_their_configs_use() {
    let agent = config(&manifests(&["--mode", "agent"]));
    let lb = manifests(&["--mode", "load-balancer"]);
    let gateway_service = one(&lb, "Service")["metadata"]["name"].as_str().unwrap().to_owned();
    assert_eq!(agent["exporters"]["otlp_grpc/gateway"]["endpoint"].as_str(), Some(&*format!("{gateway_service}:4317")));
    let sampler = manifests(&["--mode", "sampler"]);
    assert_eq!(
        config(&lb)["exporters"]["load_balancing/samplers"]["resolver"]["k8s"]["service"],
        one(&sampler, "Service")["metadata"]["name"]
    );
}

/// The same with the names given (flags, or otelkit.toml's `[collector]` keys): each tier's
/// Service is named, and listens, as the config in front of it sends.
#[test]
fn the_tiers_find_each_other_by_the_names_they_are_given() {
    // Each tier is given the names it uses (a flag that changes nothing for a tier is refused).
    let (gateway, sampler) = (["--gateway-endpoint", "otel-gateway.obs.svc:14317"], ["--sampler-service", "samplers"]);
    let ns = ["--namespace", "obs"];
    let agent = config(&manifests(&[&["--mode", "agent"][..], &gateway, &ns].concat()));
    let lb = manifests(&[&["--mode", "load-balancer"][..], &gateway, &sampler, &ns].concat());
    let service = one(&lb, "Service");
    assert_eq!(service["metadata"]["name"].as_str(), Some("otel-gateway"));
    let grpc = service["spec"]["ports"].as_sequence().unwrap().iter().find(|p| p["name"] == "otlp-grpc").unwrap();
    assert_eq!(grpc["port"].as_u64(), Some(14317));
    assert_eq!(grpc["targetPort"].as_str(), Some("otlp-grpc"), "the container still listens on 4317");
    assert_eq!(agent["exporters"]["otlp_grpc/gateway"]["endpoint"].as_str(), Some("otel-gateway.obs.svc:14317"));
    let sampler = manifests(&[&["--mode", "sampler"][..], &sampler, &ns].concat());
    assert_eq!(one(&sampler, "Service")["metadata"]["name"].as_str(), Some("samplers"));
    assert_eq!(one(&sampler, "StatefulSet")["spec"]["serviceName"].as_str(), Some("samplers"));
    assert_eq!(
        config(&lb)["exporters"]["load_balancing/samplers"]["resolver"]["k8s"]["service"].as_str(),
        Some("samplers")
    );

    // From otelkit.toml: one file for every tier's generation.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("otelkit.toml"),
        "[collector]\ngateway_endpoint = \"gw:4317\"\nsampler_service = \"samp\"\n",
    )
    .unwrap();
    let run = |mode: &str| {
        let out = otelkit(dir.path()).args(["gen", "k8s", "--mode", mode]).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let text = stdout_of(&out);
        serde_yaml_ng::Deserializer::from_str(&text)
            .map(|d| serde::Deserialize::deserialize(d).unwrap())
            .collect::<Vec<Value>>()
    };
    assert_eq!(config(&run("agent"))["exporters"]["otlp_grpc/gateway"]["endpoint"].as_str(), Some("gw:4317"));
    assert_eq!(one(&run("gateway"), "Service")["metadata"]["name"].as_str(), Some("gw"));
    assert_eq!(one(&run("sampler"), "Service")["metadata"]["name"].as_str(), Some("samp"));
}

/// A gateway Service gen k8s cannot write under the name the agents use is refused.
#[test]
fn a_gateway_endpoint_no_service_here_can_have_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (endpoint, says) in
        [("10.0.0.1:4317", "not a Service name"), ("gw.other.svc:4317", "names namespace \"other\"")]
    {
        let out = otelkit(dir.path())
            .args(["gen", "k8s", "--mode", "load-balancer", "--gateway-endpoint", endpoint])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{endpoint}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains(says), "{endpoint}: {}", stderr_of(&out));
    }
}

/// `--persistent-queue`: the agent's queue to the gateway on the node (a hostPath that outlives
/// the pod), made writable for the non-root collector by an init container that may only chown.
#[test]
fn an_agents_persistent_queue_is_a_host_path_it_may_write() {
    let docs = manifests(&["--mode", "agent", "--persistent-queue"]);
    let ds = one(&docs, "DaemonSet");
    assert_queue_volume_writable(&docs, ds);
    let volume = pod(ds)["volumes"].as_sequence().unwrap().iter().find(|v| v["name"] == "queue").unwrap();
    assert_eq!(volume["hostPath"]["path"].as_str(), Some("/var/lib/otelcol/file_storage/observability"));
    assert_eq!(volume["hostPath"]["type"].as_str(), Some("DirectoryOrCreate"));
    let init = &pod(ds)["initContainers"][0];
    assert_eq!(init["command"][2], config(&docs)["extensions"]["file_storage/queue"]["directory"]);
    assert_eq!(init["securityContext"]["capabilities"]["add"][0].as_str(), Some("CHOWN"));
    assert_eq!(init["securityContext"]["capabilities"]["drop"][0].as_str(), Some("ALL"));
    assert_eq!(init["securityContext"]["allowPrivilegeEscalation"].as_bool(), Some(false));
    assert_eq!(
        config(&docs)["exporters"]["otlp_grpc/gateway"]["sending_queue"]["storage"].as_str(),
        Some("file_storage/queue")
    );
    // Without it, the agent keeps its queue in memory and mounts nothing but its config.
    let plain = manifests(&["--mode", "agent"]);
    assert!(pod(one(&plain, "DaemonSet"))["initContainers"].is_null());
    assert!(config(&plain)["extensions"]["file_storage/queue"].is_null());
}

/// The k8s-strict decoder .ci/deps/k8s-strict.sh builds, for the k8s.io/api release
/// tests/k8s-strict/go.mod pins.
fn k8s_strict() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let go_mod = std::fs::read_to_string(root.join("tests/k8s-strict/go.mod")).unwrap();
    let version =
        go_mod.lines().find_map(|l| l.trim().strip_prefix("k8s.io/api ")).expect("go.mod requires k8s.io/api").trim();
    let bin = root.join(format!("target/test-deps/k8s-strict-{version}/k8s-strict"));
    assert!(bin.is_file(), "{} is missing: run .ci/deps/k8s-strict.sh", bin.display());
    bin
}

/// What k8s-strict says of each document of a stream, and whether it accepted all.
fn strict(stream: &str) -> (Vec<String>, bool) {
    use std::io::Write;
    let mut child = std::process::Command::new(k8s_strict())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stream.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect(), out.status.success())
}

/// Every manifest of every mode decodes into its typed Kubernetes object with strict field
/// validation (the ServiceMonitor has its own check against its CRD, in k8s_schema.rs).
#[test]
#[ignore = "needs k8s-strict (.ci/deps/k8s-strict.sh)"]
fn every_tiers_manifests_pass_strict_kubernetes_decoding() {
    let dir = tempfile::tempdir().unwrap();
    for mode in ["gateway", "agent", "load-balancer", "sampler"] {
        // Each tier with the flags it takes (one that changes nothing for it is refused).
        let (gateway, sampler) =
            (["--gateway-endpoint", "gw.observability.svc:14317"], ["--sampler-service", "samplers"]);
        let (named, more, queue): (Vec<&str>, Vec<&str>, &[&str]) = match mode {
            "load-balancer" => ([gateway, sampler].concat(), vec!["--resolver", "dns"], &[]),
            "sampler" => (sampler.to_vec(), vec![], &[]),
            "agent" => (gateway.to_vec(), vec![], &["--persistent-queue"]),
            _ => (gateway.to_vec(), vec![], &[]),
        };
        let more = [&more[..], &["--prometheus-operator", "--canary", "--image", "otelkit:1"]].concat();
        for extra in [&[][..], &more, &named, queue] {
            let out = otelkit(dir.path()).args(["gen", "k8s", "--mode", mode]).args(extra).output().unwrap();
            assert!(out.status.success(), "{}", stderr_of(&out));
            let stream = stdout_of(&out);
            let (lines, ok) = strict(&stream);
            let expected: Vec<String> = serde_yaml_ng::Deserializer::from_str(&stream)
                .map(|d| <Value as serde::Deserialize>::deserialize(d).unwrap())
                .map(|d| {
                    let kind = d["kind"].as_str().unwrap().to_owned();
                    if kind == "ServiceMonitor" {
                        format!("skipped {kind}")
                    } else {
                        format!("ok {kind}")
                    }
                })
                .collect();
            assert!(ok, "{mode} {extra:?}: {lines:#?}");
            assert_eq!(lines, expected, "{mode} {extra:?}");
        }
    }
}

/// The check catches what the API server would refuse.
#[test]
#[ignore = "needs k8s-strict (.ci/deps/k8s-strict.sh)"]
fn strict_decoding_refuses_a_misspelled_field_a_wrong_type_and_a_duplicate() {
    let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  serviceName: h\n  \
               selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}}\n";
    assert!(strict(sts).1, "{:?}", strict(sts).0);
    for bad in [
        sts.replace("serviceName", "servicename"),
        sts.replace("serviceName: h", "serviceName: [h]"),
        sts.replace("serviceName: h", "serviceName: h\n  serviceName: i"),
    ] {
        let (lines, ok) = strict(&bad);
        assert!(!ok && lines.iter().any(|l| l.starts_with("document 0:")), "{bad}: {lines:?}");
    }
}

/// The stream's "Regenerate with" line carries the tier names and the queue, from otelkit.toml
/// too: run without the file, it writes the same stream.
#[test]
fn the_regenerate_line_gives_the_same_tier() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("otelkit.toml"),
        "[collector]\ngateway_endpoint = \"gw:14317\"\nsampler_service = \"samp\"\npersistent_queue = true\n",
    )
    .unwrap();
    let bare = tempfile::tempdir().unwrap();
    for mode in ["gateway", "agent", "load-balancer", "sampler"] {
        let out = otelkit(dir.path()).args(["gen", "k8s", "--mode", mode]).output().unwrap();
        assert!(out.status.success(), "{mode}: {}", stderr_of(&out));
        let stream = stdout_of(&out);
        let line = stream.lines().next().unwrap();
        let command = line.split_once("Regenerate with: otelkit ").unwrap().1;
        let again = otelkit(bare.path()).args(command.split_whitespace()).output().unwrap();
        assert!(again.status.success(), "{command}: {}", stderr_of(&again));
        assert_eq!(stdout_of(&again), stream, "{mode}: {command}");
    }
}
