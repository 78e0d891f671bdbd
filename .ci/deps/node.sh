#!/usr/bin/env bash
# node and npm run the generated Node module with the real OpenTelemetry JS SDK.
set -euo pipefail
command -v node >/dev/null && command -v npm >/dev/null || {
  echo "installing nodejs and npm (Debian)" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
}
