"""The command line as people used to ruff and CI systems expect it: help, did-you-mean, exit
codes, --statistics, --exit-zero, --show-fixes, extend-select, per-file-ignores, notes, repeated
advice said once, markdown on standard input, and the CI report formats."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import typer.main
from conftest import IDEAL, MODEL
from iacfix.cli import app
from typer.testing import CliRunner

SEED_TS = MODEL / "seed_scenario.ts"
runner = CliRunner()


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def copy(tmp_path: Path, src: Path, name: str | None = None) -> Path:
    dst = tmp_path / (name or src.name)
    shutil.copy(src, dst)
    return dst


# -- help ---------------------------------------------------------------------------------------

def command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("name", command_names())
def test_every_command_has_clean_help(name):
    res = run(name, "--help")
    assert res.exit_code == 0
    text = res.output
    # typer's raw type labels and set-like argument names are not for people
    assert not re.search(r"<(list\[)?(str|int|float|path|bool)\]?>|\{[A-Za-z_.]+\}", text), text
    options = text.split("Options:", 1)[1].splitlines()
    # every option says what it does: its line has text after the flag column, or the next line
    # (when the flag is too long) is an indented continuation
    for line, following in zip(options, options[1:] + [""]):
        bare = re.match(r"\s{2}(-\w, )?(--[\w-]+)(,? ?/? ?--[\w-]+)?( \S+)?\s*$", line)
        if bare:
            assert re.match(r"\s{6,}\S", following), f"{name}: option without help: {line!r}"


def test_root_help_lists_every_command_with_a_summary():
    res = run("--help")
    for name in command_names():
        assert re.search(rf"^\s+{re.escape(name)}\s+\S", res.output, re.M), name


# -- did you mean -------------------------------------------------------------------------------

@pytest.mark.parametrize("typed,meant", [("aply", "apply"), ("fix", "apply"), ("lint", "check"), ("rule", "explain")])
def test_unknown_command_names_the_one_meant(typed, meant):
    res = run(typed, "x.ts")
    assert res.exit_code == 2
    assert f"Did you mean '{meant}'?" in res.output


@pytest.mark.parametrize("typed,says", [
    ("--fix", "`iacfix apply` fixes, `iacfix check` only reports"),
    ("--unsafe", "did you mean --unsafe-fixes?"),
    ("--selct", "did you mean --select?"),
    ("--lang", "did you mean --language?"),
])
def test_unknown_option_is_answered_usefully(tmp_path, typed, says):
    res = run("check", typed, str(copy(tmp_path, SEED_TS)))
    assert res.exit_code == 2
    assert says in res.output
    assert "--config, --pin" not in res.output  # the old, unhelpful guess


@pytest.mark.parametrize("args,says", [
    (("check", "--select", "IAC05"), "'IAC05' names no rule; did you mean IAC005?"),
    (("check", "--ignore", "log-retention"), "did you mean log-group-retention?"),
    (("apply", "--extend-select", "IAC1O1"), "did you mean IAC101?"),
    (("check", "--format", "sarf"), "did you mean 'sarif'?"),
    (("check", "--language", "ts"), "is not one of typescript, python, markdown"),
])
def test_bad_values_say_what_was_meant(tmp_path, args, says):
    res = run(*args, str(copy(tmp_path, SEED_TS)))
    assert res.exit_code == 2
    assert says in res.output


def test_explain_suggests_a_rule():
    res = run("explain", "IAC05")
    assert res.exit_code == 2 and "did you mean IAC005?" in res.output


def test_a_misspelt_rule_in_the_configuration_is_named(tmp_path):
    (tmp_path / ".iacfix.toml").write_text('ignore = ["cost-allocation-tag"]\n')
    res = run("check", str(copy(tmp_path, SEED_TS)))
    assert res.exit_code == 2
    assert ".iacfix.toml: ignore" in res.output and "did you mean cost-allocation-tags?" in res.output


# -- exit codes, as ruff's check --fix ---------------------------------------------------------

def test_apply_exits_1_while_findings_remain_and_0_when_none(tmp_path):
    f = copy(tmp_path, MODEL / "IAC005_log_retention.ts")
    res = run("apply", "--unsafe-fixes", "--select", "IAC005", str(f))
    assert res.exit_code == 0, res.output  # everything fixed, nothing left
    seed = copy(tmp_path, SEED_TS)
    res = run("apply", str(seed))
    assert res.exit_code == 1  # unsafe fixes and missing digests remain
    assert run("apply", "--exit-zero", str(seed)).exit_code == 0


def test_exit_zero_keeps_errors_at_2(tmp_path):
    assert run("check", "--exit-zero", str(tmp_path / "missing.ts")).exit_code == 2
    assert run("check", "--exit-zero", str(copy(tmp_path, SEED_TS))).exit_code == 0


# -- what check and apply print ----------------------------------------------------------------

def test_repeated_help_is_said_once(tmp_path):
    """The IAC006 advice ("Owner and CostCenter not configured") once, with its count, not on
    every finding."""
    f = copy(tmp_path, SEED_TS)
    res = run("check", "--select", "IAC006", str(f))
    lines = [ln for ln in res.stdout.splitlines() if "IAC006" in ln and ln.startswith(str(f))]
    assert len(lines) > 5
    assert res.stdout.count("not configured") == 1
    assert re.search(rf"^help: IAC006 \({len(lines)} findings\): Owner and CostCenter not configured", res.stdout, re.M)
    # machine formats keep the advice on each finding
    data = json.loads(run("check", "--select", "IAC006", "--format", "json", str(f)).stdout)
    assert all("not configured" in x["help"] for x in data["files"][0]["findings"])


def test_check_text_prints_notes(tmp_path):
    f = tmp_path / "s.ts"
    f.write_text('import * as aws from "@pulumi/aws";\n'
                 '// iacfix: ignore[IAC004]\n'
                 'const a = new aws.cloudwatch.LogGroup("a", {});\n')
    res = run("check", "--select", "IAC005", str(f))
    assert re.search(rf"^{re.escape(str(f))}: note: .*unused suppression", res.stderr, re.M), res.stderr


def test_unsafe_fixes_hint(tmp_path):
    f = copy(tmp_path, SEED_TS)
    res = run("check", "--select", "IAC001", "--select", "IAC003", str(f))  # both unsafe
    assert re.search(r"0 fixable with `iacfix apply` \(\d+ more fixable with `--unsafe-fixes`\)", res.stderr), res.stderr
    with_unsafe = run("check", "--unsafe-fixes", "--select", "IAC001", "--select", "IAC003", str(f))
    assert "`--unsafe-fixes`)" not in with_unsafe.stderr and "iacfix apply --unsafe-fixes" in with_unsafe.stderr


def test_check_unsafe_fixes_reports_what_the_unsafe_fixes_would_do(tmp_path):
    """Issue 12: `check --unsafe-fixes` reported exactly what `check` reports. As ruff's, an unsafe fix
    it would make is marked [*], and the line after says what it does; JSON says which fixes apply."""
    f = copy(tmp_path, SEED_TS)
    args = ("--select", "IAC001", "--select", "IAC005", str(f))  # IAC001 unsafe, IAC005 safe
    plain, unsafe = run("check", *args).stdout.splitlines(), run("check", "--unsafe-fixes", *args).stdout.splitlines()
    assert any(" IAC001 [unsafe fix] " in line for line in plain) and not any("unsafe fix:" in line for line in plain)
    assert not any("[unsafe fix]" in line for line in unsafe)
    at = next(i for i, line in enumerate(unsafe) if " IAC001 [*] " in line)
    assert unsafe[at + 1] == "  unsafe fix: Raise cpu to 512", unsafe
    safe = [line for line in unsafe if " IAC005 [*] " in line]
    assert safe and safe == [line for line in plain if " IAC005 [*] " in line]
    assert all(not line.startswith("  unsafe fix:") for line in unsafe[unsafe.index(safe[0]) + 1:][:1])

    def applies(*extra: str) -> dict[str, bool]:
        found = json.loads(run("check", "--format", "json", *extra, *args).stdout)["files"][0]["findings"]
        return {x["rule"]: x["applies"] for x in found}

    assert applies() == {"IAC001": False, "IAC005": True}
    assert applies("--unsafe-fixes") == {"IAC001": True, "IAC005": True}


def test_statistics_text_and_json(tmp_path):
    f = copy(tmp_path, SEED_TS)
    text = run("check", "--statistics", str(f))
    assert text.exit_code == 1
    rows = text.stdout.splitlines()
    assert re.match(r"^\s*\d+  IAC006  \[\*\] cost-allocation-tags", rows[0]), rows  # the most frequent first
    counts = [int(r.split()[0]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    data = json.loads(run("check", "--statistics", "--format", "json", str(f)).stdout)
    full = json.loads(run("check", "--format", "json", str(f)).stdout)
    assert sum(r["count"] for r in data) == len(full["files"][0]["findings"])
    assert {r["code"] for r in data} == {x["rule"] for x in full["files"][0]["findings"]}
    assert run("check", "--statistics", "--format", "sarif", str(f)).exit_code == 2


def test_show_fixes_lists_fixes_per_file_and_rule(tmp_path):
    f = copy(tmp_path, MODEL / "IAC005_log_retention.ts")
    res = run("apply", "--show-fixes", "--select", "IAC005", str(f))
    assert re.search(rf"^{re.escape(str(f))}:\n\s+\d+ x IAC005 \(log-group-retention\)$", res.stderr, re.M), res.stderr


def test_stdin_markdown_is_detected_without_language():
    code = (MODEL / "IAC005_log_retention.py").read_text()
    md = f"# Answer\n\nSome prose.\n\n```python\n{code}```\n"
    res = run("apply", "--unsafe-fixes", "--select", "IAC005", "-", input=md)
    assert res.exit_code == 0, res.stderr
    want = (IDEAL / "IAC005_log_retention.py").read_text()
    assert res.stdout == f"# Answer\n\nSome prose.\n\n```python\n{want}```\n"


# -- rule selection -----------------------------------------------------------------------------

def rules_found(res) -> set[str]:
    return {x["rule"] for x in json.loads(res.stdout)["files"][0]["findings"]}


def test_extend_select_adds_to_the_configured_select(tmp_path):
    f = copy(tmp_path, SEED_TS)
    (tmp_path / ".iacfix.toml").write_text('select = ["IAC005"]\n')
    assert rules_found(run("check", "--format", "json", str(f))) == {"IAC005"}
    assert rules_found(run("check", "--format", "json", "--extend-select", "IAC004", str(f))) == {"IAC004", "IAC005"}
    (tmp_path / ".iacfix.toml").write_text('select = ["IAC005"]\nextend-select = ["IAC007"]\n')
    assert rules_found(run("check", "--format", "json", str(f))) == {"IAC005", "IAC007"}


def test_per_file_ignores_in_pyproject(tmp_path):
    (tmp_path / "legacy").mkdir()
    a = copy(tmp_path, SEED_TS, "app.ts")
    b = copy(tmp_path / "legacy", SEED_TS, "old.ts")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.iacfix]\nselect = ["IAC004", "IAC005"]\n\n'
        '[tool.iacfix.per-file-ignores]\n"legacy/*.ts" = ["IAC005"]\n"app.ts" = ["health-check-timeout"]\n')
    data = json.loads(run("check", "--format", "json", str(tmp_path)).stdout)
    by_file = {Path(x["path"]).name: {f["rule"] for f in x["findings"]} for x in data["files"]}
    assert by_file == {"app.ts": {"IAC005"}, "old.ts": {"IAC004"}}
    res = run("apply", str(tmp_path))
    assert "retentionInDays" not in b.read_text() and "retentionInDays" in a.read_text()
    assert res.exit_code == 0  # what each file's rules found was fixed


def test_per_file_ignores_must_name_rules(tmp_path):
    (tmp_path / ".iacfix.toml").write_text('[per-file-ignores]\n"*.ts" = ["IAC05"]\n')
    res = run("check", str(copy(tmp_path, SEED_TS)))
    assert res.exit_code == 2 and "per-file-ignores['*.ts']" in res.output and "did you mean IAC005?" in res.output


# -- CI report formats ---------------------------------------------------------------------------

def test_github_annotations(tmp_path):
    f = copy(tmp_path, SEED_TS)
    res = run("check", "--format", "github", "--select", "IAC005", "--select", "IAC006", str(f))
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines and all(ln.startswith(("::error ", "::warning ", "::notice ")) for ln in lines)
    pattern = re.compile(r"^::(error|warning|notice) title=iacfix (IAC\d{3}) \([a-z-]+\),file=([^,:]+),"
                         r"line=(\d+),col=(\d+),endLine=(\d+)(,endColumn=\d+)?::(.+)$")
    for ln in lines:
        m = pattern.match(ln)
        assert m, ln
        assert m.group(3) == str(f).replace(":", "%3A")
    # the help travels with each annotation (a reviewer sees one at a time); commas in the message
    # are fine, newlines and % are escaped
    assert any("IAC006" in ln and "not configured" in ln for ln in lines)
    assert not any("\n" in ln[2:] for ln in lines)


def test_github_escapes_properties_and_data():
    from iacfix.ci_report import _gh_data, _gh_prop

    assert _gh_data("50% done\nnext") == "50%25 done%0Anext"
    assert _gh_prop("a,b:c") == "a%2Cb%3Ac"


GITLAB_SCHEMA = {  # GitLab's Code Quality report: the fields GitLab reads (docs: "Code Quality report format")
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string"},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object", "required": ["path"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {"type": "object", "required": ["begin"]},
                    "positions": {"type": "object", "required": ["begin"],
                                  "properties": {"begin": {"type": "object", "required": ["line"]}}},
                },
                "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
            },
        },
    },
}


def test_gitlab_code_quality(tmp_path):
    f = copy(tmp_path, SEED_TS)
    res = run("check", "--format", "gitlab", str(f))
    assert res.exit_code == 1
    issues = json.loads(res.stdout)
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len(issues) == len(json.loads(run("check", "--format", "json", str(f)).stdout)["files"][0]["findings"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # unique
    # stable while the finding stays, even when lines above it move
    f.write_text("// a comment that moves everything down\n" + f.read_text())
    again = json.loads(run("check", "--format", "gitlab", str(f)).stdout)
    assert {i["fingerprint"] for i in again} == {i["fingerprint"] for i in issues}
    assert [i["location"]["positions"]["begin"]["line"] for i in again] == \
        [i["location"]["positions"]["begin"]["line"] + 1 for i in issues]


def test_junit_xml(tmp_path):
    bad = copy(tmp_path, SEED_TS)
    good = copy(tmp_path, IDEAL / "IAC005_log_retention.ts", "good.ts")
    res = run("check", "--format", "junit", "--select", "IAC005", str(tmp_path))
    assert res.exit_code == 1
    root = ET.fromstring(res.stdout.encode())
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {str(bad), str(good)}
    failures = suites[str(bad)].findall("testcase/failure")
    assert failures and int(suites[str(bad)].get("failures")) == len(failures)
    assert all(fl.get("type") == "IAC005" for fl in failures)
    assert suites[str(good)].get("failures") == "0" and len(suites[str(good)].findall("testcase")) == 1
    assert int(root.get("failures")) == len(failures)
