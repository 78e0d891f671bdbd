//! `gen compose`, `gen grafana`, `gen alerts`: snapshots, structure, promtool, and every PromQL
//! expression evaluated by a real Prometheus scraping the recorded collector exposition.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use otelkit::cli::CollectorArgs;
use otelkit::collector::plan::CollectorPlan;
use otelkit::commands::gen::{alerts, compose, grafana};
use otelkit::naming::{label_name, InstrumentKind, DESIGN_METRICS};
use otelkit::settings::gen::{AlertOptions, GrafanaTargets};
use otelkit::settings::{ProjectFile, Settings};
use otelkit::templates::Templates;
use serde_yaml_ng::Value;

use crate::real_prometheus::{RealPrometheus, ScrapePage, OPENMETRICS, PROM_TEXT};
use crate::support::read_recorded;
use crate::support::{otelkit, prometheus_tool, stderr_of, stdout_of};

fn plan(namespace: Option<&str>) -> CollectorPlan {
    let args = CollectorArgs { metric_namespace: namespace.map(str::to_owned), ..Default::default() };
    otelkit::settings::gen::collector_plan(&Settings::with_env(ProjectFile::default(), []), &args, true).unwrap()
}

fn read_tree(root: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn compose_tree_snapshot() {
    let _v = crate::support::versionless();
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path())
        .args(["gen", "compose", "--dir", "stack", "--metric-namespace", "agentstack"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    for (rel, text) in read_tree(&dir.path().join("stack")) {
        insta::assert_snapshot!(format!("compose__{}", rel.replace('/', "__")), text);
    }
}

#[test]
fn compose_mounts_only_generated_files_and_publishes_smoke_test_ports() {
    let dir = tempfile::tempdir().unwrap();
    for metrics in ["prometheus", "remote-write", "otlp"] {
        let stack = dir.path().join(metrics);
        let out =
            otelkit(dir.path()).args(["gen", "compose", "--metrics", metrics, "--dir"]).arg(&stack).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let compose: Value =
            serde_yaml_ng::from_str(&std::fs::read_to_string(stack.join("docker-compose.yaml")).unwrap()).unwrap();
        let mut published = BTreeSet::new();
        for (name, service) in compose["services"].as_mapping().unwrap() {
            let image = service["image"].as_str().unwrap();
            assert!(image.contains(':') && !image.ends_with(":latest"), "{name:?} pins its image: {image}");
            for v in service["volumes"].as_sequence().into_iter().flatten() {
                let host = v.as_str().unwrap().split(':').next().unwrap();
                if host.starts_with("./") {
                    assert!(stack.join(host).exists(), "{name:?} mounts {host}, which gen compose must write");
                }
            }
            for p in service["ports"].as_sequence().into_iter().flatten() {
                published.insert(p.as_str().unwrap().split(':').next().unwrap().parse::<u16>().unwrap());
            }
            if name.as_str() != Some("otel-collector") {
                assert!(service["healthcheck"]["test"].is_sequence(), "{name:?} has a health check for --wait");
            }
        }
        for port in [4317, 4318, 13133, 8888, 3200, 3100, 9090, 3000] {
            assert!(published.contains(&port), "{metrics}: port {port} published");
        }
        assert_eq!(published.contains(&8889), metrics == "prometheus");
        let prom_cmd = serde_yaml_ng::to_string(&compose["services"]["prometheus"]["command"]).unwrap();
        assert!(prom_cmd.contains("exemplar-storage"));
        assert_eq!(prom_cmd.contains("--web.enable-otlp-receiver"), metrics == "otlp");
        crate::gen_collector::assert_pipelines_consistent(
            &std::fs::read_to_string(stack.join("otel-collector.yaml")).unwrap(),
        );
    }
}

/// With the other stores chosen, the stack runs them in place of Tempo, Loki and Prometheus, the
/// collector and Grafana wait for them, and Grafana reads them under their own UIDs.
#[test]
fn compose_and_grafana_run_and_read_the_chosen_stores() {
    let dir = tempfile::tempdir().unwrap();
    let stack = dir.path().join("stack");
    let args = ["--traces", "jaeger", "--metrics", "victoriametrics", "--logs", "victorialogs"];
    let out = otelkit(dir.path()).args(["gen", "compose", "--dir"]).arg(&stack).args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(stack.join("docker-compose.yaml")).unwrap();
    let compose: Value = serde_yaml_ng::from_str(&text).unwrap();
    let services = compose["services"].as_mapping().unwrap();
    let names: BTreeSet<&str> = services.keys().filter_map(Value::as_str).collect();
    assert_eq!(names, BTreeSet::from(["grafana", "jaeger", "otel-collector", "victorialogs", "victoriametrics"]));
    for (name, image) in [
        ("jaeger", "jaegertracing/jaeger:2.13.0"),
        ("victoriametrics", "victoriametrics/victoria-metrics:v1.151.0"),
        ("victorialogs", "victoriametrics/victoria-logs:v1.52.1"),
    ] {
        assert_eq!(compose["services"][name]["image"].as_str(), Some(image));
        assert!(compose["services"][name]["healthcheck"]["test"].is_sequence(), "{name} has a health check");
        for waiting in ["otel-collector", "grafana"] {
            let cond = &compose["services"][waiting]["depends_on"][name]["condition"];
            assert_eq!(cond.as_str(), Some("service_healthy"), "{waiting} waits for {name}");
        }
    }
    assert_eq!(compose["services"]["jaeger"]["environment"]["JAEGER_LISTEN_HOST"].as_str(), Some("0.0.0.0"));
    let vm_cmd = serde_yaml_ng::to_string(&compose["services"]["victoriametrics"]["command"]).unwrap();
    assert!(vm_cmd.contains("-opentelemetry.usePrometheusNaming"), "{vm_cmd}");
    for v in services.values().flat_map(|s| s["volumes"].as_sequence().into_iter().flatten()) {
        let host = v.as_str().unwrap().split(':').next().unwrap();
        assert!(!host.starts_with("./") || stack.join(host).exists(), "{host} is mounted but not written");
    }
    assert!(!stack.join("tempo.yaml").exists() && !stack.join("loki.yaml").exists());
    let volumes: BTreeSet<&str> = compose["volumes"].as_mapping().unwrap().keys().filter_map(Value::as_str).collect();
    assert_eq!(volumes, BTreeSet::from(["victorialogs-data", "victoriametrics-data"]));
    let prom = std::fs::read_to_string(stack.join("prometheus/prometheus.yml")).unwrap();
    assert!(prom.contains("localhost:8428") && !prom.contains("localhost:9090"), "{prom}");
    crate::gen_collector::assert_pipelines_consistent(
        &std::fs::read_to_string(stack.join("otel-collector.yaml")).unwrap(),
    );

    let ds: Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(stack.join("grafana/provisioning/datasources/otelkit.yaml")).unwrap(),
    )
    .unwrap();
    let ds = ds["datasources"].as_sequence().unwrap();
    let by_type = |t: &str| ds.iter().find(|d| d["type"].as_str() == Some(t)).unwrap().clone();
    let (vm, jaeger, vl) = (by_type("prometheus"), by_type("jaeger"), by_type("victoriametrics-logs-datasource"));
    assert_eq!(ds.len(), 3);
    assert_eq!(
        [&vm, &jaeger, &vl].map(|d| (d["uid"].as_str().unwrap(), d["url"].as_str().unwrap())),
        [
            ("otelkit-victoriametrics", "http://victoriametrics:8428"),
            ("otelkit-jaeger", "http://jaeger:16686"),
            ("otelkit-victorialogs", "http://victorialogs:9428")
        ]
    );
    assert_eq!(jaeger["jsonData"]["tracesToLogsV2"]["datasourceUid"], vl["uid"]);
    assert_eq!(jaeger["jsonData"]["tracesToMetrics"]["datasourceUid"], vm["uid"]);
    assert_eq!(vm["jsonData"]["exemplarTraceIdDestinations"][0]["datasourceUid"], jaeger["uid"]);
    let logs_query = jaeger["jsonData"]["tracesToLogsV2"]["query"].as_str().unwrap();
    assert!(logs_query.contains("trace_id:=\"$${__span.traceId}\""), "LogsQL: {logs_query}");
    let env = &compose["services"]["grafana"]["environment"]["GF_PLUGINS_PREINSTALL"];
    assert_eq!(env.as_str(), Some("victoriametrics-logs-datasource"));
    let dashboard = std::fs::read_to_string(stack.join("grafana/dashboards/otelkit-services.json")).unwrap();
    assert!(dashboard.contains("otelkit-victoriametrics") && !dashboard.contains("otelkit-prometheus"));
}

/// promtool's verdict: success with no warning.
fn promtool(args: &[&str], file: &Path) {
    let bin = prometheus_tool("promtool");
    let out = std::process::Command::new(bin).args(args).arg(file).output().unwrap();
    let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
    assert!(out.status.success(), "promtool {args:?} failed:\n{all}");
    assert!(!all.to_ascii_lowercase().contains("warn"), "promtool {args:?} warned:\n{all}");
}

#[test]
#[ignore = "needs promtool (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn promtool_accepts_generated_rules_and_config() {
    let dir = tempfile::tempdir().unwrap();
    for (i, extra) in [
        vec![],
        vec!["--metric-namespace", "agentstack", "--for", "10m", "--pipeline-for", "2m"],
        vec!["--metrics", "otlp", "--error-ratio", "0.01", "--latency-p99", "0.25", "--token-burn-per-hour", "5000"],
    ]
    .into_iter()
    .enumerate()
    {
        let file = dir.path().join(format!("rules{i}.yaml"));
        let out = otelkit(dir.path()).args(["gen", "alerts", "-o"]).arg(&file).args(&extra).output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        promtool(&["check", "rules"], &file);
    }
    for metrics in ["prometheus", "otlp"] {
        let stack = dir.path().join(format!("stack-{metrics}"));
        let out =
            otelkit(dir.path()).args(["gen", "compose", "--metrics", metrics, "--dir"]).arg(&stack).output().unwrap();
        assert!(out.status.success());
        promtool(&["check", "config"], &stack.join("prometheus/prometheus.yml"));
    }
}

#[test]
fn bad_alert_options_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        ["--for", "5 minutes"],
        ["--error-ratio", "5"],
        ["--latency-p99", "-1"],
        ["--canary-failed-runs", "0"],
        ["--canary-no-success", "15 min"],
    ] {
        let out = otelkit(dir.path()).args(["gen", "alerts"]).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr_of(&out).starts_with("error: "), "{}", stderr_of(&out));
    }
}

#[test]
fn grafana_datasources_link_every_signal_with_stable_uids() {
    let dir = tempfile::tempdir().unwrap();
    let out = otelkit(dir.path()).args(["gen", "grafana", "--dir", "g"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let ds: Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(dir.path().join("g/provisioning/datasources/otelkit.yaml")).unwrap(),
    )
    .unwrap();
    let by_type = |t: &str| {
        ds["datasources"].as_sequence().unwrap().iter().find(|d| d["type"].as_str() == Some(t)).unwrap().clone()
    };
    let (prom, tempo, loki) = (by_type("prometheus"), by_type("tempo"), by_type("loki"));
    assert_eq!(prom["uid"].as_str(), Some("otelkit-prometheus"));
    assert_eq!(tempo["jsonData"]["tracesToLogsV2"]["datasourceUid"], loki["uid"]);
    assert!(tempo["jsonData"]["tracesToLogsV2"]["query"].as_str().unwrap().contains("trace_id=\"$${__span.traceId}\""));
    assert_eq!(tempo["jsonData"]["tracesToMetrics"]["datasourceUid"], prom["uid"]);
    assert_eq!(loki["jsonData"]["derivedFields"][0]["datasourceUid"], tempo["uid"]);
    assert_eq!(loki["jsonData"]["derivedFields"][0]["matcherType"].as_str(), Some("label"));
    assert_eq!(prom["jsonData"]["exemplarTraceIdDestinations"][0]["name"].as_str(), Some("trace_id"));
    assert_eq!(prom["jsonData"]["exemplarTraceIdDestinations"][0]["datasourceUid"], tempo["uid"]);

    for file in ["otelkit-services.json", "otelkit-llm.json", "otelkit-collector.json"] {
        let d: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join("g/dashboards").join(file)).unwrap())
                .unwrap();
        assert!(d["schemaVersion"].as_u64().unwrap() >= 36);
        assert!(!grafana::dashboard_queries(&d).is_empty());
        for p in d["panels"].as_array().unwrap() {
            assert_eq!(p["datasource"]["uid"].as_str(), Some("otelkit-prometheus"));
        }
    }
    let check = otelkit(dir.path()).args(["gen", "grafana", "--dir", "g", "--check"]).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    let check = otelkit(dir.path())
        .args(["gen", "grafana", "--dir", "g", "--check", "--metric-namespace", "x"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout_of(&check).contains("+          \"expr\": \"sum by (job) (rate(x_http_requests_total"));
}

/// An OpenMetrics page with every design metric, built by this test (the recordings have none of
/// them); counters grow with each scrape so rates are non-zero.
/// The checks of a passing canary run over all three signals.
fn canary_run() -> Vec<otelkit::pipeline::verdict::Check> {
    use otelkit::pipeline::verdict::{Check, Outcome, Scope};
    use otelkit::signal::Signal;
    [
        ("tempo.trace", Scope::Signal(Signal::Traces)),
        ("loki.logs", Scope::Signal(Signal::Logs)),
        ("prometheus.counter", Scope::Signal(Signal::Metrics)),
        ("correlation", Scope::All),
    ]
    .into_iter()
    .map(|(name, signal)| {
        let mut c = Check::new(name, signal, Outcome::Pass, "found");
        c.visible_after = (signal != Scope::All).then(|| Duration::from_millis(700));
        c
    })
    .collect()
}

fn design_page(ns: Option<&str>, scrape: u64) -> String {
    let labels = |attrs: &[&str], extra: &str| {
        let mut l: Vec<String> = vec!["job=\"svc-a\"".into(), "instance=\"i-1\"".into()];
        for a in attrs {
            let v = match *a {
                "http.response.status_code" => "500",
                "gen_ai.token.type" => "input",
                _ => "x",
            };
            l.push(format!("{}=\"{v}\"", label_name(a)));
        }
        if !extra.is_empty() {
            l.push(extra.to_owned());
        }
        l.join(",")
    };
    let mut out = String::new();
    for m in DESIGN_METRICS {
        let name = m.prometheus_name(ns);
        match m.kind {
            InstrumentKind::Counter => {
                let family = name.trim_end_matches("_total");
                out += &format!("# TYPE {family} counter\n{name}{{{}}} {}\n", labels(m.attributes, ""), scrape * 10);
            }
            InstrumentKind::UpDownCounter | InstrumentKind::Gauge => {
                out += &format!("# TYPE {name} gauge\n{name}{{{}}} 3\n", labels(m.attributes, ""));
            }
            InstrumentKind::Histogram => {
                out += &format!("# TYPE {name} histogram\n");
                for le in m.buckets.iter().map(|b| format!("{b:?}")).chain(["+Inf".to_owned()]) {
                    out += &format!(
                        "{name}_bucket{{{}}} {}\n",
                        labels(m.attributes, &format!("le=\"{le}\"")),
                        scrape * 10
                    );
                }
                out += &format!("{name}_sum{{{}}} {}\n", labels(m.attributes, ""), scrape * 4);
                out += &format!("{name}_count{{{}}} {}\n", labels(m.attributes, ""), scrape * 10);
            }
        }
    }
    out
}

fn alert_exprs(rules: &str) -> Vec<String> {
    let doc: Value = serde_yaml_ng::from_str(rules).unwrap();
    doc["groups"]
        .as_sequence()
        .unwrap()
        .iter()
        .flat_map(|g| g["rules"].as_sequence().unwrap().iter())
        .map(|r| r["expr"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn every_promql_of_dashboards_and_alerts_runs_on_a_real_prometheus() {
    let ns = Some("agentstack");
    let plan = plan(ns);
    let templates = Templates::builtin().unwrap();

    // The collector's prometheus exporter, as recorded, plus the design metrics.
    let recorded =
        read_recorded("collector/prometheus_exporter.openmetrics.txt").replace("# EOF\n", "").replace("# EOF", "");
    // And an `otelkit canary` that finishes one passing run per scrape.
    let canary = std::sync::Arc::new(otelkit::commands::canary::metrics::Metrics::new());
    let exporter = ScrapePage::serve(OPENMETRICS, move |n| {
        canary.record(&canary_run(), Duration::from_millis(900), std::time::SystemTime::now());
        let canary_page = canary.encode("application/openmetrics-text").1.replace("# EOF\n", "");
        format!("{recorded}{}{canary_page}# EOF\n", design_page(ns, n))
    });
    let self_metrics_text = read_recorded("collector/self_metrics.txt");
    let self_metrics = ScrapePage::serve(PROM_TEXT, move |_| self_metrics_text.clone());

    let config = compose::prometheus_config(
        &plan,
        &compose::ScrapeTargets { exporter: &exporter.addr, self_metrics: &self_metrics.addr },
        "1s",
        &templates,
    )
    .unwrap();
    let rules = alerts::render(&plan, &AlertOptions::default(), &templates).unwrap();
    let prom = RealPrometheus::start(&config, Some(&rules));

    // honor_labels keeps the service's job: the recorded series answer to job="peer-smoke".
    let smoke = prom.wait_for_data(
        "agentstack_smoke_requests_total{job=\"peer-smoke\",smoke_run=\"fx1\"}",
        Duration::from_secs(30),
    );
    assert_eq!(smoke["data"]["result"].as_array().map(Vec::len), Some(1), "{smoke}");

    let targets = GrafanaTargets {
        prometheus_url: String::new(),
        tempo_url: String::new(),
        loki_url: String::new(),
        jaeger_url: String::new(),
        victoriametrics_url: String::new(),
        victorialogs_url: String::new(),
        dashboards_path: String::new(),
    };
    let mut dashboard_queries = Vec::new();
    for f in
        grafana::render(&plan, &targets, &templates).unwrap().into_iter().filter(|f| f.path.starts_with("dashboards"))
    {
        let d: serde_json::Value = serde_json::from_str(&f.content).unwrap();
        dashboard_queries.extend(grafana::dashboard_queries(&d));
    }
    let grafana_vars = |q: &str| q.replace("$__rate_interval", "1m").replace("$job", ".+");

    for q in &dashboard_queries {
        let q = grafana_vars(q);
        let answer = prom.query(&q);
        assert_eq!(answer["status"], "success", "{q}\n{answer}");
        // Failed sends do not exist in a healthy recording; everything else must return data.
        if !q.contains("send_failed") {
            let answer = prom.wait_for_data(&q, Duration::from_secs(20));
            assert!(
                answer["data"]["result"].as_array().is_some_and(|r| !r.is_empty()),
                "no data for dashboard query {q}\n{answer}"
            );
        }
    }
    for expr in alert_exprs(&rules) {
        let answer = prom.query(&expr);
        assert_eq!(answer["status"], "success", "{expr}\n{answer}");
        assert!(answer["warnings"].is_null(), "{expr}\n{answer}");
    }
    // The error-ratio rule fires on the test page (every request there is a 500).
    let fired = prom.wait_for_data(&alert_exprs(&rules)[0], Duration::from_secs(20));
    assert!(fired["data"]["result"].as_array().is_some_and(|r| !r.is_empty()), "{fired}");
}

/// A recorded Prometheus text page with its counters (and histograms' buckets, sums and counts)
/// multiplied by the scrape number, so a static recording yields non-zero rates.
fn growing(page: &str, scrape: u64) -> String {
    let mut out = String::new();
    for line in page.lines() {
        let grown = (!line.starts_with('#'))
            .then(|| line.rsplit_once(' '))
            .flatten()
            .filter(|(series, _)| {
                let name = series.split(['{', ' ']).next().unwrap_or_default();
                ["_bucket", "_count", "_sum", "_total"].iter().any(|s| name.ends_with(s))
            })
            .and_then(|(series, value)| Some((series, value.parse::<f64>().ok()?)));
        match grown {
            Some((series, value)) => out += &format!("{series} {}\n", value * scrape as f64),
            None => out += &format!("{line}\n"),
        }
    }
    out
}

/// The jobs in a query's answer.
fn jobs_of(answer: &serde_json::Value) -> BTreeSet<String> {
    answer["data"]["result"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["metric"]["job"].as_str().map(str::to_owned))
        .collect()
}

/// The RED dashboard and the HTTP alerts show a service instrumented by otelhttp alone (the
/// semantic conventions' http_server_request_duration_seconds, recorded from a real service:
/// tests/fixtures/recorded/services/) as well as one with the design's metrics (`design_page`).
#[test]
#[ignore = "needs prometheus (.ci/deps/prometheus3.sh): .ci/install-test-deps, then cargo test -- --include-ignored"]
fn red_dashboard_and_http_alerts_show_data_for_otelhttp_only_services() {
    // The service's own /metrics has no namespace: the OTLP metrics mode's names.
    let plan = plan(None);
    let templates = Templates::builtin().unwrap();
    let recorded = read_recorded("services/nethttp-otelhttp.prom");
    assert!(!recorded.contains("http_requests_total"), "the recording is of otelhttp alone");
    let service = ScrapePage::serve(PROM_TEXT, move |n| growing(&recorded, n));
    let design = ScrapePage::serve(OPENMETRICS, move |n| format!("{}# EOF\n", design_page(None, n)));
    // A service with both, as otelkit's module records them (its Middleware wraps otelhttp).
    let recorded = read_recorded("services/nethttp-otelhttp.prom");
    let both = ScrapePage::serve(PROM_TEXT, move |n| {
        growing(&recorded, n) + &design_page(None, n).replace("job=\"svc-a\",", "")
    });
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  \
         - job_name: nethttp-otelhttp\n    static_configs:\n      - targets: [\"{}\"]\n  \
         - job_name: both\n    static_configs:\n      - targets: [\"{}\"]\n  \
         - job_name: design\n    honor_labels: true\n    static_configs:\n      - targets: [\"{}\"]\n",
        service.addr, both.addr, design.addr
    );
    let prom = RealPrometheus::start(&config, None);
    let want: BTreeSet<String> = ["nethttp-otelhttp", "svc-a", "both"].map(str::to_owned).into();

    let targets = GrafanaTargets {
        prometheus_url: String::new(),
        tempo_url: String::new(),
        loki_url: String::new(),
        jaeger_url: String::new(),
        victoriametrics_url: String::new(),
        victorialogs_url: String::new(),
        dashboards_path: String::new(),
    };
    let files = grafana::render(&plan, &targets, &templates).unwrap();
    let red = files.iter().find(|f| f.path.ends_with("otelkit-services.json")).expect("the RED dashboard");
    let red: serde_json::Value = serde_json::from_str(&red.content).unwrap();
    let grafana_vars = |q: &str| q.replace("$__rate_interval", "1m").replace("$job", ".+");
    let queries = grafana::dashboard_queries(&red);
    assert_eq!(queries.len(), 6);
    for q in &queries {
        let q = grafana_vars(q);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        let answer = loop {
            let answer = prom.query(&q);
            if jobs_of(&answer) == want || std::time::Instant::now() > deadline {
                break answer;
            }
            std::thread::sleep(Duration::from_millis(250));
        };
        assert_eq!(jobs_of(&answer), want, "dashboard query {q}\n{answer}");
        for r in answer["data"]["result"].as_array().unwrap() {
            let v: f64 = r["value"][1].as_str().unwrap().parse().unwrap();
            assert!(v.is_finite() && v > 0.0, "{q}: {r}");
        }
    }
    for p in red["panels"].as_array().unwrap() {
        let d = p["description"].as_str().unwrap_or_default();
        assert!(d.contains("http_requests_total") || d.contains("http_request_duration_seconds"), "{p}");
        assert!(d.contains("http_server_request_duration_seconds"), "{p}");
    }
    // The Service variable lists both.
    let variable = red["templating"]["list"][0]["definition"].as_str().unwrap();
    let selector = variable.strip_prefix("label_values(").and_then(|v| v.strip_suffix(", job)")).unwrap();
    assert_eq!(jobs_of(&prom.query(&format!("group by (job) ({selector})"))), want, "{variable}");

    // Tempo's span -> metrics links, for a span of either service.
    let datasources = files.iter().find(|f| f.path.ends_with("datasources/otelkit.yaml")).unwrap();
    let datasources: Value = serde_yaml_ng::from_str(&datasources.content).unwrap();
    let tempo = datasources["datasources"].as_sequence().unwrap().iter().find(|d| d["type"] == "tempo").unwrap();
    let links = tempo["jsonData"]["tracesToMetrics"]["queries"].as_sequence().unwrap();
    assert_eq!(links.len(), 3);
    for link in links {
        for job in &want {
            let q = link["query"].as_str().unwrap().replace("$$__tags", &format!("job=\"{job}\""));
            let answer = prom.wait_for_data(&q, Duration::from_secs(20));
            assert_eq!(jobs_of(&answer), BTreeSet::from([job.clone()]), "Tempo link {q}\n{answer}");
        }
    }

    // The HTTP alerts, with thresholds both services exceed, fire for both.
    let opts = AlertOptions { error_ratio: 0.01, latency_p99: 0.001, ..Default::default() };
    let rules = alerts::render(&plan, &opts, &templates).unwrap();
    let doc: Value = serde_yaml_ng::from_str(&rules).unwrap();
    let http_rules = doc["groups"][0]["rules"].as_sequence().unwrap();
    assert_eq!(http_rules.len(), 2);
    for rule in http_rules {
        let expr = rule["expr"].as_str().unwrap();
        let answer = prom.wait_for_data(expr, Duration::from_secs(20));
        assert_eq!(jobs_of(&answer), want, "alert {}: {expr}\n{answer}", rule["alert"].as_str().unwrap());
    }
    // A service recording both is counted once, from the design's counter.
    let value = |q: &str, job: &str| {
        let answer = prom.query(q);
        answer["data"]["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["metric"]["job"] == job)
            .map(|r| r["value"][1].as_str().unwrap().parse::<f64>().unwrap())
            .unwrap_or_else(|| panic!("no {job} in {q}\n{answer}"))
    };
    // (One query, so both sides see the same samples.)
    for q in [&queries[0], &queries[5]] {
        let diff = format!(
            "sum by (job) ({}) - on (job) sum by (job) (rate(http_requests_total{{job=\"both\"}}[1m]))",
            grafana_vars(q)
        );
        assert_eq!(value(&diff, "both"), 0.0, "request rate of `both` minus the design's counter alone: {diff}");
    }

    // The recorded service answered one request in five or so with 500: a ratio, not all or none.
    let ratio = prom.query(&grafana_vars(&queries[1]));
    let ratio = ratio["data"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"]["job"] == "nethttp-otelhttp")
        .map(|r| r["value"][1].as_str().unwrap().parse::<f64>().unwrap())
        .unwrap();
    assert!(ratio > 0.0 && ratio < 1.0, "error ratio of the otelhttp service: {ratio}");
}
