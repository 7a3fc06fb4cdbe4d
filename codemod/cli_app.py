"""The `iacfix` command line as a typer app: every command, or the one a run names.

Each command lives in its own module (apply_command, check_command, rules_command,
batch/command, images/command, verify_command), declares its options from cli_options (one
definition each), and imports what it needs only when it runs: `iacfix --help` loads no
transform, and no command loads pydantic (see cli_parsing). `iacfix.cli.main` builds this app
only for a command line that cli_plain does not read itself.
"""

import importlib
from collections.abc import Collection
from typing import Annotated

import typer

from .cli import COMMANDS, version_line
from .cli_parsing import PlainCommand, SuggestingGroup


def _version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit(0)


def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Fix the mistakes language models make in Pulumi infrastructure code."""


def build_app(names: Collection[str] | None = None) -> typer.Typer:
    """The command line with every command, or with the commands `names` only (what `main` runs
    when the arguments name one: the same command, the same options, help and errors). Typer's
    set-up reads every parameter of every command it is given: a run declares only its own."""
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
