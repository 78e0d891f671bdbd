//! Prometheus instant-query and exemplar answers.

use std::collections::BTreeMap;

use super::parse_json;

/// One sample of an instant query: its labels and value.
pub type Sample = (BTreeMap<String, String>, f64);

/// Samples of an instant query; a Prometheus error envelope becomes its message.
pub fn parse_prometheus_vector(body: &str) -> Result<Vec<Sample>, String> {
    let json = parse_json(body, "Prometheus")?;
    if json["status"] != "success" {
        return Err(format!(
            "Prometheus: {} ({})",
            json["error"].as_str().unwrap_or("error"),
            json["errorType"].as_str().unwrap_or("?")
        ));
    }
    let mut out = Vec::new();
    for r in json["data"]["result"].as_array().into_iter().flatten() {
        let labels = r["metric"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
            .unwrap_or_default();
        let value = r["value"][1].as_str().and_then(|v| v.parse::<f64>().ok()).unwrap_or(f64::NAN);
        out.push((labels, value));
    }
    Ok(out)
}

/// (trace_id, span_id) of every exemplar in a query_exemplars answer.
pub fn parse_prometheus_exemplars(body: &str) -> Result<Vec<(String, String)>, String> {
    let json = parse_json(body, "Prometheus")?;
    if json["status"] != "success" {
        return Err(format!("Prometheus: {}", json["error"].as_str().unwrap_or("error")));
    }
    let mut out = Vec::new();
    for series in json["data"].as_array().into_iter().flatten() {
        for e in series["exemplars"].as_array().into_iter().flatten() {
            let l = &e["labels"];
            out.push((
                l["trace_id"].as_str().unwrap_or_default().to_ascii_lowercase(),
                l["span_id"].as_str().unwrap_or_default().to_ascii_lowercase(),
            ));
        }
    }
    Ok(out)
}
