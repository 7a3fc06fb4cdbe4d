"""The command-line options the commands share, declared once for typer.

Each option is a typer `Annotated` type: a command declares `pin: options.Pin = []` and gets the
same flag, metavar and help everywhere. What the options make (`load_settings`) and how errors
read (`error`, `fail`) live in modules that do not import typer (cli_settings, console), so that
`apply` and `check` can run without it (cli_plain); they are named here too, for the commands
that import them from this module.
"""

from pathlib import Path
from typing import Annotated

import typer

from .cli_parsing import choice
from .cli_settings import LANGUAGES as LANGUAGES
from .cli_settings import check_rule_names as check_rule_names
from .cli_settings import load_settings as load_settings
from .cli_settings import lock_digests as lock_digests
from .console import error as error
from .console import fail as fail

Paths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...", show_default=False, help="Files or folders (.ts, .py, .md); '-' reads standard input."
    ),
]
FilePaths = Annotated[
    list[str], typer.Argument(metavar="PATH...", show_default=False, help="Files or folders (.ts, .py, .md).")
]
UnsafeFixes = Annotated[
    bool, typer.Option("--unsafe-fixes", help="Also apply (or count as available) fixes that change behaviour or cost.")
]
Pin = Annotated[
    list[str],
    typer.Option(
        "--pin", metavar="REF=DIGEST", show_default=False, help="Pin an image: nginx:1.27=sha256:<64 hex>. Repeatable."
    ),
]
Select = Annotated[
    list[str],
    typer.Option(
        "--select",
        metavar="RULE",
        show_default=False,
        help="Only these rules (id IAC005, slug log-group-retention, or id prefix IAC1); replaces "
        "the configured `select`. Repeatable.",
    ),
]
ExtendSelect = Annotated[
    list[str],
    typer.Option(
        "--extend-select", metavar="RULE", show_default=False, help="Rules to add to the selected ones. Repeatable."
    ),
]
Ignore = Annotated[
    list[str],
    typer.Option(
        "--ignore",
        metavar="RULE",
        show_default=False,
        help="Rules to skip, on top of the configured `ignore`. Repeatable.",
    ),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        show_default=False,
        help="Configuration file (default: .iacfix.toml or pyproject.toml [tool.iacfix], found upward).",
    ),
]
Language = Annotated[
    str | None,
    typer.Option(
        "--language",
        metavar="LANG",
        parser=choice(*LANGUAGES),
        show_default=False,
        help="typescript, python or markdown (default: from the file name; guessed on standard input).",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
ExitZero = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings remain (errors still exit 2).")]
Color = Annotated[
    bool | None,
    typer.Option("--color/--no-color", show_default=False, help="Colour the output (default: when a terminal)."),
]
