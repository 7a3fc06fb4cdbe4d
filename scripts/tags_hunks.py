"""Tags hunks per changed file over a corpus of model responses (issue 12's measure).

    .venv/bin/python scripts/tags_hunks.py [CORPUS_DIR] [--configured] [--top N]

Runs IAC006 (cost-allocation-tags) alone over every code block of every `MODEL_RESPONSE.md`
(each response is one project: its blocks are the program's files) and prints, per language, the
diff hunks a reviewer sees (unified diff, 3 lines of context) per changed block: count, median,
mean, max, and the files with the most. Two denominators: the files IAC006 changes, and the files
a whole run changes (every transform, unsafe fixes on: what a reviewer reads; a file changed only
by other transforms has 0 tags hunks). `--configured` sets Owner and CostCenter in
`[tags]`, so every taggable resource needs something. Then checks by parsing that no inserted
tags value broke a Python docstring: every module, class and function that had a docstring
before still has the same one after.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import statistics
import sys
from pathlib import Path

from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.frontends import markdown


def hunks(before: bytes, after: bytes) -> int:
    diff = difflib.unified_diff(before.decode("utf-8", "replace").splitlines(),
                                after.decode("utf-8", "replace").splitlines(), lineterm="", n=3)
    return sum(1 for line in diff if line.startswith("@@"))


def docstrings(code: bytes) -> dict[str, str] | None:
    """Qualified name -> docstring of every module/class/function with one; None if unparsable."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    out: dict[str, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        doc = ast.get_docstring(node, clean=False) if isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) else None
        if doc is not None:
            out[prefix or "<module>"] = doc
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, f"{prefix}.{child.name}" if prefix else child.name)
            elif not isinstance(child, (ast.expr,)):
                for sub in ast.iter_child_nodes(child):
                    if isinstance(sub, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                        visit(sub, f"{prefix}.{sub.name}" if prefix else sub.name)

    visit(tree, "")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--configured", action="store_true", help="configure Owner and CostCenter in [tags]")
    ap.add_argument("--top", type=int, default=5)
    a = ap.parse_args()
    root = Path(a.corpus)
    if not root.is_dir():
        print(f"no corpus at {root}", file=sys.stderr)
        return 2
    tags = {"Owner": "platform-team", "CostCenter": "cc-1234"} if a.configured else {}
    config = Config(select=("IAC006",), unsafe_fixes=True, tags=tags)
    whole = Config(unsafe_fixes=True, tags=tags)
    broken_total = 0
    for lang_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        counts: list[tuple[int, str]] = []
        reviewed: list[int] = []  # tags hunks of every file a whole run changes
        broken: list[str] = []
        responses = changed_responses = 0
        for f in sorted(lang_dir.glob("*/MODEL_RESPONSE.md")):
            responses += 1
            data = f.read_bytes()
            res = fix_text(data, "markdown", config, path=str(f))
            full = fix_text(data, "markdown", whole, path=str(f))
            tags_hunks: dict[int, int] = {}
            if res.status != "changed":
                res = None
            before = {b.index: (b, data[b.start:b.end]) for b in markdown.code_blocks(data, {"typescript", "python"})}
            if full.status == "changed":
                fully = {b.index: full.output[b.start:b.end]
                         for b in markdown.code_blocks(full.output, {"typescript", "python"})}
                reviewed_here = [i for i, (_b, code) in before.items() if fully.get(i, code) != code]
            else:
                reviewed_here = []
            if res is None:
                reviewed += [0] * len(reviewed_here)
                continue
            changed_responses += 1
            after = {b.index: data2 for b, data2 in
                     ((b, res.output[b.start:b.end]) for b in markdown.code_blocks(res.output, {"typescript", "python"}))}
            for i, (blk, code) in before.items():
                new = after.get(i)
                if new is None or new == code:
                    continue
                where = f"{f.parent.name}:{blk.filename or f'block {i + 1}'}"
                tags_hunks[i] = hunks(code, new)
                counts.append((tags_hunks[i], where))
                if blk.language == "python":
                    d0, d1 = docstrings(code), docstrings(new)
                    if d0 is not None and d1 is not None:
                        lost = [k for k, v in d0.items() if d1.get(k) != v]
                        if lost:
                            broken.append(f"{where}: {', '.join(lost[:3])}")
            reviewed += [tags_hunks.get(i, 0) for i in reviewed_here]
        n = [c for c, _ in counts]
        print(f"{lang_dir.name}: {responses} responses, {changed_responses} changed, {len(n)} changed files")
        if n:
            print(f"  tags hunks per changed file: median {statistics.median(n)}, mean {statistics.mean(n):.2f}, "
                  f"max {max(n)}, total {sum(n)}")
            for c, where in sorted(counts, key=lambda x: -x[0])[:a.top]:
                print(f"    {c:3d}  {where}")
        if reviewed:
            print(f"  over the {len(reviewed)} files a whole run changes: tags hunks median "
                  f"{statistics.median(reviewed)}, mean {statistics.mean(reviewed):.2f}")
        print(f"  docstrings broken: {len(broken)}")
        for b in broken[:a.top]:
            print(f"    {b}")
        broken_total += len(broken)
    return 1 if broken_total else 0


if __name__ == "__main__":
    sys.exit(main())
