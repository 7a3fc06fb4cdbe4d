#!/usr/bin/env bash
# The project's quality gate: ruff (lint and format) and mypy over codemod/ and transforms/.
# Run by .ci/run and by .pre-commit-config.yaml; needs the `lint` extra (pip install -e '.[lint]').
#   bash scripts/check-quality.sh          # check
#   bash scripts/check-quality.sh --fix    # apply ruff's safe fixes and formatting first
# Files listed in scripts/quality-pending.txt (changes in flight) are skipped; that list only shrinks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
BIN="${IACFIX_VENV:-$ROOT/.venv}/bin"
PENDING="$ROOT/scripts/quality-pending.txt"
pending=()
if [[ -f "$PENDING" ]]; then
    while IFS= read -r line; do
        [[ -z "$line" || "$line" == \#* ]] || pending+=("$line")
    done < "$PENDING"
fi
excludes=()
for p in "${pending[@]}"; do excludes+=(--extend-exclude "$p"); done

if [[ "${1:-}" == "--fix" ]]; then
    "$BIN/ruff" check --fix -q "${excludes[@]}" codemod transforms || true
    "$BIN/ruff" format -q "${excludes[@]}" codemod transforms
fi
status=0
"$BIN/ruff" check -q "${excludes[@]}" codemod transforms || status=1
"$BIN/ruff" format --check -q "${excludes[@]}" codemod transforms || status=1

# mypy checks the package as it is imported (`iacfix`, `iacfix.transforms`): a link tree maps the
# source folders onto those names, so transforms are checked against the real engine's types.
tree="$(mktemp -d)"
trap 'rm -rf "$tree"' EXIT
mkdir "$tree/iacfix"
for f in codemod/*; do ln -s "$ROOT/$f" "$tree/iacfix/"; done
ln -s "$ROOT/transforms" "$tree/iacfix/transforms"
out="$(cd "$tree" && MYPYPATH="$tree" "$BIN/mypy" --config-file "$ROOT/pyproject.toml" --no-error-summary \
       -p iacfix 2>&1 | sed "s#^iacfix/transforms/#transforms/#; s#^iacfix/#codemod/#" || true)"
for p in "${pending[@]}"; do out="$(grep -v -F "$p:" <<<"$out" || true)"; done
if grep -q ": error:" <<<"$out"; then
    printf '%s\n' "$out"
    echo "mypy: $(grep -c ': error:' <<<"$out") error(s)" >&2
    status=1
fi
exit "$status"
