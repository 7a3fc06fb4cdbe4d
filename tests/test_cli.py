"""The command line, through typer's test runner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from conftest import IDEAL, MODEL
from iacfix.cli import app

SEED_TS = MODEL / "seed_scenario.ts"
PIN = "nginx:latest=sha256:447a8665cc1dab95b1ca778e162215839ccbb9189104c79d7ec3a81e14577add"
IAM_TABLE = """
[iam.resources]
s3 = ["arn:aws:s3:::app-data-${environmentSuffix}", "arn:aws:s3:::app-data-${environmentSuffix}/*"]
dynamodb = ["arn:aws:dynamodb:*:*:table/app-table-${environmentSuffix}"]
sqs = ["arn:aws:sqs:*:*:app-queue-${environmentSuffix}"]

[tags]
Owner = "cloud-team"
CostCenter = "engineering"
"""
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())

runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    for suffix in (".ts", ".py"):
        shutil.copy(MODEL / f"seed_scenario{suffix}", tmp_path / f"seed_scenario{suffix}")
    (tmp_path / ".iacfix.toml").write_text(IAM_TABLE)
    return tmp_path


@pytest.mark.parametrize("suffix", [".ts", ".py"])
def test_seed_scenario_becomes_its_ideal_file(seed_dir, suffix):
    """Issue 3's 'done when': apply --unsafe-fixes --pin, with the IAM table, gives the ideal file."""
    target = seed_dir / f"seed_scenario{suffix}"
    res = run("apply", "--unsafe-fixes", "--pin", PIN, str(target))
    assert res.exit_code == 0, res.output
    assert target.read_bytes() == (IDEAL / f"seed_scenario{suffix}").read_bytes()
    again = run("apply", "--unsafe-fixes", "--pin", PIN, str(target))
    assert again.exit_code == 0 and "Fixed 0 issue(s)" in again.output


def test_dry_run_prints_a_diff_and_writes_nothing(seed_dir):
    target = seed_dir / "seed_scenario.ts"
    before = target.read_bytes()
    res = run("apply", "--dry-run", "--no-color", str(target))
    assert res.exit_code == 1
    assert "+            retentionInDays: 7," in res.output
    assert "-                timeout: 3," in res.output
    assert target.read_bytes() == before


def test_dry_run_colour(seed_dir):
    res = run("apply", "--dry-run", "--color", str(seed_dir / "seed_scenario.ts"))
    assert res.exit_code == 1
    assert "\x1b[32m+" in res.output  # green additions
    assert "\x1b[31m-" in res.output  # red deletions


def test_safe_only_without_unsafe_flag(seed_dir):
    target = seed_dir / "seed_scenario.ts"
    res = run("apply", str(target))
    # as ruff's `check --fix`: exit 1 while findings remain, and say how many --unsafe-fixes would fix
    assert res.exit_code == 1, res.output
    assert "3 finding(s) left; 2 more fixable with `--unsafe-fixes`" in res.output
    text = target.read_text()
    assert "retentionInDays: 7" in text  # safe
    assert '"s3:*"' in text  # IAM narrowing is unsafe: left alone
    assert 'memory: "4096"' in text and 'cpu: "256",\n            memory: "4096"' in text  # Fargate bump is unsafe


def test_nothing_to_fix_exits_zero(tmp_path):
    f = tmp_path / "ok.ts"
    f.write_bytes((IDEAL / "IAC005_log_retention.ts").read_bytes())
    res = run("apply", "--select", "IAC005", "--dry-run", str(f))
    assert res.exit_code == 0, res.output


def test_check_text_and_exit_code(seed_dir):
    res = run("check", str(seed_dir / "seed_scenario.ts"))
    assert res.exit_code == 1
    assert "IAC005" in res.output and "IAC004" in res.output


def test_check_json(seed_dir):
    res = run("check", "--format", "json", str(seed_dir / "seed_scenario.ts"))
    data = json.loads(res.stdout)
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert {"IAC001", "IAC002", "IAC003", "IAC004", "IAC005", "IAC006", "IAC007", "IAC008"} <= rules


def test_check_sarif_validates_against_the_schema(seed_dir):
    res = run("check", "--format", "sarif", "--pin", PIN, str(seed_dir / "seed_scenario.ts"))
    assert res.exit_code == 1
    sarif = json.loads(res.stdout)
    jsonschema.validate(sarif, SCHEMA)
    results = sarif["runs"][0]["results"]
    assert results and all(r["ruleId"].startswith("IAC") for r in results)
    fixes = [r for r in results if "fixes" in r]
    assert fixes, "fixable findings carry their fix"
    change = fixes[0]["fixes"][0]["artifactChanges"][0]
    assert change["replacements"][0]["deletedRegion"]["byteOffset"] >= 0


def test_sarif_fix_offsets_apply_to_the_file(seed_dir):
    """The SARIF replacement regions are byte offsets into the file as it is on disk."""
    target = seed_dir / "seed_scenario.ts"
    data = target.read_bytes()
    sarif = json.loads(run("check", "--format", "sarif", "--select", "IAC005", str(target)).stdout)
    (result,) = [r for r in sarif["runs"][0]["results"]]
    (rep,) = result["fixes"][0]["artifactChanges"][0]["replacements"]
    off = rep["deletedRegion"]["byteOffset"]
    patched = data[:off] + rep["insertedContent"]["text"].encode() + data[off + rep["deletedRegion"]["byteLength"]:]
    assert b"retentionInDays: 7" in patched


def test_rules_and_explain():
    res = run("rules")
    assert res.exit_code == 0
    assert "IAC005  log-group-retention" in res.output
    js = json.loads(run("rules", "--json").output)
    assert all(r["what"] and r["why"] and r["before"] and r["after"] and r["fix_safety"] for r in js)
    exp = run("explain", "IAC005")
    assert exp.exit_code == 0 and "## Fix safety" in exp.output and "## References" in exp.output
    assert run("explain", "log-group-retention").exit_code == 0
    assert run("explain", "IAC999").exit_code == 2


def test_version():
    res = run("--version")
    assert res.exit_code == 0 and res.output.startswith("iacfix ")


def test_stdin_to_stdout():
    src = (MODEL / "IAC005_log_retention.ts").read_bytes()
    res = run("apply", "--unsafe-fixes", "--select", "IAC005", "--language", "typescript", "-", input=src)
    assert res.exit_code == 0
    assert res.stdout_bytes == (IDEAL / "IAC005_log_retention.ts").read_bytes()


def test_stdin_nothing_to_fix_echoes_input():
    src = (IDEAL / "IAC005_log_retention.ts").read_bytes()
    res = run("apply", "--select", "IAC005", "--language", "typescript", "-", input=src)
    assert res.exit_code == 0
    assert res.stdout_bytes == src


def test_suppression_comment(tmp_path):
    f = tmp_path / "s.ts"
    f.write_text('import * as aws from "@pulumi/aws";\n'
                 '// iacfix: ignore[IAC005] kept forever by policy\n'
                 'const a = new aws.cloudwatch.LogGroup("a", {});\n'
                 'const b = new aws.cloudwatch.LogGroup("b", {}); // iacfix: ignore[IAC004]\n')
    res = run("check", "--select", "IAC005", "--format", "json", str(f))
    data = json.loads(res.stdout)
    lines = [x["line"] for x in data["files"][0]["findings"]]
    assert lines == [4]
    assert any(n["kind"] == "unused-suppression" for n in data["files"][0]["notes"])


@pytest.mark.parametrize("content,reason", [
    (None, "no such file"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"const x = {{{ ;\n", "cannot parse"),
])
def test_bad_input_one_line_exit_2(tmp_path, content, reason):
    f = tmp_path / "bad.ts"
    if content is not None:
        f.write_bytes(content)
    res = run("apply", "--dry-run", str(f))
    assert res.exit_code == 2
    lines = res.output.strip().splitlines()
    assert len(lines) == 1, res.output  # one clear line, nothing else
    assert lines[0].startswith("iacfix: error:") and str(f) in lines[0] and reason in lines[0], res.output
    if content is not None:
        assert f.read_bytes() == content


def test_config_errors_are_reported(tmp_path):
    (tmp_path / ".iacfix.toml").write_text('[images]\n"nginx:latest" = "sha256:nothex"\n')
    f = tmp_path / "a.ts"
    f.write_text("const a = 1;\n")
    res = run("apply", str(f))
    assert res.exit_code == 2 and ".iacfix.toml" in res.output
    (tmp_path / ".iacfix.toml").unlink()
    bad_pin = run("apply", "--pin", "nginx:latest=abc", str(f))
    assert bad_pin.exit_code == 2 and "--pin" in bad_pin.output


def test_markdown_response(tmp_path):
    md = tmp_path / "MODEL_RESPONSE.md"
    code = (MODEL / "IAC005_log_retention.ts").read_text()
    md.write_text(f"# Answer\n\nSome prose with a ` tick.\n\n## File: index.ts\n\n```typescript\n{code}```\n\nDone.\n")
    res = run("apply", "--unsafe-fixes", "--select", "IAC005", str(md))
    assert res.exit_code == 0, res.output
    want = (IDEAL / "IAC005_log_retention.ts").read_text()
    assert md.read_text() == f"# Answer\n\nSome prose with a ` tick.\n\n## File: index.ts\n\n```typescript\n{want}```\n\nDone.\n"
