//! The dependency release sets init writes, one place for every language: each set was installed,
//! built and run by the tests (tests/it/init_real.rs, tests/it/init_go.rs) from its registry.

/// One dependency: name, version and (Rust) features.
#[derive(Debug, Clone, Copy)]
pub struct Dep {
    pub name: &'static str,
    pub version: &'static str,
    pub features: &'static [&'static str],
}

const fn dep(name: &'static str, version: &'static str) -> Dep {
    Dep { name, version, features: &[] }
}

/// Rust: opentelemetry 0.33 with tracing-opentelemetry 0.34 (their minors must line up).
pub const RUST: &[Dep] = &[
    Dep { name: "opentelemetry", version: "0.33.1", features: &["trace", "metrics", "logs"] },
    Dep { name: "opentelemetry_sdk", version: "0.33.1", features: &["trace", "metrics", "logs"] },
    // HTTP/protobuf with a blocking client (the batch processors run on their own threads), and
    // gRPC (tonic) when OTEL_EXPORTER_OTLP_PROTOCOL=grpc.
    Dep {
        name: "opentelemetry-otlp",
        version: "0.33.1",
        features: &["http-proto", "reqwest-blocking-client", "grpc-tonic", "trace", "metrics", "logs"],
    },
    // tonic's connection runs on Tokio: the module starts a runtime when the service has none.
    Dep { name: "tokio", version: "1.54.1", features: &["rt"] },
    dep("opentelemetry-appender-tracing", "0.33.1"),
    dep("opentelemetry-prometheus", "0.33.1"),
    dep("prometheus", "0.14.0"),
    dep("tracing-opentelemetry", "0.34.0"),
    dep("tracing", "0.1.41"),
    Dep { name: "tracing-subscriber", version: "0.3.19", features: &["env-filter", "fmt", "registry"] },
    dep("tiny_http", "0.12.0"),
];

/// Python: the 1.45.2 SDK line and its 0.66b2 contrib packages.
pub const PYTHON: &[Dep] = &[
    dep("opentelemetry-api", "1.45.2"),
    dep("opentelemetry-sdk", "1.45.2"),
    dep("opentelemetry-exporter-otlp-proto-http", "1.45.2"),
    // OTEL_EXPORTER_OTLP_PROTOCOL=grpc.
    dep("opentelemetry-exporter-otlp-proto-grpc", "1.45.2"),
    dep("opentelemetry-exporter-prometheus", "0.66b2"),
    dep("opentelemetry-instrumentation-logging", "0.66b2"),
    dep("opentelemetry-semantic-conventions", "0.66b2"),
];

/// Node 18-22: the SDK 2.x line, every 0.x package at sdk-node's own version.
pub const NODE: &[Dep] = &[
    dep("@opentelemetry/api", "1.9.0"),
    dep("@opentelemetry/sdk-node", "0.223.0"),
    dep("@opentelemetry/exporter-prometheus", "0.223.0"),
    dep("@opentelemetry/exporter-metrics-otlp-proto", "0.223.0"),
    // OTEL_EXPORTER_OTLP_PROTOCOL=grpc (traces and logs: sdk-node brings their exporters).
    dep("@opentelemetry/exporter-metrics-otlp-grpc", "0.223.0"),
    dep("@opentelemetry/sdk-metrics", "2.12.0"),
    dep("@opentelemetry/resources", "2.12.0"),
    dep("@opentelemetry/semantic-conventions", "1.45.0"),
    dep("@opentelemetry/instrumentation-http", "0.223.0"),
    dep("@opentelemetry/instrumentation-pino", "0.69.0"),
    dep("pino", "10.4.0"),
];

/// Go: the otel v1.47.0 release set (logs API and SDK stable at v1.47.0, OTLP log exporters
/// v0.23.0, Prometheus exporter v0.69.0, contrib v0.72.0, bridges v0.21.0), newest that `go mod
/// tidy` accepts from the module proxy. They need `go 1.26.0`. Always written:
pub const GO: &[Dep] = &[
    dep("go.opentelemetry.io/otel", "v1.47.0"),
    dep("go.opentelemetry.io/otel/metric", "v1.47.0"),
    dep("go.opentelemetry.io/otel/trace", "v1.47.0"),
    dep("go.opentelemetry.io/otel/sdk", "v1.47.0"),
    dep("go.opentelemetry.io/otel/sdk/metric", "v1.47.0"),
    dep("go.opentelemetry.io/otel/log", "v1.47.0"),
    dep("go.opentelemetry.io/otel/sdk/log", "v1.47.0"),
    dep("go.opentelemetry.io/otel/exporters/prometheus", "v0.69.0"),
    // OTEL_METRICS_EXPORTER is a list, which autoexport does not read: the module builds these.
    dep("go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc", "v1.47.0"),
    dep("go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp", "v1.47.0"),
    dep("go.opentelemetry.io/otel/exporters/stdout/stdoutmetric", "v1.47.0"),
    // OTEL_{TRACES,LOGS}_EXPORTER and OTEL_EXPORTER_OTLP_PROTOCOL (grpc, http/protobuf).
    dep("go.opentelemetry.io/contrib/exporters/autoexport", "v0.72.0"),
    dep("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp", "v0.72.0"),
    dep("go.opentelemetry.io/contrib/instrumentation/runtime", "v0.72.0"),
    dep("github.com/prometheus/client_golang", "v1.25.0"),
];
/// The `go` directive the Go set needs.
pub const GO_VERSION: (u32, u32, &str) = (1, 26, "1.26.0");
/// Go, with zap: the OTel bridge.
pub const GO_ZAP: &[Dep] = &[dep("go.opentelemetry.io/contrib/bridges/otelzap", "v0.21.0")];
/// Go, without zap: slog's OTel bridge.
pub const GO_SLOG: &[Dep] = &[dep("go.opentelemetry.io/contrib/bridges/otelslog", "v0.21.0")];
/// Go, with pgx v5: its tracer (third party; newest release).
pub const GO_PGX: &[Dep] = &[dep("github.com/exaring/otelpgx", "v0.13.0")];
/// Go, Fiber v2: gofiber/contrib's otelfiber (its newest v2 release).
pub const GO_FIBER2: &[Dep] = &[dep("github.com/gofiber/contrib/otelfiber/v2", "v2.2.3")];
/// Go, Fiber v3: gofiber/contrib's otel middleware.
pub const GO_FIBER3: &[Dep] = &[dep("github.com/gofiber/contrib/v3/otel", "v1.1.0")];
/// Go, Gin: otelgin's last release in contrib (v0.65.0; it has left contrib since, and its new
/// home is not on the module proxy).
pub const GO_GIN: &[Dep] =
    &[dep("go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin", "v0.65.0")];
/// Go, Echo v4: otelecho's last release in contrib (v0.65.0, as otelgin).
pub const GO_ECHO: &[Dep] =
    &[dep("go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho", "v0.65.0")];
