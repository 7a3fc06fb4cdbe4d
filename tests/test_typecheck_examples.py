"""Every ideal example type-checks against the real @pulumi/aws (one tsc run, one pyright run).

A markdown example counts too: each of its code blocks is a program of its own, as `iacfix verify`
and `benchmarks/typecheck_corpus.py` check the corpus. Blocks of one response import each other
(`../lib/tap-stack`); those relative imports cannot resolve when each block is checked alone, so
"cannot find module" for a relative path that another block of the same response holds is the one
error not counted (pyright's default rules do not report unresolved imports)."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from conftest import IDEAL, example_names
from iacfix.frontends import markdown
from iacfix.typecheck import typecheck_typescript
from iacfix.verify import program_units
from typecheck_fixtures import pyright_available, tsc_available  # noqa: F401

_RELATIVE_IMPORT = re.compile(r"^\d+:\d+ TS2307: Cannot find module '(\.\.?/[^']*)'")


def programs(suffix: str, language: str) -> dict[str, str]:
    """The ideal programs in `language`: the .ts/.py ideal files and every block of the .md ones."""
    out: dict[str, str] = {}
    for n in example_names():
        data = (IDEAL / n).read_bytes()
        if n.endswith(suffix):
            out[n] = data.decode("utf-8")
        elif n.endswith(".md"):
            for label, text in program_units(data, "markdown", language):
                out[f"{n} {label}"] = text
    return out


def _held_by_the_response(name: str, error: str) -> bool:
    """A relative import of a markdown example that names one of the example's own files."""
    m = _RELATIVE_IMPORT.match(error)
    if not m or " " not in name:
        return False
    stem = PurePosixPath(m[1]).name
    blocks = markdown.code_blocks((IDEAL / name.split(" ", 1)[0]).read_bytes())
    return any(b.filename and PurePosixPath(b.filename).stem == stem for b in blocks)


def test_markdown_examples_are_checked():
    """Without this the markdown half could silently drop out (a renamed helper, a lost label)."""
    ts, py = programs(".ts", "typescript"), programs(".py", "python")
    assert any(n.startswith("IAC301_stack_outputs_project.md ") for n in ts)
    assert any(n.startswith("IAC301_stack_outputs_project_py.md ") for n in py)


def test_ideal_typescript_typechecks(tsc_available):  # noqa: F811
    files = programs(".ts", "typescript")
    assert files, "no TypeScript examples"
    result = typecheck_typescript(files)
    bad = {n: [e for e in errs if not _held_by_the_response(n, e)] for n, errs in result.items()}
    bad = {n: errs for n, errs in bad.items() if errs}
    assert not bad, "ideal files fail tsc:\n" + "\n".join(f"{n}: {e}" for n, errs in bad.items() for e in errs)


def test_ideal_python_typechecks(pyright_available):  # noqa: F811
    from iacfix.typecheck import typecheck_python

    files = programs(".py", "python")
    assert files, "no Python examples"
    result = typecheck_python(files)
    bad = {n: errs for n, errs in result.items() if errs}
    assert not bad, "ideal files fail pyright:\n" + "\n".join(f"{n}: {e}" for n, errs in bad.items() for e in errs)
