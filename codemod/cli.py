"""The `iacfix` command line: the app, its commands, and `main()`.

Each command lives in its own module (apply_command, check_command, rules_command,
batch/command, images/command, verify_command), declares its options from cli_options (one
definition each), and imports what it needs only when it runs: `iacfix --help` loads no
transform, and no command loads pydantic (see cli_parsing).

Exit codes: 0 nothing (left) to fix; 1 findings remain, or `--dry-run` would change something;
2 usage or input errors (missing, binary, unparsable files; bad configuration).
"""

from typing import Annotated

import typer

from . import __version__
from .apply_command import apply
from .batch.command import batch
from .check_command import check
from .cli_parsing import PlainCommand, SuggestingGroup
from .images.command import pin_images
from .rules_command import explain, rules
from .verify_command import verify

app = typer.Typer(
    name="iacfix",
    cls=SuggestingGroup,
    help="Fix the mistakes language models make in Pulumi infrastructure code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iacfix {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Fix the mistakes language models make in Pulumi infrastructure code."""


for _name, _command in (
    ("apply", apply),
    ("check", check),
    ("rules", rules),
    ("explain", explain),
    ("batch", batch),
    ("pin-images", pin_images),
    ("verify", verify),
):
    app.command(_name, cls=PlainCommand)(_command)


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
