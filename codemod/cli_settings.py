"""The settings a run of `apply`, `check` or `batch` uses, from its command line's options.

`load_settings` turns the options, with the configuration file and the lock file, into the one
`Config` a run uses; a bad value ends the run with one line and exit code 2. Typer is not
imported here: `apply` and `check` may run without it (cli_plain).
"""

from collections.abc import Sequence
from pathlib import Path

from .console import fail

LANGUAGES = ("typescript", "python", "markdown")  # what --language accepts


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
