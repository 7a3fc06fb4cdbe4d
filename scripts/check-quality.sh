#!/usr/bin/env bash
# The project's quality gate: ruff (lint and format) and mypy over codemod/ and transforms/.
# Run by .ci/run (through tests/test_quality_gate.py) and by .pre-commit-config.yaml; needs the
# `lint` extra (pip install -e '.[lint]').
#   bash scripts/check-quality.sh          # check
#   bash scripts/check-quality.sh --fix    # apply ruff's safe fixes and formatting first
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="${IACFIX_VENV:-$ROOT/.venv}/bin"

if [[ "${1:-}" == "--fix" ]]; then
    "$BIN/ruff" check --fix -q codemod transforms || true
    "$BIN/ruff" format -q codemod transforms
fi
status=0
"$BIN/ruff" check -q codemod transforms || status=1
"$BIN/ruff" format --check -q codemod transforms || status=1

# mypy checks the package as it is imported (`iacfix`, `iacfix.transforms`): a link tree maps the
# source folders onto those names, so transforms are checked against the real engine's types.
tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/iacfix"
for f in codemod/*; do ln -s "$ROOT/$f" "$tree/iacfix/"; done
ln -s "$ROOT/transforms" "$tree/iacfix/transforms"
out="$(cd "$tree" && MYPYPATH="$tree" "$BIN/mypy" --config-file "$ROOT/pyproject.toml" --no-error-summary \
       -p iacfix 2>&1 | sed "s#^iacfix/transforms/#transforms/#; s#^iacfix/#codemod/#" || true)"
if grep -q ": error:" <<<"$out"; then
    printf '%s\n' "$out"
    echo "mypy: $(grep -c ': error:' <<<"$out") error(s)" >&2
    status=1
fi
exit "$status"
