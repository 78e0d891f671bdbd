//! One integration test binary; a module per command.

mod collector_support;
mod support;

mod canary;
mod cli;
mod dockerfile;
mod doctor;
mod errors;
mod fake_grafana;
mod fake_pipeline;
mod gen_ci;
mod gen_collector;
mod gen_k8s;
mod gen_k8s_tiers;
mod gen_pipeline;
mod gen_regenerate;
mod gen_topology;
mod grafana;
mod init;
mod init_escaping;
mod init_go;
mod init_real;
mod jaeger;
mod k8s_schema;
mod lint;
mod lint_limits;
mod load;
#[cfg(unix)]
mod pipes;
mod prometheus3;
mod query_injection;
mod real_backends_findings;
mod real_collector;
mod real_jaeger;
mod real_prometheus;
mod real_victorialogs;
mod real_victoriametrics;
mod replicas;
mod reports;
mod secrets;
mod settings_precedence;
mod smoke;
mod templates;
mod tiers;
mod topology;
mod topology_kill;
mod unreachable;
#[cfg(target_os = "linux")]
mod up;
