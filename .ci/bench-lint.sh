#!/usr/bin/env bash
# Wall time and peak memory of `otelkit lint` on large inputs, against `otelkit --version` (process
# start-up) and a generated collector config (a real-sized one), measured in the same run. The
# inputs are generated here: clean configs of about 1 MB and 10 MB (one pipeline of thousands of
# processors) and one with 100,000 diagnostics (50,000 exporters, each unused and aimed at the
# wrong port), rendered for a person and as JSON. Not a test: figures go in README's Benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install hyperfine" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 2; }
cargo build --release --locked -q
bin="$PWD/target/release/otelkit"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"

# A clean config whose one pipeline lists $1 batch processors after memory_limiter.
clean() {
  awk -v n="$1" 'BEGIN {
    print "receivers:\n  otlp:\n    protocols:\n      grpc:\n        endpoint: localhost:4317"
    print "processors:\n  memory_limiter:\n    check_interval: 1s\n    limit_percentage: 80"
    for (i = 0; i < n; i++) printf "  batch/%d:\n    timeout: 1s\n", i
    print "exporters:\n  debug:\n    verbosity: basic"
    print "service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors:\n        - memory_limiter"
    for (i = 0; i < n; i++) printf "        - batch/%d\n", i
    print "      exporters: [debug]"
  }'
}

# $1 exporters, each unused (a warning) and a gRPC exporter aimed at 4318 (an error).
diagnostics() {
  awk -v n="$1" 'BEGIN {
    print "receivers:\n  otlp: {}\nexporters:\n  debug: {}"
    for (i = 0; i < n; i++) printf "  otlp_grpc/e%d:\n    endpoint: tempo:4318\n", i
    print "service:\n  pipelines:\n    traces:\n      receivers: [otlp]\n      processors: [memory_limiter, batch]"
    print "      exporters: [debug]\nprocessors:\n  memory_limiter: {check_interval: 1s, limit_percentage: 80}\n  batch: {}"
  }'
}

"$bin" gen collector > small.yaml
clean 21000 > 1mb.yaml
clean 210000 > 10mb.yaml
diagnostics 50000 > diags-100k.yaml
for f in small.yaml 1mb.yaml 10mb.yaml diags-100k.yaml; do
  printf '%-16s %10d bytes\n' "$f" "$(wc -c < "$f")" >&2
done

# Lint exits 1 on the inputs with errors: -i keeps hyperfine from stopping there.
hyperfine -N -i --warmup 2 --runs "${RUNS:-10}" \
  --export-markdown "${BENCH_OUT:-/dev/stdout}" \
  "$bin --version" \
  "$bin lint small.yaml" \
  "$bin lint 1mb.yaml" \
  "$bin lint 10mb.yaml" \
  "$bin lint diags-100k.yaml" \
  "$bin --format json lint diags-100k.yaml"

echo
echo "| command | peak RSS |"
echo "|---|---|"
for cmd in "--version" "lint small.yaml" "lint 1mb.yaml" "lint 10mb.yaml" "lint diags-100k.yaml" \
  "--format json lint diags-100k.yaml"; do
  # shellcheck disable=SC2086 # the command's words are meant to split
  /usr/bin/time -o rss -f '%M' "$bin" $cmd >/dev/null 2>&1 || true  # lint exits 1 on errors
  echo "| \`otelkit $cmd\` | $(($(tail -1 rss) / 1024)) MiB |"
done
