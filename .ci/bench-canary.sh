#!/usr/bin/env bash
# otelkit canary: resident memory after 10, 100, 1,000 and 2,000 fast runs against the test
# suite's fake pipeline (must stay flat), and SIGTERM-to-exit time between runs and with a run in
# flight (benches/canary_soak.rs, release build). Linux (/proc). Not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --locked --bench canary_soak
