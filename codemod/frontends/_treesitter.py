"""What the tree-sitter front ends share: one parser per language per process, and parse
results that count and locate syntax errors the same way for every language."""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from types import ModuleType
from typing import TYPE_CHECKING, Any

import tree_sitter as ts

from ..spans import Spans

if TYPE_CHECKING:
    from ..model import ClassField, Func, Obj, Resource


def grammar(package: str) -> ModuleType:
    """A grammar package's compiled binding (`<package>._binding`, which holds the language
    functions), loaded without the package's `__init__`. Both grammar packages import
    `importlib.resources` there, for highlight queries iacfix never reads, and with it tempfile,
    shutil, random, bz2 and lzma: 15 M of the 327 M instructions of `iacfix apply` on a small
    clean file (benchmarks/bench_startup.py; iacfix's own tables are read without that import
    too, see iacfix.data). Finding a top-level package's spec runs none of its code. The
    binding is registered under its own name, so a later `import <package>` uses this one; when
    the package is not laid out as expected (no `_binding` beside its `__init__`), it is
    imported the ordinary way."""
    name = f"{package}._binding"
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    import importlib.machinery
    import importlib.util
    import os

    spec = importlib.util.find_spec(package)
    folders = spec.submodule_search_locations if spec is not None else None
    for folder in folders or ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.isfile(path):
                binding_spec = importlib.util.spec_from_file_location(name, path)
                if binding_spec is None or binding_spec.loader is None:  # pragma: no cover - an extension has one
                    break
                module = importlib.util.module_from_spec(binding_spec)
                binding_spec.loader.exec_module(module)
                sys.modules[name] = module
                return module
    return importlib.import_module(name)


def field_id(language: ts.Language, name: str) -> int:
    """The grammar's id of field `name`, looked up once at import by each front end:
    `child_by_field_id` skips the lookup by name that `child_by_field_name` makes on every call."""
    fid = language.field_id_for_name(name)
    if fid is None:  # pragma: no cover - a grammar without the field is not its front end's
        raise ValueError(f"the grammar has no field {name!r}")
    return fid


def kinds_by_id(language: ts.Language) -> dict[int, str]:
    """Every node kind of the grammar by its id, each name interned once: the front ends read
    `Node.kind_id` (a small int, ~400 instructions under cachegrind) and look the name up here
    where `Node.type` would make a new str on every read (~600)."""
    kinds = {i: sys.intern(language.node_kind_for_id(i) or "") for i in range(language.node_kind_count)}
    kinds[0xFFFF] = "ERROR"  # (tree-sitter's error symbol, outside the grammar's own)
    return kinds


def node_bytes(node: ts.Node | None) -> bytes:
    """A node's source bytes. tree-sitter types `Node.text` as optional (None for a tree parsed
    without its source: every tree here is parsed from bytes), and a field the grammar always
    fills (`name` of a keyword argument) as an optional child."""
    text = node.text if node is not None else None
    if text is None:
        raise ValueError(f"no source text for tree-sitter node {node.type if node is not None else None}")
    return text


def node_text(node: ts.Node | None) -> str:
    """A node's source as text (UTF-8, which every tree here is parsed from). node_bytes written
    out here: over a million calls per corpus run, the extra call was a tenth of their cost."""
    text = node.text if node is not None else None
    if text is None:
        return node_bytes(node).decode()  # raises, naming the node
    return text.decode()


def captures_in_order(
    query: ts.Query, root: ts.Node, names: Iterable[str] = (), leaves: frozenset[str] = frozenset()
) -> dict[str, list[ts.Node]]:
    """Every capture of `query` over the tree, by capture name (`names` always present), each list
    in source order and, among nodes starting at one byte (`a.b().c()`), the outer one first.
    tree-sitter's own order between captures depends on the query's other patterns: a list
    sorted here stays the same whatever else the one combined query captures. `leaves`: captures
    of tokens (names), of which no two start at one byte: sorted by start alone."""
    caps = ts.QueryCursor(query).captures(root)
    out: dict[str, list[ts.Node]] = {k: [] for k in names}
    for k, nodes in caps.items():
        # Two stable sorts with C key functions (no Python call per node): by end, last first,
        # then by start.
        if k not in leaves:
            nodes.sort(key=_END, reverse=True)
        nodes.sort(key=_START)
        out[k] = nodes
    return out


_START, _END = attrgetter("start_byte"), attrgetter("end_byte")
_FIRST_START = lambda pair: pair[0].start_byte  # noqa: E731
# A use of a name (TreeQueries._use_nodes): its span, its node, the node around it, and that
# node's property when it is the member kind (else None).
_Use = tuple[int, int, ts.Node, ts.Node | None, tuple[ts.Node | None] | None]

# TreeQueries._member_fields, per program class.
_MEMBER_FIELDS: dict[type, tuple[int, int]] = {}


def named_ends(n: ts.Node) -> tuple[int, int] | None:
    """(start of the first, end of the last) of a node's named children that are not comments,
    None when it has none: what a literal's first_start/last_end read, without making a Python
    node of every child in between (a converted object literal needs only its two ends)."""
    count = n.named_child_count
    i = 0
    first = n.named_child(0) if count else None
    while first is not None and first.type == "comment":
        i += 1
        first = n.named_child(i) if i < count else None
    if first is None:
        return None
    j = count - 1
    last = n.named_child(j)
    while last is not None and last.type == "comment":
        j -= 1
        last = n.named_child(j)
    return first.start_byte, (last if last is not None else first).end_byte


def is_plus(binary: ts.Node) -> bool:
    """Whether a binary expression adds (`+`). The front ends' queries capture every binary
    expression: a pattern on the operator field would cost its analysis when the query compiles."""
    op = binary.child_by_field_name("operator")
    return op is not None and op.type == "+"


# ---- scoped builds (Transform.candidates, docs/ENGINE.md) -----------------------------------
# Captures of the name index: a scoped build leaves it incomplete (the names that resources of
# other types bind are never recorded), so it is never completed for a scoped program.
_NAME_CAPTURES = frozenset({"name"})


class ScopedCaptures(dict):
    """The captures of a scoped build: the import statements it found where `import` is written.
    Any other capture is asked only after the build (the declarations its lazy bindings read, a
    question beyond the rules' candidates): the first such question runs the front end's full
    query once (these captures depend on the tree alone, so the answer is the whole program's;
    Python's quote habit reads the strings when an edit is rendered). The name index raises
    OutOfScope instead (see _NAME_CAPTURES)."""

    def __init__(self, caps: dict[str, list[ts.Node]], complete: Callable[[], dict[str, list[ts.Node]]]):
        super().__init__(caps)
        self._complete: Callable[[], dict[str, list[ts.Node]]] | None = complete

    def __missing__(self, key: str) -> list[ts.Node]:
        if key in _NAME_CAPTURES:
            from ..model import OutOfScope

            raise OutOfScope(f"the name index ({key}) is not built in a scoped program")
        if self._complete is not None:
            full, self._complete = self._complete(), None
            self.update((k, v) for k, v in full.items() if k not in _NAME_CAPTURES)
            if key in self:
                return self[key]
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


def scope_names(scope: frozenset[str], class_aliases: dict[str, tuple[str, str]]) -> frozenset[bytes]:
    """The names a constructor of one of the `scope` types can be called by, as its last
    identifier: the class names (`aws.cloudwatch.LogGroup`, `cloudwatch.LogGroup`, `LogGroup`)
    and the local names imported for those classes (`LogGroup as LG`). A necessary condition,
    tested by set lookups before anything is converted; the resource built is then checked
    against the types themselves (Resource.is_a)."""
    classes = {"Provider" if t == "pulumi:providers:aws" else t.rsplit(":", 1)[-1].rsplit(".", 1)[-1] for t in scope}
    aliases = {local for local, (_, cls) in class_aliases.items() if cls in classes}
    return frozenset(name.encode() for name in classes | aliases)


def written(root: ts.Node, body: bytes, word: bytes) -> Iterator[ts.Node]:
    """The nodes that are exactly `word` where the text has it (`bytes.find`, then the tree
    looked up at that place: no walk), each the outermost node of that span, in source order."""
    size = len(word)
    at = body.find(word)
    while at != -1:
        node = root.descendant_for_byte_range(at, at + size)
        if node is not None and node.start_byte == at and node.end_byte == at + size:
            up = node.parent
            while up is not None and up.start_byte == at and up.end_byte == at + size:
                node, up = up, up.parent
            yield node
        at = body.find(word, at + size)


def statements_of(root: ts.Node, body: bytes, keyword: bytes, types: frozenset[str]) -> list[ts.Node]:
    """The statements of `types` the `keyword` token opens or holds (`import`: every import
    statement has one), in source order: what a query capturing those types finds, without a
    walk of the tree."""
    found: dict[int, ts.Node] = {}
    for node in written(root, body, keyword):
        up = node.parent
        if node.type == keyword.decode() and up is not None and up.type in types:
            found[up.start_byte] = up
    return [found[k] for k in sorted(found)]


def callees_named(
    root: ts.Node, body: bytes, names: Iterable[bytes], call: str, callee: str, member: str, last: str
) -> list[ts.Node]:
    """The `call` nodes whose `callee` field is one of `names`, or a `member` node whose `last`
    field is (`new LogGroup(`, `new aws.cloudwatch.LogGroup(`), in source order: what a query
    capturing every `call` and keeping those whose callee's last name is in `names` finds, from
    the places the names are written."""
    found: dict[tuple[int, int], ts.Node] = {}
    for name in names:
        for node in written(root, body, name):
            up = node.parent
            if up is not None and up.type == member and up.child_by_field_name(last) == node:
                node, up = up, up.parent
            if up is not None and up.type == call and up.child_by_field_name(callee) == node:
                found[up.start_byte, -up.end_byte] = up
    return [found[k] for k in sorted(found)]


def may_construct_in(
    root: ts.Node, body: bytes, scope: frozenset[str], calls: frozenset[str], imports: frozenset[str]
) -> bool:
    """False when no constructor of a `scope` type can be in this tree, so a scoped program of it
    would hold no resource: no class name of the scope is written as the last name of a callee
    (an ancestor within two levels is a `calls` node: `new LogGroup`, `aws.cloudwatch.LogGroup(`)
    nor inside an import (which may bind it under another name). The class names are found with
    `bytes.find` and looked up in the tree where they are (no walk, nothing converted); a
    necessary condition only, the build decides."""
    for name in scope_names(scope, {}):
        for node in written(root, body, name):
            level, up = 0, node.parent
            while up is not None:
                if up.type in imports or (level < 2 and up.type in calls):
                    return True
                level, up = level + 1, up.parent
    return False


class _Once:
    """A fill run on the first read of any of the dicts it fills (then never again)."""

    def __init__(self, fill: Callable[[], None]):
        self.fill: Callable[[], None] | None = fill

    def __call__(self) -> None:
        if self.fill is not None:
            fill, self.fill = self.fill, None
            fill()


class LazyIndex(dict):
    """A dict filled on its first read: a scoped program's `bindings` and `binding_decl`, made
    by the same loop as a whole program's, but only when a rule follows a name (most scoped
    programs never do). Every read and update fills it first."""

    def __init__(self, once: _Once):
        super().__init__()
        self._once = once

    def __getitem__(self, key: Any) -> Any:
        self._once()
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._once()
        return super().get(key, default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._once()
        return super().setdefault(key, default)

    def __contains__(self, key: object) -> bool:
        self._once()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._once()
        return super().__iter__()

    def __len__(self) -> int:
        self._once()
        return super().__len__()

    def __eq__(self, other: object) -> bool:
        self._once()
        return super().__eq__(other)

    def __repr__(self) -> str:
        self._once()
        return super().__repr__()

    def keys(self) -> Any:
        self._once()
        return super().keys()

    def values(self) -> Any:
        self._once()
        return super().values()

    def items(self) -> Any:
        self._once()
        return super().items()

    def copy(self) -> dict:
        self._once()
        return dict(super().items())

    def __setitem__(self, key: Any, value: Any) -> None:
        self._once()
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self._once()
        super().__delitem__(key)

    def pop(self, key: Any, *default: Any) -> Any:
        self._once()
        return super().pop(key, *default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._once()
        super().update(*args, **kwargs)


def bind_lazily(prog: Any, fill: Callable[[], None]) -> None:
    """Give `prog` bindings made by `fill` (which fills `prog.bindings` and `prog.binding_decl`,
    and the declared names' spans) the first time either is read."""
    once = _Once(fill)
    prog.bindings = LazyIndex(once)
    prog.binding_decl = LazyIndex(once)


def finish_scoped(prog: Any, scope: frozenset[str]) -> None:
    """Mark `prog` scoped: the resources it holds are only `scope`'s (keep those), and the
    lists a scoped build does not make refuse every use (the top-level statements too: the
    tree-sitter programs' blocks_at reads the tree, not them)."""
    from ..model import Unbuilt

    prog.scope = scope
    prog.resources = [r for r in prog.resources if r.is_a(*scope)]
    prog.calls = Unbuilt("calls", scope)
    prog.exports = Unbuilt("exports", scope)
    prog.class_fields = Unbuilt("class_fields", scope)
    prog.top_statements = Unbuilt("top_statements", scope)  # blocks_at answers from the tree


class ParserCache:
    """Parsers are built once per process, never per file."""

    def __init__(self, language: Callable[[], ts.Language]):
        self._language = language
        self._parser: ts.Parser | None = None

    def get(self) -> ts.Parser:
        if self._parser is None:
            self._parser = ts.Parser(self._language())
        return self._parser


class ParseResult:
    def __init__(self, tree: ts.Tree, body: bytes):
        self.tree = tree
        self.body = body

    @property
    def error_count(self) -> int:
        root = self.tree.root_node
        if not root.has_error:
            return 0
        return sum(1 for _ in error_nodes(root))

    def errors(self, limit: int = 5) -> list[tuple[int, int, str]]:
        """(start, end, what) of each syntax error, where the parser gave up: for an ERROR node
        that wraps whole statements (a truncated file becomes one ERROR from line 1), the tokens
        after the last complete statement in it, not the node's start."""
        out = []
        for n in error_nodes(self.tree.root_node):
            if n.is_missing:
                out.append((n.start_byte, n.end_byte, "missing " + n.type))
            else:
                start = _stuck_at(n)
                out.append(
                    (
                        start,
                        n.end_byte,
                        "unexpected " + repr(self.body[start : n.end_byte][:20].decode("utf-8", "replace")),
                    )
                )
            if len(out) >= limit:
                break
        return out

    def error_spans(self) -> list[tuple[int, int]]:
        return [(n.start_byte, n.end_byte) for n in error_nodes(self.tree.root_node)]

    def edited(self, parser: ts.Parser, edits: Iterable, body: bytes) -> ParseResult:
        """The parse of `body`, which is this text with `edits` (non-overlapping `Edit`s, in this
        text's offsets) applied: tree-sitter is told what changed and re-parses only that, reusing
        the rest of this tree (left as it was: a copy is edited)."""
        tree = self.tree.copy()
        from ..model import line_starts_of

        starts = line_starts_of(self.body)

        def point(offset: int) -> tuple[int, int]:
            row = bisect.bisect_right(starts, offset) - 1
            return row, offset - starts[row]

        # Last first: an edit moves nothing before it, so the others keep this text's offsets.
        for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
            text = e.text.encode("utf-8")
            start = point(e.start)
            nl = text.rfind(b"\n")
            end = (start[0] + text.count(b"\n"), len(text) - nl - 1) if nl != -1 else (start[0], start[1] + len(text))
            tree.edit(e.start, e.end, e.start + len(text), start, point(e.end), end)
        return ParseResult(parser.parse(body, tree), body)


_COMPLETE = ("statement", "declaration", "definition")


def _stuck_at(error: ts.Node) -> int:
    """Where the parse of an ERROR node went wrong: the first child after its last complete
    statement (children before it parsed fine); the node's start when it holds none."""
    children = error.children
    last = -1
    for i, c in enumerate(children):
        if not c.has_error and (c.type.endswith(_COMPLETE) or c.type == "comment"):
            last = i
    rest = [c for c in children[last + 1 :] if c.type != "comment"]
    return rest[0].start_byte if rest else error.start_byte


def error_nodes(root: ts.Node) -> Iterator[ts.Node]:
    """ERROR and MISSING nodes, outermost first (an iterative walk: deep nesting is fine)."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            yield n
            continue
        if n.has_error:
            stack.extend(reversed(n.children))


class TreeQueries:
    """The neutral questions of the program model, answered once for every tree-sitter language:
    functions and blocks around a position, the uses of a name, the node at a span and the node
    around a node, the function a value is returned from, and whether a name is visible.
    Memoised per offset and per node: transforms ask about every resource, declaration and
    string, again and again.

    A language supplies its node kinds (the class attributes below), `convert(node)`, and
    `_func(node) -> Func`, `_lambda(node) -> Lambda`, `_block_kind(node)`, `_not_a_use(node, parent)`."""

    FUNCTION_TYPES: frozenset[str] = frozenset()
    # A block node begins at its first statement (Python) rather than at a brace (TypeScript).
    BLOCK_STARTS_AT_FIRST = False
    # Nodes that only wrap an expression (parentheses, type assertions): looked through.
    WRAPPERS: frozenset[str] = frozenset()
    # Nodes between an expression and the expression holding it (argument lists, object pairs,
    # template substitutions, spreads, keyword arguments): parent() climbs through them.
    BETWEEN: frozenset[str] = frozenset()
    # Expressions parent() answers with; anything else (a statement) answers None.
    EXPRESSIONS: frozenset[str] = frozenset()
    RETURN = "return_statement"
    LAMBDAS: frozenset[str] = frozenset()  # functions whose `body` field may be an expression
    BODY_BLOCK = "statement_block"  # a function body made of statements
    IDENTIFIERS: frozenset[str] = frozenset({"identifier"})
    BINARY = "binary_expression"  # `a + b`: fields `left`, `operator`, `right`
    MEMBER = "member_expression"  # `a.b`: fields `object` and `property` (Python: `attribute`)
    MEMBER_PROPERTY = "property"
    SUBSCRIPT = "subscript_expression"  # `a["b"]`: the other node kind convert makes a Member of
    RECEIVER = b"this"  # the method receiver as written (`self` in Python)
    IDENT_BYTES: frozenset[int] = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")

    tree: ts.Tree
    body: bytes
    _decl_name_spans: set[tuple[int, int]]
    # What the language's program class supplies (its own methods, and Program's indexes).
    convert: Callable[..., Any]
    templates_where: Callable[..., list]
    _func: Callable[[ts.Node], Func]
    _params: Callable[[ts.Node], tuple[str, ...]]
    _block_kind: Callable[[ts.Node], str | None]
    binding_decl: dict[str, list[tuple[int, int]]]
    resources: list[Resource]
    class_fields: list[ClassField]

    def _memo(self, name: str) -> dict:
        memo = self.__dict__.get(name)
        if memo is None:
            memo = self.__dict__[name] = {}
        return memo

    # -- functions and blocks ------------------------------------------------------------------
    def functions_enclosing(self, offset: int) -> list:
        memo = self._memo("_funcs_memo")
        hit = memo.get(offset)
        if hit is not None:
            return list(hit)
        by_node = self._memo("_func_by_node")
        out = []
        caps = self.__dict__.get("_caps")
        if caps is not None and "function" in caps:  # (a scoped build's captures may lack it: climb)
            for fn in self._functions_around(caps["function"], offset):
                key = (fn.start_byte, fn.end_byte, fn.type)
                f = by_node.get(key)
                if f is None:
                    f = by_node[key] = self._func(fn)
                out.append(f)
            memo[offset] = tuple(out)
            return out
        n = self.tree.root_node.descendant_for_byte_range(offset, offset)
        while n is not None:
            if n.type in self.FUNCTION_TYPES and n.start_byte < offset:
                key = (n.start_byte, n.end_byte, n.type)
                f = by_node.get(key)
                if f is None:
                    f = by_node[key] = self._func(n)
                out.append(f)
            n = n.parent
        memo[offset] = tuple(out)
        return out

    def _functions_around(self, nodes: list[ts.Node], offset: int) -> list[ts.Node]:
        """The function nodes around `offset` (start < offset < end), innermost first, from the
        build query's `function` captures (every node of FUNCTION_TYPES, outer first at one
        start): the nodes of the tree climb from `offset`, which are those holding it, without
        the climb (IAC006 asks about every resource's tags: ~25k climbs of ~12 levels over the
        TypeScript corpus blocks). Indexed once per program: starts, ends, and each function's
        innermost enclosing function (-1 for none)."""
        index = self.__dict__.get("_function_index")
        if index is None:
            starts: list[int] = []
            ends: list[int] = []
            up: list[int] = []
            open_: list[int] = []  # the functions holding the current start, innermost last
            for i, n in enumerate(nodes):
                s, e = n.start_byte, n.end_byte
                while open_ and ends[open_[-1]] <= s:
                    open_.pop()
                up.append(open_[-1] if open_ else -1)
                starts.append(s)
                ends.append(e)
                open_.append(i)
            index = self.__dict__["_function_index"] = (starts, ends, up)
        starts, ends, up = index
        # The last function starting before `offset`; the innermost one holding it is that one or
        # one around it (a function starting between the two would lie inside the holder).
        i = bisect.bisect_left(starts, offset) - 1
        while i >= 0 and ends[i] <= offset:
            i = up[i]
        out = []
        while i >= 0:
            out.append(nodes[i])
            i = up[i]
        return out

    def blocks_at(self, offset: int) -> list:
        from ..model import Block

        memo = self._memo("_blocks_memo")
        hit = memo.get(offset)
        if hit is not None:
            return list(hit)
        by_node = self._memo("_block_by_node")
        out = []
        n = self.tree.root_node.descendant_for_byte_range(offset, offset)
        while n is not None:
            up = n.parent  # asked once a level: each is a walk down from the root
            # The root is the program block even when broken code makes it an ERROR node.
            kind = "program" if up is None else self._block_kind(n)
            inside = n.start_byte <= offset if self.BLOCK_STARTS_AT_FIRST else n.start_byte < offset
            if kind is not None and (inside or kind == "program"):
                key = (n.start_byte, n.end_byte, n.type, kind)
                blk = by_node.get(key)
                if blk is None:
                    stmts = tuple((c.start_byte, c.end_byte) for c in n.named_children if c.type != "comment")
                    blk = by_node[key] = Block(
                        n.start_byte if kind != "program" else 0,
                        n.end_byte if kind != "program" else len(self.body),
                        kind,
                        stmts,
                    )
                out.append(blk)
            n = up
        memo[offset] = tuple(out)
        return out

    def class_at(self, offset: int) -> tuple[int, int] | None:
        # blocks_at's climb, stopped at the first class body: no Block made, no level above it.
        memo = self._memo("_class_memo")
        if offset in memo:
            return memo[offset]
        found = None
        n = self.tree.root_node.descendant_for_byte_range(offset, offset)
        while n is not None and found is None:
            up = n.parent  # (the root is the program block, never a class)
            inside = n.start_byte <= offset if self.BLOCK_STARTS_AT_FIRST else n.start_byte < offset
            if up is not None and inside and self._block_kind(n) == "class":
                found = (n.start_byte, n.end_byte)
            n = up
        memo[offset] = found
        return found

    def literal_ends(self, obj: Obj) -> tuple[int | None, int | None]:
        """Program.literal_ends from the tree: the object's node (a TypeScript object, a Python
        dict or argument list) and its named children. Asked by an edit of the object: of ~60-70k
        objects converted over the corpus blocks' passes, a few hundred are written into."""
        ends = named_ends(obj.raw) if isinstance(obj.raw, ts.Node) else None
        return ends if ends is not None else (None, None)

    # -- nodes by position -----------------------------------------------------------------------
    def node_at(self, start: int, end: int):
        n = self.tree.root_node.descendant_for_byte_range(start, end)
        if n is None or n.start_byte != start or n.end_byte != end:
            return None
        return self.convert(n)

    # tree-sitter keeps no parent pointers: `node.parent` walks down from the root each time, so
    # the climbs below ask it once per step and keep the answer.
    def _outer(self, raw: ts.Node) -> ts.Node:
        """`raw` with the wrappers around it (`(x as T)` for `x`)."""
        up = raw.parent
        while up is not None and up.type in self.WRAPPERS:
            raw, up = up, up.parent
        return raw

    # A node of the first kind inside one of the second is part of it in the model (a Python
    # f-string inside an implicit concatenation: the concatenation is the Template).
    ABSORBED: dict[str, str] = {}

    @staticmethod
    def _spanning(node) -> ts.Node | None:
        """The outermost tree node spanning exactly the model node (a Python `...Args(...)` Obj
        holds its argument list but spans the whole call)."""
        raw = node.raw
        if not isinstance(raw, ts.Node):
            return None
        up = raw.parent
        while up is not None and up.start_byte >= node.start and up.end_byte <= node.end:
            raw, up = up, up.parent
        return raw

    def parent(self, node):
        raw = self._spanning(node)
        if raw is None:
            return None
        p = self._around(raw)
        return self.convert(p) if p is not None else None

    def _around(self, raw: ts.Node) -> ts.Node | None:
        """The tree node of the expression around `raw` (the outermost node spanning a model
        node) that parent() converts; None at statement level."""
        return self._expression_from(raw.parent)

    def _expression_from(self, p: ts.Node | None) -> ts.Node | None:
        """_around, from `p`, the parent of the node: through wrappers (`(x as T)`), argument
        lists, pairs and the like, to an expression."""
        while p is not None and (p.type in self.BETWEEN or p.type in self.WRAPPERS):
            p = p.parent
        if p is None or p.type not in self.EXPRESSIONS:
            return None
        if p.type in self.ABSORBED:
            up = p.parent
            if up is not None and self.ABSORBED[p.type] == up.type:
                p = up
        return p

    # The language's unwrapping of a tree node as `convert` does it (parentheses, type
    # assertions): the model node of `n` spans `_unwrapped(n)`.
    _unwrapped: Callable[[ts.Node], ts.Node]

    def member_chains(self, name: str, depth: int = 8, further: Callable[[list], bool] | None = None) -> list:
        """Program.member_chains from the tree: the node at each use's span and the climb of
        parent(), converting nothing for `a.b` (the member kind); `a["b"]` is converted to read
        it as the model does; any other kind ends the chain (convert makes no Member of it)."""
        from ..model import Access, Member

        # Asked for every resource's variable and every `aws` use (~16k calls, ~60k levels a
        # corpus pass): the kinds, fields and helpers are bound once, and the member kind (nearly
        # every level) is told from the parent's kind before the walk through wrappers.
        obj_id, prop_id = self._member_fields()
        member, subscript, body, new_tuple = self.MEMBER, self.SUBSCRIPT, self.body, tuple.__new__
        unwrapped, expression_from = self._unwrapped, self._expression_from
        out = []
        for s, e, use, up, known in self._use_nodes(name):
            # The use's own node (a name, a leaf; `this.x`, the member), and the parent _use_span
            # asked for a name (with the property read there when that parent is the member kind:
            # see _references). The node spans the use exactly and is no wrapper, so it is the
            # model node's own tree node: its span is the use's, not read again.
            raw: ts.Node = use
            start, end = s, e
            if s == e:  # a zero-width (MISSING) name: the node at its span may be another
                n = self.tree.root_node.descendant_for_byte_range(s, e)
                if n is None or n.start_byte != s or n.end_byte != e:
                    continue  # node_at: no model node (uses skips it)
                raw, up, known = unwrapped(n), None, None
                start, end = raw.start_byte, raw.end_byte
            elif up is None:
                known = None
            chain: list[Access] = []
            while len(chain) < depth:
                if chain and further is not None and not further(chain):
                    break  # (before the climb: the first access is read without one)
                if up is None:
                    up = raw.parent  # _spanning: the outermost node with the model node's span
                elif known is not None:
                    # The name's parent is a member whose object it is (it is a name of that
                    # member, not its property): the first access, read without asking again.
                    prop = known[0]
                    start, end = up.start_byte, up.end_byte
                    if prop is None:
                        chain.append(Access("", start, end, None, None))
                    else:
                        ps, pe = prop.start_byte, prop.end_byte
                        chain.append(new_tuple(Access, (body[ps:pe].decode(), start, end, ps, pe)))
                    raw, known, up = up, None, None
                    continue
                while up is not None and up.start_byte >= start and up.end_byte <= end:
                    raw, up = up, up.parent
                if up is None:
                    break
                # _expression_from(up) is `up` itself for a member (no wrapper, nothing absorbed).
                p, kind = up, up.type
                if kind != member:
                    found = expression_from(up)
                    if found is None:
                        break
                    p, kind = found, found.type
                if kind == member:  # what convert makes of it: a Member of `object`
                    obj = p.child_by_field_id(obj_id)
                    inner = unwrapped(obj) if obj is not None else None
                    if inner is None or inner.start_byte != start or inner.end_byte != end:
                        break
                    prop = p.child_by_field_id(prop_id)
                    start, end = p.start_byte, p.end_byte  # the next level's model node: this member
                    if prop is None:
                        chain.append(Access("", start, end, None, None))
                    else:  # the name sliced from the body (see _words)
                        ps, pe = prop.start_byte, prop.end_byte
                        # The tuple made in C (a NamedTuple's own __new__ is a Python call).
                        chain.append(new_tuple(Access, (body[ps:pe].decode(), start, end, ps, pe)))
                    raw = p
                elif kind == subscript:  # a Member when the index is a string
                    m = self.convert(p)
                    if not isinstance(m, Member) or m.obj is None or (m.obj.start, m.obj.end) != (start, end):
                        break
                    chain.append(Access(m.prop, m.start, m.end, m.prop_start, m.prop_end))
                    raw = m.raw
                    start, end = raw.start_byte, raw.end_byte
                else:
                    break  # a call, an operator, a literal: convert makes no Member of it
                up = None
            out.append(chain)
        return out

    def _member_fields(self) -> tuple[int, int]:
        """The grammar's ids of the member kind's `object` and property fields (field_id), per
        language: `child_by_field_id` skips the lookup by name on every level of every chain."""
        cls = type(self)
        got = _MEMBER_FIELDS.get(cls)
        if got is None:
            language = self.tree.language
            got = _MEMBER_FIELDS[cls] = (field_id(language, "object"), field_id(language, self.MEMBER_PROPERTY))
        return got

    def _in_sum(self, n: ts.Node) -> bool:
        """Whether `n` is an operand of a `+` (looking through parentheses)."""
        p = self._outer(n).parent
        return p is not None and p.type == self.BINARY and is_plus(p)

    def returned_from(self, node):
        raw = self._spanning(node)
        if raw is None:
            return None
        outer = self._outer(raw)
        p = outer.parent
        if p is None:
            return None
        if p.type in self.LAMBDAS and p.child_by_field_name("body") == outer:
            return self._lambda(p)
        if p.type == self.RETURN:
            f = p.parent
            while f is not None and f.type not in self.FUNCTION_TYPES:
                f = f.parent
            return self._lambda(f) if f is not None else None
        return None

    def _lambda(self, n: ts.Node):
        """A function node as a Lambda value: its parameters and, when its body is an expression
        or a single `return`, the value it returns."""
        from ..model import Lambda

        return Lambda(
            self,
            n.start_byte,
            n.end_byte,
            n,
            params=self._params(n),
            result_loader=self._lambda_result,
            typed_result=n.child_by_field_name("return_type") is not None,
        )

    def _lambda_result(self, fn):
        body = fn.raw.child_by_field_name("body")
        if body is None:
            return None
        if body.type != self.BODY_BLOCK:
            return self.convert(body)
        stmts = [c for c in body.named_children if c.type != "comment"]
        if len(stmts) == 1 and stmts[0].type == self.RETURN:
            value = [c for c in stmts[0].named_children if c.type != "comment"]
            return self.convert(value[0]) if value else None
        return None

    # -- names -------------------------------------------------------------------------------
    # The identifiers of the tree, from the combined query of `build` (capture "name"; TypeScript
    # adds the property names read from `this`, _receiver_fields): names are looked up here, never
    # searched for in the text.
    _caps: dict[str, list[ts.Node]]

    def _names(self) -> tuple[list[ts.Node], list[int]]:
        got = self.__dict__.get("_names_sorted")
        if got is None:
            nodes = self._caps.get("name", [])
            got = self.__dict__["_names_sorted"] = (nodes, [n.start_byte for n in nodes])
        return got

    def _words(self) -> dict[bytes, list[ts.Node]]:
        """The name nodes by their text. (A plain name's uses never include the receiver's
        fields, _fields: a field's name is a property name, which `_use_span` does not take.)"""
        # A node's text sliced from the body the tree is parsed from: `Node.text` is 2.5x the
        # cost (430 ns against 170 ns a name), and every name of the program is read here. The
        # starts are _names' (made for templates_naming in every pass): only the ends are read.
        body = self.body
        idx = self.__dict__.get("_words_idx")
        if idx is None:
            idx = self.__dict__["_words_idx"] = {}
            nodes, starts = self._names()
            for n, s in zip(nodes, starts, strict=True):
                idx.setdefault(body[s : n.end_byte], []).append(n)
        return idx

    def _fields(self) -> dict[bytes, list[tuple[ts.Node, ts.Node]]]:
        """The receiver's fields (_receiver_fields) by their names' text. Asked for `this.x`
        only: a program whose rules ask for no field does not look for them."""
        idx = self.__dict__.get("_fields_idx")
        if idx is None:
            body, idx = self.body, self.__dict__.setdefault("_fields_idx", {})
            for prop, member in self._receiver_fields():
                idx.setdefault(body[prop.start_byte : prop.end_byte], []).append((prop, member))
        return idx

    def _receiver_fields(self) -> list[tuple[ts.Node, ts.Node]]:
        """The receiver's fields read by name (`this.x`) that the "name" capture lacks, in source
        order, each as (its name node, the member `this.x`): none where a field's name is an
        identifier (Python's `self.x`)."""
        return []

    def names_in(self, node) -> frozenset[str]:
        """The identifiers inside the node's span (from the index: nothing inside is converted);
        the receiver as `this.x` where it reads a field by name, as `this` where it does not."""
        memo = self._memo("_names_memo")
        key = (node.start, node.end)
        hit = memo.get(key)
        if hit is None:
            nodes, starts = self._names()
            i, j = bisect.bisect_left(starts, node.start), bisect.bisect_left(starts, node.end)
            body, receiver = self.body, self.RECEIVER  # each name sliced from the body (see _words)
            words = {body[n.start_byte : n.end_byte] for n in nodes[i:j]}
            if receiver in words:
                words.discard(receiver)
                words.update(self._receiver_read(n) for n in nodes[i:j] if body[n.start_byte : n.end_byte] == receiver)
            hit = memo[key] = frozenset(w.decode("utf-8", "replace") for w in words)
        return hit

    def templates_naming(self, accept: Callable[[str], bool]) -> list:
        """names_in's names of each template, from the index in source order: a template is kept
        at its first name accepted, and each name is asked once (templates share most names)."""
        nodes, starts = self._names()
        body, receiver = self.body, self.RECEIVER
        said: dict[bytes, bool] = {}

        def keep(span) -> bool:
            for n in nodes[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]:
                word = body[n.start_byte : n.end_byte]
                if word == receiver:
                    word = self._receiver_read(n)
                hit = said.get(word)
                if hit is None:
                    hit = said[word] = accept(word.decode("utf-8", "replace"))
                if hit:
                    return True
            return False

        return self.templates_where(keep)

    def _receiver_read(self, n: ts.Node) -> bytes:
        """`this.x` for the receiver node `n` reading field x by name (what `references("this.x")`
        finds), else `this`: a rule looking for one field need not look at every `this`."""
        p = n.parent
        obj_id, prop_id = self._member_fields()
        if p is not None and p.type == self.MEMBER and p.child_by_field_id(obj_id) == n:
            prop = p.child_by_field_id(prop_id)
            if prop is not None:
                return b"this." + self.body[prop.start_byte : prop.end_byte]
        return b"this"

    def references(self, name: str) -> list[tuple[int, int]]:
        """Uses of a variable (`svc`, or `this.svc` for the receiver's field), not its
        declarations or assignments, not in strings or comments."""
        memo = self._memo("_ref_spans_memo")
        spans = memo.get(name)
        if spans is None:  # (made once: asked per call of a component for its parameters, uses_within)
            spans = memo[name] = tuple([(s, e) for s, e, _node, _up, _known in self._use_nodes(name)])
        return list(spans)

    def _use_nodes(self, name: str) -> tuple[_Use, ...]:
        """references(name), each use with its tree node (the name; the member `this.x` for a
        field) and, for a name, the node around it: member_chains climbs from there without
        finding the node again, nor asking its parent again (a walk down from the root each).
        Where that node is the member kind (`name.x`), the last item holds its property as
        `_references` read it, `(x,)` (member_chains' first access); else None. A use's node
        spans it exactly and is a name or a member, never a wrapper (member_chains climbs from
        it as from the model node's own tree node)."""
        memo = self._memo("_refs_memo")
        hit = memo.get(name)
        if hit is None:
            hit = memo[name] = tuple(self._references(name))
        return hit

    def _references(self, name: str) -> list[_Use]:
        out: list[_Use] = []
        if name.startswith("this."):
            field = name[5:]
            # The names of that text (Python's `self.x` attribute) are asked of _use_span; a
            # receiver's field is the use `this.x` as it stands (the member it was found under).
            word = field.encode()
            found: list[tuple[ts.Node, ts.Node | None]] = [(n, None) for n in self._words().get(word, ())]
            found += self._fields().get(word, [])
            for node, held in sorted(found, key=_FIRST_START):
                use = (
                    self._use_span(node, field) if held is None else (held.start_byte, held.end_byte, held, None, None)
                )
                if use is not None and (use[0], use[1]) not in self._decl_name_spans:
                    out.append(use)
            return out
        # _use_span of a name, written out (a call per name node of every variable asked for);
        # the index lists the nodes in source order (captures_in_order), as references are.
        # A declaration's name is passed over first: no climb to its parent (a walk down from the
        # root, most of a use's cost). A node's text is the word: its end is its start past it.
        idents, member, not_a_use, decls = self.IDENTIFIERS, self.MEMBER, self._not_a_use, self._decl_name_spans
        prop_id = self._member_fields()[1]
        word = name.encode()
        size = len(word)
        for node in self._words().get(word, ()):
            s = node.start_byte
            e = s + size
            if (s, e) in decls or node.type not in idents:
                continue
            p = node.parent
            if not_a_use(node, p):
                continue
            known: tuple[ts.Node | None] | None = None
            if p is not None and p.type == member:
                prop = p.child_by_field_id(prop_id)
                if prop == node:
                    continue  # `x.name` is not a use of `name`
                known = (prop,)  # a name of the member that is not its property is its object
            out.append((s, e, node, p, known))
        return out

    def _use_span(self, node: ts.Node, field: str | None) -> _Use | None:
        if field is None:
            if node.type not in self.IDENTIFIERS:
                return None
            p = node.parent
            if self._not_a_use(node, p):
                return None
            if p is not None and p.type == self.MEMBER and p.child_by_field_name(self.MEMBER_PROPERTY) == node:
                return None  # `x.name` is not a use of `name`
            return (node.start_byte, node.end_byte, node, p, None)
        p = node.parent
        if p is None or p.type != self.MEMBER or p.child_by_field_name(self.MEMBER_PROPERTY) != node:
            return None
        obj = p.child_by_field_name("object")
        if obj is None or obj.text != self.RECEIVER:
            return None
        return (p.start_byte, p.end_byte, p, None, None)

    def _not_a_use(self, node: ts.Node, parent: ts.Node | None) -> bool:
        """Whether the name node (under `parent`) declares rather than uses (languages say)."""
        return False

    STRING = "string"  # a string literal (every part of a Python implicit concatenation is one)

    def strings_with(self, *needles: str) -> list:
        """The literals are found where a needle is written (`bytes.find`, in C), and where a
        backslash is (an escape may write one): only those are converted and their values read."""
        memo = self._memo("_strings_with_memo")
        hit = memo.get(needles)
        if hit is None:
            from ..model import Str

            body, root, found = self.body, self.tree.root_node, {}
            # Needles that begin alike ("-0" ... "-9") are found in one scan of their first byte.
            groups: dict[bytes, list[bytes]] = {b"\\": [b"\\"]}
            for w in {n.encode() for n in needles if n}:
                groups.setdefault(w[:1], []).append(w)
            for first, words in groups.items():
                alike = tuple(words) if len(words) > 1 else None
                word, text = (first if alike else words[0]), body
                seconds = bytes(w[1] for w in words if len(w) == 2)
                if alike and len(seconds) == len(words) and first not in seconds:
                    # Needles alike but for their second byte ("-0" ... "-9"): those bytes read as the
                    # first of them, each needle written is one search for a pair in C (a search for
                    # every "-" of the text, and a test of what follows it in Python, cost ~3k
                    # instructions each: most programs write hundreds).
                    text = body.translate(bytes.maketrans(seconds, seconds[:1] * len(seconds)))
                    word, alike = first + seconds[:1], None
                i = text.find(word)
                while i != -1:
                    if alike and not body.startswith(alike, i):
                        i = text.find(word, i + 1)
                        continue
                    n = root.descendant_for_byte_range(i, i + 1)
                    for _ in range(3):  # from a fragment, content or escape up to its string
                        if n is None or n.type == self.STRING:
                            break
                        n = n.parent
                    if n is not None and n.type == self.STRING:
                        found[n.start_byte] = n
                    i = text.find(word, i + 1)
            converted = (self.convert(found[s]) for s in sorted(found))
            hit = memo[needles] = tuple(
                s for s in converted if isinstance(s, Str) and any(w in s.value for w in needles)
            )
        return list(hit)

    # Node kinds that name something where a mention may stand (values and types).
    MENTION_TYPES: frozenset[str] = frozenset({"identifier"})

    def mentions(self, name: str) -> int:
        memo = self._memo("_mentions_memo")
        hit = memo.get(name)
        if hit is not None:
            return hit
        count = sum(1 for _ in self._mention_offsets(name))
        memo[name] = count = count + self._extra_mentions(name)
        return count

    def mentioned(self, name: str) -> bool:
        hit = self._memo("_mentions_memo").get(name)
        if hit is not None:
            return hit > 0
        # The first mention answers: the names most often asked (`aws`, `pulumi`) are read
        # hundreds of times, and each occurrence costs a descent of the tree to classify it.
        if next(self._mention_offsets(name), None) is not None or self._extra_mentions(name) > 0:
            return True
        self._memo("_mentions_memo")[name] = 0  # none: the count is known
        return False

    def _mention_offsets(self, name: str) -> Iterator[int]:
        """Where the file names `name` (outside its imports, not as a property), in order."""
        word = name.encode()
        body = self.body
        ident = self.IDENT_BYTES
        in_import = self._import_spans().at
        root = self.tree.root_node
        i = body.find(word) if word else -1
        while i != -1:
            e = i + len(word)
            if (i == 0 or body[i - 1] not in ident) and (e == len(body) or body[e] not in ident) and not in_import(i):
                node = root.descendant_for_byte_range(i, e)
                if node is not None and node.start_byte == i and node.end_byte == e and self._mention(node):
                    yield i
            i = body.find(word, e)

    def _import_spans(self) -> Spans:
        """The spans of the import statements (unused-import questions ask, of every mention of
        every imported name, whether an import holds it)."""
        got = self.__dict__.get("_import_spans_memo")
        if got is None:
            got = self.__dict__["_import_spans_memo"] = Spans({(i.start, i.end) for i in getattr(self, "imports", ())})
        return got

    def field_assignments(self) -> list:
        self.assigned("")  # type: ignore[attr-defined]  # builds the memo (front ends answer `assigned`)
        memo = self._memo("_assigned_memo")
        out = [(name, v) for name, values in memo.items() if name for v in values]
        return sorted(out, key=lambda nv: nv[1].start)

    def _mention(self, node: ts.Node) -> bool:
        """Whether this name node mentions a variable (languages exclude property names)."""
        return node.type in self.MENTION_TYPES

    def _extra_mentions(self, name: str) -> int:
        return 0

    def visible(self, name: str, offset: int) -> bool:
        if name.startswith("this."):
            classes = [b for b in self.blocks_at(offset) if b.kind == "class"]
            return bool(classes) and any(classes[0].contains(s) for s, _ in self._this_declarations(name))
        if any(name in f.params for f in self.functions_enclosing(offset)):
            return True
        for s, e in self.binding_decl.get(name, []):
            if e > offset:
                continue  # declared later, or `offset` is inside its own initializer
            fns = self.functions_enclosing(s)
            if fns and not (fns[0].start <= offset < fns[0].end):
                continue  # a parameter or local of a function `offset` is not in
            home = self.blocks_at(s)[0]
            if not home.contains(offset) and home.kind != "program":
                continue
            if home.kind == "class" and any(f.start > home.start for f in self.functions_enclosing(offset)):
                continue  # a class-level name is not seen from inside its methods
            return True
        return False

    def _this_declarations(self, name: str) -> list[tuple[int, int]]:
        """Where `this.x` is assigned or declared (resources bound to it, class fields)."""
        out = [(r.stmt_start, r.stmt_end) for r in self.resources if r.var == name]
        out += [(f.start, f.end) for f in self.class_fields if f"this.{f.name}" == name]
        return out
