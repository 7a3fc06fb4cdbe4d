"""Counts per transform over a corpus of MODEL_RESPONSE.md files (for issue notes).

    .venv/bin/python scripts/corpus_counts.py [CORPUS_DIR] [--profile ephemeral]

Prints, per language folder and transform: responses changed, fixes applied, findings left.
`--profile` also runs the rules of that profile (off by default, e.g. IAC303 destroyable-stack).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from iacfix.config import Config
from iacfix.engine import fix_text


def main() -> None:
    args = sys.argv[1:]
    profile = None
    if "--profile" in args:
        i = args.index("--profile")
        profile = args[i + 1]
        del args[i:i + 2]
    config = Config(unsafe_fixes=True, profile=profile)
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(lang_dir.glob("*/MODEL_RESPONSE.md"))
        changed_by: Counter = Counter()
        fixes: Counter = Counter()
        left: Counter = Counter()
        failed = changed = 0
        for f in files:
            res = fix_text(f.read_bytes(), "markdown", config, path=str(f))
            if res.status == "failed":
                failed += 1
                continue
            changed += res.status == "changed"
            for rule in {a.rule for a in res.applied}:
                changed_by[rule] += 1
            fixes.update(a.rule for a in res.applied)
            left.update(i.rule for i in res.findings)
        print(f"{lang_dir.name}: {len(files)} responses, {changed} changed, {failed} failed")
        for rule in sorted(set(changed_by) | set(left)):
            print(f"  {rule}: {changed_by[rule]:4d} responses changed, {fixes[rule]:5d} fixes, {left[rule]:4d} findings left")


if __name__ == "__main__":
    main()
