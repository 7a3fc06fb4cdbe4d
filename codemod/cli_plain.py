"""`iacfix apply` and `iacfix check` on a plain command line, read without typer.

Typer's import and the set-up of one command were more than a quarter of `iacfix apply` on a
small file (benchmarks/bench_startup.py). Most command lines are plain: paths and the command's
own options, spelled in full, as pre-commit and scripts write them. `plain_call` reads such a
line exactly as typer does (the same values, lists and paths; the last of a repeated flag wins;
`--` ends the options; options may follow the paths) and returns the call to make. For anything
else it returns None and typer reads the line, with its help and its messages: `--help`, an
option misspelt, abbreviated or clustered (`-qq`), a flag given a value, an option without one,
a value outside its choices, no path, or a shell-completion request. tests/test_cli_plain.py
checks that these tables are the options typer declares (apply_command, check_command,
cli_options) and that both readers hand the command the same values.
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

# flag -> (parameter, the value the flag sets)
_FLAGS = {
    "--unsafe-fixes": ("unsafe_fixes", True),
    "--exit-zero": ("exit_zero", True),
    "--quiet": ("quiet", True),
    "-q": ("quiet", True),
}
# option -> (parameter, what its value reads as: a path (Path), every occurrence into a list
# (list), or one of a tuple of choices)
_VALUES: dict[str, tuple[str, Any]] = {
    "--pin": ("pin", list),
    "--select": ("select", list),
    "--extend-select": ("extend_select", list),
    "--ignore": ("ignore", list),
    "--config": ("config_file", Path),
}
_DEFAULTS: dict[str, Any] = {
    "unsafe_fixes": False,
    "exit_zero": False,
    "quiet": False,
    "pin": [],
    "select": [],
    "extend_select": [],
    "ignore": [],
    "config_file": None,
    "language": None,
}


def options(command: str) -> tuple[dict[str, tuple[str, Any]], dict[str, tuple[str, Any]], dict[str, Any]]:
    """The flags, value options and defaults of `command` (apply or check), as typer declares them."""
    from .cli_settings import LANGUAGES

    flags, values, defaults = dict(_FLAGS), dict(_VALUES), dict(_DEFAULTS)
    values["--language"] = ("language", LANGUAGES)
    if command == "apply":
        flags.update(
            {
                "--dry-run": ("dry_run", True),
                "--diff": ("dry_run", True),
                "--show-fixes": ("show_fixes", True),
                "--color": ("color", True),
                "--no-color": ("color", False),
            }
        )
        defaults.update(dry_run=False, show_fixes=False, color=None)
    else:
        from .check_run import FORMATS

        flags["--statistics"] = ("statistics", True)
        values["--format"] = values["--output-format"] = ("output_format", FORMATS)
        defaults.update(statistics=False, output_format="text")
    return flags, values, defaults


def read(command: str, args: list[str]) -> dict[str, Any] | None:
    """The values typer would give `command` for `args`, or None when typer must read them."""
    flags, values, defaults = options(command)
    got = {k: list(v) if isinstance(v, list) else v for k, v in defaults.items()}
    paths: list[str] = []
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            paths.extend(rest)
            break
        if arg[:1] != "-" or arg == "-":
            paths.append(arg)
            continue
        name, eq, value = arg.partition("=")
        if name in flags:
            if eq:
                return None  # a flag given a value: typer's error
            param, const = flags[name]
            got[param] = const
            continue
        if name not in values:
            return None  # --help, a misspelt or abbreviated option, short flags clustered
        param, kind = values[name]
        if not eq:
            following = next(rest, None)
            if following is None:
                return None  # an option without its value: typer's error
            value = following
        if kind is list:
            got[param].append(value)
        elif isinstance(kind, tuple):
            if value not in kind:
                return None  # typer names the choices, with a did-you-mean
            got[param] = value
        else:
            got[param] = kind(value)
    if not paths:
        return None  # typer's "missing argument"
    got["paths"] = paths
    return got


def plain_call(command: str, args: list[str]) -> Callable[[], None] | None:
    """The run of `iacfix COMMAND ARGS` when cli_plain can read ARGS, else None (typer reads them)."""
    if command not in ("apply", "check") or _completion_requested():
        return None
    values = read(command, args)
    if values is None:
        return None
    body = importlib.import_module(f"{__package__}.{command}_run")  # apply_run or check_run, only the one run
    return functools.partial(body.run, **values)


def _completion_requested() -> bool:
    # Typer answers a shell's completion request (`_IACFIX_COMPLETE=...`) before any command runs.
    return any(k[:1] == "_" and k.endswith("_COMPLETE") and v for k, v in os.environ.items())


def run_plain(call: Callable[[], None]) -> NoReturn:
    """Run `call` and end the process as typer's main does: the command's own exit code, 130 on
    Ctrl-C, "Aborted!" and 1 at the end of standard input, and 1 without a traceback when the
    reader of standard output has gone (a closed pipe, as in `iacfix check . | head`)."""
    try:
        call()
    except EOFError:
        from .console import echo

        echo(err=True)
        echo("Aborted!", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        sys.exit(1)
    sys.exit(0)


class _Pacified:
    """A stream whose flush ignores a closed pipe (click's PacifyFlushWrapper): the interpreter
    flushes standard output once more at exit, and would print an error for the pipe."""

    def __init__(self, wrapped: Any):
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.wrapped, attr)
