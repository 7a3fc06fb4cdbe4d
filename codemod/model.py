"""The language-neutral model of what a Pulumi program declares.

A front end (TypeScript on tree-sitter, Python on tree-sitter + LibCST) builds a `Program`:
resources with their type token, the variable bound to them, and their arguments as a tree of
`Node`s with byte spans. Transforms ask questions of this model and propose edits through
`program.edits`; they never see raw parser nodes.

Property keys are normalised to Pulumi's camelCase (`retention_in_days` -> `retentionInDays`),
so one transform serves both languages. Children are converted lazily: most of a program is
never looked at.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from .edits import EditKit


def camel(name: str) -> str:
    """snake_case -> camelCase; camelCase stays."""
    return name if "_" not in name else _camel(name)


# Memoised: the same few hundred names and keys are asked about again and again, in every pass of
# every text (every Python keyword argument, every name a kit spells; ~13k calls over every 8th
# Python corpus block), and each rebuilt its answer (a generator join here, a regex sub in
# `snake`: 9k and 16k instructions a call).
@lru_cache(maxsize=8192)
def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


# Word boundaries as the Pulumi Python SDK generator draws them: before an upper-case letter after
# a lower-case one or a digit, and inside an upper-case run before its last letter when a
# lower-case one follows (`dnsARecord` -> dns_a_record, `AWS` -> aws); see iacfix.awsschema.
_SNAKE_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# What options text must hold to be able to name `import` (Program.adopted): the word, a spread, an
# escape or a string; one search in C over the options' span (was seven `in` tests of a slice).
_ADOPTION_MARKS = re.compile(rb"import|\.\.\.|\*\*|\\|[\"'`]")
# The bytes of an ASCII name (written_whole): a name written next to one is part of a longer word.
NAME_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def written_whole(body: bytes, word: bytes, name_bytes: frozenset[int] = NAME_BYTES, tail: int | None = None) -> bool:
    """Whether `word` is written in `body` as a word of its own: no byte of `name_bytes` just
    before it, and none just after it past any run of the byte `tail` (`_` for Python's
    `lambda_`). Found in C (`bytes.find`), each place tested in Python: a keyword or a name can
    be nowhere else."""
    at, size = body.find(word), len(body)
    while at != -1:
        end = at + len(word)
        while tail is not None and end < size and body[end] == tail:
            end += 1
        if (at == 0 or body[at - 1] not in name_bytes) and (end == size or body[end] not in name_bytes):
            return True
        at = body.find(word, at + 1)
    return False


@lru_cache(maxsize=8192)  # (see _camel)
def snake(name: str) -> str:
    return _SNAKE_RE.sub("_", name).lower()


def line_starts_of(body: bytes) -> list[int]:
    """The offset each line of `body` starts at: 0, then one past each newline. Summed from the
    lines' lengths in C (a `find` per line in Python was ~60 ns a line, per program per pass)."""
    lines = body.split(b"\n")
    lines.pop()  # the text after the last newline starts a line and ends none
    return list(accumulate(map(add, map(len, lines), repeat(1)), initial=0))


class Node:
    """A value in the program. `start`/`end` are body byte offsets.

    `wrapped` is True when the front end looked through parentheses or a type assertion to reach
    it (`(a + b)`, `x as T`): a rewrite that splices around its span must keep those."""

    kind = "other"
    __slots__ = ("program", "start", "end", "raw", "wrapped")

    # Every subclass sets these five fields in its own __init__ rather than calling this one: the
    # model makes ~650k nodes over the corpus blocks' passes, and a second call per node is ~5%
    # of converting them. Their fields may be passed by position (the TypeScript front end does:
    # each keyword argument costs a call ~500 instructions of name matching).
    def __init__(self, program: Program, start: int, end: int, raw: Any = None):
        self.program = program
        self.start = start
        self.end = end
        self.raw = raw  # front-end handle; transforms must not use it
        self.wrapped = False

    @property
    def text(self) -> str:
        """The node's source, for messages (a transform decides nothing by reading it)."""
        return self.program.body[self.start : self.end].decode("utf-8", "replace")

    @property
    def line(self) -> int:
        return self.program.line_of(self.start)

    def __repr__(self) -> str:
        t = self.text
        return f"<{type(self).__name__} {t[:40]!r}{'...' if len(t) > 40 else ''}>"

    # Literal view: the Python value for plain literals, else None.
    @property
    def literal(self) -> Any:
        return None

    def resolved(self) -> Node | None:
        """Follow same-file const bindings (`cpu` -> the literal it holds)."""
        return self.program.resolve(self)

    def contains(self, other: Node | tuple[int, int]) -> bool:
        s, e = (other.start, other.end) if isinstance(other, Node) else other
        return self.start <= s and e <= self.end


_UNLOADED: Any = object()
_AFTER_ALL = float("inf")  # (a statement (start, end) sorts before (start, _AFTER_ALL))


class Obj(Node):
    """An object literal, dict, `...Args(...)` call or a resource's keyword arguments.

    `style` tells the renderer how to write a property into it: "ts" (`key: value`),
    "py-kwargs" / "py-args" (`key=value`), "py-dict" (`"key": value`). `data_keys` marks a
    mapping whose keys are data (tags, a JSON document), never Pulumi argument names.
    """

    kind = "object"
    __slots__ = (
        "style",
        "_loader",
        "_entries",
        "_props",
        "_spreads",
        "_index",
        "inner_start",
        "inner_end",
        "_last_end",
        "_first_start",
        "data_keys",
        "resource_kwargs",
    )

    def __init__(
        self,
        program,
        start,
        end,
        raw=None,
        style="ts",
        loader: Callable[[Obj], list] | None = None,
        inner_start: int | None = None,
        inner_end: int | None = None,
    ):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.style = style
        self._loader = loader
        self._entries: list[Prop | Spread] = _UNLOADED
        # Views of the entries, made when first asked for (the rules ask `props` ~180k times over
        # the corpus blocks, and `get` far more often than the object has keys).
        self._props: list[Prop] | None = None
        self._spreads: list[Spread] | None = None
        self._index: dict[str, Prop] | None = None
        # Between the delimiters: `{|...|}` or, for keyword arguments, `(|...|)`.
        self.inner_start = start + 1 if inner_start is None else inner_start
        self.inner_end = end - 1 if inner_end is None else inner_end
        # Start of the first element and end of the last, props or not (a Python call's
        # positional arguments count): set by the front end, or asked of it when first read
        # (Program.literal_ends): only an edit reads them, of the few objects it writes into.
        self._first_start: int | None = _UNLOADED
        self._last_end: int | None = _UNLOADED
        self.data_keys = False
        self.resource_kwargs = False  # a resource call's own keyword arguments (Python)

    @property
    def first_start(self) -> int | None:
        if self._first_start is _UNLOADED:
            self._first_start, self._last_end = self.program.literal_ends(self)
        return self._first_start

    @first_start.setter
    def first_start(self, value: int | None) -> None:
        self._first_start = value

    @property
    def last_end(self) -> int | None:
        if self._last_end is _UNLOADED:
            self._first_start, self._last_end = self.program.literal_ends(self)
        return self._last_end

    @last_end.setter
    def last_end(self, value: int | None) -> None:
        self._last_end = value

    @property
    def loaded(self) -> bool:
        return self._entries is not _UNLOADED

    @property
    def entries(self) -> list[Prop | Spread]:
        if self._entries is _UNLOADED:
            self._entries = self._loader(self) if self._loader else []
            self.program._loaded_objects.append(self)  # see Program.release
        return self._entries

    def _unload(self) -> None:
        """Forget the entries and their views (Program.release: each entry points back here)."""
        self._entries = _UNLOADED
        self._props = self._spreads = self._index = None

    # `entries`, `props` and `spreads` return the object's own lists (made once): read them,
    # never change them.
    @property
    def props(self) -> list[Prop]:
        ps = self._props
        if ps is None:
            ps = self._props = [e for e in self.entries if isinstance(e, Prop)]
        return ps

    @property
    def spreads(self) -> list[Spread]:
        ss = self._spreads
        if ss is None:
            ss = self._spreads = [e for e in self.entries if isinstance(e, Spread)]
        return ss

    def get(self, key: str) -> Prop | None:
        """The property named `key` (camelCase), last one wins like JS/Python."""
        index = self._index
        if index is None:
            index = self._index = {p.key: p for p in self.props}  # a later key replaces an earlier
        return index.get(key)

    def value(self, key: str) -> Node | None:
        p = self.get(key)
        return p.value if p else None

    def find(self, key: str) -> Prop | None:
        """Like get(), but also looks through spreads of same-file objects (`...common`)."""
        p = self.get(key)
        if p is not None:
            return p
        for s in self.spreads:
            target = self.program.resolve(s.value)
            if isinstance(target, Obj) and target is not self:
                p = target.find(key)
                if p is not None:
                    return p
        return None

    @property
    def opaque(self) -> bool:
        """True when a spread hides keys this tool cannot see (`...props`, `**kwargs`)."""
        for s in self.spreads:
            target = self.program.resolve(s.value)
            if not isinstance(target, Obj) or target is self or target.opaque:
                return True
        return False

    def may_have(self, key: str) -> bool:
        """Whether `key` is, or might be (behind an opaque spread), set."""
        return self.find(key) is not None or self.opaque

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def keys(self) -> list[str]:
        return [p.key for p in self.props]

    @property
    def literal(self) -> Any:
        if self.spreads:
            return None
        out = {}
        for p in self.props:
            v = p.value.literal if p.value is not None else None
            if v is None:
                return None
            out[p.raw_key] = v
        return out


@dataclass(eq=False, slots=True)  # slots: one is made per entry of every object a rule reads
class Prop:
    """`key: value` inside an Obj. `start`/`end` cover the whole entry (no separator)."""

    key: str  # normalised camelCase
    raw_key: str  # as written (unquoted)
    value: Node | None
    start: int
    end: int
    key_start: int
    key_end: int
    shorthand: bool = False
    owner: Obj | None = None
    quoted: bool = False  # the key is written as a string literal (`"Effect": ...`, a Python dict key)

    def __repr__(self) -> str:
        return f"<Prop {self.key}>"


@dataclass(eq=False, slots=True)
class Spread:
    """`...other` (TS) or `**other` (Python)."""

    value: Node
    start: int
    end: int


class Arr(Node):
    kind = "array"
    __slots__ = ("_loader", "_items")

    def __init__(self, program, start, end, raw=None, loader=None):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self._loader = loader
        self._items: list[Node] = _UNLOADED

    @property
    def items(self) -> list[Node]:
        if self._items is _UNLOADED:
            self._items = self._loader(self) if self._loader else []
        return self._items

    @property
    def literal(self) -> Any:
        out = []
        for i in self.items:
            v = i.literal
            if v is None:
                return None
            out.append(v)
        return out


class Str(Node):
    kind = "string"
    __slots__ = ("value", "quote", "content_start", "content_end", "triple")

    def __init__(
        self,
        program,
        start,
        end,
        raw,
        value: str,
        quote: str,
        content_start: int,
        content_end: int,
        triple: bool = False,
    ):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.value = value
        self.quote = quote
        self.content_start = content_start
        self.content_end = content_end
        self.triple = triple  # a Python triple-quoted string

    @property
    def literal(self) -> Any:
        return self.value


class Num(Node):
    kind = "number"
    __slots__ = ("value",)

    def __init__(self, program, start, end, raw, value: float | int):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.value = value

    @property
    def literal(self) -> Any:
        return self.value


class Bool(Node):
    kind = "bool"
    __slots__ = ("value",)

    def __init__(self, program, start, end, raw, value: bool):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.value = value

    @property
    def literal(self) -> Any:
        return self.value


class Null(Node):
    kind = "null"
    __slots__ = ()


class Template(Node):
    """A template literal / f-string: `parts` alternate str and Node (substitutions).

    `plain` is False when a substitution carries a conversion, a format spec or `=` (`{x!r}`,
    `{x:>10}`, `{x=}`): such a string is not a plain concatenation of its parts. `tagged` says
    a function receives it (a tagged template, `pulumi.interpolate` before it): it is that call's argument, not a string.
    A Python implicit concatenation holding an f-string (`f"{a}" "-b"`) is one Template."""

    kind = "template"
    __slots__ = ("_loader", "_parts", "plain", "tagged")

    def __init__(self, program, start, end, raw=None, loader=None, plain: bool = True, tagged: bool = False):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self._loader = loader
        self._parts: list[str | Node] = _UNLOADED
        self.plain = plain
        self.tagged = tagged

    @property
    def parts(self) -> list[str | Node]:
        if self._parts is _UNLOADED:
            self._parts = self._loader(self) if self._loader else []
        return self._parts

    @property
    def substitutions(self) -> list[Node]:
        return [p for p in self.parts if isinstance(p, Node)]

    @property
    def literal(self) -> Any:
        if self.substitutions:
            return None
        return "".join(p for p in self.parts if isinstance(p, str))


class Ident(Node):
    """A name. The receiver of a method (`this` in TypeScript, `self` in Python) is `this`."""

    kind = "ident"
    __slots__ = ("name",)

    def __init__(self, program, start, end, raw, name: str):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.name = name


class Member(Node):
    """`a.b.c` (or `a["b"]`). `dotted` is the path when it is all plain names, else None; the
    receiver is `this` in both languages (`self.bucket.arn` -> "this.bucket.arn").
    `prop_start`/`prop_end` span the property name as written (None for `a["b"]`)."""

    kind = "member"
    __slots__ = ("obj", "prop", "dotted", "prop_start", "prop_end")

    def __init__(
        self,
        program,
        start,
        end,
        raw,
        obj: Node | None,
        prop: str,
        dotted: str | None,
        prop_start: int | None = None,
        prop_end: int | None = None,
    ):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.obj = obj
        self.prop = prop
        self.dotted = dotted
        self.prop_start = prop_start
        self.prop_end = prop_end


def dotted_path(obj: Node | None, prop: str) -> str | None:
    """`Member.dotted` for `obj.prop` (or `obj["prop"]`): the path when `obj` is a plain name or
    itself a dotted member, else None. Both front ends build members with it."""
    if isinstance(obj, Ident):
        return f"{obj.name}.{prop}"
    if isinstance(obj, Member) and obj.dotted:
        return f"{obj.dotted}.{prop}"
    return None


def var_of(node: Node | None, attrs: Iterable[str]) -> str | None:
    """The variable whose attribute `node` reads, when it reads one of `attrs`, as `Resource.var`
    spells it: `bucket.id` -> "bucket", `this.bucket.arn` (Python `self.bucket.arn`) ->
    "this.bucket". None for anything else (`bucket.tags`, `f().id`, a bare name)."""
    if isinstance(node, Member) and node.prop in attrs and node.dotted:
        return node.dotted.rsplit(".", 1)[0]
    return None


class Call(Node):
    """A call `f(args)` or `new F(args)` that is not a resource. `callee` is the dotted name
    when it has one (`JSON.stringify`, `pulumi.interpolate`), else the callee's text."""

    kind = "call"
    __slots__ = ("callee", "is_new", "_loader", "_args", "_callee_node", "_callee_loader")

    def __init__(
        self,
        program,
        start,
        end,
        raw,
        callee: str,
        is_new: bool = False,
        loader=None,
        callee_node: Node | None = None,
        callee_loader: Callable[[Call], Node | None] | None = None,
    ):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.callee = callee
        self.is_new = is_new
        self._loader = loader
        self._args: tuple[list[Node], dict[str, Node]] = _UNLOADED
        self._callee_node = callee_node if callee_loader is None else _UNLOADED
        self._callee_loader = callee_loader

    @property
    def callee_node(self) -> Node | None:
        if self._callee_node is _UNLOADED:
            self._callee_node = self._callee_loader(self) if self._callee_loader else None
        return self._callee_node

    def _load(self) -> tuple[list[Node], dict[str, Node]]:
        if self._args is _UNLOADED:
            self._args = self._loader(self) if self._loader else ([], {})
        return self._args

    @property
    def args(self) -> list[Node]:
        return self._load()[0]

    @property
    def kwargs(self) -> dict[str, Node]:
        return self._load()[1]

    @property
    def method(self) -> str | None:
        """The called member's name in camelCase (`x.require_secret(...)` -> "requireSecret")."""
        if self._callee_node is _UNLOADED:  # read from the tree: no callee made for it
            prop = self.program.member_called(self)
            return camel(prop) if prop is not None else None
        cn = self.callee_node
        return camel(cn.prop) if isinstance(cn, Member) else None


class Binary(Node):
    """`a || b`, `a ?? b`, `a or b`, `a + b`..."""

    kind = "binary"
    __slots__ = ("op", "left", "right")

    def __init__(self, program, start, end, raw, op: str, left: Node | None, right: Node | None):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.op = op
        self.left = left
        self.right = right


class Await(Node):
    """`await x`."""

    kind = "await"
    __slots__ = ("value",)

    def __init__(self, program, start, end, raw, value: Node | None):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.value = value


class Lambda(Node):
    """A function written as a value (`v => ...`, `function (v) {...}`, `lambda v: ...`).

    `params` are the names its parameters bind; `result` is the expression it returns when its
    body is one (`v => v.name`, `lambda v: v.name`) or a single `return` statement; `typed_result`
    says a TypeScript return type is written (`(v): string => ...`)."""

    kind = "lambda"
    __slots__ = ("params", "_result", "_result_loader", "typed_result")

    def __init__(
        self,
        program,
        start,
        end,
        raw=None,
        *,
        params: tuple[str, ...],
        result_loader: Callable[[Lambda], Node | None] | None = None,
        typed_result: bool = False,
    ):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.params = params
        self._result: Node | None = _UNLOADED
        self._result_loader = result_loader
        self.typed_result = typed_result

    @property
    def result(self) -> Node | None:
        if self._result is _UNLOADED:
            self._result = self._result_loader(self) if self._result_loader else None
        return self._result


class Other(Node):
    """Anything else. `marker` flags a Python name bound to no value readable here (a parameter,
    a loop target): it still counts as a binding, so the name never resolves elsewhere."""

    kind = "other"
    __slots__ = ("marker",)

    def __init__(self, program, start, end, raw=None, marker: bool = False):
        self.program = program  # Node's fields, set here (see Node.__init__)
        self.start = start
        self.end = end
        self.raw = raw
        self.wrapped = False
        self.marker = marker


@dataclass(frozen=True, eq=False)
class Func:
    """A function (arrow, function expression/declaration, method, lambda) around a position.

    `params` are the names its parameters bind (destructuring included, types excluded); `call`
    is the call it is passed to as an argument when it is a callback (`x.apply(v => ...)`)."""

    start: int
    end: int
    params: tuple[str, ...]
    call: Call | None = None


@dataclass(frozen=True, eq=False)
class Export:
    """A stack output: `export const url = ...;` (TypeScript) or `pulumi.export("url", ...)`
    (Python). `start`/`end` span the whole statement; `standalone` says the statement holds
    nothing else (deleting it deletes only this export)."""

    name: str
    value: Node | None
    start: int
    end: int
    standalone: bool = True


@dataclass(frozen=True, eq=False)
class ClassField:
    """A field declared in a class body without a value (`public readonly rule: aws.lb.ListenerRule;`,
    Python `rule: aws.lb.ListenerRule`). `type_names` are the dotted names in its type."""

    cls: str
    name: str
    type_names: tuple[str, ...]
    start: int  # the whole declaration statement
    end: int
    public: bool = True  # readable from outside the class (not `private`/`protected`/`#x`/`_x`)


@dataclass(frozen=True, eq=False)
class Import:
    """An import of a module of the program (or a package): TypeScript `import { A as B } from
    "./vpc"` -> module "./vpc", names (("A", "B"),); `import * as m from "./vpc"` -> namespace "m";
    a default import is named "default". Python `from .vpc import A` -> module ".vpc" (leading dots
    are the relative level), `import modules.vpc as m` -> module "modules.vpc", namespace "m"
    (`import modules.vpc` binds the namespace "modules.vpc")."""

    module: str
    names: tuple[tuple[str, str], ...] = ()  # (imported, local)
    namespace: str | None = None
    start: int = 0  # the whole statement (Python `import a, b` gives one Import per module)
    end: int = 0
    # Where each name is written (`b as c`), in the order of `names`; the namespace's (`* as m`,
    # `a.b as m`, `a.b`). Empty when unknown.
    spans: tuple[tuple[int, int], ...] = ()
    namespace_span: tuple[int, int] | None = None
    top_level: bool = True  # a direct statement of the file (not inside a function or a `try`)
    reexport: bool = False  # its names are the file's public API (a Python package's __init__)

    def bound(self) -> list[tuple[str, tuple[int, int]]]:
        """(the name the file uses, where it is written) for every name the import binds, in
        source order: `import modules.vpc` binds `modules`; `from x import *` binds nothing here."""
        out = [(local, span) for (imported, local), span in zip(self.names, self.spans, strict=False) if local != "*"]
        if self.namespace is not None and self.namespace_span is not None:
            out.append((self.namespace.split(".", 1)[0], self.namespace_span))
        return sorted(out, key=lambda b: b[1])


@dataclass(frozen=True, eq=False)
class Definition:
    """A function or class the file declares, by the name its callers use: a top-level function
    (`function f`, `const f = (...) => ...`, `def f`), a class (its constructor's signature) or a
    method (`Cls.method`, called as `this.method(...)`).

    `params` are its positional parameters in order, the receiver left out (None for a
    destructuring pattern); `defaults` the values written for them (`tags = {}`); `fn_start` /
    `fn_end` span the function that runs when it is called (a class: its constructor), as
    `functions_enclosing` reports it."""

    name: str
    kind: str  # "class" | "function" | "method"
    start: int  # the whole declaration
    end: int
    fn_start: int
    fn_end: int
    params: tuple[str | None, ...] = ()
    defaults: tuple[tuple[str, Node], ...] = ()
    cls: str | None = None  # the class of a method or constructor
    bases: tuple[str, ...] = ()  # a class's base classes as written (`pulumi.ComponentResource`)

    def default(self, param: str) -> Node | None:
        return next((v for k, v in self.defaults if k == param), None)

    @property
    def is_component(self) -> bool:
        """A class deriving from Pulumi's `ComponentResource` (under any module alias)."""
        return self.kind == "class" and any(b.rpartition(".")[2] == "ComponentResource" for b in self.bases)


class MemberRead(NamedTuple):
    """`var.prop` accessed somewhere in the program (`deployment.invokeUrl`, `self.alarm.alarm_name`):
    `prop` in camelCase, `start`/`end` the whole access, `prop_start`/`prop_end` the name as written.
    A named tuple, made in C (`_member_reads`): ~13k are made a TypeScript corpus pass (every read
    of every resource's variable), and a frozen dataclass's __init__ sets each field through
    object.__setattr__, about 8x the cost. Immutable all the same; two reads are equal when they
    are the same access."""

    var: str
    prop: str
    start: int
    end: int
    prop_start: int
    prop_end: int


class Span(NamedTuple):
    """A byte range of the program, for questions asked before any node is made there
    (`Program.templates_where`, `Program.names_in`)."""

    start: int
    end: int


class Access(NamedTuple):
    """One member access of a chain (see Program.member_chains): `prop` as written, the span of
    the whole access, and of `prop` as written (None for `x["p"]`)."""

    prop: str
    start: int
    end: int
    prop_start: int | None
    prop_end: int | None


@dataclass(frozen=True, eq=False)
class TypeRef:
    """A reference to a @pulumi/aws nested input type: Python `aws.s3.BucketV2VersioningArgs(...)`
    (the Args class a value is built from, or one in an annotation), TypeScript
    `aws.types.input.s3.BucketV2Versioning` (a type position). `module` and `name` are the
    schema's (`s3`, `BucketV2Versioning`, no `Args`: the nested type may not exist); [start, end)
    spans the whole dotted name."""

    module: str
    name: str
    start: int
    end: int


@dataclass(eq=False)
class Resource:
    """One `new aws.mod.Cls(name, args, opts)` / `aws.mod.Cls(name, ...)` declaration."""

    program: Program
    token: str  # Pulumi type token, e.g. aws:ecs/service:Service
    module: str  # "ecs"
    cls: str  # "Service"
    start: int  # the constructor call
    end: int
    name: Node | None  # logical name argument
    args_node: Node | None  # the args expression as written (maybe an identifier)
    opts: Node | None
    var: str | None  # the variable it is bound to (`service`, `this.service`)
    stmt_start: int  # the statement holding it, including leading comments
    stmt_end: int
    standalone: bool  # the statement is only this declaration (safe to delete)
    in_class: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    # How `var` is bound: "declaration" (`const x = new ...`), "assignment" (`this.x = new ...`,
    # `x = Bucket(...)`) or "field" (a class field initializer: no statement follows it).
    bound_by: str | None = None
    # The class as written, less its name: "aws.s3" for `new aws.s3.Bucket(...)`, "s3" for
    # `new s3.Bucket(...)`, "" for a class imported by name. A sibling class is written `prefix.Cls`.
    type_prefix: str | None = None

    @property
    def args(self) -> Obj | None:
        """The arguments object, following a same-file const when it is held in one."""
        node = self.args_node
        if node is None:
            return None
        node = self.program.resolve(node)
        return node if isinstance(node, Obj) else None

    @property
    def args_inline(self) -> bool:
        """Arguments written at the call (edits there touch only this resource)."""
        return isinstance(self.args_node, Obj)

    @property
    def line(self) -> int:
        return self.program.line_of(self.start)

    @property
    def type_name(self) -> str:
        return f"aws.{self.module}.{self.cls}" if self.module else self.cls

    def is_a(self, *types: str) -> bool:
        """Whether it is one of `types`, each a token (`aws:ecs/service:Service`) or a dotted type
        (`ecs.Service`), as `Program.resources_of` takes them."""
        return self.token in types or f"{self.module}.{self.cls}" in types

    def __repr__(self) -> str:
        return f"<Resource {self.type_name} var={self.var}>"


class OutOfScope(Exception):
    """A scoped program (Program.scope) was asked what its build left out."""


class Unbuilt:
    """A list a scoped program did not build (its calls, exports, class fields): any use raises
    OutOfScope. An empty list would be a wrong answer; a rule that declares its candidates
    (Transform.candidates) asks none of them."""

    def __init__(self, what: str, scope: frozenset[str]):
        self.what, self.scope = what, scope

    def _refuse(self, *_: Any) -> Any:
        raise OutOfScope(f"{self.what}: not built in a program scoped to {', '.join(sorted(self.scope))}")

    __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = append = extend = sort = _refuse


class Program:
    """What one source file declares. Built by a front end; queried by transforms."""

    # Style facts the edit kit writes by: the file's majority quote and statement ends.
    quote: str = '"'
    uses_semicolons: bool = True

    def __init__(self, language: str, body: bytes, path: str = "<input>"):
        self.language = language
        self.body = body
        self.path = path
        self.resources: list[Resource] = []
        self.bindings: dict[str, list[Node]] = {}  # const name -> values (one per declaration)
        self.binding_decl: dict[str, list[tuple[int, int]]] = {}  # const name -> declaration spans
        self.calls: list[Call] = []  # every call the front end saw, lazily converted
        self.aws_aliases: set[str] = set()  # names bound to the @pulumi/aws module
        self.pulumi_aliases: set[str] = set()  # names bound to the @pulumi/pulumi module
        self.module_aliases: dict[str, str] = {}  # local name -> aws submodule (`ecs`)
        self.top_statements: list[tuple[int, int]] = []  # top-level statement spans
        self.imports_end: int = 0  # byte offset after the last import statement
        self.exports: list[Export] = []  # stack outputs, in source order
        self.class_fields: list[ClassField] = []  # fields declared without a value
        self.broken = False  # the file has syntax errors (what it uses may be hidden in them)
        # A scoped build (see Transform.candidates): the resource types it holds, and nothing of
        # the file but them, the imports, the bindings and positions. None: the whole program.
        self.scope: frozenset[str] | None = None
        # The files of the same program (see iacfix.project); None: this file alone.
        self.project: Any = None
        self._imports: list[Import] | None = None
        self._definitions: list[Definition] | None = None
        self._edits: EditKit | None = None
        self._line_starts: list[int] | None = None
        self._resolving: set[int] = set()
        # Objects whose entries are loaded: each entry points back at its object (`Prop.owner`).
        self._loaded_objects: list[Obj] = []

    def release(self) -> None:
        """Let go of everything this program holds, once its text is done (the applier calls it
        after each pass): its model is a graph of cycles (every node knows its program, which
        keeps them in its indexes and memos; every property knows its object), so without this
        only the cyclic garbage collector frees it, scanning each text's whole model to do so
        (a tenth of the pipeline's time). Broken here, reference counting frees it at once.
        A released program answers nothing."""
        for obj in self.__dict__.get("_loaded_objects", ()):  # (nothing the second time)
            obj._unload()
        self.__dict__.clear()

    def literal_ends(self, obj: Obj) -> tuple[int | None, int | None]:
        """(start of the first element, end of the last) of a literal whose front end did not
        set them when it made it (Obj.first_start / last_end): (None, None), an empty one."""
        return None, None

    def make_edit_kit(self) -> EditKit:  # pragma: no cover - every front end overrides it
        raise NotImplementedError

    @property
    def edits(self) -> EditKit:
        """The language's edit kit for this program (built on first use: most passes edit nothing)."""
        if self._edits is None:
            self._edits = self.make_edit_kit()
        return self._edits

    # ---- positions -------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._line_starts = line_starts_of(self.body)
        return self._line_starts

    def line_of(self, offset: int) -> int:
        """1-based line of a body offset."""
        import bisect

        return bisect.bisect_right(self.line_starts, offset)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = self.line_of(offset)
        start = self.line_starts[line - 1]
        col = len(self.body[start:offset].decode("utf-8", "replace")) + 1
        return line, col

    def line_start(self, offset: int) -> int:
        return self.line_starts[self.line_of(offset) - 1]

    def line_end(self, offset: int) -> int:
        """Offset of the newline ending the line holding `offset` (or len(body))."""
        i = self.body.find(b"\n", offset)
        return len(self.body) if i == -1 else i

    def indent_of(self, offset: int) -> str:
        start = self.line_start(offset)
        j = start
        while j < len(self.body) and self.body[j : j + 1] in (b" ", b"\t"):
            j += 1
        return self.body[start:j].decode()

    def text(self, start: int, end: int) -> str:
        return self.body[start:end].decode("utf-8", "replace")

    # ---- queries ---------------------------------------------------------------------------
    def resources_of(self, *types: str) -> list[Resource]:
        """Resources by token (`aws:ecs/service:Service`) or dotted type (`ecs.Service`), in the
        program's order. Indexed once per program: rules ask per statement or per resource, and a
        scan of every resource per question made a file quadratic in its resources."""
        if self.scope is not None and not self.scope.issuperset(types):
            raise OutOfScope(f"resources_of{types}: the program holds only {', '.join(sorted(self.scope))}")
        index = self.memo("resources_by_type", self._resources_by_type)
        if len(types) == 1:
            return list(index.get(types[0], ()))
        picked = {id(r) for t in types for r in index.get(t, ())}
        return [r for r in self.resources if id(r) in picked]

    def _resources_by_type(self) -> dict[str, list[Resource]]:
        index: dict[str, list[Resource]] = {}
        for r in self.resources:
            for key in {r.token, f"{r.module}.{r.cls}"}:
                index.setdefault(key, []).append(r)
        return index

    def calls_in(self, node: Node) -> list[Call]:
        """The calls inside `node`'s span, outer first, in order (a binary search over `calls`,
        which the front ends keep sorted by position)."""
        return [c for c in self.calls_starting(node.start, node.end + 1) if node.contains(c)]

    def calls_starting(self, start: int, end: int) -> list[Call]:
        """The calls that start in [start, end) (a class's or a function's declaration), in order:
        a binary search, as `calls_in` (a scan of every call per class grew with the square of
        the classes)."""
        starts = self.memo("call_starts", lambda: [c.start for c in self.calls])
        return self.calls[bisect_left(starts, start) : bisect_left(starts, end)]

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A fact derived from this program that several rules ask for (the API-shape rules' walk
        of every argument), computed once: it lives as long as the program, one pass. (A cache
        outside the program would keep the program alive: its values point back at it.)"""
        memos = self.__dict__.setdefault("_memos", {})
        if key not in memos:
            memos[key] = compute()
        return memos[key]

    def resource_by_var(self, name: str) -> Resource | None:
        """The one resource bound to `name` (None when none is, or several are)."""
        index = self.__dict__.get("_by_var")
        if index is None or index[0] != len(self.resources):
            # Indexed once (asked once per resource, a scan each time was quadratic); rebuilt
            # if a front end adds resources after a first question.
            by_var: dict[str, list[Resource]] = {}
            for r in self.resources:
                if r.var:
                    by_var.setdefault(r.var, []).append(r)
            index = self.__dict__["_by_var"] = (len(self.resources), by_var)
        found = index[1].get(name, [])
        return found[0] if len(found) == 1 else None

    def binding(self, name: str) -> Node | None:
        vals = self.bindings.get(name)
        return vals[0] if vals and len(vals) == 1 else None

    def module_bindings(self, name: str) -> list[tuple[Node, tuple[int, int]]]:
        """The declarations of `name` outside every function, in source order: (value, span of the
        declaration). What module-level code (and every function) can read under that name."""
        decls = zip(self.bindings.get(name, []), self.binding_decl.get(name, []), strict=False)
        return [(value, span) for value, span in decls if not self.functions_enclosing(span[0])]

    def resolve(self, node: Node | None, depth: int = 0) -> Node | None:
        """Follow identifiers bound once by `const` in this file (and `x as T` wrappers)."""
        while isinstance(node, Ident) and depth < 8:
            target = self.binding(node.name)
            if target is None or target is node:
                return node
            node = target
            depth += 1
        return node

    def calls_to(self, *callees: str) -> list[Call]:
        want = set(callees)
        return [c for c in self.calls if c.callee in want]

    def names_in(self, node: Node | Span) -> frozenset[str]:
        """The names the code of `node` mentions (variables, imported modules, and the receiver as
        `this.x` where it reads field x by name, as `this` elsewhere): a superset of the variables
        it reads (in Python, keyword and attribute names are among them). A value built without
        any of a set of names cannot read one of them.
        Front ends override; this default knows nothing and says so with every name it could be."""
        return frozenset(self.bindings) | {"this"}

    def references(self, name: str) -> list[tuple[int, int]]:
        """Spans where identifier `name` is used (not declared). Front ends override."""
        return []

    @property
    def templates(self) -> list[Template]:
        """Every template literal / f-string in the file (tagged ones included), in source order.
        Front ends override."""
        return []

    def templates_where(self, keep: Callable[[Span], bool]) -> list[Template]:
        """The `templates` whose span `keep` accepts, in source order. Front ends convert only
        those: a rule that can reject a template by its span (`names_in`: it mentions none of
        the names the rule looks for) never makes the others."""
        return [t for t in self.templates if keep(Span(t.start, t.end))]

    def templates_naming(self, accept: Callable[[str], bool]) -> list[Template]:
        """The `templates` that mention a name (as `names_in` gives it) `accept` says yes to, in
        source order, only those converted. Front ends read each template's names from their
        index without making a set of them, and ask `accept` once per name."""
        return self.templates_where(lambda span: any(map(accept, self.names_in(span))))

    def strings_with(self, *needles: str) -> list[Str]:
        """The plain string literals (`Str`) whose value holds one of `needles`, in source order.
        Only those literals are converted: a rule that wants a few strings (an ARN, a region)
        asks for them instead of walking every argument. Front ends override."""
        return []

    @property
    def concatenations(self) -> list[Binary]:
        """Every whole `a + b` sum (one that is no operand of another `+`), in source order:
        where a program may build a string by concatenation. Front ends override."""
        return []

    def operands(self, node: Node | None) -> list[Node]:
        """`a + b + c` -> [a, b, c]: the operands of a chain of one binary operator written with
        nothing but the operator and spaces between them (no parentheses closing an inner chain,
        no comments); [] when `node` is no such chain. The chain follows left operands (`a + b`
        is the left operand of `a + b + c`); where a gap is not clean the chain stops and the
        rest is its first operand."""
        if not isinstance(node, Binary):
            return []
        op = node.op.encode()
        rights: list[Node] = []
        n: Node | None = node
        while isinstance(n, Binary) and n.op == node.op and n.left is not None and n.right is not None:
            if self.body[n.left.end : n.right.start].strip() != op:
                break
            rights.append(n.right)
            n = n.left
        if not rights or n is None:
            return []
        return [n, *reversed(rights)]

    def functions_enclosing(self, offset: int) -> list[Func]:
        """The functions around body offset `offset`, innermost first. Front ends override."""
        return []

    # ---- neutral questions a transform asks (front ends answer) --------------------------------
    def uses(self, name: str) -> list[Node]:
        """Every use of a variable (`svc`, or `this.svc` for a field of the class, `self.svc` in
        Python) as a model node: an Ident, or the Member `this.svc`. Declarations are not uses."""
        return self.uses_within(name, 0, len(self.body) + 1)

    def uses_within(self, name: str, start: int, end: int) -> list[Node]:
        """The uses of `name` (as `uses` gives them) that start inside [start, end), a function's
        or a class's span: only those are converted. A question about one constructor's
        parameters (`name`, `args`: every component's constructor takes them) asked once per
        call of a component made every use in the file a node each time, which grew with the
        square of the components."""
        spans = self.references(name)  # (in source order)
        out = []
        for s, e in spans[bisect_left(spans, (start, -1)) :]:
            if s >= end:
                break
            n = self.node_at(s, e)
            if n is not None:
                out.append(n)
        return out

    def resource_options(self, resource: Resource) -> Obj | None:
        """A resource's options as an object (`{ parent: this, protect: true }`, Python
        `ResourceOptions(parent=self, protect=True)`), keys in their TypeScript names; None when
        they are not written at the resource or in a same-file const."""
        opts = self.resolve(resource.opts) if resource.opts is not None else None
        return opts if isinstance(opts, Obj) else None

    def mentions(self, name: str) -> int:
        """How often the file names `name` outside its import statements: as a value, in a type
        (`x: Foo`, `Foo<T>`, a Python string annotation), in `export { name }` or a Python `__all__`.
        A property name (`x.name`, `{ name: 1 }`, `f(name=1)`) is not a mention."""
        return 0

    def mentioned(self, name: str) -> bool:
        """Whether the file mentions `name` at all (`mentions(name) > 0`), answered at the first
        mention: whether an import is used needs no count of its uses."""
        return self.mentions(name) > 0

    def spelled(self, *names: str) -> frozenset[str]:
        """The names of `names` this program may spell in a name, an access or a string: each
        written with no name character (ASCII letter, digit, `_`) just before it and none but `_`
        just after (`lambda_`): the whole text of a token, or of a string's value. Every one of
        them where the text holds a backslash (an escape may spell any), and, in a file with
        syntax errors, wherever it is written (a broken token may end anywhere). A name left out
        is spelled by no name, access or string of the program: a rule looking for accesses of
        a few names (IAC204's enums) skips a program that spells none, finding the names in C
        where a climb of the tree per use finds nothing."""
        body = self.body
        if b"\\" in body:
            return frozenset(names)
        if self.broken:
            return frozenset(n for n in names if body.find(n.encode()) >= 0)
        return frozenset(n for n in names if written_whole(body, n.encode(), tail=95))  # (95: `_`)

    def node_at(self, start: int, end: int) -> Node | None:
        """The model node of the expression spanning exactly [start, end), if there is one."""
        return None

    def parent(self, node: Node) -> Node | None:
        """The expression directly around `node` (looking through parentheses and type
        assertions): the Member `node.x` when node is its object, the Call it is the callee or an
        argument of, the Obj/Arr/Template/Binary/Await/Lambda holding it. None at statement level."""
        return None

    def returned_from(self, node: Node) -> Lambda | None:
        """The function `node` is the whole returned value of (an arrow's expression body,
        `return node`, a lambda's body), as a Lambda; None otherwise."""
        return None

    def visible(self, name: str, offset: int) -> bool:
        """Whether `name` is declared where `offset` can see it: in an enclosing block, before
        `offset` (or a class field seen from the class's methods, for `this.x`)."""
        return name in self.bindings

    def member_called(self, call: Call) -> str | None:
        """The member a call calls, as written (`x.require_secret(...)` -> "require_secret"), or
        None when its callee is no member. Front ends read it without converting the callee."""
        cn = call.callee_node
        return cn.prop if isinstance(cn, Member) else None

    def pulumi_helper(self, call: Call | None) -> str | None:
        """The @pulumi/pulumi function a call calls, by its TypeScript name: `pulumi.interpolate`
        -> "interpolate", Python `pulumi.Output.concat` -> "concat", `pulumi.Output.json_dumps`
        -> "jsonStringify", `pulumi.export` -> "export", `pulumi.get_stack` -> "getStack"."""
        return None

    def json_call(self, call: Call | None) -> str | None:
        """ "stringify" for `JSON.stringify` / `json.dumps`, "parse" for `JSON.parse` / `json.loads`."""
        return None

    def stringify_kind(self, call: Call | None) -> str | None:
        """ "plain" for a JSON serialisation blind to Outputs (`JSON.stringify`, `json.dumps`),
        "output" for Pulumi's Output-aware one (`pulumi.jsonStringify`, `pulumi.Output.json_dumps`),
        None for any other call."""
        if call is None:
            return None
        # Asked of every call (IAC001/002/003): json_call and pulumi_helper read nothing but the
        # callee as written and the imports, so it is answered once per callee and pass.
        kinds = self.memo("stringify_kinds", dict)
        kind = kinds.get(call.callee, _UNLOADED)
        if kind is _UNLOADED:
            if self.json_call(call) == "stringify":
                kind = "plain"
            else:
                kind = "output" if self.pulumi_helper(call) == "jsonStringify" else None
            kinds[call.callee] = kind
        return kind

    def aws_function(self, call: Call | None) -> str | None:
        """The @pulumi/aws function a call invokes, in camelCase with its module: `aws.getRegion()`
        -> "getRegion", Python `aws.ec2.get_vpc_output()` -> "ec2.getVpcOutput"."""
        return None

    # ---- the program's own modules (front ends answer; iacfix.project links files) -------------
    @property
    def imports(self) -> list[Import]:
        """Every import statement of the file, in source order."""
        if self._imports is None:
            self._imports = self._load_imports()
        return self._imports

    @property
    def definitions(self) -> list[Definition]:
        """The functions, classes and methods the file declares (see Definition)."""
        if self._definitions is None:
            self._definitions = self._load_definitions()
        return self._definitions

    def _load_imports(self) -> list[Import]:
        return []

    def _load_definitions(self) -> list[Definition]:
        return []

    def definition(self, name: str) -> Definition | None:
        """The definition this file declares under `name` ("VpcStack", "VpcStack.create")."""
        index = self.__dict__.get("_definitions_by_name")
        if index is None:  # (asked per call of every component: a scan each grew with their square)
            index = self.__dict__["_definitions_by_name"] = {}
            for d in self.definitions:
                index.setdefault(d.name, []).append(d)
        found = index.get(name, ())
        return found[0] if len(found) == 1 else None

    def definition_of(self, func: Func) -> Definition | None:
        """The definition whose function `func` is (from `functions_enclosing`)."""
        return next((d for d in self.definitions if d.fn_start == func.start and d.fn_end == func.end), None)

    def returns(self, definition: Definition) -> list[Node]:
        """The values a function returns (`return x`, an arrow's expression body); none for a class."""
        return []

    def assigned(self, name: str) -> list[Node]:
        """Values assigned to a receiver field (`this.tags = ...`, Python `self.tags = ...`)
        anywhere in the file, by model name ("this.tags")."""
        return []

    def field_assignments(self) -> list[tuple[str, Node]]:
        """Every receiver field the file assigns, with the value, in source order:
        `this.bucket = new aws.s3.Bucket(...)` -> ("this.bucket", <the call>)."""
        return []

    def origins(self, node: Node) -> list[Origin]:
        """Where the value of `node` is written, across the files of the program: through consts,
        `a || b` fallbacks, members of objects, function parameters to the arguments their call
        sites pass (in any file of the project), functions to what they return, `.apply(...)`
        callbacks to their result. See iacfix.project.origins."""
        # Imported here on purpose: iacfix.project is the layer above the model (it builds the
        # project's other files through the front ends, which build on this module), so the model
        # cannot import it when it loads. The question stays a Program method, like every other a
        # transform asks; and a program built alone (fix_text, a test) gets its project of one file
        # on its first question, which only iacfix.project can make, so a project-supplied hook on
        # `self.project` would still need this import (or break when nothing had imported it yet).
        # After the first call the import is a lookup in sys.modules.
        from .project import origins

        return origins(self, node)

    def member_reads(self, name: str) -> list[MemberRead]:
        """Every `name.x` access in the program (a read, or the target of an assignment), for a
        variable `name` (`this.x` for a field, as the model names it): `x` in camelCase, with the
        span of the access and of `x` as written."""
        memo = self.__dict__.setdefault("_member_reads_memo", {})  # asked per resource by several rules
        found = memo.get(name)
        if found is None:
            found = memo[name] = self._member_reads(name)
        return list(found)

    def _member_reads(self, name: str) -> list[MemberRead]:
        out, make = [], tuple.__new__
        for chain in self.member_chains(name, 1):
            a = chain[0] if chain else None
            if a is not None and a.prop_start is not None and a.prop_end is not None:
                out.append(make(MemberRead, (name, camel(a.prop), a.start, a.end, a.prop_start, a.prop_end)))
        return out

    def member_chains(
        self, name: str, depth: int = 8, further: Callable[[list[Access]], bool] | None = None
    ) -> list[list[Access]]:
        """For every use of variable `name` (as `uses` finds them, in that order), the member
        accesses written on it one after another, up to `depth` of them: `aws.lambda.Runtime.X`
        -> [lambda, Runtime, X] for the use `aws`. A chain stops at the first expression around
        (`parent`) that is not an access of the one before. What `uses` and `parent` say,
        without making model nodes: front ends answer from the tree (a rule reading every
        `aws.<module>...` use would otherwise convert each level of each of them).
        `further`, when given, is asked before each access after the first, with the chain read
        so far (the list itself: read it, keep nothing): False ends the chain there. A rule that
        can tell from a path's first names that it leads nowhere it looks (no enum under
        `aws.s3`) has the rest left unread: each access further up is a climb of the tree."""
        out = []
        for node in self.uses(name):
            chain: list[Access] = []
            while len(chain) < depth:
                if chain and further is not None and not further(chain):
                    break
                up = self.parent(node)
                if not isinstance(up, Member) or up.obj is None or (up.obj.start, up.obj.end) != (node.start, node.end):
                    break
                chain.append(Access(up.prop, up.start, up.end, up.prop_start, up.prop_end))
                node = up
            out.append(chain)
        return out

    @property
    def type_refs(self) -> list[TypeRef]:
        """Every reference to a @pulumi/aws nested input type (see TypeRef), in source order.
        Front ends override."""
        return []

    def type_ref_of(self, node: Node | None) -> TypeRef | None:
        """The input type a value is declared as: the Args class a Python value is built from
        (`aws.s3.BucketV2VersioningArgs(...)`), the annotation of the TypeScript const it
        initializes (`const v: aws.types.input.s3.BucketV2Versioning = {...}`). None for a plain
        literal."""
        return None

    @property
    def type_names(self) -> frozenset[str]:
        """Dotted names written in type positions (annotations, generics): `aws.s3.BucketV2` in
        `let b: aws.s3.BucketV2` / `b: aws.s3.BucketV2 = ...`. Front ends override."""
        return frozenset()

    def call_kwargs(self, call: Call) -> Obj | None:
        """A call's keyword arguments as an object (Python `f(a=1, b=2)`), so entries can be read and
        renamed like an object's; None where the language has none (TypeScript passes objects)."""
        return None

    def options_of(self, res: Resource) -> Obj | None:
        """A resource's options as an object whichever way they are written (keys camelCase):
        `{ provider }` or a same-file const holding one, Python `pulumi.ResourceOptions(provider=p)`.
        None when it has none, or they come from elsewhere (a parameter, `ResourceOptions.merge(...)`,
        positional ResourceOptions arguments)."""
        node = self.resolve(res.opts) if res.opts is not None else None
        if isinstance(node, Obj):
            return node
        if (
            isinstance(node, Call)
            and not node.args
            and self.pulumi_helper(node) in ("ResourceOptions", "CustomResourceOptions")
        ):
            return self.call_kwargs(node)
        return None

    def adopted(self, res: Resource) -> bool:
        """Whether a resource is adopted with `{ import: id }` / `ResourceOptions(import_=id)`: an
        `import` key in its options as `options_of` reads them (through consts and spreads).
        Options written at the call whose text holds no `import`, spread, escape or string (most:
        `{ parent: this }`) answer no without being converted: their keys are the names written
        there, and no name but one written with `import` (`import_`) reads as it."""
        node = res.opts
        if node is None:
            return False
        if not isinstance(node, Ident) and _ADOPTION_MARKS.search(self.body, node.start, node.end) is None:
            return False
        opts = self.options_of(res)
        return opts is not None and opts.find("import") is not None

    def is_aws(self, dotted: str | None) -> bool:
        if not dotted:
            return False
        head = dotted.split(".", 1)[0]
        return head in self.aws_aliases

    @property
    def prologue_end(self) -> int:
        """Where module-level declarations go: after the leading docstring and the imports that
        open the file, not after an import further down (code before it may already use the
        value). 0 when the file opens with code."""
        imports = {(i.start, i.end) for i in self.imports}
        end = 0
        for n, (s, e) in enumerate(self.blocks_at(0)[-1].statements):
            if (s, e) in imports or any(s <= i_s and i_e <= e for i_s, i_e in imports):
                end = e
            elif n == 0 and isinstance(self.node_at(s, e), (Str, Template)):
                end = e  # a module docstring
            else:
                break
        return end

    def blocks_at(self, offset: int) -> list[Block]:
        """The lexical blocks around body offset `offset`, innermost first, the program last.
        Front ends override; this default knows only the program and its top-level statements."""
        return [Block(0, len(self.body), "program", tuple(self.top_statements))]

    def class_at(self, offset: int) -> tuple[int, int] | None:
        """The span of the class body around `offset`, the innermost (None outside classes): the
        first "class" of `blocks_at`, which front ends answer without making the other blocks."""
        return next(((b.start, b.end) for b in self.blocks_at(offset) if b.kind == "class"), None)


@dataclass(frozen=True, eq=False)
class Block:
    """A lexical block around a position: the whole program, a function body, another
    `{ ... }` block, or a class body. `statements` are the spans of its direct statements
    (a declaration placed after one of them is visible to the rest of the block)."""

    start: int
    end: int
    kind: str  # "program" | "function" | "block" | "class"
    statements: tuple[tuple[int, int], ...] = ()

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def statement_at(self, offset: int) -> tuple[int, int] | None:
        """The direct statement of this block holding `offset`. (A bisection: the statements are
        in order and apart, and a block of thousands is asked once per resource in it.)"""
        statements = self.statements
        k = bisect_right(statements, (offset, _AFTER_ALL)) - 1
        if k >= 0:
            s, e = statements[k]
            if s <= offset < e:
                return (s, e)
        return None


def walk(node: Node | None) -> Iterator[Node]:
    """Every node under `node` (pre-order), through objects, arrays, calls and templates."""
    if node is None:
        return
    stack = [node]
    pop, push = stack.pop, stack.append
    while stack:
        n = pop()
        yield n
        kids: Sequence[Node | None]
        if isinstance(n, Obj):
            kids = [e.value for e in n.entries]
        elif isinstance(n, Arr):
            kids = n.items
        elif isinstance(n, Call):
            kids = [*n.args, *n.kwargs.values()]
        elif isinstance(n, Template):
            kids = n.substitutions
        elif isinstance(n, Binary):
            kids = [n.left, n.right]
        elif isinstance(n, Member):
            kids = [n.obj]
        else:
            continue  # a leaf: no list made for it
        for k in reversed(kids):  # pushed last first: popped in source order
            if k is not None:
                push(k)


def ref_name(node: Node | None) -> str | None:
    """The name a reference is written with, as the model spells it: `tags` for a variable,
    `args.tags` / `this.tags` (Python `self.tags`) for a member of one; None for anything else
    (a call, a literal, a member of a call's result)."""
    if isinstance(node, Ident):
        return node.name
    return node.dotted if isinstance(node, Member) else None


# Defined here, not in iacfix.project (which answers Program.origins and re-exports it), so the
# model needs nothing from the project module to say what it returns.
@dataclass(frozen=True, eq=False)
class Origin:
    """Where a value is written.

    kind "value": `node` is the value as written (an object literal, a string, a call this model
    cannot follow) in `program`. "absent": `node` is an object literal that leaves the member out
    (`new Vpc("v", { cidr })` for `args.tags`): the place to add it. "omitted": `node` is a call
    that does not pass the parameter at all. "outside": no call site in the project passes the
    parameter `param` of `definition` (the component's caller is not part of the program); `path`
    are the members taken from it (`args.tags` -> ("tags",)). "unknown": followed no further
    (a callback's parameter, a value computed at run time). `fallback`: the value is only used
    when what comes before it in `a || b` is not set."""

    program: Program
    node: Node | None
    kind: str = "value"
    definition: Definition | None = None
    param: str | None = None
    path: tuple[str, ...] = ()
    fallback: bool = False  # reached through the right of `a || b` / `a ?? b` / `a or b`

    @property
    def literal(self) -> Obj | None:
        """The object literal itself, when this origin is one."""
        return self.node if self.kind == "value" and isinstance(self.node, Obj) else None
