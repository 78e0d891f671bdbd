#!/usr/bin/env bash
# Wall time of `gen collector` and `gen k8s` against `otelkit --version` (the process start-up
# baseline), measured in the same hyperfine run. Not a test: figures go in notes, as ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install hyperfine" >&2; exit 2; }
cargo build --release --locked -q
bin=target/release/otelkit
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
hyperfine -N --warmup 20 --runs 200 \
  --export-markdown "${BENCH_OUT:-/dev/stdout}" \
  "$OLDPWD/$bin --version" \
  "$OLDPWD/$bin gen collector" \
  "$OLDPWD/$bin gen k8s"
