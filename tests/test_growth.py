"""Questions whose cost grew with the square of a program now answer from an index, alike.

A program with hundreds of imported modules or component classes is rare, but nothing a model
writes may make iacfix slow down more than in proportion: each question below used to scan a
whole list (or convert every use in the file) once per import, per call or per resource. Each
test checks the indexed answer against the scan it replaced, and the growth tests count the work
a rule does as the program grows (operations, never seconds).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.frontends import python as py
from iacfix.frontends import typescript as ts
from iacfix.model import Program
from iacfix.spans import Spans

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import shapes  # the benchmark's programs, grown along one dimension

LANGS = ["typescript", "python"]
BUILD = {"typescript": ts.build, "python": py.build}


@st.composite
def tree_spans(draw) -> list[tuple[int, int]]:
    """Spans as a tree's nodes lie: each two nested or apart (touching allowed)."""
    out: list[tuple[int, int]] = []

    def grow(start: int, end: int, depth: int) -> None:
        pos = start
        for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
            s = pos + draw(st.integers(0, 3))
            e = s + draw(st.integers(0, 12))
            if e > end:
                break
            out.append((s, e))
            grow(s, e, depth + 1)
            pos = e
        return None

    grow(0, 60, 0)
    return out


@given(tree_spans(), st.integers(-2, 64), st.integers(0, 12))
@settings(max_examples=300, deadline=None)
def test_spans_answer_as_a_scan_of_the_list(spans, start, width):
    index = Spans(spans)
    end = start + width
    assert index.holds(start, end) == any(s <= start and end <= e for s, e in spans)
    assert index.at(start) == any(s <= start < e for s, e in spans)
    assert index.meets(start, end) == any(s < end and start < e for s, e in spans)
    assert bool(index) == bool(spans)


def _program(lang: str, shape: str, n: int) -> Program:
    write = dict(shapes.SHAPES[shape])[lang]
    return BUILD[lang](write(n).encode())


@pytest.mark.parametrize("lang", LANGS)
def test_uses_within_a_span_are_the_uses_that_start_there(lang):
    prog = _program(lang, "components", 6)
    for d in prog.definitions:
        for name in ("name", "args", "opts", "this"):
            every = prog.uses(name)
            assert [(u.start, u.end) for u in prog.uses_within(name, d.start, d.end)] == [
                (u.start, u.end) for u in every if d.start <= u.start < d.end
            ]
    assert prog.uses_within("name", 0, 0) == []


@pytest.mark.parametrize("lang", LANGS)
def test_calls_starting_in_a_span_are_those_a_scan_finds(lang):
    prog = _program(lang, "components", 5)
    spans = [(d.start, d.end) for d in prog.definitions] + [(0, len(prog.body)), (0, 0), (7, 8)]
    for start, end in spans:
        assert prog.calls_starting(start, end) == [c for c in prog.calls if start <= c.start < end]


@pytest.mark.parametrize("lang", LANGS)
def test_a_blocks_statement_at_an_offset_is_the_one_a_scan_finds(lang):
    prog = _program(lang, "fields", 4)
    for offset in range(len(prog.body) + 1):
        for block in prog.blocks_at(offset):
            scan = next(((s, e) for s, e in block.statements if s <= offset < e), None)
            assert block.statement_at(offset) == scan


@pytest.mark.parametrize("lang", LANGS)
def test_a_definition_by_name_is_the_one_declared_under_it(lang):
    prog = _program(lang, "components", 3)
    for d in prog.definitions:
        assert prog.definition(d.name) is d
    assert prog.definition("Nowhere") is None
    twice = BUILD[lang](
        (
            "function f() {}\nfunction f() {}\n" if lang == "typescript" else "def f():\n    pass\ndef f():\n    pass\n"
        ).encode()
    )
    assert twice.definition("f") is None  # declared twice: no one definition


@pytest.mark.parametrize("lang", LANGS)
def test_mentions_outside_imports_are_counted_alike(lang):
    """An imported module's name inside its own import statement is no mention of it."""
    prog = _program(lang, "imports", 30)
    for i in range(30):
        assert prog.mentions(f"m{i}") == 2  # read twice, imported once
    body = ("import * as a from './a';\n" if lang == "typescript" else "import a\n").encode()
    assert BUILD[lang](body).mentions("a") == 0


@pytest.mark.parametrize("lang", LANGS)
def test_the_imports_are_gathered_once_however_many_names_are_asked(lang, monkeypatch):
    """Whether a mention lies in an import was answered from the file's imports gathered (and
    sorted) again for every name asked: the unused-imports rule asks it of every imported name."""
    prog = _program(lang, "imports", 40)
    cls = type(prog)
    asked = {"n": 0}
    imports = cls.imports

    def counting(self):
        asked["n"] += 1
        return imports.fget(self)

    monkeypatch.setattr(cls, "imports", property(counting))
    for i in range(40):
        assert prog.mentions(f"m{i}") == 2
    assert asked["n"] == 1, asked  # (40 before: once per name)


def _counted(monkeypatch, lang: str, shape: str, n: int) -> tuple[int, int]:
    """(tree-node conversions by position, calls scanned by position) while fixing the shape at n."""
    cls = type(_program(lang, shape, 1))
    counts = {"node_at": 0}
    node_at = cls.node_at

    def counting(self, start, end):
        counts["node_at"] += 1
        return node_at(self, start, end)

    monkeypatch.setattr(cls, "node_at", counting)
    write = dict(shapes.SHAPES[shape])[lang]
    res = fix_text(write(n), lang, Config(unsafe_fixes=True))
    assert res.status == "changed"
    monkeypatch.undo()
    return counts["node_at"], len(res.applied)


@pytest.mark.parametrize("lang", LANGS)
def test_the_work_per_component_does_not_grow_with_the_components(lang, monkeypatch):
    """Each call of a component asked which of its constructor's parameters carries the stack
    suffix, and converted every use of `name` and `args` in the file to find out: the nodes
    converted by position grew with the square of the components."""
    small, fixes_small = _counted(monkeypatch, lang, "components", 20)
    large, fixes_large = _counted(monkeypatch, lang, "components", 80)
    assert fixes_large == 4 * fixes_small
    assert large <= 4.5 * small, (small, large)  # in proportion (it was 16x)


BROKEN = {
    "typescript": (
        'import * as aws from "@pulumi/aws";\n'
        + "".join(f'new aws.cloudwatch.LogGroup("l{i}", {{}});\nconst x{i} = ;\n' for i in range(4))
        + 'new aws.s3.Bucket("b", {\n  tags: { a: "b" ,\n',
        'import * as aws from "@pulumi/aws";\nfunction f() {\n  new aws.cloudwatch.LogGroup("l", {});\n  const x = ;\n',
    ),
    "python": (
        "import pulumi_aws as aws\n" + "".join(f'aws.cloudwatch.LogGroup("l{i}")\nx{i} = )\n' for i in range(4)),
        'import pulumi_aws as aws\ndef f():\n    aws.cloudwatch.LogGroup("l")\n    x = (\n',
        "import pulumi_aws as aws\ndef f(:\n    pass\nb = aws.s3.Bucket('b', tags={'a': 'b'\n",
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_span_meets_a_syntax_error_as_a_scan_of_the_errors_says(lang):
    """The applier asks, for every fix, whether it meets a syntax error: a bisection over the
    parse's error spans (outermost ERROR and MISSING nodes: apart, in order, zero-width ones
    included), where it scanned them all."""
    from iacfix import frontends
    from iacfix.applier import _errors

    fe = frontends.get(lang)
    for text in BROKEN[lang]:
        body = text.encode()
        parsed = fe.parse(body)
        spans = parsed.error_spans()
        assert spans
        errors = _errors(parsed, parsed.error_count)
        for lo in range(len(body) + 1):
            for hi in (lo, lo + 1, lo + 7, lo + 60):
                assert errors.meets(lo, hi) == any(s < hi and lo < e for s, e in spans), (text, lo, hi)


@pytest.mark.parametrize("lang", LANGS)
def test_notes_about_broken_code_are_not_compared_with_every_note(lang, monkeypatch):
    """A fix inside broken code is noted once per rule and line: the notes said so far were a
    list scanned per finding (Note.__eq__ for each), the square of the findings in broken code."""
    from iacfix.notes import Note, NoteKind

    def program(n: int) -> str:
        if lang == "typescript":  # (each element broken after its log group)
            return 'import * as aws from "@pulumi/aws";\nconst a = [\n' + "".join(
                f'  new aws.cloudwatch.LogGroup("l{i}", {{}}) +,\n' for i in range(n)
            )
        return (
            "import pulumi_aws as aws\ndef f():\n"
            + "".join(f'    aws.cloudwatch.LogGroup("l{i}")\n' for i in range(n))
            + "    x = (\n"
        )

    compared = {"n": 0}
    eq = Note.__eq__

    def counting(self, other):
        compared["n"] += 1
        return eq(self, other)

    monkeypatch.setattr(Note, "__eq__", counting)
    counts = []
    for n in (20, 80):
        compared["n"] = 0
        res = fix_text(program(n), lang, Config(unsafe_fixes=True))
        broken = [x for x in res.notes if x.kind == NoteKind.IN_BROKEN_CODE]
        assert len(broken) >= n  # one per rule and line, each once
        assert len(set(broken)) == len(broken)
        counts.append(compared["n"])
    assert counts[1] <= 4.5 * max(counts[0], 1), counts  # in proportion at most (it was 16x)
