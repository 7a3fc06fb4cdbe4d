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
from iacfix.config import from_table
from iacfix.engine import fix_text

STEMS = sorted({p.stem for p in MODEL.glob("*.ts")} | {p.stem for p in MODEL.glob("*.py")}) if MODEL.is_dir() else []
# A markdown response (a program in several files) and its twin: `NAME.md` in TypeScript, `NAME_py.md`
# in Python.
MD_STEMS = sorted({p.stem.removesuffix("_py") for p in MODEL.glob("*.md")}) if MODEL.is_dir() else []

# Twins that do not say the same thing yet (issue 14). Strict: a twin that agrees must leave the list.
PENDING: set[str] = set()


def outcome(name: str, language: str | None = None) -> tuple[list, list] | None:
    path = MODEL / name
    if not path.is_file():
        return None
    res = fix_text(path.read_bytes(), language or language_of(name), example_config(name), path=name)
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


@pytest.mark.parametrize("stem", MD_STEMS)
def test_markdown_twins_get_the_same_fixes(stem):
    ts, py = outcome(f"{stem}.md"), outcome(f"{stem}_py.md")
    assert ts is not None and py is not None, f"{stem}.md has no twin in the other language ({stem}_py.md)"
    assert ts[0], f"{stem}: the twins get no fix"
    assert ts == py, f"{stem}: TypeScript applies/leaves {ts}, Python {py}"


# The smallest twins on which a transform behaves differently in the two languages: found while
# making the golden twins agree (the case is left out of both golden files meanwhile). Each names the
# configuration it runs with ([tool.iacfix] table). Strict: the fix makes the test pass and the entry
# moves to FIXED_PARITY_BUGS.
PARITY_BUGS: dict[str, tuple[dict, str, str]] = {}

# Parity bugs fixed, kept as twins that must agree (and get a fix) so that they stay fixed.
FIXED_PARITY_BUGS: dict[str, tuple[dict, str, str]] = {
    # transforms/get_region_name.py read `call.args[0]` as an object only; a Python keyword argument
    # is in the call's keyword arguments (Program.call_kwargs), so `name=` stayed.
    "IAC107-name-argument": (
        {"select": ["IAC107"]},
        'import * as aws from "@pulumi/aws";\n\nexport const primary = aws.getRegion({ name: "us-east-1" });\n',
        'import pulumi\nimport pulumi_aws as aws\n\npulumi.export("primary", aws.get_region(name="us-east-1"))\n',
    ),
    # transforms/cost_allocation_tags.py read each resource's options as an object (`{ provider }`);
    # Python's `pulumi.ResourceOptions(provider=provider)` is a Call, so no resource counted as using
    # the provider and each was tagged instead of the provider's defaultTags (Program.options_of).
    "IAC006-provider-default-tags": (
        {"select": ["IAC006"], "rules": {"cost-allocation-tags": {"use_provider_default_tags": True}}},
        'import * as aws from "@pulumi/aws";\n\nconst provider = new aws.Provider("eu", { region: "eu-west-1" });\n'
        'new aws.sns.Topic("events", {}, { provider });\nnew aws.sqs.Queue("jobs", {}, { provider });\n',
        'import pulumi\nimport pulumi_aws as aws\n\nprovider = aws.Provider("eu", region="eu-west-1")\n'
        'aws.sns.Topic("events", opts=pulumi.ResourceOptions(provider=provider))\n'
        'aws.sqs.Queue("jobs", opts=pulumi.ResourceOptions(provider=provider))\n',
    ),
    # The same through `from pulumi import ResourceOptions`, and an imported resource left untagged
    # (`ResourceOptions(import_=...)` / `{ import: ... }`) beside one that is tagged.
    "IAC006-options-imported-by-name": (
        {"select": ["IAC006"]},
        'import * as aws from "@pulumi/aws";\n\nnew aws.sns.Topic("old", {}, { import: "arn:aws:sns:x" });\n'
        'new aws.sqs.Queue("jobs", {});\n',
        'import pulumi_aws as aws\nfrom pulumi import ResourceOptions\n\n'
        'aws.sns.Topic("old", opts=ResourceOptions(import_="arn:aws:sns:x"))\naws.sqs.Queue("jobs")\n',
    ),
}


def snippet_outcome(table: dict, src: str, language: str) -> tuple[list, list]:
    res = fix_text(src, language, from_table({"unsafe-fixes": True, **table}, "PARITY_BUGS"))
    assert res.status != "failed", res.error
    return (sorted(Counter(a.rule for a in res.applied).items()),
            sorted(Counter(f.rule for f in res.findings).items()))


@pytest.mark.parametrize("case", sorted(PARITY_BUGS))
@pytest.mark.xfail(strict=True, reason="a transform behaves differently in the two languages (issue 14)")
def test_known_parity_bugs(case):
    table, ts_src, py_src = PARITY_BUGS[case]
    ts, py = snippet_outcome(table, ts_src, "typescript"), snippet_outcome(table, py_src, "python")
    assert ts[0], f"{case}: the TypeScript twin gets no fix: the case is no longer a bug of the Python side"
    assert ts == py, f"{case}: TypeScript applies/leaves {ts}, Python {py}"


@pytest.mark.parametrize("case", sorted(FIXED_PARITY_BUGS))
def test_fixed_parity_bugs_stay_fixed(case):
    table, ts_src, py_src = FIXED_PARITY_BUGS[case]
    ts, py = snippet_outcome(table, ts_src, "typescript"), snippet_outcome(table, py_src, "python")
    assert ts[0], f"{case}: the TypeScript twin gets no fix"
    assert ts == py, f"{case}: TypeScript applies/leaves {ts}, Python {py}"
