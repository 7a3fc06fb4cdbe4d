"""The indentation step the edit kit writes new lines with (edits.detect_indent_unit)."""

from __future__ import annotations

import pytest

from iacfix.edits import detect_indent_unit


@pytest.mark.parametrize(
    ("body", "unit"),
    [
        (b"", "  "),
        (b"a\nb\n", "  "),  # nothing indented: two spaces
        (b"f(\n    x,\n        y)\n", "    "),
        (b"f(\n        x)\n", " " * 8),
        (b"f(\n   x,\n      y)\n", "   "),
        (b"f(\n     x)\n", "  "),  # five: no step it answers
        (b"f(\n    x,\n  y)\n", "  "),  # the smallest run
        (b"f(\n\tx,\n\t\ty)\n", "\t"),
        (b"f(\n\tx,\n  y,\n  z)\n", "  "),  # more lines led by a space than by a tab
        (b"f(\n\tx,\n\ty,\n    z)\n", "\t"),
        (b"f(\n \tx)\n", "  "),  # a space-led run of two blanks
        (b"f(\n    \n  \r\n    x)\n", "    "),  # blank lines (spaces, then a line end) do not count
        (b"\n\t\n\t\n  x", "  "),  # nor do lines of tabs alone
    ],
)
def test_indent_unit(body: bytes, unit: str) -> None:
    assert detect_indent_unit(body) == unit


def test_indent_unit_reads_the_first_200k_bytes() -> None:
    assert detect_indent_unit(b"x" * 200_000 + b"\n    y") == "  "
    assert detect_indent_unit(b"x" * 199_990 + b"\n    y") == "    "
