"""Shared test helpers: the examples, their configs, the corpus location."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from iacfix.config import Config, from_table

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
