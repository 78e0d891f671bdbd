#!/usr/bin/env bash
# The real Jaeger v2 (cmd/jaeger, an OpenTelemetry Collector distribution with memory storage and
# the query APIs) the real_jaeger tests run. `go install …/cmd/jaeger@v1.76.0` is refused: Jaeger's
# go.mod carries a replace directive (jaegertracing/jaeger#7310), so this builds inside a writable
# copy of the downloaded module, whose go.mod and go.sum pin every dependency.
# Output: target/test-deps/jaeger-<version>/jaeger. Warm (that binary exists and answers
# `version`): does nothing. Cold: 17m41s wall (7m22s CPU) on 2 cores shared with four other
# builds, module downloads included; expect 5 to 8 minutes on an idle 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=1.76.0
out="target/test-deps/jaeger-$version"
bin="$out/jaeger"
if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 || { echo "jaeger.sh: no Go toolchain (go) found" >&2; exit 1; }
echo "building Jaeger v$version (cmd/jaeger) ($(go env GOVERSION))" >&2
mkdir -p "$out"
root=$PWD
# A private build cache: these servers are big and CI deletes it afterwards (its disk ran out once).
export GOCACHE="$root/target/test-deps/.go-build-servers"
export GOTOOLCHAIN=local CGO_ENABLED=0
work=$(mktemp -d "$root/$out/build.XXXXXX")
tmp="$out/jaeger.tmp.$$"
cleanup() {
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work" "$tmp"
  if [ "${CI:-}" = true ]; then rm -rf "$GOCACHE"; fi
}
trap cleanup EXIT
# Outside any module, so `go mod download` only fetches the module and prints where it put it.
dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/jaegertracing/jaeger@v$version" \
  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] && [ -d "$dir" ] || { echo "jaeger.sh: go mod download gave no module directory" >&2; exit 1; }
# The module cache is read-only: build in a writable copy, as in a checkout of the tag.
cp -R "$dir" "$work/jaeger"
chmod -R u+w "$work/jaeger"
# The version Jaeger reports (`jaeger version`, the UI) comes from the linker, as in its Makefile.
(cd "$work/jaeger" && GOFLAGS=-mod=readonly \
  go build -ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=v$version" -trimpath -o "$root/$tmp" ./cmd/jaeger)
mv "$tmp" "$bin"
"$bin" version >/dev/null
echo "Jaeger v$version ready: $bin" >&2
