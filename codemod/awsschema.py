"""The API schema of @pulumi/aws: every resource and function, its arguments and outputs.

Generated from the real package by ``scripts/gen_aws_schema.py`` into
``iacfix.data/aws_schema.json.gz`` (the package version is in :func:`version`): JSON written one
entry per line (:func:`to_text`). It is read on first use, and each entry is decoded when it is
first asked for, so importing this module costs nothing and a run pays for what it reads.

Names are the TypeScript (camelCase) names; every lookup also accepts the Python (snake_case)
name, and :func:`python_name` gives the Python name of an argument, output, module or function by
the rule the Pulumi Python SDK generator uses (checked against every getter of the pulumi_aws
wheel). Types are the compact forms documented in ``scripts/gen_aws_schema.py``::

    >>> r = resource("aws:codepipeline/pipeline:Pipeline")
    >>> r.arg("artifact_stores").type
    ['list', ['obj', 'codepipeline.PipelineArtifactStore']]
    >>> r.arg("artifactStores").required, kind(r.arg("artifactStores").type)
    (True, 'list')
    >>> resource_at("s3", "BucketV2").replacement
    {'resource': 's3.Bucket'}

Nothing here depends on the transforms: the data and this API serve anyone.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .data import read_table
from .lifetime import keep

__all__ = [
    "Arg",
    "Shape",
    "Enum",
    "schema",
    "version",
    "python_name",
    "camel_name",
    "resource",
    "resource_at",
    "resource_tokens",
    "function",
    "function_at",
    "nested",
    "enum",
    "kind",
    "scalar",
    "element",
    "object_shape",
    "enum_values",
    "close_names",
    "likely_names",
    "module_classes",
    "has_module",
    "modules_with_class",
    "STRICT_TIERS",
]

_DATA = "aws_schema.json"
_SECTIONS = ("resources", "functions", "types", "enums")
# The start of a resource's or a function's entry, as to_text writes it: its module, then its
# class or function name ("m", "c" / "n"). Read so, the paths of every resource and function are
# found without decoding their entries.
_HEAD = re.compile(rb'\{"m":"([^"\\]*)","[cn]":"([^"\\]*)"')


def to_text(table: dict[str, Any]) -> str:
    """The table as the data file holds it: its JSON, each entry of a section on a line of its
    own (`json.loads` reads it as any JSON). A run reads only the entries it asks for (_Section):
    decoding the whole table was 70-80 ms, and collecting it after more, in every process that
    met a resource."""
    assert set(table) == {"_meta", *_SECTIONS}, sorted(table)

    def dumps(v: Any) -> str:
        return json.dumps(v, separators=(",", ":"), ensure_ascii=False)

    parts = ['{"_meta":' + dumps(table["_meta"])]
    for name in _SECTIONS:
        entries = ",\n".join(f"{dumps(k)}:{dumps(v)}" for k, v in table[name].items())
        parts.append(f"{dumps(name)}:{{\n{entries}\n}}")
    return ",\n".join(parts) + "}\n"


class _Section(Mapping[str, Any]):
    """One section of the table (``resources``, ...): where each entry's JSON starts in the
    data's bytes, each entry decoded the first time it is asked for."""

    def __init__(self, data: bytes, starts: dict[str, int]):
        self._data = data
        self._starts = starts
        self._decoded: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        got = self._decoded.get(key)
        if got is None:
            start = self._starts[key]
            end = self._data.find(b"\n", start)
            if self._data[end - 1] == 0x2C:  # the comma between two entries
                end -= 1
            got = self._decoded[key] = json.loads(self._data[start:end])
        return got

    def __iter__(self) -> Iterator[str]:
        return iter(self._starts)

    def __len__(self) -> int:
        return len(self._starts)

    def __contains__(self, key: object) -> bool:
        return key in self._starts

    def heads(self) -> Iterator[tuple[str, str, str]]:
        """(key, module, class or function name) of every entry, read from the start of its text."""
        for key, start in self._starts.items():
            m = _HEAD.match(self._data, start)
            if m is not None:
                yield key, m.group(1).decode(), m.group(2).decode()
            else:  # (not as to_text writes it: decoded instead)
                e = self[key]
                yield key, e["m"], e.get("c", e.get("n"))


def _read_data() -> bytes:
    return read_table(_DATA)  # (shipped gzipped; as it is, if ever so shipped)


def _meta_of(data: bytes) -> dict[str, Any]:
    head = b'{"_meta":'
    first = data.find(b"\n")
    if not data.startswith(head) or first < 0:
        raise ValueError(f"iacfix.data/{_DATA}: not written by to_text")
    return json.loads(data[len(head) : first].rstrip(b","))


def _section_of(data: bytes, name: str) -> _Section:
    """Section `name` of what to_text wrote (UTF-8), without decoding an entry: each entry is a
    line `"key":{...},` of its section, found by two searches in C."""
    find = data.find
    opening = b'\n"' + name.encode() + b'":{\n'
    pos = find(opening)
    if pos < 0:
        raise ValueError(f"iacfix.data/{_DATA}: no {name}")
    pos += len(opening)
    end = find(b"\n}", pos - 1)  # the line closing the section (no entry line starts with `}`)
    starts: dict[str, int] = {}
    while pos < end:
        colon = find(b'":', pos)
        key = data[pos + 1 : colon]
        if b"\\" in key:  # an escape in the key: a quote inside it may have ended the search early
            line = data[pos : find(b"\n", pos)].decode()
            text, after = json.decoder.scanstring(line, 1)  # type: ignore[attr-defined]
            starts[text] = pos + len(line[: after + 1].encode())
        else:
            starts[key.decode()] = colon + 2
        pos = find(b"\n", colon) + 1
    return _Section(data, starts)


def _index(data: bytes) -> tuple[dict[str, Any], dict[str, _Section]]:
    """The metadata and every section of what to_text wrote."""
    return _meta_of(data), {name: _section_of(data, name) for name in _SECTIONS}


@lru_cache(maxsize=1)
def _data() -> bytes:
    return _read_data()


@lru_cache(maxsize=len(_SECTIONS))
def _section(name: str) -> _Section:
    """A section, found in the data the first time it is asked for (most runs never ask for
    the enums; the types, three quarters of the entries, only when a program nests arguments)."""
    return _section_of(_data(), name)


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The whole table (``_meta``, ``resources``, ``functions``, ``types``, ``enums``), every entry
    decoded (the lookups below decode only what they are asked for)."""
    table = {"_meta": _meta_of(_data()), **{name: dict(_section(name).items()) for name in _SECTIONS}}
    keep()  # cached for the life of the process: out of the collector's sight (see lifetime)
    return table


def version() -> str:
    """The @pulumi/aws version the schema was generated from."""
    return _meta_of(_data())["version"]


# ------------------------------------------------------------------------------------------
# Names

# Word boundaries of the Pulumi Python generator: before an upper-case letter that follows a
# lower-case letter or digit, and inside an upper-case run before its last letter when a
# lower-case one follows ("DnsARecord" -> dns_a_record, "AWS" -> aws).
_WORD_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@lru_cache(maxsize=8192)
def python_name(name: str) -> str:
    """camelCase -> the Pulumi Python name (``artifactStores`` -> ``artifact_stores``,
    ``lambda`` -> ``lambda_``, ``getBucketOutput`` -> ``get_bucket_output``)."""
    s = _WORD_RE.sub("_", name).lower()
    return s + "_" if keyword.iskeyword(s) else s


@lru_cache(maxsize=8192)
def camel_name(name: str) -> str:
    """snake_case (Python) -> camelCase; camelCase stays (``lambda_`` -> ``lambda``)."""
    name = name.rstrip("_") if name.endswith("_") and keyword.iskeyword(name[:-1]) else name
    if "_" not in name:
        return name
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


# ------------------------------------------------------------------------------------------
# Shapes


@dataclass(frozen=True)
class Arg:
    """One argument (or output / nested-type property)."""

    name: str  # camelCase
    type: Any  # compact type form
    required: bool = False
    deprecated: str | None = None
    replacement: dict[str, str] | None = None  # {"arg"|"resource"|"function": name} named by `deprecated`

    @property
    def python_name(self) -> str:
        return python_name(self.name)


@dataclass(frozen=True)
class Shape:
    """A resource, a function or a nested argument type.

    ``path`` is ``module.Class`` (resource), ``module.getX`` (function) or the nested type's name
    (``codepipeline.PipelineArtifactStore``); ``token`` is the Pulumi type token (None for a
    nested type). ``outputs`` are the resource's output properties / the function's result.
    """

    kind: str  # "resource" | "function" | "type"
    path: str
    token: str | None
    args: dict[str, Arg]
    outputs: dict[str, Arg] = field(default_factory=dict)
    deprecated: str | None = None
    replacement: dict[str, str] | None = None
    args_optional: bool = False
    has_output_form: bool = False  # a function's getXOutput twin
    aliases: tuple[str, ...] = ()  # type tokens Pulumi treats as this resource (no replacement on rename)
    # child() answers, by argument name as written: the API-shape rules ask for every argument of
    # every resource each pass. Only names the shape has are kept (bounded by the schema, not by
    # what programs write).
    _children: dict[str, tuple[Arg, Shape | None]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def module(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]

    @property
    def required(self) -> list[str]:
        return [a.name for a in self.args.values() if a.required]

    def arg(self, name: str) -> Arg | None:
        """The argument called ``name`` (camelCase or snake_case), or None."""
        a = self.args.get(name)
        if a is None and ("_" in name or name[:1].isupper()):
            a = self.args.get(camel_name(name))
        return a

    def child(self, name: str) -> tuple[Arg | None, Shape | None]:
        """(the argument called ``name``, the nested type it takes as :func:`object_shape` says),
        (None, None) when the shape has no such argument."""
        hit = self._children.get(name)
        if hit is not None:
            return hit
        a = self.arg(name)
        if a is None:
            return None, None
        hit = self._children[name] = (a, object_shape(a.type))
        return hit

    def output(self, name: str) -> Arg | None:
        a = self.outputs.get(name)
        if a is None and "_" in name:
            a = self.outputs.get(camel_name(name))
        return a


@dataclass(frozen=True)
class Enum:
    name: str
    values: dict[str, Any]  # member -> value
    deprecated: dict[str, str]  # member -> deprecation text

    def member_of(self, value: Any) -> str | None:
        for k, v in self.values.items():
            if v == value:
                return k
        return None


def _args(e: dict[str, Any]) -> dict[str, Arg]:
    req = set(e.get("r", ()))
    dep = e.get("d", {})
    rep = e.get("x", {})
    return {k: Arg(k, t, k in req, dep.get(k), rep.get(k)) for k, t in e.get("a", {}).items()}


def _outputs(e: dict[str, Any]) -> dict[str, Arg]:
    dep = e.get("od", {})
    rep = e.get("ox", {})
    return {k: Arg(k, t, False, dep.get(k), rep.get(k)) for k, t in e.get("o", {}).items()}


@lru_cache(maxsize=1)
def _resource_paths() -> dict[str, str]:
    return {(f"{m}.{c}" if m else c): tok for tok, m, c in _section("resources").heads()}


@lru_cache(maxsize=1)
def _function_paths() -> dict[str, str]:
    return {(f"{m}.{n}" if m else n): tok for tok, m, n in _section("functions").heads()}


@lru_cache(maxsize=1)
def _classes_by_module() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for _tok, m, c in _section("resources").heads():
        out.setdefault(m, []).append(c)
    return {m: tuple(sorted(cs)) for m, cs in out.items()}


def module_classes(module: str) -> tuple[str, ...] | None:
    """The resource classes of module `module` (`"s3"`; Python's `lambda_` works), None when the
    package has no such module."""
    return _classes_by_module().get(_module(module))


@lru_cache(maxsize=1)
def _modules() -> frozenset[str]:
    return frozenset(
        {m for _, m, _ in _section("resources").heads()} | {m for _, m, _ in _section("functions").heads()}
    )


def has_module(module: str) -> bool:
    """Whether @pulumi/aws has module `module` (`"s3"`, Python's `lambda_`), with resources or
    functions."""
    return _module(module) in _modules()


@lru_cache(maxsize=1)
def _modules_by_class() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for _tok, m, c in _section("resources").heads():
        out.setdefault(c, []).append(m)
    return {c: tuple(sorted(ms)) for c, ms in out.items()}


def modules_with_class(cls: str) -> tuple[str, ...]:
    """The modules that have a resource class named `cls` (`"QueryDefinition"` -> ("cloudwatch",))."""
    return _modules_by_class().get(cls, ())


def resource_tokens() -> list[str]:
    return list(_section("resources"))


@lru_cache(maxsize=4096)
def resource(token: str) -> Shape | None:
    """The resource with Pulumi type token ``token`` (``aws:ecs/service:Service``), or None."""
    e = _section("resources").get(token)
    if e is None:
        return None
    path = f"{e['m']}.{e['c']}" if e["m"] else e["c"]
    return Shape(
        "resource",
        path,
        token,
        _args(e),
        _outputs(e),
        e.get("dep"),
        e.get("rep"),
        bool(e.get("ao")),
        aliases=tuple(e.get("al", ())),
    )


def _module(module: str) -> str:
    if module.startswith("aws."):
        module = module[4:]
    return ".".join(p[:-1] if p.endswith("_") else p for p in module.split("."))


def resource_at(module: str, cls: str) -> Shape | None:
    """``aws.<module>.<cls>`` (``("s3", "Bucket")``; ``"aws.s3"`` and Python's ``lambda_`` work too)."""
    module = _module(module)
    tok = _resource_paths().get(f"{module}.{cls}" if module else cls)
    return resource(tok) if tok else None


@lru_cache(maxsize=4096)
def function(token: str) -> Shape | None:
    """The function (data source) with invoke token ``token`` (``aws:s3/getBucket:getBucket``)."""
    e = _section("functions").get(token)
    if e is None:
        return None
    path = f"{e['m']}.{e['n']}" if e["m"] else e["n"]
    return Shape(
        "function",
        path,
        token,
        _args(e),
        _outputs(e),
        e.get("dep"),
        e.get("rep"),
        bool(e.get("ao")),
        bool(e.get("out")),
    )


def function_at(module: str, name: str) -> Shape | None:
    """``aws.<module>.<name>``: ``getBucket``, ``getBucketOutput``, ``get_bucket``, ``get_bucket_output``."""
    module = _module(module)
    name = camel_name(name)
    paths = _function_paths()
    key = f"{module}.{name}" if module else name
    tok = paths.get(key)
    if tok is None and name.endswith("Output"):
        tok = paths.get(key[: -len("Output")])
    return function(tok) if tok else None


@lru_cache(maxsize=4096)
def nested(name: str) -> Shape | None:
    """A nested argument type by name (``codepipeline.PipelineArtifactStore``), or None."""
    e = _section("types").get(name)
    if e is None:
        return None
    return Shape("type", name, None, _args(e), {}, e.get("dep"))


@lru_cache(maxsize=1)
def enum_names() -> tuple[str, ...]:
    """The enums' own names (`Runtime` for `lambda.Runtime`, `Region`), each once, sorted."""
    return tuple(sorted({name.rpartition(".")[2] for name in _section("enums")}))


@lru_cache(maxsize=64)
def enum_prefixes(names: frozenset[str] | None = None) -> frozenset[str]:
    """Every enum's dotted name and the names leading to it (`lambda`, `lambda.Runtime`): a dotted
    read that is none of these reaches no enum, however it goes on (a rule stops climbing there).
    `names`: only the enums of these names (`Runtime`), the ones a program spells."""
    out: set[str] = set()
    for name in _section("enums"):
        parts = name.split(".")
        if names is None or parts[-1] in names:
            out.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return frozenset(out)


@lru_cache(maxsize=256)
def enum(name: str) -> Enum | None:
    """An enum by name (``lambda.Runtime``), or None."""
    e = _section("enums").get(name)
    if e is None:
        return None
    return Enum(name, dict(e["v"]), dict(e.get("d", {})))


# ------------------------------------------------------------------------------------------
# Types


def kind(t: Any) -> str:
    """Coarse kind of a compact type: "string" | "number" | "boolean" | "list" | "map" | "object" |
    "any" | "asset" | "archive" | "function" | "mixed" (a union of different kinds).

    Enums, literals and resource references count as the kind of their values (a resource object
    stands for its id, a string)."""
    if isinstance(t, str):
        return t
    head = t[0]
    if head in ("list", "map"):
        return head
    if head in ("obj", "props"):
        return "object"
    if head == "res":
        return "string"
    if head == "lit":
        v = t[1]
        return "boolean" if isinstance(v, bool) else "number" if isinstance(v, (int, float)) else "string"
    if head == "enum":
        en = enum(t[1])
        vals = list(en.values.values()) if en else []
        return "number" if vals and all(isinstance(v, (int, float)) for v in vals) else "string"
    if head == "union":
        kinds = {kind(a) for a in t[1:]}
        return kinds.pop() if len(kinds) == 1 else "mixed"
    return "any"


_SCALARS = frozenset({"string", "number", "boolean"})


def scalar(t: Any) -> str | None:
    """ "string" | "number" | "boolean" when the type takes exactly that scalar kind, else None."""
    # A type written as a name is its own kind (`kind`): answered without asking it (IAC202 asks
    # of ~110k arguments a corpus pass).
    k = t if t.__class__ is str else kind(t)
    return k if k in _SCALARS else None


def element(t: Any) -> Any:
    """The element type of a list type (None for anything else)."""
    if isinstance(t, list) and t[0] == "list":
        return t[1]
    return None


def object_shape(t: Any) -> Shape | None:
    """The nested argument type an object-typed argument takes (for a list, its element's)."""
    if isinstance(t, list) and t[0] == "list":
        t = t[1]
    if isinstance(t, list) and t[0] == "obj":
        return nested(t[1])
    if isinstance(t, list) and t[0] == "union":
        shapes = [s for a in t[1:] if (s := object_shape(a)) is not None]
        return shapes[0] if len(shapes) == 1 else None
    return None


def enum_values(t: Any) -> tuple[list[Any], bool] | None:
    """(allowed values, open) for an enum / literal type: ``open`` when any string is accepted too."""
    alts = t[1:] if isinstance(t, list) and t[0] == "union" else [t]
    values: list[Any] = []
    open_ = False
    found = False
    for a in alts:
        if isinstance(a, list) and a[0] == "enum":
            en = enum(a[1])
            if en:
                values += list(en.values.values())
                found = True
        elif isinstance(a, list) and a[0] == "lit":
            values.append(a[1])
            found = True
        elif a == "string":
            open_ = True
    return (values, open_) if found else None


# ------------------------------------------------------------------------------------------
# Close names


def _norm(name: str) -> str:
    return camel_name(name).lower()


def _singular(n: str) -> str:
    if n.endswith("ies"):
        return n[:-3] + "y"
    if n.endswith(("ses", "xes")):
        return n[:-2]
    if n.endswith("s") and not n.endswith("ss"):
        return n[:-1]
    return n


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment), stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def close_names(name: str, candidates: list[str] | dict[str, Any]) -> list[str]:
    """The valid names ``name`` most plausibly meant, best tier only (several = ambiguous).

    Tiers, first that matches wins: the same name up to case and snake/camel spelling; up to
    singular/plural; then a small edit distance (1 for names up to 6 letters, 2 beyond). An
    exact match returns ``[name]``.
    """
    cands = list(candidates)
    if name in cands:
        return [name]
    n = _norm(name)
    tier = [c for c in cands if _norm(c) == n]
    if tier:
        return tier
    ns = _singular(n)
    tier = [c for c in cands if _singular(_norm(c)) == ns]
    if tier:
        return tier
    limit = 1 if len(n) <= 6 else 2
    scored = [(d, c) for c in cands if (d := _distance(n, _norm(c), limit)) <= limit]
    if not scored:
        return []
    best = min(d for d, _ in scored)
    return [c for d, c in scored if d == best]


# Tiers of likely_names: the first three are near-certain (the same name spelled otherwise, in the
# other number, or with a typo); "affix" is a guess from word structure (a prefix or suffix word
# more or less, an `Id`/`Arn` suffix, a unit suffix).
STRICT_TIERS = ("spelling", "number", "typo")
_UNITS = ("InSeconds", "InMinutes", "InHours", "InDays", "Seconds", "Minutes", "Hours", "Days", "InMb", "InGb")
_WORD_SPLIT = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(camel_name(name)) if w]


def likely_names(name: str, candidates: list[str] | dict[str, Any]) -> tuple[list[str], str]:
    """The valid names ``name`` was likely meant to be, and the tier they were found in (the first
    tier with any match; several names = ambiguous, never pick one). ([], "") when none.

    - "spelling": the same name up to case and snake/camel (``cloudWatchMetricsEnabled`` ->
      ``cloudwatchMetricsEnabled``);
    - "number": singular / plural (``artifactStore`` -> ``artifactStores``);
    - "typo": edit distance 1 (2 for names over 8 letters), names of 5 letters or more;
    - "affix": a leading word more (``length`` -> ``passwordLength``) or up to two less
      (``alarmName`` -> ``name``, ``replicationGroupDescription`` -> ``description``), an ``Id`` /
      ``Arn`` suffix less (``restApiId`` -> ``restApi``), a unit suffix more (``maximumEventAge`` ->
      ``maximumEventAgeInSeconds``).
    """
    cands = list(candidates)
    if name in cands:
        return [name], "exact"
    n = _norm(name)
    tier = [c for c in cands if _norm(c) == n]
    if tier:
        return tier, "spelling"
    ns = _singular(n)
    tier = [c for c in cands if _singular(_norm(c)) == ns]
    if tier:
        return tier, "number"
    if len(n) >= 5:
        limit = 1 if len(n) <= 8 else 2
        tier = [c for c in cands if _distance(n, _norm(c), limit) <= limit]
        if tier:
            return tier, "typo"
    w = _words(name)
    found = []
    for c in cands:
        cw = _words(c)
        if not cw or cw == w:
            continue
        shorter, longer = (cw, w) if len(cw) < len(w) else (w, cw)
        extra = len(longer) - len(shorter)
        # A valid name one word longer (`length` -> `passwordLength`), or the name written with up
        # to two words more, the resource's own (`replicationGroupDescription` -> `description`).
        if extra and extra <= (2 if longer is w else 1) and longer[-len(shorter) :] == shorter:
            found.append(c)
            continue
        if cw == w[:-1] and w[-1] in ("id", "arn"):
            found.append(c)
            continue
        joined = "".join(w)
        if any("".join(cw) == joined + u.lower() for u in _UNITS):
            found.append(c)
    return (found, "affix") if found else ([], "")
