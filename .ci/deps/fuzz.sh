#!/usr/bin/env bash
# cargo-fuzz for .ci/fuzz-lint (the nightly toolchain ships with the machine image).
set -euo pipefail
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked -q
fi
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "the nightly toolchain is missing: .ci/fuzz-lint needs it" >&2
  exit 1
fi
