#!/usr/bin/env bash
# k8s-strict, the strict decoder the k8s tests run every generated manifest through (the typed
# Kubernetes API objects of k8s.io/api, unknown and duplicate fields refused): built with Go from
# tests/k8s-strict/ (go.mod and go.sum pin k8s.io/api and apimachinery), modules from the Go
# module proxy. Output: target/test-deps/k8s-strict-<k8s.io/api version>/k8s-strict.
# Warm (the binary exists): does nothing. Cold: 38 s on 2 cores (Go build cache empty, modules cached).
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(awk '$1 == "k8s.io/api" { print $2 }' tests/k8s-strict/go.mod)
out="target/test-deps/k8s-strict-$version"
bin="$out/k8s-strict"
if [ -x "$bin" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 || { echo "k8s-strict.sh: no Go toolchain (go) found" >&2; exit 1; }
mkdir -p "$out"
tmp="$out/k8s-strict.tmp.$$"
trap 'rm -f "$tmp"' EXIT
cache="$PWD/target/test-deps/.go-build-servers"
(cd tests/k8s-strict && GOCACHE="$cache" GOTOOLCHAIN=local GOFLAGS=-mod=readonly CGO_ENABLED=0 \
  go build -trimpath -ldflags "-s -w" -o "../../$tmp" .)
# CI's disk ran out once: the build cache goes with the build.
if [ "${CI:-}" = "true" ]; then
  rm -rf "$cache"
fi
mv "$tmp" "$bin"
echo "k8s-strict ($version) ready: $bin" >&2
