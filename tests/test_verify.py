"""`iacfix verify` / iacfix.verify: fixed programs still type-check against the real @pulumi/aws.

The corpus test is the one that matters: over every TypeScript block of the shared corpus
(pulumi-ts, model and ideal responses), with safe and with unsafe fixes, no program that
type-checked before fails after.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MODEL
from iacfix.cli import app
from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.verify import typescript_units, verify_outputs
from typecheck_fixtures import pyright_available, tsc_available  # noqa: F401

GOOD = 'import * as aws from "@pulumi/aws";\nconst logs = new aws.cloudwatch.LogGroup("logs", { retentionInDays: 7 });\n'
BAD = GOOD.replace("retentionInDays: 7", 'retentionInDays: "seven"')


def test_markdown_blocks_are_separate_programs():
    md = ("# App\n\n```typescript\n// lib/a.ts\nconst x = 1;\n```\n\n```python\nx = 1\n```\n\n"
          "```ts\nconst x = 2;\n```\n").encode()
    units = typescript_units(md, "markdown")
    assert [src for _, src in units] == ["// lib/a.ts\nconst x = 1;\n", "const x = 2;\n"]
    assert units[0][0].startswith("block 1") and units[1][0] == "block 3"
    assert typescript_units(b"x = 1\n", "python") == []
    assert typescript_units(b"\xef\xbb\xbfconst a = 1;\n", "typescript") == [(None, "const a = 1;\n")]


def test_verify_outputs_counts_and_regressions(tsc_available):  # noqa: F811
    md_before = f"Two modules, each on its own (both declare `logs`):\n\n```ts\n{GOOD}```\n\n```ts\n{GOOD}```\n"
    md_after = md_before.replace("```ts\n" + GOOD, "```ts\n" + BAD, 1)
    rep = verify_outputs([
        ("ok.ts", GOOD.encode(), GOOD.encode()),            # unchanged, fine
        ("broke.ts", GOOD.encode(), BAD.encode()),          # the regression iacfix must never cause
        ("mended.ts", BAD.encode(), GOOD.encode()),
        ("resp.md", md_before.encode(), md_after.encode()),
        ("skip.py", b"x = 1\n", b"x = 2\n"),                # not TypeScript: not counted
    ])
    by = {p.name: p for p in rep.programs}
    assert set(by) == {"ok.ts", "broke.ts", "mended.ts", "resp.md#block 1", "resp.md#block 2"}
    assert by["ok.ts"].before_ok and by["ok.ts"].after_ok and not by["ok.ts"].changed
    assert by["broke.ts"].regression and "TS2322" in by["broke.ts"].new_errors[0]
    assert not by["mended.ts"].before_ok and by["mended.ts"].after_ok and not by["mended.ts"].regression
    assert by["resp.md#block 1"].regression and not by["resp.md#block 2"].regression
    assert (rep.checked, rep.clean_before, rep.clean_after, len(rep.regressions)) == (5, 4, 3, 2)


PY_GOOD = 'import pulumi_aws as aws\nlogs = aws.cloudwatch.LogGroup("logs", retention_in_days=7)\n'
PY_BAD = PY_GOOD.replace("retention_in_days=7", 'retention_in_days="seven"')


def test_verify_outputs_python_programs(pyright_available, tsc_available):  # noqa: F811
    md = f"```python\n{PY_GOOD}```\n\n```ts\n{GOOD}```\n"
    md_after = md.replace(PY_GOOD, PY_BAD)
    pairs = [("ok.py", PY_GOOD.encode(), PY_GOOD.encode()), ("broke.py", PY_GOOD.encode(), PY_BAD.encode()),
             ("resp.md", md.encode(), md_after.encode())]
    assert verify_outputs(pairs).checked == 1  # TypeScript only, by default: the markdown's ts block
    rep = verify_outputs(pairs, languages=("typescript", "python"))
    by = {p.name: p for p in rep.programs}
    assert set(by) == {"ok.py", "broke.py", "resp.md#block 1", "resp.md#block 2"}
    assert by["ok.py"].language == "python" and by["ok.py"].after_ok
    assert by["broke.py"].regression and "reportArgumentType" in by["broke.py"].new_errors[0]
    assert by["resp.md#block 1"].regression and by["resp.md#block 2"].language == "typescript"
    assert not by["resp.md#block 2"].regression
    assert "Python and TypeScript program(s) checked" in rep.summary()


def test_a_syntax_error_does_not_hide_type_errors_elsewhere(tsc_available):  # noqa: F811
    """tsc skips type checking of the whole run when any file has a syntax error."""
    rep = verify_outputs([("syntax.ts", b"const z = ;\n", b"const z = ;\n"),
                          ("typed.ts", GOOD.encode(), BAD.encode())])
    by = {p.name: p for p in rep.programs}
    assert not by["syntax.ts"].before_ok
    assert by["typed.ts"].regression


def _snapshot(folder: Path) -> dict:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_verify_command_writes_nothing(tsc_available, tmp_path):  # noqa: F811
    for p in sorted(MODEL.glob("*.ts"))[:6]:
        (tmp_path / p.name).write_bytes(p.read_bytes())
    unfixed = GOOD.replace("retentionInDays: 7", 'name: "x"')
    (tmp_path / "resp.md").write_text(f"```typescript\n{unfixed}```\n")
    t = time.time() - 3600
    for p in tmp_path.iterdir():
        os.utime(p, (t, t))
    before = _snapshot(tmp_path)
    r = CliRunner().invoke(app, ["verify", "--all", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "0 regression(s)" in r.output and "resp.md#block 1: before ok, after ok" in r.output
    assert _snapshot(tmp_path) == before


def test_verify_command_reports_a_regression(tsc_available, tmp_path, monkeypatch):  # noqa: F811
    import iacfix.engine as engine

    f = tmp_path / "prog.ts"
    f.write_text(GOOD)
    real = engine.fix_document

    def breaking_fix(doc, *a, **k):  # a transform that breaks typing, simulated
        res = real(doc, *a, **k)
        res.output = BAD.encode()
        return res

    monkeypatch.setattr(engine, "fix_document", breaking_fix)
    r = CliRunner().invoke(app, ["verify", str(f)])
    assert r.exit_code == 1
    assert f"{f}: REGRESSION" in r.output and "TS2322" in r.output
    assert f.read_text() == GOOD


def test_verify_command_without_tsc(monkeypatch, tmp_path):
    monkeypatch.setenv("IACFIX_NODE_MODULES", str(tmp_path / "nothing-here"))
    (tmp_path / "a.ts").write_text(GOOD)
    r = CliRunner().invoke(app, ["verify", str(tmp_path / "a.ts")])
    assert r.exit_code == 2 and "cannot type-check" in r.output


@pytest.mark.slow
@pytest.mark.tsc
def test_corpus_fixes_never_break_typing(tsc_available, corpus):  # noqa: F811
    files = sorted((corpus / "pulumi-ts").glob("*/*_RESPONSE.md"))
    if not files:
        pytest.skip("no pulumi-ts responses in the corpus")
    pairs = []
    for mode, cfg in (("safe", Config()), ("unsafe", Config().with_(unsafe_fixes=True))):
        for f in files:
            raw = f.read_bytes()
            res = fix_text(raw, "markdown", cfg, path=str(f))
            assert res.status != "failed", (f, res.error)
            pairs.append((f"{mode}:{f.relative_to(corpus)}", raw, res.output))
    rep = verify_outputs(pairs, language="markdown")
    print(f"\ncorpus verify: {rep.summary()}")
    bad = "\n".join(f"{p.name}: {p.new_errors[:3]}" for p in rep.regressions)
    assert not rep.regressions, f"fixes broke type checking:\n{bad}"
    assert rep.checked > 0 and rep.clean_before > 0


@pytest.mark.slow
@pytest.mark.tsc
def test_corpus_fixes_never_break_python_typing(pyright_available, corpus):  # noqa: F811
    """The Python responses too: a fix that makes pyright fail where it passed is a regression
    (one was seen: `this.stream.arn` written into Python after the receivers became neutral)."""
    files = sorted((corpus / "pulumi-py").glob("*/MODEL_RESPONSE.md"))
    if not files:
        pytest.skip("no pulumi-py responses in the corpus")
    cfg = Config().with_(unsafe_fixes=True)
    pairs = []
    for f in files:
        raw = f.read_bytes()
        res = fix_text(raw, "markdown", cfg, path=str(f))
        assert res.status != "failed", (f, res.error)
        pairs.append((str(f.relative_to(corpus)), raw, res.output))
    rep = verify_outputs(pairs, language="markdown", languages=("python",))
    print(f"\ncorpus verify (python): {rep.summary()}")
    bad = "\n".join(f"{p.name}: {p.new_errors[:3]}" for p in rep.regressions)
    assert not rep.regressions, f"fixes broke type checking:\n{bad}"
    assert rep.checked > 0 and rep.clean_before > 0
