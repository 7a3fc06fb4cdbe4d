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
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from .edits import EditKit


def camel(name: str) -> str:
    """snake_case -> camelCase; camelCase stays."""
    if "_" not in name:
        return name
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


_SNAKE_RE = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    return _SNAKE_RE.sub(r"_\1", name).lower()


class Node:
    """A value in the program. `start`/`end` are body byte offsets."""

    kind = "other"
    __slots__ = ("program", "start", "end", "raw", "__dict__")

    def __init__(self, program: "Program", start: int, end: int, raw: Any = None):
        self.program = program
        self.start = start
        self.end = end
        self.raw = raw  # front-end handle; transforms must not use it

    @property
    def text(self) -> str:
        return self.program.body[self.start:self.end].decode("utf-8", "replace")

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

    def resolved(self) -> "Node":
        """Follow same-file const bindings (`cpu` -> the literal it holds)."""
        return self.program.resolve(self)


class Obj(Node):
    """An object literal, dict, `...Args(...)` call or a resource's keyword arguments.

    `style` tells the renderer how to write a property into it: "ts" (`key: value`),
    "py-kwargs" / "py-args" (`key=value`), "py-dict" (`"key": value`).
    """

    kind = "object"

    def __init__(self, program, start, end, raw=None, *, style="ts", loader: Callable[["Obj"], list] | None = None,
                 inner_start: int | None = None, inner_end: int | None = None):
        super().__init__(program, start, end, raw)
        self.style = style
        self._loader = loader
        # Between the delimiters: `{|...|}` or, for keyword arguments, `(|...|)`.
        self.inner_start = start + 1 if inner_start is None else inner_start
        self.inner_end = end - 1 if inner_end is None else inner_end
        # End of the last element, props or not (a Python call's positional arguments count).
        self.last_end: int | None = None
        self.first_start: int | None = None

    @cached_property
    def entries(self) -> list["Prop | Spread"]:
        return self._loader(self) if self._loader else []

    @property
    def props(self) -> list["Prop"]:
        return [e for e in self.entries if isinstance(e, Prop)]

    @property
    def spreads(self) -> list["Spread"]:
        return [e for e in self.entries if isinstance(e, Spread)]

    def get(self, key: str) -> "Prop | None":
        """The property named `key` (camelCase), last one wins like JS/Python."""
        found = None
        for p in self.props:
            if p.key == key:
                found = p
        return found

    def value(self, key: str) -> Node | None:
        p = self.get(key)
        return p.value if p else None

    def find(self, key: str) -> "Prop | None":
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


@dataclass(eq=False)
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

    def __repr__(self) -> str:
        return f"<Prop {self.key}>"


@dataclass(eq=False)
class Spread:
    """`...other` (TS) or `**other` (Python)."""

    value: Node
    start: int
    end: int


class Arr(Node):
    kind = "array"

    def __init__(self, program, start, end, raw=None, *, loader=None):
        super().__init__(program, start, end, raw)
        self._loader = loader

    @cached_property
    def items(self) -> list[Node]:
        return self._loader(self) if self._loader else []

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

    def __init__(self, program, start, end, raw=None, *, value: str, quote: str, content_start: int, content_end: int):
        super().__init__(program, start, end, raw)
        self.value = value
        self.quote = quote
        self.content_start = content_start
        self.content_end = content_end

    @property
    def literal(self) -> Any:
        return self.value


class Num(Node):
    kind = "number"

    def __init__(self, program, start, end, raw=None, *, value: float | int):
        super().__init__(program, start, end, raw)
        self.value = value

    @property
    def literal(self) -> Any:
        return self.value


class Bool(Node):
    kind = "bool"

    def __init__(self, program, start, end, raw=None, *, value: bool):
        super().__init__(program, start, end, raw)
        self.value = value

    @property
    def literal(self) -> Any:
        return self.value


class Null(Node):
    kind = "null"


class Template(Node):
    """A template literal / f-string: `parts` alternate str and Node (substitutions)."""

    kind = "template"

    def __init__(self, program, start, end, raw=None, *, loader=None):
        super().__init__(program, start, end, raw)
        self._loader = loader

    @cached_property
    def parts(self) -> list["str | Node"]:
        return self._loader(self) if self._loader else []

    @property
    def substitutions(self) -> list[Node]:
        return [p for p in self.parts if isinstance(p, Node)]

    @property
    def literal(self) -> Any:
        if self.substitutions:
            return None
        return "".join(p for p in self.parts if isinstance(p, str))


class Ident(Node):
    kind = "ident"

    def __init__(self, program, start, end, raw=None, *, name: str):
        super().__init__(program, start, end, raw)
        self.name = name


class Member(Node):
    """`a.b.c` (or `a["b"]`). `dotted` is the path when it is all plain names, else None."""

    kind = "member"

    def __init__(self, program, start, end, raw=None, *, obj: Node | None, prop: str, dotted: str | None):
        super().__init__(program, start, end, raw)
        self.obj = obj
        self.prop = prop
        self.dotted = dotted


class Call(Node):
    """A call `f(args)` or `new F(args)` that is not a resource. `callee` is the dotted name
    when it has one (`JSON.stringify`, `pulumi.interpolate`), else the callee's text."""

    kind = "call"

    def __init__(self, program, start, end, raw=None, *, callee: str, is_new: bool = False, loader=None, callee_node: Node | None = None):
        super().__init__(program, start, end, raw)
        self.callee = callee
        self.is_new = is_new
        self._loader = loader
        self.callee_node = callee_node

    @cached_property
    def _args(self) -> tuple[list[Node], dict[str, Node]]:
        return self._loader(self) if self._loader else ([], {})

    @property
    def args(self) -> list[Node]:
        return self._args[0]

    @property
    def kwargs(self) -> dict[str, Node]:
        return self._args[1]


class Binary(Node):
    """`a || b`, `a ?? b`, `a or b`, `a + b`..."""

    kind = "binary"

    def __init__(self, program, start, end, raw=None, *, op: str, left: Node, right: Node):
        super().__init__(program, start, end, raw)
        self.op = op
        self.left = left
        self.right = right


class Other(Node):
    kind = "other"


@dataclass(frozen=True, eq=False)
class Func:
    """A function (arrow, function expression/declaration, method, lambda) around a position.

    `params` are the names its parameters bind (destructuring included, types excluded); `call`
    is the call it is passed to as an argument when it is a callback (`x.apply(v => ...)`)."""

    start: int
    end: int
    params: tuple[str, ...]
    call: "Call | None" = None


@dataclass(eq=False)
class Resource:
    """One `new aws.mod.Cls(name, args, opts)` / `aws.mod.Cls(name, ...)` declaration."""

    program: "Program"
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

    def __repr__(self) -> str:
        return f"<Resource {self.type_name} var={self.var}>"


class Program:
    """What one source file declares. Built by a front end; queried by transforms."""

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
        self.edits: "EditKit" = None  # type: ignore[assignment]  # set by the front end
        self._line_starts: list[int] | None = None
        self._resolving: set[int] = set()

    # ---- positions -------------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.body.find
            i = find(b"\n")
            while i != -1:
                starts.append(i + 1)
                i = find(b"\n", i + 1)
            self._line_starts = starts
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
        while j < len(self.body) and self.body[j:j + 1] in (b" ", b"\t"):
            j += 1
        return self.body[start:j].decode()

    def text(self, start: int, end: int) -> str:
        return self.body[start:end].decode("utf-8", "replace")

    # ---- queries ---------------------------------------------------------------------------
    def resources_of(self, *types: str) -> list[Resource]:
        """Resources by token (`aws:ecs/service:Service`) or dotted type (`ecs.Service`)."""
        want = set(types)
        return [r for r in self.resources if r.token in want or f"{r.module}.{r.cls}" in want]

    def resource_by_var(self, name: str) -> Resource | None:
        found = [r for r in self.resources if r.var == name]
        return found[0] if len(found) == 1 else None

    def binding(self, name: str) -> Node | None:
        vals = self.bindings.get(name)
        return vals[0] if vals and len(vals) == 1 else None

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

    def references(self, name: str) -> list[tuple[int, int]]:
        """Spans where identifier `name` is used (not declared). Front ends override."""
        return []

    @property
    def templates(self) -> list[Template]:
        """Every template literal / f-string in the file (tagged ones included). Front ends override."""
        return []

    def functions_enclosing(self, offset: int) -> list[Func]:
        """The functions around body offset `offset`, innermost first. Front ends override."""
        return []

    def is_aws(self, dotted: str | None) -> bool:
        if not dotted:
            return False
        head = dotted.split(".", 1)[0]
        return head in self.aws_aliases

    def blocks_at(self, offset: int) -> list["Block"]:
        """The lexical blocks around body offset `offset`, innermost first, the program last.
        Front ends override; this default knows only the program and its top-level statements."""
        return [Block(0, len(self.body), "program", tuple(self.top_statements))]


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
        """The direct statement of this block holding `offset`."""
        for s, e in self.statements:
            if s <= offset < e:
                return (s, e)
        return None


def walk(node: Node | None) -> Iterator[Node]:
    """Every node under `node` (pre-order), through objects, arrays, calls and templates."""
    if node is None:
        return
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        kids: Iterable[Node | None]
        if isinstance(n, Obj):
            kids = [e.value for e in n.entries]
        elif isinstance(n, Arr):
            kids = n.items
        elif isinstance(n, Call):
            kids = list(n.args) + list(n.kwargs.values())
        elif isinstance(n, Template):
            kids = n.substitutions
        elif isinstance(n, Binary):
            kids = [n.left, n.right]
        elif isinstance(n, Member):
            kids = [n.obj]
        else:
            kids = []
        stack.extend(k for k in reversed(list(kids)) if k is not None)
