#!/usr/bin/env bash
# Everything the test suite needs beyond iacfix itself, installed by the project. Idempotent: a
# second run only checks. Prints one line per step (with the seconds spent while it waits); a
# failing step prints the end of its log.
#
#   1. Python, into .venv: iacfix with its test, typecheck, datasets and ray extras (pytest,
#      hypothesis, jsonschema, pre-commit; pulumi and pulumi-aws for pyright; datasets, pyarrow,
#      ray). About 1.1 GB.
#   2. Node, into .cache/node, pinned by tools/node/package-lock.json: typescript, pyright,
#      @pulumi/aws, @pulumi/pulumi, @types/node. About 240 MB. Needs node and npm on PATH.
#   3. Debian packages, which need root (or sudo): docker-registry and apache2-utils for the
#      image-pinning tests, chromium, chromium-driver and fonts-liberation for the HTML report test,
#      valgrind for the benchmark's instruction counts.
#
# On a fresh 2-core machine this takes several minutes (see the README), most of it downloading.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/lib/steps.sh
source scripts/lib/steps.sh

echo "Installing what the tests need (logs are kept only for a step that fails):" >&2
if [[ ! -x .venv/bin/python ]]; then
    step "Python virtual environment in .venv" python3 -m venv .venv
fi
step "Python packages (iacfix, test/typecheck/datasets/ray/lint extras) into .venv" \
    .venv/bin/pip install -q --disable-pip-version-check -e '.[test,typecheck,datasets,ray,lint]'
step "Node packages (typescript, pyright, @pulumi/aws) into .cache/node" bash scripts/setup-node.sh
step "Debian packages (docker-registry, chromium, chromium-driver, valgrind; as root)" bash .ci/install-debian-packages.sh
