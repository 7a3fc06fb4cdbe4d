"""The engine over the command line's inputs: files, folders, or standard input.

Yields one outcome per input, in a stable order; an input that cannot be read is an outcome
with a one-line reason, never an exception, so one bad file never stops the run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass

from .config import Config
from .engine import FileResult
from .notes import Note, NoteKind


@dataclass
class Outcome:
    """One input's result, or why it could not be read."""

    path: str
    result: FileResult | None = None  # None when the input could not be read
    problem: str | None = None  # why not (one line, without the path)


def run_paths(paths: list[str], config: Config, *, fix: bool, language: str | None) -> Iterator[Outcome]:
    """Fix every input. The code files found in one folder argument form one project (a
    component's fixes may depend on how `index.ts` in the same folder calls it); a file given by
    itself is a project alone."""
    import os

    from .display import display_path
    from .document import Document, guess_language
    from .engine import fix_document
    from .errors import InputError
    from .files import iter_inputs

    for arg in paths:
        inputs = iter_inputs([arg], config) if arg != "-" else iter([("-", None)])
        read: list[tuple[str, Document | None, str | None]] = []
        for path, problem in inputs:
            if problem is not None:
                read.append((path, None, problem.reason))
                continue
            try:
                if path == "-":
                    raw = sys.stdin.buffer.read()
                    doc = Document.from_bytes("<stdin>", raw, language or guess_language(raw))
                else:
                    doc = Document.read(path, language)
            except InputError as exc:
                read.append((path, None, exc.reason))
                continue
            read.append((path, doc, None))
            if not os.path.isdir(arg):
                break
        if not read and arg != "-":
            sys.stderr.write(f"iacfix: warning: no .ts, .py or .md file found in {display_path(arg)}\n")
        code = [(i, d) for i, (_, d, _) in enumerate(read) if d is not None and d.language in ("typescript", "python")]
        project = None
        if os.path.isdir(arg) and len(code) > 1:
            from .project import Project, SourceFile  # here: lone files are projects alone

            rel = _relative([d.path for _, d in code], arg)
            project = Project(
                [SourceFile(r.replace(os.sep, "/"), d.language, d.body) for r, (_, d) in zip(rel, code, strict=True)]
            )
        slot = {i: n for n, (i, _) in enumerate(code)}
        for i, (path, found, why) in enumerate(read):
            if found is None:
                yield Outcome(path, problem=why)
                continue
            try:
                res = fix_document(
                    found, config, fix=fix, project=(project, slot[i]) if project is not None and i in slot else None
                )
            except Exception as exc:  # report, keep going: one bad file never stops the run
                res = FileResult(
                    path=path,
                    language=found.language,
                    status="failed",
                    error=f"internal error: {type(exc).__name__}: {exc}",
                )
            yield Outcome(path, result=res)
        if project is not None:
            project.release()  # its files' programs as given, built for questions across files


def _relative(paths: list[str], folder: str) -> list[str]:
    """os.path.relpath(path, folder) of each path: the folder's absolute path and the working
    directory asked once, not twice per file (a folder of thousands of files)."""
    import os

    start, cwd = os.path.abspath(folder), os.getcwd()
    head = start if start.endswith(os.sep) else start + os.sep
    out = []
    for p in paths:
        a = os.path.normpath(p if os.path.isabs(p) else os.path.join(cwd, p))
        out.append(a[len(head) :] if a.startswith(head) else os.path.relpath(a, start))
    return out


def syntax_problem(res: FileResult) -> Note | None:
    """The first syntax error of a file (or of one of its markdown blocks), if any."""
    return next((n for n in res.notes if n.kind is NoteKind.SYNTAX_ERROR), None)


def slim(res: FileResult) -> FileResult:
    """What a summary needs of a result, without the file's bytes (a folder of large files
    must not stay in memory until the end of the run)."""
    return FileResult(
        path=res.path,
        language=res.language,
        status=res.status,
        applied=res.applied,
        findings=res.findings,
        notes=res.notes,
        error=res.error,
        blocks=res.blocks,
    )
