"""The engine over the command line's inputs: files, folders, or standard input.

Yields one outcome per input, in a stable order; an input that cannot be read is an outcome
with a one-line reason, never an exception, so one bad file never stops the run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Iterator, Optional

from .config import Config
from .engine import FileResult
from .notes import Note, NoteKind


@dataclass
class Outcome:
    path: str
    result: Optional[FileResult] = None  # None when the input could not be read
    problem: Optional[str] = None  # why not (one line, without the path)


def run_paths(paths: list[str], config: Config, *, fix: bool, language: Optional[str]) -> Iterator[Outcome]:
    from .document import Document, guess_language
    from .engine import fix_document
    from .errors import InputError
    from .files import iter_inputs

    inputs = iter_inputs(paths, config) if paths != ["-"] else iter([("-", None)])
    for path, problem in inputs:
        if problem is not None:
            yield Outcome(path, problem=problem.reason)
            continue
        try:
            if path == "-":
                raw = sys.stdin.buffer.read()
                doc = Document.from_bytes("<stdin>", raw, language or guess_language(raw))
            else:
                doc = Document.read(path, language)
        except InputError as exc:
            yield Outcome(path, problem=exc.reason)
            continue
        try:
            res = fix_document(doc, config, fix=fix)
        except Exception as exc:  # report, keep going: one bad file never stops the run
            res = FileResult(path=path, language=doc.language, status="failed",
                             error=f"internal error: {type(exc).__name__}: {exc}")
        yield Outcome(path, result=res)


def syntax_problem(res: FileResult) -> Optional[Note]:
    """The first syntax error of a file (or of one of its markdown blocks), if any."""
    return next((n for n in res.notes if n.kind is NoteKind.SYNTAX_ERROR), None)


def slim(res: FileResult) -> FileResult:
    """What a summary needs of a result, without the file's bytes (a folder of large files
    must not stay in memory until the end of the run)."""
    return FileResult(path=res.path, language=res.language, status=res.status, applied=res.applied,
                      findings=res.findings, notes=res.notes, error=res.error, blocks=res.blocks)
