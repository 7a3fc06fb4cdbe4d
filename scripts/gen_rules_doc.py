"""Write docs/rules.md from the transforms' own documentation (what `iacfix rules` prints).

    .venv/bin/python scripts/gen_rules_doc.py          # rewrite docs/rules.md
    .venv/bin/python scripts/gen_rules_doc.py --check  # exit 1 if it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from iacfix.options import describe
from iacfix.rules import all_transforms

OUT = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def render() -> str:
    ts = all_transforms()
    lines = ["# Transforms", "", "Generated from the transforms by `scripts/gen_rules_doc.py`; do not edit.", "",
             "| id | slug | severity | fix | languages | title |", "|---|---|---|---|---|---|"]
    for t in ts:
        lines.append(f"| {t.id} | `{t.slug}` | {t.severity} | {t.applicability.value} | "
                     f"{', '.join(sorted(t.languages))} | {t.title} |")
    for t in ts:
        d = t.doc
        lines += ["", f"## {t.id} `{t.slug}`: {t.title}", "",
                  f"Severity: {t.severity}. Fix: {t.applicability.value}."
                  + (f" Off unless `profile = \"{'/'.join(sorted(t.profiles))}\"` is set in `[tool.iacfix]` or the "
                     "rule is selected by its id or slug." if t.profiles else ""), "",
                  "### What it does", "", d.what, "", "### Why it matters", "", d.why, "",
                  "### Example", "", "Before:", "", "```typescript", d.before, "```", "", "After:", "",
                  "```typescript", d.after, "```", "", "### Fix safety", "", d.fix_safety]
        opts = describe(t.Options)
        if opts:
            lines += ["", "### Options", ""] + [f"- `{k}` (default `{v!r}`): {h}" for k, v, h in opts]
        if d.references:
            lines += ["", "### References", ""] + [f"- {r}" for r in d.references]
    return "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run scripts/gen_rules_doc.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
