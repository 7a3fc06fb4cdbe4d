"""The opt-in compiled build (IACFIX_COMPILE=1, tools/build_backend/iacfix_build.py) answers as the
interpreted code does.

The fixture builds a wheel the way a user would (`scripts/build_compiled.py`: pip, build isolation,
Cython from PyPI), installs it into `.cache/compiled` (kept while the sources are unchanged: the
compile takes minutes) and runs one child process per side over the same inputs: every example,
every markdown file of the shared corpus whole when it is there, and the code blocks of a third
of them alone. Each input's output, findings, fixes applied, notes and status must be the same.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LANG, ROOT, corpus_root

import iacfix

sys.path.insert(0, str(ROOT / "tools" / "build_backend"))
import iacfix_build

# Run by each side's interpreter: every input fixed with every rule and unsafe fixes, one JSON line
# per input; the first line says which file each compiled-or-not module was loaded from.
CHILD = r"""
import dataclasses, importlib, json, sys
from pathlib import Path
from iacfix.config import Config
from iacfix.engine import fix_text

names = json.loads(sys.argv[1])
print(json.dumps({n: importlib.import_module(n).__file__ for n in names}))
config = Config(unsafe_fixes=True)
for path, language, start, end in json.loads(Path(sys.argv[2]).read_text()):
    raw = Path(path).read_bytes()
    text = raw if start is None else raw[start:end]
    res = fix_text(text, language, config, path=path)
    row = {
        "input": [path, start],
        "status": res.status,
        "error": res.error,
        "output": res.output.decode("utf-8", "surrogateescape"),
        "applied": [dataclasses.asdict(a) for a in res.applied],
        "findings": [dataclasses.asdict(f) for f in res.findings],
        "notes": [dataclasses.asdict(n) for n in res.notes],
    }
    print(json.dumps(row, default=str, sort_keys=True))
"""


def _inputs() -> list[list]:
    """(path, language, start, end) of each input: whole files (start None). The corpus's responses
    are fixed whole (every code block of each, and the questions across them), and the
    blocks of a third of them alone as well (what a block answers alone, with no
    project around it)."""
    rows: list[list] = []
    for folder in ("model_response", "ideal_response"):
        for p in sorted((ROOT / "examples" / folder).iterdir()):
            language = LANG.get(p.suffix)
            if language:
                rows.append([str(p), language, None, None])
    corpus = corpus_root()
    if corpus.is_dir():
        from iacfix.frontends import markdown

        for i, md in enumerate(sorted(corpus.glob("pulumi-*/**/*.md"))):
            rows.append([str(md), "markdown", None, None])
            raw = md.read_bytes()
            for b in markdown.code_blocks(raw, {"typescript", "python"}) if i % 3 == 0 else ():
                if raw[b.start : b.end].strip():
                    rows.append([str(md), b.language, b.start, b.end])
    return rows


def _run(env: dict[str, str], inputs: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(sorted(iacfix_build.COMPILED)), str(inputs)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def compiled() -> Path:
    if shutil.which("cc") is None and shutil.which("gcc") is None:
        pytest.skip("no C compiler (cc, gcc) to build the compiled modules with")
    out = ROOT / ".cache" / "compiled"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_compiled.py"), str(out)], check=True, timeout=1800
    )
    return out


def test_the_compiled_build_answers_as_the_interpreted_code(compiled: Path, tmp_path: Path) -> None:
    rows = _inputs()
    inputs = tmp_path / "inputs.json"
    inputs.write_text(json.dumps(rows))
    base = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # Both sides at once (two CPUs), each answering in the inputs' order.
    sides = {"interpreted": _run(base, inputs), "compiled": _run({**base, "PYTHONPATH": str(compiled)}, inputs)}
    outs = {}
    for side, proc in sides.items():
        stdout, stderr = proc.communicate(timeout=1800)
        assert proc.returncode == 0, f"{side}: {stderr[-2000:]}"
        outs[side] = stdout.splitlines()
    interpreted, compiled_rows = outs["interpreted"], outs["compiled"]

    # Each side ran what it should: the compiled modules from the build, the others from sources.
    loaded = {side: json.loads(lines[0]) for side, lines in outs.items()}
    for name, path in loaded["compiled"].items():
        assert path.startswith(str(compiled)) and not path.endswith(".py"), (name, path)
    for name, path in loaded["interpreted"].items():
        assert path.endswith(".py"), (name, path)

    assert len(interpreted) == len(compiled_rows) == len(rows) + 1
    for a, b in zip(interpreted[1:], compiled_rows[1:], strict=True):
        if a != b:
            left, right = json.loads(a), json.loads(b)
            differ = [k for k in left if left[k] != right[k]]
            pytest.fail(f"{left['input']}: the compiled build differs in {differ}")


def test_an_editable_install_is_never_compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A compiled module beside its source would shadow every later edit of it."""
    monkeypatch.setenv(iacfix_build.VARIABLE, "1")
    with pytest.raises(SystemExit, match="editable install is never compiled"):
        iacfix_build.get_requires_for_build_editable()  # what pip asks first
    with pytest.raises(SystemExit, match="editable install is never compiled"):
        iacfix_build.build_editable(str(tmp_path))


def test_only_a_compiled_build_asks_for_cython_and_extensions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(iacfix_build.VARIABLE, "1")
    assert iacfix_build.get_requires_for_build_wheel() == [iacfix_build.CYTHON]
    assert iacfix_build.build_options() == {"build_ext": {"parallel": os.cpu_count() or 1}}
    # (Without the variable, the requirements are setuptools' own answer, which runs setup.py.)
    monkeypatch.setenv(iacfix_build.VARIABLE, "0")
    assert iacfix_build.extensions() == [] and iacfix_build.build_options() == {}


def test_version_names_the_compiled_modules(compiled: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(compiled)}
    code = "import sys; sys.argv = ['iacfix', '--version']; from iacfix.cli import main; main()"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.stdout.strip() == f"iacfix {iacfix.__version__} (compiled: {', '.join(sorted(iacfix_build.COMPILED))})"


def test_the_sdist_carries_the_build_backend() -> None:
    """pyproject.toml names an in-tree backend: a wheel built from an sdist without it cannot build
    at all (checked by hand with `python -m build --sdist`, then `pip wheel` from the unpacked sdist;
    `build` is not a dependency). MANIFEST.in must include every file of the backend's folder."""
    import tomllib

    folders = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["backend-path"]
    included = {
        line.split(None, 1)[1].strip()
        for line in (ROOT / "MANIFEST.in").read_text().splitlines()
        if line.startswith("include ")
    }
    for folder in folders:
        files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).glob("*.py"))
        assert files and set(files) <= included, (files, included)


def test_each_compiled_module_is_compiled_from_the_source_python_imports() -> None:
    """`source_path` reads pyproject.toml's package-dir as setuptools does: each module's source is
    the file this (editable, interpreted) install imports under that name."""
    import importlib

    for name in iacfix_build.COMPILED:
        assert iacfix_build.source_path(name) == Path(importlib.import_module(name).__file__).resolve(), name
    with pytest.raises(ValueError, match="in no package"):
        iacfix_build.source_path("elsewhere.model")
