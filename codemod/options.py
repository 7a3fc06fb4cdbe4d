"""A transform's options: a frozen dataclass, checked once when the configuration loads.

Each transform names its `Options` class; the defaults are its fields' defaults (one source of
truth), a field's `metadata["help"]` documents it, and `__post_init__` may refuse a value with a
`ValueError` whose text says what is allowed. `parse_options` turns the TOML table of
`[tool.iacfix.rules.<slug>]` into an instance: unknown keys, wrong types (`true` where a number
belongs: TOML booleans are not numbers here), NaN and values `__post_init__` refuses are errors
naming the key, so a bad value never reaches a transform.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from typing import Any, Literal


@dataclasses.dataclass(frozen=True)
class NoOptions:
    """A transform without options."""


def option(default: Any, help: str) -> Any:
    """A documented option field: `days: int = option(7, "Days to keep the logs.")`."""
    if isinstance(default, (list, dict, set)):
        raise TypeError("option defaults are immutable: use a tuple")
    return dataclasses.field(default=default, metadata={"help": help})


class OptionError(ValueError):
    """A configured value the transform does not accept; the text names the key."""


def describe(cls: type) -> list[tuple[str, Any, str]]:
    """(name, default, help) of every option, for `iacfix rules` and `explain`."""
    return [(f.name, f.default, f.metadata.get("help", "")) for f in dataclasses.fields(cls)]


def defaults(cls: type) -> dict[str, Any]:
    return {f.name: f.default for f in dataclasses.fields(cls)}


def parse_options(cls: type, raw: dict[str, Any]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        known = ", ".join(sorted(fields)) or "none"
        raise OptionError(f"no option {unknown[0]!r} (options: {known})")
    hints = typing.get_type_hints(cls)
    values = {}
    for key, value in raw.items():
        values[key] = _coerce(key, value, hints[key])
    try:
        return cls(**values)
    except OptionError:
        raise
    except (ValueError, TypeError) as exc:
        raise OptionError(str(exc)) from None


def _coerce(key: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is Literal:
        choices = typing.get_args(hint)
        if value not in choices or isinstance(value, bool) != isinstance(choices[0], bool):
            raise OptionError(f"{key} must be one of {', '.join(repr(c) for c in choices)}, not {value!r}")
        return value
    if origin is tuple:
        (item, *_rest) = typing.get_args(hint)
        if not isinstance(value, (list, tuple)):
            raise OptionError(f"{key} must be a list, not {value!r}")
        return tuple(_coerce(f"{key}[{i}]", v, item) for i, v in enumerate(value))
    if hint is bool:
        if not isinstance(value, bool):
            raise OptionError(f"{key} must be true or false, not {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(f"{key} must be a whole number, not {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise OptionError(f"{key} must be a finite number, not {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise OptionError(f"{key} must be a string, not {value!r}")
        return value
    raise TypeError(f"option {key}: unsupported type {hint!r}")  # a transform's own mistake
