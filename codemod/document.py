"""A source file as iacfix sees it: bytes in, bytes out, nothing lost in between.

The engine edits the *body* (UTF-8 bytes without a BOM). Everything needed to write the file
back exactly as it came — the BOM, the newline style — is recorded here, so a file with nothing
to fix comes back byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

BOM = b"\xef\xbb\xbf"
# Byte order marks of the encodings people mistake for text iacfix can read (longest first).
_OTHER_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))

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
    return LANGUAGE_BY_SUFFIX.get(Path(str(path)).suffix.lower())


# A fence opening a code block (CommonMark: up to three spaces, then ``` or ~~~).
_FENCE_RE = re.compile(rb"^ {0,3}(?:```|~~~)", re.M)
# Lines only Python writes: `import pulumi` (TypeScript says `import * as pulumi from ...`),
# `from x import y`, `def f(`, `class C:` / `class C(Base):`.
_PYTHON_RE = re.compile(rb"^(?:import \w[\w.]*(?: as \w+)?\s*$|from [\w.]+ import |def \w+\(|class \w+(?:\(.*\))?:)", re.M)


def guess_language(data: bytes) -> str:
    """The language of text that came without a file name (standard input)."""
    if _FENCE_RE.search(data):
        return "markdown"
    if _PYTHON_RE.search(data):
        return "python"
    return "typescript"


@dataclass(frozen=True)
class Document:
    path: str
    language: str
    body: bytes  # UTF-8, BOM stripped, newlines as in the file
    bom: bool = False

    @property
    def newline(self) -> str:
        return detect_newline(self.body)

    @classmethod
    def from_bytes(cls, path: str, raw: bytes, language: str | None = None) -> "Document":
        language = language or language_for(path)
        if language is None:
            raise InputError(path, "unsupported file type (expected .ts, .py or .md)")
        bom = raw.startswith(BOM)
        body = raw[len(BOM):] if bom else raw
        for mark, name in _OTHER_BOMS:
            if raw.startswith(mark):
                raise InputError(path, f"encoded as {name}; iacfix reads UTF-8 (convert the file first)")
        if b"\x00" in body:
            raise InputError(path, "binary file (contains NUL bytes)")
        if language == "markdown":
            # Prose may carry stray bytes (a Windows-1252 quote); only the code blocks we edit must be
            # UTF-8, and the markdown front end checks each one. Everything else is kept as bytes.
            return cls(path=path, language=language, body=body, bom=bom)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body.count(b"\n", 0, exc.start) + 1
            raise InputError(path, f"not valid UTF-8 (byte 0x{body[exc.start]:02x} on line {line})") from None
        return cls(path=path, language=language, body=body, bom=bom)

    @classmethod
    def read(cls, path: str | Path, language: str | None = None) -> "Document":
        p = Path(path)
        try:
            raw = p.read_bytes()
        except FileNotFoundError:
            raise InputError(str(path), "no such file") from None
        except IsADirectoryError:
            raise InputError(str(path), "is a directory") from None
        except PermissionError:
            raise InputError(str(path), "permission denied") from None
        except OSError as exc:
            raise InputError(str(path), exc.strerror or str(exc)) from None
        return cls.from_bytes(str(path), raw, language)

    def with_body(self, body: bytes) -> "Document":
        return Document(self.path, self.language, body, self.bom)

    def to_bytes(self, body: bytes | None = None) -> bytes:
        body = self.body if body is None else body
        return (BOM + body) if self.bom else body


def detect_newline(body: bytes) -> str:
    """The file's own line ending: CRLF when most lines end so, else LF."""
    crlf = body.count(b"\r\n")
    lf = body.count(b"\n")
    return "\r\n" if crlf and crlf * 2 >= lf else "\n"
