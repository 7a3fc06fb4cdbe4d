"""`iacfix check PATH...` declared for typer: its options, help and the call of check_run.

What the command does is in check_run, which does not import typer: a plain command line runs it
without typer (cli_plain reads the same options; tests/test_cli_plain.py keeps the two alike).
"""

from typing import Annotated

import typer

from . import cli_options as opt
from .check_run import FORMATS, run
from .cli_parsing import choice

Format = Annotated[
    str,
    typer.Option(
        "--format",
        "--output-format",
        metavar="FORMAT",
        parser=choice(*FORMATS),
        help="text, json, sarif (2.1.0), github (workflow annotations), gitlab (Code Quality) or junit (XML).",
    ),
]
Statistics = Annotated[
    bool, typer.Option("--statistics", help="Count the findings per rule instead of listing them (text or json).")
]


def check(
    paths: opt.Paths,
    output_format: Format = "text",
    statistics: Statistics = False,
    exit_zero: opt.ExitZero = False,
    unsafe_fixes: opt.UnsafeFixes = False,
    pin: opt.Pin = [],
    select: opt.Select = [],
    extend_select: opt.ExtendSelect = [],
    ignore: opt.Ignore = [],
    config_file: opt.ConfigFile = None,
    language: opt.Language = None,
    quiet: opt.Quiet = False,
) -> None:
    """Report findings without changing anything.

    Exit 1 when there are findings, 0 when there are none, 2 on errors.
    """
    run(
        paths=paths,
        output_format=output_format,
        statistics=statistics,
        exit_zero=exit_zero,
        unsafe_fixes=unsafe_fixes,
        pin=pin,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        config_file=config_file,
        language=language,
        quiet=quiet,
    )
