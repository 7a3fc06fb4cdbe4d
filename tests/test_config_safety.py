"""Configuration can never put code into a program, and a broken configuration file is an error:
one line naming the file, exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from iacfix.cli import app
from iacfix.config import find_config_file, from_table
from iacfix.errors import ConfigError

POLICY_TS = '''import * as aws from "@pulumi/aws";

const environmentSuffix = "dev";
const role = new aws.iam.Role("r", { assumeRolePolicy: "{}" });
new aws.iam.RolePolicy("p", {
    role: role.id,
    policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
    }),
});
'''

PAYLOADS = [
    "arn:aws:s3:::x-${environmentSuffix[require('child_process').execSync('touch /tmp/pwned')]}",
    "arn:aws:s3:::x-${__import__('os').system('touch /tmp/pwned')}",
    "arn:aws:s3:::x-${environmentSuffix.constructor}",
    "arn:aws:s3:::x-${environmentSuffix",
    "arn:aws:s3:::x-${}",
]


def run(*args: str):
    r = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return r.exit_code, r.output  # stdout and stderr, as a terminal shows them


@pytest.mark.parametrize("arn", PAYLOADS)
def test_a_hole_is_one_identifier_at_load(arn):
    with pytest.raises(ConfigError, match="hole holds one variable name|never closed"):
        from_table({"iam": {"resources": {"s3": [arn]}}}, "cfg.toml")


@pytest.mark.parametrize("arn", PAYLOADS[:2])
def test_injection_through_a_config_found_upward_exits_2_and_writes_nothing(tmp_path, arn):
    data = tmp_path / "dataset"
    data.mkdir()
    (tmp_path / ".iacfix.toml").write_text(f'unsafe-fixes = true\n[iam.resources]\ns3 = ["{arn}"]\n'.replace("\\", "\\\\"))
    f = data / "index.ts"
    f.write_text(POLICY_TS)
    code, out = run("apply", str(f))
    assert code == 2 and ".iacfix.toml" in out and "one variable name" in out, out
    assert len([ln for ln in out.splitlines() if ln.strip()]) == 1, out
    assert f.read_text() == POLICY_TS


def test_plain_identifier_holes_still_work():
    cfg = from_table({"iam": {"resources": {"s3": ["arn:aws:s3:::a-${environmentSuffix}/*"]}}}, "c")
    assert cfg.iam_resources == {"s3": ["arn:aws:s3:::a-${environmentSuffix}/*"]}


def test_a_broken_pyproject_is_an_error_not_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.iacfix]\nselect = ["IAC005"\n')
    (tmp_path / "a.ts").write_text(POLICY_TS)
    with pytest.raises(ConfigError, match="invalid TOML"):
        find_config_file(tmp_path / "a.ts")
    code, out = run("check", str(tmp_path / "a.ts"))
    assert code == 2 and f"{tmp_path / 'pyproject.toml'}: invalid TOML" in out, out


def test_a_pyproject_without_iacfix_is_still_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n')
    assert find_config_file(tmp_path) is None or Path(find_config_file(tmp_path)).parent != tmp_path
