#!/usr/bin/env bash
# The real VictoriaMetrics (single-node, app/victoria-metrics) the real_victoriametrics tests run as
# a metrics store: built with Go from the module proxy (its go.mod has no replace directive, so
# `go install pkg@version` works). Output: target/test-deps/victoriametrics-<version>/victoria-metrics.
# Warm (that binary exists and says its version): does nothing. Cold: 3 minutes on 2 cores shared
# with other builds (2m57s: modules from the proxy, 600 MB of build cache).
# Its own GOCACHE: the build cache of a server this size is large, and CI (CI=true) deletes it after.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=1.151.0
out="target/test-deps/victoriametrics-$version"
bin="$out/victoria-metrics"
if [ -x "$bin" ] && "$bin" -version 2>&1 | grep -q "v$version"; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 || { echo "victoriametrics.sh: no Go toolchain (go) found" >&2; exit 1; }
echo "building VictoriaMetrics v$version ($(go env GOVERSION))" >&2
mkdir -p "$out"
gocache="$PWD/target/test-deps/.go-build-servers"
tmpbin="$PWD/$out/gobin.tmp.$$"
trap 'rm -rf "$tmpbin"' EXIT
# GOTOOLCHAIN=local: build with this Go (go.mod asks 1.26.6), never download another.
GOTOOLCHAIN=local GOCACHE="$gocache" GOBIN="$tmpbin" CGO_ENABLED=0 \
  go install -trimpath \
  -ldflags "-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-metrics-v$version" \
  "github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics@v$version"
mv "$tmpbin/victoria-metrics" "$bin"
if [ "${CI:-}" = true ]; then
  rm -rf "$gocache"
fi
"$bin" -version | grep -q "v$version"
echo "VictoriaMetrics v$version ready: $bin" >&2
