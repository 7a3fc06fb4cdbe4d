"""TypeScript front end: tree-sitter-typescript -> the neutral program model.

One parse per file; one query (run in C) picks out imports, declarations, `new` and call
expressions; Python only touches those candidates, and converts argument trees lazily.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast, overload

import tree_sitter as ts

from ..model import (
    NAME_BYTES,
    Arr,
    Await,
    Binary,
    Bool,
    Call,
    ClassField,
    Definition,
    Export,
    Func,
    Ident,
    Import,
    Member,
    Node,
    Null,
    Num,
    Obj,
    Other,
    Program,
    Prop,
    Resource,
    Span,
    Spread,
    Str,
    Template,
    TypeRef,
    dotted_path,
    written_whole,
)
from ..spans import Spans
from ..tokens import resource_token
from ._treesitter import (
    ParserCache,
    ParseResult,
    ScopedCaptures,
    TreeQueries,
    bind_lazily,
    callees_named,
    field_id,
    finish_scoped,
    grammar,
    is_plus,
    kinds_by_id,
    may_construct_in,
    node_bytes,
    node_text,
    scope_names,
    statements_of,
    written,
)

if TYPE_CHECKING:
    from .typescript_edits import TSEditKit

LANGUAGE = "typescript"

# The one query run on every tree (in C): what `build` reads (imports, declarations, `new` and
# calls) and the indexes the model answers from (templates, `+` sums, identifiers, the classes
# and functions of `definitions`, every function for `functions_enclosing`, the type names of
# `type_names`). One walk of the tree: a separate query walks it again.
# Every pattern is a node kind alone: a pattern that constrains a child or a field (`operator:
# "+"`, `object: (this)`) makes tree-sitter analyse the grammar when the query is compiled, 2-3 ms
# each, once per process (a third of `iacfix apply` on a small file). Those are filtered in Python
# when a transform first asks (`concatenations`, `_receiver_fields`).
_QUERY_SRC = """
(import_statement) @import
(variable_declarator name: (identifier) value: (_)) @decl
(new_expression) @new
(call_expression) @call
(template_string) @template
(binary_expression) @binary
[(identifier) (shorthand_property_identifier) (this)] @name
(class_declaration) @cls
(abstract_class_declaration) @cls
(function_declaration) @fn
[(arrow_function) (function_expression) (function_declaration) (generator_function)
 (generator_function_declaration) (method_definition)] @function
(class_body) @class_body
[(type_identifier) (nested_type_identifier)] @type
"""

_UNWRAP = {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}
_STATEMENT_PARENTS = {"program", "statement_block", "class_body", "switch_case", "switch_default", "export_statement"}
_UNWRAP_AWAIT = _UNWRAP | {"await_expression"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@lru_cache(maxsize=1)
def _lang() -> ts.Language:
    return ts.Language(grammar("tree_sitter_typescript").language_typescript())


@lru_cache(maxsize=1)
def _query() -> ts.Query:
    return ts.Query(_lang(), _QUERY_SRC)


def _field(name: str) -> int:
    return field_id(_lang(), name)


# Node kinds by id, for the hottest reads: `Node.type` makes a new str each read (~600
# instructions under cachegrind), `Node.kind_id` a small int (~400), looked up here in a name
# interned once (its hash kept for the `in` tests). Same answer: every node of the corpus's trees.
_KINDS = kinds_by_id(_lang())


# The grammar's field ids, looked up once: `child_by_field_id` skips the lookup of the name that
# `child_by_field_name` makes on every call (~1.3M calls over the corpus blocks' passes).
_F_ALIAS = _field("alias")
_F_ARGUMENTS = _field("arguments")
_F_BODY = _field("body")
_F_CONSTRUCTOR = _field("constructor")
_F_DECLARATION = _field("declaration")
_F_FUNCTION = _field("function")
_F_INDEX = _field("index")
_F_KEY = _field("key")
_F_LEFT = _field("left")
_F_NAME = _field("name")
_F_OBJECT = _field("object")
_F_PARAMETER = _field("parameter")
_F_PARAMETERS = _field("parameters")
_F_PATTERN = _field("pattern")
_F_PROPERTY = _field("property")
_F_SOURCE = _field("source")
_F_TYPE = _field("type")
_F_VALUE = _field("value")
_F_OPERATOR = _field("operator")
_F_RIGHT = _field("right")


_FUNCTIONS = {
    "arrow_function",
    "function_expression",
    "function",
    "function_declaration",
    "generator_function",
    "generator_function_declaration",
    "method_definition",
}
_PATTERN_SKIP = {"type_annotation", "optional_type_annotation"}
_FUNCTION_VALUES = ("arrow_function", "function_expression", "function")  # `const f = (...) => ...`


# Nodes whose `statement_block` child is a function body (for Program.blocks_at).
_FUNCTION_NODES = {
    "arrow_function",
    "function_expression",
    "function",
    "function_declaration",
    "generator_function",
    "generator_function_declaration",
    "method_definition",
}


_JSON_CALLS = {"JSON.stringify": "stringify", "JSON.parse": "parse"}

_PARSERS = ParserCache(lambda: _lang())
_CALL_START, _CALL_END = attrgetter("start"), attrgetter("end")
_new_tuple, _new_object = tuple.__new__, object.__new__
_NODE_START, _NODE_END = attrgetter("start_byte"), attrgetter("end_byte")


def parser() -> ts.Parser:
    return _PARSERS.get()


def parse(body: bytes) -> ParseResult:
    return ParseResult(parser().parse(body), body)


def may_construct(parsed: ParseResult, body: bytes, scope: frozenset[str]) -> bool:
    """False when a program scoped to `scope` would hold no resource (see _treesitter.may_construct_in)."""
    return may_construct_in(parsed.tree.root_node, body, scope, _CONSTRUCTORS, _IMPORT_STATEMENTS)


_CONSTRUCTORS = frozenset({"new_expression"})
_IMPORT_STATEMENTS = frozenset({"import_statement"})


def reparse(parsed: ParseResult, edits, body: bytes) -> ParseResult:
    """The parse of `body`, `parsed`'s text with `edits` applied (incremental)."""
    return parsed.edited(parser(), edits, body)


# ---- conversion of tree-sitter nodes to model nodes -----------------------------------------
def _unwrap(n: ts.Node) -> ts.Node:
    while n is not None and _KINDS[n.kind_id] in _UNWRAP:
        inner = n.named_child(0)  # (named_children[0]: a list of every child made to read one)
        if inner is None:
            break
        n = inner
    return n


def _path(n: ts.Node, body: bytes) -> tuple[str, str | None]:
    """What `convert` makes of a callee, without making it: ("ident", its name), ("member", its
    `dotted`, None when it has none) or ("other", None). Names are sliced from `body`, the text
    the tree is parsed from (as `_convert` reads them: `Node.text` costs twice a slice)."""
    t = n.type
    if t in _UNWRAP:
        n = _unwrap(n)
        t = n.type
    if t == "identifier" or t == "shorthand_property_identifier":
        return "ident", body[n.start_byte : n.end_byte].decode()
    if t == "member_expression":
        obj_n, prop_n = n.child_by_field_id(_F_OBJECT), n.child_by_field_id(_F_PROPERTY)
        prop = body[prop_n.start_byte : prop_n.end_byte].decode() if prop_n is not None else ""
        kind, head = _path(obj_n, body) if obj_n is not None else ("other", None)
        return "member", (f"{head}.{prop}" if kind == "ident" or (kind == "member" and head) else None)
    if t == "this":
        return "ident", "this"
    if t == "subscript_expression":
        idx = n.child_by_field_id(_F_INDEX)
        idx = _unwrap(idx) if idx is not None else None
        if idx is None or idx.type != "string" or idx.end_byte - idx.start_byte < 2:
            return "other", None
        value = _decode_string(body[idx.start_byte + 1 : idx.end_byte - 1])
        obj_n = n.child_by_field_id(_F_OBJECT)
        kind, head = _path(obj_n, body) if obj_n is not None else ("other", None)
        return "member", (f"{head}.{value}" if kind == "ident" or (kind == "member" and head) else None)
    return "other", None


# The bytes of a callee written as plain names and single dots (`aws.s3.Bucket`, `JSON.stringify`).
# (Substrings of bytes are looked for with `find`: `b"x" in data` first tries the needle as an
# integer, and raises and clears a TypeError doing so, ~1k instructions a test.)
_NAME_BYTES = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$."


def _callee(fn: ts.Node, body: bytes) -> str:
    """Call.callee: the dotted name `convert` would give the callee (`_path`), else its text.
    A callee written only with names and single dots is its own dotted name whatever its nodes
    (each part is a name, or the path is None and the text is the answer anyway): sliced, no
    node read. Anything else (spaces, comments, `?.`, `a["b"]`, parentheses, non-ASCII) is read
    from the tree."""
    text = body[fn.start_byte : fn.end_byte]
    if not text.translate(None, _NAME_BYTES) and text.find(b"..") < 0:
        return text.decode()
    kind, path = _path(fn, body)  # what the callee converts to, read from the tree
    return path if path and kind != "other" else text.decode("utf-8", "replace")


def _load_callee(call: Call) -> Node | None:
    fn = call.raw.child_by_field_id(_F_CONSTRUCTOR if call.is_new else _F_FUNCTION)
    return cast("TSProgram", call.program).convert(fn) if fn is not None else None


def _named(n: ts.Node) -> list[ts.Node]:
    """The named children of `n` but comments: the list tree-sitter made, unless a comment is
    among them (rarely): no second list, nor a comprehension's frame, for each of ~10k calls over
    every 8th corpus block's passes."""
    kids = n.named_children
    for c in kids:
        if _KINDS[c.kind_id] == "comment":
            return [c for c in kids if _KINDS[c.kind_id] != "comment"]
    return kids


def _decode_string(raw: bytes) -> str:
    s = raw.decode("utf-8", "replace")
    if "\\" not in s:
        return s
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            nxt = s[i + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            if nxt == "u" and s[i + 2 : i + 3] == "{":
                j = s.find("}", i)
                try:
                    out.append(chr(int(s[i + 3 : j], 16)))
                    i = j + 1
                    continue
                except ValueError:
                    pass
            if nxt == "u":
                try:
                    out.append(chr(int(s[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                except ValueError:
                    pass
            if nxt == "x":
                try:
                    out.append(chr(int(s[i + 2 : i + 4], 16)))
                    i += 4
                    continue
                except ValueError:
                    pass
            if nxt == "\n":
                i += 2
                continue
            out.append(nxt)
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _number(text: str) -> float | int | None:
    # Most are a few decimal digits (`80`, `256`): what the float below makes of those (exact
    # below 2**53; a longer one is rounded there).
    if len(text) < 16 and text.isascii() and text.isdigit():
        return int(text)
    t = text.replace("_", "")
    try:
        if t.lower().startswith(("0x", "0o", "0b")):
            return int(t, 0)
        v = float(t)
        return int(v) if v.is_integer() and "." not in t and "e" not in t.lower() else v
    except ValueError:
        return None


class TSProgram(TreeQueries, Program):
    WRAPPERS = frozenset(_UNWRAP)
    BETWEEN = frozenset({"arguments", "pair", "template_substitution", "spread_element"})
    EXPRESSIONS = frozenset(
        {
            "member_expression",
            "subscript_expression",
            "call_expression",
            "new_expression",
            "object",
            "array",
            "template_string",
            "binary_expression",
            "await_expression",
            "arrow_function",
            "function_expression",
            "ternary_expression",
        }
    )
    BODY_BLOCK = "statement_block"
    LAMBDAS = frozenset({"arrow_function"})

    # The function itself, not a method around it: member_chains asks it at every step of every
    # use's climb (~130k calls over the corpus blocks' passes), a frame saved each.
    _unwrapped = staticmethod(_unwrap)

    _later_decls: list[tuple[str, ts.Node, ts.Node]]  # (binding_decl when first read)

    def __init__(self, body: bytes, path: str, tree: ts.Tree):
        super().__init__(LANGUAGE, body, path)
        self.tree = tree
        self._decl_name_spans: set[tuple[int, int]] = set()
        self.pulumi_named: dict[str, str] = {}  # `import { interpolate as i } from "@pulumi/pulumi"`: i -> interpolate
        del self.__dict__["_class_fields"]  # (Program's empty list: the fields are found when first read)
        # The loaders of lazy nodes, made once per program: `self._load_object` read per node
        # makes a bound method each time, and an array's lambda a function object.
        self._object_loader = self._load_object
        self._template_loader = self._load_template
        self._args_loader = self._load_call_args
        self._array_loader = self._load_array

    @property
    def class_fields(self) -> list[ClassField]:
        """The fields top-level classes declare without a value: read by two rules, in ~3% of the
        corpus's passes; finding them reads every member of every class."""
        got = self.__dict__.get("_class_fields")
        if got is None:
            got = self.__dict__["_class_fields"] = []
            _exports_and_fields(self, self.tree.root_node.named_children, got)
        return got

    @class_fields.setter
    def class_fields(self, value: list[ClassField]) -> None:
        self.__dict__["_class_fields"] = value

    @cached_property
    def binding_decl(self) -> dict[str, list[tuple[int, int]]]:  # type: ignore[override]
        """The declarations' spans, when the build left them to be found when first read (in
        Program.__dict__ otherwise, which this never shadows: see _bind_declarations)."""
        return _declaration_spans(self.__dict__.pop("_later_decls"))

    @property
    def uses_semicolons(self) -> bool:  # type: ignore[override]  # read when an edit is rendered
        """The file's statements end with `;` (most lines that end a statement do): asked only
        when an edit is written, so counted then (three scans of the body per pass otherwise)."""
        got = self.__dict__.get("_uses_semicolons")
        if got is None:
            body = self.body
            got = self.__dict__["_uses_semicolons"] = body.count(b";\n") + body.count(b";\r\n") >= max(
                1, body.count(b"\n") // 20
            )
        return got

    def make_edit_kit(self) -> TSEditKit:
        from .typescript_edits import TSEditKit  # here: a text that needs no fix never renders one

        return TSEditKit(self)

    @overload
    def convert(self, n: ts.Node) -> Node: ...
    @overload
    def convert(self, n: ts.Node | None) -> Node | None: ...

    def convert(self, n: ts.Node | None) -> Node | None:
        """The model node of a tree node (always one: `Other` for what the model does not read)."""
        if n is None:
            return None
        t = _KINDS[n.kind_id]  # read once and handed on (see _KINDS)
        if t not in _UNWRAP:
            return self._convert(n, t)
        u = _unwrap(n)
        node = self._convert(u, u.type)
        if u is not n and node is not None:
            node.wrapped = True
        return node

    def _convert(self, n: ts.Node, t: str) -> Node:
        # The most frequent kinds first (over the corpus: identifiers, members, objects, templates,
        # strings, `this`, arrays, calls): every test before a node's own costs a comparison.
        # Names and keys are read from the body by byte range (a slice; `Node.text` costs twice).
        # Model nodes are made with positional arguments: each keyword costs a call ~500
        # instructions more (name matching), on ~300k nodes and properties a corpus pass.
        s, e = n.start_byte, n.end_byte
        if t == "identifier" or t == "shorthand_property_identifier":
            return Ident(self, s, e, n, self.body[s:e].decode())
        if t == "member_expression":
            obj_n = n.child_by_field_id(_F_OBJECT)
            prop_n = n.child_by_field_id(_F_PROPERTY)
            obj = self.convert(obj_n)
            prop = self.body[prop_n.start_byte : prop_n.end_byte].decode() if prop_n is not None else ""
            dotted = dotted_path(obj, prop)
            if dotted is None and obj_n is not None and obj_n.type == "this":
                dotted = f"this.{prop}"
            if prop_n is None:
                return Member(self, s, e, n, obj, prop, dotted)
            return Member(self, s, e, n, obj, prop, dotted, prop_n.start_byte, prop_n.end_byte)
        if t == "object":
            return Obj(self, s, e, n, "ts", self._object_loader)  # its ends: literal_ends
        if t == "template_string":
            return Template(self, s, e, n, self._template_loader, True, self._tagged(n, s, e))
        if t == "string" and e - s >= 2:  # (a zero-width MISSING string is `Other`)
            body = self.body
            raw = body[s + 1 : e - 1]  # (no escape, most: decoded here, as _decode_string would)
            value = _decode_string(raw) if raw.find(b"\\") >= 0 else raw.decode("utf-8", "replace")
            return Str(self, s, e, n, value, chr(body[s]), s + 1, e - 1)
        if t == "this":
            return Ident(self, s, e, n, "this")
        if t == "array":
            arr = Arr(self, s, e, n, self._array_loader)
            return arr
        if t == "call_expression" or t == "new_expression":
            return self._call(n)
        if t == "number":
            v = _number(self.body[s:e].decode())
            return Num(self, s, e, n, v) if v is not None else Other(self, s, e, n)
        if t == "true" or t == "false":
            return Bool(self, s, e, n, t == "true")
        if t == "binary_expression":
            op = n.child_by_field_id(_F_OPERATOR)
            return Binary(
                self,
                s,
                e,
                n,
                node_text(op) if op else "?",
                self.convert(n.child_by_field_id(_F_LEFT)),
                self.convert(n.child_by_field_id(_F_RIGHT)),
            )
        if t == "null" or t == "undefined":
            return Null(self, s, e, n)
        if t == "subscript_expression":
            obj = self.convert(n.child_by_field_id(_F_OBJECT))
            idx = self.convert(n.child_by_field_id(_F_INDEX))
            if isinstance(idx, Str):
                return Member(self, s, e, n, obj, idx.value, dotted_path(obj, idx.value))
            return Other(self, s, e, n)
        if t == "await_expression":
            inner = _named(n)
            return Await(self, s, e, n, self.convert(inner[0]) if inner else None)
        if t in ("arrow_function", "function_expression", "function"):
            return self._lambda(n)
        return Other(self, s, e, n)

    def _tagged(self, n: ts.Node, s: int, e: int) -> bool:
        """Whether the template at `n` (spanning s..e) is a tagged template: a call's arguments.
        A whole program answers from its captured calls, once (a template's `parent` is a walk
        down from the root, per template converted); a scoped program, which captured no call,
        from the tree."""
        spans = self.__dict__.get("_tagged_spans")
        if spans is None:
            caps = self.__dict__.get("_caps")
            if caps is None or isinstance(caps, ScopedCaptures):  # (its calls: the full query)
                p = n.parent
                return p is not None and p.type == "call_expression" and p.child_by_field_id(_F_ARGUMENTS) == n
            spans = self.__dict__["_tagged_spans"] = {
                (a.start_byte, a.end_byte)
                for c in caps["call"]
                if (a := c.child_by_field_id(_F_ARGUMENTS)) is not None and _KINDS[a.kind_id] == "template_string"
            }
        return (s, e) in spans

    # -- what a call calls ---------------------------------------------------------------------
    def member_called(self, call: Call) -> str | None:
        fn = call.raw.child_by_field_id(_F_CONSTRUCTOR if call.is_new else _F_FUNCTION)
        u = _unwrap(fn) if fn is not None else None
        if u is None:
            return None
        t = _KINDS[u.kind_id]
        if t != "member_expression":
            return super().member_called(call) if t == "subscript_expression" else None
        prop = u.child_by_field_id(_F_PROPERTY)
        return self.body[prop.start_byte : prop.end_byte].decode() if prop is not None else ""

    def pulumi_helper(self, call: Call | None) -> str | None:
        if call is None or not call.callee:
            return None
        head, dot, rest = call.callee.partition(".")
        if dot and head in self.pulumi_aliases and head:
            return rest
        return self.pulumi_named.get(call.callee) if not dot else None

    def json_call(self, call: Call | None) -> str | None:
        callee = call.callee if call is not None else None
        return _JSON_CALLS.get(callee or "")  # (asked of every call IAC101 climbs past: no dict made per question)

    def aws_function(self, call: Call | None) -> str | None:
        if call is None or call.is_new or not call.callee:
            return None
        parts = call.callee.split(".")
        if len(parts) in (2, 3) and parts[0] in self.aws_aliases:
            name = ".".join(parts[1:])
        elif len(parts) == 2 and parts[0] in self.module_aliases:
            name = f"{self.module_aliases[parts[0]]}.{parts[1]}"
        else:
            return None
        return name if name.rpartition(".")[2][:1].islower() else None

    def _call(self, n: ts.Node) -> Call:
        is_new = _KINDS[n.kind_id] == "new_expression"
        fn = n.child_by_field_id(_F_CONSTRUCTOR if is_new else _F_FUNCTION)
        callee = ""
        if fn is not None:
            callee = _callee(fn, self.body)
        return Call(self, n.start_byte, n.end_byte, n, callee, is_new, self._args_loader, None, _load_callee)

    def _load_call_args(self, call: Call):
        args_n = call.raw.child_by_field_id(_F_ARGUMENTS)
        if args_n is None or _KINDS[args_n.kind_id] != "arguments":
            return [], {}
        return [self.convert(c) for c in _named(args_n)], {}

    def _load_array(self, arr: Arr) -> list[Node]:
        return [self.convert(c) for c in _named(arr.raw)]

    def _load_template(self, tpl: Template):
        # Each child's kind read once, by id (a backtick was read three times, a substitution
        # twice), its text sliced from the body.
        parts: list[Any] = []
        body, kinds = self.body, _KINDS
        for c in tpl.raw.children:
            t = kinds[c.kind_id]
            if t == "string_fragment":
                parts.append(body[c.start_byte : c.end_byte].decode("utf-8", "replace"))
            elif t == "escape_sequence":
                parts.append(_decode_string(body[c.start_byte : c.end_byte]))
            elif t == "template_substitution":
                inner = _named(c)
                parts.append(self.convert(inner[0]) if inner else Other(self, c.start_byte, c.end_byte, c))
        return parts

    def _load_object(self, obj: Obj):
        # The most read literal of all (every entry of every object a rule reads): its children
        # are read once, comments fall through (no list without them is made first), and each
        # value goes straight to `_convert` unless a wrapper needs `convert`'s unwrapping.
        entries: list[Any] = []
        body = self.body
        convert, convert_kind = self.convert, self._convert
        kinds = _KINDS
        for c in obj.raw.named_children:
            t = kinds[c.kind_id]
            if t == "pair":
                k = c.child_by_field_id(_F_KEY)
                if k is None:
                    continue
                # Read from the tree: the key's span and the value (a read costs ~400-1,400
                # instructions, ~150k pairs a corpus pass). The key's kind is its first byte (a
                # string starts with a quote, a computed key with `[`, a name or number with
                # neither); the pair spans its key's start to its value's end (a node ends at
                # its last child: tree-sitter leaves trailing comments out of it), and a value
                # converted as it is (not unwrapped) spans its tree node.
                ks, ke = k.start_byte, k.end_byte
                first = body[ks] if ke > ks else 0
                quoted = first == 34 or first == 39  # " '
                if quoted:
                    raw_key = _decode_string(body[ks + 1 : ke - 1])
                elif first == 91:  # [
                    inner = _named(k)
                    if inner and inner[0].type == "string":
                        raw_key = _decode_string(body[inner[0].start_byte + 1 : inner[0].end_byte - 1])
                    else:
                        raw_key = body[ks:ke].decode("utf-8", "replace")
                else:
                    raw_key = body[ks:ke].decode("utf-8", "replace")
                v = c.child_by_field_id(_F_VALUE)
                if v is None:
                    value, end = None, c.end_byte
                else:
                    vt = kinds[v.kind_id]
                    if vt not in _UNWRAP:
                        value = convert_kind(v, vt)
                        end = value.end
                    else:
                        value, end = convert(v), v.end_byte
                # The property's fields set here, not by the dataclass's __init__: a type call
                # into a Python __init__ costs ~1k instructions more than the object itself, on
                # ~19k properties over every 8th corpus block's passes (test_model_api checks that
                # every field of Prop is set).
                prop = _new_object(Prop)
                prop.key = prop.raw_key = raw_key
                prop.value = value
                prop.start = prop.key_start = ks
                prop.end = end
                prop.key_end = ke
                prop.shorthand = False
                prop.owner = obj
                prop.quoted = quoted
                entries.append(prop)
            elif t == "shorthand_property_identifier":
                cs, ce = c.start_byte, c.end_byte
                name = body[cs:ce].decode()
                entries.append(Prop(name, name, Ident(self, cs, ce, c, name), cs, ce, cs, ce, True, obj))
            elif t == "spread_element":
                inner = _named(c)
                entries.append(
                    Spread(
                        convert(inner[0]) if inner else Other(self, c.start_byte, c.end_byte, c),
                        c.start_byte,
                        c.end_byte,
                    )
                )
        return entries

    @property
    def templates(self) -> list[Template]:
        """Every template literal, in source order (converted when first asked for)."""
        cached = self.__dict__.get("_templates")
        if cached is None:
            cached = self.__dict__["_templates"] = [self.convert(n) for n in self._caps["template"]]
        return cached

    def templates_where(self, keep: Callable[[Span], bool]) -> list[Template]:
        # Each Span made in C (tuple.__new__, as member_chains makes its Access tuples): the
        # named tuple's own __new__ is a Python call, for every template of every pass.
        if "_templates" in self.__dict__:
            return [t for t in self.templates if keep(_new_tuple(Span, (t.start, t.end)))]
        kept = [self.convert(n) for n in self._caps["template"] if keep(_new_tuple(Span, (n.start_byte, n.end_byte)))]
        return cast(list[Template], kept)  # a template_string converts to a Template

    @property
    def concatenations(self) -> list[Binary]:
        cached = self.__dict__.get("_concatenations")
        if cached is None:
            cached = self.__dict__["_concatenations"] = [
                self.convert(n) for n in self._caps["binary"] if is_plus(n) and not self._in_sum(n)
            ]
        return cached

    def _receiver_fields(self) -> list[tuple[ts.Node, ts.Node]]:
        # `this.x`: the query captures the `this` (a name, read from the name index: a `this` is
        # written `this`, or is a zero-width MISSING one); its property is found from there.
        got = self.__dict__.get("_receiver_fields_memo")
        if got is not None:
            return got
        words = self._words()
        this, missing = words.get(b"this", []), words.get(b"")
        out = self.__dict__["_receiver_fields_memo"] = []
        for n in sorted(this + missing, key=lambda n: n.start_byte) if missing else this:
            if n.type != "this":
                continue
            p = n.parent
            if p is None or p.type != "member_expression" or p.child_by_field_id(_F_OBJECT) != n:
                continue
            prop = p.child_by_field_id(_F_PROPERTY)
            if prop is not None and prop.type == "property_identifier":
                out.append((prop, p))
        return out

    @staticmethod
    def _params(n: ts.Node) -> tuple[str, ...]:
        params: list[str] = []
        for field in ("parameters", "parameter"):
            pn = n.child_by_field_name(field)
            if pn is not None:
                _pattern_names(pn, params)
        return tuple(params)

    def _func(self, n: ts.Node) -> Func:
        params = self._params(n)
        call = None
        p = n.parent
        while p is not None and p.type in _UNWRAP:
            p = p.parent
        if p is not None and p.type == "arguments" and p.parent is not None and p.parent.type == "call_expression":
            call = self._call(p.parent)
        return Func(n.start_byte, n.end_byte, tuple(params), call)

    def _type_ref(self, n: ts.Node | None) -> TypeRef | None:
        """`aws.types.input.s3.BucketV2Versioning` at node `n` (a type): nested input type
        `s3.BucketV2Versioning`."""
        if n is None or n.type != "nested_type_identifier":
            return None
        parts = "".join(node_bytes(n).decode("utf-8", "replace").split()).split(".")
        if len(parts) != 5 or parts[0] not in self.aws_aliases or parts[1:3] != ["types", "input"]:
            return None
        return TypeRef(parts[3], parts[4], n.start_byte, n.end_byte)

    @property
    def type_refs(self) -> list[TypeRef]:
        found = self.__dict__.get("_type_refs")
        if found is None:
            found = []
            body, root = self.body, self.tree.root_node
            i = body.find(b".types.input.")
            while i != -1:
                n = root.descendant_for_byte_range(i, i + 13)
                while n is not None and n.type != "nested_type_identifier":
                    n = n.parent
                while n is not None and n.parent is not None and n.parent.type == "nested_type_identifier":
                    n = n.parent
                ref = self._type_ref(n)
                if ref is not None and (not found or found[-1].start != ref.start):
                    found.append(ref)
                i = body.find(b".types.input.", i + 13)
            self.__dict__["_type_refs"] = found
        return list(found)

    def type_ref_of(self, node: Node | None) -> TypeRef | None:
        raw = node.raw if isinstance(node, Obj) else None
        if raw is None:
            return None
        # A type of `aws.types.input` is written with the word `input`: without it no object has
        # one, and no parent (a walk down from the root) is read for each the API rules walk.
        writes = self.__dict__.get("_writes_input")
        if writes is None:
            writes = self.__dict__["_writes_input"] = b"input" in self.body
        if not writes:
            return None
        p = raw.parent
        if p is not None and p.type == "variable_declarator" and p.child_by_field_id(_F_VALUE) == raw:
            ann = p.child_by_field_id(_F_TYPE)
            t = ann.named_children[0] if ann is not None and ann.named_children else None
        else:
            return None
        return self._type_ref(t)

    @property
    def type_names(self) -> frozenset[str]:
        found = self.__dict__.get("_type_names")
        if found is None:
            found = self.__dict__["_type_names"] = frozenset(_type_names(self._caps["type"], self.body))
        return found

    IDENTIFIERS = frozenset({"identifier", "shorthand_property_identifier"})
    MENTION_TYPES = frozenset({"identifier", "type_identifier", "shorthand_property_identifier"})

    def _mention(self, node: ts.Node) -> bool:
        if node.type not in self.MENTION_TYPES:
            return False
        p = node.parent
        # `ns.Type` in a type: `Type` is the namespace's member, not a name of this file.
        return not (p is not None and p.type == "nested_type_identifier" and p.child_by_field_id(_F_NAME) == node)

    FUNCTION_TYPES = frozenset(_FUNCTIONS)

    def _block_kind(self, n: ts.Node) -> str | None:
        if n.type == "statement_block":
            return "function" if n.parent is not None and n.parent.type in _FUNCTION_NODES else "block"
        if n.type == "class_body":
            return "class"
        return "program" if n.type == "program" else None

    # -- the program's own modules (iacfix.project) -----------------------------------------------
    def _load_imports(self) -> list[Import]:
        out = []
        # The import statements the build captured, those the root holds (asked in most passes:
        # every top-level statement made again, its kind read as a new str, cost more than the
        # imports themselves). A top-level statement's parent is found among the first few.
        root = self.tree.root_node  # (a program, or an ERROR when nothing parses)
        for stmt in self._caps["import"]:
            if stmt.parent != root:
                continue
            src = stmt.child_by_field_id(_F_SOURCE)
            names: list[tuple[str, str]] = []
            spans: list[tuple[int, int]] = []
            namespace = ns_span = None
            for c in _named(stmt):
                ct = _KINDS[c.kind_id]
                if ct == "import_require_clause":
                    ident = next((x for x in _named(c) if x.type == "identifier"), None)
                    src = next((x for x in _named(c) if x.type == "string"), src)
                    namespace = node_text(ident) if ident is not None else None
                    ns_span = (ident.start_byte, ident.end_byte) if ident is not None else None
                if ct != "import_clause":
                    continue
                for cc in _named(c):
                    cct = _KINDS[cc.kind_id]
                    if cct == "identifier":
                        names.append(("default", node_text(cc)))
                        spans.append((cc.start_byte, cc.end_byte))
                    elif cct == "namespace_import":
                        ident = next((x for x in _named(cc) if x.type == "identifier"), None)
                        namespace = node_text(ident) if ident is not None else None
                        ns_span = (cc.start_byte, cc.end_byte)
                    elif cct == "named_imports":
                        for spec in _named(cc):
                            nm, alias = spec.child_by_field_id(_F_NAME), spec.child_by_field_id(_F_ALIAS)
                            if spec.type == "import_specifier" and nm is not None:
                                names.append((node_text(nm), node_text(alias or nm)))
                                spans.append((spec.start_byte, spec.end_byte))
            if src is not None and src.type == "string" and len(node_bytes(src)) >= 2:
                out.append(
                    Import(
                        _decode_string(node_bytes(src)[1:-1]),
                        tuple(names),
                        namespace,
                        stmt.start_byte,
                        stmt.end_byte,
                        tuple(spans),
                        ns_span,
                    )
                )
        return out

    def _load_definitions(self) -> list[Definition]:
        out: list[Definition] = []
        caps = self._caps  # build's query: classes, functions and declarators with a value
        # In source order, outer first at one start: two stable sorts with C key functions.
        found = caps["cls"] + caps["fn"] + caps["decl"]
        found.sort(key=_NODE_END, reverse=True)
        found.sort(key=_NODE_START)
        for node in found:
            kind = _KINDS[node.kind_id]
            if kind == "variable_declarator":
                # A function's value first (few are): no name read for the others.
                value = node.child_by_field_id(_F_VALUE)
                if value is None:
                    continue
                if _KINDS[value.kind_id] in _UNWRAP:
                    value = _unwrap(value)
                name_n = node.child_by_field_id(_F_NAME) if _KINDS[value.kind_id] in _FUNCTION_VALUES else None
                if name_n is not None:
                    out.append(self._definition(node_text(name_n), "function", node, value, None))
            elif kind == "function_declaration":
                nm = node.child_by_field_id(_F_NAME)
                if nm is not None:
                    out.append(self._definition(node_text(nm), "function", node, node, None))
            else:  # a class
                cls = node
                name_n = cls.child_by_field_id(_F_NAME)
                body = cls.child_by_field_id(_F_BODY)
                if name_n is None or body is None:
                    continue
                cname = node_text(name_n)
                ctor = None
                for member in _named(body):
                    if member.type != "method_definition":
                        continue
                    mn = member.child_by_field_id(_F_NAME)
                    if mn is not None and mn.text == b"constructor":
                        ctor = member
                    elif mn is not None:
                        out.append(self._definition(f"{cname}.{node_text(mn)}", "method", member, member, cname))
                out.append(self._definition(cname, "class", cls, ctor or cls, cname))
        return out

    def _definition(self, name: str, kind: str, whole: ts.Node, fn: ts.Node, cls: str | None) -> Definition:
        params: list[str | None] = []
        defaults: list[tuple[str, Node]] = []
        plist = fn.child_by_field_id(_F_PARAMETERS) if fn is not whole or kind != "class" else None
        single = fn.child_by_field_id(_F_PARAMETER)  # `x => ...`
        if single is not None:
            params.append(node_text(single) if single.type == "identifier" else None)
        for p in _named(plist) if plist is not None else []:
            if p.type not in ("required_parameter", "optional_parameter"):
                continue
            pat = p.child_by_field_id(_F_PATTERN)
            pname = node_text(pat) if pat is not None and pat.type == "identifier" else None
            params.append(pname)
            value = p.child_by_field_id(_F_VALUE)
            if pname is not None and value is not None:
                conv = self.convert(value)
                if conv is not None:
                    defaults.append((pname, conv))
        bases: list[str] = []
        if kind == "class":
            for h in _named(whole):
                if h.type == "class_heritage":
                    for ext in _named(h):
                        if ext.type == "extends_clause":
                            bases += [d for v in _named(ext) if (d := _dotted(_unwrap(v))) is not None]
        return Definition(
            name,
            kind,
            whole.start_byte,
            whole.end_byte,
            fn.start_byte,
            fn.end_byte,
            tuple(params),
            tuple(defaults),
            cls,
            tuple(bases),
        )

    def returns(self, definition: Definition) -> list[Node]:
        fn = self.tree.root_node.descendant_for_byte_range(definition.fn_start, definition.fn_end)
        while fn is not None and not (
            fn.start_byte == definition.fn_start and fn.end_byte == definition.fn_end and fn.type in _FUNCTION_NODES
        ):
            fn = fn.parent
        body = fn.child_by_field_id(_F_BODY) if fn is not None else None
        if body is None or definition.kind == "class":
            return []
        if body.type != "statement_block":
            conv = self.convert(body)
            return [conv] if conv is not None else []
        out = []
        stack = list(_named(body))
        while stack:
            n = stack.pop()
            if n.type in _FUNCTION_NODES or n.type in ("class_declaration", "class"):
                continue
            if n.type == "return_statement":
                value = _named(n)
                returned = self.convert(value[0]) if value else None
                if returned is not None:
                    out.append(returned)
                continue
            stack.extend(_named(n))
        return sorted(out, key=lambda v: v.start)

    def assigned(self, name: str) -> list[Node]:
        memo = self._memo("_assigned_memo")
        if not memo:
            # `this.x = value`, from the `this.x` the build query found (in source order, outer
            # first): a query of its own walked the whole tree again, and took ~3 ms to compile.
            for prop, member in self._receiver_fields():
                asg = member.parent
                if asg is None or asg.type != "assignment_expression" or asg.child_by_field_id(_F_LEFT) != member:
                    continue
                value = asg.child_by_field_id(_F_RIGHT)
                conv = self.convert(value) if value is not None else None
                if conv is not None:
                    memo.setdefault("this." + node_text(prop), []).append(conv)
            memo.setdefault("", [])
        return list(memo.get(name, []))


def _type_names(captured: list[ts.Node], body: bytes) -> set[str]:
    """The type names among the build query's `type` captures (every type name and `ns.Type` in
    the tree): `ns.Type` whole, and every other type name not inside one (an `ns.Type`'s own
    name is no type name of its own). Read from the captures: a walk of the whole tree in
    Python cost ~12 M instructions a program (~2k a node), the two captures ~6 a program."""
    out = set()
    inside: set[int] = set()  # the ids of the nodes inside an `ns.Type` (its name, a module's parts)
    nested = [n for n in captured if _KINDS[n.kind_id] == "nested_type_identifier"]
    for n in nested:
        stack = list(n.children)
        while stack:
            c = stack.pop()
            inside.add(c.id)
            stack.extend(c.children)
    for n in nested:
        if n.id not in inside:
            out.add("".join(body[n.start_byte : n.end_byte].decode("utf-8", "replace").split()))
    for n in captured:
        if n.id not in inside and _KINDS[n.kind_id] == "type_identifier":
            out.add(body[n.start_byte : n.end_byte].decode("utf-8", "replace"))
    return out


def _pattern_names(n: ts.Node, out: list[str]) -> None:
    """Names a parameter list / pattern binds (not types, not default values, not keys)."""
    if n.type in ("identifier", "shorthand_property_identifier_pattern"):
        out.append(node_text(n))
        return
    if n.type in _PATTERN_SKIP:
        return
    if n.type in ("required_parameter", "optional_parameter"):
        pat = n.child_by_field_id(_F_PATTERN)
        if pat is not None:
            _pattern_names(pat, out)
        return
    if n.type == "assignment_pattern":
        left = n.child_by_field_id(_F_LEFT)
        if left is not None:
            _pattern_names(left, out)
        return
    if n.type == "pair_pattern":
        val = n.child_by_field_id(_F_VALUE)
        if val is not None:
            _pattern_names(val, out)
        return
    for c in n.named_children:
        _pattern_names(c, out)


def _captures(root: ts.Node) -> dict[str, list[ts.Node]]:
    """The combined query's captures by name, each list in source order (outer first at one
    start) where its readers need one. tree-sitter's own order depends on the query's other
    patterns; sorting costs a key read per node (~500 instructions, ~50k captures over every 8th
    corpus text's builds), so a list is sorted no more than its readers need (_BY_START, _UNORDERED)."""
    caps = ts.QueryCursor(_query()).captures(root)
    out: dict[str, list[ts.Node]] = {}
    for k in _CAPTURE_NAMES:
        nodes = out[k] = caps.get(k) or []
        if k in _UNORDERED:
            continue
        if k not in _BY_START:  # two stable sorts with C key functions: by end, last first; by start
            nodes.sort(key=_NODE_END, reverse=True)
        nodes.sort(key=_NODE_START)
    return out


_CAPTURE_NAMES = tuple("import decl new call template binary name cls fn function class_body type".split())
# Captures no two of which start at one byte, sorted by start alone: names are tokens (two start
# at one byte only when one is empty, a MISSING name, and every use of the index is the same in
# either order), a declarator starts at its name, a template at its backtick, an import at its
# keyword; the nodes inside each start later.
_BY_START = frozenset({"name", "decl", "template", "import"})
# Captures whose readers need no order, left as the query gives them: `new` and calls (build
# sorts the calls it makes, and the resources, by position), type names (read as a set), class
# bodies (read for whether one holds a span).
_UNORDERED = frozenset({"new", "call", "type", "class_body"})


def build(
    body: bytes, path: str = "<input>", parsed: ParseResult | None = None, scope: frozenset[str] | None = None
) -> TSProgram:
    """The program of `body`; with `scope` (resource types), a scoped program: those resources
    only, found among the `new` expressions by their class's name before anything is converted."""
    parsed = parsed or parse(body)
    tree = parsed.tree
    prog = TSProgram(body, path, tree)
    root = tree.root_node
    prog.broken = root.has_error
    if scope is None:
        caps = prog._caps = _captures(root)
    else:  # no walk: the imports and candidates are looked up where their words are written
        imports = statements_of(root, body, b"import", _IMPORT_STATEMENTS)
        caps = prog._caps = ScopedCaptures({"import": imports}, lambda: _captures(root))

    # Imports first: they decide which `new X.y.Z` are AWS resources.
    class_aliases: dict[str, tuple[str, str]] = {}
    quotes: dict[str, int] = {}
    last_import_end = 0
    for imp in caps.get("import", []):
        last_import_end = max(last_import_end, imp.end_byte)
        src = imp.child_by_field_id(_F_SOURCE)
        clause = None
        for c in imp.named_children:
            if c.type in ("import_clause", "import_require_clause"):
                clause = c
            if c.type == "import_require_clause":
                for cc in c.named_children:
                    if cc.type == "string":
                        src = cc
        if src is None:
            continue
        q = chr(node_bytes(src)[0])
        quotes[q] = quotes.get(q, 0) + 1
        module = node_bytes(src)[1:-1].decode("utf-8", "replace")
        if clause is None:
            continue
        _register_import(prog, module, clause, class_aliases)
    if quotes:
        prog.quote = max(quotes, key=lambda q: quotes[q])
    prog.imports_end = last_import_end
    held: dict[int, tuple[ts.Node, str]] = {}
    if scope is None:
        _bind_declarations(prog, caps["decl"], body, held)
    else:  # a scoped program's bindings are made when first read (most are never read) ...
        bind_lazily(prog, lambda: _bind_declarations(prog, caps["decl"], body))
        _register_requires(prog, root, body)  # ... but a `require` may bind the AWS module: now

    if scope is not None:
        names = scope_names(scope, class_aliases)
        for n in callees_named(root, body, names, "new_expression", "constructor", "member_expression", "property"):
            res = _resource(prog, n, class_aliases)
            if res is not None:
                prog.resources.append(res)
    else:
        bodies = Spans((b.start_byte, b.end_byte) for b in caps["class_body"])
        for n in caps.get("new", []):
            res = _resource(prog, n, class_aliases, bodies, held)
            if res is not None:
                prog.resources.append(res)
            else:
                prog.calls.append(prog._call(n))
        for n in caps.get("call", []):
            prog.calls.append(prog._call(n))
        # In source order, outer first at one start: two stable sorts with C key functions.
        prog.calls.sort(key=_CALL_END, reverse=True)
        prog.calls.sort(key=_CALL_START)
    prog.resources.sort(key=lambda r: r.start)
    if scope is None:
        top = root.named_children  # (read once: _exports_and_fields reads the same statements)
        prog.top_statements = [(c.start_byte, c.end_byte) for c in top if c.type != "comment"]
    if scope is None:
        _exports_and_fields(prog, top)
    else:
        finish_scoped(prog, scope)
    return prog


def _bind_declarations(
    prog: TSProgram, decls: list[ts.Node], body: bytes, held: dict[int, tuple[ts.Node, str]] | None = None
) -> None:
    """The bindings `resolve` follows (and `require`d modules): every declarator with a value.
    `held`, given by a whole program's build: filled with the declarators' values by start and
    the name each is bound to (`_resource` reads a `const x = new ...` from there); such a
    build's declaration spans (binding_decl) may be left to be found when first read."""
    requires = b"require" in body  # (a value can be `require("m")` only where the word is written)
    # A declaration's span is its declarator's parent (a walk down from the root, ~4k
    # instructions), read here only to tell a `let`: where the word is not written, the spans
    # are found when binding_decl is first read (in ~a quarter of the corpus's passes).
    whole = held is not None
    later: list[tuple[str, ts.Node, ts.Node]] | None = (
        [] if whole and not written_whole(body, b"let", _NAME_CHARS) else None
    )
    values = held if held is not None else {}
    for d in decls:
        name_n, val_n = d.child_by_field_id(_F_NAME), d.child_by_field_id(_F_VALUE)
        if name_n is None or val_n is None:  # the query captures declarators with both
            continue
        ns, ne = name_n.start_byte, name_n.end_byte
        name = body[ns:ne].decode()
        prog._decl_name_spans.add((ns, ne))
        values[val_n.start_byte] = (val_n, name)
        module = _required(val_n) if requires else None
        if module is not None:
            _register_module(prog, name, module)
            continue
        if later is not None:
            later.append((name, d, val_n))
            prog.bindings.setdefault(name, []).append(prog.convert(val_n))
            continue
        decl = d.parent  # lexical_/variable_declaration (the name's parent is `d`: not asked again)
        if decl is None:
            span = (val_n.start_byte, val_n.end_byte)
        else:
            span = (decl.start_byte, decl.end_byte)
            # `let` may be reassigned; only resolve it when declared with a value and never
            # assigned. A declaration is a `let` when its first token is: its text starts with
            # the word (`const` and `var` do not; read from the body, not from its first child).
            if body.startswith(b"let", span[0]) and _KINDS[decl.kind_id] == "lexical_declaration":
                if _assigned_after(body, body[ns:ne], val_n.end_byte):
                    continue
        prog.bindings.setdefault(name, []).append(prog.convert(val_n))
        prog.binding_decl.setdefault(name, []).append(span)
    if later is not None:
        del prog.__dict__["binding_decl"]  # (Program's dict: TSProgram.binding_decl makes it when read)
        prog._later_decls = later


def _declaration_spans(later: list[tuple[str, ts.Node, ts.Node]]) -> dict[str, list[tuple[int, int]]]:
    """binding_decl of the declarators `_bind_declarations` left for later: each declaration's
    span (its declarator's parent), or the value's when it has none, in the bindings' order."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for name, d, val_n in later:
        decl = d.parent
        span = (decl.start_byte, decl.end_byte) if decl is not None else (val_n.start_byte, val_n.end_byte)
        spans.setdefault(name, []).append(span)
    return spans


_NAME_CHARS = NAME_BYTES | {ord("$")}  # (a TypeScript name may hold `$`)


_WORD_OR_DOT = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.")
_SPACE = frozenset(b" \t\n\r\f\v")


def _assigned_after(body: bytes, name: bytes, start: int) -> bool:
    """Whether `name = ...` is written in body[start:] (not `==`, `=>`, `x.name =` nor `xname =`):
    what the regex `(?<![\\w$.])name\\s*=[^=>]` finds in that slice (it was), found with
    `bytes.find` (a pattern that begins with a look-behind is tried at every byte, and compiled
    per name)."""
    i, n, end = body.find(name, start), len(name), len(body)
    while i != -1:
        if i == start or body[i - 1] not in _WORD_OR_DOT:
            j = i + n
            while j < end and body[j] in _SPACE:
                j += 1
            if j + 1 < end and body[j] == 61 and body[j + 1] not in (61, 62):  # `=`, then not `=` or `>`
                return True
        i = body.find(name, i + 1)
    return False


def _required(value: ts.Node) -> str | None:
    """The module a declaration's value `require("m")` loads, or None."""
    v = _unwrap(value)
    if v.type == "call_expression":
        fn = v.child_by_field_id(_F_FUNCTION)
        if fn is not None and fn.text == b"require":
            args = v.child_by_field_id(_F_ARGUMENTS)
            strs = [c for c in args.named_children if c.type == "string"] if args else []
            if strs:
                return node_bytes(strs[0])[1:-1].decode()
    return None


def _register_requires(prog: TSProgram, root: ts.Node, body: bytes) -> None:
    """The modules `require`d by declarations (`const aws = require("@pulumi/aws")`), found where
    `require` is written and registered as _bind_declarations does, in the same order (it
    registers them again, the same way, when the bindings are made)."""
    for fn in written(root, body, b"require"):
        call = fn.parent
        if call is None or call.type != "call_expression" or call.child_by_field_id(_F_FUNCTION) != fn:
            continue
        decl = call.parent
        while decl is not None and decl.type in _UNWRAP:
            decl = decl.parent
        if decl is None or decl.type != "variable_declarator":
            continue
        name_n, val_n = decl.child_by_field_id(_F_NAME), decl.child_by_field_id(_F_VALUE)
        if name_n is None or val_n is None or name_n.type != "identifier" or _unwrap(val_n) != call:
            continue
        module = _required(val_n)
        if module is not None:
            _register_module(prog, node_text(name_n), module)


def _exports_and_fields(prog: TSProgram, top: list[ts.Node], fields: list[ClassField] | None = None) -> None:
    """Stack outputs (`export const x = ...`, `export { a as b }`) from the top-level statements
    (where a program declares them) into prog.exports; given `fields`, the fields those classes
    declare without a value into it instead (TSProgram.class_fields, made when first read)."""
    for stmt in top:
        inner = stmt
        if stmt.type == "export_statement":
            decl = stmt.child_by_field_id(_F_DECLARATION)
            if decl is not None and decl.type in ("lexical_declaration", "variable_declaration"):
                declarators = [c for c in _named(decl) if c.type == "variable_declarator"]
                for d in declarators if fields is None else ():
                    nm = d.child_by_field_id(_F_NAME)
                    if nm is not None and nm.type == "identifier":
                        prog.exports.append(
                            Export(
                                node_text(nm),
                                prog.convert(d.child_by_field_id(_F_VALUE)),
                                stmt.start_byte,
                                stmt.end_byte,
                                len(declarators) == 1,
                            )
                        )
                continue
            clause = next((c for c in _named(stmt) if c.type == "export_clause"), None)
            if clause is not None and stmt.child_by_field_id(_F_SOURCE) is None:
                specs = [c for c in _named(clause) if c.type == "export_specifier"]
                for spec in specs if fields is None else ():
                    nm, alias = spec.child_by_field_id(_F_NAME), spec.child_by_field_id(_F_ALIAS)
                    if nm is not None:
                        prog.exports.append(
                            Export(
                                node_text(alias or nm),
                                prog.convert(nm),
                                stmt.start_byte,
                                stmt.end_byte,
                                len(specs) == 1,
                            )
                        )
                continue
            inner = decl if decl is not None else stmt
        if fields is not None and inner.type in ("class_declaration", "abstract_class_declaration"):
            _class_fields(inner, fields)


def _class_fields(cls: ts.Node, out: list[ClassField]) -> None:
    name_n = cls.child_by_field_id(_F_NAME)
    body = cls.child_by_field_id(_F_BODY)
    if name_n is None or body is None:
        return
    for member in _named(body):
        if member.type != "public_field_definition" or member.child_by_field_id(_F_VALUE) is not None:
            continue
        nm = member.child_by_field_id(_F_NAME)
        ann = member.child_by_field_id(_F_TYPE)
        if nm is None:
            continue
        names: list[str] = []
        stack = [ann] if ann is not None else []
        while stack:
            n = stack.pop()
            if n.type in ("nested_type_identifier", "type_identifier"):
                names.append(re.sub(rb"\s+", b"", node_bytes(n)).decode())
                continue
            stack.extend(n.named_children)
        end = member.end_byte
        nxt = member.next_sibling
        if nxt is not None and nxt.type == ";":
            end = nxt.end_byte
        hidden = nm.type == "private_property_identifier" or any(
            c.type == "accessibility_modifier" and c.text in (b"private", b"protected") for c in member.children
        )
        out.append(ClassField(node_text(name_n), node_text(nm), tuple(names), member.start_byte, end, not hidden))


def _register_module(prog: TSProgram, local: str, module: str) -> None:
    if module == "@pulumi/aws":
        prog.aws_aliases.add(local)
    elif module.startswith("@pulumi/aws/"):
        prog.module_aliases[local] = module.split("/", 2)[2].split("/")[0]
    elif module == "@pulumi/pulumi":
        prog.pulumi_aliases.add(local)


def _register_import(prog: TSProgram, module: str, clause: ts.Node, class_aliases: dict) -> None:
    if clause.type == "import_require_clause":
        ident = next((c for c in clause.named_children if c.type == "identifier"), None)
        if ident is not None:
            _register_module(prog, node_text(ident), module)
        return
    for c in clause.named_children:
        if c.type == "namespace_import":
            ident = next((x for x in c.named_children if x.type == "identifier"), None)
            if ident is not None:
                _register_module(prog, node_text(ident), module)
        elif c.type == "identifier":  # default import
            _register_module(prog, node_text(c), module)
        elif c.type == "named_imports":
            for spec in c.named_children:
                if spec.type != "import_specifier":
                    continue
                name_n = spec.child_by_field_id(_F_NAME)
                alias_n = spec.child_by_field_id(_F_ALIAS)
                imported = node_text(name_n) if name_n else ""
                local = node_text(alias_n) if alias_n else imported
                if module == "@pulumi/aws":
                    if imported and imported[0].islower():
                        prog.module_aliases[local] = imported
                    elif imported == "Provider":
                        class_aliases[local] = ("", "Provider")
                elif module.startswith("@pulumi/aws/"):
                    class_aliases[local] = (module.split("/", 2)[2].split("/")[0], imported)
                elif module == "@pulumi/pulumi":
                    prog.pulumi_named[local] = imported
                    if imported in ("interpolate", "jsonStringify", "output", "all", "concat"):
                        prog.pulumi_aliases.add("")  # named helpers imported bare


def _dotted(n: ts.Node, body: bytes | None = None) -> str | None:
    """`a.b.c` when `n` is a chain of plain names; its names sliced from `body` when given (the
    text the tree is parsed from: `Node.text` costs twice a slice)."""
    t = n.type
    if t == "identifier":
        return node_text(n) if body is None else body[n.start_byte : n.end_byte].decode()
    if t == "member_expression":
        o = n.child_by_field_id(_F_OBJECT)
        p = n.child_by_field_id(_F_PROPERTY)
        if o is None or p is None:
            return None
        head = _dotted(o, body)
        if not head:
            return None
        return f"{head}.{node_text(p) if body is None else body[p.start_byte : p.end_byte].decode()}"
    return None


def _assigned_name(left: ts.Node | None) -> str | None:
    if left is None:
        return None
    if left.type == "member_expression":
        obj = left.child_by_field_id(_F_OBJECT)
        prop = left.child_by_field_id(_F_PROPERTY)
        if obj is not None and obj.type == "this" and prop is not None:
            return "this." + node_text(prop)
    return _dotted(left)


def _resource(
    prog: TSProgram,
    n: ts.Node,
    class_aliases: dict,
    class_bodies: Spans | None = None,
    held: dict[int, tuple[ts.Node, str]] | None = None,
) -> Resource | None:
    """The resource `n` (a `new` expression) constructs, or None. `class_bodies`: the spans of every
    class body in the tree (a whole build's query captures them), else the tree is climbed.
    `held`: the declarators' values by start, with their names (_bind_declarations)."""
    ctor = n.child_by_field_id(_F_CONSTRUCTOR)
    if ctor is None:
        return None
    # Written as ASCII names and single dots (`aws.s3.Bucket`), the class is its own text (as
    # `_callee` reads a callee): sliced, not climbed name by name (~9k instructions a `new`).
    # Such a text that is no chain of plain names (`this.X`, a number) names no imported module
    # or class, and so no resource, either way.
    text = prog.body[ctor.start_byte : ctor.end_byte]
    if not text.translate(None, _NAME_BYTES) and text.find(b"..") < 0:
        dotted: str | None = text.decode()
    else:
        dotted = _dotted(ctor, prog.body)
    if not dotted:
        return None
    parts = dotted.split(".")
    module = cls = None
    if len(parts) == 3 and parts[0] in prog.aws_aliases:
        module, cls = parts[1], parts[2]
    elif len(parts) == 2 and parts[0] in prog.aws_aliases and parts[1] == "Provider":
        module, cls = "", "Provider"
    elif len(parts) == 2 and parts[0] in prog.module_aliases:
        module, cls = prog.module_aliases[parts[0]], parts[1]
    elif len(parts) == 1 and parts[0] in class_aliases:
        module, cls = class_aliases[parts[0]]
    if cls is None or not cls[:1].isupper():
        return None
    args_n = n.child_by_field_id(_F_ARGUMENTS)
    args = _named(args_n) if args_n is not None else []
    name = prog.convert(args[0]) if len(args) > 0 else None
    args_node = prog.convert(args[1]) if len(args) > 1 else None
    opts = prog.convert(args[2]) if len(args) > 2 else None

    # The variable it is bound to, from what holds the value (kinds read by id, names sliced
    # from the body: a resource is read once a pass, ~25k a corpus pass).
    var = bound_by = None
    got = held.get(n.start_byte) if held else None
    if got is not None and got[0] == n:  # `const x = new ...`: no climb to the declarator
        var = got[1]
        bound_by = "declaration" if var else None
        p = pt = None
    else:
        p = _holder(n)
        pt = _KINDS[p.kind_id] if p is not None else None
    body = prog.body
    if p is None:
        pass
    elif pt == "variable_declarator":
        nm = p.child_by_field_id(_F_NAME)
        if nm is not None and _KINDS[nm.kind_id] == "identifier":
            var = body[nm.start_byte : nm.end_byte].decode()
            bound_by = "declaration" if var else None
    elif pt == "assignment_expression":
        left = p.child_by_field_id(_F_LEFT)
        var = _assigned_name(left)
        if left is not None and var:
            prog._decl_name_spans.add((left.start_byte, left.end_byte))
            bound_by = "assignment"
    elif pt == "public_field_definition" or pt == "field_definition":
        nm = p.child_by_field_id(_F_NAME) or p.child_by_field_id(_F_PROPERTY)
        var = "this." + node_text(nm) if nm is not None else None
        bound_by = "field" if var else None
    s, e = n.start_byte, n.end_byte
    if class_bodies is not None:  # a class body holds it: its span does (a `new` never starts one)
        where = None
        in_class = class_bodies.holds(s, e)
    else:
        where = _statement(prog, n)
        in_class = where[3]
    module = module or ""
    # Resource's fields by position, in their order (sixteen keywords cost ~8k instructions a
    # resource in name matching): program, token, module, cls, start, end, name, args_node,
    # opts, var, stmt_start, stmt_end, standalone (found when read), in_class, extra, bound_by,
    # type_prefix.
    res = _TSResource(
        prog,
        resource_token(module, cls),
        module,
        cls,
        s,
        e,
        name,
        args_node,
        opts,
        var,
        _LATER,
        _LATER,
        _LATER,
        in_class,
        {},
        bound_by,
        dotted.rpartition(".")[0],
    )
    res.node = n
    if where is not None:
        res.__dict__["_statement"] = where
    return res


def _holder(n: ts.Node) -> ts.Node | None:
    """What holds the value `n`: its parent, through parentheses, assertions and `await`. Each
    `.parent` is a walk down from the root (tree-sitter keeps no parent pointers)."""
    p = n.parent
    while p is not None and _KINDS[p.kind_id] in _UNWRAP_AWAIT:
        p = p.parent
    return p


def _statement(prog: TSProgram, n: ts.Node) -> tuple[int, int, bool, bool]:
    """(stmt_start, stmt_end, standalone, in_class) of the resource constructed at `n`: the
    statement that holds it, from the comments that lead it to its end; whether the statement is
    only this resource (safe to delete); whether it is inside a class."""
    p = _holder(n)
    standalone = False
    if p is not None and p.type == "variable_declarator":
        decl = p.parent
        standalone = decl is not None and len(_named(decl)) == 1
    elif p is not None and p.type == "assignment_expression":
        holder = p.parent
        standalone = holder is not None and holder.type == "expression_statement"
    elif p is not None and p.type in ("public_field_definition", "field_definition", "expression_statement"):
        standalone = True
    stmt, up = n, n.parent
    in_class = False
    while up is not None and up.type not in _STATEMENT_PARENTS:
        stmt, up = up, up.parent
    if up is not None and up.type == "export_statement":
        stmt, up = up, up.parent
    q = up  # the statement's parent
    while q is not None:
        if q.type in ("class_body",):
            in_class = True
            break
        q = q.parent
    stmt_start = stmt.start_byte
    prev = stmt.prev_sibling
    body = prog.body
    while prev is not None and prev.type == "comment":
        gap = body[prev.end_byte : stmt_start]
        if gap.count(b"\n") > 1 or (b"\n" not in gap and prev.start_point[0] != stmt.start_point[0]):
            break
        # A trailing comment of the previous statement is not ours.
        line_start = body.rfind(b"\n", 0, prev.start_byte) + 1
        if body[line_start : prev.start_byte].strip():
            break
        stmt_start = prev.start_byte
        prev = prev.prev_sibling
    return stmt_start, stmt.end_byte, standalone, in_class


_LATER: Any = None  # what _TSResource is given for its statement's fields: found when read


def _statement_field(i: int) -> Any:
    """Field `i` of _statement's answer, as a property of _TSResource."""

    def get(self: _TSResource) -> Any:
        got = self.__dict__.get("_statement")
        if got is None:
            got = self.__dict__["_statement"] = _statement(cast(TSProgram, self.program), self.node)
        return got[i]

    def put(self: _TSResource, value: Any) -> None:
        if value is not None:  # (None: Resource's __init__; the statement is found when first read)
            got = list(get(self))
            got[i] = value
            self.__dict__["_statement"] = tuple(got)

    return property(get, put)


class _TSResource(Resource):
    """A resource whose statement (where it starts, with its leading comments; where it ends;
    whether it is only this resource) is found when first read: edits and two rules read it, of
    ~2% of the corpus's resources, and finding it climbs the tree and reads the comments before
    it. Resource's __init__ sets the three to None through these properties."""

    node: ts.Node  # the `new` expression
    stmt_start = _statement_field(0)
    stmt_end = _statement_field(1)
    standalone = _statement_field(2)
