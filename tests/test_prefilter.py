"""The prefilter (Transform.tokens) never changes a result.

The applier skips a rule on a pass whose text holds none of its tokens, and builds no model when
no rule remains. That is only right if a rule never finds anything in a text without its tokens:
- every golden pair, with its own configuration and with every rule, fixed with the prefilter and
  without it: the same output, fixes, findings and notes (unused suppressions included);
- every pass of every real response of the shared corpus (skipped where it is absent), every rule
  run whatever its tokens: each finding's rule has one of its tokens in the text it was found in.
"""

from __future__ import annotations

import pytest

from conftest import MODEL, corpus_root, example_config, example_names, language_of
from iacfix import applier
from iacfix.config import Config
from iacfix.engine import FileResult, fix_text
from iacfix.rule_index import RULES, by_name

EVERY_RULE = Config(unsafe_fixes=True, profile="ephemeral")


def _summary(res: FileResult):
    return (
        res.status,
        res.output,
        [(a.rule, a.title, a.line) for a in res.applied],
        [(f.rule, f.message, f.line, f.column, f.fix_title) for f in res.findings],
        [(n.kind, n.message, n.rule, n.line, n.block) for n in res.notes],
    )


@pytest.mark.parametrize("name", example_names())
def test_golden_pairs_fix_alike_with_and_without_the_prefilter(name):
    src = (MODEL / name).read_bytes()
    lang = language_of(name)
    for config in (example_config(name), EVERY_RULE):
        for fix in (True, False):
            on = fix_text(src, lang, config, fix=fix, path=name)
            off = fix_text(src, lang, config, fix=fix, path=name, prefilter=False)
            assert on.status != "failed", on.error
            assert _summary(on) == _summary(off)


def test_a_rule_without_its_tokens_is_skipped_and_no_model_is_built(monkeypatch):
    """The prefilter does act: a text without "LogGroup" never reaches IAC005, and when no rule
    remains the front end builds nothing; a suppression comment is still reported unused."""
    from iacfix import frontends

    built = []
    fe = frontends.get("typescript")
    real_build = fe.build
    monkeypatch.setattr(fe, "build", lambda *a, **k: built.append(1) or real_build(*a, **k))
    src = 'import * as aws from "@pulumi/aws";\nconst b = 1; // iacfix: ignore[IAC005]\n'
    res = fix_text(src, "typescript", Config(select=("IAC005",)))
    assert built == [] and res.status == "unchanged"
    assert [(n.kind.value, n.line) for n in res.notes] == [("unused-suppression", 2)]
    src = 'import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("l", {});\n'
    res = fix_text(src, "typescript", Config(select=("IAC005",)))
    assert built and [a.rule for a in res.applied] == ["IAC005"]


def test_tokens_are_declared_for_the_rules_that_can_use_them():
    """The index carries the classes' tokens; a rule that looks across files has them for a
    file alone only."""
    assert by_name("IAC005").tokens == (b"LogGroup",)
    assert by_name("IAC004").tokens == (b"TargetGroup",)
    for cross_file in ("IAC006", "IAC301", "IAC302"):
        assert by_name(cross_file).tokens and by_name(cross_file).tokens_alone


def test_final_snapshot_tokens_name_every_class_it_can_report():
    """IAC304 reports the resources whose schema takes both a final snapshot's name and its skip
    flag; its tokens are those classes' names. A schema that adds such a class under a name
    holding neither token makes this fail (the prefilter would skip its programs)."""
    from iacfix import awsschema

    want = by_name("IAC304").tokens
    reported = []
    for token in awsschema.resource_tokens():
        shape = awsschema.resource(token)
        if shape is not None and shape.arg("skipFinalSnapshot") and shape.arg("finalSnapshotIdentifier"):
            reported.append(token)
            assert any(t in token.rsplit(":", 1)[1].encode() for t in want), token
    assert "aws:rds/instance:Instance" in reported and "aws:rds/cluster:Cluster" in reported


@pytest.mark.parametrize(
    "name", ["IAC006_tags_across_files.md", "IAC301_stack_outputs_project_py.md"]
)
def test_in_a_project_a_cross_file_rule_finds_in_a_file_without_its_tokens(name, monkeypatch):
    """Why tokens_alone: IAC006 writes tags in an entry file that declares no AWS resource, IAC301
    exports a component defined in another file; both run there although the tokens are absent."""
    rule = name[:6]
    tokens = by_name(rule).tokens
    hits = []
    real = applier.run_transforms

    def recording(program, active):
        run = real(program, active)
        hits.extend(program.path for f in run.findings if f.rule == rule and not any(t in program.body for t in tokens))
        return run

    monkeypatch.setattr(applier, "run_transforms", recording)
    res = fix_text((MODEL / name).read_bytes(), "markdown", example_config(name), path=name)
    assert hits and any(a.rule == rule for a in res.applied)


CORPUS = sorted(corpus_root().glob("pulumi-*/*/MODEL_RESPONSE.md")) if corpus_root().is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="shared corpus absent (set IACFIX_CORPUS)")
def test_corpus_findings_hold_their_rules_tokens(monkeypatch):
    tokens = {info.id: info.tokens for info in RULES if info.tokens}
    seen: list[tuple[str, str]] = []
    real = applier.run_transforms

    def recording(program, active):
        run = real(program, active)
        slot = program.project
        alone = slot is None or len(slot.project.files) < 2
        for f in run.findings:
            want = tokens.get(f.rule)
            if want is None or (by_name(f.rule).tokens_alone and not alone):
                continue
            if not any(t in program.body for t in want):
                seen.append((program.path, f.rule))
        return run

    monkeypatch.setattr(applier, "run_transforms", recording)
    found = 0
    for path in CORPUS:
        res = fix_text(path.read_bytes(), "markdown", EVERY_RULE, path=str(path), prefilter=False)
        assert res.status != "failed", res.error
        found += len(res.findings) + len(res.applied)
    assert found > 0  # the run did find things: the check above had something to check
    assert seen == []


def test_runnable_rules_are_those_holding_a_token():
    """_runnable's checks (tokens that begin alike searched at once: IAC306's `-0` ... `-9`) keep
    exactly the rules a text holds a token of, as `any(token in text)` defines it."""
    from iacfix.engine import _active

    active = _active(Config(unsafe_fixes=True))
    iac306 = next(a for a in active if a.id == "IAC306")
    assert len(iac306.checks) < len(iac306.tokens)  # the ten `-<digit>` tokens are one search
    texts = [
        b'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("b");\n',
        b'region = "us-east-1"\n',
        b"x = -0.5; y = a-9;\n",
        b"x = 1 - 2; arn = 3;\n",
        b'p = "a\\\\b"; class C(ComponentResource): pass\n',
        b"const t = new aws.ecs.TaskDefinition('t', {}); // -",
        b"",
    ]
    for text in texts:
        for alone in (True, False):
            want = [
                a.id
                for a in active
                if "typescript" in a.languages
                and (not a.tokens or (a.tokens_alone and not alone) or any(t in text for t in a.tokens))
            ]
            assert [a.id for a in applier._runnable(text, "typescript", active, True, alone)] == want, text
