"""Diffs made from the edit log (codemod/diff.py) against difflib over the whole file.

- On random texts whose lines are all distinct (so the smallest diff is unique and difflib finds
  it), with random edits over several passes (CRLF, lone CR, BOM, no final newline, non-ASCII and
  stray non-UTF-8 bytes), the diff is byte for byte difflib's.
- On repetitive texts (where difflib's own choice among equal diffs, or a non-minimal one, is not
  a specification), the diff is well formed and turns the original into the output exactly.
- Through the engine: every example, as is and as CRLF + BOM, and markdown files with the examples
  in fenced blocks give difflib's diff; a result whose spans are wrong still gets a right diff.
"""

from __future__ import annotations

import difflib
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacfix import diff
from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.fix import Edit, apply_edits
from iacfix.report import unified_diff

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "model_response"
BOM = b"\xef\xbb\xbf"


def difflib_diff(a: bytes, b: bytes, fromfile: str = "a/f", tofile: str = "b/f") -> str:
    """What `apply --dry-run` printed before: difflib over the whole decoded file."""
    al = a.decode("utf-8", "replace").splitlines(keepends=True)
    bl = b.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(al, bl, fromfile=fromfile, tofile=tofile)
    return "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n" for ln in lines)


def log_diff(a: bytes, log: list[list[Edit]]) -> tuple[bytes, str]:
    b = a
    for edits in log:
        b = apply_edits(b, edits)
    return b, diff.unified_diff(a, b, diff.compose(log), "a/f", "b/f")


@st.composite
def edit_pass(draw, body: bytes, tokens: st.SearchStrategy[str]) -> list[Edit]:
    """Non-overlapping random edits on `body` (cut points on character boundaries)."""
    cuts = [i for i in range(len(body) + 1) if i == len(body) or (body[i] & 0xC0) != 0x80]
    points = sorted(draw(st.lists(st.sampled_from(cuts), min_size=1, max_size=8)))
    edits, last = [], -1
    for k in range(0, len(points) - 1, 2):
        s, e = points[k], points[k + 1]
        if s <= last or (s == e == last):
            continue
        edits.append(Edit(s, e, draw(tokens)))
        last = e
    if len(points) % 2:
        s = points[-1]
        if s > last:
            edits.append(Edit(s, s, draw(tokens)))
    return edits


NEWLINES = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])


@st.composite
def unique_text(draw) -> bytes:
    words = st.sampled_from(["alpha", "béta", "x", "", "  }", "{", "\u2603"])
    lines = [f"line{k} {draw(words)}{draw(NEWLINES)}" for k in range(draw(st.integers(0, 40)))]
    text = "".join(lines).encode()
    if lines and draw(st.booleans()):
        text = text.rstrip(b"\r\n")  # no newline at the end
    if draw(st.booleans()):
        text = BOM + text
    if draw(st.booleans()) and text:
        text = text.replace(b"line1 ", b"line1 \xff ", 1)  # a stray byte (markdown prose has them)
    return text


@st.composite
def unique_token(draw, counter) -> str:
    """Inserted text: every line it makes carries a token found nowhere else."""
    n = next(counter)
    parts = [f"new{n}_{i}" for i in range(draw(st.integers(1, 3)))]
    sep = draw(NEWLINES)
    tail = draw(st.sampled_from(["", sep]))
    return sep.join(parts) + tail


@SETTINGS
@given(st.data())
def test_distinct_lines_give_difflibs_diff(data):
    a = data.draw(unique_text())
    log, cur, counter = [], a, itertools.count()
    for _ in range(data.draw(st.integers(1, 3))):
        edits = data.draw(edit_pass(cur, unique_token(counter)))
        if not edits:
            continue
        log.append(edits)
        cur = apply_edits(cur, edits)
    b, got = log_diff(a, log)
    assert apply_patch(a, got) == shown(b)
    b_lines = b.decode("utf-8", "replace").splitlines()
    if len(set(b_lines)) == len(b_lines):  # an insertion before a newline can leave an empty line twice
        assert got == difflib_diff(a, b)


@st.composite
def repetitive_text(draw) -> bytes:
    lines = st.sampled_from(["}\n", "  }\n", "\n", "{\n", "x = 1\n", "\r\n", "y\r\n"])
    text = "".join(draw(st.lists(lines, max_size=60))).encode()
    return text.rstrip(b"\n") if draw(st.booleans()) else text


@SETTINGS
@given(st.data())
def test_repetitive_text_diff_is_a_right_patch(data):
    a = data.draw(repetitive_text())
    tokens = st.sampled_from(["", "}\n", "\n", "  }\n{\n", "x", "\r", "\r\n"])
    log, cur = [], a
    for _ in range(data.draw(st.integers(1, 3))):
        edits = data.draw(edit_pass(cur, tokens))
        if edits:
            log.append(edits)
            cur = apply_edits(cur, edits)
    b, got = log_diff(a, log)
    assert apply_patch(a, got) == shown(b)
    assert (got == "") == (a == b)


@SETTINGS
@given(st.data())
def test_compose_accounts_for_every_change(data):
    a = data.draw(repetitive_text())
    log, cur = [], a
    for _ in range(data.draw(st.integers(1, 4))):
        edits = data.draw(edit_pass(cur, st.sampled_from(["", "ab", "\n", "ünï"])))
        if edits:
            log.append(edits)
            cur = apply_edits(cur, edits)
    spans = diff.compose(log)
    assert diff.spans_hold(a, cur, spans)
    for (_, a1, _, b1), (a0, _, b0, _) in zip(spans, spans[1:]):
        assert a1 < a0 and b1 < b0  # sorted, disjoint, touching spans merged
    # Each span holds at least one edit: nothing unchanged is reported as changed beyond them.
    assert len(spans) <= sum(len(p) for p in log)


def apply_patch(a: bytes, patch: str) -> bytes:
    """Apply a unified diff (as this module writes it) to the decoded lines of `a` (stray bytes
    shown as U+FFFD, as in the diff: compare with `shown(b)`)."""
    lines = a.decode("utf-8", "replace").splitlines(keepends=True)
    if not patch:
        return "".join(lines).encode("utf-8")
    rows = patch.splitlines(keepends=True)
    assert rows[0].startswith("--- ") and rows[1].startswith("+++ ")
    out: list[str] = []
    pos = 0
    k = 2
    while k < len(rows):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n", rows[k])
        assert m, rows[k]
        start, count = int(m.group(1)), int(m.group(2) or 1)
        start = start - 1 if count else start
        assert start >= pos
        out.extend(lines[pos:start])
        pos = start
        k += 1
        while k < len(rows) and not rows[k].startswith("@@"):
            row = rows[k]
            k += 1
            if k < len(rows) and rows[k] == "\\ No newline at end of file\n":
                row = row[:-1]
                k += 1
            tag, text = row[0], row[1:]
            if tag in " -":
                assert lines[pos] == text, (lines[pos], text)
                pos += 1
            if tag in " +":
                out.append(text)
    out.extend(lines[pos:])
    return "".join(out).encode("utf-8")


def shown(b: bytes) -> bytes:
    return b.decode("utf-8", "replace").encode("utf-8")


def _language(path: Path) -> str:
    return "typescript" if path.suffix == ".ts" else "python"


def _crlf_bom(raw: bytes) -> bytes:
    return BOM + raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".ts", ".py"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_give_difflibs_diff(path):
    raw = path.read_bytes()
    for variant in (raw, _crlf_bom(raw)):
        res = fix_text(variant, _language(path), Config(unsafe_fixes=True), path=path.name)
        assert res.status in ("changed", "unchanged")
        want = difflib_diff(res.original, res.output, f"a/{path.name}", f"b/{path.name}")
        assert unified_diff(res) == want
        if res.changed:
            assert res.changes, "a changed file carries the spans its diff is made from"


def _markdown(files: list[Path]) -> bytes:
    parts = [b"# Response \x93quoted\x94\n\nSome prose.\n\n"]
    for p in files:
        fence = "typescript" if p.suffix == ".ts" else "python"
        parts.append(f"## {p.name}\n\n```{fence}\n".encode() + p.read_bytes() + b"```\n\nMore prose.\n\n")
    return b"".join(parts)


def changed_lines(d: str) -> int:
    return sum(1 for ln in d.splitlines() if ln[:1] in "+-" and not ln.startswith(("--- ", "+++ ")))


@pytest.mark.parametrize("start", range(0, len(EXAMPLE_FILES), 2))
def test_markdown_blocks_give_difflibs_diff(start):
    """Edits inside fenced blocks, prose (with a stray byte) around them, as LF and as CRLF + BOM:
    the spans are shifted into the file, and the diff is difflib's."""
    md = _markdown(EXAMPLE_FILES[start:start + 2])
    for variant in (md, _crlf_bom(md)):
        res = fix_text(variant, "markdown", Config(unsafe_fixes=True), path="r.md")
        assert diff.spans_hold(res.original, res.output, res.changes)
        got, want = unified_diff(res), difflib_diff(res.original, res.output, "a/r.md", "b/r.md")
        assert apply_patch(res.original, got) == shown(res.output)
        if len(res.output.splitlines()) < 200:
            assert got == want
        else:
            # From 200 lines difflib stops matching on lines that occur often (blank lines, "}"):
            # its diff may then be longer than need be, or place a block among equal ones its way.
            assert changed_lines(got) <= changed_lines(want)


def test_long_markdown_diff_is_a_right_patch():
    """All the examples in one response: a right patch, no longer than difflib's."""
    md = _markdown(EXAMPLE_FILES)
    for variant in (md, _crlf_bom(md)):
        res = fix_text(variant, "markdown", Config(unsafe_fixes=True), path="r.md")
        assert res.changed and len(res.changes) > len(EXAMPLE_FILES)
        got, want = unified_diff(res), difflib_diff(res.original, res.output, "a/r.md", "b/r.md")
        assert apply_patch(res.original, got) == shown(res.output)
        assert changed_lines(got) <= changed_lines(want)


def test_markdown_block_without_final_newline():
    """A fix that leaves a block without a final newline gets one from splice(): in the spans too."""
    md = b"```typescript\nimport * as aws from \"@pulumi/aws\";\nnew aws.cloudwatch.LogGroup(\"l\", {});```\n"
    res = fix_text(md, "markdown", Config(), path="r.md")
    if res.changed:
        assert diff.spans_hold(res.original, res.output, res.changes)
        assert unified_diff(res) == difflib_diff(res.original, res.output, "a/r.md", "b/r.md")


def test_wrong_spans_fall_back_to_a_right_diff():
    a = b"a\nb\nc\nd\ne\n" * 20
    b = a.replace(b"c\n", b"C\n", 1) + b"tail\n"
    for spans in (None, [], [(0, 1, 0, 1)], [(5, 3, 5, 3)]):
        got = diff.unified_diff(a, b, spans, "a/f", "b/f")
        assert apply_patch(a, got) == shown(b)
        assert got == difflib_diff(a, b)


def test_unchanged_gives_no_diff():
    assert diff.unified_diff(b"x\n", b"x\n", [], "a/f", "b/f") == ""


def test_repetitive_file_is_diffed_near_the_edit():
    """The matcher runs on the changed lines and their context only: on 20,000 identical lines
    the diff is the three context lines around the one change (difflib's too)."""
    a = b"  }\n" * 20000
    b = a[:40000] + b"  x\n" + a[40000:]
    spans = diff.compose([[Edit(40000, 40000, "  x\n")]])
    got = diff.unified_diff(a, b, spans, "a/f", "b/f")
    assert got.count("\n") == 2 + 1 + 6 + 1  # headers, @@, 6 context lines, the insertion
    assert apply_patch(a, got) == shown(b)
