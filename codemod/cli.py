"""The `iacfix` command line: the app, its commands, and `main()`.

Each command lives in its own module (apply_command, check_command, rules_command,
batch/command, images/command, verify_command), declares its options from cli_options (one
definition each), and imports what it needs only when it runs: `iacfix --help` loads no
transform, and no command loads pydantic (see cli_parsing).

Exit codes: 0 nothing (left) to fix; 1 findings remain, or `--dry-run` would change something;
2 usage or input errors (missing, binary, unparsable files; bad configuration).
"""

import gc
import importlib
import sys
from collections.abc import Collection
from typing import Annotated

import typer

from . import __version__
from .cli_parsing import PlainCommand, SuggestingGroup

# Each command: the module that declares it and the function. A run names one command; only that
# one is imported and declared to typer (whose set-up reads every parameter of every command it
# is given: a third of a small `apply` run once spent there).
COMMANDS = {
    "apply": ("apply_command", "apply"),
    "check": ("check_command", "check"),
    "rules": ("rules_command", "rules"),
    "explain": ("rules_command", "explain"),
    "batch": ("batch.command", "batch"),
    "pin-images": ("images.command", "pin_images"),
    "verify": ("verify_command", "verify"),
}


def _version(value: bool) -> None:
    if value:
        compiled = compiled_modules()
        typer.echo(f"iacfix {__version__}" + (f" (compiled: {', '.join(compiled)})" if compiled else ""))
        raise typer.Exit(0)


def compiled_modules() -> list[str]:
    """The modules of this install that a compiled build (IACFIX_COMPILE=1, see
    tools/build_backend/iacfix_build.py) made extension modules: the import system loads those before the
    sources beside them. Named in `--version`, since a report of a difference between two installs
    starts there."""
    import os
    from importlib.machinery import EXTENSION_SUFFIXES

    root = os.path.dirname(__file__)
    suffixes = sorted(EXTENSION_SUFFIXES, key=len, reverse=True)  # ".cpython-311-...so" before ".so"
    found = []
    for folder, _dirs, files in os.walk(root):
        package = os.path.relpath(folder, root).replace(os.sep, ".")
        for name in files:
            suffix = next((s for s in suffixes if name.endswith(s)), None)
            if suffix is not None:
                stem = name[: -len(suffix)]
                found.append("iacfix." + (stem if package == "." else f"{package}.{stem}"))
    return sorted(found)


def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Fix the mistakes language models make in Pulumi infrastructure code."""


def build_app(names: Collection[str] | None = None) -> typer.Typer:
    """The command line with every command, or with the commands `names` only (what `main` runs
    when the arguments name one: the same command, the same options, help and errors)."""
    cli = typer.Typer(
        name="iacfix",
        cls=SuggestingGroup,
        help="Fix the mistakes language models make in Pulumi infrastructure code.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    cli.callback()(root)
    for name, (module, attr) in COMMANDS.items():
        if names is None or name in names:
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attr)
            cli.command(name, cls=PlainCommand)(command)
    return cli


def __getattr__(name: str) -> typer.Typer:
    # `app` (every command) is built on first use: by the tests' CliRunner, not by a run.
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # Everything loaded so far (the interpreter's modules, typer, this one) lives until the process
    # ends: moved out of the collector's sight, it is not scanned again by the collections while
    # the command runs nor by the one at exit (25 M of 454 M instructions of `apply` on a small file).
    gc.freeze()
    first = sys.argv[1] if len(sys.argv) > 1 else ""
    if first in COMMANDS:
        build_app((first,))()
    elif first == "--version":  # an eager option: answered before any command is looked up
        build_app(())()
    else:
        build_app()()


if __name__ == "__main__":  # pragma: no cover
    main()
