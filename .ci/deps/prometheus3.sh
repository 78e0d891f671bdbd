#!/usr/bin/env bash
# The real Prometheus 3 (and its promtool) the tests run: github.com/prometheus/prometheus v0.316.0
# (= Prometheus 3.16.0; its Go module versions are v0.3NN.0 for v3.NN.0) from the Go module proxy.
# `go install …@v0.316.0` is refused (its go.mod has replace and exclude directives), so this builds
# inside a writable copy of the downloaded module. Without the `builtinassets` tag the web UI is
# served from disk and 404s; the HTTP API the tests use is unaffected.
# Output: target/test-deps/prometheus-3.16.0/{prometheus,promtool}.
# Warm (both binaries answer --version): does nothing. Cold: 31 min wall (10.5 min CPU) on 2 shared cores, module downloads included.
set -euo pipefail
cd "$(dirname "$0")/../.."
module=github.com/prometheus/prometheus
modversion=v0.316.0
release=3.16.0
out="target/test-deps/prometheus-$release"
if [ -x "$out/prometheus" ] && [ -x "$out/promtool" ] &&
  "$out/prometheus" --version >/dev/null 2>&1 && "$out/promtool" --version >/dev/null 2>&1; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  export PATH="$PATH:/usr/local/go/bin"
fi
command -v go >/dev/null 2>&1 || { echo "prometheus3.sh: no Go toolchain (go) found" >&2; exit 1; }
echo "building Prometheus $release ($module@$modversion, $(go env GOVERSION))" >&2
mkdir -p "$out"
# A build cache of its own, so that CI can delete it afterwards (CI's disk ran out once).
export GOCACHE="$PWD/target/test-deps/.go-build-servers"
# GOWORK=off: the module ships a go.work naming submodules its zip leaves out.
export GOTOOLCHAIN=local CGO_ENABLED=0 GOWORK=off
dir=$(go mod download -json "$module@$modversion" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
[ -d "$dir" ] || { echo "prometheus3.sh: go mod download gave no module directory" >&2; exit 1; }
# go build runs in a copy: it needs a writable module root, and the module cache is read-only.
src=$(mktemp -d "${TMPDIR:-/tmp}/prometheus-src.XXXXXX")
trap 'chmod -R u+w "$src"; rm -rf "$src" "$out"/*.tmp.$$' EXIT
cp -R "$dir/." "$src"
chmod -R u+w "$src"
ldflags="-s -w -X github.com/prometheus/common/version.Version=$release"
for cmd in prometheus promtool; do
  (cd "$src" && go build -mod=readonly -trimpath -ldflags "$ldflags" -o "$OLDPWD/$out/$cmd.tmp.$$" "./cmd/$cmd")
  mv "$out/$cmd.tmp.$$" "$out/$cmd"
done
if [ "${CI:-}" = true ]; then rm -rf "$GOCACHE"; fi
"$out/prometheus" --version >/dev/null
"$out/promtool" --version >/dev/null
echo "Prometheus $release ready: $out/prometheus, $out/promtool" >&2
