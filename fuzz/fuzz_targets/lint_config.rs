//! Any bytes as a collector config: lint must answer without panicking.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use otelkit::collector::Version;
use otelkit::lint::{lint_str, LintOptions};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for version in [Version(0, 91, 0), Version(0, 156, 0)] {
            let opts = LintOptions { collector_version: version, environment: None, env: BTreeMap::new() };
            let _ = lint_str(text, &opts);
        }
    }
});
