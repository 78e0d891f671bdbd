//! Secrets never show: a distinct password planted in every URL every pipeline command accepts
//! (flags, OTEL_* / OTELKIT_* variables, otelkit.toml), tokens in `--header`,
//! `OTEL_EXPORTER_OTLP_*HEADERS`, `OTELKIT_*_TOKEN` and `OTELKIT_*_BASIC_AUTH`; every command run
//! against a dead and a live pipeline in every output format and verbosity; stdout, stderr and
//! every file written scanned for any of them. And credentials written into an OTLP URL still
//! reach the receiver, as an Authorization header, over HTTP and gRPC.

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::Value;

use crate::fake_pipeline::{FakePipeline, Knobs};
use crate::support::{free_port, otelkit, stderr_of, stdout_of};

/// Every planted secret contains this; no output may.
const MARK: &str = "sekrit";

fn secret(tag: &str) -> String {
    format!("{MARK}-{tag}")
}

/// `http://alice:sekrit-<tag>@host:port<path>`
fn with_password(url: &str, tag: &str) -> String {
    url.replacen("://", &format!("://alice:{}@", secret(tag)), 1)
}

fn b64(pair: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(pair)
}

/// Where a pipeline's parts answer: the live fake, or free ports nobody listens on.
struct Addresses {
    http: String,
    grpc: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Command {
    Smoke,
    Doctor,
    Canary,
    Load,
}

/// Where the URLs come from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Source {
    Flags,
    Env,
    File,
    /// Flags, the queries through Grafana.
    Grafana,
    /// Flags, OTLP over gRPC.
    Grpc,
}

#[derive(Clone, Copy, Debug)]
enum Output {
    /// Human, `-v`, `--explain` and `--diagnose` where taken, a JUnit file where taken.
    HumanVerbose,
    /// `--format json -vv`, a JUnit file where taken.
    JsonRequests,
    /// Human, `-vvv` (every library's trace events).
    HumanEverything,
}

struct Case {
    args: Vec<String>,
    env: Vec<(String, String)>,
    file: Option<String>,
}

fn case(command: Command, source: Source, at: &Addresses, output: Output, dir: &Path) -> Case {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut args = match output {
        Output::HumanVerbose => s(&["-v"]),
        Output::JsonRequests => s(&["--format", "json", "-vv"]),
        Output::HumanEverything => s(&["-vvv"]),
    };
    let mut env: Vec<(String, String)> = [
        ("OTELKIT_TEMPO_TOKEN", secret("tempo-token")),
        ("OTELKIT_LOKI_BASIC_AUTH", format!("alice:{}", secret("loki-basic"))),
        ("OTELKIT_PROMETHEUS_BASIC_AUTH", format!("alice:{}", secret("prometheus-basic"))),
        ("OTELKIT_GRAFANA_TOKEN", secret("grafana-token")),
        ("OTEL_EXPORTER_OTLP_HEADERS", format!("x-api-key={},x-team=blue", secret("otlp-headers"))),
        ("OTEL_EXPORTER_OTLP_LOGS_HEADERS", format!("authorization=Bearer%20{}", secret("otlp-logs-headers"))),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let mut file = None;
    let health = format!("{}/", at.http);
    let telemetry = format!("{}/self/metrics", at.http);
    args.push(
        match command {
            Command::Smoke => "smoke-test",
            Command::Doctor => "doctor",
            Command::Canary => "canary",
            Command::Load => "load",
        }
        .into(),
    );
    match source {
        Source::Flags | Source::Grafana | Source::Grpc => {
            let otlp = if source == Source::Grpc { &at.grpc } else { &at.http };
            args.extend(s(&["--otlp-endpoint", &with_password(otlp, "otlp-flag")]));
            if source == Source::Grpc {
                args.extend(s(&["--protocol", "grpc"]));
            }
            if source == Source::Grafana {
                // Grafana's URL by flag in one output, by OTELKIT_GRAFANA_URL in the others.
                if matches!(output, Output::HumanVerbose) {
                    args.extend(s(&["--grafana", &with_password(&at.http, "grafana-flag")]));
                } else {
                    env.push(("OTELKIT_GRAFANA_URL".into(), with_password(&at.http, "grafana-env")));
                }
            }
            args.extend(s(&["--tempo-url", &with_password(&at.http, "tempo-flag")]));
            args.extend(s(&["--loki-url", &with_password(&at.http, "loki-flag")]));
            args.extend(s(&["--prometheus-url", &with_password(&at.http, "prometheus-flag")]));
            if command == Command::Doctor {
                args.extend(s(&["--otlp-grpc-endpoint", &with_password(&at.grpc, "grpc-flag")]));
                args.extend(s(&["--health-url", &with_password(&health, "health-flag")]));
            }
            if matches!(command, Command::Doctor | Command::Load | Command::Smoke) {
                args.extend(s(&["--telemetry-url", &with_password(&telemetry, "telemetry-flag")]));
            }
            if command != Command::Doctor {
                args.extend(s(&["--header", &format!("Authorization=Bearer {}", secret("header-flag"))]));
                args.extend(s(&["--header", &format!("X-Api-Key={}", secret("api-key-flag"))]));
            }
        }
        Source::Env => {
            for (k, v) in [
                ("OTEL_EXPORTER_OTLP_ENDPOINT", with_password(&at.http, "otlp-env")),
                (
                    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                    format!(
                        "{}?api_key={}",
                        with_password(&format!("{}/v1/traces", at.http), "traces-env"),
                        secret("query")
                    ),
                ),
                ("OTELKIT_TEMPO_URL", with_password(&at.http, "tempo-env")),
                ("OTELKIT_LOKI_URL", with_password(&at.http, "loki-env")),
                ("OTELKIT_PROMETHEUS_URL", with_password(&at.http, "prometheus-env")),
                ("OTELKIT_HEALTH_URL", with_password(&health, "health-env")),
                ("OTELKIT_TELEMETRY_URL", with_password(&telemetry, "telemetry-env")),
            ] {
                env.push((k.to_owned(), v));
            }
        }
        Source::File => {
            file = Some(format!(
                "[collector]\notlp_endpoint = {:?}\nhealth_url = {:?}\ntelemetry_url = {:?}\n\n[backends]\ntempo_url = {:?}\nloki_url = {:?}\nprometheus_url = {:?}\n",
                with_password(&at.http, "otlp-file"),
                with_password(&health, "health-file"),
                with_password(&telemetry, "telemetry-file"),
                with_password(&at.http, "tempo-file"),
                with_password(&at.http, "loki-file"),
                with_password(&at.http, "prometheus-file"),
            ));
            env.push((
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT".into(),
                with_password(&format!("{}/v1/metrics", at.http), "metrics-env"),
            ));
            env.push((
                "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT".into(),
                with_password(&format!("{}/v1/logs", at.http), "logs-env"),
            ));
        }
    }
    let junit = dir.join("report.xml").display().to_string();
    match command {
        Command::Smoke => {
            args.extend(s(&["--timeout", "2", "--junit", &junit]));
            if matches!(output, Output::HumanVerbose) {
                args.extend(s(&["--explain", "--diagnose"]));
            }
        }
        Command::Doctor => args.extend(s(&["--timeout", "2", "--junit", &junit])),
        Command::Canary => {
            let listen = format!("127.0.0.1:{}", free_port());
            args.extend(s(&["--timeout", "2", "--count", "1", "--interval", "1s", "--listen", &listen]));
        }
        Command::Load => args.extend(s(&[
            "--timeout",
            "2",
            "--count",
            "4",
            "--rate",
            "0",
            "--batch-size",
            "1",
            "--workers",
            "1",
            "--settle",
            "1s",
            "--junit",
            &junit,
        ])),
    }
    Case { args, env, file }
}

/// Every secret a case may have planted, in the forms it could leak in.
fn leaks(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text.match_indices(MARK).map(|(i, _)| text[i..].chars().take(40).collect()).collect();
    for pair in ["loki-basic", "prometheus-basic", "vl-basic"].map(|t| format!("alice:{}", secret(t))) {
        if text.contains(&b64(&pair)) {
            found.push(format!("base64 of {pair}"));
        }
    }
    found
}

/// Runs one case; returns what leaked (where), and whether a redacted URL was shown at all.
fn run(command: Command, source: Source, at: &Addresses, output: Output) -> (Vec<String>, bool) {
    let dir = tempfile::tempdir().unwrap();
    let c = case(command, source, at, output, dir.path());
    if let Some(text) = &c.file {
        std::fs::write(dir.path().join("otelkit.toml"), text).unwrap();
    }
    let out = otelkit(dir.path())
        .envs(c.env.iter().cloned())
        .args(&c.args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let (stdout, stderr) = (stdout_of(&out), stderr_of(&out));
    let what = format!("{command:?} {source:?} {output:?}");
    let mut leaked = Vec::new();
    assert!(
        matches!(out.status.code(), Some(0 | 1)) && !stderr.contains("panicked"),
        "{what}: exit {:?}\n{stderr}",
        out.status.code()
    );
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        leaked.extend(leaks(text).into_iter().map(|l| format!("{what} {name}: {l}")));
    }
    for entry in walkdir::WalkDir::new(dir.path()).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        if entry.file_name() == "otelkit.toml" {
            continue; // the test's own settings
        }
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        let name = entry.file_name().to_string_lossy().into_owned();
        leaked.extend(leaks(&text).into_iter().map(|l| format!("{what} {name}: {l}")));
    }
    (leaked, stdout.contains("alice:***@") || stderr.contains("alice:***@"))
}

fn sweep(at: &Addresses) {
    let mut cases = Vec::new();
    for command in [Command::Smoke, Command::Doctor, Command::Canary, Command::Load] {
        for source in [Source::Flags, Source::Env, Source::File, Source::Grafana, Source::Grpc] {
            if command == Command::Doctor && matches!(source, Source::Grafana | Source::Grpc) {
                continue; // doctor takes neither --grafana nor --protocol
            }
            for output in [Output::HumanVerbose, Output::JsonRequests, Output::HumanEverything] {
                cases.push((command, source, output));
            }
        }
    }
    let queue = Mutex::new(cases);
    let leaked = Mutex::new(Vec::new());
    let shown = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| loop {
                let Some((command, source, output)) = queue.lock().unwrap().pop() else { break };
                let (l, redacted_shown) = run(command, source, at, output);
                leaked.lock().unwrap().extend(l);
                if redacted_shown {
                    shown.lock().unwrap().push(command);
                }
            });
        }
    });
    let leaked = leaked.into_inner().unwrap();
    assert!(leaked.is_empty(), "{} leaks:\n{}", leaked.len(), leaked.join("\n"));
    // The scan means something only if URLs with credentials were shown (redacted) at all.
    let shown = shown.into_inner().unwrap();
    for command in [Command::Smoke, Command::Doctor, Command::Canary, Command::Load] {
        assert!(shown.contains(&command), "{command:?} never showed a redacted URL");
    }
}

#[test]
fn no_planted_secret_shows_against_a_dead_pipeline() {
    let started = Instant::now();
    let dead = Addresses {
        http: format!("http://127.0.0.1:{}", free_port()),
        grpc: format!("http://127.0.0.1:{}", free_port()),
    };
    sweep(&dead);
    eprintln!("dead pipeline sweep: {:.1}s", started.elapsed().as_secs_f64());
}

#[test]
fn no_planted_secret_shows_against_a_live_pipeline() {
    let started = Instant::now();
    let fake = FakePipeline::start(None, Knobs::default());
    sweep(&Addresses { http: fake.http.clone(), grpc: fake.grpc.clone() });
    eprintln!("live pipeline sweep: {:.1}s", started.elapsed().as_secs_f64());
}

/// A generated file carries what the user asked to write into it (a URL with a password is the
/// user's to put in a config); otelkit prints none of it.
#[test]
fn gen_writes_what_was_asked_and_prints_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let loki = with_password("http://loki:3100", "gen-loki");
    let out = otelkit(dir.path())
        .args(["-vv", "gen", "collector", "--logs", "loki", "--loki-endpoint", &loki, "-o", "collector.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(leaks(&stdout_of(&out)).is_empty() && leaks(&stderr_of(&out)).is_empty());
    assert!(std::fs::read_to_string(dir.path().join("collector.yaml")).unwrap().contains(&secret("gen-loki")));
}

/// A refused value and a config lint reads are shown with their passwords masked: gen's refusal
/// repeats the flag's value, lint quotes the URL in its message and shows the line in its snippet.
#[test]
fn refusals_and_lint_findings_mask_the_passwords_they_quote() {
    let dir = tempfile::tempdir().unwrap();
    // No scheme: gen refuses, naming the flag and its value.
    let loki = format!("alice:{}@loki:3100", secret("gen-refused"));
    let out =
        otelkit(dir.path()).args(["gen", "collector", "--logs", "loki", "--loki-endpoint", &loki]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--loki-endpoint \"***@loki:3100\""), "{}", stderr_of(&out));
    assert!(leaks(&stderr_of(&out)).is_empty() && leaks(&stdout_of(&out)).is_empty(), "{}", stderr_of(&out));

    let config = format!(
        "receivers:\n  otlp:\n    protocols:\n      http:\nexporters:\n  otlp_http/loki:\n    endpoint: alice:{}@loki:3100/otlp\n    headers:\n      authorization: \"Bearer {}\"\n      x-team: 8\n  otlp_http/tempo:\n    endpoint: https://alice:{}@tempo:443\nservice:\n  pipelines:\n    logs:\n      receivers: [otlp]\n      exporters: [otlp_http/loki, otlp_http/tempo]\n",
        secret("lint-message"),
        secret("lint-header"),
        secret("lint-snippet"),
    );
    std::fs::write(dir.path().join("collector.yaml"), config).unwrap();
    for format in ["human", "json"] {
        let out = otelkit(dir.path()).args(["--format", format, "lint", "collector.yaml"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stdout_of(&out));
        assert!(stdout_of(&out).contains("missing-scheme"), "{format}: {}", stdout_of(&out));
        let shown = format!("{}{}", stdout_of(&out), stderr_of(&out));
        assert!(leaks(&shown).is_empty(), "{format}: {shown}");
    }
}

/// Credentials written into an OTLP URL reach the receiver as `Authorization: Basic`, over HTTP
/// (reqwest moves them) and gRPC (otelkit does; before, they were dropped).
#[test]
fn credentials_in_an_otlp_url_travel_as_authorization() {
    let fake = FakePipeline::start(None, Knobs::default());
    let expected = format!("Basic {}", b64(&format!("alice:{}", secret("wire"))));
    for (endpoint, protocol) in [(&fake.http, "http/protobuf"), (&fake.grpc, "grpc")] {
        let dir = tempfile::tempdir().unwrap();
        let out = otelkit(dir.path())
            .args(["--format", "json", "smoke-test", "--signals", "traces", "--timeout", "5", "--protocol", protocol])
            .args(["--otlp-endpoint", &with_password(endpoint, "wire"), "--tempo-url", &fake.http])
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout_of(&out)).unwrap_or_else(|_| panic!("{}", stderr_of(&out)));
        assert_eq!(out.status.code(), Some(0), "{protocol}: {report:#}");
        let r = fake.received();
        let (path, headers) = r.exports.last().unwrap();
        assert_eq!(headers.get("authorization"), Some(&expected), "{protocol} {path}");
        assert!(leaks(&stdout_of(&out)).is_empty() && leaks(&stderr_of(&out)).is_empty());
    }
}

/// The stores beyond Tempo, Loki and Prometheus take their URLs (and tokens) the same way: each
/// with a password, on a dead port (exports go to a live receiver, so each store is asked), in
/// every command and output, shows none of it.
#[test]
fn the_other_stores_urls_and_tokens_never_show() {
    let fake = FakePipeline::start(None, Knobs::default());
    let dead = format!("http://127.0.0.1:{}", free_port());
    let health = format!("{}/", fake.http);
    let telemetry = format!("{}/self/metrics", fake.http);
    let stores = [
        "--traces-backend=jaeger",
        "--logs-backend=victorialogs",
        "--metrics-backend=victoriametrics",
        "--jaeger-url",
        &with_password(&dead, "jaeger-flag"),
        "--victorialogs-url",
        &with_password(&dead, "victorialogs-flag"),
        "--victoriametrics-url",
        &with_password(&dead, "victoriametrics-flag"),
        "--unreachable-grace",
        "0s",
        "--timeout",
        "2s",
    ]
    .map(str::to_owned);
    let dir = tempfile::tempdir().unwrap();
    for command in ["smoke-test", "doctor", "canary", "load"] {
        for output in [&["-vv"][..], &["--format", "json", "-vvv"][..]] {
            let mut cmd = otelkit(dir.path());
            cmd.env("OTELKIT_JAEGER_TOKEN", secret("jaeger-token"))
                .env("OTELKIT_VICTORIALOGS_BASIC_AUTH", format!("alice:{}", secret("vl-basic")))
                .env("OTELKIT_VICTORIAMETRICS_TOKEN", secret("vm-token"))
                .args(output)
                .arg(command)
                .args(["--otlp-endpoint", &fake.http])
                .args(&stores)
                .timeout(Duration::from_secs(60));
            match command {
                "canary" => cmd.args(["--count", "1", "--listen", "127.0.0.1:0"]),
                "load" => cmd.args(["--count", "10", "--settle", "2s"]),
                "doctor" => cmd.args(["--health-url", &health, "--telemetry-url", &telemetry]),
                _ => &mut cmd,
            };
            let out = cmd.output().unwrap();
            let shown = format!("{}{}", stdout_of(&out), stderr_of(&out));
            assert!(!stderr_of(&out).contains("panicked"), "{command}: {shown}");
            assert!(leaks(&shown).is_empty(), "{command} {output:?}: {:?}\n{shown}", leaks(&shown));
            assert!(shown.contains("alice:***@"), "{command} {output:?} showed no redacted URL: {shown}");
        }
    }
}

/// Arguments, environment, otelkit.toml, and what the error must say.
type Refusal<'a> = (Vec<String>, Vec<(&'a str, String)>, Option<String>, &'a str);

/// A URL refused before any request (no scheme, a space, no host) is shown redacted in the
/// error, whichever command, flag, variable or otelkit.toml key it came from; gen's refusals name
/// the otelkit.toml key when the value came from there.
#[test]
fn refused_urls_show_no_password() {
    let schemeless = |tag: &str| format!("alice:{}@store:3200", secret(tag));
    let spaced = |tag: &str| format!("http://alice:{}@store:3200 x/", secret(tag));
    let query = |tag: &str| format!("store x/?token={}&a=b", secret(tag));
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let mut cases: Vec<Refusal> = vec![
        (s(&["smoke-test", "--tempo-url", &schemeless("tempo")]), vec![], None, "tempo URL ***@store:3200"),
        (s(&["smoke-test", "--otlp-endpoint", &spaced("otlp")]), vec![], None, "***@store:3200 x/"),
        (s(&["doctor", "--prometheus-url", &schemeless("prom")]), vec![], None, "***@store:3200"),
        (s(&["doctor", "--health-url", &spaced("health")]), vec![], None, "***@store:3200 x/"),
        (s(&["doctor", "--loki-url", &query("loki")]), vec![], None, "token=***&a=b"),
        (s(&["canary", "--grafana", &schemeless("grafana")]), vec![], None, "***@store:3200"),
        (s(&["load", "--telemetry-url", &spaced("telemetry")]), vec![], None, "***@store:3200 x/"),
        (s(&["smoke-test"]), vec![("OTELKIT_TEMPO_URL", schemeless("tempo-env"))], None, "***@store:3200"),
        (
            s(&["smoke-test"]),
            vec![],
            Some(format!("[backends]\nloki_url = {:?}\n", schemeless("loki-file"))),
            "loki URL ***@store:3200",
        ),
        (
            s(&["gen", "collector", "--loki-endpoint", &spaced("gen-loki")]),
            vec![],
            None,
            "--loki-endpoint \"http://***@",
        ),
        (s(&["gen", "collector", "--prometheus-endpoint", &query("gen-prom")]), vec![], None, "token=***&a=b"),
        (
            s(&["gen", "collector", "--mode", "agent", "--gateway-endpoint", &schemeless("gen-gw")]),
            vec![],
            None,
            "--gateway-endpoint \"***@store:3200\" is not HOST:PORT",
        ),
        (
            s(&["gen", "collector"]),
            vec![],
            Some(format!("[collector]\nloki_endpoint = {:?}\n", spaced("gen-file"))),
            "otelkit.toml [collector] loki_endpoint \"http://***@store:3200 x\"",
        ),
        (
            s(&["gen", "k8s"]),
            vec![],
            Some(format!("[collector]\nmode = \"agent\"\ngateway_endpoint = {:?}\n", schemeless("gen-file-gw"))),
            "otelkit.toml [collector] gateway_endpoint \"***@store:3200\"",
        ),
    ];
    cases.push((
        s(&["gen", "collector"]),
        vec![("OTELKIT_METRIC_NAMESPACE", "a b".into())],
        None,
        "OTELKIT_METRIC_NAMESPACE \"a b\"",
    ));
    for (args, env, file, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        if let Some(text) = &file {
            std::fs::write(dir.path().join("otelkit.toml"), text).unwrap();
        }
        let out = otelkit(dir.path()).envs(env.iter().map(|(k, v)| (*k, v))).args(&args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?} {file:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?} {file:?}: expected {expected:?} in {stderr}");
        let shown = format!("{}{stderr}", stdout_of(&out));
        assert!(leaks(&shown).is_empty(), "{args:?} {file:?}: {shown}");
    }
}
