"""The command-line options the commands share, declared once, and the settings they make.

Each option is a typer `Annotated` type: a command declares `pin: options.Pin = []` and gets the
same flag, metavar and help everywhere. `load_settings` turns them, with the configuration file
and the lock file, into the one `Config` a run uses; a bad value ends the run with one line and
exit code 2.
"""

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from .cli_parsing import choice

LANGUAGES = ("typescript", "python", "markdown")

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


def error(message: str) -> None:
    """One line on standard error, the way every iacfix error reads."""
    from .display import display_text

    typer.echo(f"iacfix: error: {display_text(message)}", err=True)  # a file name cannot forge lines


def fail(message: str) -> NoReturn:
    """A usage or input error: one line, exit code 2."""
    error(message)
    raise typer.Exit(2)


def load_settings(
    paths: list[str],
    *,
    config_file: Path | None = None,
    pins: Sequence[str] = (),
    select: Sequence[str] = (),
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    unsafe_fixes: bool = False,
):
    """The run's Config: the configuration file found from the first input (or --config), the
    nearest iacfix.lock, and the command-line options over both."""
    from .config import find_config_file, load_config, parse_pin
    from .errors import ConfigError

    try:
        cfg_path = config_file
        if cfg_path is None:
            first = next((p for p in paths if p != "-"), ".")
            cfg_path = find_config_file(Path(first) if Path(first).exists() else Path("."))
        config = load_config(cfg_path)
        images = dict(config.images)
        for p in pins:
            ref, digest = parse_pin(p)
            images[ref] = digest
        config = config.with_(
            images=images,
            lock=lock_digests(paths),
            select=tuple(select) or config.select,
            extend_select=config.extend_select + tuple(extend_select),
            ignore=tuple(ignore) + config.ignore,
            unsafe_fixes=unsafe_fixes or config.unsafe_fixes,
        )
        check_rule_names(config, cli={"--select": select, "--extend-select": extend_select, "--ignore": ignore})
    except ConfigError as exc:
        fail(str(exc))
    return config


def check_rule_names(config, cli: dict[str, Sequence[str]]) -> None:
    """Every rule named on the command line or in the configuration exists (did-you-mean if
    not), and every rule's options are known: checked once, before any file is read."""
    from .engine import active_transforms
    from .errors import ConfigError
    from .rules import unknown_selector

    named = [(flag, p) for flag, pats in cli.items() for p in pats]
    source = config.source or "<config>"
    named += [
        (f"{source}: {key}", p)
        for key in ("select", "extend-select", "ignore")
        for p in getattr(config, key.replace("-", "_"))
        if p not in cli.get(f"--{key}", ())
    ]
    named += [(f"{source}: per-file-ignores[{pat!r}]", r) for pat, rules in config.per_file_ignores for r in rules]
    for where, pattern in named:
        problem = unknown_selector(pattern)
        if problem:
            raise ConfigError(where, problem)
    active_transforms(config)  # rule options: unknown names and options fail here


def lock_digests(paths: list[str]) -> dict[str, str]:
    """Digests from the nearest iacfix.lock (written by `iacfix pin-images`)."""
    from .errors import ConfigError
    from .images.lock_path import find_lock

    first = next((p for p in paths if p != "-"), ".")
    start = Path(first)
    lock_path = find_lock(start if start.is_dir() else start.parent)
    if lock_path is None:
        return {}
    from .images.lock import load_lock

    try:
        entries = load_lock(lock_path)
    except (ValueError, OSError) as exc:
        raise ConfigError(str(lock_path), f"unreadable lock file: {exc}") from None
    return {ref: entry.digest for ref, entry in entries.items()}
