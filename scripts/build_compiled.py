"""Build iacfix compiled (IACFIX_COMPILE=1, see tools/build_backend/iacfix_build.py) and install it
into a folder, for the test that compares it with the interpreted code and for the benchmark:

    .venv/bin/python scripts/build_compiled.py .cache/compiled

The folder then holds the `iacfix` package, compiled modules included, and nothing else
(`--no-deps`): put it first on PYTHONPATH of this checkout's interpreter, whose environment has
the dependencies. A folder built from the same sources is kept (the hash of every file the build
reads is in OUT/.sources): the compile takes minutes.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the build reads: the package's sources and data, the build's own files.
INPUTS = ("codemod", "transforms", "tools/build_backend", "setup.py", "pyproject.toml", "README.md")
_SKIP = ("__pycache__", "*.so", "*.c", "*.pyc")  # left out of both the hash and the copy


def sources_hash() -> str:
    digest = hashlib.sha256()
    for top in INPUTS:
        path = ROOT / top
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for f in files:
            if any(fnmatch.fnmatch(part, pattern) for part in f.relative_to(ROOT).parts for pattern in _SKIP):
                continue
            digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def build(out: Path) -> Path:
    """The compiled install in `out`, built unless it is of these sources already."""
    key = sources_hash()
    stamp = out / ".sources"
    if stamp.is_file() and stamp.read_text() == key:
        return out
    with tempfile.TemporaryDirectory() as tmp:
        # Built from a copy: pip builds in the tree it is given, and a `build/` left by an earlier
        # build would be taken as up to date (setuptools compares times, not compiler options).
        src = Path(tmp) / "src"
        for top in INPUTS:
            if (ROOT / top).is_dir():
                shutil.copytree(ROOT / top, src / top, ignore=shutil.ignore_patterns(*_SKIP))
            else:
                (src / top).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / top, src / top)
        env = {**os.environ, "IACFIX_COMPILE": "1"}
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "wheel", "--no-deps", "-w", tmp, str(src)], env=env, check=True)
        (wheel,) = Path(tmp).glob("iacfix-*.whl")
        if out.exists():
            shutil.rmtree(out)
        subprocess.run([*pip, "install", "--no-deps", "--no-compile", "--target", str(out), str(wheel)], check=True)
    stamp.write_text(key)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="the folder to install into")
    print(build(ap.parse_args().out.resolve()))


if __name__ == "__main__":
    main()
