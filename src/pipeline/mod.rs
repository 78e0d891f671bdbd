//! The layer under the commands that touch a running pipeline (smoke-test, doctor, and what
//! comes next): sending OTLP, the synthetic run, one client per backend with typed answers,
//! polling until visible, the collector's own metrics, the hop diagnosis, and the one verdict
//! type every check returns. Commands use it; it never uses a command.

pub mod backends;
pub mod compare;
pub mod hops;
pub mod load;
pub mod otlp;
pub mod probes;
pub mod scrape;
pub mod smoke;
pub mod synthetic;
pub mod verdict;
