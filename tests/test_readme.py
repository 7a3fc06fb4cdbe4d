"""The README's "Use" examples run as written, after its first command (which .ci/run runs).

Each line of the first `sh` block under "## Use" runs in bash from the checkout, with this
environment's `iacfix` first on PATH (what `. .venv/bin/activate` gives). Only the scratch
folder changes: /tmp/ becomes a folder of the test's own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

README = (ROOT / "README.md").read_text()


def sh_blocks(text: str) -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```$", text, re.M | re.S)


def use_lines() -> list[str]:
    use = README.split("\n## Use\n", 1)[1]
    return [ln for ln in sh_blocks(use)[0].splitlines() if ln.strip()]


def test_the_first_two_commands_are_set_up_and_tests():
    first, second = sh_blocks(README)[:2]
    assert "iacfix apply --dry-run examples/" in first and "pip install" in first
    assert "scripts/setup-test-deps.sh" in second and "pytest" in second


def test_use_examples_run_as_written(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    lines = use_lines()
    assert len(lines) >= 8
    examples = {p: p.read_bytes() for p in (ROOT / "examples").rglob("*") if p.is_file()}
    for line in lines:
        cmd = line.replace("/tmp/", f"{tmp_path}/")
        res = subprocess.run(["bash", "-c", cmd], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        # 1 is "findings (left)" or "would change something": what the examples are for
        assert res.returncode in (0, 1), f"{line}\n{res.stdout[-2000:]}\n{res.stderr[-2000:]}"
        assert "iacfix: error" not in res.stderr and "Error:" not in res.stderr, f"{line}\n{res.stderr}"
    assert "retentionInDays: 7" in (tmp_path / "iacfix-demo" / "IAC005_log_retention.ts").read_text()
    assert (tmp_path / "iacfix-report.html").stat().st_size > 0
    assert {p: p.read_bytes() for p in examples} == examples  # the bundled examples stay as they are
