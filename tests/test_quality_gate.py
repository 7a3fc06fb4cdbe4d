"""The quality gate: ruff (lint and format) and mypy are clean over codemod/ and transforms/.

The gate itself is scripts/check-quality.sh (also run by .pre-commit-config.yaml); this test runs
it, so the README's test command (and CI) fails when the code stops being clean.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff_and_mypy_are_clean():
    if not (BIN / "ruff").exists() or not (BIN / "mypy").exists():
        pytest.skip("ruff/mypy not installed (the `lint` extra; scripts/setup-test-deps.sh installs it)")
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    res = subprocess.run(
        ["bash", str(ROOT / "scripts" / "check-quality.sh")],
        capture_output=True,
        text=True,
        env={"IACFIX_VENV": str(BIN.parent), "PATH": "/usr/bin:/bin"},
        timeout=600,
    )
    assert res.returncode == 0, (res.stdout + res.stderr)[-4000:]
