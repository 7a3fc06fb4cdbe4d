"""How typer parses iacfix's command line: plain value conversion and did-you-mean suggestions.

Typer (0.2x) converts every non-flag value through a pydantic TypeAdapter, which imports pydantic
(about half of `iacfix apply`'s start-up) to turn a string into a string. The options iacfix
declares are strings, numbers, paths and lists of these, or take a `parser=`: `PlainCommand`
converts those itself and leaves any other parameter to typer. This module is the one place that
knows typer's internals (`_runtime_param`, the vendored click's exceptions); if a typer release
changes them, typer's own conversion simply takes over again (slower, same values), and
tests/test_cli_startup.py, which checks that pydantic stays unloaded, says so.
"""

from collections.abc import Callable, Iterable
from difflib import get_close_matches
from pathlib import Path
from typing import Any, get_args, get_origin

import typer
from typer.core import TyperCommand, TyperGroup

try:  # typer vendors click since 0.2x; older releases use click itself
    from typer._click.exceptions import NoSuchOption, UsageError
except ImportError:  # pragma: no cover - depends on the installed typer
    from click.exceptions import NoSuchOption, UsageError  # type: ignore[assignment]

# What people used to other tools type, and what iacfix calls it.
COMMAND_HINTS = {
    "fix": "apply",
    "format": "apply",
    "lint": "check",
    "scan": "check",
    "rule": "explain",
    "doc": "explain",
    "docs": "explain",
    "list": "rules",
    "pin": "pin-images",
    "lock": "pin-images",
    "typecheck": "verify",
}
OPTION_ALIASES = {
    "--unsafe": "--unsafe-fixes",
    "--extend-ignore": "--ignore",
    "--lang": "--language",
    "--no-colour": "--no-color",
    "--colour": "--color",
    "--check": "--dry-run",
}
OPTION_ADVICE = {
    "--fix": "`iacfix apply` fixes, `iacfix check` only reports",
    "--fix-only": "`iacfix apply` fixes, `iacfix check` only reports",
    "--no-fix": "`iacfix check` never fixes",
}


def choice(*allowed: str) -> Callable[[str], str]:
    """A `parser=` for an option with a fixed set of values: did-you-mean on anything else."""

    def parse(value: str) -> str:
        if value in allowed:
            return value
        close = get_close_matches(value, allowed, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"{value!r} is not one of {', '.join(allowed)}{hint}")

    parse.__name__ = "one of " + ", ".join(allowed)
    return parse


class _PlainValues:
    """Typer's value conversion for one parameter, without pydantic."""

    def __init__(self, convert: Callable[[Any], Any], what: str):
        self.convert = convert
        self.what = what

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        if many:
            return [self._one(v, param, ctx) for v in value]
        return self._one(value, param, ctx)

    def _one(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self.convert(value)
        except ValueError as exc:
            reason = f"{value!r} is not {self.what}" if self.what else str(exc)
            raise typer.BadParameter(reason, ctx=ctx, param=param) from None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "t", "yes", "y", "on"):
        return True
    if text in ("0", "false", "f", "no", "n", "off"):
        return False
    raise ValueError(text)


_SCALARS: dict[Any, Callable[[Any], Any]] = {str: str, int: int, float: float, Path: Path, bool: _bool}
_NAMES = {str: "a string", int: "a whole number", float: "a number", Path: "a path", bool: "true or false"}


def _plain_converter(param: Any) -> _PlainValues | None:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or not hasattr(param, "_runtime_param"):
        return None
    info = desc.parameter_info
    if getattr(info, "parser", None) is not None:
        return _PlainValues(info.parser, "")
    annotation = desc.annotation
    if get_origin(annotation) in (list, list):
        (annotation,) = get_args(annotation) or (None,)
    if annotation not in _SCALARS:
        return None
    limits = (getattr(info, "min", None), getattr(info, "max", None))
    path_checks = (
        getattr(info, "exists", False),
        getattr(info, "resolve_path", False),
        getattr(info, "allow_dash", False),
        not getattr(info, "file_okay", True),
        not getattr(info, "dir_okay", True),
        getattr(info, "writable", False),
    )
    if any(v is not None for v in limits) or any(path_checks):
        return None  # typer's own checks apply
    return _PlainValues(_SCALARS[annotation], _NAMES[annotation])


def _unknown_option_message(name: str, known: Iterable[str]) -> str:
    known = sorted(set(known))
    if name in OPTION_ADVICE:
        return f"No such option: {name} ({OPTION_ADVICE[name]})"
    alias = OPTION_ALIASES.get(name)
    close = [alias] if alias in known else get_close_matches(name, known, n=1, cutoff=0.75)
    return f"No such option: {name}" + (f" (did you mean {close[0]}?)" if close else "")


def _argument_label(param: Any, usage: bool = False) -> str:
    """`PATH...` (not typer's `{PATH}...` and `<list[str]>`); `[PATH]` when optional."""
    name = param.metavar or param.name.upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    if usage and not param.required:
        name = f"[{name}]"
    return name


def _install(params: Iterable[Any]) -> None:
    for param in params:
        if getattr(param, "_runtime_param", False) is None:  # not built yet: build ours
            plain = _plain_converter(param)
            if plain is not None:
                param._runtime_param = plain


class PlainCommand(TyperCommand):
    """A typer command that converts its values without pydantic and suggests options well."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # the declared ones and --help, made on demand
        _install(params)
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except NoSuchOption as exc:
            known = [
                o
                for p in self.params
                for o in getattr(p, "opts", []) + getattr(p, "secondary_opts", [])
                if o.startswith("--")
            ]
            message = _unknown_option_message(exc.option_name, known)
            raise NoSuchOption(exc.option_name, message=message, ctx=ctx) from None

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument_label(param, usage=True))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument_label(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class SuggestingGroup(TyperGroup):
    """The `iacfix` group: an unknown command names the one meant (`fix` -> `apply`); its own
    options (--version, --help) converted as PlainCommand's are."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _install(params)
        return params

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            meant = COMMAND_HINTS.get(args[0]) if args else None
            if meant is not None and meant in self.commands:
                exc.message = f"No such command {args[0]!r}. Did you mean {meant!r}?"
            raise


def typer_converted(command: Any, ctx: Any) -> list[str]:
    """The parameters of `command` whose values typer would convert itself (through pydantic):
    none, for every iacfix command (tests/test_cli_startup.py)."""
    return [
        p.name
        for p in command.get_params(ctx)
        if getattr(p, "_runtime_param", None) is not None
        and not isinstance(p._runtime_param, _PlainValues)
        or getattr(p, "_runtime_param", False) is None
    ]
