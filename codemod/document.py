"""A source file as iacfix sees it: bytes in, bytes out, nothing lost in between.

The engine edits the *body* (UTF-8 bytes without a BOM). Everything needed to write the file
back exactly as it came — the BOM, the newline style — is recorded here, so a file with nothing
to fix comes back byte for byte.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

BOM = b"\xef\xbb\xbf"
# Byte order marks of the encodings people mistake for text iacfix can read (longest first).
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)

#: The largest input file iacfix reads. Checked before reading (a device or an endless file is
#: never read until memory runs out); model responses and programs are far smaller.
MAX_INPUT_BYTES = 64 * 1024 * 1024

LANGUAGE_BY_SUFFIX = {
    ".ts": "typescript",
    ".tsx": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".py": "python",
    ".md": "markdown",
    ".markdown": "markdown",
}


def language_for(path: str | Path) -> str | None:
    name = str(path)
    if name.endswith(("/", ".")) or os.sep != "/":
        return LANGUAGE_BY_SUFFIX.get(Path(name).suffix.lower())
    # Path(name).suffix, without making a Path (asked for every file a folder holds): the last
    # component's text from its last dot, unless that dot opens the name.
    base = name[name.rfind("/") + 1 :]
    dot = base.rfind(".")
    return LANGUAGE_BY_SUFFIX.get(base[dot:].lower()) if dot > 0 else None


# A fence opening a code block (CommonMark: up to three spaces, then ``` or ~~~).
_FENCE_RE = re.compile(rb"^ {0,3}(?:```|~~~)", re.M)
# Lines only Python writes: `import pulumi` (TypeScript says `import * as pulumi from ...`),
# `from x import y`, `def f(`, `class C:` / `class C(Base):`.
_PYTHON_RE = re.compile(
    rb"^(?:import \w[\w.]*(?: as \w+)?\s*$|from [\w.]+ import |def \w+\(|class \w+(?:\(.*\))?:)", re.M
)


def guess_language(data: bytes) -> str:
    """The language of text that came without a file name (standard input)."""
    if _FENCE_RE.search(data):
        return "markdown"
    if _PYTHON_RE.search(data):
        return "python"
    return "typescript"


@dataclass(frozen=True)
class Document:
    """A file's text as the engine reads it, with what writing it back must restore (BOM, CRs)."""

    path: str
    language: str
    body: bytes  # UTF-8, BOM stripped, newlines as in the file (a CR-only file's CRs read as LF)
    bom: bool = False
    cr_only: bool = False  # every line break is a lone CR (classic Mac): translated back on output

    @property
    def newline(self) -> str:
        return "\r" if self.cr_only else detect_newline(self.body)

    @classmethod
    def from_bytes(cls, path: str, raw: bytes, language: str | None = None) -> Document:
        language = language or language_for(path)
        if language is None:
            raise InputError(path, "unsupported file type (expected .ts, .py or .md)")
        bom = raw.startswith(BOM)
        body = raw[len(BOM) :] if bom else raw
        # Lines ended by a lone CR: the engine (and tree-sitter's line counting) works on LF, so the
        # body is read with LF and written back with CR. The mapping is one to one (there is no LF
        # in such a file), so every byte outside the edits comes back as it was.
        cr_only = b"\r" in body and b"\n" not in body
        if cr_only:
            body = body.replace(b"\r", b"\n")
        for mark, name in _OTHER_BOMS:
            if raw.startswith(mark):
                raise InputError(path, f"encoded as {name}; iacfix reads UTF-8 (convert the file first)")
        if b"\x00" in body:
            raise InputError(path, "binary file (contains NUL bytes)")
        if language == "markdown":
            # Prose may carry stray bytes (a Windows-1252 quote); only the code blocks we edit must be
            # UTF-8, and the markdown front end checks each one. Everything else is kept as bytes.
            return cls(path=path, language=language, body=body, bom=bom, cr_only=cr_only)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            raise InputError(path, f"not valid UTF-8 (byte 0x{body[exc.start]:02x} on line {line})") from None
        return cls(path=path, language=language, body=body, bom=bom, cr_only=cr_only)

    @classmethod
    def read(cls, path: str | Path, language: str | None = None) -> Document:
        return cls.from_bytes(str(path), read_regular_file(path), language)

    def with_body(self, body: bytes) -> Document:
        return Document(self.path, self.language, body, self.bom, self.cr_only)

    def to_bytes(self, body: bytes | None = None) -> bytes:
        body = self.body if body is None else body
        if self.cr_only:
            body = body.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
        return (BOM + body) if self.bom else body


def read_regular_file(path: str | Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, or InputError. A FIFO, a device, a socket is refused without
    reading (opened non-blocking, so a FIFO with no writer cannot hang us; checked on the open
    descriptor, so nothing can be swapped in between); a file over `limit` bytes is refused
    before it is read."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(name, "is a directory")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(name, f"not a regular file ({_kind(st.st_mode)}); not read")
        if st.st_size > limit:
            raise InputError(name, f"too large ({st.st_size:,} bytes; iacfix reads files up to {limit:,})")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while we read it
                raise InputError(name, f"too large (over {limit:,} bytes)")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def body_newline(body: bytes) -> str:
    """The line ending for text inserted into a body: CRLF when most line breaks are CRLF, else LF
    (one stray CRLF line in an LF file does not make every inserted line CRLF)."""
    crlf = body.count(b"\r\n")
    return "\r\n" if crlf * 2 > body.count(b"\n") else "\n"


def detect_newline(body: bytes) -> str:
    """The file's own line ending: the one most of its lines end with (CRLF, LF or a lone CR);
    LF when there is no line break at all, or on a tie."""
    crlf = body.count(b"\r\n")
    lf = body.count(b"\n") - crlf
    cr = body.count(b"\r") - crlf
    if crlf > lf and crlf >= cr:
        return "\r\n"
    if cr > lf and cr > crlf:
        return "\r"
    return "\n"
