//! Grafana's data source proxy (`/api/datasources/proxy/uid/{uid}/...`, Grafana's
//! `pkg/api/pluginproxy/ds_proxy.go`) answers some requests itself: a bad token, a data source it
//! does not have, a write to a Prometheus data source, and a backend's 401, which it turns into
//! 400 "Authentication to data source failed". Those are not the backend's answers and must not
//! read as a bad query or as data not yet there.

/// The words for one of Grafana's own refusals in front of `backend` (data source `uid`), with the
/// fix; None when the answer came from the backend.
pub fn refusal(uid: &str, backend: &str, status: u16, body: &str) -> Option<String> {
    let message = message_of(body);
    match status {
        400 if message.contains("Authentication to data source failed") => Some(format!(
            "{backend} refused the credentials of Grafana's data source {uid} (its HTTP 401, which Grafana answers as \
             400 \"Authentication to data source failed\"): fix the data source's authentication in Grafana"
        )),
        401 => Some(format!(
            "Grafana refused the token (HTTP 401: {message}): set OTELKIT_GRAFANA_TOKEN to a service account token \
             that may query data source {uid}"
        )),
        403 if message.contains("not allowed on proxied") => {
            Some(format!("Grafana refused the request to data source {uid} (HTTP 403): {message}"))
        }
        403 => Some(format!(
            "Grafana denied the token access to data source {uid} (HTTP 403: {message}): give its service account \
             query permission on it"
        )),
        404 if message.to_ascii_lowercase().contains("datasource")
            || message.to_ascii_lowercase().contains("data source") =>
        {
            Some(format!("Grafana has no data source with uid {uid} (HTTP 404: {message}): pass the UID it has"))
        }
        _ => None,
    }
}

/// Grafana's JSON errors are `{"message": ...}`; a converted 401 is plain text.
fn message_of(body: &str) -> String {
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| body.trim().to_owned());
    text.chars().take(200).collect::<String>().replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grafanas_own_answers_are_named_with_the_fix() {
        let auth = refusal("otelkit-loki", "loki", 400, "Authentication to data source failed").unwrap();
        assert!(auth.starts_with("loki refused the credentials of Grafana's data source otelkit-loki"), "{auth}");
        let token = refusal("u", "tempo", 401, r#"{"message":"Invalid API key"}"#).unwrap();
        assert!(token.contains("Grafana refused the token (HTTP 401: Invalid API key)"), "{token}");
        assert!(token.contains("OTELKIT_GRAFANA_TOKEN"));
        let post = r#"{"message":"non allow-listed POSTs not allowed on proxied Prometheus datasource"}"#;
        assert!(refusal("p", "prometheus", 403, post).unwrap().contains("non allow-listed POSTs"));
        let missing = refusal("nope", "loki", 404, r#"{"message":"Unable to find datasource"}"#).unwrap();
        assert!(missing.contains("no data source with uid nope"), "{missing}");
    }

    #[test]
    fn the_backends_own_answers_are_left_alone() {
        // A backend's 400 (a bad query) and 404 (a trace not found) pass through Grafana unchanged.
        assert_eq!(refusal("u", "prometheus", 400, r#"{"status":"error","error":"parse error"}"#), None);
        assert_eq!(refusal("u", "tempo", 404, "trace not found"), None);
        assert_eq!(refusal("u", "loki", 500, "boom"), None);
    }
}
