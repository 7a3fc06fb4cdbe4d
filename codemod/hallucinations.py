"""The table of known API hallucinations (``iacfix.data/hallucinations.toml``), typed.

Each entry says what a model writes for @pulumi/aws that does not exist, what the provider has
instead, and how to get there (see the file's header for the kinds). Loaded on first use and
cached; :func:`problems` checks every entry against the generated schema
(:mod:`iacfix.awsschema`). Nothing here depends on the transforms.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import awsschema

__all__ = ["Entry", "KINDS", "entries", "by_kind", "for_arg", "for_output", "for_class", "handled", "problems"]

KINDS = frozenset(
    {
        "rename-arg",
        "rename-arg-value",
        "rename-arg-read",
        "select-arg",
        "unnest-arg",
        "move-to-resource",
        "rename-class",
        "rename-output",
        "handled-by",
    }
)


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    applicability: str  # "safe" | "unsafe"
    why: str
    references: tuple[str, ...]
    on: str | None = None  # resource / function / nested type path
    frm: tuple[str, ...] = ()  # `from`: argument, output, or class paths
    to: tuple[str, ...] = ()
    args: tuple[str, ...] = ()  # move-to-resource / handled-by: the arguments concerned
    values: dict[str, Any] = field(default_factory=dict)  # rename-arg-value: literal (as a string) -> new
    with_: dict[str, dict[str, Any]] = field(default_factory=dict)  # rename-arg-value: sibling values to map
    by: str | None = None  # select-arg
    choose: dict[str, str] = field(default_factory=dict)  # select-arg
    inner: str | None = None  # unnest-arg
    list: bool = False  # unnest-arg
    new: str | None = None  # move-to-resource; rename-arg-read: the resource the value reads
    suffix: str | None = None
    spread: str | None = None  # move-to-resource: the arg whose object's entries are the new args
    map: dict[str, str] = field(default_factory=dict)
    link: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # move-to-resource, rename-arg-read
    package: str | None = None  # rename-class: another Pulumi package ("random")
    rule: str | None = None  # handled-by

    @property
    def safe(self) -> bool:
        return self.applicability == "safe"

    def target(self, frm: str) -> str:
        """rename-class: the replacement of one of `frm`."""
        if len(self.to) == 1:
            return self.to[0]
        return self.to[self.frm.index(frm)]


def _tuple(v: Any) -> tuple[str, ...]:
    if v is None:
        return ()
    return tuple(v) if isinstance(v, list) else (v,)


def _entry(raw: dict[str, Any]) -> Entry:
    known = {
        "id",
        "kind",
        "applicability",
        "why",
        "references",
        "on",
        "from",
        "to",
        "args",
        "values",
        "with",
        "by",
        "choose",
        "inner",
        "list",
        "new",
        "suffix",
        "spread",
        "map",
        "link",
        "outputs",
        "package",
        "rule",
    }
    extra = set(raw) - known
    if extra:
        raise ValueError(f"hallucinations.toml entry {raw.get('id')!r}: unknown keys {sorted(extra)}")
    return Entry(
        id=raw["id"],
        kind=raw["kind"],
        applicability=raw["applicability"],
        why=raw["why"],
        references=tuple(raw["references"]),
        on=raw.get("on"),
        frm=_tuple(raw.get("from")),
        to=_tuple(raw.get("to")),
        args=_tuple(raw.get("args")),
        values=dict(raw.get("values", {})),
        with_=dict(raw.get("with", {})),
        by=raw.get("by"),
        choose=dict(raw.get("choose", {})),
        inner=raw.get("inner"),
        list=bool(raw.get("list", False)),
        new=raw.get("new"),
        suffix=raw.get("suffix"),
        spread=raw.get("spread"),
        map=dict(raw.get("map", {})),
        link=dict(raw.get("link", {})),
        outputs=dict(raw.get("outputs", {})),
        package=raw.get("package"),
        rule=raw.get("rule"),
    )


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """Every entry, in file order."""
    from .data import read as read_package_data

    text = read_package_data("hallucinations.toml").decode("utf-8")
    return tuple(_entry(e) for e in tomllib.loads(text)["entry"])


def by_kind(kind: str) -> list[Entry]:
    return list(_kinds().get(kind, ()))


@lru_cache(maxsize=1)
def _kinds() -> dict[str, tuple[Entry, ...]]:
    """The entries of each kind, in file order (asked for every read of an output the schema
    does not list, and every class it does not have: scanned once)."""
    out: dict[str, list[Entry]] = {}
    for e in entries():
        out.setdefault(e.kind, []).append(e)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _arg_index() -> dict[tuple[str, str], Entry]:
    out: dict[tuple[str, str], Entry] = {}
    for e in entries():
        if e.on is None or e.kind in ("rename-output", "rename-class"):
            continue
        names = e.args if e.kind in ("move-to-resource", "handled-by") else e.frm
        for n in names:
            out.setdefault((e.on, n), e)
        if e.by:
            out.setdefault((e.on, e.by), e)
    return out


def for_arg(on: str, arg: str) -> Entry | None:
    """The entry about argument `arg` (camelCase) of resource / function / nested type `on`."""
    return _arg_index().get((on, arg))


def for_output(on: str, output: str) -> Entry | None:
    kinds = _kinds()
    for e in kinds.get("rename-output", ()):
        if e.on == on and output in e.frm:
            return e
    for e in kinds.get("move-to-resource", ()):
        if e.on == on and output in e.outputs:
            return e
    return None


def for_class(path: str) -> Entry | None:
    """The entry renaming class or function `path` (`logs.LogGroup`, `getRandomPassword`)."""
    for e in _kinds().get("rename-class", ()):
        if path in e.frm:
            return e
    return None


def handled(on: str, arg: str) -> bool:
    """Whether the table (or the rule it names) repairs argument `arg` of `on`: generic rules skip it."""
    return for_arg(on, arg) is not None


def _callable(path: str) -> awsschema.Shape | None:
    """The resource or function at `module.Name` / `module.getX`."""
    module, _, name = path.rpartition(".")
    if name[:1].islower():
        return awsschema.function_at(module, name)
    return awsschema.resource_at(module, name)


def _shape(path: str) -> awsschema.Shape | None:
    return _callable(path) or awsschema.nested(path)


def problems() -> list[str]:
    """Entries that disagree with the schema: what the model writes must not exist, what the
    entry leads to must."""
    out: list[str] = []
    for e in entries():
        where = f"{e.id} ({e.kind})"
        if e.kind not in KINDS:
            out.append(f"{where}: unknown kind")
            continue
        if e.applicability not in ("safe", "unsafe") or not e.references or not e.why:
            out.append(f"{where}: needs applicability safe/unsafe, why and references")
        if e.kind == "rename-class":
            for f in e.frm:
                if _callable(f) is not None:
                    out.append(f"{where}: {f} exists")
                t = e.target(f)
                if e.package is None and _callable(t) is None:
                    out.append(f"{where}: {t} does not exist")
            continue
        shape = _shape(e.on or "")
        if shape is None:
            out.append(f"{where}: {e.on} is no resource, function or nested type")
            continue
        if e.kind == "rename-output":
            for f in e.frm:
                if shape.output(f) is not None:
                    out.append(f"{where}: output {f} exists on {e.on}")
            for t in e.to:
                if shape.output(t) is None:
                    out.append(f"{where}: output {t} missing on {e.on}")
            if len(e.to) not in (1, len(e.frm)):
                out.append(f"{where}: `to` must be one name or one per `from`")
            continue
        names = e.args if e.kind in ("move-to-resource", "handled-by") else e.frm
        for n in names:
            if shape.arg(n) is not None:
                out.append(f"{where}: {n} is a valid argument of {e.on}")
        if e.kind in ("rename-arg", "rename-arg-value", "rename-arg-read", "unnest-arg"):
            for t in e.to:
                if shape.arg(t) is None:
                    out.append(f"{where}: {t} is no argument of {e.on}")
        if e.kind == "rename-arg-read":
            read = _callable(e.new or "")
            if read is None or not e.outputs:
                out.append(f"{where}: needs `new`, a resource, and `outputs`")
            else:
                for o in (*e.outputs, *e.outputs.values()):
                    if o != "id" and read.output(o) is None:
                        out.append(f"{where}: output {o} missing on {e.new}")
        if e.kind == "select-arg":
            for t in e.choose.values():
                if shape.arg(t) is None:
                    out.append(f"{where}: {t} is no argument of {e.on}")
        if e.kind == "rename-arg-value":
            for sib in e.with_:
                if shape.arg(sib) is None:
                    out.append(f"{where}: {sib} is no argument of {e.on}")
        if e.kind == "move-to-resource":
            new = _shape(e.new or "")
            if new is None or new.kind != "resource":
                out.append(f"{where}: {e.new} is no resource")
                continue
            moved = [e.map.get(a, a) for a in e.args] if not e.spread else []
            for a in moved + list(e.link):
                if new.arg(a) is None:
                    out.append(f"{where}: {a} is no argument of {e.new}")
            for req in new.required:
                if req not in moved and req not in e.link and not e.spread:
                    out.append(f"{where}: {e.new} requires {req}, which nothing fills")
            for o_old, o_new in e.outputs.items():
                if new.output(o_new) is None:
                    out.append(f"{where}: {e.new} has no output {o_new}")
                if shape.output(o_old) is not None:
                    out.append(f"{where}: {e.on} has output {o_old} itself")
    return out
