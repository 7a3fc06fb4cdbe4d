"""`iacfix apply PATH...` declared for typer: its options, help and the call of apply_run.

What the command does is in apply_run, which does not import typer: a plain command line runs it
without typer (cli_plain reads the same options; tests/test_cli_plain.py keeps the two alike).
"""

from typing import Annotated

import typer

from . import cli_options as opt
from .apply_run import run

DryRun = Annotated[bool, typer.Option("--dry-run", "--diff", help="Print a diff of what would change; write nothing.")]
ShowFixes = Annotated[bool, typer.Option("--show-fixes", help="List the fixes made, per file and rule.")]


def apply(
    paths: opt.Paths,
    dry_run: DryRun = False,
    unsafe_fixes: opt.UnsafeFixes = False,
    show_fixes: ShowFixes = False,
    exit_zero: opt.ExitZero = False,
    pin: opt.Pin = [],
    select: opt.Select = [],
    extend_select: opt.ExtendSelect = [],
    ignore: opt.Ignore = [],
    config_file: opt.ConfigFile = None,
    language: opt.Language = None,
    color: opt.Color = None,
    quiet: opt.Quiet = False,
) -> None:
    """Fix files in place: safe fixes, and unsafe ones with --unsafe-fixes.

    Exit 0 when nothing is left to fix, 1 when findings remain (or --dry-run would change
    something), 2 on errors.
    """
    run(
        paths=paths,
        dry_run=dry_run,
        unsafe_fixes=unsafe_fixes,
        show_fixes=show_fixes,
        exit_zero=exit_zero,
        pin=pin,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        config_file=config_file,
        language=language,
        color=color,
        quiet=quiet,
    )
