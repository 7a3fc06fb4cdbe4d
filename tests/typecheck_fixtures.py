"""pytest fixtures for tests that type-check against the real packages.

Use in a test module (tests/ is on sys.path under pytest's default import mode)::

    from typecheck_fixtures import tsc_available, pyright_available  # noqa: F401

Locally a missing tool skips the test with the reason; under CI (env ``CI=true``) it fails,
so a CI that forgot ``bash scripts/setup-node.sh`` / ``pip install -e '.[typecheck]'`` is red.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from iacfix import typecheck


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: type-check prerequisites must be installed)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def tsc_available() -> Path:
    """node_modules with tsc + @pulumi/aws + @pulumi/pulumi + @types/node."""
    nm = typecheck.tsc_available()
    if nm is None:
        if typecheck.node_modules_dir() is None:
            _missing("node or .cache/node/node_modules not found: run `bash scripts/setup-node.sh`")
        _missing("typescript/@pulumi packages incomplete in node_modules: run `bash scripts/setup-node.sh`")
    return nm


@pytest.fixture(scope="session")
def pyright_available() -> tuple[Path, str]:
    """(node_modules, python) for pyright with pulumi + pulumi_aws importable by that python."""
    found = typecheck.pyright_available()
    if found is None:
        if typecheck.node_modules_dir() is None:
            _missing("node or .cache/node/node_modules not found: run `bash scripts/setup-node.sh`")
        if typecheck.pyright_python() is None:
            _missing("pulumi / pulumi_aws not installed for Python: pip install -e '.[typecheck]'")
        _missing("pyright missing from node_modules: run `bash scripts/setup-node.sh`")
    return found
