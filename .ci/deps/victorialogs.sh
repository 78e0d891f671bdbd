#!/usr/bin/env bash
# The real VictoriaLogs the real_victorialogs tests run: `victoria-logs` built with Go from
# github.com/VictoriaMetrics/VictoriaLogs (app/victoria-logs) at one release, modules from the Go
# module proxy. Its go.mod has no replace directive, so `go install mod@version` builds it; the web
# UI is committed and embedded, and CGO_ENABLED=0 selects the pure-Go zstd.
# Output: target/test-deps/victorialogs-<release>/victoria-logs.
# Warm (that binary exists and answers -version): does nothing. Cold, measured on 2 shared cores:
# 2 min 47 s with the module downloads, 1 min 57 s from an empty build cache with modules present.
set -euo pipefail
cd "$(dirname "$0")/../.."
release=1.52.1
out="target/test-deps/victorialogs-$release"
bin="$out/victoria-logs"
if [ -x "$bin" ] && "$bin" -version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 || { echo "victorialogs.sh: no Go toolchain (go) found" >&2; exit 1; }
echo "building VictoriaLogs v$release from the Go module proxy ($(go env GOVERSION))" >&2
mkdir -p "$out"
# A private build cache: the servers' packages would otherwise crowd the shared one, and CI drops it
# after the build because its disk ran out once.
export GOCACHE="$PWD/target/test-deps/.go-build-servers"
if [ "${CI:-}" = "true" ]; then
  trap 'rm -rf "$GOCACHE" "$out/bin.tmp"' EXIT
else
  trap 'rm -rf "$out/bin.tmp"' EXIT
fi
# GOTOOLCHAIN=local: build with this Go, never download another. GOBIN: go install writes there.
# buildinfo.Version: what -version and the server's own metrics report, as a release build says it.
GOTOOLCHAIN=local CGO_ENABLED=0 GOBIN="$PWD/$out/bin.tmp" \
  go install -trimpath \
  -ldflags "-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-logs-v$release" \
  "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs@v$release"
mv "$out/bin.tmp/victoria-logs" "$bin"
"$bin" -version >/dev/null
echo "VictoriaLogs v$release ready: $bin" >&2
