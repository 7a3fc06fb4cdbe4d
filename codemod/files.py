"""Finding input files and writing results back without ever losing the original.

Writes go to a temporary file in the same folder, keep the original's mode, and replace it
atomically; a file that changed on disk since it was read is left alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

from .config import Config
from .document import language_for
from .errors import InputError

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
             ".pytest_cache", "dist", "build", ".cache"}


def iter_inputs(paths: list[str], config: Config) -> Iterator[tuple[str, InputError | None]]:
    """Files to process, in a stable order; errors for inputs that cannot be used."""
    for p in paths:
        path = Path(p)
        if not path.exists() and not path.is_symlink():
            yield p, InputError(p, "no such file or directory")
            continue
        if path.is_symlink() and not path.exists():
            yield p, InputError(p, "broken symbolic link")
            continue
        if path.is_dir():
            root = path.resolve()
            for f in _walk(path, config):
                if f.is_symlink():
                    target = f.resolve()
                    if not _inside(target, root):
                        yield str(f), InputError(str(f), f"symbolic link to {target}, outside the input tree: not followed")
                        continue
                yield str(f), None
        else:
            yield p, None


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
        return True
    except ValueError:
        return False


def _walk(root: Path, config: Config) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")
                             and not config.excluded(os.path.normpath(os.path.join(rel_dir, d))))
        for name in sorted(filenames):
            if name.endswith(".d.ts") or language_for(name) is None:
                continue
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if config.excluded(rel):
                continue
            yield Path(dirpath) / name


def atomic_write(path: str | Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace `path` with `data` atomically. If `expected` is given and the file no longer
    holds it (changed on disk since it was read), raise InputError and write nothing."""
    target = Path(path)
    real = target.resolve() if target.is_symlink() else target
    try:
        st = real.stat()
    except FileNotFoundError:
        st = None
    if expected is not None:
        try:
            now = real.read_bytes()
        except OSError as exc:
            raise InputError(str(path), f"cannot re-read before writing: {exc.strerror or exc}") from None
        if now != expected:
            raise InputError(str(path), "changed on disk since it was read; not written")
    # No write bit at all means read-only even for root (whom os.access lets write anything).
    if st is not None and (not os.access(real, os.W_OK) or not st.st_mode & 0o222):
        raise InputError(str(path), "read-only file; not written")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".iacfix-tmp", dir=str(real.parent))
    except OSError as exc:
        raise InputError(str(path), f"write failed, original left whole: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, real)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise InputError(str(path), f"write failed, original left whole: {exc.strerror or exc}") from None
        raise
