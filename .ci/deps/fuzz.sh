#!/usr/bin/env bash
# cargo-fuzz for .ci/fuzz-lint. Without a nightly toolchain, .ci/fuzz-lint builds with the stable
# one and RUSTC_BOOTSTRAP=1, so nothing else is needed.
set -euo pipefail
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked -q
fi
