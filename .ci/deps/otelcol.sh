#!/usr/bin/env bash
# The real OpenTelemetry Collector the real_collector tests run: built with Go from the program in
# tests/otelcol/ (its go.mod and go.sum pin every module to one release, tests/otelcol/RELEASE),
# modules from the Go module proxy. Output: target/test-deps/otelcol-<release>-<build>/otelcol, where
# <build> (tests/otelcol/BUILD) is bumped whenever the component list changes, so a cached binary
# without the new components is never taken for this one.
# Warm (that binary exists and answers --version): does nothing. Cold: build b2 took 4 min 54 s on
# the shared 2-core machine with an empty build cache and the modules already downloaded (add the
# downloads when the module cache is cold).
set -euo pipefail
cd "$(dirname "$0")/../.."
release=$(tr -d '[:space:]' < tests/otelcol/RELEASE)
build=$(tr -d '[:space:]' < tests/otelcol/BUILD)
out="target/test-deps/otelcol-$release-$build"
bin="$out/otelcol"
if [ -x "$bin" ] && "$bin" --version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 || { echo "otelcol.sh: no Go toolchain (go) found" >&2; exit 1; }
echo "building the OpenTelemetry Collector v$release from tests/otelcol ($(go env GOVERSION))" >&2
mkdir -p "$out"
tmp="$out/otelcol.tmp.$$"
# Its own build cache, as the other servers: CI (CI=true) deletes it after, its disk is small.
export GOCACHE="${OTELCOL_GOCACHE:-$PWD/target/test-deps/.go-build-servers}"
if [ "${CI:-}" = true ]; then
  trap 'rm -rf "$tmp" "$GOCACHE"' EXIT
else
  trap 'rm -f "$tmp"' EXIT
fi
# GOTOOLCHAIN=local: build with this Go, never download another; -mod=readonly: go.sum is the truth.
(cd tests/otelcol && GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0 \
  go build -trimpath -ldflags "-s -w -X main.version=$release" -o "../../$tmp" .)
mv "$tmp" "$bin"
"$bin" --version >/dev/null
echo "OpenTelemetry Collector v$release ready: $bin" >&2
