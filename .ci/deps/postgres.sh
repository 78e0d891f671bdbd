#!/usr/bin/env bash
# PostgreSQL (Debian's package) serves the database queries of the generated Go service in
# tests/it/init_go.rs. The test runs its own initdb + postgres on a free port in a temp dir (as
# the postgres user when run as root); Debian's packaged cluster is not used, so it is stopped.
set -euo pipefail
have() { # a PostgreSQL program on PATH or where Debian puts it
  command -v "$1" >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/$1" >/dev/null
}
if ! have initdb || ! have postgres || ! have pg_isready; then
  echo "installing postgresql (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
id postgres >/dev/null 2>&1 || { echo "the postgresql package made no postgres user" >&2; exit 1; }
if command -v systemctl >/dev/null 2>&1; then systemctl stop postgresql >/dev/null 2>&1 || true; fi
