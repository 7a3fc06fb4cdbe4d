"""Property tests over generated Pulumi programs (tests/strategies.py).

For random subsets of resources, each with or without its typical failure, in random formatting:
- the output parses (no syntax error the input did not have);
- fixing again changes nothing;
- the output is the replay of the applier's edit log, and every line no edit touched is carried
  over byte for byte (newline style and BOM included; inserted text uses the file's newline);
- a program with no failure comes back identical;
- after fixing, no safe fixable finding is left (with --unsafe-fixes: no fixable finding at all);
- each drawn failure is reported by the transform that owns it (the generator does hit them).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iacfix import frontends
from iacfix.config import Config
from iacfix.document import Document
from iacfix.engine import fix_text
from iacfix.fix import apply_edits
from iacfix.rules import all_transforms
from strategies import PIN, python_programs, typescript_programs
from iacfix.notes import TOOL_PROBLEMS

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CONFIG = Config().with_(images={"nginx:1.25": PIN})
UNSAFE = CONFIG.with_(unsafe_fixes=True)
RULES = {t.id for t in all_transforms()}
FAILURE_RULE = {
    "retention": "IAC005", "timeout": "IAC004", "rotation": "IAC103", "public": "IAC105",
    "versioning": "IAC102", "image": "IAC002", "size": "IAC001", "deployment": "IAC008",
    "output": "IAC101", "wildcard": "IAC003", "redundant": "IAC007", "encryption": "IAC104",
    "tags": "IAC006",
}


def _errors(body: bytes, language: str) -> int:
    return frontends.get(language).parse(body).error_count


def _line_starts(body: bytes) -> list[int]:
    starts = [0]
    i = body.find(b"\n")
    while i != -1:
        starts.append(i + 1)
        i = body.find(b"\n", i + 1)
    if starts[-1] == len(body):
        starts.pop()
    return starts


def check_lines_kept(before: bytes, edits: list, newline: bytes) -> bytes:
    """Apply one pass of edits; assert every line no edit touches is carried over verbatim, in
    place (shifted only by the edits before it), as a whole line; return the pass output."""
    after = apply_edits(before, edits)
    starts = _line_starts(before)
    bounds = list(zip(starts, starts[1:] + [len(before)]))
    spans = sorted((e.start, e.end, len(e.text.encode("utf-8")) if isinstance(e.text, str) else len(e.text))
                   for e in edits)
    for e in edits:
        text = e.text.encode("utf-8") if isinstance(e.text, str) else e.text
        if newline == b"\r\n":
            assert text.count(b"\n") == text.count(b"\r\n"), f"edit inserts a bare LF into a CRLF file: {text!r}"
        else:
            assert b"\r\n" not in text, f"edit inserts CRLF into an LF file: {text!r}"
    for ls, le in bounds:
        touched = any((s < le and e > ls) or (s == e and ls <= s < le) for s, e, _ in spans)
        if touched:
            continue
        delta = sum(n - (e - s) for s, e, n in spans if e <= ls and not (s == e == ls))
        pos = ls + delta
        assert after[pos:pos + (le - ls)] == before[ls:le], f"untouched line moved or changed: {before[ls:le]!r}"
        assert pos == 0 or after[pos - 1:pos] == b"\n", f"untouched line no longer starts a line: {before[ls:le]!r}"
    return after


def assert_invariants(src: bytes, language: str, config: Config) -> None:
    res = fix_text(src, language, config, path=f"prog.{'ts' if language == 'typescript' else 'py'}")
    assert res.status in ("changed", "unchanged"), res.error
    assert not [n for n in res.notes if n.kind in TOOL_PROBLEMS], res.notes
    doc = Document.from_bytes("p", src, language)
    out = Document.from_bytes("p", res.output, language)
    assert out.bom == doc.bom
    # parses
    assert _errors(out.body, language) <= _errors(doc.body, language)
    # idempotent
    again = fix_text(res.output, language, config)
    assert again.output == res.output, f"not idempotent: {[a.title for a in again.applied]}"
    # replay + untouched lines kept
    newline = doc.newline.encode()
    cur = doc.body
    for edits in res.edit_log:
        cur = check_lines_kept(cur, edits, newline)
    assert cur == out.body
    # nothing safe (or, with unsafe fixes, nothing at all) left to fix
    left = [f for f in again.findings if f.fixable and (config.unsafe_fixes or f.applicability == "safe")]
    assert not left, [(f.rule, f.line, f.message) for f in left]
    return res


@SETTINGS
@given(prog=typescript_programs())
def test_typescript_fix_invariants(prog):
    assert_invariants(prog.source, "typescript", CONFIG)


@SETTINGS
@given(prog=typescript_programs(clean=False))
def test_typescript_unsafe_fix_invariants(prog):
    assert_invariants(prog.source, "typescript", UNSAFE)


@settings(SETTINGS, max_examples=40)
@given(prog=typescript_programs(clean=True), unsafe=st.booleans())
def test_typescript_clean_program_untouched(prog, unsafe):
    res = fix_text(prog.source, "typescript", UNSAFE if unsafe else CONFIG)
    assert res.status == "unchanged", (res.notes, [a.title for a in res.applied])
    assert res.output == prog.source
    assert not res.findings, [(f.rule, f.message) for f in res.findings]


@settings(SETTINGS, max_examples=40)
@given(prog=typescript_programs(clean=False))
def test_typescript_failures_are_found(prog):
    """The generator's failures are the ones the transforms exist for (it exercises them)."""
    res = fix_text(prog.source, "typescript", UNSAFE, fix=False)
    found = {f.rule for f in res.findings}
    wanted = {FAILURE_RULE[f] for fails in prog.groups.values() for f in fails} & RULES
    assert wanted <= found, f"missing findings for {sorted(wanted - found)}"


@pytest.fixture(scope="module")
def python_frontend():
    return pytest.importorskip("iacfix.frontends.python")


@SETTINGS
@given(prog=python_programs())
def test_python_fix_invariants(python_frontend, prog):
    assert_invariants(prog.source, "python", UNSAFE)


@settings(SETTINGS, max_examples=30)
@given(prog=python_programs(clean=True))
def test_python_clean_program_untouched(python_frontend, prog):
    res = fix_text(prog.source, "python", UNSAFE)
    assert res.output == prog.source, [a.title for a in res.applied]
