"""Shared test helpers: the examples, their configs, the corpus location."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from iacfix.config import Config, from_table
from iacfix.notes import NoteKind, of_kind

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MODEL = EXAMPLES / "model_response"
IDEAL = EXAMPLES / "ideal_response"
LANG = {".ts": "typescript", ".py": "python", ".md": "markdown"}
_ID_RE = re.compile(r"^(IAC\d{3})")


def corpus_root() -> Path:
    env = os.environ.get("IACFIX_CORPUS")
    return Path(env) if env else ROOT.parent / "shared" / "corpus"


def example_names() -> list[str]:
    return sorted(p.name for p in MODEL.iterdir() if p.suffix in LANG) if MODEL.is_dir() else []


def example_config(name: str) -> Config:
    """NAME starting with a transform id runs that transform alone; others run all of them.
    Unsafe fixes are on; a sidecar NAME.toml (stem) overrides."""
    stem = Path(name).stem
    table: dict = {"unsafe-fixes": True}
    m = _ID_RE.match(stem)
    if m:
        table["select"] = [m.group(1)]
    sidecar = MODEL / f"{stem}.toml"
    if sidecar.is_file():
        table.update(tomllib.loads(sidecar.read_text(encoding="utf-8")))
    return from_table(table, str(sidecar))


def language_of(name: str) -> str:
    return LANG[Path(name).suffix]


@pytest.fixture(scope="session")
def corpus() -> Path:
    root = corpus_root()
    if not root.is_dir():
        pytest.skip(f"shared corpus not found at {root} (set IACFIX_CORPUS)")
    return root


def fix_checked(src: str | bytes, config: Config, language: str = "typescript"):
    """Fix `src` and check what every transform test wants to hold: no failure, no transform
    crash, and fixing the output again changes nothing."""
    from iacfix.engine import fix_text

    res = fix_text(src, language, config)
    assert res.status != "failed", res.error
    assert not of_kind(res.notes, NoteKind.CRASHED), res.notes
    if res.changed:
        again = fix_text(res.output, language, config)
        assert again.output == res.output, f"not idempotent: {[a.title for a in again.applied]}"
    return res


SNIPPET_HEAD = 'import * as aws from "@pulumi/aws";\n'


def fix_snippet(src: str, rule: str) -> str:
    """Fix a TypeScript snippet (the aws import is added) with one rule, unsafe fixes on;
    checked like fix_checked. Returns the snippet part of the output."""
    res = fix_checked(SNIPPET_HEAD + src, Config(select=(rule,), unsafe_fixes=True))
    return res.output.decode()[len(SNIPPET_HEAD):]


def snippet_findings(src: str, rule: str) -> list[str]:
    """The messages of the findings left after fixing a TypeScript snippet with one rule."""
    from iacfix.engine import fix_text

    res = fix_text(SNIPPET_HEAD + src, "typescript", Config(select=(rule,), unsafe_fixes=True))
    return [f.message for f in res.findings]


# A run of `iacfix ARGS` in a child process (the command line's own `main`), then the names of the
# modules it has loaded, printed last on standard error. A child: what a run imports is the
# process's, and pytest's process has imported everything already.
_MODULES_PROBE = """
import json, sys
sys.argv = ["iacfix", *sys.argv[1:]]
from iacfix.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str, cwd=None) -> tuple[list[str], str]:
    """(the modules a run of `iacfix ARGS` has loaded when it ends, what it wrote on standard error)."""
    proc = subprocess.run(
        [sys.executable, "-c", _MODULES_PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    lines = proc.stderr.strip().splitlines()
    return json.loads(lines[-1]), "\n".join(lines[:-1])
