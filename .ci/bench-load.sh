#!/usr/bin/env bash
# otelkit load vs telemetrygen (collector-contrib cmd/telemetrygen v0.161.0) at full speed, as
# sender CPU time per item and items per sender CPU-second: against the real collector (OTLP
# receiver -> nop exporter) and against a local OTLP/HTTP sink (a Go stdlib server answering an
# empty OTLP response). Max RSS of each sender at MEMORY_SECONDS (default 60) of full speed.
# Not a test: figures depend on the machine and what else runs on it.
#
#   .ci/bench-load.sh                       # COUNT=200000 items per run, MEMORY_SECONDS=60
#   COUNT=50000 MEMORY_SECONDS=10 .ci/bench-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${COUNT:-200000}
MEMORY_SECONDS=${MEMORY_SECONDS:-60}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK/gobin"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --locked -q
OTELKIT=$PWD/target/release/otelkit
OTELCOL=$PWD/target/test-deps/otelcol-0.161.0-$(tr -d "[:space:]" < tests/otelcol/BUILD)/otelcol
[ -x "$OTELCOL" ] || .ci/deps/otelcol.sh

TELEMETRYGEN=$WORK/gobin/telemetrygen
if [ ! -x "$TELEMETRYGEN" ]; then
  (cd "$WORK" && GOFLAGS=-mod=mod GOBIN=$WORK/gobin go install \
    github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen@v0.161.0) \
    || { echo "telemetrygen v0.161.0 did not build from the Go module proxy" >&2; exit 1; }
fi

# The sink: accepts every OTLP/HTTP export, answers 200 with an empty (valid) response.
mkdir -p "$WORK/sink"
cat > "$WORK/sink/main.go" <<'GO'
package main

import (
	"io"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(200)
	})
	_ = http.ListenAndServe(os.Args[1], nil)
}
GO
(cd "$WORK/sink" && { [ -f go.mod ] || go mod init sink >/dev/null 2>&1; } && go build -o sink .)

cat > "$WORK/collector.yaml" <<'YAML'
receivers:
  otlp:
    protocols:
      grpc: { endpoint: 127.0.0.1:24317 }
      http: { endpoint: 127.0.0.1:24318 }
exporters:
  nop:
service:
  telemetry:
    metrics: { level: none }
  pipelines:
    traces: { receivers: [otlp], exporters: [nop] }
    metrics: { receivers: [otlp], exporters: [nop] }
    logs: { receivers: [otlp], exporters: [nop] }
YAML

"$OTELCOL" --config="$WORK/collector.yaml" > "$WORK/collector.log" 2>&1 &
COLLECTOR=$!
"$WORK/sink/sink" 127.0.0.1:24319 &
SINK=$!
trap 'kill $COLLECTOR $SINK 2>/dev/null || true' EXIT
sleep 3

# user+sys CPU seconds, max RSS KiB, wall seconds of one command.
measure() {
  /usr/bin/time -f "%U %S %M %e" -o "$WORK/time" "$@" > "$WORK/out" 2> "$WORK/err" || {
    echo "failed: $*" >&2; tail -5 "$WORK/err" >&2; return 1; }
  read -r user sys rss wall < "$WORK/time"
  echo "$user $sys $rss $wall"
}

row() { # tool target signal items user sys rss wall
  awk -v t="$1" -v g="$2" -v s="$3" -v n="$4" -v u="$5" -v y="$6" -v m="$7" -v w="$8" 'BEGIN {
    cpu = u + y; if (cpu < 0.01) cpu = 0.01
    printf "%-13s %-15s %-8s %10d %8.2f %12.0f %14.3f %9.0f %7.2f\n", t, g, s, n, cpu, n / cpu, cpu * 100000 / n, m / 1024, w }'
}

printf "%-13s %-15s %-8s %10s %8s %12s %14s %9s %7s\n" tool target signal items cpu_s items/cpu_s cpu_s/100k maxrss_MiB wall_s
for target in collector-grpc collector-http sink-http; do
  case $target in
    collector-grpc) ok_args=(--protocol grpc --otlp-endpoint http://127.0.0.1:24317); tg_args=(--otlp-endpoint 127.0.0.1:24317 --otlp-insecure) ;;
    collector-http) ok_args=(--otlp-endpoint http://127.0.0.1:24318); tg_args=(--otlp-endpoint 127.0.0.1:24318 --otlp-insecure --otlp-http) ;;
    sink-http) ok_args=(--otlp-endpoint http://127.0.0.1:24319); tg_args=(--otlp-endpoint 127.0.0.1:24319 --otlp-insecure --otlp-http) ;;
  esac
  for signal in traces logs metrics; do
    read -r u s m w < <(measure "$OTELKIT" --format json load "${ok_args[@]}" --signals "$signal" \
      --rate 0 --count "$COUNT" --workers 2 --batch-size 500 --no-verify)  # exits 1 (failed:) unless all accepted
    sent=$(grep -o '"sent": *[0-9]*' "$WORK/out" | head -1 | grep -o '[0-9]*$')
    row otelkit "$target" "$signal" "$sent" "$u" "$s" "$m" "$w"
    # telemetrygen counts per worker (2 workers): traces of 2 spans (--child-spans 1), one
    # record per log, one point per metric; batches of 500 like otelkit's.
    case $signal in
      traces) tg=(traces --traces $((COUNT / 4)) --child-spans 1); items=$COUNT ;;
      logs) tg=(logs --logs $((COUNT / 2))); items=$COUNT ;;
      metrics) tg=(metrics --metrics $((COUNT / 2))); items=$COUNT ;;
    esac
    if read -r u s m w < <(measure "$TELEMETRYGEN" "${tg[@]}" "${tg_args[@]}" --rate 0 --workers 2 --batch-size 500); then
      row telemetrygen "$target" "$signal" "$items" "$u" "$s" "$m" "$w"
    fi
  done
done

echo
echo "max RSS at ${MEMORY_SECONDS}s of full speed (traces, against the sink):"
read -r u s m w < <(measure "$OTELKIT" --format json load --otlp-endpoint http://127.0.0.1:24319 --signals traces \
  --rate 0 --duration "${MEMORY_SECONDS}s" --workers 2 --no-verify --max-loss 100)
sent=$(grep -o '"sent": *[0-9]*' "$WORK/out" | head -1 | grep -o '[0-9]*$')
row otelkit sink-http traces "$sent" "$u" "$s" "$m" "$w"
read -r u s m w < <(measure "$TELEMETRYGEN" traces --duration "${MEMORY_SECONDS}s" --otlp-endpoint 127.0.0.1:24319 \
  --otlp-insecure --otlp-http --rate 0 --workers 2 --batch-size 500)
row telemetrygen sink-http traces 0 "$u" "$s" "$m" "$w"
echo "(telemetrygen does not print what it sent in duration mode: items 0 there)"
echo "nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg)"
