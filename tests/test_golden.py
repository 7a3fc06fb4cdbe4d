"""Golden pairs: every examples/model_response/X fixed equals examples/ideal_response/X, byte for byte."""

from __future__ import annotations

import pytest

from conftest import IDEAL, MODEL, example_config, example_names, language_of
from iacfix.engine import fix_text
from iacfix.notes import TOOL_PROBLEMS

NAMES = example_names()


def test_examples_exist():
    assert NAMES, "no golden examples found"
    missing = [n for n in NAMES if not (IDEAL / n).is_file()]
    assert not missing, f"model_response examples without an ideal_response twin: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_golden(name):
    src = (MODEL / name).read_bytes()
    want = (IDEAL / name).read_bytes()
    res = fix_text(src, language_of(name), example_config(name), path=name)
    assert res.status != "failed", res.error
    assert not [n for n in res.notes if n.kind in TOOL_PROBLEMS], res.notes
    got = res.output
    if got != want:
        import difflib

        diff = "".join(difflib.unified_diff(want.decode().splitlines(True), got.decode().splitlines(True),
                                            "ideal", "got"))
        pytest.fail(f"{name}: output differs from the ideal file:\n{diff}")


@pytest.mark.parametrize("name", NAMES)
def test_ideal_is_a_fixed_point(name):
    """The ideal form has nothing left to fix (it is what iacfix produces)."""
    src = (IDEAL / name).read_bytes()
    res = fix_text(src, language_of(name), example_config(name), path=name)
    assert res.status == "unchanged", res.applied
