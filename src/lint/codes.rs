//! Every lint rule, once: its code, severity and the explanation `otelkit lint --explain CODE`
//! prints. Diagnostics take their code and severity from here; a test holds README.md's lint
//! table to it.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// As printed: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One lint rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    /// What it finds, in one line.
    pub summary: &'static str,
    /// Why that matters.
    pub why: &'static str,
    /// What to do about it.
    pub fix: &'static str,
    /// A config fragment that triggers it.
    pub example: &'static str,
}

/// Declares each rule as a constant and `RULES` as the list of them all, so none can be left out.
macro_rules! rules {
    ($($name:ident { $code:literal, $severity:ident, $summary:literal, why: $why:literal, fix: $fix:literal, example: $example:literal $(,)? })*) => {
        $(pub const $name: Rule = Rule {
            code: $code,
            severity: Severity::$severity,
            summary: $summary,
            why: $why,
            fix: $fix,
            example: $example,
        };)*
        /// Every rule, in the order of the README's table.
        pub const RULES: &[Rule] = &[$($name),*];
    };
}

rules! {
    YAML { "yaml", Error, "the file does not parse as YAML",
        why: "the collector refuses a config it cannot parse and does not start",
        fix: "correct the YAML at the line and column given (an unclosed bracket, a tab, a bad indent)",
        example: "receivers:\n  otlp:\n    protocols: [grpc\n" }
    UNDEFINED_COMPONENT { "undefined-component", Error, "a pipeline or service.extensions names a component that is not defined",
        why: "the collector refuses to start: every name in a pipeline must be defined in its section",
        fix: "define the component under receivers/processors/exporters/connectors/extensions, or fix the name",
        example: "service:\n  pipelines:\n    traces:\n      receivers: [zipkin]   # no receivers.zipkin\n" }
    EMPTY_PIPELINE { "empty-pipeline", Error, "a pipeline has no receivers or no exporters",
        why: "the collector refuses a pipeline without a receiver or an exporter",
        fix: "add at least one receiver and one exporter to the pipeline",
        example: "service:\n  pipelines:\n    logs:\n      receivers: [otlp]\n" }
    UNKNOWN_SIGNAL { "unknown-signal", Error, "a pipeline is named after no signal",
        why: "pipelines are named traces, metrics, logs (or profiles), optionally with /name; the collector refuses others",
        fix: "rename the pipeline to traces, metrics or logs, optionally followed by /name",
        example: "service:\n  pipelines:\n    spans:\n      receivers: [otlp]\n" }
    WRONG_TYPE { "wrong-type", Error, "a section, pipeline or list of names holds another type of value",
        why: "the collector decodes sections and service.pipelines as mappings and a pipeline's receivers, processors and exporters as lists, and refuses anything else (\"source data must be an array or slice, got string\")",
        fix: "write lists as lists, even of one name: receivers: [otlp]",
        example: "service:\n  pipelines:\n    traces:\n      receivers: otlp\n" }
    NO_PIPELINES { "no-pipelines", Error, "the config has no service.pipelines, or they are empty",
        why: "without pipelines the collector receives and sends nothing",
        fix: "add service.pipelines with a traces, metrics and/or logs pipeline",
        example: "receivers:\n  otlp: {}\nservice: {}\n" }
    SIGNAL_MISMATCH { "signal-mismatch", Error, "a known component is in a pipeline of a signal it cannot handle",
        why: "the collector refuses to build the pipeline (the prometheus exporter has no traces, for one)",
        fix: "move the component to a pipeline of a signal it handles, or use another component",
        example: "service:\n  pipelines:\n    traces:\n      exporters: [prometheus]\n" }
    REMOVED_COMPONENT { "removed-component", Error, "a component removed from the collector at or before the target release",
        why: "the target collector no longer has it and refuses to start",
        fix: "replace it as the help says (loki: otlp_http to Loki's /otlp; logging: debug; jaeger: OTLP to Jaeger; memory_ballast: GOMEMLIMIT; opencensus: OTLP)",
        example: "exporters:\n  loki:\n    endpoint: http://loki:3100/loki/api/v1/push\n" }
    REMOVED_LATER { "removed-later", Warning, "a component the target release still has, removed by a later one",
        why: "the config runs today and breaks on the upgrade to the release named",
        fix: "replace it before upgrading, as the help says",
        example: "# with --collector-version 0.91.0\nexporters:\n  loki:\n    endpoint: http://loki:3100/loki/api/v1/push\n" }
    UNKNOWN_TO_VERSION { "unknown-to-version", Error, "a lower_snake_case name the target collector does not know yet",
        why: "collectors before the rename (v0.144; v0.154 for prometheus_remote_write) know only the old name and refuse to start",
        fix: "use the old name (otlp, otlphttp, ...), or pass --collector-version for the collector you run",
        example: "# with --collector-version 0.91.0\nexporters:\n  otlp_grpc/tempo:\n    endpoint: tempo:4317\n" }
    GRPC_TO_HTTP_PORT { "grpc-to-http-port", Error, "an OTLP/gRPC exporter points at 4318, the OTLP/HTTP port",
        why: "gRPC to an HTTP/1.1 listener fails on every export",
        fix: "use port 4317, or the otlp_http exporter for that URL",
        example: "exporters:\n  otlp_grpc:\n    endpoint: tempo:4318\n" }
    HTTP_TO_GRPC_PORT { "http-to-grpc-port", Error, "an OTLP/HTTP exporter points at 4317, the OTLP/gRPC port",
        why: "HTTP/1.1 requests to a gRPC listener fail on every export",
        fix: "use port 4318, or the otlp_grpc (otlp) exporter",
        example: "exporters:\n  otlp_http:\n    endpoint: http://collector:4317\n" }
    MISSING_SCHEME { "missing-scheme", Error, "an OTLP/HTTP or Prometheus remote-write endpoint without http:// or https://",
        why: "otlp_http refuses the config (\"endpoint must be a valid URL\"); prometheus_remote_write starts and fails every export",
        fix: "write the URL in full: http://host:4318 or https://host",
        example: "exporters:\n  otlp_http:\n    endpoint: loki:3100/otlp\n" }
    PLAINTEXT_TO_TLS_PORT { "plaintext-to-tls-port", Error, "plain http:// to port 443",
        why: "port 443 speaks TLS; plain HTTP to it fails",
        fix: "use https://",
        example: "exporters:\n  otlp_http:\n    endpoint: http://otlp.example.com:443\n" }
    DUPLICATE_PORT { "duplicate-port", Error, "two listeners on one port",
        why: "the second cannot bind and the collector fails to start",
        fix: "give each receiver, extension and prometheus exporter its own port",
        example: "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: 0.0.0.0:4317}\n      http: {endpoint: 0.0.0.0:4317}\n" }
    REMOVED_OPTION { "removed-option", Error, "an option the collector no longer accepts",
        why: "the collector refuses to load a config with it (\"has invalid keys\")",
        fix: "remove it; use the replacement the help names",
        example: "processors:\n  memory_limiter:\n    limit_mib: 1000\n    ballast_size_mib: 512\n" }
    DEPRECATED_ALIAS { "deprecated-alias", Warning, "an old component name for a collector that renamed it",
        why: "the old name still works as an alias but is deprecated and will go",
        fix: "rename the component to its lower_snake_case name (otlp -> otlp_grpc, otlphttp -> otlp_http, ...)",
        example: "exporters:\n  otlp/tempo:\n    endpoint: tempo:4317\n" }
    DEPRECATED_OPTION { "deprecated-option", Warning, "an option the collector deprecated",
        why: "deprecated options are ignored by recent collectors and will be refused (service.telemetry.metrics.address before v0.128, resource_to_telemetry_conversion, add_metric_suffixes)",
        fix: "use the replacement the help names",
        example: "service:\n  telemetry:\n    metrics:\n      address: 0.0.0.0:8888\n" }
    MEMORY_LIMITER_FIRST { "memory-limiter-first", Warning, "a pipeline without memory_limiter, or with it not first",
        why: "memory_limiter refuses data before other processors hold it in memory; without it a burst can OOM-kill the collector",
        fix: "add memory_limiter as the first processor of every pipeline",
        example: "service:\n  pipelines:\n    traces:\n      processors: [batch, memory_limiter]\n" }
    BATCH_MISSING { "batch-missing", Warning, "a pipeline without the batch processor whose exporters do not batch in their sending_queue",
        why: "without batching exporters send many small requests",
        fix: "add batch after memory_limiter, or sending_queue.batch on every exporter of the pipeline",
        example: "service:\n  pipelines:\n    traces:\n      processors: [memory_limiter]\n" }
    BATCH_BEFORE_MEMORY_LIMITER { "batch-before-memory-limiter", Warning, "batch comes before memory_limiter in a pipeline",
        why: "batch then holds data memory_limiter would have refused",
        fix: "put memory_limiter first, batch after it",
        example: "service:\n  pipelines:\n    traces:\n      processors: [batch, memory_limiter]\n" }
    QUEUE_STORAGE_MISSING { "queue-storage-missing", Error, "a queue's storage names an extension not defined or not enabled",
        why: "the collector starts nothing: the exporter (or receiver) fails to start without its storage extension, and a queue meant to survive a restart is never written",
        fix: "define the storage (file_storage/q with a directory) under extensions and list it in service.extensions",
        example: "exporters:\n  otlp_grpc:\n    endpoint: gateway:4317\n    sending_queue:\n      storage: file_storage/q   # not under extensions\n" }
    QUEUE_NOT_PERSISTENT { "queue-not-persistent", Warning, "a file_storage extension is enabled but no queue or receiver stores in it",
        why: "queues then stay in memory: a crash or SIGKILL loses every batch they hold, though the storage was meant to keep them",
        fix: "set sending_queue.storage: file_storage/<id> on the exporters whose queue must survive a restart",
        example: "extensions:\n  file_storage/q: {directory: /var/lib/otelcol/queue}\nexporters:\n  otlp_grpc:\n    endpoint: gateway:4317\n    sending_queue: {enabled: true}   # no storage\nservice:\n  extensions: [file_storage/q]\n" }
    BATCH_BEFORE_PERSISTENT_QUEUE { "batch-before-persistent-queue", Warning, "the batch processor in front of an exporter whose sending queue is on disk",
        why: "batch answers the receiver, then holds the items in memory until its timeout or size: a SIGKILL or crash loses them although the queue behind it survives restarts. Flagged from collector v0.130, the first release that can batch in a queue on disk",
        fix: "remove batch from the pipeline and batch in the exporter's queue: sending_queue.batch (flush_timeout, min_size, sizer: items) beside sending_queue.storage",
        example: "exporters:\n  otlp_grpc:\n    endpoint: gateway:4317\n    sending_queue: {storage: file_storage/q}\nservice:\n  extensions: [file_storage/q]\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [memory_limiter, batch]\n      exporters: [otlp_grpc]\n" }
    TAIL_SAMPLING_UNROUTED { "tail-sampling-unrouted", Warning, "tail_sampling that no trace-id routing can feed",
        why: "tail sampling decides on the whole trace; an instance that sees part of a trace keeps or drops it by a fragment. One file shows one tier: lint flags tail_sampling fed by a receiver other than OTLP or Kafka (a load_balancing tier sends OTLP), or placed before this collector's own load_balancing; it cannot see whether the tier in front of an OTLP-fed sampler routes by trace id",
        fix: "put a load_balancing tier (routing_key: traceID) in front of the samplers, each sampler receiving OTLP from it",
        example: "receivers:\n  zipkin: {}\nservice:\n  pipelines:\n    traces:\n      receivers: [zipkin]\n      processors: [memory_limiter, tail_sampling]\n" }
    LOAD_BALANCING_ROUTING { "load-balancing-routing", Warning, "load_balancing that splits a trace: traces not routed by traceID, or logs routed by service beside traces routed by trace id",
        why: "the tier behind (tail sampling, group by trace) needs every span of a trace, and the logs of a trace with it; logs default to routing_key service",
        fix: "routing_key: traceID on the load_balancing exporter (the default for traces, not for logs)",
        example: "exporters:\n  load_balancing:\n    routing_key: service\n    protocol: {otlp: {tls: {insecure: true}}}\n    resolver: {static: {hostnames: [sampler-1:4317]}}\nservice:\n  pipelines:\n    traces: {receivers: [otlp], exporters: [load_balancing]}\n" }
    UNUSED_COMPONENT { "unused-component", Warning, "a component defined but in no pipeline (an extension: not enabled)",
        why: "it does nothing, and often means a pipeline forgot it",
        fix: "add it to a pipeline (extensions: to service.extensions), or remove it",
        example: "exporters:\n  debug: {}   # in no pipeline\n" }
    MISSING_PORT { "missing-port", Warning, "a gRPC endpoint without a port",
        why: "gRPC endpoints are host:port; without one the exporter guesses or fails",
        fix: "add the port, e.g. tempo:4317",
        example: "exporters:\n  otlp_grpc:\n    endpoint: tempo\n" }
    INSECURE_IN_PRODUCTION { "insecure-in-production", Warning, "TLS turned off or unverified in a production environment",
        why: "tls.insecure sends plain text and insecure_skip_verify trusts any certificate",
        fix: "give the CA with tls.ca_file instead",
        example: "exporters:\n  otlp_grpc:\n    endpoint: tempo.example.com:4317\n    tls:\n      insecure: true\n" }
    UNSET_ENV { "unset-env", Warning, "an environment reference that is not set here and has no default",
        why: "the collector substitutes an empty string, which breaks the option or sends no credentials",
        fix: "set the variable where the collector runs, or give a default: ${env:NAME:-value}",
        example: "exporters:\n  otlp_http:\n    headers:\n      Authorization: Bearer ${env:OTLP_TOKEN}\n" }
    BINDS_ALL_INTERFACES { "binds-all-interfaces", Info, "a listener on all interfaces (0.0.0.0)",
        why: "fine in a container or pod; on a host it exposes the collector to the network (its own default is localhost)",
        fix: "on a host, bind localhost or a specific address",
        example: "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: 0.0.0.0:4317}\n" }
}

/// The rule of a code.
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.code);
            assert!(!r.summary.is_empty() && !r.why.is_empty() && !r.fix.is_empty(), "{}", r.code);
        }
        assert_eq!(find("duplicate-port").map(|r| r.severity), Some(Severity::Error));
        assert_eq!(find("nope"), None);
    }
}
