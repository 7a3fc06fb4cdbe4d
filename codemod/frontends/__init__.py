"""Front ends: one per language, each offering `parse(body)` and `build(body, path, parsed)`.

`parse` returns an object with `error_count` and `errors()`; `build` returns a `Program`.
`reparse(parsed, edits, body)` re-parses `parsed`'s text with `edits` applied (incrementally).
A front end may offer `validate(body, original=None, *, parsed=None) -> str | None`, a stronger check run on changed
output (`original`, the text before fixing, lets it check only what changed).
Front ends are imported on first use so that `iacfix --version` stays fast.
"""

from __future__ import annotations

import importlib
from types import ModuleType

_MODULES = {"typescript": "iacfix.frontends.typescript", "python": "iacfix.frontends.python"}
_LOADED: dict[str, ModuleType] = {}  # asked once per text: import_module's lookup each time cost more


def get(language: str) -> ModuleType:
    fe = _LOADED.get(language)
    if fe is not None:
        return fe
    try:
        fe = _LOADED[language] = importlib.import_module(_MODULES[language])
    except KeyError:
        raise ValueError(f"no front end for {language!r}") from None
    return fe


def languages() -> list[str]:
    return list(_MODULES)
