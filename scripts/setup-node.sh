#!/usr/bin/env bash
# Install the pinned Node packages iacfix type-checks against (@pulumi/aws, @pulumi/pulumi,
# typescript, @types/node, pyright) into <checkout>/.cache/node/node_modules with `npm ci`.
#
# Idempotent: when .cache/node already holds an install made from the same package-lock.json,
# nothing is done. Usable by CI (`bash scripts/setup-node.sh`). Needs node + npm on PATH.
# Lifecycle scripts are skipped (--ignore-scripts): none of the pinned packages needs one to
# provide its typings or its CLI, and an install step must not try to download binaries.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/tools/node"
DEST="${IACFIX_NODE_CACHE:-$ROOT/.cache/node}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "setup-node: node/npm not found on PATH" >&2
    exit 1
fi

STAMP="$DEST/.installed-lock.sha256"
want="$(sha256sum "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)"

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" \
      && -f "$DEST/node_modules/typescript/bin/tsc" \
      && -f "$DEST/node_modules/@pulumi/aws/index.d.ts" \
      && -f "$DEST/node_modules/pyright/index.js" ]]; then
    echo "setup-node: $DEST/node_modules is up to date"
    exit 0
fi

mkdir -p "$DEST"
cp "$SRC/package.json" "$SRC/package-lock.json" "$DEST/"
rm -f "$STAMP"
start=$(date +%s)
(cd "$DEST" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
echo "$want" > "$STAMP"
echo "setup-node: installed into $DEST/node_modules in $(( $(date +%s) - start ))s"
