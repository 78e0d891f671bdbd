#!/usr/bin/env bash
# cargo-dist (the `dist` binary), which builds the release archives .ci/dist-check checks, from
# crates.io, at the version dist-workspace.toml names (cargo-dist-version), so the archive built
# here is built as the release workflow builds it. For the static Linux archive the release
# ships: the x86_64-unknown-linux-musl standard library (rustup) and musl-gcc (Debian's
# musl-tools, for ring's C code); if rustup cannot fetch the target, .ci/dist-check builds the
# host's gnu target instead and says so. Warm: only checks. Cold: `cargo install` compiles
# cargo-dist, about 15 minutes on 2 busy cores.
set -euo pipefail
cd "$(dirname "$0")/.."
want=$(sed -n 's/^cargo-dist-version = "\(.*\)"$/\1/p' dist-workspace.toml)
[ -n "$want" ] || { echo "dist.sh: no cargo-dist-version in dist-workspace.toml" >&2; exit 1; }
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
if ! { command -v dist >/dev/null 2>&1 && [ "$(dist --version 2>/dev/null)" = "cargo-dist $want" ]; }; then
  echo "installing cargo-dist $want (crates.io)" >&2
  cargo install cargo-dist --version "=$want" --locked --quiet
  dist --version >/dev/null
fi
musl=x86_64-unknown-linux-musl
if [ "$(uname -m)" = x86_64 ]; then
  if ! command -v musl-gcc >/dev/null 2>&1; then
    echo "installing musl-tools (Debian)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends musl-tools >/dev/null
  fi
  if ! rustup target list --installed 2>/dev/null | grep -qx "$musl"; then
    echo "adding the rustup target $musl" >&2
    rustup target add "$musl" >&2 || echo "dist.sh: rustup could not add $musl; .ci/dist-check will build the host's gnu target" >&2
  fi
fi
