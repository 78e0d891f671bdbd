//! Which server stores each signal: Tempo or Jaeger for traces, Loki or VictoriaLogs for logs,
//! Prometheus or VictoriaMetrics for metrics. Chosen like every setting (flag, environment,
//! `[backends]` in otelkit.toml); the pipeline queries each store in its own API.

use serde::{Deserialize, Serialize};

/// Where traces are stored and found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum TraceStore {
    #[default]
    Tempo,
    Jaeger,
}

/// Where logs are stored and found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogStore {
    #[default]
    Loki,
    #[value(name = "victorialogs")]
    VictoriaLogs,
}

/// Where metrics are stored and found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum MetricStore {
    #[default]
    Prometheus,
    #[value(name = "victoriametrics")]
    VictoriaMetrics,
}

/// The store of every signal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stores {
    pub traces: TraceStore,
    pub logs: LogStore,
    pub metrics: MetricStore,
}

impl TraceStore {
    /// As flags, settings and check names spell it.
    pub fn name(self) -> &'static str {
        match self {
            TraceStore::Tempo => "tempo",
            TraceStore::Jaeger => "jaeger",
        }
    }

    /// As people write it.
    pub fn label(self) -> &'static str {
        match self {
            TraceStore::Tempo => "Tempo",
            TraceStore::Jaeger => "Jaeger",
        }
    }

    /// The query API on its default port.
    pub fn default_url(self) -> &'static str {
        match self {
            TraceStore::Tempo => "http://localhost:3200",
            TraceStore::Jaeger => "http://localhost:16686",
        }
    }
}

impl LogStore {
    pub fn name(self) -> &'static str {
        match self {
            LogStore::Loki => "loki",
            LogStore::VictoriaLogs => "victorialogs",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LogStore::Loki => "Loki",
            LogStore::VictoriaLogs => "VictoriaLogs",
        }
    }

    pub fn default_url(self) -> &'static str {
        match self {
            LogStore::Loki => "http://localhost:3100",
            LogStore::VictoriaLogs => "http://localhost:9428",
        }
    }
}

impl MetricStore {
    pub fn name(self) -> &'static str {
        match self {
            MetricStore::Prometheus => "prometheus",
            MetricStore::VictoriaMetrics => "victoriametrics",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MetricStore::Prometheus => "Prometheus",
            MetricStore::VictoriaMetrics => "VictoriaMetrics",
        }
    }

    pub fn default_url(self) -> &'static str {
        match self {
            MetricStore::Prometheus => "http://localhost:9090",
            MetricStore::VictoriaMetrics => "http://localhost:8428",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn flags_and_the_file_spell_each_store_alike() {
        for s in TraceStore::value_variants() {
            assert_eq!(s.to_possible_value().unwrap().get_name(), s.name());
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
        for s in LogStore::value_variants() {
            assert_eq!(s.to_possible_value().unwrap().get_name(), s.name());
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
        for s in MetricStore::value_variants() {
            assert_eq!(s.to_possible_value().unwrap().get_name(), s.name());
            assert_eq!(serde_json::to_value(s).unwrap(), s.name());
        }
    }
}
