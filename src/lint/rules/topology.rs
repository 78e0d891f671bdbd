//! Topology: what a collector in a tier of several needs. Tail sampling must see every span of a
//! trace, so whatever feeds it must route by trace id; a persistent queue needs its storage.
//!
//! One file shows one tier. Lint cannot see the tier in front of a sampler, so it flags what the
//! file itself proves wrong: tail_sampling fed by a receiver that a load_balancing tier does not
//! send to (load_balancing exports OTLP only), or sampling before this collector's own
//! load_balancing; an OTLP-fed sampler behind a tier that routes by service is beyond it.

use std::collections::HashSet;

use super::{type_of, Linter};
use crate::collector::{self, Kind};
use crate::lint::codes;
use crate::lint::tree::{Entry, Node};

/// Both names of the load-balancing exporter (renamed in v0.153).
fn is_load_balancing(id: &str) -> bool {
    matches!(type_of(id), "load_balancing" | "loadbalancing")
}

/// Receivers that can sit behind trace-id routing: OTLP (what load_balancing sends) and Kafka
/// (whose exporter can partition by trace id).
fn routable_receiver(id: &str) -> bool {
    matches!(type_of(id), "otlp" | "kafka")
}

impl<'a> Linter<'a> {
    pub(super) fn topology(&mut self) {
        let pipelines: &'a [Entry] =
            self.root.path(&["service", "pipelines"]).map(|e| e.value.entries()).unwrap_or_default();
        let names = |p: &'a Entry, role: &str| -> Vec<&'a str> {
            p.value.value(role).map(|n| n.as_seq().iter().filter_map(|(_, v)| v.as_str()).collect()).unwrap_or_default()
        };
        let mut traces_balanced = false;
        for p in pipelines.iter().filter(|p| type_of(&p.key) == "traces") {
            let balancer = names(p, "exporters").into_iter().find(|id| is_load_balancing(id));
            if let Some(lb) = balancer {
                traces_balanced = true;
                self.traces_routing(lb);
            }
            if !names(p, "processors").iter().any(|id| type_of(id) == "tail_sampling") {
                continue;
            }
            if let Some(lb) = balancer {
                self.report.push(
                    codes::TAIL_SAMPLING_UNROUTED,
                    p.key_pos,
                    format!("pipeline `{}` samples with tail_sampling before `{lb}` routes by trace id", p.key),
                    Some("route first, sample behind: load_balancing in this tier, tail_sampling in the next".into()),
                );
            }
            let direct: Vec<&str> = names(p, "receivers")
                .into_iter()
                .filter(|id| self.defined(Kind::Receiver, id) && !routable_receiver(id))
                .collect();
            if !direct.is_empty() {
                self.report.push(
                    codes::TAIL_SAMPLING_UNROUTED,
                    p.key_pos,
                    format!(
                        "pipeline `{}` samples with tail_sampling what `{}` receives, which no trace-id routing feeds",
                        p.key,
                        direct.join("`, `")
                    ),
                    Some(
                        "receive OTLP from a load_balancing tier (routing_key: traceID) in front of the samplers"
                            .into(),
                    ),
                );
            }
        }
        if traces_balanced {
            for p in pipelines.iter().filter(|p| type_of(&p.key) == "logs") {
                for lb in names(p, "exporters").into_iter().filter(|id| is_load_balancing(id)) {
                    self.logs_routing(&p.key, lb);
                }
            }
        }
        self.queues();
        if self.opts.collector_version >= collector::QUEUE_BATCH {
            for p in pipelines {
                self.batch_before_disk_queue(p);
            }
        }
    }

    /// Whether every exporter of the pipeline batches in its own queue (`sending_queue.batch`):
    /// the batch processor is then not missing.
    pub(super) fn batches_in_queue(&self, pipeline: &Node) -> bool {
        let exporters = pipeline.value("exporters").map(Node::as_seq).unwrap_or_default();
        !exporters.is_empty()
            && exporters.iter().all(|(_, id)| {
                let config = id.as_str().and_then(|id| self.section(Kind::Exporter).iter().find(|e| e.key == id));
                config.is_some_and(|c| c.value.path(&["sending_queue", "batch"]).is_some())
            })
    }

    /// The batch processor in front of an exporter whose queue is on disk: the processor answers
    /// the receiver and then holds the items in memory, up to its timeout, where a kill loses
    /// them. Only from the release whose queue on disk can batch (the fix); before it, nothing
    /// better exists and gen says so in the config.
    fn batch_before_disk_queue(&mut self, p: &'a Entry) {
        let listed = |role: &str| p.value.value(role).map(Node::as_seq).unwrap_or_default();
        let Some((pos, batch)) = listed("processors")
            .iter()
            .find_map(|(pos, id)| id.as_str().filter(|id| type_of(id) == "batch").map(|id| (*pos, id)))
        else {
            return;
        };
        for id in listed("exporters").iter().filter_map(|(_, id)| id.as_str()) {
            let Some(config) = self.section(Kind::Exporter).iter().find(|e| e.key == id) else { continue };
            let Some(storage) = storage_of(&config.value).and_then(|s| s.value.as_str()).filter(|s| !s.is_empty())
            else {
                continue;
            };
            self.report.push(
                codes::BATCH_BEFORE_PERSISTENT_QUEUE,
                if pos.line == 0 { p.key_pos } else { pos },
                format!(
                    "pipeline `{}`: `{batch}` holds items in memory in front of `{id}`, whose queue is on disk (`{storage}`): a kill loses up to its timeout of data",
                    p.key
                ),
                Some(format!(
                    "remove `{batch}` from this pipeline and batch in the queue: sending_queue.batch {{flush_timeout: 1s, min_size: 1024, sizer: items}} on `{id}`"
                )),
            );
        }
    }

    fn routing_key(&self, lb: &str) -> Option<(&'a Entry, &'a str)> {
        let config = self.section(Kind::Exporter).iter().find(|e| e.key == lb)?;
        let key = config.value.get("routing_key")?;
        Some((key, key.value.as_str().unwrap_or_default()))
    }

    fn traces_routing(&mut self, lb: &str) {
        let Some((key, routing)) = self.routing_key(lb) else { return };
        if routing != "traceID" {
            self.report.push(
                codes::LOAD_BALANCING_ROUTING,
                key.key_pos,
                format!("`{lb}` routes traces by `{routing}`: the spans of one trace reach several instances"),
                Some(
                    "routing_key: traceID (the default for traces) when the tier behind samples or groups by trace"
                        .into(),
                ),
            );
        }
    }

    fn logs_routing(&mut self, pipeline: &str, lb: &str) {
        let (pos, routing) = match self.routing_key(lb) {
            Some((key, routing)) => (key.key_pos, routing),
            None => (
                self.section(Kind::Exporter).iter().find(|e| e.key == lb).map(|e| e.key_pos).unwrap_or_default(),
                "service",
            ),
        };
        if routing == "service" {
            self.report.push(
                codes::LOAD_BALANCING_ROUTING,
                pos,
                format!(
                    "pipeline `{pipeline}`: `{lb}` routes logs by service (the default for logs) while traces go by trace id: a trace's logs and spans reach different instances"
                ),
                Some("routing_key: traceID routes each log with its trace".into()),
            );
        }
    }

    /// `sending_queue.storage` names an enabled storage extension, and a storage extension that
    /// is enabled has a component using it.
    fn queues(&mut self) {
        let enabled: HashSet<&str> = self
            .root
            .path(&["service", "extensions"])
            .map(|e| e.value.as_seq().iter().filter_map(|(_, v)| v.as_str()).collect())
            .unwrap_or_default();
        let mut used: HashSet<&str> = HashSet::new();
        for kind in [Kind::Receiver, Kind::Exporter] {
            for component in self.section(kind) {
                let Some(storage) = storage_of(&component.value) else { continue };
                let Some(id) = storage.value.as_str().filter(|id| !id.is_empty()) else { continue };
                used.insert(id);
                if !self.defined(Kind::Extension, id) || !enabled.contains(id) {
                    let state = if self.defined(Kind::Extension, id) {
                        "not enabled in service.extensions"
                    } else {
                        "not defined"
                    };
                    self.report.push(
                        codes::QUEUE_STORAGE_MISSING,
                        storage.value_pos,
                        format!("{} `{}` keeps its queue in `{id}`, which is {state}", kind.singular(), component.key),
                        Some(format!("define `{id}` under extensions (file_storage with a directory) and list it in service.extensions")),
                    );
                }
            }
        }
        for e in self.section(Kind::Extension) {
            if type_of(&e.key) == "file_storage" && enabled.contains(e.key.as_str()) && !used.contains(e.key.as_str()) {
                self.report.push(
                    codes::QUEUE_NOT_PERSISTENT,
                    e.key_pos,
                    format!(
                        "`{}` is enabled but no queue or receiver stores in it: every queue here is in memory",
                        e.key
                    ),
                    Some(format!(
                        "set sending_queue.storage: {} on the exporters whose queue must survive a restart",
                        e.key
                    )),
                );
            }
        }
    }
}

/// The storage a component names: an exporter's `sending_queue.storage` (load_balancing's in its
/// sub-exporter template, which v0.161 does open), a receiver's `storage`.
fn storage_of(component: &Node) -> Option<&Entry> {
    component
        .path(&["sending_queue", "storage"])
        .or_else(|| component.path(&["protocol", "otlp", "sending_queue", "storage"]))
        .or_else(|| component.get("storage"))
}

#[cfg(test)]
mod tests {
    use crate::lint::rules::tests::errors;
    use crate::lint::{lint_str, LintOptions};

    fn findings(text: &str, code: &str) -> Vec<usize> {
        let opts =
            LintOptions { collector_version: crate::collector::DEFAULT, environment: None, env: Default::default() };
        lint_str(text, &opts).diagnostics.iter().filter(|d| d.code == code).map(|d| d.line).collect()
    }

    const SAMPLER: &str = "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: localhost:4317}\n  zipkin: {}\nprocessors:\n  memory_limiter: {check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 20}\n  tail_sampling:\n    decision_wait: 1s\n    policies: [{name: errors, type: status_code, status_code: {status_codes: [ERROR]}}]\nexporters:\n  otlp_grpc/jaeger: {endpoint: localhost:14317, tls: {insecure: true}}\nservice:\n  pipelines:\n    traces:\n      receivers: [RECEIVERS]\n      processors: [memory_limiter, tail_sampling]\n      exporters: [otlp_grpc/jaeger]\n";

    #[test]
    fn each_rules_example_triggers_it() {
        use crate::lint::codes;
        for rule in [
            codes::QUEUE_STORAGE_MISSING,
            codes::QUEUE_NOT_PERSISTENT,
            codes::BATCH_BEFORE_PERSISTENT_QUEUE,
            codes::TAIL_SAMPLING_UNROUTED,
            codes::LOAD_BALANCING_ROUTING,
        ] {
            assert!(!findings(rule.example, rule.code).is_empty(), "{}:\n{}", rule.code, rule.example);
        }
    }

    #[test]
    fn a_sampler_fed_by_otlp_is_not_flagged_but_one_fed_by_zipkin_is() {
        assert_eq!(findings(&SAMPLER.replace("RECEIVERS", "otlp"), "tail-sampling-unrouted"), Vec::<usize>::new());
        assert_eq!(findings(&SAMPLER.replace("RECEIVERS", "otlp, zipkin"), "tail-sampling-unrouted"), vec![15]);
    }

    const BALANCER: &str = "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: localhost:4317}\nprocessors:\n  tail_sampling:\n    policies: [{name: all, type: always_sample}]\nexporters:\n  load_balancing:\nROUTING    protocol: {otlp: {tls: {insecure: true}}}\n    resolver: {static: {hostnames: [localhost:14317]}}\nservice:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [PROCESSORS]\n      exporters: [load_balancing]\nLOGS";

    fn balancer(routing: &str, processors: &str, logs: bool) -> String {
        let logs = if logs { "    logs:\n      receivers: [otlp]\n      exporters: [load_balancing]\n" } else { "" };
        BALANCER.replace("ROUTING", routing).replace("PROCESSORS", processors).replace("LOGS", logs)
    }

    #[test]
    fn sampling_before_this_collectors_own_load_balancing_is_flagged() {
        assert_eq!(findings(&balancer("", "tail_sampling", false), "tail-sampling-unrouted"), vec![14]);
        assert_eq!(findings(&balancer("", "", false), "tail-sampling-unrouted"), Vec::<usize>::new());
    }

    #[test]
    fn traces_must_be_routed_by_trace_id() {
        assert_eq!(findings(&balancer("", "", false), "load-balancing-routing"), Vec::<usize>::new());
        assert_eq!(
            findings(&balancer("    routing_key: traceID\n", "", false), "load-balancing-routing"),
            Vec::<usize>::new()
        );
        assert_eq!(findings(&balancer("    routing_key: service\n", "", false), "load-balancing-routing"), vec![10]);
    }

    #[test]
    fn logs_beside_traces_are_flagged_when_routed_by_service_the_default() {
        assert_eq!(findings(&balancer("", "", true), "load-balancing-routing"), vec![9]);
        assert_eq!(
            findings(&balancer("    routing_key: traceID\n", "", true), "load-balancing-routing"),
            Vec::<usize>::new()
        );
    }

    const QUEUE: &str = "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: localhost:4317}\nEXTENSIONSexporters:\n  otlp_grpc:\n    endpoint: localhost:14317\n    tls: {insecure: true}\n    sending_queue:\nSTORAGE      enabled: true\nservice:\nENABLED  pipelines:\n    traces: {receivers: [otlp], exporters: [otlp_grpc]}\n";

    fn queue(defined: bool, storage: bool, enabled: bool) -> String {
        QUEUE
            .replace(
                "EXTENSIONS",
                if defined {
                    "extensions:\n  file_storage/q: {directory: /tmp/q, create_directory: true}\n"
                } else {
                    ""
                },
            )
            .replace("STORAGE", if storage { "      storage: file_storage/q\n" } else { "" })
            .replace("ENABLED", if enabled { "  extensions: [file_storage/q]\n" } else { "" })
    }

    #[test]
    fn a_queue_names_a_defined_enabled_storage() {
        assert_eq!(errors(&queue(true, true, true)), vec![]);
        assert_eq!(errors(&queue(false, true, false)), vec![("queue-storage-missing", 10)]);
        assert_eq!(errors(&queue(true, true, false)), vec![("queue-storage-missing", 12)]);
    }

    const BATCHED: &str = "receivers:\n  otlp:\n    protocols:\n      grpc: {endpoint: localhost:4317}\nprocessors:\n  memory_limiter: {check_interval: 1s, limit_percentage: 80, spike_limit_percentage: 20}\n  batch: {}\nextensions:\n  file_storage/q: {directory: /tmp/q}\nexporters:\n  otlp_grpc:\n    endpoint: localhost:14317\n    tls: {insecure: true}\n    sending_queue:\nQUEUE\nservice:\n  extensions: [file_storage/q]\n  pipelines:\n    traces: {receivers: [otlp], processors: [PROCESSORS], exporters: [otlp_grpc]}\n";

    fn batched(version: crate::collector::Version, queue: &str, processors: &str) -> Vec<(&'static str, usize)> {
        let text = BATCHED.replace("QUEUE", queue).replace("PROCESSORS", processors);
        let opts = LintOptions { collector_version: version, environment: None, env: Default::default() };
        lint_str(&text, &opts)
            .diagnostics
            .iter()
            .map(|d| (d.code, d.line))
            .filter(|(c, _)| c.starts_with("batch"))
            .collect()
    }

    #[test]
    fn the_batch_processor_before_a_queue_on_disk_is_flagged_from_the_release_that_batches_in_it() {
        use crate::collector::{Version, DEFAULT, QUEUE_BATCH};
        let disk = "      storage: file_storage/q";
        let disk_batched =
            "      storage: file_storage/q\n      batch: {flush_timeout: 1s, min_size: 1024, sizer: items}";
        assert_eq!(batched(DEFAULT, disk, "memory_limiter, batch"), vec![("batch-before-persistent-queue", 19)]);
        assert_eq!(batched(QUEUE_BATCH, disk, "memory_limiter, batch"), vec![("batch-before-persistent-queue", 19)]);
        // Before v0.130 a queue on disk cannot batch: the processor is the only batching there is.
        assert_eq!(batched(Version(0, 129, 0), disk, "memory_limiter, batch"), vec![]);
        // In memory, the queue is lost at a kill anyway: the processor loses nothing more.
        assert_eq!(batched(DEFAULT, "      enabled: true", "memory_limiter, batch"), vec![]);
        // Batching in the queue on disk: neither this rule nor batch-missing.
        assert_eq!(batched(DEFAULT, disk_batched, "memory_limiter"), vec![]);
        assert_eq!(batched(DEFAULT, disk, "memory_limiter"), vec![("batch-missing", 19)]);
    }

    #[test]
    fn an_enabled_file_storage_no_queue_uses_is_flagged() {
        assert_eq!(findings(&queue(true, true, true), "queue-not-persistent"), Vec::<usize>::new());
        assert_eq!(findings(&queue(true, false, true), "queue-not-persistent"), vec![6]);
        let balancer = balancer("", "", false)
            .replace(
                "    protocol: {otlp: {tls: {insecure: true}}}\n",
                "    protocol: {otlp: {sending_queue: {storage: file_storage/q}}}\n",
            )
            .replace(
                "service:\n",
                "extensions:\n  file_storage/q: {directory: /tmp/q}\nservice:\n  extensions: [file_storage/q]\n",
            );
        assert_eq!(findings(&balancer, "queue-not-persistent"), Vec::<usize>::new());
        assert_eq!(
            findings(&balancer.replace("storage: file_storage/q", "enabled: true"), "queue-not-persistent").len(),
            1
        );
    }
}
