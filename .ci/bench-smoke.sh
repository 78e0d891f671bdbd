#!/usr/bin/env bash
# otelkit smoke-test wall time against a pipeline whose signals become queryable a known time
# after export (benches/smoke_latency.rs). Target: overhead <= 0.1 s. Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install hyperfine" >&2; exit 2; }
cargo bench --locked --bench smoke_latency
