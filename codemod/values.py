"""Reading values the way a transform needs them: through consts and fallbacks.

`cpu: taskCpu` with `const taskCpu = "256"` reads as "256" (certain), and
`config.get("cpu") || "256"` reads as "256" (a fallback: the real value may differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Binary, Bool, Call, Ident, Node, Num, Obj, Str, Template

_FALLBACK_OPS = {"||", "??", "or"}


@dataclass
class Literal:
    node: Node  # the node holding the literal (edit here)
    value: Any
    certain: bool  # False when it is a fallback behind config/env


def literal(node: Node | None, *, fallbacks: bool = True) -> Literal | None:
    """The literal a value expression stands for, or None when it is not knowable here."""
    certain = True
    seen = 0
    while node is not None and seen < 10:
        seen += 1
        if isinstance(node, Ident):
            target = node.program.resolve(node)
            if target is node:
                return None
            node = target
            continue
        if isinstance(node, Binary) and node.op in _FALLBACK_OPS and fallbacks:
            certain = False
            node = node.right
            continue
        if isinstance(node, (Num, Str, Bool)):
            return Literal(node, node.value, certain)
        if isinstance(node, Template) and not node.substitutions:
            return Literal(node, node.literal, certain)
        if (
            isinstance(node, Call)
            and node.callee in ("String", "str", "Number", "int", "float")
            and len(node.args) == 1
        ):
            inner = literal(node.args[0], fallbacks=fallbacks)
            if inner is None:
                return None
            return Literal(inner.node, inner.value, certain and inner.certain)
        return None
    return None


def value_at(obj: Obj | None, key: str) -> Node | None:
    """The value written for `key` in `obj`, found through same-file spreads (`...common`); None
    when there is no object or no such key. Read it with `literal`, `string` or `number`."""
    p = obj.find(key) if obj is not None else None
    return p.value if p is not None else None


def number(node: Node | None) -> float | None:
    lit = literal(node, fallbacks=False)
    if lit is None:
        return None
    v = lit.value
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return v
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def string(node: Node | None) -> str | None:
    lit = literal(node, fallbacks=False)
    return lit.value if lit is not None and isinstance(lit.value, str) else None


def upper(node: Node | None) -> str | None:
    """`string(node)` upper-cased: for settings read without regard to case (`"fargate"`)."""
    text = string(node)
    return text.upper() if text is not None else None


def render_like(lit: Literal, value: int | float | str) -> Any:
    """A new value in the literal's own form: numbers stay numbers, strings stay strings."""
    if isinstance(lit.node, Num):
        return value if not isinstance(value, str) else int(value)
    return str(value) if not isinstance(value, str) else value
