//! Endpoints and ports: exporters aimed at the wrong OTLP port or scheme, TLS off in
//! production, listeners sharing a port or bound to every interface.

use std::collections::BTreeMap;

use super::{type_of, Linter, PosExt};
use crate::collector::Kind;
use crate::lint::codes;
use crate::lint::tree::{Entry, Node, Pos};

/// A port something listens on: (port, who, where, host).
type Listener = (u16, String, Pos, String);

impl Linter<'_> {
    /// deployment.environment.name: given, else the value a resource/attributes processor sets.
    fn environment(&self) -> Option<String> {
        if let Some(env) = &self.opts.environment {
            return Some(env.clone());
        }
        for e in self.section(Kind::Processor) {
            if !matches!(type_of(&e.key), "resource" | "attributes") {
                continue;
            }
            for (_, action) in e
                .value
                .value(if type_of(&e.key) == "resource" { "attributes" } else { "actions" })
                .map(Node::as_seq)
                .unwrap_or_default()
            {
                let key = action.value("key").and_then(Node::as_str).unwrap_or_default();
                if matches!(key, "deployment.environment.name" | "deployment.environment" | "environment") {
                    return action.value("value").and_then(Node::as_str).map(str::to_owned);
                }
            }
        }
        None
    }

    pub(super) fn endpoints(&mut self) {
        let production =
            self.environment().is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "production" | "prod"));
        for e in self.section(Kind::Exporter) {
            let t = type_of(&e.key);
            let grpc = matches!(t, "otlp" | "otlp_grpc");
            let http = matches!(t, "otlphttp" | "otlp_http");
            let remote_write = matches!(t, "prometheusremotewrite" | "prometheus_remote_write");
            for field in ["endpoint", "traces_endpoint", "metrics_endpoint", "logs_endpoint"] {
                let Some(f) = e.value.get(field) else { continue };
                let Some(url) = f.value.as_str() else { continue };
                if url.contains("${") {
                    continue;
                }
                let (scheme, port) = split_endpoint(url);
                // The URL as a message may show it: a password in it never reaches a CI log.
                let url = crate::http::redact_unparsed(url);
                if grpc {
                    match port {
                        None => self.report.push(
                            codes::MISSING_PORT,
                            f.value_pos,
                            format!("exporter `{}`: endpoint `{url}` has no port", e.key),
                            Some("gRPC endpoints are host:port, e.g. tempo:4317".into()),
                        ),
                        Some(4318) => self.report.push(
                            codes::GRPC_TO_HTTP_PORT,
                            f.value_pos,
                            format!("gRPC exporter `{}` points at port 4318, the OTLP/HTTP port", e.key),
                            Some(format!("use port 4317, or the otlp_http exporter for {url}")),
                        ),
                        _ => {}
                    }
                }
                if (http || remote_write) && scheme.is_none() {
                    self.report.push(
                        codes::MISSING_SCHEME,
                        f.value_pos,
                        format!("exporter `{}`: `{url}` needs http:// or https://", e.key),
                        None,
                    );
                }
                if http && port == Some(4317) {
                    self.report.push(
                        codes::HTTP_TO_GRPC_PORT,
                        f.value_pos,
                        format!("OTLP/HTTP exporter `{}` points at port 4317, the OTLP/gRPC port", e.key),
                        Some("use port 4318, or the otlp_grpc (otlp) exporter".into()),
                    );
                }
                if scheme == Some("http") && port == Some(443) {
                    self.report.push(
                        codes::PLAINTEXT_TO_TLS_PORT,
                        f.value_pos,
                        format!("exporter `{}` sends plain http:// to port 443", e.key),
                        Some("use https://".into()),
                    );
                }
            }
            if production {
                for path in [&["tls", "insecure"][..], &["tls", "insecure_skip_verify"][..]] {
                    if let Some(f) = e.value.path(path) {
                        if f.value.as_str() == Some("true") {
                            self.report.push(
                                codes::INSECURE_IN_PRODUCTION,
                                f.key_pos,
                                format!("exporter `{}`: TLS {} in a production environment", e.key, path[1]),
                                Some("give the CA with tls.ca_file instead".into()),
                            );
                        }
                    }
                }
            }
        }
    }

    pub(super) fn ports(&mut self) {
        let mut listeners: Vec<Listener> = self.telemetry_listeners();
        for e in self.section(Kind::Receiver) {
            if let Some(ep) = e.value.get("endpoint") {
                listeners.push(listener(ep, &e.key));
            }
            for proto in e.value.value("protocols").map(Node::entries).unwrap_or_default() {
                if let Some(ep) = proto.value.get("endpoint") {
                    listeners.push(listener(ep, &format!("{}/{}", e.key, proto.key)));
                }
            }
        }
        for e in self.section(Kind::Extension) {
            if let Some(ep) = e.value.get("endpoint") {
                listeners.push(listener(ep, &e.key));
            }
        }
        for e in self.section(Kind::Exporter) {
            if type_of(&e.key) == "prometheus" {
                if let Some(ep) = e.value.get("endpoint") {
                    listeners.push(listener(ep, &e.key));
                }
            }
        }
        let mut seen: BTreeMap<u16, String> = BTreeMap::new();
        for (port, who, pos, host) in listeners {
            if matches!(host.as_str(), "0.0.0.0" | "" | "[::]" | "::")
                && !who.starts_with("prometheus")
                && !who.starts_with(TELEMETRY)
            {
                self.report.push(
                    codes::BINDS_ALL_INTERFACES,
                    pos,
                    format!("`{who}` listens on all interfaces"),
                    Some("fine in a container or pod; on a host, bind localhost or a specific address (the collector's own default is localhost)".into()),
                );
            }
            if port == 0 {
                continue;
            }
            if let Some(first) = seen.get(&port) {
                self.report.push(
                    codes::DUPLICATE_PORT,
                    pos,
                    format!("port {port} is used by both `{first}` and `{who}`"),
                    Some("give each listener its own port".into()),
                );
            } else {
                seen.insert(port, who);
            }
        }
    }
}

/// How diagnostics name the collector's own metrics endpoint.
const TELEMETRY: &str = "service.telemetry";

impl Linter<'_> {
    /// The collector's own metrics endpoint: each pull reader's host:port, else the legacy
    /// `address`, else (unless `level: none`) the default localhost:8888, which the collector binds
    /// even when the config does not mention telemetry (seen with the real v0.161.0).
    fn telemetry_listeners(&self) -> Vec<Listener> {
        let metrics = self.root.path(&["service", "telemetry", "metrics"]).map(|e| &e.value);
        let field = |key: &str| metrics.and_then(|m| m.get(key));
        if let Some(readers) = field("readers") {
            return readers
                .value
                .as_seq()
                .iter()
                .filter_map(|(pos, reader)| {
                    let prom = reader.path(&["pull", "exporter", "prometheus"])?;
                    let port = prom.value.get("port")?;
                    let host = prom.value.value("host").and_then(Node::as_str).unwrap_or("localhost");
                    let number = port.value.as_str()?.parse::<u16>().ok()?;
                    Some((number, TELEMETRY.to_owned(), port.value_pos.max_or(*pos), host.to_owned()))
                })
                .collect();
        }
        if let Some(address) = field("address") {
            return vec![listener(address, TELEMETRY)];
        }
        if field("level").and_then(|e| e.value.as_str()) == Some("none") {
            return Vec::new();
        }
        vec![(8888, format!("{TELEMETRY} (default localhost:8888)"), Pos::default(), "localhost".to_owned())]
    }
}

fn listener(entry: &Entry, who: &str) -> Listener {
    let text = entry.value.as_str().unwrap_or_default();
    let (_, port) = split_endpoint(text);
    let host = host_of(text);
    (port.unwrap_or(0), who.to_owned(), entry.value_pos.max_or(entry.key_pos), host)
}

/// (scheme, port) of `scheme://host:port/path` or `host:port`.
fn split_endpoint(url: &str) -> (Option<&str>, Option<u16>) {
    let (scheme, rest) = match url.split_once("://") {
        Some((s, r)) => (Some(s), r),
        None => (None, url),
    };
    let authority = rest.split('/').next().unwrap_or(rest);
    let port = authority.rsplit_once(':').and_then(|(_, p)| p.parse::<u16>().ok());
    (scheme, port)
}

fn host_of(endpoint: &str) -> String {
    let rest = endpoint.split_once("://").map_or(endpoint, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    match authority.rsplit_once(':') {
        Some((h, p)) if p.parse::<u16>().is_ok() => h.to_owned(),
        _ => authority.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_parts() {
        assert_eq!(split_endpoint("http://loki:3100/otlp"), (Some("http"), Some(3100)));
        assert_eq!(split_endpoint("tempo:4317"), (None, Some(4317)));
        assert_eq!(split_endpoint("tempo"), (None, None));
        assert_eq!(host_of("0.0.0.0:4317"), "0.0.0.0");
    }
}
