"""The pre-commit hooks, run by the real `pre-commit` on a temporary repository.

The project's files as they are now (tracked and new, not ignored) are committed to a throwaway
repository that the test repository's .pre-commit-config.yaml points at, so the hooks are those
of .pre-commit-hooks.yaml, installed by pre-commit into its own environment as a user's would be
(pip from PyPI; the first run takes a minute). pre-commit comes with the test extras.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IDEAL, MODEL, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def pre_commit_bin() -> str:
    exe = Path(sys.executable).with_name("pre-commit")
    if not exe.exists():
        pytest.fail("pre-commit is not installed: it comes with the test extras (pip install -e '.[test]')")
    return str(exe)


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory) -> tuple[Path, str]:
    """A commit holding the project as it is now; (its path, its sha)."""
    dst = tmp_path_factory.mktemp("iacfix-hooks")
    files = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for rel in filter(None, files):
        src = ROOT / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)
    git(dst, "init", "-q")
    git(dst, "add", "-A")
    git(dst, "commit", "-q", "-m", "iacfix as tested")
    return dst, git(dst, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """pre-commit's cache of hook environments, shared by the tests of this module only."""
    return tmp_path_factory.mktemp("pre-commit-home")


def user_repo(tmp_path: Path, hooks_repo: tuple[Path, str], hook: str) -> Path:
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    path, rev = hooks_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path.as_uri()}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n")
    return repo


def run_hooks(repo: Path, store: Path) -> subprocess.CompletedProcess:
    git(repo, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(store), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([pre_commit_bin(), "run", "--all-files"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=900)


def test_check_hook_fails_on_findings_and_passes_when_clean(tmp_path, hooks_repo, store):
    repo = user_repo(tmp_path, hooks_repo, "iacfix-check")
    bad = repo / "infra" / "logs.ts"
    bad.parent.mkdir()
    bad.write_bytes((MODEL / "IAC005_log_retention.ts").read_bytes())
    (repo / "README.md").write_text("# not a program\n")
    (repo / ".iacfix.toml").write_text('select = ["IAC005"]\n')  # the project's configuration applies
    res = run_hooks(repo, store)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "iacfix (check)" in res.stdout and "Failed" in res.stdout
    assert "infra/logs.ts:" in res.stdout and "IAC005" in res.stdout
    assert bad.read_bytes() == (MODEL / "IAC005_log_retention.ts").read_bytes()  # check changes nothing
    bad.write_bytes((IDEAL / "IAC005_log_retention.ts").read_bytes())
    res = run_hooks(repo, store)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "iacfix (check)" in res.stdout and "Passed" in res.stdout


def test_fix_hook_fixes_the_files(tmp_path, hooks_repo, store):
    repo = user_repo(tmp_path, hooks_repo, "iacfix-fix")
    target = repo / "logs.ts"
    target.write_bytes((MODEL / "IAC005_log_retention.ts").read_bytes())
    res = run_hooks(repo, store)
    assert res.returncode == 1, res.stdout + res.stderr  # files changed (and a finding only --unsafe-fixes fixes)
    assert "iacfix (fix)" in res.stdout and "files were modified by this hook" in res.stdout
    assert b"retentionInDays: 7" in target.read_bytes()
