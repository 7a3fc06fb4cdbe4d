"""Writing iacfix's lines to standard output and standard error, without typer.

`apply` and `check` run without importing typer when their command line is plain (cli_plain),
so what they print goes through `echo` here, which writes a line as typer's echo (click's) does
on this platform: flushed at once, ANSI escape sequences taken out when the stream is not a
terminal, and a stream left in ASCII by a misconfigured locale written as UTF-8 rather than
failing. Both ways of reading the command line share it, so they print the same bytes.
"""

from __future__ import annotations

import re
import sys
from typing import NoReturn, TextIO

_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")  # click's own pattern


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Write `message` (and a newline) to standard output, or standard error with `err`."""
    stream: TextIO | None = sys.stderr if err else sys.stdout
    if stream is None:  # no stream to write to (pythonw)
        return
    text = message + "\n" if nl else message
    if not text:
        stream.flush()
        return
    if "\033" in text and not _isatty(stream):
        text = _ANSI.sub("", text)
    binary = getattr(stream, "buffer", None) if _ascii(stream) else None
    if binary is not None:
        stream.flush()
        binary.write(text.encode("utf-8", "replace"))
        binary.flush()
        return
    stream.write(text)
    stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def _ascii(stream: TextIO) -> bool:
    """The stream would encode as ASCII (click rewraps such a stream as UTF-8, errors replaced)."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "ascii").name == "ascii"
    except LookupError:
        return False


def error(message: str) -> None:
    """One line on standard error, the way every iacfix error reads."""
    from .display import display_text

    echo(f"iacfix: error: {display_text(message)}", err=True)  # a file name cannot forge lines


def fail(message: str) -> NoReturn:
    """A usage or input error: one line, exit code 2."""
    error(message)
    raise SystemExit(2)
