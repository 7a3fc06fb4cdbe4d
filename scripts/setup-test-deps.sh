#!/usr/bin/env bash
# Everything the test suite needs beyond the Python package itself, installed by the project:
# the Python extras (type-checking packages, datasets, Ray), the pinned Node packages for tsc and
# pyright, and Debian's docker-registry for the image-pinning tests. Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
    .venv/bin/pip install -q --upgrade pip
fi
.venv/bin/pip install -q -e '.[test,typecheck,datasets,ray]'
bash scripts/setup-node.sh
bash .ci/install-registry.sh
