"""``iacfix.lock``: the digests images were pinned to, keyed by the reference as written.

::

    # iacfix.lock: image digests resolved by iacfix. Commit this file.
    [images."nginx:latest"]
    digest = "sha256:..."
    registry = "docker.io"
    resolved_at = "2026-01-01T00:00:00Z"

Read with :mod:`tomllib`. A new file is written with keys sorted so it diffs cleanly; an
existing one is updated with :func:`update_lock`: under an exclusive lock on its folder (two
``pin-images`` at once each add their entries, neither loses the other's), re-read, merged with
tomlkit (comments, extra keys and other tables are kept as written), and replaced atomically
(temp file in the same directory, then :func:`os.replace`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .lock_path import LOCK_FILENAME, find_lock

__all__ = ["LOCK_FILENAME", "LockEntry", "find_lock", "load_lock", "update_lock", "write_lock", "utc_now"]

_DIGEST_RE = re.compile(r"sha(?:256:[0-9a-f]{64}|384:[0-9a-f]{96}|512:[0-9a-f]{128})")
_HEADER = "# iacfix.lock: container image digests resolved by iacfix. Commit this file.\n"


@dataclass(frozen=True)
class LockEntry:
    """A pinned image in iacfix.lock: its digest, where it was resolved, and when."""

    digest: str
    registry: str
    resolved_at: str  # RFC 3339 UTC, e.g. "2026-01-01T00:00:00Z"


def utc_now() -> str:
    """Current time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_lock(path: str | os.PathLike[str]) -> dict[str, LockEntry]:
    """Entries of the lock file at ``path`` (``{}`` if it does not exist).

    Raises ``ValueError`` naming the file for malformed TOML or entries.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        return {}
    return _parse_lock(p, raw)


def _parse_lock(p: Path, raw: bytes) -> dict[str, LockEntry]:
    import tomllib  # here, not at the top: every run looks for a lock file, few find one

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"{p}: not a valid lock file: {e}") from e
    images = data.get("images", {})
    if not isinstance(images, dict):
        raise ValueError(f"{p}: [images] must be a table")
    out: dict[str, LockEntry] = {}
    for ref, entry in images.items():
        if not isinstance(entry, dict):
            raise ValueError(f"{p}: images.{ref!r} must be a table")
        values = {}
        for key in ("digest", "registry", "resolved_at"):
            value = entry.get(key)
            if isinstance(value, datetime):  # tolerate an unquoted TOML datetime
                value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if not isinstance(value, str):
                raise ValueError(f"{p}: images.{ref!r}.{key} must be a string")
            values[key] = value
        if not _DIGEST_RE.fullmatch(values["digest"]):
            raise ValueError(f"{p}: images.{ref!r}.digest is not a digest: {values['digest']!r}")
        out[ref] = LockEntry(**values)
    return out


def _toml_string(s: str) -> str:
    """A TOML basic string (also valid as a quoted key)."""
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:
            raise ValueError(f"lone surrogate in {s!r} cannot be written to TOML")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dumps_lock(entries: Mapping[str, LockEntry]) -> str:
    """The lock file's text: header, then one table per reference, sorted by reference."""
    parts = [_HEADER]
    for ref in sorted(entries):
        e = entries[ref]
        parts.append(
            f"\n[images.{_toml_string(ref)}]\n"
            f"digest = {_toml_string(e.digest)}\n"
            f"registry = {_toml_string(e.registry)}\n"
            f"resolved_at = {_toml_string(e.resolved_at)}\n"
        )
    return "".join(parts)


@contextlib.contextmanager
def _folder_locked(directory: Path):
    """An exclusive flock on the folder holding the lock file (the file itself is replaced, so
    its own inode cannot carry the lock); released when the block ends or the process dies."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def update_lock(path: str | os.PathLike[str], entries: Mapping[str, LockEntry]) -> dict[str, LockEntry]:
    """Add or update ``entries`` in the lock file at ``path`` and return every entry it then
    holds. Under an exclusive lock: the file is read again, so entries another run wrote in the
    meantime are kept; everything else in it (comments, extra keys, other tables) is kept as
    written. A new file is written as :func:`dumps_lock` lays it out."""
    p = Path(path)
    directory = p.parent if str(p.parent) else Path(".")
    with _folder_locked(directory):
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raw = None
        if raw is None:
            _write_text(p, dumps_lock(entries))
            return dict(entries)
        current = _parse_lock(p, raw)  # a malformed file is an error, never overwritten
        import tomlkit

        doc = tomlkit.parse(raw.decode("utf-8"))
        images = doc.get("images")
        if images is None:
            images = tomlkit.table(is_super_table=True)
            doc["images"] = images
        for ref in sorted(entries):
            e = entries[ref]
            table = images.get(ref)
            if table is None:
                table = tomlkit.table()
                images[ref] = table
            table["digest"] = e.digest
            table["registry"] = e.registry
            table["resolved_at"] = e.resolved_at
        text = tomlkit.dumps(doc)
        merged = _parse_lock(p, text.encode("utf-8"))  # what we write must read back
        assert all(merged[r] == entries[r] for r in entries) and set(current) <= set(merged)
        _write_text(p, text)
        return merged


def write_lock(path: str | os.PathLike[str], entries: Mapping[str, LockEntry]) -> None:
    """Write exactly ``entries`` to ``path`` atomically (readers see the old or the new file).
    To add to an existing lock file, use :func:`update_lock`."""
    p = Path(path)
    directory = p.parent if str(p.parent) else Path(".")
    with _folder_locked(directory):
        _write_text(p, dumps_lock(entries))


def _write_text(p: Path, text: str) -> None:
    import tempfile  # here, not at the top: only `pin-images` writes the lock file

    directory = p.parent if str(p.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        try:
            mode = p.stat().st_mode & 0o7777
        except FileNotFoundError:
            from ..files import new_file_mode

            mode = new_file_mode()  # mkstemp made it 0600; a lock file is meant to be committed
        os.chmod(tmp, mode)
        os.replace(tmp, p)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
