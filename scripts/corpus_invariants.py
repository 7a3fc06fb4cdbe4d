"""The invariants of each transform, run alone, over every response of a corpus (for issue notes).

    .venv/bin/python scripts/corpus_invariants.py [CORPUS_DIR] [--select IAC301 IAC302 ...]

For each transform (default: all; `--select` names ids or a prefix such as IAC3) and each
MODEL_RESPONSE.md, fixed with that transform alone and unsafe fixes on (a transform of a profile
runs when named), the invariants tests/test_invariants.py holds on the golden examples:

- no failure, crash, cycle or unconverged fix;
- the prose is byte-identical: only the content of code blocks changes, and the blocks stay the
  blocks they were (same count, languages and file names);
- no TypeScript/Python block has a syntax error it did not have;
- every applied fix belongs to the transform, and fixing again changes nothing and leaves none of
  its fixes behind.

Prints, per language folder and transform: responses changed and responses breaking an invariant
(each named with the first invariant it breaks). Exit 1 when any breaks one.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iacfix import frontends
from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.frontends import markdown
from iacfix.notes import NoteKind, of_kind
from iacfix.rules import all_transforms

CODE = {"typescript", "python"}


def _prose(data: bytes) -> tuple[bytes, list]:
    """The bytes outside every code block, and each block's language and file name."""
    blocks = markdown.code_blocks(data)
    out, pos = [], 0
    for b in sorted(blocks, key=lambda b: b.start):
        out.append(data[pos : b.start])
        pos = b.end
    out.append(data[pos:])
    return b"\0".join(out), [(b.language, b.filename) for b in blocks]


def _syntax_errors(data: bytes) -> dict[int, int]:
    return {
        b.index: frontends.get(b.language).parse(data[b.start : b.end]).error_count
        for b in markdown.code_blocks(data, CODE)
    }


def broken(data: bytes, rule: str, path: str) -> tuple[bool, str | None]:
    """(changed, the first invariant the transform breaks on this response, or None)."""
    config = Config(select=(rule,), unsafe_fixes=True)
    res = fix_text(data, "markdown", config, path=path)
    if res.status == "failed":
        return False, f"failed: {res.error}"
    trouble = of_kind(res.notes, NoteKind.CRASHED, NoteKind.CYCLE, NoteKind.NOT_CONVERGED)
    if trouble:
        return False, f"{trouble[0].kind}: {trouble[0].message}"
    if res.status != "changed":
        return False, None
    out = res.output
    if _prose(out) != _prose(data):
        return True, "changed text outside the code blocks, or the blocks themselves"
    before, after = _syntax_errors(data), _syntax_errors(out)
    worse = {i: (before[i], after[i]) for i in before if after.get(i, 0) > before[i]}
    if worse:
        return True, f"new syntax errors in blocks {worse}"
    strays = sorted({a.rule for a in res.applied} - {rule})
    if strays:
        return True, f"fixes of other rules applied: {strays}"
    again = fix_text(out, "markdown", config, path=path)
    if again.output != out:
        return True, f"not idempotent: {[a.title for a in again.applied]}"
    left = [f.message for f in again.findings if f.fixable and f.rule == rule]
    if left:
        return True, f"fixes left behind: {left[:2]}"
    return True, None


def main() -> int:
    args = sys.argv[1:]
    select: list[str] = []
    if "--select" in args:
        i = args.index("--select")
        select = args[i + 1 :]
        del args[i:]
    rules = [t.id for t in all_transforms() if not select or any(t.id.startswith(s) for s in select)]
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus"
    bad = 0
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(lang_dir.glob("*/MODEL_RESPONSE.md"))
        print(f"{lang_dir.name}: {len(files)} responses")
        data = {f: f.read_bytes() for f in files}
        for rule in rules:
            changed, breaks = 0, []
            for f, raw in data.items():
                did, why = broken(raw, rule, str(f))
                changed += did
                if why:
                    breaks.append(f"{f.parent.name}: {why}")
            bad += len(breaks)
            print(f"  {rule}: {changed:4d} responses changed, {len(breaks)} breaking an invariant")
            for b in breaks:
                print(f"    {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
