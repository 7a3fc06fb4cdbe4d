"""Every real model response of the shared corpus: no crash, output parses, fixing twice changes nothing.

Reads ../shared/corpus (or IACFIX_CORPUS) at test time; skips where it is absent.
"""

from __future__ import annotations

import pytest

from conftest import corpus_root
from iacfix import frontends
from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.frontends import markdown
from iacfix.notes import NoteKind, of_kind
from iacfix.rules import all_transforms

ROOT = corpus_root()
FILES = sorted(ROOT.glob("pulumi-*/*/MODEL_RESPONSE.md")) if ROOT.is_dir() else []
CONFIG = Config(unsafe_fixes=True)


def _errors(data: bytes) -> dict[int, int]:
    out = {}
    for b in markdown.code_blocks(data, {"typescript", "python"}):
        out[b.index] = frontends.get(b.language).parse(data[b.start:b.end]).error_count
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.parent.name}/{p.parent.name}" for p in FILES])
def test_corpus_response(path):
    data = path.read_bytes()
    res = fix_text(data, "markdown", CONFIG, path=str(path))
    assert res.status != "failed", res.error
    crashed = of_kind(res.notes, NoteKind.CRASHED, NoteKind.CYCLE, NoteKind.NOT_CONVERGED)
    assert not crashed, crashed
    if res.status == "changed":
        before, after = _errors(data), _errors(res.output)
        assert before.keys() == after.keys(), "the fix changed the block structure of the markdown"
        worse = {i: (before[i], after[i]) for i in before if after[i] > before[i]}
        assert not worse, f"blocks with new syntax errors: {worse}"
    again = fix_text(res.output, "markdown", CONFIG, path=str(path))
    assert again.output == res.output, f"not idempotent: {[a.title for a in again.applied]}"


# The rules of a profile are off in CONFIG: run them on their own too (each named, so it runs).
PROFILE_RULES = tuple(t.id for t in all_transforms() if t.profiles)


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.parent.name}/{p.parent.name}" for p in FILES])
def test_corpus_response_profile_rules(path):
    data = path.read_bytes()
    config = Config(select=PROFILE_RULES, unsafe_fixes=True)
    res = fix_text(data, "markdown", config, path=str(path))
    assert res.status != "failed", res.error
    assert not of_kind(res.notes, NoteKind.CRASHED, NoteKind.CYCLE, NoteKind.NOT_CONVERGED), res.notes
    assert {a.rule for a in res.applied} <= set(PROFILE_RULES)
    if res.status == "changed":
        before, after = _errors(data), _errors(res.output)
        assert before.keys() == after.keys(), "the fix changed the block structure of the markdown"
        assert not {i for i in before if after[i] > before[i]}, "blocks with new syntax errors"
    again = fix_text(res.output, "markdown", config, path=str(path))
    assert again.output == res.output, f"not idempotent: {[a.title for a in again.applied]}"


def test_profile_rules_exist():
    assert "IAC303" in PROFILE_RULES


def test_corpus_present_or_skipped():
    if not FILES:
        pytest.skip(f"shared corpus not found at {ROOT}")
    assert len(FILES) > 100
