//! doctor's checks of VictoriaMetrics: ready, its release, its OTLP ingest path, the naming and
//! latency offset it runs with, and that it keeps no exemplars.

use opentelemetry_proto::tonic::collector::metrics::v1::ExportMetricsServiceRequest;

use super::{fail, pass, ready, warn};
use crate::pipeline::backends::victoriametrics::{self as vm, Naming};
use crate::pipeline::backends::Backend;
use crate::pipeline::verdict::Check;

pub async fn checks(b: &Backend) -> Vec<Check> {
    // An empty export: 200 says the OTLP path is served, whatever the data.
    let otlp = b.post_protobuf(vm::OTLP_PATH, prost::Message::encode_to_vec(&ExportMetricsServiceRequest::default()));
    let (ready, own_metrics, flags, otlp) =
        futures::join!(ready(b, "/health"), b.get("/metrics"), b.get("/flags"), otlp);
    let version = match own_metrics {
        Ok(f) if f.status == 200 => match vm::version_of_metrics(&f.body) {
            Some(v) => pass("victoriametrics.version", v),
            None => warn("victoriametrics.version", format!("{} names no release (vm_app_version)", b.url("/metrics"))),
        },
        Ok(f) => warn("victoriametrics.version", format!("/metrics answered HTTP {}: release unknown", f.status)),
        Err(e) => warn("victoriametrics.version", e.why),
    };
    let otlp = match otlp {
        Ok(f) if (200..300).contains(&f.status) => {
            pass("victoriametrics.otlp", format!("{} takes OTLP metrics", vm::OTLP_PATH))
        }
        Ok(f) => fail("victoriametrics.otlp", format!("{} answered HTTP {}", vm::OTLP_PATH, f.status)),
        Err(e) => fail("victoriametrics.otlp", e.why),
    };
    let naming = match flags {
        Ok(f) if f.status == 200 => {
            let flags = vm::parse_flags(&f.body);
            let naming = vm::naming_of_flags(&flags);
            let offset = flags.get("search.latencyOffset").map_or("30s (the default)", String::as_str);
            let said = format!(
                "OTLP metrics get {}; {} is {offset}, which otelkit's queries skip (latency_offset=1ms)",
                naming.describe(),
                vm::LATENCY_OFFSET_FLAG
            );
            match naming {
                Naming::Prometheus => pass("victoriametrics.naming", said),
                Naming::AsIs => warn(
                    "victoriametrics.naming",
                    format!(
                        "{said}; the dashboards and alerts otelkit generates query Prometheus names: add {}",
                        vm::PROMETHEUS_NAMING_FLAG
                    ),
                ),
            }
        }
        Ok(f) => warn("victoriametrics.naming", format!("/flags answered HTTP {}: naming unknown", f.status)),
        Err(e) => warn("victoriametrics.naming", e.why),
    };
    let exemplars =
        warn("victoriametrics.exemplars", "VictoriaMetrics stores no exemplars: its metrics cannot lead to a trace");
    vec![ready, version, otlp, naming, exemplars]
}
