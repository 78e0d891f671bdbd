//! Dashboards as data. Built in code rather than templates: every query comes from
//! [`PromNames`], and Grafana's `{{label}}` legends would fight tera's delimiters.

use serde_json::{json, Value};

use crate::commands::gen::promql::{self_counter, PromNames};

const RATE: &str = "$__rate_interval";

struct Panel {
    title: &'static str,
    unit: &'static str,
    /// (PromQL, legend)
    targets: Vec<(String, String)>,
    exemplars: bool,
    /// A row header (full width) instead of a graph.
    row: bool,
    /// Shown under the panel's (i): which metric it reads.
    description: String,
}

fn panel<L: Into<String>>(title: &'static str, unit: &'static str, targets: Vec<(String, L)>) -> Panel {
    let targets = targets.into_iter().map(|(q, legend)| (q, legend.into())).collect();
    Panel { title, unit, targets, exemplars: false, row: false, description: String::new() }
}

fn row(title: &'static str) -> Panel {
    Panel { title, unit: "", targets: Vec::new(), exemplars: false, row: true, description: String::new() }
}

fn with_exemplars(mut p: Panel) -> Panel {
    p.exemplars = true;
    p
}

fn described(mut p: Panel, description: String) -> Panel {
    p.description = description;
    p
}

fn dashboard(
    ds_uid: &str,
    uid: &str,
    title: &str,
    description: &str,
    panels: Vec<Panel>,
    job_variable_metric: Option<&str>,
) -> Value {
    let ds = json!({ "type": "prometheus", "uid": ds_uid });
    // Two graphs a line; a row header starts a new line across the whole width.
    let (mut x, mut y) = (0, 0);
    let panels: Vec<Value> = panels
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if p.row {
                if x != 0 {
                    (x, y) = (0, y + 8);
                }
                y += 1;
                return json!({
                    "id": i + 1,
                    "type": "row",
                    "title": p.title,
                    "datasource": ds,
                    "collapsed": false,
                    "gridPos": { "h": 1, "w": 24, "x": 0, "y": y - 1 },
                    "panels": [],
                });
            }
            let grid = json!({ "h": 8, "w": 12, "x": x * 12, "y": y });
            (x, y) = if x == 1 { (0, y + 8) } else { (1, y) };
            let targets: Vec<Value> = p
                .targets
                .iter()
                .enumerate()
                .map(|(j, (expr, legend))| {
                    json!({
                        "datasource": ds,
                        "refId": char::from(b'A' + j as u8).to_string(),
                        "expr": expr,
                        "legendFormat": legend,
                        "exemplar": p.exemplars,
                        "range": true,
                    })
                })
                .collect();
            let mut graph = json!({
                "id": i + 1,
                "type": "timeseries",
                "title": p.title,
                "datasource": ds,
                "gridPos": grid,
                "fieldConfig": { "defaults": { "unit": p.unit }, "overrides": [] },
                "options": { "legend": { "displayMode": "list", "placement": "bottom", "showLegend": true },
                             "tooltip": { "mode": "multi", "sort": "desc" } },
                "targets": targets,
            });
            if !p.description.is_empty() {
                graph["description"] = json!(p.description);
            }
            graph
        })
        .collect();
    let mut templating = Vec::new();
    if let Some(metric) = job_variable_metric {
        templating.push(json!({
            "name": "job",
            "label": "Service",
            "type": "query",
            "datasource": ds,
            "query": { "query": format!("label_values({metric}, job)"), "refId": "PrometheusVariableQueryEditor-VariableQuery" },
            "definition": format!("label_values({metric}, job)"),
            "includeAll": true,
            "multi": true,
            "allValue": ".+",
            "current": { "selected": true, "text": ["All"], "value": ["$__all"] },
            "refresh": 2,
            "sort": 1,
        }));
    }
    json!({
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["otelkit"],
        "editable": true,
        "schemaVersion": 39,
        "version": 1,
        "time": { "from": "now-1h", "to": "now" },
        "refresh": "30s",
        "timezone": "browser",
        "templating": { "list": templating },
        "annotations": { "list": [] },
        "links": [],
        "panels": panels,
    })
}

fn services(n: &PromNames, ds: &str) -> Value {
    let sel = ["job=~\"$job\""];
    let q = |p: f64| n.http_latency_quantile(p, &sel, RATE, " ");
    // Which metric a panel reads: the design's where a service records it, else the semantic
    // conventions' histogram that standard instrumentation records.
    let reads = |what: &str, design: &str, semconv: &str| {
        format!(
            "{what} from {design} (the design's metric, recorded by otelkit's module) where a service has it, \
             else from {semconv} (the semantic conventions' http.server.request.duration, recorded by standard \
             instrumentation: otelhttp, otelgin, Python's and Node's HTTP instrumentations)."
        )
    };
    let count = format!("{}_count", n.http_server_duration);
    let panels = vec![
        described(
            panel("Request rate", "reqps", vec![(n.http_rate(&[], &sel, RATE, " "), "{{job}}")]),
            reads("Requests per second", &n.http_requests, &count),
        ),
        described(
            panel("Error ratio (5xx)", "percentunit", vec![(n.http_error_ratio(&sel, RATE, " "), "{{job}}")]),
            reads(&format!("Share of requests answered 5xx ({} label)", n.status_code), &n.http_requests, &count),
        ),
        described(
            with_exemplars(panel(
                "Latency",
                "s",
                vec![(q(0.5), "p50 {{job}}"), (q(0.95), "p95 {{job}}"), (q(0.99), "p99 {{job}}")],
            )),
            reads(
                "Quantiles",
                &format!("the buckets of {}", n.http_duration),
                &format!("those of {}", n.http_server_duration),
            ),
        ),
        described(
            panel(
                "Requests by route and status",
                "reqps",
                vec![(
                    n.http_rate(&[&n.route, &n.status_code], &sel, RATE, " "),
                    format!("{{{{job}}}} {{{{{}}}}} {{{{{}}}}}", n.legend.route, n.legend.status_code),
                )],
            ),
            reads("Requests per second by route and status", &n.http_requests, &count),
        ),
    ];
    // Every service with either metric is in the job variable.
    let jobs = format!("{{__name__=~{}}}", crate::query::quoted(&format!("{}|{count}", n.http_requests)));
    dashboard(
        ds,
        "otelkit-services",
        "Services (RED)",
        "Rate, errors and duration of every service: the design's HTTP metrics, or the semantic conventions' http.server.request.duration",
        panels,
        Some(&jobs),
    )
}

fn llm(n: &PromNames, ds: &str) -> Value {
    let sel = ["job=~\"$job\""];
    let at = |metric: &str| PromNames::select(metric, &sel);
    let legend = |label: &str| format!("{{{{{label}}}}}");
    let (model, error_type) = (legend(&n.legend.model), legend(&n.legend.error_type));
    let panels = vec![
        panel(
            "Chat tokens by type",
            "short",
            vec![(
                format!("sum by ({t}) (rate({}[{RATE}]))", at(&n.chat_tokens), t = n.token_type),
                legend(&n.legend.token_type),
            )],
        ),
        with_exemplars(panel(
            "LLM call latency p95 by model",
            "s",
            vec![(
                format!(
                    "histogram_quantile(0.95, sum by ({m}, le) (rate({}[{RATE}])))",
                    at(&format!("{}_bucket", n.llm_duration)),
                    m = n.model
                ),
                model.clone(),
            )],
        )),
        panel(
            "LLM calls by model and error",
            "reqps",
            vec![(
                format!("sum by ({m}, {e}) (rate({}[{RATE}]))", at(&n.llm_calls), m = n.model, e = n.error_type),
                format!("{model} {error_type}"),
            )],
        ),
        panel(
            "LLM tokens in / out",
            "short",
            vec![
                (
                    format!("sum by ({m}) (rate({}[{RATE}]))", at(&n.llm_input_tokens), m = n.model),
                    format!("in {model}"),
                ),
                (
                    format!("sum by ({m}) (rate({}[{RATE}]))", at(&n.llm_output_tokens), m = n.model),
                    format!("out {model}"),
                ),
            ],
        ),
        panel(
            "Agents active",
            "short",
            vec![(format!("sum by ({a}) ({})", at(&n.agents_active), a = n.agent_type), legend(&n.legend.agent_type))],
        ),
        panel(
            "Agent deploy duration p95",
            "s",
            vec![(
                format!(
                    "histogram_quantile(0.95, sum by (le) (rate({}[{RATE}])))",
                    at(&format!("{}_bucket", n.agent_deploy_duration))
                ),
                "p95",
            )],
        ),
    ];
    let chat_tokens = PromNames::select(&n.chat_tokens, &[]);
    dashboard(ds, "otelkit-llm", "LLM and agents", "Token use, LLM latency and agents", panels, Some(&chat_tokens))
}

fn collector(ds: &str) -> Value {
    let per_signal = |stem: &str| -> Vec<(String, &'static str)> {
        [("spans", "spans"), ("metric_points", "metric points"), ("log_records", "log records")]
            .into_iter()
            .map(|(suffix, legend)| {
                (format!("sum(rate({}[{RATE}]))", self_counter(&format!("{stem}_{suffix}"))), legend)
            })
            .collect()
    };
    let panels = vec![
        panel("Accepted by receivers", "short", per_signal("receiver_accepted")),
        panel("Refused by receivers", "short", per_signal("receiver_refused")),
        panel("Sent by exporters", "short", per_signal("exporter_sent")),
        panel("Failed to send", "short", per_signal("exporter_send_failed")),
        panel(
            "Exporter queue",
            "short",
            vec![
                ("max by (exporter) (otelcol_exporter_queue_size)".to_owned(), "size {{exporter}}"),
                ("max by (exporter) (otelcol_exporter_queue_capacity)".to_owned(), "capacity {{exporter}}"),
            ],
        ),
        panel(
            "Memory (RSS)",
            "bytes",
            vec![(
                "max by (job, instance) ({__name__=~\"otelcol_process_memory_rss(_bytes)?\"})".to_owned(),
                "{{instance}}",
            )],
        ),
        // `otelkit canary`: the pipeline proven end to end, continuously.
        row("Canary (otelkit canary)"),
        panel(
            "Canary pass rate per check",
            "percentunit",
            vec![(
                format!(
                    "sum by (check) (rate(otelkit_canary_checks_total{{result=\"pass\"}}[{RATE}])) / sum by (check) (rate(otelkit_canary_checks_total[{RATE}]))"
                ),
                "{{check}}",
            )],
        ),
        panel(
            "Canary visibility per signal (export to queryable)",
            "s",
            [("0.5", "p50 {{signal}}"), ("0.95", "p95 {{signal}}")]
                .into_iter()
                .map(|(q, legend)| {
                    (
                        format!(
                            "histogram_quantile({q}, sum by (signal, le) (rate(otelkit_canary_visibility_seconds_bucket[{RATE}])))"
                        ),
                        legend,
                    )
                })
                .collect(),
        ),
        panel(
            "Canary runs",
            "short",
            vec![("sum by (result) (increase(otelkit_canary_runs_total[$__rate_interval]))".to_owned(), "{{result}}")],
        ),
        panel(
            "Time since the canary last passed",
            "s",
            vec![(
                "time() - max by (instance) (otelkit_canary_last_success_timestamp_seconds)".to_owned(),
                "{{instance}}",
            )],
        ),
    ];
    dashboard(ds, "otelkit-collector", "OpenTelemetry Collector", "The pipeline's own health, per signal", panels, None)
}

/// (file name, dashboard JSON), every panel on the metrics datasource `ds`.
pub fn all(n: &PromNames, ds: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("otelkit-services.json", services(n, ds)),
        ("otelkit-llm.json", llm(n, ds)),
        ("otelkit-collector.json", collector(ds)),
    ]
}

/// Every PromQL expression in a dashboard JSON, for checking against a real Prometheus.
pub fn dashboard_queries(dashboard: &Value) -> Vec<String> {
    dashboard["panels"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|p| p["targets"].as_array().into_iter().flatten())
        .filter_map(|t| t["expr"].as_str().map(str::to_owned))
        .collect()
}
