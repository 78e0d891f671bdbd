//! Which store holds each signal, and the URL of its query API: the `--traces-backend`-style flag,
//! then `OTELKIT_<SIGNAL>_BACKEND`, then `[backends]` in otelkit.toml, then the store whose URL alone
//! is given (a `--jaeger-url` without a Tempo URL means Jaeger), then Tempo, Loki and Prometheus.

use clap::ValueEnum;

use super::Settings;
use crate::cli::BackendArgs;
use crate::error::hinted;
use crate::stores::{LogStore, MetricStore, Stores, TraceStore};

impl Settings {
    pub fn stores(&self, args: &BackendArgs) -> anyhow::Result<Stores> {
        let b = &self.file.backends;
        let given = |store: &str| self.given_url(store, args).is_some();
        let traces = self.store("traces", args.traces_backend, b.traces, || {
            if given("jaeger") && !given("tempo") {
                TraceStore::Jaeger
            } else {
                TraceStore::Tempo
            }
        })?;
        let logs = self.store("logs", args.logs_backend, b.logs, || {
            if given("victorialogs") && !given("loki") {
                LogStore::VictoriaLogs
            } else {
                LogStore::Loki
            }
        })?;
        let metrics = self.store("metrics", args.metrics_backend, b.metrics, || {
            if given("victoriametrics") && !given("prometheus") {
                MetricStore::VictoriaMetrics
            } else {
                MetricStore::Prometheus
            }
        })?;
        Ok(Stores { traces, logs, metrics })
    }

    /// The query API of the store that holds traces.
    pub fn trace_store_url(&self, store: TraceStore, args: &BackendArgs) -> String {
        self.given_url(store.name(), args).unwrap_or_else(|| store.default_url().into())
    }

    /// The query API of the store that holds logs.
    pub fn log_store_url(&self, store: LogStore, args: &BackendArgs) -> String {
        self.given_url(store.name(), args).unwrap_or_else(|| store.default_url().into())
    }

    /// The query API of the store that holds metrics.
    pub fn metric_store_url(&self, store: MetricStore, args: &BackendArgs) -> String {
        self.given_url(store.name(), args).unwrap_or_else(|| store.default_url().into())
    }

    /// `--<store>-url`, `OTELKIT_<STORE>_URL`, `<store>_url` in otelkit.toml, for a store's name.
    fn given_url(&self, store: &str, args: &BackendArgs) -> Option<String> {
        let b = &self.file.backends;
        let (flag, file) = match store {
            "tempo" => (&args.tempo_url, &b.tempo_url),
            "jaeger" => (&args.jaeger_url, &b.jaeger_url),
            "loki" => (&args.loki_url, &b.loki_url),
            "victorialogs" => (&args.victorialogs_url, &b.victorialogs_url),
            "prometheus" => (&args.prometheus_url, &b.prometheus_url),
            "victoriametrics" => (&args.victoriametrics_url, &b.victoriametrics_url),
            _ => unreachable!("every store's name is listed here"),
        };
        self.pick(flag.as_deref(), &[&format!("OTELKIT_{}_URL", store.to_ascii_uppercase())], file.as_deref())
    }

    fn store<T: ValueEnum + Copy>(
        &self,
        signal: &str,
        flag: Option<T>,
        file: Option<T>,
        inferred: impl FnOnce() -> T,
    ) -> anyhow::Result<T> {
        if let Some(chosen) = flag {
            return Ok(chosen);
        }
        let var = format!("OTELKIT_{}_BACKEND", signal.to_ascii_uppercase());
        if let Some(text) = self.env(&var).filter(|v| !v.is_empty()) {
            return T::from_str(text, true).map_err(|_| {
                let names: Vec<String> = T::value_variants()
                    .iter()
                    .filter_map(|v| v.to_possible_value())
                    .map(|v| v.get_name().into())
                    .collect();
                hinted(format!("{var}={text} names no {signal} store"), format!("one of: {}", names.join(", ")))
            });
        }
        Ok(file.unwrap_or_else(inferred))
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::settings::ProjectFile;

    #[derive(Parser)]
    struct Args {
        #[command(flatten)]
        backends: BackendArgs,
    }

    fn stores(env: &[(&str, &str)], file: &str, args: &[&str]) -> anyhow::Result<Stores> {
        let file: ProjectFile = toml::from_str(file).unwrap();
        let settings = Settings::with_env(file, env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let args = Args::try_parse_from(std::iter::once("x").chain(args.iter().copied())).unwrap();
        settings.stores(&args.backends)
    }

    #[test]
    fn flag_beats_env_beats_file_beats_a_lone_url_beats_the_default() {
        assert_eq!(stores(&[], "", &[]).unwrap(), Stores::default());
        let lone_url = stores(&[], "", &["--jaeger-url", "http://j:16686"]).unwrap();
        assert_eq!(lone_url.traces, TraceStore::Jaeger);
        let both = stores(&[("OTELKIT_TEMPO_URL", "http://t:3200")], "", &["--jaeger-url", "http://j:16686"]).unwrap();
        assert_eq!(both.traces, TraceStore::Tempo, "two URLs choose nothing: the default stands");
        let file = "[backends]\nlogs = \"victorialogs\"\nmetrics = \"victoriametrics\"\n";
        let from_file = stores(&[], file, &[]).unwrap();
        assert_eq!((from_file.logs, from_file.metrics), (LogStore::VictoriaLogs, MetricStore::VictoriaMetrics));
        let env = stores(&[("OTELKIT_LOGS_BACKEND", "Loki")], file, &[]).unwrap();
        assert_eq!(env.logs, LogStore::Loki);
        let flag = stores(&[("OTELKIT_LOGS_BACKEND", "loki")], file, &["--logs-backend", "victorialogs"]).unwrap();
        assert_eq!(flag.logs, LogStore::VictoriaLogs);
    }

    #[test]
    fn every_store_reads_its_own_url_flag() {
        let file: ProjectFile = toml::from_str("").unwrap();
        let settings = Settings::with_env(file, std::iter::empty());
        let names = TraceStore::value_variants().iter().map(|s| s.name());
        let names = names.chain(LogStore::value_variants().iter().map(|s| s.name()));
        for name in names.chain(MetricStore::value_variants().iter().map(|s| s.name())) {
            let flag = format!("--{name}-url");
            let args = Args::try_parse_from(["x", flag.as_str(), "http://given:1"]).unwrap();
            assert_eq!(settings.given_url(name, &args.backends).as_deref(), Some("http://given:1"), "{name}");
        }
    }

    #[test]
    fn the_default_grafana_uids_are_the_ones_gen_grafana_provisions() {
        let g = crate::naming::GRAFANA_UIDS;
        assert_eq!(format!("otelkit-{}", TraceStore::Tempo.name()), g.tempo);
        assert_eq!(format!("otelkit-{}", LogStore::Loki.name()), g.loki);
        assert_eq!(format!("otelkit-{}", MetricStore::Prometheus.name()), g.prometheus);
    }

    #[test]
    fn an_unknown_store_in_the_environment_names_the_choices() {
        let err = stores(&[("OTELKIT_TRACES_BACKEND", "zipkin")], "", &[]).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("OTELKIT_TRACES_BACKEND=zipkin names no traces store"), "{text}");
    }
}
