"""Invariants over every transform and every example, in the spirit of ruff's rule harness:

- the fixed output parses with no error the input did not have;
- fixing again changes nothing (idempotence);
- the output is exactly the replay of the applier's edit log on the input (nothing else touched);
- inputs with nothing to fix come back byte for byte, CRLF and BOM included;
- the CRLF + BOM twin of an example fixes to the CRLF + BOM twin of its ideal file;
- every fix has a title, and a safe transform leaves no safe fix behind.
"""

from __future__ import annotations

import pytest

from conftest import IDEAL, MODEL, example_config, example_names, language_of
from iacfix import frontends
from iacfix.document import BOM, Document
from iacfix.engine import fix_text
from iacfix.fix import apply_edits
from iacfix.rules import all_transforms
from iacfix.notes import NoteKind, of_kind

TRANSFORMS = [t.id for t in all_transforms()]
NAMES = [n for n in example_names() if language_of(n) != "markdown"]
CASES = [(t, n) for t in TRANSFORMS for n in NAMES]


def _config(tid: str, name: str):
    return example_config(name).with_(select=(tid,), unsafe_fixes=True)


def _errors(body: bytes, language: str) -> int:
    return frontends.get(language).parse(body).error_count


@pytest.mark.parametrize("tid,name", CASES)
def test_transform_invariants(tid, name):
    lang = language_of(name)
    src = (MODEL / name).read_bytes()
    cfg = _config(tid, name)
    res = fix_text(src, lang, cfg, path=name)
    assert res.status != "failed", res.error
    assert not of_kind(res.notes, NoteKind.CRASHED), res.notes
    doc = Document.from_bytes(name, src, lang)
    out_doc = Document.from_bytes(name, res.output, lang)
    # parses, with no new error
    assert _errors(out_doc.body, lang) <= _errors(doc.body, lang)
    # idempotent
    again = fix_text(res.output, lang, cfg, path=name)
    assert again.output == res.output, f"{tid} is not idempotent on {name}: {[a.title for a in again.applied]}"
    # nothing outside the recorded edits changed
    replay = doc.body
    for edits in res.edit_log:
        replay = apply_edits(replay, edits)
    assert replay == out_doc.body
    # every applied fix has a title and belongs to the selected transform
    assert all(a.title and a.rule == tid for a in res.applied)
    # a transform leaves none of its own applicable fixes behind
    left = [f for f in again.findings if f.fixable and f.rule == tid]
    assert not left, f"{tid} still proposes fixes after fixing {name}: {[f.message for f in left]}"


@pytest.mark.parametrize("name", NAMES)
def test_nothing_to_fix_is_untouched(name):
    """An ideal file has nothing left to fix under its own settings: it comes back identical,
    byte for byte, also as CRLF + BOM."""
    lang = language_of(name)
    ideal = (IDEAL / name).read_bytes()
    cfg = example_config(name)
    for variant in (ideal, BOM + ideal.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")):
        res = fix_text(variant, lang, cfg, path=name)
        assert res.output == variant, f"{name} has nothing to fix but came back changed: {[a.title for a in res.applied]}"


@pytest.mark.parametrize("tid,name", CASES)
def test_no_finding_no_change(tid, name):
    """A transform that finds nothing to fix leaves the input byte-identical (CRLF + BOM too)."""
    lang = language_of(name)
    src = (MODEL / name).read_bytes()
    cfg = _config(tid, name)
    for variant in (src, BOM + src.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")):
        res = fix_text(variant, lang, cfg, path=name)
        if not res.applied:
            assert res.output == variant


@pytest.mark.parametrize("name", NAMES)
def test_crlf_bom_twin(name):
    """Edits follow the file's newline style and keep its BOM."""
    lang = language_of(name)
    src = (MODEL / name).read_bytes().replace(b"\n", b"\r\n")
    want = (IDEAL / name).read_bytes().replace(b"\n", b"\r\n")
    res = fix_text(BOM + src, lang, example_config(name), path=name)
    assert res.output == BOM + want
