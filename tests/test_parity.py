"""Every transform serves both languages alike: each golden pair has a twin in the other language
that says the same thing, and the twins get the same fixes and leave the same findings.

A twin is the same program written in the other language (`examples/model_response/NAME.ts` and
`NAME.py`); running both must apply the same transforms the same number of times and leave the
same findings, rule by rule. Where a construct exists in one language only, the example says so in
a comment and leaves it out of both.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import MODEL, example_config, language_of
from iacfix.engine import fix_text

STEMS = sorted({p.stem for p in MODEL.glob("*.ts")} | {p.stem for p in MODEL.glob("*.py")}) if MODEL.is_dir() else []

# Twins that do not say the same thing yet (issue 14). Strict: a twin that agrees must leave the list.
PENDING: set[str] = {
    "IAC003_iam_least_privilege", "IAC004_health_check", "IAC006_provider_default_tags",
    "IAC006_tags_program", "IAC101_output_in_string", "IAC102_s3_inline_properties",
    "IAC105_s3_public_access_block", "IAC107_get_region_name",
}


def outcome(name: str) -> tuple[list, list] | None:
    path = MODEL / name
    if not path.is_file():
        return None
    res = fix_text(path.read_bytes(), language_of(name), example_config(name), path=name)
    assert res.status != "failed", res.error
    return (sorted(Counter(a.rule for a in res.applied).items()),
            sorted(Counter(f.rule for f in res.findings).items()))


@pytest.mark.parametrize("stem", STEMS)
def test_twins_get_the_same_fixes(stem):
    ts, py = outcome(f"{stem}.ts"), outcome(f"{stem}.py")
    agree = ts is not None and ts == py
    if stem in PENDING:
        if agree:
            pytest.fail(f"{stem}: the twins agree now: take it off PENDING")
        pytest.xfail(f"TypeScript {ts} / Python {py}")
    assert ts is not None and py is not None, f"{stem} has no twin in the other language"
    assert ts == py, f"{stem}: TypeScript applies/leaves {ts}, Python {py}"
