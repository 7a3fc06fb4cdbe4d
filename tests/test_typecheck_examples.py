"""Every ideal TypeScript example type-checks against the real @pulumi/aws (one tsc run)."""

from __future__ import annotations

from conftest import IDEAL, example_names
from iacfix.typecheck import typecheck_typescript
from typecheck_fixtures import pyright_available, tsc_available  # noqa: F401


def test_ideal_typescript_typechecks(tsc_available):  # noqa: F811
    names = [n for n in example_names() if n.endswith(".ts")]
    assert names, "no TypeScript examples"
    result = typecheck_typescript({n: (IDEAL / n).read_text(encoding="utf-8") for n in names})
    bad = {n: errs for n, errs in result.items() if errs}
    assert not bad, "ideal files fail tsc:\n" + "\n".join(f"{n}: {e}" for n, errs in bad.items() for e in errs)


def test_ideal_python_typechecks(pyright_available):  # noqa: F811
    from iacfix.typecheck import typecheck_python

    names = [n for n in example_names() if n.endswith(".py")]
    assert names, "no Python examples"
    result = typecheck_python({n: (IDEAL / n).read_text(encoding="utf-8") for n in names})
    bad = {n: errs for n, errs in result.items() if errs}
    assert not bad, "ideal files fail pyright:\n" + "\n".join(f"{n}: {e}" for n, errs in bad.items() for e in errs)
