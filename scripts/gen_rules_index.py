"""Write codemod/_rules_table.py, the index of every rule read from the transform classes.

    .venv/bin/python scripts/gen_rules_index.py          # rewrite the table
    .venv/bin/python scripts/gen_rules_index.py --check  # exit 1 if it is out of date

The engine and the command line read the table (codemod/rule_index.py) instead of importing every
transform: run this after adding a transform or changing its id, slug, title, languages, profiles,
applicability, tokens, cleanup, project_file or candidates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iacfix.rule_index import TABLE_MODULE, render
from iacfix.rules import all_transforms

OUT = Path(__file__).resolve().parents[1] / "codemod" / TABLE_MODULE


def main() -> int:
    text = render(all_transforms())
    if "--check" in sys.argv[1:]:
        if OUT.read_text() != text:
            print(f"{OUT} is stale: run scripts/gen_rules_index.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
