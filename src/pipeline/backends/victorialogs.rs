//! VictoriaLogs: the run's log lines by LogsQL (`/select/logsql/query`, JSON lines), a load run's
//! count by `stats count()` (`/select/logsql/stats_query`, a Prometheus instant vector), and its
//! tenant headers. Fields as its OTLP ingest names them: resource attributes keep their names,
//! record attributes are flattened with dots, `trace_id`/`span_id` in lower-case hex,
//! `severity_text` and `severity_number` (since v1.50).

use super::loki::FoundLog;
use super::prometheus::parse_prometheus_vector;
use super::query_string;
use crate::pipeline::synthetic::{self, SmokeRun, RUN_ATTRIBUTE};
use crate::query::{logsql_exact, logsql_stream};

/// Where OTLP/HTTP logs go (protobuf only: a JSON body is refused).
pub const OTLP_LOGS_PATH: &str = "/insert/opentelemetry/v1/logs";

/// The LogsQL of the smoke run's lines: its service's stream, its trace.
pub fn run_query(run: &SmokeRun) -> String {
    format!("{} {}", logsql_stream("service.name", &run.service_name), logsql_exact("trace_id", &run.trace_id))
}

/// The query path of the smoke run's lines, over a window around the run.
pub fn query_path(run: &SmokeRun) -> String {
    let start = (run.start_unix_nano / 1_000_000_000).saturating_sub(300).to_string();
    let end = (synthetic::now_nanos() / 1_000_000_000 + 300).to_string();
    format!(
        "/select/logsql/query?{}",
        query_string(&[("query", &run_query(run)), ("start", &start), ("end", &end), ("limit", "100")])
    )
}

/// Log lines of a `/select/logsql/query` answer: one JSON object a line, every field a string.
pub fn parse_lines(body: &str) -> Result<Vec<FoundLog>, String> {
    let mut out = Vec::new();
    for (i, line) in body.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let json: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| format!("VictoriaLogs answered malformed JSON on line {} ({e})", i + 1))?;
        let field = |k: &str| json[k].as_str().filter(|v| !v.is_empty()).map(str::to_owned);
        out.push(FoundLog {
            trace_id: field("trace_id"),
            span_id: field("span_id"),
            severity: field("severity_text"),
            severity_number: field("severity_number").and_then(|n| n.parse().ok()),
            line: field("_msg").unwrap_or_default(),
        });
    }
    Ok(out)
}

/// The LogsQL that counts a load run's records of one service.
pub fn count_query(service_name: &str, run_id: &str) -> String {
    format!(
        "{} {} | stats count() as logs",
        logsql_stream("service.name", service_name),
        logsql_exact(RUN_ATTRIBUTE, run_id)
    )
}

/// The stats path counting a load run's records from `window_s` seconds before `now_s` on (and a
/// little after it, for a sender whose clock runs ahead).
pub fn count_path(service_name: &str, run_id: &str, window_s: u64, now_s: u64) -> String {
    let (start, end) = (now_s.saturating_sub(window_s).to_string(), (now_s + 300).to_string());
    format!(
        "/select/logsql/stats_query?{}",
        query_string(&[("query", &count_query(service_name, run_id)), ("start", &start), ("end", &end)])
    )
}

/// The count in a `stats_query` answer: no row is none found.
pub fn parse_count(body: &str) -> Result<u64, String> {
    let samples = parse_prometheus_vector(body).map_err(|e| e.replacen("Prometheus", "VictoriaLogs", 1))?;
    Ok(samples.iter().map(|(_, v)| *v).filter(|v| v.is_finite()).sum::<f64>() as u64)
}

/// The headers that choose a VictoriaLogs tenant: `--tenant` is its AccountID, or
/// `AccountID:ProjectID`; both are whole numbers (VictoriaLogs refuses anything else).
pub fn tenant_headers(tenant: &str) -> Result<Vec<(&'static str, String)>, String> {
    let (account, project) = tenant.split_once(':').unwrap_or((tenant, "0"));
    let number = |s: &str| s.parse::<u32>().ok().map(|n| n.to_string());
    match (number(account), number(project)) {
        (Some(a), Some(p)) => Ok(vec![("AccountID", a), ("ProjectID", p)]),
        _ => Err(format!(
            "VictoriaLogs tenants are numbers: --tenant is its AccountID or AccountID:ProjectID, not {tenant:?}"
        )),
    }
}

/// The release a VictoriaLogs names in its own metrics (`vm_app_version{short_version="v1.52.1"}`).
pub fn version_of(metrics: &str) -> Option<String> {
    let line = metrics.lines().find(|l| l.starts_with("vm_app_version{"))?;
    let labels = &line[line.find('{')? + 1..line.find('}')?];
    labels.split(',').map(str::trim).find_map(|pair| {
        let value = pair.strip_prefix("short_version=")?;
        Some(value.trim_matches('"').to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_carry_ids_and_both_severities() {
        let body = concat!(
            r#"{"_time":"2026-12-01T12:00:00.01Z","_stream":"{service.name=\"otelkit-smoke\"}","_msg":"payment failed","#,
            r#""trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"b7ad6b7169203331","severity_text":"ERROR","severity_number":"17","otelkit.run_id":"r1"}"#,
            "\n",
            r#"{"_msg":"no ids","severity_text":""}"#,
            "\n\n"
        );
        let lines = parse_lines(body).unwrap();
        assert_eq!(
            lines[0],
            FoundLog {
                trace_id: Some("0af7651916cd43dd8448eb211c80319c".into()),
                span_id: Some("b7ad6b7169203331".into()),
                severity: Some("ERROR".into()),
                severity_number: Some(17),
                line: "payment failed".into(),
            }
        );
        assert_eq!(lines[1].severity, None, "an empty field is no field");
        assert_eq!(lines.len(), 2);
        assert!(parse_lines("{\"_msg\":\"a\"}\nnot json").unwrap_err().contains("line 2"));
        assert_eq!(parse_lines("").unwrap(), Vec::new());
    }

    #[test]
    fn counts_come_from_the_stats_vector() {
        let two = r#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"__name__":"logs"},"value":[1764590400,"2"]}]}}"#;
        assert_eq!(parse_count(two), Ok(2));
        let none = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
        assert_eq!(parse_count(none), Ok(0));
        assert!(parse_count("oops").unwrap_err().contains("malformed JSON"));
    }

    #[test]
    fn queries_quote_every_value() {
        let q = count_query(r#"svc"} | delete x"#, "run-1");
        assert_eq!(q, r#"{"service.name"="svc\"} | delete x"} "otelkit.run_id":="run-1" | stats count() as logs"#);
        let path = count_path("svc", "run-1", 60, 1000);
        assert!(path.starts_with("/select/logsql/stats_query?query=%7B%22service.name"), "{path}");
        assert!(path.ends_with("&start=940&end=1300"), "{path}");
        let run = SmokeRun::new("checkout", Some("r1"), Vec::new());
        assert_eq!(run_query(&run), format!(r#"{{"service.name"="checkout"}} "trace_id":="{}""#, run.trace_id));
        assert!(query_path(&run).starts_with("/select/logsql/query?query="));
    }

    #[test]
    fn the_version_is_read_from_its_own_metrics() {
        let page = "vm_log_messages_total{app_version=\"victoria-logs-v1.52.1\"} 1\n\
                    vm_app_version{version=\"victoria-logs-v1.52.1\", short_version=\"v1.52.1\"} 1\n";
        assert_eq!(version_of(page).as_deref(), Some("v1.52.1"));
        assert_eq!(version_of("up 1\n"), None);
    }

    #[test]
    fn tenants_are_account_and_project_numbers() {
        assert_eq!(tenant_headers("12").unwrap(), vec![("AccountID", "12".into()), ("ProjectID", "0".into())]);
        assert_eq!(tenant_headers("12:3").unwrap(), vec![("AccountID", "12".into()), ("ProjectID", "3".into())]);
        for bad in ["team-a", "", "1:x", "-1", "4294967296"] {
            assert!(tenant_headers(bad).unwrap_err().contains("AccountID:ProjectID"), "{bad}");
        }
    }
}
