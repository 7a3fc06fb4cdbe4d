"""Python front end: tree-sitter-python -> the neutral program model; LibCST proves changed output.

The model is built the way the TypeScript front end builds it: one parse per file, one query
(run in C) picks out imports, assignments and calls, and argument trees are converted lazily.
LibCST parses 30-37x slower than tree-sitter and costs ~0.3 s to import, so it is used only in
`validate()`, which the applier calls on CHANGED output: there its exact grammar (and CPython's
own `compile`) guarantees that what we write is valid Python.

Python specifics mapped onto the model:
- a resource call's keyword arguments are an `Obj` of style "py-kwargs" spanning the call's
  parentheses (`opts=`, `resource_name=`, `args=` are not props; `**kw` is a `Spread`);
- `...Args(...)` classes (and `dict(k=v)`) are `Obj`s of style "py-args", dict displays "py-dict";
- keyword names and dict keys are mapped snake_case -> camelCase (`Prop.key`), `Prop.raw_key`
  keeps the spelling; dicts holding data keys (`tags`, `json.dumps(...)` documents) keep them;
- f-strings are `Template`s, `a or b` is `Binary("or")`, `x if c else y` is `Other`.
Edits render in Python style (`PyEditKit`): `key=value`, `"key": value` in the dict's quote,
`True`/`False`/`None`, f-strings, the file's majority quote, indentation and trailing commas.
Nested argument values are written as dicts, never as `...Args(...)` classes: pulumi-aws v6+
accepts a dict (`...ArgsDict`) wherever an Args class is accepted, and a dict needs no import
nor the exact generated class name (which is not always `<Resource><Prop>Args`).
"""

from __future__ import annotations

import ast
import re
import warnings
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast, overload

import tree_sitter as ts

from ..model import (
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
    camel,
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
    captures_in_order,
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
)

if TYPE_CHECKING:
    from .python_edits import PyEditKit

LANGUAGE = "python"

# The one query run on every tree (in C): what `build` reads (imports, assignments, rebinding,
# calls) and what the model answers from later (strings, `+` sums, identifiers, definitions,
# every function for `functions_enclosing`, strings in annotations). One walk of the tree: a separate query per question walks it again.
# Every binary operator is captured, its `+` kept in Python (`concatenations`): a pattern on the
# operator field made the query's compile 0.8 ms slower, once per process.
_QUERY_SRC = """
(import_statement) @import
(import_from_statement) @import
(assignment) @asg
(augmented_assignment left: (identifier) @rebind)
(for_statement left: (_) @rebind)
(for_in_clause left: (_) @rebind)
(as_pattern_target (identifier) @rebind)
(named_expression name: (identifier) @rebind)
(parameters (identifier) @rebind)
(default_parameter name: (identifier) @rebind)
(typed_parameter (identifier) @rebind)
(typed_default_parameter name: (identifier) @rebind)
(lambda_parameters (identifier) @rebind)
(function_definition name: (identifier) @rebind)
(class_definition name: (identifier) @rebind)
(global_statement (identifier) @rebind)
(call) @call
(string) @string
(concatenated_string) @concat
(binary_operator) @binary
(identifier) @name
(function_definition) @def
(class_definition) @def
[(function_definition) (lambda)] @function
(type (string) @annotation_string)
(type (_ (string) @annotation_string))
(type (_ (_ (string) @annotation_string)))
"""

# The captures no two of which start at one byte, sorted by start alone (captures_in_order):
# identifiers (tokens) and strings (a string inside another sits in a replacement field, after
# the outer one's opening). (A zero-width MISSING name may share a start with a real one: the
# name index is read by start and by text, neither of which tells the two orders apart.)
_LEAVES = frozenset({"name", "string"})

# camel() of a keyword or dict key, worked out once per name for the process: the same few
# hundred names recur in every program (~130k asks over the Python corpus blocks).
_camel = lru_cache(maxsize=4096)(camel)

# Keyword arguments of a resource constructor that are not resource properties.
_NOT_PROPS = {"opts", "resource_name", "args", "__props__", "__opts__"}
# Properties whose dict values hold data keys (never renamed).
_DATA_PROPS = {
    "tags",
    "tagsAll",
    "tagsAllowed",
    "variables",
    "environment",
    "parameters",
    "labels",
    "metadata",
    "dimensions",
    "substitutions",
    "context",
    "annotations",
    "values",
}
_DATA_CALLS = {"json.dumps", "pulumi.Output.json_dumps", "Output.json_dumps", "yaml.dump", "yaml.safe_dump"}
_STATEMENT_PARENTS = {"module", "block"}
_PARENS = {"parenthesized_expression"}
# pulumi functions whose Python name is not the snake_case of the TypeScript one (or lives on Output).
_PULUMI_NAMES = {
    "Output.concat": "concat",
    "Output.all": "all",
    "Output.from_input": "output",
    "Output.json_dumps": "jsonStringify",
    "Output.json_loads": "jsonParse",
    "Output.secret": "secret",
    "Output.unsecret": "unsecret",
    "Output.format": "format",
    "Output.is_secret": "isSecret",
}


@lru_cache(maxsize=1)
def _lang() -> ts.Language:
    return ts.Language(grammar("tree_sitter_python").language())


def _field(name: str) -> int:
    return field_id(_lang(), name)


# Node kinds by id, for the hottest reads (as the TypeScript front end reads them): `Node.type`
# makes a new str each read (~600 instructions under cachegrind), `Node.kind_id` a small int
# (~400), looked up here in a name interned once (its hash kept for the `in` tests).
_KINDS = kinds_by_id(_lang())


# The grammar's field ids, looked up once: `child_by_field_id` skips the lookup of the name that
# `child_by_field_name` makes on every call (see the TypeScript front end).
_F_ALIAS = _field("alias")
_F_ARGUMENT = _field("argument")
_F_ARGUMENTS = _field("arguments")
_F_ATTRIBUTE = _field("attribute")
_F_BODY = _field("body")
_F_DEFINITION = _field("definition")
_F_EXPRESSION = _field("expression")
_F_FUNCTION = _field("function")
_F_KEY = _field("key")
_F_LEFT = _field("left")
_F_MODULE_NAME = _field("module_name")
_F_NAME = _field("name")
_F_OBJECT = _field("object")
_F_OPERATOR = _field("operator")
_F_PARAMETERS = _field("parameters")
_F_RIGHT = _field("right")
_F_SUPERCLASSES = _field("superclasses")
_F_TYPE = _field("type")
_F_VALUE = _field("value")


@lru_cache(maxsize=1)
def _query() -> ts.Query:
    return ts.Query(_lang(), _QUERY_SRC)


@lru_cache(maxsize=1)
def _openings_query() -> ts.Query:
    """The opening tokens of strings, for a broken tree's quote habit and f-strings (see
    PyProgram._openings): the build's query captures the strings themselves."""
    return ts.Query(_lang(), "(string_start) @opening")


@lru_cache(maxsize=1)
def _types_query() -> ts.Query:
    """The type nodes (annotations), for `type_names`: asked by few passes, not in the build's."""
    return ts.Query(_lang(), "(type) @type")


_PARSERS = ParserCache(lambda: _lang())


def parser() -> ts.Parser:
    return _PARSERS.get()


def parse(body: bytes) -> ParseResult:
    return ParseResult(parser().parse(body), body)


def may_construct(parsed: ParseResult, body: bytes, scope: frozenset[str]) -> bool:
    """False when a program scoped to `scope` would hold no resource (see _treesitter.may_construct_in)."""
    return may_construct_in(parsed.tree.root_node, body, scope, _CONSTRUCTORS, _IMPORT_STATEMENTS)


_CONSTRUCTORS = frozenset({"call"})
_IMPORT_STATEMENTS = frozenset({"import_statement", "import_from_statement"})


def reparse(parsed: ParseResult, edits, body: bytes) -> ParseResult:
    """The parse of `body`, `parsed`'s text with `edits` applied (incremental)."""
    return parsed.edited(parser(), edits, body)


def validate(
    body: bytes, original: bytes | None = None, *, parsed: tuple[ParseResult, ParseResult] | None = None
) -> str | None:
    """None when `body` is valid Python for CPython's compiler and for LibCST, else why not.

    Run by the applier on CHANGED output only. `compile` (to bytecode, never run) comes first:
    it rejects what a grammar alone accepts (`f(a=1, a=2)`, a positional argument after a
    keyword one, `return` outside a function), and its nesting limits keep pathological input
    away from LibCST, whose native parser can overflow the C stack on thousands of nested
    brackets. LibCST (imported here, lazily: it is slow to import and to parse) then proves the
    exact grammar. `parsed` are the parses of `body` and `original` when the caller has them.

    With `original` (the text before fixing), both prove only what the fixes changed, in place
    (`_proof_texts`): `compile` the body with unchanged statements stubbed with `pass`, LibCST
    that with unchanged values inside changed statements stubbed with `0` too. Both are by far
    the slowest steps of fixing a Python file, and most of a fixed file is unchanged. An
    unchanged statement was proven in `original` (when `original` itself fails, the applier
    keeps the output whatever this says): by LibCST as a statement, whose grammar does not
    depend on where it stands, and by `compile` in the same place (`_Where`: the same enclosing
    blocks, so `return`, `await`, `break` and nesting read alike) among statements it does not
    depend on (`_context_free`). On any doubt (nothing to stub, a tree-sitter error, a stubbed
    text failing) the whole module is compiled and parsed, which also gives the exact message.
    """
    texts = None
    if original is not None:
        try:
            texts = _proof_texts(body, original, parsed)
        except (RecursionError, MemoryError):  # blocks nested past what the walks recurse through
            texts = None
    compiled = False  # `body` compiled already
    if texts is not None:
        statements, snippet = texts
        whole = statements is None or not _context_free(body)  # compile the whole module
        problem = _compiles(body if whole or statements is None else statements)  # (mypy: `whole` says None)
        if whole and problem is not None:
            return problem
        compiled = whole
        if problem is None:
            import libcst

            try:
                libcst.parse_module(snippet)
                return None
            except Exception:
                pass
    if not compiled:
        problem = _compiles(body)
        if problem is not None:
            return problem
    import libcst

    try:
        libcst.parse_module(body)
    except libcst.ParserSyntaxError as exc:
        return f"line {exc.raw_line}: {exc.message}"
    except Exception as exc:  # LibCST may reject an encoding or a construct outright
        return f"{type(exc).__name__}: {exc}"
    return None


def _compiles(text: bytes) -> str | None:
    """None when CPython compiles `text` (to bytecode, never run), else why not."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes in the program are not our business
            compile(text, "<iacfix>", "exec", dont_inherit=True)  # compiled, never run
    except SyntaxError as exc:
        return f"line {exc.lineno}: {exc.msg}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


# What CPython's compiler checks across the statements of one scope, beyond each statement in its
# place: `global` and `nonlocal` against the scope's other uses of a name, `from __future__` at the
# module's top, and `return` with a value in a generator's `async def` (`yield`). A body that
# writes none of these words compiles exactly when every statement compiles where it stands. A word
# here is one no letter, digit or `_` touches: a keyword is a token of its own (`global_secondary_
# indexes`, a DynamoDB argument, is not `global`), and one in a string or comment only costs the
# whole module's compile.
_ACROSS_STATEMENTS = (b"global", b"nonlocal", b"__future__", b"yield")


def _context_free(body: bytes) -> bool:
    # (written_whole: `find`, in C, and a look at the bytes around what it finds; a regular
    # expression with lookarounds steps through every byte of the module, ~25 ns each)
    return not any(written_whole(body, word) for word in _ACROSS_STATEMENTS)


def _changed_statements(
    body: bytes, original: bytes, parsed: tuple[ParseResult, ParseResult] | None = None
) -> bytes | None:
    """What LibCST proves of `body` (see `_proof_texts`), or None."""
    texts = _proof_texts(body, original, parsed)
    return texts[1] if texts is not None else None


def _proof_texts(
    body: bytes, original: bytes, parsed: tuple[ParseResult, ParseResult] | None = None
) -> tuple[bytes | None, bytes] | None:
    """`body` with what it shares with `original` stubbed out, for `compile` and LibCST to prove
    the rest in its real context (enclosing `def`/`class`/`if` headers, indentation, brackets):
    - a statement whose exact text is a statement of `original` where it stands (`_Where`: the
      same enclosing blocks and indentation) becomes `pass` (a changed `def`, `class`, `if`...
      stays, its header proven, its body stubbed the same way). That is the text `compile`
      proves (`_passes`; None when no statement is stubbed);
    - for LibCST, inside a changed expression or `return` statement, a value whose text is a
      value of the same kind in a changed statement of `original`, or one token (`_evident`),
      becomes `0` too (see `_values`), and the statement `pass` when that leaves calls and
      displays of stubs only (`_stubbed_call`). Not for `compile`: a keyword argument stubbed
      `_=0` would hide a repeated keyword.
    `pass` stubs with blanks between are one. None when nothing is stubbed or a tree-sitter
    error makes that unclear. `parsed`: the parses of `body` and `original`, when at hand."""
    # (Equal, not only the same object: a markdown response's block is parsed as given by its
    # project, from the project's own copy of the text.)
    if parsed is not None and (parsed[0].body != body or parsed[1].body != original):
        parsed = None  # not the parses of these texts
    new = (parsed[0].tree if parsed else parser().parse(body)).root_node
    if new.has_error:
        return None
    old = (parsed[1].tree if parsed else parser().parse(original)).root_node
    old_statements = _statement_tree(old, original)
    seen = {key for _, key, _ in old_statements}
    stubs: list[tuple[int, int, bytes]] = []
    stubbed: set[_Where] = set()
    changed: list[ts.Node] = []  # kept expression and return statements

    each: list[tuple[int, int]] = []
    _stub_statements(new, body, (), seen, stubs, each, stubbed, changed)
    statements = _passes(body, each) if each else None
    defs = [n for n in changed if n.type == "function_definition"]
    if defs:
        changed = [n for n in changed if n.type != "function_definition"]
        _stub_parameters(body, original, defs, old_statements, stubs)
    if changed and not old.has_error:
        _stub_values(body, original, changed, _unmatched(old_statements, stubbed), stubs)
    if not stubs:
        return None
    stubs.sort()
    return statements, _render(body, stubs)


def _passes(body: bytes, spans: list[tuple[int, int]]) -> bytes:
    """`body` with `pass` for each statement of `spans` (in order): what `compile` proves. No run
    is one `pass` here, nor do the lines between go: every statement keeps its line and its
    indentation, and the tokenizer checks each dedent against the levels opened before, as in
    `body` (one `pass` for a run hides a statement dedented to no level opened)."""
    return _spliced(body, [(start, end, b"pass") for start, end in spans], 0, len(body))


def _spliced(body: bytes, stubs: list[tuple[int, int, bytes]], start: int, end: int) -> bytes:
    """`body[start:end]` with each of `stubs` (in order, inside it) in place of what it spans."""
    out = []
    pos = start
    for s, e, stub in stubs:
        out.append(body[pos:s])
        out.append(stub)
        pos = e
    out.append(body[pos:end])
    return b"".join(out)


def _render(body: bytes, stubs: list[tuple[int, int, bytes]]) -> bytes:
    """`body` with `stubs` (sorted, none overlapping) in place of what they span."""
    out: list[bytes] = []
    pos = 0
    # Two `pass` stubs with nothing but blank lines and comments between them (`_blank`) are one,
    # as a run of unchanged statements is (`_stub_statements`), whether or not they stand in one
    # block: the second is no deeper than the first (going deeper takes a header, no blank), so
    # every block keeps a statement (the first `pass`, or the compound statement holding it), and
    # what follows keeps its line and its indentation, one the tokenizer has seen opened. (No
    # encoding declaration goes: it stands on the first or second line, before any statement.)
    after_pass = pass_end = -1  # where the last `pass` stub ends, in `out` and in `body`
    for start, end, stub in stubs:
        if stub == b"pass" and after_pass >= 0 and _blank(body, pass_end, start):
            del out[after_pass:]
            pos = pass_end = end
            continue
        out.append(body[pos:start])
        out.append(stub)
        pos = end
        if stub == b"pass":
            after_pass, pass_end = len(out), end
    out.append(body[pos:])
    return b"".join(out)


# Where a statement stands, for `_proof_texts`: the blocks around it, each named by the statement
# or clause holding it and the keywords it starts with (`for_statement for/else_clause else`,
# `function_definition async def`, `except_clause except *`), and its indentation (`_indent`).
# A statement with its text where it stood in `original` reads alike to the tokenizer and to the
# compiler's checks of where it stands (`return` in a function, `break` in a loop, `await` in an
# `async def`, no `break` in an `except*` block, blocks nested no deeper).
_Where = tuple[tuple[str, ...], bytes, bytes | None]  # (blocks, indentation, text)


def _stub_statements(
    container: ts.Node,
    body: bytes,
    blocks: tuple[str, ...],
    seen: set[_Where],
    stubs: list[tuple[int, int, bytes]],
    each: list[tuple[int, int]],
    stubbed: set[_Where],
    changed: list[ts.Node],
) -> None:
    """`_proof_texts`' walk of the blocks of `body` under `container` (inside `blocks`): adds to
    `stubs` what goes, to `each` the span of every statement stubbed (`stubs` makes one of a
    run), to `stubbed` where the texts stubbed stood, to `changed` the expression and return
    statements kept. A function of the module, not a closure: a recursive closure is a
    reference cycle (the function holds the cell that holds it), and each validate's lists would
    wait for the cyclic collector."""
    run = False  # the previous statement of this block is stubbed
    end = -1  # where the previous statement of this block ends
    for n in container.named_children:
        t = n.type
        if t == "comment":
            continue
        where = (blocks, _indent(body, n.start_byte), n.text)
        blank = end >= 0 and _blank(body, end, n.start_byte)
        if blank and run and t != "case_clause" and where in seen:
            stubs[-1] = (stubs[-1][0], n.end_byte, b"pass")  # one `pass` for the run
            each.append((n.start_byte, n.end_byte))
            stubbed.add(where)
            end = n.end_byte
            continue
        if blank:  # the blank and comment lines between them go (see _blank)
            first, last = body.find(b"\n", end, n.start_byte), body.rfind(b"\n", end, n.start_byte)
            if first < last:
                stubs.append((first, last, b""))
        end = n.end_byte
        if t != "case_clause" and where in seen:  # `pass` is no `case`: a case clause is kept, its body walked
            stubbed.add(where)
            stubs.append((n.start_byte, n.end_byte, b"pass"))
            each.append((n.start_byte, n.end_byte))
            run = True
            continue
        run = False
        if t in _COMPOUND:
            fn = n.child_by_field_id(_F_DEFINITION) if t == "decorated_definition" else n
            if fn is not None and fn.type == "function_definition":
                changed.append(fn)  # its parameters: see _stub_parameters
            for holder, block in _blocks(n):
                _stub_statements(block, body, (*blocks, holder), seen, stubs, each, stubbed, changed)
        elif t in _VALUE_STATEMENTS:
            changed.append(n)


def _blank(body: bytes, start: int, end: int) -> bool:
    """True when `body[start:end]`, the text between two statements of one block, holds nothing
    but spaces, tabs, line ends and comments. Its whole lines can then go (and one `pass` stand
    for two unchanged statements and what lies between them): such lines hold no token the grammar
    sees (comment and blank lines are skipped by CPython's tokenizer and LibCST's alike, whatever
    their indentation), and the second statement keeps its line and its indentation."""
    for line in body[start:end].split(b"\n"):
        if line.endswith(b"\r"):
            line = line[:-1]
        rest = line.lstrip(b" \t")
        if rest and (rest[0] != 35 or b"\r" in rest):  # 35: "#", a comment to the end of the line
            return False
    return True


# Statements that hold blocks, and the parts of them that do (clauses, a decorated definition).
_COMPOUND = frozenset(
    {
        "if_statement", "for_statement", "while_statement", "try_statement", "with_statement",
        "function_definition", "class_definition", "decorated_definition", "match_statement",
        "case_clause",
    }
)  # fmt: skip
_CLAUSES = frozenset(
    {
        "elif_clause", "else_clause", "except_clause", "except_group_clause", "finally_clause",
        "function_definition", "class_definition",
    }
)  # fmt: skip
_VALUE_STATEMENTS = frozenset({"expression_statement", "return_statement"})


def _indent(text: bytes, start: int) -> bytes:
    """The indentation of the statement at `start`: its line's text before it when that is blanks
    (a compound statement's inner lines are indented against it), else `;` (a simple statement
    after another one on its line, one logical line wherever it starts)."""
    prefix = _line_prefix(text, start)
    return b";" if prefix.strip(b" \t\x0c") else prefix


def _blocks(stmt: ts.Node, outer: str = "") -> Iterator[tuple[str, ts.Node]]:
    """The blocks of a compound statement, through its clauses, in document order, each with the
    name of what holds it (see `_Where`)."""
    # Named with the keywords it starts with: `async` (`async def`, `async for`) and `except*`
    # (tree-sitter's `except_clause` either way) change what may stand inside.
    words = []
    for c in stmt.children:
        if c.is_named:
            break
        words.append(c.type)
    name = f"{stmt.type} {' '.join(words)}"
    holder = f"{outer}/{name}" if outer else name
    for c in stmt.named_children:
        if c.type == "block":
            yield holder, c
        elif c.type in _CLAUSES:
            yield from _blocks(c, holder)


def _statement_tree(root: ts.Node, text: bytes) -> list[tuple[ts.Node, _Where, int]]:
    """Every statement under `root` (of `text`) at any depth, in document order: (node, where it
    stands, index of the enclosing statement or -1). Comments are not statements, nor is what
    tree-sitter could not parse (`original` may hold errors)."""
    out: list[tuple[ts.Node, _Where, int]] = []
    _visit_statements(root, text, (), -1, out)
    return out


def _visit_statements(
    container: ts.Node, text: bytes, blocks: tuple[str, ...], parent: int, out: list[tuple[ts.Node, _Where, int]]
) -> None:
    # (not a closure: see _stub_statements)
    for n in container.named_children:
        if n.type == "comment" or n.is_error:
            continue
        out.append((n, (blocks, _indent(text, n.start_byte), n.text), parent))
        if n.type in _COMPOUND:
            index = len(out) - 1
            for holder, block in _blocks(n):
                _visit_statements(block, text, (*blocks, holder), index, out)


def _unmatched(statements: list[tuple[ts.Node, _Where, int]], matched: set[_Where]) -> list[ts.Node]:
    """The expression and return statements of `statements` (a `_statement_tree`) that neither
    they nor an enclosing statement stand as in `matched`: what the fixes changed."""
    gone = [False] * len(statements)
    out = []
    for i, (n, where, parent) in enumerate(statements):
        gone[i] = where in matched or (parent >= 0 and gone[parent])
        if not gone[i] and n.type in _VALUE_STATEMENTS:
            out.append(n)
    return out


def _stub_values(
    body: bytes,
    original: bytes,
    changed: list[ts.Node],
    before: list[ts.Node],
    stubs: list[tuple[int, int, bytes]],
) -> None:
    """Adds to `stubs` a stub for each outermost value of the `changed` statements of `body`
    whose text, kind and statement line prefix are those of a value of the `before` statements of
    `original` (the statements the fixes changed there), or that is one atom (`_evident`); one
    stub for a run of them."""
    known: set[tuple[str, bytes, bytes]] = set()
    for stmt in before:
        prefix = _line_prefix(original, stmt.start_byte)
        known.update((kind, prefix, original[start:end]) for start, end, kind in _values(stmt, original))
    for stmt in changed:
        prefix = _line_prefix(body, stmt.start_byte)
        pos = 0
        last = ""  # the kind of the previous stub in this statement
        first = len(stubs)  # this statement's stubs: stubs[first:]
        for start, end, kind in _values(stmt, body, chains=True):
            if start < pos:
                continue  # inside a stub
            if kind == "chain":
                stubs.append((start, end, b"x"))
                last = kind
                pos = end
            elif (kind, prefix, body[start:end]) in known or _evident(body, start, end, kind):
                if kind == last and kind in _RUNS and _separator(body, stubs[-1][1], start):
                    stubs[-1] = (stubs[-1][0], end, stubs[-1][2])  # the next item of a run
                else:
                    stubs.append((start, end, _STUBS.get(kind, b"0")))
                last = kind
                pos = end  # the values inside it go with it
        if _stubbed_call(body, stmt.start_byte, stmt.end_byte, stubs[first:]):
            del stubs[first:]
            stubs.append((stmt.start_byte, stmt.end_byte, b"pass"))


def _stub_parameters(
    body: bytes,
    original: bytes,
    defs: list[ts.Node],
    before: list[tuple[ts.Node, _Where, int]],
    stubs: list[tuple[int, int, bytes]],
) -> None:
    """Adds to `stubs` `()` for the parameter list of each kept `def` of `body` (in `defs`) whose
    text and line prefix are those of a `def`'s parameter list among the statements of `original`
    (`before`, a `_statement_tree`). A parameter list is parsed on its own between its brackets
    (LibCST checks its order of defaults and stars, never anything outside it), newlines and
    indentation are no tokens there, and the line prefix keeps a multi-line default (a long
    string) under the indentation it was proven under, as for values (see `_values`)."""
    known: set[tuple[bytes, bytes | None]] = set()
    for n, _, _ in before:
        fn = n.child_by_field_id(_F_DEFINITION) if n.type == "decorated_definition" else n
        if fn is None or fn.type != "function_definition":
            continue
        params = fn.child_by_field_id(_F_PARAMETERS)
        if params is not None:
            known.add((_line_prefix(original, fn.start_byte), params.text))
    for fn in defs:
        params = fn.child_by_field_id(_F_PARAMETERS)
        if params is not None and (_line_prefix(body, fn.start_byte), params.text) in known:
            stubs.append((params.start_byte, params.end_byte, b"()"))


def _separator(body: bytes, start: int, end: int) -> bool:
    """True when `body[start:end]` is one comma between blanks and comments (`_blank`)."""
    head, comma, tail = body[start:end].partition(b",")
    return bool(comma) and not head.strip(b" \t\r\n") and _blank(tail, 0, len(tail))


def _line_prefix(text: bytes, start: int) -> bytes:
    return text[text.rfind(b"\n", 0, start) + 1 : start]


# Why stubbing a value with `0` cannot hide a LibCST rejection (the argument `_changed_statements`
# makes for statements, one level down). `body` compiles, so the value is a well-formed expression
# where it sits. Its exact text sat in `original` at a value of the same kind, which LibCST parsed
# as such -- or `original` fails validation too, and then the applier keeps the output whatever
# this says. A value of these kinds is a whole `expression` (`named_expression` for arguments and
# elements) between a bracket or `=`/`:` and a comma or bracket, so the parse around it does not
# depend on its text (LibCST's checks on a call, dict, list or tuple look at their arguments' stars
# and keywords, never at their values; a word operator outside sees the bracket), and inside
# brackets newlines and indentation are no tokens. What could still make the same text parse
# differently is kept out: f-string replacement fields (never looked into, here or in `original`),
# forms that are no plain value (`*x`, `**x`, `x := y`, a bare generator, `yield`; a comment or a
# backslash continuation tree-sitter lists among the items), other places (parameters, defaults,
# annotations, decorators, patterns, targets, subscripts, lone dict keys: only expression and
# `return` statements are looked into, and only the kinds of `_values_query` in them), and the
# enclosing indentation a multi-line value (a long string) was parsed under: the line before the
# statement must be the same. A stub LibCST rejects where the text was fine only makes validate()
# parse the whole module.
# Whole items go the same way: a keyword argument `k=v` (`NAME "=" expression`) becomes `_=0`, a
# dict pair `k: v` becomes `0: 0`. A run of stubbed items of one kind in one call, dict, list or
# set, with nothing but a comma, blanks and comments between each two (`_separator`), becomes one
# stub: a call's arguments are checked by their stars and keywords only, in sequence, so a run of
# positional or of keyword ones reads as one of them; a dict, list or set of one item parses as of
# many. A tuple's elements are never merged: one element without a comma is no tuple.
# A dotted name (`aws.s3.Bucket`, `self.bucket`: `_chain`) anywhere in a changed expression or
# `return` statement becomes the name `x`, whether or not `original` had it: it needs no proof from
# there. Written as ASCII names and dots only, it is the tokens NAME ("." NAME)+, none of them a
# keyword (`body` compiles), and the grammar reads that sequence as one primary wherever it reads a
# primary (callee, operand, target, subscripted value), as it reads NAME; LibCST checks neither
# which name an attribute reads nor anything in it but its whitespace (there is none), and the
# stub starts and ends with a name's character as the chain does, so the whitespace checks around
# it (`not x`, `x if y else z`) see what they saw. Kept: a name with a space, comment, backslash or
# non-ASCII letter in it, a chain on anything but a name (`f().a`, `(a).b`, `1.0.real`), one
# headed by a soft keyword (`match.x = ...` starts like a match statement), and f-string fields.
# A value need not have stood in `original` when it is one token the grammar reads as an atom
# (`_evident`): a name or dotted name (`True`, `bucket`, `self.bucket.id`, as `_chain` takes it), a
# decimal integer without underscores, a string on one line of printable ASCII with no backslash
# and no prefix (`"AES256"`) or the prefix `f` and replacement fields that are names or dotted
# names only (`f"{name}-logs"`: no conversion, format or `=`, no brace doubled); likewise a
# keyword argument `k=v` and a dict pair `k: v` whose name is an ASCII name and whose key and
# value are such atoms, with spaces or tabs around `=`/`:`, and a dict key (in a changed statement
# only, never one of `original`: "key"). It stands where a value stands (above; a key between a
# bracket or comma and `:`), so its place reads it as an expression whatever its text; what LibCST
# would check of it is the token itself (an f-string's names in it), and it reads these as
# CPython's tokenizer does (an identifier, an integer, a string with no escape, an f-string whose
# fields are names), none of them a keyword but `True`/`False`/`None` (`body` compiles). Its stub
# and runs go as for a known value.
_NAME = rb"(?!(?:match|case|type|_)(?![A-Za-z0-9_]))[A-Za-z_][A-Za-z0-9_]*"  # no soft keyword (_chain)
_DOTTED = rb"%s(?:\.[A-Za-z_][A-Za-z0-9_]*)*" % _NAME
_ATOM = (
    rb"(?:%s|[1-9][0-9]*|0|\"[ !#-\[\]-~]*\"|'[ -&(-\[\]-~]*'" % _DOTTED
    + rb"|[fF]\"(?:[ !#-\[\]-z|~]|\{%s\})*\"|[fF]'(?:[ -&(-\[\]-z|~]|\{%s\})*')" % (_DOTTED, _DOTTED)
)
_EVIDENT = {
    "kwarg": re.compile(rb"[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*" + _ATOM),
    "pair": re.compile(_ATOM + rb"[ \t]*:[ \t]*" + _ATOM),
}
_EVIDENT_ATOM = re.compile(_ATOM)


def _evident(body: bytes, start: int, end: int, kind: str) -> bool:
    """Whether the value `body[start:end]` of `kind` needs no proof from `original` (see above)."""
    return (_EVIDENT.get(kind) or _EVIDENT_ATOM).fullmatch(body, start, end) is not None


# A changed expression or `return` statement that its stubs leave as a name assigned a value,
# or a value, made of stubs only (`x = x(0, _=0)`, `x({0: 0})`: `_stubbed_call`) becomes `pass`.
# Each stub stands for what it replaced (above), so LibCST's verdict on the statement is its
# verdict on the stubbed text. When that text holds no quote or backslash, its tokens are names,
# numbers, operators, brackets and comments (each `#` opens one: no string holds it), read alike
# by CPython and LibCST, and its line ends and comments lie inside brackets (`body` compiles, and
# a statement ends at a line end outside them); a comment is blank there, as between runs. A call
# of a name that is no keyword, or a dict, list, set or tuple display (not a subscript), whose
# items are `0` only (a stub, or the token 0 where a value stands: an atom), `name=0` or `0: 0`,
# with commas and blanks between, is what a run of stubs merges into (above): LibCST checks its
# items' stars and keywords, never their values, and parses it as a value wherever a value
# stands, as it parses `0`; `_REDUCE` writes it `0`, innermost first, until none is left (each
# `0` it matches is a whole token: brackets, commas, `=` or `:` and blanks around it). A
# statement then `0`, `name = 0` or `return 0` is one LibCST parses as a simple statement
# wherever one stands, as it parses `pass` there.
_KEYWORDS = (
    rb"(?!(?:False|None|True|and|as|assert|async|await|break|class|continue|def|del|elif|else|"
    rb"except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|"
    rb"try|while|with|yield|match|case|type|_)(?![A-Za-z0-9_]))"
)
_W = rb"(?:[ \t]|\r?\n)*"
_ITEMS = rb"%s(?:%%s%s,%s)*(?:%%s%s)?" % (_W, _W, _W, _W)
_CALL_ITEM = rb"(?:0|[A-Za-z_][A-Za-z0-9_]*%s=%s0)" % (_W, _W)
_PAIR = rb"0%s:%s0" % (_W, _W)
_AFTER_VALUE = rb"(?<![A-Za-z0-9_)\]])"  # a bracket opening no call or subscript
_REDUCE = re.compile(
    b"|".join(
        [
            rb"(?<![A-Za-z0-9_.])%s[A-Za-z_][A-Za-z0-9_]*%s\(%s\)"  # a call of a name
            % (_KEYWORDS, _W, _ITEMS % (_CALL_ITEM, _CALL_ITEM)),
            rb"\{%s\}" % (_ITEMS % (_PAIR, _PAIR)),  # a dict
            rb"\{%s0%s(?:,%s0%s)*,?%s\}" % (_W, _W, _W, _W, _W),  # a set
            _AFTER_VALUE + rb"\[%s\]" % (_ITEMS % (b"0", b"0")),  # a list
            _AFTER_VALUE + rb"\(%s\)" % (_ITEMS % (b"0", b"0")),  # a tuple, or `(0)`
        ]
    )
)
_STUBBED = re.compile(rb"(?:%s[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*|return[ \t]+)?0" % _KEYWORDS)
_UNREAD = frozenset(b"\"'\\")  # quotes and backslashes: the text is not reduced
_COMMENT = re.compile(rb"#[^\r\n]*")  # (with no quote, every `#` opens a comment)


def _stubbed_call(body: bytes, start: int, end: int, stubs: list[tuple[int, int, bytes]]) -> bool:
    """Whether the statement `body[start:end]` with `stubs` (its own, in order) applied is made of
    stubs only (see above)."""
    text = _spliced(body, stubs, start, end)
    if not _UNREAD.isdisjoint(text):
        return False
    if b"#" in text:
        text = _COMMENT.sub(b"", text)
    while True:
        reduced = _REDUCE.sub(b"0", text)
        if reduced == text:
            return _STUBBED.fullmatch(text) is not None
        text = reduced


_NOT_VALUES = frozenset(
    {
        "comment", "line_continuation", "list_splat", "dictionary_splat", "parenthesized_list_splat",
        "named_expression", "generator_expression", "yield",
    }
)  # fmt: skip
_STUBS = {"kwarg": b"_=0", "pair": b"0: 0"}
_RUNS = frozenset({"argument", "kwarg", "pair", "element"})


@lru_cache(maxsize=2)
def _values_query(chains: bool) -> ts.Query:
    """The values of `_values` and, with `chains`, every attribute and dict key (no Python node
    made for those of the original's statements, which are asked for values only)."""
    return ts.Query(
        _lang(),
        """(argument_list (_) @argument) (keyword_argument value: (_) @keyword)
        (dictionary (pair) @pair) (dictionary (pair value: (_) @entry))
        [(list (_) @element) (set (_) @element)] (tuple (_) @item) (interpolation) @fstring"""
        + ("\n(attribute) @chain (dictionary (pair key: (_) @key))" if chains else ""),
    )


def _values(stmt: ts.Node, body: bytes, chains: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the values in `stmt` (of `body`): arguments (whole keyword ones:
    "kwarg"), keyword values, dict pairs and their values, list/set elements and tuple items
    ("item"), outside f-strings, in document order (an outer one before those inside it); with
    `chains`, also dict keys ("key") and the outermost dotted names that `_chain` accepts
    ("chain"), after a value of the same span."""
    found = [
        (n.start_byte, -n.end_byte, kind == "chain", kind, n.type)
        for kind, nodes in ts.QueryCursor(_values_query(chains)).captures(stmt).items()
        for n in nodes
    ]
    found.sort()
    out = []
    skip = -1
    chain_end = -1  # the end of the last chain kept: the attributes inside it are part of it
    for start, end, is_chain, kind, t in found:
        if start < skip:
            continue  # inside a replacement field
        if is_chain:
            if start >= chain_end and _chain(body, start, -end):
                out.append((start, -end, kind))
                chain_end = -end
        elif kind == "fstring":
            skip = -end
        elif t == "keyword_argument":
            out.append((start, -end, "kwarg"))
        elif t not in _NOT_VALUES:
            out.append((start, -end, kind))
    return out


_CHAIN_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
_SOFT_KEYWORDS = frozenset({b"match", b"case", b"type", b"_"})


def _chain(body: bytes, start: int, end: int) -> bool:
    """Whether the attribute `body[start:end]` is a name and dots only (`aws.s3.Bucket`), ASCII,
    written without spaces, comments or line breaks, headed by no soft keyword (see `_values`)."""
    text = body[start:end]
    head = text.partition(b".")[0]
    return not head[:1].isdigit() and head not in _SOFT_KEYWORDS and _CHAIN_BYTES.issuperset(text)


# ---- conversion of tree-sitter nodes to model nodes -----------------------------------------
def _named(n: ts.Node) -> list[ts.Node]:
    return [c for c in n.named_children if _KINDS[c.kind_id] != "comment"]


def _one_named(n: ts.Node) -> bool:
    """Whether `n` has exactly one named child that is not a comment (`len(_named(n)) == 1`),
    without a Python node for every child: a block of many statements stops at its second."""
    found = False
    for i in range(n.named_child_count):
        c = n.named_child(i)
        if c is not None and _KINDS[c.kind_id] != "comment":
            if found:
                return False
            found = True
    return found


# An item of an argument list: (node, its type, and for a keyword argument its name's node, the
# name and the value's node; None, "", None for any other).
_Argument = tuple[ts.Node, str, ts.Node | None, str, ts.Node | None]


def _arguments(args_n: ts.Node, body: bytes) -> list[_Argument]:
    """The items of an argument list, comments left out; a keyword argument's name is read from
    the body (node_text, without a call)."""
    out: list[_Argument] = []
    for c in args_n.named_children:
        t = _KINDS[c.kind_id]
        if t == "comment":
            continue
        if t == "keyword_argument":
            name_n = c.child_by_field_id(_F_NAME)
            if name_n is not None:  # (the grammar always has one)
                out.append(
                    (c, t, name_n, body[name_n.start_byte : name_n.end_byte].decode(), c.child_by_field_id(_F_VALUE))
                )
        else:
            out.append((c, t, None, "", None))
    return out


def _unwrap(n: ts.Node | None) -> ts.Node | None:
    while n is not None and _KINDS[n.kind_id] in _PARENS:
        inner = _named(n)
        if len(inner) != 1:
            break
        n = inner[0]
    return n


def _number(text: str) -> float | int | None:
    t = text.replace("_", "")
    try:
        if t.lower().startswith(("0x", "0o", "0b")):
            return int(t, 0)
        if t[-1:] in "jJlL":
            return None
        v = float(t)
        return int(v) if v.is_integer() and "." not in t and "e" not in t.lower() else v
    except ValueError:
        return None


_QUOTES = frozenset(b"'\"")
_JSON_CALLS = {"json.dumps": "stringify", "json.loads": "parse"}
_TRIPLES = (b"'''", b'"""')
_TRIPLE_OF = {34: b'"""', 39: b"'''"}  # by the quote's byte


def _first_quote(body: bytes, s: int, e: int) -> int:
    """Where the string node at `s`..`e` of `body` opens its quotes, past its prefix letters
    (`f"`, `rb'`); `e` when no quote is before it (a string broken by a syntax error)."""
    q = s
    while q < e and body[q] not in _QUOTES:
        q += 1
    return q


def _string_parts(n: ts.Node) -> tuple[str, str, ts.Node | None, ts.Node | None]:
    """(prefix lowercased, quote token, string_start, string_end) of a `string` node."""
    start = end = None
    if not n.has_error:  # the grammar's shape: the first child starts it, the last ends it
        count = n.child_count
        first, last = n.child(0), n.child(count - 1)
        if first is not None and last is not None and first.type == "string_start" and last.type == "string_end":
            start, end = first, last
    if start is None:  # a string broken by a syntax error: the last of each, wherever they are
        for c in n.children:
            if c.type == "string_start":
                start = c
            elif c.type == "string_end":
                end = c
    tok = node_text(start) if start is not None else '"'
    i = 0
    while i < len(tok) and tok[i] not in "'\"":
        i += 1
    return tok[:i].lower(), tok[i:], start, end


def _decode(fragment: bytes, prefix: str, quote: str, fstring: bool) -> str:
    s = fragment.decode("utf-8", "replace")
    if fstring:
        s = s.replace("{{", "{").replace("}}", "}")
    if "\\" not in s or "r" in prefix:
        return s
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `"\\_"`-style invalid escapes warn, then read as written
            return ast.literal_eval(f"{quote}{s}{quote}")
    except (SyntaxError, ValueError):
        return s


def _plain_key(body: bytes, k: ts.Node) -> str | None:
    """The text of a dict key written as a plain string (`"Effect"`, `'Sid'`: no prefix, no
    escape, not triple-quoted), as its Str's value would be; None for any other key. Nearly every
    dict key is one (29,157 of the 29,200 in the Python corpus blocks): read from the body, not
    converted to a Str node only to read its value (the slow path, kept for the rest)."""
    if _KINDS[k.kind_id] != "string" or k.has_error:
        return None
    ks, ke = k.start_byte, k.end_byte
    quote = body[ks : ks + 1]
    if quote not in (b'"', b"'") or ke - ks < 2 or body[ks : ks + 3] == quote * 3:
        return None
    content = body[ks + 1 : ke - 1]
    return None if content.find(b"\\") >= 0 else content.decode("utf-8", "replace")


def _plain_fstring(n: ts.Node, body: bytes) -> bool:
    """No `{x!r}`, `{x:>3}` or `{x=}` in the string (or implicit concatenation): it is the plain
    concatenation of its parts. A string whose text holds no `!`, `:` nor `=` has none of them
    (each is written with one): most are answered so, without a Python node for every child of
    every replacement field (the tree is read only when one of them is written somewhere)."""
    s, e = n.start_byte, n.end_byte
    if body.find(b"!", s, e) < 0 and body.find(b":", s, e) < 0 and body.find(b"=", s, e) < 0:
        return True
    if n.type == "concatenated_string":
        return all(_plain_fstring(c, body) for c in n.named_children if c.type == "string")
    return not any(
        cc.type in ("type_conversion", "format_specifier", "=")
        for c in n.children
        if c.type == "interpolation"
        for cc in c.children
    )


_NAMES_AND_DOTS = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")
_CONSTANT_HEADS = (b"True.", b"False.", b"None.")


def _dotted(n: ts.Node | None, body: bytes) -> str | None:
    """`a.b.c` for an attribute chain on a name (the name alone for an identifier), else None.
    A loop down the chain, not a recursion: asked of every call's callee in every build. The
    names are read from `body` (the text the tree is parsed from) by byte range: a chain written
    without spaces or comments (nearly all) is one slice, `Node.text` per name cost twice that."""
    if n is None:
        return None
    t = _KINDS[n.kind_id]
    if t == "identifier":
        return body[n.start_byte : n.end_byte].decode()
    if t != "attribute":
        return None
    end = n.end_byte
    # Written as ASCII names and single dots (nearly every chain): an attribute of that text, in a
    # tree without errors, is names all the way down (one word heads it: a name, or a constant
    # `True`/`False`/`None`, which is none), read at once instead of a node per level.
    text = body[n.start_byte : end]
    if _NAMES_AND_DOTS.fullmatch(text) and not text.startswith(_CONSTANT_HEADS) and not n.has_error:
        return text.decode()
    attrs: list[ts.Node] = []
    size = 0  # the bytes of the names and one dot each
    while t == "attribute":
        a = n.child_by_field_id(_F_ATTRIBUTE)
        o = n.child_by_field_id(_F_OBJECT)
        if a is None or o is None:
            return None
        attrs.append(a)
        size += a.end_byte - a.start_byte + 1
        n, t = o, _KINDS[o.kind_id]
    if not attrs or t != "identifier":
        return None
    hs, he = n.start_byte, n.end_byte
    if hs == he:  # a MISSING name heads no path
        return None
    if end - he == size:  # one byte between the names: the dots themselves, unless broken code
        text = body[hs:end]
        if text.count(b".") == len(attrs):
            return text.decode()
    return ".".join([body[hs:he].decode(), *(body[a.start_byte : a.end_byte].decode() for a in reversed(attrs))])


def _callee(call: Call) -> Node | None:
    """A call's callee, converted only when asked for."""
    fn = call.raw.child_by_field_id(_F_FUNCTION)
    return cast("PyProgram", call.program).convert(fn) if fn is not None else None


class PyProgram(TreeQueries, Program):
    WRAPPERS = frozenset({"parenthesized_expression"})
    BETWEEN = frozenset(
        {
            "argument_list",
            "keyword_argument",
            "pair",
            "interpolation",
            "list_splat",
            "dictionary_splat",
            "expression_list",
        }
    )
    EXPRESSIONS = frozenset(
        {
            "attribute",
            "subscript",
            "call",
            "dictionary",
            "list",
            "tuple",
            "string",
            "concatenated_string",
            "binary_operator",
            "boolean_operator",
            "await",
            "lambda",
            "conditional_expression",
        }
    )
    BODY_BLOCK = "block"
    LAMBDAS = frozenset({"lambda"})
    MEMBER = "attribute"
    MEMBER_PROPERTY = "attribute"
    SUBSCRIPT = "subscript"
    BINARY = "binary_operator"
    ABSORBED = {"string": "concatenated_string"}
    RECEIVER = b"self"
    IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

    def _unwrapped(self, n: ts.Node) -> ts.Node:
        if _KINDS[n.kind_id] not in _PARENS:  # (most: no call to _unwrap)
            return n
        return _unwrap(n) or n  # (never None for a node)

    def __init__(self, body: bytes, path: str, tree: ts.Tree):
        super().__init__(LANGUAGE, body, path)
        self.tree = tree
        self.class_aliases: dict[str, tuple[str, str]] = {}
        self._decl_name_spans: set[tuple[int, int]] = set()
        self._quote: str | None = None
        self._calls_seen: dict[int, Node] = {}  # call start -> its model node (one object per call)
        self.pulumi_named: dict[str, str] = {}  # `from pulumi import Output as O`: O -> Output
        # The loaders of lazy nodes, made once per program, by `data` (False, True): a lambda made
        # per node costs a function object each (~140k arrays, templates and calls a corpus pass).
        self._array_loaders = (self._load_array, self._load_array_data)
        self._fstring_loaders = (self._load_fstring_node, self._load_fstring_node_data)
        self._concat_loaders = (self._load_concat, self._load_concat_data)
        self._call_loaders = (self._load_call_args, self._load_call_args_data)

    def make_edit_kit(self) -> PyEditKit:
        from .python_edits import PyEditKit  # here: a text that needs no fix never renders one

        return PyEditKit(self)

    # -- quote habit (only needed when something is rendered) ---------------------------------
    @property
    def quote(self) -> str:  # type: ignore[override]
        if self._quote is None:
            counts = {'"': 0, "'": 0}
            for tok in self._openings():
                if tok.endswith((b'"""', b"'''")):
                    continue  # docstrings say nothing about the habit
                q = chr(tok[-1])
                if q in counts:
                    counts[q] += 1
            self._quote = "'" if counts["'"] > counts['"'] else '"'
        return self._quote

    def _opening_nodes(self) -> list[ts.Node]:
        """The opening tokens of a broken tree's strings, in source order (see _openings)."""
        found = self.__dict__.get("_opening_list")
        if found is None:
            caps = ts.QueryCursor(_openings_query()).captures(self.tree.root_node).get("opening", [])
            found = self.__dict__["_opening_list"] = sorted(caps, key=lambda n: n.start_byte)
        return found

    def _openings(self) -> Iterator[bytes]:
        """The text of every string's opening token (its prefix and quotes), in source order. In a
        tree without errors every string node starts with its opening token (and every opening
        token starts a string node): read from the body at each captured string, as `_string`
        reads it (prefix letters, then one quote, or three when three open it). A broken tree may
        hold openings outside a string node: found by a query of their own there."""
        body = self.body
        if self.broken:
            for n in self._opening_nodes():
                yield body[n.start_byte : n.end_byte]
            return
        for n in self._caps["string"]:
            s = n.start_byte
            q = _first_quote(body, s, n.end_byte)
            yield body[s : q + 3] if body[q : q + 3] in _TRIPLES else body[s : q + 1]

    # -- what a call calls ---------------------------------------------------------------------
    def member_called(self, call: Call) -> str | None:
        fn = _unwrap(call.raw.child_by_field_id(_F_FUNCTION))
        if fn is None or fn.type not in ("attribute", "subscript"):
            return None
        if fn.type == "subscript":
            return super().member_called(call)
        attr = fn.child_by_field_id(_F_ATTRIBUTE)
        return node_text(attr) if attr is not None else ""

    def pulumi_helper(self, call: Call | None) -> str | None:
        if call is None or not call.callee:
            return None
        head, dot, rest = call.callee.partition(".")
        if head and head in self.pulumi_aliases and dot:
            name = rest
        elif head in self.pulumi_named:
            name = self.pulumi_named[head] + (dot + rest if dot else "")
        else:
            return None
        return _PULUMI_NAMES.get(name) or camel(name)

    def json_call(self, call: Call | None) -> str | None:
        callee = call.callee if call is not None else None
        return _JSON_CALLS.get(callee or "")

    def aws_function(self, call: Call | None) -> str | None:
        if call is None or not call.callee:
            return None
        parts = call.callee.split(".")
        if len(parts) in (2, 3) and parts[0] in self.aws_aliases:
            mods = parts[1:-1]
        elif len(parts) == 2 and parts[0] in self.module_aliases:
            mods = [self.module_aliases[parts[0]]]
        else:
            return None
        last = parts[-1]
        if not last[:1].islower():
            return None
        return ".".join([m.rstrip("_") for m in mods] + [camel(last)])

    def resource_options(self, resource: Resource) -> Obj | None:
        opts = self.resolve(resource.opts) if resource.opts is not None else None
        if isinstance(opts, Call) and opts.callee.rpartition(".")[2] == "ResourceOptions":
            args_n = opts.raw.child_by_field_id(_F_ARGUMENTS)
            if (
                args_n is not None
                and args_n.type == "argument_list"
                and all(c.type in ("keyword_argument", "dictionary_splat") for c in _named(args_n))
            ):
                return self.kwargs_obj(args_n, "py-args", whole=opts.raw)
            return None
        return opts if isinstance(opts, Obj) else None

    @property
    def _package_init(self) -> bool:
        """A package's `__init__.py` (also as a markdown block `doc.md#lib/__init__.py`): its imports
        are what the package exports."""
        return self.path.replace("\\", "/").rpartition("#")[2].rpartition("/")[2] == "__init__.py"

    def _mention(self, node: ts.Node) -> bool:
        if _KINDS[node.kind_id] != "identifier":
            return False
        p = node.parent
        if p is None:
            return True
        t = _KINDS[p.kind_id]
        if t == "attribute" and p.child_by_field_id(_F_ATTRIBUTE) == node:
            return False  # `x.name`
        return not (t == "keyword_argument" and p.child_by_field_id(_F_NAME) == node)

    def _extra_mentions(self, name: str) -> int:
        """`__all__ = ["name"]` re-exports a name; `x: "Name"` annotates with it."""
        count = 0
        for v in self.bindings.get("__all__") or []:
            if isinstance(v, Arr) and any(isinstance(i, Str) and i.value == name for i in v.items):
                count += 1
        word = name.encode()
        for text in self._annotation_strings():
            i = text.find(word)
            while i != -1:
                e = i + len(word)
                if (i == 0 or text[i - 1] not in self.IDENT_BYTES) and (
                    e == len(text) or text[e] not in self.IDENT_BYTES
                ):
                    count += 1
                    break
                i = text.find(word, e)
        return count

    def _annotation_strings(self) -> list[bytes]:
        """The strings written in annotations, found once per program (a walk of the whole tree:
        asked for every imported name)."""
        found = self.__dict__.get("_annotation_texts")
        if found is None:
            caps = self._caps.get("annotation_string", [])  # captured by build's query
            found = self.__dict__["_annotation_texts"] = [node_bytes(s) for s in caps]
        return found

    def _not_a_use(self, node: ts.Node, p: ts.Node | None) -> bool:
        if p is None:
            return False
        t = _KINDS[p.kind_id]
        if t == "keyword_argument" and p.child_by_field_id(_F_NAME) == node:
            return True
        return t in (
            "parameters",
            "default_parameter",
            "typed_parameter",
            "typed_default_parameter",
            "lambda_parameters",
            "dotted_name",
            "aliased_import",
            "function_definition",
            "class_definition",
            "global_statement",
            "nonlocal_statement",
        )

    # -- classification --------------------------------------------------------------------------
    def resource_class(self, dotted: str | None) -> tuple[str, str] | None:
        """(module, class) when `dotted` names a pulumi_aws resource class under this file's imports."""
        if not dotted:
            return None
        # Asked of every call's callee: most are no class, and say so before the split. A class
        # written with a dot is its last name, capitalised; one without is an imported alias.
        dot = dotted.rfind(".")
        if dot < 0:
            if dotted not in self.class_aliases:
                return None
        elif not dotted[dot + 1 : dot + 2].isupper():
            return None
        parts = dotted.split(".")
        module: str | None = None
        cls: str | None = None
        if len(parts) == 3 and parts[0] in self.aws_aliases:
            module, cls = parts[1], parts[2]
        elif len(parts) == 2 and parts[0] in self.aws_aliases and parts[1] == "Provider":
            module, cls = "", "Provider"
        elif len(parts) == 2 and parts[0] in self.module_aliases:
            module, cls = self.module_aliases[parts[0]], parts[1]
        elif len(parts) == 1 and parts[0] in self.class_aliases:
            module, cls = self.class_aliases[parts[0]]
        if module is None or cls is None or not cls[:1].isupper() or _is_args_class(cls):
            return None
        return module.rstrip("_"), cls

    # -- conversion ------------------------------------------------------------------------------
    @overload
    def convert(self, n: ts.Node, data: bool = False) -> Node: ...
    @overload
    def convert(self, n: ts.Node | None, data: bool = False) -> Node | None: ...

    def convert(self, n: ts.Node | None, data: bool = False) -> Node | None:
        """The model node of a tree node (always one: `Other` for what the model does not read)."""
        if n is None:
            return None
        t = _KINDS[n.kind_id]  # read once and handed on (see _KINDS)
        if t not in _PARENS:
            return self._convert(n, data, t)
        u = _unwrap(n)
        node = self._convert(u, data, _KINDS[u.kind_id]) if u is not None else None
        if u is not n and node is not None:
            node.wrapped = True
        return node

    def _convert(self, n: ts.Node, data: bool, t: str) -> Node:
        # Names and attributes first, the most frequent kinds (each test before a node's own kind
        # costs a comparison); names are read from the body by byte range (`Node.text` costs twice).
        # Model nodes are made with positional arguments: each keyword costs a call ~500
        # instructions more (name matching), on ~360k nodes and ~200k properties a corpus pass.
        s, e = n.start_byte, n.end_byte
        if t == "identifier":
            name = self.body[s:e].decode()
            # The receiver is `this` in the model, as in TypeScript (`self.bucket` -> "this.bucket").
            return Ident(self, s, e, n, "this" if name == "self" else name)
        if t == "attribute":
            obj_n = n.child_by_field_id(_F_OBJECT)
            attr = n.child_by_field_id(_F_ATTRIBUTE)
            obj = self.convert(obj_n)
            if attr is None:
                return Member(self, s, e, n, obj, "", dotted_path(obj, ""))
            prop = self.body[attr.start_byte : attr.end_byte].decode()
            return Member(self, s, e, n, obj, prop, dotted_path(obj, prop), attr.start_byte, attr.end_byte)
        if t == "dictionary":
            literal = Obj(self, s, e, n, "py-dict", self._load_dict)  # its ends: literal_ends
            literal.data_keys = data
            return literal
        if t in ("list", "tuple"):
            return Arr(self, s, e, n, self._array_loaders[data])
        if t == "string":
            return self._string(n, data)
        if t == "concatenated_string":
            return Template(self, s, e, n, self._concat_loaders[data], _plain_fstring(n, self.body))
        if t in ("integer", "float"):
            v = _number(node_text(n))
            return Num(self, s, e, n, v) if v is not None else Other(self, s, e, n)
        if t == "unary_operator":
            arg = _unwrap(n.child_by_field_id(_F_ARGUMENT))
            op = n.child_by_field_id(_F_OPERATOR)
            if arg is not None and arg.type in ("integer", "float") and op is not None and op.type in ("-", "+"):
                v = _number(node_text(arg))
                if v is not None:
                    return Num(self, s, e, n, -v if op.type == "-" else v)
            return Other(self, s, e, n)
        if t in ("true", "false"):
            return Bool(self, s, e, n, t == "true")
        if t == "none":
            return Null(self, s, e, n)
        if t == "await":
            inner = _named(n)
            return Await(self, s, e, n, self.convert(inner[0]) if inner else None)
        if t == "lambda":
            return self._lambda(n)
        if t == "subscript":
            obj = self.convert(n.child_by_field_id(_F_VALUE))
            subs = [c for c in n.children_by_field_name("subscript")]
            idx = self.convert(subs[0]) if len(subs) == 1 else None
            if isinstance(idx, Str):
                return Member(self, s, e, n, obj, idx.value, dotted_path(obj, idx.value))
            return Other(self, s, e, n)
        if t == "call":
            if data:
                return self._call(n, data)
            hit = self._calls_seen.get(s)
            if hit is None or hit.end != e:
                hit = self._calls_seen[s] = self._call(n)
            return hit
        if t in ("boolean_operator", "binary_operator"):
            op = n.child_by_field_id(_F_OPERATOR)
            return Binary(
                self,
                s,
                e,
                n,
                node_text(op) if op is not None else "?",
                self.convert(n.child_by_field_id(_F_LEFT), data),
                self.convert(n.child_by_field_id(_F_RIGHT), data),
            )
        return Other(self, s, e, n)

    def _string(self, n: ts.Node, data: bool = False) -> Node:
        s, e = n.start_byte, n.end_byte
        body = self.body
        if e - s >= 2 and not n.has_error:
            # A well-formed string (nearly all): its tokens are read from the body, not the tree:
            # the prefix letters, the quote (three when the string opens with three, as the
            # tokenizer reads it) and the same quote closing it.
            c = body[s]
            if c == 34 or c == 39:  # no prefix (most strings): `"`, `'`, or three of either
                triple = body.startswith(_TRIPLE_OF[c], s)
                cs, ce = (s + 3, e - 3) if triple else (s + 1, e - 1)
                content = body[cs:ce]
                if content.find(b"\\") >= 0:  # an escape: read as _decode reads it
                    value = _decode(content, "", _TRIPLE_OF[c].decode() if triple else chr(c), False)
                else:
                    value = content.decode("utf-8", "replace")
                return Str(self, s, e, n, value, chr(c), cs, ce, triple)
            q = _first_quote(body, s, e)
            if q < e:
                quote = body[q : q + 3].decode() if body[q : q + 3] in _TRIPLES else chr(body[q])
                prefix = body[s:q].decode().lower() if q > s else ""
                if "b" in prefix:  # bytes
                    return Other(self, s, e, n)
                if "f" in prefix:
                    return Template(self, s, e, n, self._fstring_loaders[data], _plain_fstring(n, body))
                cs, ce = q + len(quote), e - len(quote)
                return Str(self, s, e, n, _decode(body[cs:ce], prefix, quote, False), quote[0], cs, ce, len(quote) == 3)
        prefix, quote, start, end = _string_parts(n)
        if "b" in prefix or start is None or not quote:  # bytes, or a string broken by a syntax error
            return Other(self, s, e, n)
        if "f" in prefix:
            return Template(self, s, e, n, self._fstring_loaders[data], _plain_fstring(n, body))
        cs = start.end_byte
        ce = end.start_byte if end is not None else e
        return Str(self, s, e, n, _decode(self.body[cs:ce], prefix, quote, False), quote[0], cs, ce, len(quote) == 3)

    def _load_array(self, a: Arr, data: bool = False) -> list:
        return [self.convert(c, data) for c in _named(a.raw)]

    def _load_array_data(self, a: Arr) -> list:
        return self._load_array(a, True)

    def _load_fstring_node(self, tpl: Template) -> list:
        return self._load_fstring(tpl.raw)

    def _load_fstring_node_data(self, tpl: Template) -> list:
        return self._load_fstring(tpl.raw, True)

    def _load_concat_data(self, tpl: Template) -> list:
        return self._load_concat(tpl, True)

    def _load_fstring(self, n: ts.Node, data: bool = False) -> list:
        prefix, quote, start, end = _string_parts(n)
        parts: list[Any] = []
        pos = start.end_byte if start is not None else n.start_byte
        stop = end.start_byte if end is not None else n.end_byte
        for c in n.children:
            if c.type != "interpolation":
                continue
            if c.start_byte > pos:
                parts.append(_decode(self.body[pos : c.start_byte], prefix, quote, True))
            expr = c.child_by_field_id(_F_EXPRESSION)
            parts.append(self.convert(expr, data) if expr is not None else Other(self, c.start_byte, c.end_byte, c))
            pos = c.end_byte
        if stop > pos:
            parts.append(_decode(self.body[pos:stop], prefix, quote, True))
        return [p for p in parts if p != ""]

    def _load_concat(self, tpl: Template, data: bool = False) -> list:
        parts: list[Any] = []
        for c in _named(tpl.raw):
            v = self.convert(c, data)
            if isinstance(v, Str):
                parts.append(v.value)
            elif isinstance(v, Template):
                parts.extend(v.parts)
            else:
                parts.append(v)
        # Adjacent literal pieces read as one.
        merged: list[Any] = []
        for p in parts:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] += p
            else:
                merged.append(p)
        return merged

    def _call(self, n: ts.Node, data: bool = False, dotted: str | None = None, fn: ts.Node | None = None) -> Node:
        """The model node of call `n`; `dotted` and `fn`, its callee's dotted name and node, when
        the caller has them (build reads them of every call)."""
        if fn is None:
            fn = n.child_by_field_id(_F_FUNCTION)
        if dotted is None:
            dotted = _dotted(fn, self.body)
        # An `...Args(...)` class or `dict(k=v)` is an object: its arguments are read only then
        # (most calls are neither, and say so by their callee's last letters).
        if dotted is not None and (dotted.endswith(_ARGS_ENDS) or dotted == "dict"):
            args_n = n.child_by_field_id(_F_ARGUMENTS)
            if (
                args_n is not None
                and args_n.type == "argument_list"
                and (
                    _is_args_class(dotted.rpartition(".")[2])
                    if dotted != "dict"
                    else not any(c.type not in ("keyword_argument", "dictionary_splat") for c in _named(args_n))
                )
            ):
                return self.kwargs_obj(args_n, "py-args", data=data, whole=n)
        callee = dotted if dotted is not None else (node_bytes(fn).decode("utf-8", "replace") if fn is not None else "")
        data_args = data or callee in _DATA_CALLS
        return Call(self, n.start_byte, n.end_byte, n, callee, False, self._call_loaders[data_args], None, _callee)

    def _load_call_args_data(self, call: Call):
        return self._load_call_args(call, True)

    def _load_call_args(self, call: Call, data: bool = False):
        args_n = call.raw.child_by_field_id(_F_ARGUMENTS)
        if args_n is None:
            return [], {}
        if args_n.type != "argument_list":
            return [self.convert(args_n, data)], {}
        pos: list[Node] = []
        kw: dict[str, Node] = {}
        for c in _named(args_n):
            t = _KINDS[c.kind_id]
            if t == "keyword_argument":
                name = c.child_by_field_id(_F_NAME)
                value = c.child_by_field_id(_F_VALUE)
                if value is not None:  # the grammar always has one
                    kw[node_text(name)] = self.convert(value, data)
            elif t in ("list_splat", "dictionary_splat"):
                continue
            else:
                pos.append(self.convert(c, data))
        return pos, kw

    def kwargs_obj(
        self,
        args_n: ts.Node,
        style: str,
        *,
        data: bool = False,
        resource: bool = False,
        whole: ts.Node | None = None,
        items: list[_Argument] | None = None,
    ) -> Obj:
        """The keyword arguments of a call as an Obj spanning `(...)` (or the whole call); its
        first and last elements (positional arguments count) are found when asked (literal_ends).
        `items`: the argument list's, when the caller has read them (`_arguments`)."""
        s = (whole or args_n).start_byte
        e = (whole or args_n).end_byte
        obj = Obj(
            self,
            s,
            e,
            args_n,
            style,
            self._load_kwargs if items is None else lambda o: self._kwargs_entries(o, items),
            args_n.start_byte + 1,
            args_n.end_byte - 1,
        )
        obj.data_keys = data
        obj.resource_kwargs = resource
        return obj

    def _prop_value(self, key: str, v: ts.Node | None, data: bool) -> Node | None:
        child_data = data or key in _DATA_PROPS
        node = self.convert(v, child_data)
        if child_data and isinstance(node, Ident):
            target = self.resolve(node)
            if isinstance(target, Obj) and target.style == "py-dict" and not target.loaded:
                target.data_keys = True
        return node

    def _load_kwargs(self, obj: Obj) -> list:
        return self._kwargs_entries(obj, _arguments(obj.raw, self.body))

    def _kwargs_entries(self, obj: Obj, items: list[_Argument]) -> list:
        """The entries of keyword arguments object `obj`, of its argument list's `items`."""
        entries: list[Any] = []
        data = obj.data_keys
        skip = _NOT_PROPS if obj.resource_kwargs else ()
        for c, t, name_n, raw_key, value in items:
            if t == "keyword_argument" and name_n is not None:
                if raw_key in skip:
                    continue
                key = raw_key if data else _camel(raw_key)
                entries.append(
                    Prop(
                        key,
                        raw_key,
                        self._prop_value(key, value, data),
                        c.start_byte,
                        c.end_byte,
                        name_n.start_byte,
                        name_n.end_byte,
                        False,
                        obj,
                    )
                )
            elif t in ("dictionary_splat", "list_splat"):
                inner = _named(c)
                entries.append(
                    Spread(
                        self.convert(inner[0]) if inner else Other(self, c.start_byte, c.end_byte, c),
                        c.start_byte,
                        c.end_byte,
                    )
                )
        return entries

    def _load_dict(self, obj: Obj) -> list:
        entries: list[Any] = []
        data = obj.data_keys
        body = self.body
        for c in obj.raw.named_children:  # (a comment is neither a pair nor a splat)
            t = _KINDS[c.kind_id]
            if t == "pair":
                k = c.child_by_field_id(_F_KEY)
                v = c.child_by_field_id(_F_VALUE)
                if k is None:
                    continue
                raw_key = _plain_key(body, k)
                quoted = raw_key is not None
                if raw_key is None:  # (not a plain string: what the string's conversion reads)
                    kn = self.convert(k)
                    quoted = isinstance(kn, Str)
                    raw_key = kn.value if isinstance(kn, Str) else node_bytes(k).decode("utf-8", "replace")
                key = raw_key if data else _camel(raw_key)
                entries.append(
                    Prop(
                        key,
                        raw_key,
                        self._prop_value(key, v, data),
                        c.start_byte,
                        c.end_byte,
                        k.start_byte,
                        k.end_byte,
                        False,
                        obj,
                        quoted,
                    )
                )
            elif t == "dictionary_splat":
                inner = _named(c)
                entries.append(
                    Spread(
                        self.convert(inner[0]) if inner else Other(self, c.start_byte, c.end_byte, c),
                        c.start_byte,
                        c.end_byte,
                    )
                )
        return entries

    def _type_ref(self, n: ts.Node | None) -> TypeRef | None:
        """`aws.s3.BucketV2VersioningArgs` / `s3.BucketV2VersioningArgs` (module imported by name) at
        node `n`: a reference to nested input type `s3.BucketV2Versioning`."""
        dotted = _dotted(n, self.body) if n is not None and n.type == "attribute" else None
        parts = dotted.split(".") if dotted else []
        if len(parts) == 3 and parts[0] in self.aws_aliases:
            module, cls = parts[1].rstrip("_"), parts[2]
        elif len(parts) == 2 and parts[0] in self.module_aliases:
            module, cls = self.module_aliases[parts[0]], parts[1]
        else:
            return None
        if not (cls.endswith("Args") and cls[:1].isupper() and len(cls) > 4) or n is None:
            return None
        return TypeRef(module, cls[:-4], n.start_byte, n.end_byte)

    @property
    def type_refs(self) -> list[TypeRef]:
        found = self.__dict__.get("_type_refs")
        if found is None:
            found = []
            body, root, ident = self.body, self.tree.root_node, self.IDENT_BYTES
            i = body.find(b"Args")
            while i != -1:
                e = i + 4
                if e == len(body) or body[e] not in ident:
                    n = root.descendant_for_byte_range(i, e)
                    top = n.parent if n is not None and n.type == "identifier" else None
                    ref = self._type_ref(top) if top is not None and top.end_byte == e else None
                    if ref is not None:
                        found.append(ref)
                i = body.find(b"Args", e)
            self.__dict__["_type_refs"] = found
        return list(found)

    def type_ref_of(self, node: Node | None) -> TypeRef | None:
        if not isinstance(node, Obj) or node.style != "py-args" or node.raw is None or node.raw.parent is None:
            return None
        return self._type_ref(node.raw.parent.child_by_field_id(_F_FUNCTION))

    @property
    def type_names(self) -> frozenset[str]:
        found = self.__dict__.get("_type_names")
        if found is None:
            # The type nodes are found by a query, a walk in C (a walk in Python made a node
            # object of every node of the tree); each outermost one is walked for its names.
            out = set()
            end = -1
            types = ts.QueryCursor(_types_query()).captures(self.tree.root_node).get("type", [])
            for n in sorted(types, key=lambda t: (t.start_byte, -t.end_byte)):
                if n.start_byte < end:
                    continue  # inside the type before it: walked with it
                end = n.end_byte
                for m in _walk_nodes(n):
                    d = _dotted(m, self.body) if m.type in ("identifier", "attribute") else None
                    if d:
                        out.add(d)
            found = self.__dict__["_type_names"] = frozenset(out)
        return found

    def call_kwargs(self, call: Call) -> Obj | None:
        raw = call.raw
        args_n = raw.child_by_field_id(_F_ARGUMENTS) if raw is not None and _KINDS[raw.kind_id] == "call" else None
        if args_n is None or _KINDS[args_n.kind_id] != "argument_list":
            return None
        # One object per call for the pass: rules ask again and again (options_of: for every
        # resource, by several rules), and each new object would load its entries again. It
        # depends on nothing but the argument list, keyed by where that starts.
        memo = self.__dict__.setdefault("_call_kwargs", {})
        obj = memo.get(args_n.start_byte)
        if obj is None:
            obj = memo[args_n.start_byte] = self.kwargs_obj(args_n, "py-kwargs")
        return obj

    # -- queries -----------------------------------------------------------------------------
    def binding(self, name: str) -> Node | None:
        node = super().binding(name)
        return None if isinstance(node, Other) and node.marker else node

    @property
    def templates(self) -> list[Template]:
        """Every f-string, in source order; an implicit concatenation holding one (`f"{a}" "-b"`)
        is one Template (converted when first asked for)."""
        cached = self.__dict__.get("_templates")
        if cached is None:
            converted = (self.convert(n) for n in self._template_nodes())
            cached = self.__dict__["_templates"] = [t for t in converted if isinstance(t, Template)]
        return cached

    def templates_where(self, keep: Callable[[Span], bool]) -> list[Template]:
        if "_templates" in self.__dict__:
            return [t for t in self.templates if keep(Span(t.start, t.end))]
        converted = (self.convert(n) for n in self._template_nodes() if keep(Span(n.start_byte, n.end_byte)))
        return [t for t in converted if isinstance(t, Template)]

    def _template_nodes(self) -> Iterator[ts.Node]:
        """The tree nodes of `templates`, unconverted: each f-string, or the implicit
        concatenation holding it."""
        seen: set[int] = set()
        body = self.body
        if not self.broken:
            # The captured strings themselves (see _openings), each f-string's concatenation
            # looked up among the captured ones' strings: `.parent` is a walk down from the root
            # (~4 us for a string), two of them per f-string.
            concat = {}
            for c in self._caps["concat"]:
                for part in c.named_children:
                    concat[part.start_byte] = c
            for string in self._caps["string"]:
                b = string.start_byte
                if body[b] == 34 or body[b] == 39:
                    continue  # no prefix, no f-string (most strings: their text is never read)
                prefix = body[b : _first_quote(body, b, string.end_byte)]
                if b"f" in prefix or b"F" in prefix:
                    string = concat.get(b, string)
                    if string.start_byte not in seen:
                        seen.add(string.start_byte)
                        yield string
            return
        for start in self._opening_nodes():  # (a broken tree: see _openings)
            b = start.start_byte
            if body[b : b + 1] in (b'"', b"'"):
                continue  # no prefix, no f-string (most strings: their text is never read)
            opening = body[b : start.end_byte]  # the prefix and the quotes (no `f` among them)
            if b"f" in opening or b"F" in opening:
                holder = start.parent
                if holder is None:
                    continue
                if holder.parent is not None and holder.parent.type == "concatenated_string":
                    holder = holder.parent
                if holder.start_byte in seen:
                    continue
                seen.add(holder.start_byte)
                yield holder

    @property
    def concatenations(self) -> list[Binary]:
        cached = self.__dict__.get("_concatenations")
        if cached is None:
            cached = self.__dict__["_concatenations"] = [
                self.convert(n) for n in self._caps["binary"] if is_plus(n) and not self._in_sum(n)
            ]
        return cached

    @staticmethod
    def _params(n: ts.Node) -> tuple[str, ...]:
        params: list[str] = []
        pn = n.child_by_field_id(_F_PARAMETERS)
        if pn is not None:
            _param_names(pn, params)
        return tuple("this" if p == "self" else p for p in params)

    def _func(self, n: ts.Node) -> Func:
        params = self._params(n)
        call = None
        p = n.parent
        while p is not None and p.type in _PARENS:
            p = p.parent
        if p is not None and p.type == "keyword_argument":
            p = p.parent
        if p is not None and p.type == "argument_list" and p.parent is not None and p.parent.type == "call":
            conv = self._call(p.parent)
            call = conv if isinstance(conv, Call) else None
        return Func(n.start_byte, n.end_byte, params, call)

    FUNCTION_TYPES = frozenset({"function_definition", "lambda"})
    BLOCK_STARTS_AT_FIRST = True  # a Python block node begins at its first statement

    def _block_kind(self, n: ts.Node) -> str | None:
        t = _KINDS[n.kind_id]
        if t == "block":
            bodies = self._def_bodies()
            if bodies is not None:
                return bodies.get((n.start_byte, n.end_byte), "block")
            par = n.parent
            pt = _KINDS[par.kind_id] if par is not None else None
            return "function" if pt == "function_definition" else "class" if pt == "class_definition" else "block"
        return "program" if t == "module" else None

    def _def_bodies(self) -> dict[tuple[int, int], str] | None:
        """The spans of the bodies of the program's `def`s ("function") and classes ("class"), for
        `_block_kind`: asked of every block of every climb of `blocks_at` / `class_at` (~100k a
        corpus pass), where a block's parent would be a walk down from the root each. In a tree
        without errors no other block has a body's span (a block holds a statement, and a block
        inside a body belongs to a compound statement that starts before it with its keyword).
        None in a broken tree or a scoped build (asked of the parent then)."""
        found = self.__dict__.get("_def_body_spans")
        if found is None:
            caps = self.__dict__.get("_caps")
            if self.broken or caps is None or "def" not in caps:
                return None
            found = self.__dict__["_def_body_spans"] = {}
            for d in caps["def"]:
                b = d.child_by_field_id(_F_BODY)
                if b is not None:
                    found[(b.start_byte, b.end_byte)] = (
                        "class" if _KINDS[d.kind_id] == "class_definition" else "function"
                    )
        return found

    # -- the program's own modules (iacfix.project) -----------------------------------------------
    def _load_imports(self) -> list[Import]:
        out: list[Import] = []
        reexport = self._package_init  # (read once: a path's last name)
        for imp in self._caps.get("import", []):  # captured by build's query
            top = imp.parent is not None and imp.parent.type == "module"
            if imp.type == "import_statement":
                for c in imp.children_by_field_name("name"):
                    span = (c.start_byte, c.end_byte)
                    if c.type == "aliased_import":
                        mod, alias = c.child_by_field_id(_F_NAME), c.child_by_field_id(_F_ALIAS)
                        if mod is not None and alias is not None:
                            out.append(
                                Import(
                                    node_text(mod),
                                    (),
                                    node_text(alias),
                                    imp.start_byte,
                                    imp.end_byte,
                                    (),
                                    span,
                                    top,
                                    reexport,
                                )
                            )
                    elif c.type == "dotted_name":
                        out.append(
                            Import(
                                node_text(c),
                                (),
                                node_text(c),
                                imp.start_byte,
                                imp.end_byte,
                                (),
                                span,
                                top,
                                reexport,
                            )
                        )
                continue
            mod_n = imp.child_by_field_id(_F_MODULE_NAME)
            if mod_n is None:
                continue
            names: list[tuple[str, str]] = []
            spans: list[tuple[int, int]] = []
            for c in imp.children_by_field_name("name"):
                if c.type == "aliased_import":
                    nm, alias = c.child_by_field_id(_F_NAME), c.child_by_field_id(_F_ALIAS)
                    if nm is not None and alias is not None:
                        names.append((node_text(nm), node_text(alias)))
                        spans.append((c.start_byte, c.end_byte))
                else:
                    names.append((node_text(c), node_text(c)))
                    spans.append((c.start_byte, c.end_byte))
            for c in imp.named_children:
                if c.type == "wildcard_import":
                    names.append(("*", "*"))
                    spans.append((c.start_byte, c.end_byte))
            module = node_text(mod_n)
            if not module.isidentifier() and not module.replace(".", "").isidentifier():
                module = re.sub(r"\s+", "", module)  # (a name written across lines or with spaces)
            out.append(
                Import(module, tuple(names), None, imp.start_byte, imp.end_byte, tuple(spans), None, top, reexport)
            )
        return sorted(out, key=lambda i: i.start)

    def _load_definitions(self) -> list[Definition]:
        out: list[Definition] = []
        for node in self._caps.get("def", []):  # captured by build's query, in source order
            name_n = node.child_by_field_id(_F_NAME)
            if name_n is None:
                continue
            name = node_text(name_n)
            whole = node.parent if node.parent is not None and node.parent.type == "decorated_definition" else node
            if node.type == "class_definition":
                body = node.child_by_field_id(_F_BODY)
                init = next((f for f in _class_functions(body) if _def_name(f) == "__init__"), None)
                out.append(self._definition(name, "class", whole, init or node, name, method=init is not None))
                continue
            owner = _owner_class(whole)
            if owner is not None:
                if name != "__init__":
                    out.append(self._definition(f"{owner}.{name}", "method", whole, node, owner, method=True))
                continue
            out.append(self._definition(name, "function", whole, node, None))
        return out

    def _definition(
        self, name: str, kind: str, whole: ts.Node, fn: ts.Node, cls: str | None, method: bool = False
    ) -> Definition:
        params: list[str | None] = []
        defaults: list[tuple[str, Node]] = []
        plist = fn.child_by_field_id(_F_PARAMETERS) if fn.type == "function_definition" else None
        for p in _named(plist) if plist is not None else []:
            if p.type in ("keyword_separator", "positional_separator"):
                continue
            if p.type == "identifier":
                params.append(node_text(p))
                continue
            nm = p.child_by_field_id(_F_NAME)
            if nm is None and p.type == "typed_parameter":
                nm = next((c for c in _named(p) if c.type == "identifier"), None)
            pname = node_text(nm) if nm is not None and nm.type == "identifier" else None
            params.append(pname)
            value = p.child_by_field_id(_F_VALUE)
            if pname is not None and value is not None:
                conv = self.convert(value)
                if conv is not None:
                    defaults.append((pname, conv))
        if method and params:
            params = params[1:]  # the receiver
        bases: list[str] = []
        if kind == "class":
            node = whole.child_by_field_id(_F_DEFINITION) if whole.type == "decorated_definition" else whole
            sup = node.child_by_field_id(_F_SUPERCLASSES) if node is not None else None
            bases = [d for c in _named(sup) if (d := _dotted(c, self.body)) is not None] if sup is not None else []
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
        if definition.kind == "class":
            return []
        fn = self.tree.root_node.descendant_for_byte_range(definition.fn_start, definition.fn_end)
        while fn is not None and not (fn.type == "function_definition" and fn.start_byte == definition.fn_start):
            fn = fn.parent
        body = fn.child_by_field_id(_F_BODY) if fn is not None else None
        out = []
        stack = list(_named(body)) if body is not None else []
        while stack:
            n = stack.pop()
            if n.type in ("function_definition", "class_definition", "lambda"):
                continue
            if n.type == "return_statement":
                value = _named(n)
                conv = self.convert(value[0]) if value else None
                if conv is not None:
                    out.append(conv)
                continue
            stack.extend(_named(n))
        return sorted(out, key=lambda v: v.start)

    def assigned(self, name: str) -> list[Node]:
        memo = self._memo("_assigned_memo")
        if not memo:
            # `self.x = value`, among the build query's assignments (in source order, outer first:
            # `self.a = self.b = v` gives a `self.b = v`): a query of its own walked the whole tree
            # again (~0.4 ms a program, asked of 1,274 Python corpus passes).
            for asg in self._caps.get("asg", ()):
                left, value = asg.child_by_field_id(_F_LEFT), asg.child_by_field_id(_F_RIGHT)
                if left is None or value is None or left.type != "attribute":
                    continue
                obj, prop = left.child_by_field_id(_F_OBJECT), left.child_by_field_id(_F_ATTRIBUTE)
                if obj is None or prop is None or obj.type != "identifier" or prop.type != "identifier":
                    continue
                if node_bytes(obj) != b"self":
                    continue
                conv = self.convert(value)
                if conv is not None:
                    memo.setdefault("this." + node_text(prop), []).append(conv)
            memo.setdefault("", [])
        return list(memo.get(name, []))


def _def_name(n: ts.Node) -> str | None:
    nm = n.child_by_field_id(_F_NAME)
    return node_text(nm) if nm is not None else None


def _class_functions(body: ts.Node | None) -> list[ts.Node]:
    out = []
    for c in _named(body) if body is not None else []:
        if c.type == "decorated_definition":
            c = c.child_by_field_id(_F_DEFINITION) or c
        if c.type == "function_definition":
            out.append(c)
    return out


def _owner_class(whole: ts.Node) -> str | None:
    """The class whose body holds this def directly, if any."""
    block = whole.parent
    cls = block.parent if block is not None and block.type == "block" else None
    return _def_name(cls) if cls is not None and cls.type == "class_definition" else None


def _param_names(n: ts.Node, out: list[str]) -> None:
    """Names a parameter list binds (`self`, `*args` and `**kw` included; not types, not defaults)."""
    for c in n.named_children:
        if c.type == "identifier":
            out.append(node_text(c))
        elif c.type in ("default_parameter", "typed_default_parameter"):
            nm = c.child_by_field_id(_F_NAME)
            if nm is not None and nm.type == "identifier":
                out.append(node_text(nm))
        elif c.type in ("typed_parameter", "list_splat_pattern", "dictionary_splat_pattern"):
            for cc in c.named_children:
                if cc.type == "identifier":
                    out.append(node_text(cc))
                    break
                if cc.type in ("list_splat_pattern", "dictionary_splat_pattern"):
                    _param_names(cc, out)
                    break
        elif c.type == "tuple_pattern":
            _param_names(c, out)


_ARGS_ENDS = ("Args", "ArgsDict")


def _is_args_class(cls: str) -> bool:
    return cls.endswith(_ARGS_ENDS) and cls[:1].isupper()


# ---- building --------------------------------------------------------------------------------
def _mark_unreadable(prog: PyProgram, ident: ts.Node) -> None:
    """`ident` is bound here, but not to a value we can read (a parameter, a loop target...).
    It still counts as a binding, so the name never resolves to another assignment; its
    declaration span keeps `bindings` and `binding_decl` aligned entry for entry."""
    s, e = ident.start_byte, ident.end_byte
    name = prog.body[s:e].decode()  # (node_text, read from the body the tree is parsed from)
    prog.bindings.setdefault(name, []).append(Other(prog, s, e, ident, True))  # a marker
    prog.binding_decl.setdefault(name, []).append((s, e))


def build(
    body: bytes, path: str = "<input>", parsed: ParseResult | None = None, scope: frozenset[str] | None = None
) -> PyProgram:
    """The program of `body`; with `scope` (resource types), a scoped program: those resources
    only, found among the calls by their class's name before anything is converted."""
    parsed = parsed or parse(body)
    tree = parsed.tree
    prog = PyProgram(body, path, tree)
    root = tree.root_node
    prog.broken = root.has_error
    names = ("string", "concat", "binary", "name", "def", "import", "function")
    if scope is None:
        caps = prog._caps = captures_in_order(_query(), root, names, _LEAVES)
    else:  # no walk: the imports and candidates are looked up where their words are written
        imports = statements_of(root, body, b"import", _IMPORT_STATEMENTS)
        caps = prog._caps = ScopedCaptures(
            {"import": imports}, lambda: captures_in_order(_query(), root, names, _LEAVES)
        )

    last_import_end = 0
    for imp in caps.get("import", []):
        if imp.parent is not None and imp.parent.type == "module":
            last_import_end = max(last_import_end, imp.end_byte)
        _register_import(prog, imp)
    prog.imports_end = last_import_end

    if scope is not None:  # a scoped program's bindings are made when first read (most are never read)
        bind_lazily(prog, lambda: _bind_assignments(prog, caps))
        _scoped_resources(prog, root, body, scope)
        prog.resources.sort(key=lambda r: r.start)
        finish_scoped(prog, scope)
        return prog
    # Whether a resource is inside a class, read of most of them, from the spans of the class
    # bodies (a block holds nothing but statements: a class body holds the call exactly when its
    # span does); in a broken tree, by a climb from the call.
    bodies = None if prog.broken else _class_bodies(caps.get("def", []))
    assigned: dict[tuple[int, int], ts.Node] | None = None  # (see _assigned_calls)
    for n in caps.get("call", []):
        fn = n.child_by_field_id(_F_FUNCTION)
        dotted = _dotted(fn, body)
        mc = prog.resource_class(dotted)
        if mc is not None and dotted is not None:  # (a class is named by a dotted name)
            if assigned is None and bodies is not None:
                assigned = _assigned_calls(caps.get("asg", []))
            res = _resource(prog, n, mc, dotted, bodies, assigned)
            prog.resources.append(res)
            if res.bound_by == "declaration":  # the value of a binding: its call, made here
                prog._calls_seen[n.start_byte] = prog._call(n, False, dotted, fn)
            continue
        conv = prog._calls_seen.get(n.start_byte)
        if conv is None or conv.end != n.end_byte:
            conv = prog._calls_seen[n.start_byte] = prog._call(n, False, dotted, fn)
        if isinstance(conv, Call):
            prog.calls.append(conv)
    # The bindings after the calls: a call a name is bound to is then converted already (its
    # callee's dotted name read once, by the loop above). Nothing above reads a binding.
    _bind_assignments(prog, caps)
    prog.resources.sort(key=lambda r: r.start)
    prog.calls.sort(key=lambda c: (c.start, -c.end))  # outer first at one start, as the captures
    prog.top_statements = [(c.start_byte, c.end_byte) for c in root.named_children if c.type != "comment"]
    _exports(prog)
    _class_fields(prog, root)
    return prog


def _class_bodies(defs: list[ts.Node]) -> Spans:
    """The spans of the bodies of the class definitions among `defs` (the build query's)."""
    out = []
    for d in defs:
        if d.type == "class_definition":
            b = d.child_by_field_id(_F_BODY)
            if b is not None:
                out.append((b.start_byte, b.end_byte))
    return Spans(out)


def _bind_assignments(prog: PyProgram, caps: dict[str, list[ts.Node]]) -> None:
    """Bindings: every assignment of a plain name; other ways of (re)binding a name make it ambiguous."""
    body = prog.body
    # The declaration's span is the assignment's parent's: in a tree without errors, the statement
    # of the assignment's own span, or the assignment whose value it is (`a = b = v`: `b = v`'s
    # is `a = b = v`, found first), not asked of `.parent` (a walk down from the root).
    chained: dict[int, tuple[int, int]] | None = None if prog.broken else {}
    for asg in caps.get("asg", []):
        left = asg.child_by_field_id(_F_LEFT)
        right = asg.child_by_field_id(_F_RIGHT)
        if left is None or right is None:
            continue
        value: ts.Node | None = right
        while value is not None and _KINDS[value.kind_id] == "assignment":  # a = b = value
            value = value.child_by_field_id(_F_RIGHT)
        if chained is None:
            stmt = asg.parent
            decl = (stmt.start_byte, stmt.end_byte) if stmt is not None else (asg.start_byte, asg.end_byte)
        else:
            s, e = asg.start_byte, asg.end_byte
            decl = chained.get(s) or (s, e)
            if _KINDS[right.kind_id] == "assignment":
                chained[right.start_byte] = (s, e)
        kind = _KINDS[left.kind_id]
        if kind == "identifier":
            ls, le = left.start_byte, left.end_byte
            name = body[ls:le].decode()  # (node_text, read from the body)
            prog._decl_name_spans.add((ls, le))
            if value is None:
                continue
            prog.bindings.setdefault(name, []).append(prog.convert(value))
            prog.binding_decl.setdefault(name, []).append(decl)
        elif kind == "attribute":
            prog._decl_name_spans.add((left.start_byte, left.end_byte))
        elif kind == "subscript":  # `tags["k"] = v` changes what `tags` holds
            target = _unwrap(left.child_by_field_id(_F_VALUE))
            if target is not None and target.type == "identifier":
                _mark_unreadable(prog, target)
        else:
            for ident in _identifiers(left):  # `a, b = ...`
                _mark_unreadable(prog, ident)
    bindings, decls = prog.bindings, prog.binding_decl
    for n in caps.get("rebind", []):
        if _KINDS[n.kind_id] == "identifier":  # (most: a parameter, a function's name): _mark_unreadable
            s, e = n.start_byte, n.end_byte
            name = body[s:e].decode()
            bindings.setdefault(name, []).append(Other(prog, s, e, n, True))  # a marker
            decls.setdefault(name, []).append((s, e))
            continue
        for ident in _identifiers(n):
            _mark_unreadable(prog, ident)


def _scoped_resources(prog: PyProgram, root: ts.Node, body: bytes, scope: frozenset[str]) -> None:
    """The resources of a scoped build: the calls whose callee's last name may be one of the
    scope's classes (found where those names are written), then the full test."""
    names = scope_names(scope, prog.class_aliases)
    for n in callees_named(root, body, names, "call", "function", "attribute", "attribute"):
        fn = n.child_by_field_id(_F_FUNCTION)
        dotted = _dotted(fn, body)
        mc = prog.resource_class(dotted)
        if mc is not None and dotted is not None:  # (a class is named by a dotted name)
            prog.resources.append(_resource(prog, n, mc, dotted))


def _exports(prog: PyProgram) -> None:
    """`pulumi.export("name", value)` calls, wherever they are."""
    named = prog.pulumi_named
    for call in prog.calls:
        # pulumi_helper says "export" only of a callee that writes it or starts with a name
        # imported from pulumi: every other call is passed over without asking it.
        callee = call.callee
        if "export" not in callee and callee.partition(".")[0] not in named:
            continue
        if prog.pulumi_helper(call) != "export" or len(call.args) < 2 or not isinstance(call.args[0], Str):
            continue
        stmt = call.raw.parent
        while stmt is not None and stmt.type in _PARENS:
            stmt = stmt.parent
        standalone = stmt is not None and stmt.type == "expression_statement" and _one_named(stmt)
        start, end = (stmt.start_byte, stmt.end_byte) if standalone and stmt is not None else (call.start, call.end)
        prog.exports.append(Export(call.args[0].value, call.args[1], start, end, standalone))


def _class_fields(prog: PyProgram, root: ts.Node) -> None:
    """Annotations without a value in top-level class bodies (`rule: aws.lb.ListenerRule`)."""
    for cls in root.named_children:
        if cls.type == "decorated_definition":
            cls = cls.child_by_field_id(_F_DEFINITION) or cls
        if cls.type != "class_definition":
            continue
        name_n = cls.child_by_field_id(_F_NAME)
        body = cls.child_by_field_id(_F_BODY)
        if name_n is None or body is None:
            continue
        for stmt in _named(body):
            asg = _named(stmt)[0] if stmt.type == "expression_statement" and _named(stmt) else None
            if asg is None or asg.type != "assignment" or asg.child_by_field_id(_F_RIGHT) is not None:
                continue
            left, ann = asg.child_by_field_id(_F_LEFT), asg.child_by_field_id(_F_TYPE)
            if left is None or left.type != "identifier":
                continue
            names = []
            stack = [ann] if ann is not None else []
            while stack:
                n = stack.pop()
                d = _dotted(n, prog.body)
                if d is not None:
                    names.append(d)
                    continue
                stack.extend(n.named_children)
            prog.class_fields.append(
                ClassField(
                    node_text(name_n),
                    node_text(left),
                    tuple(names),
                    stmt.start_byte,
                    stmt.end_byte,
                    not node_bytes(left).startswith(b"_"),
                )
            )


def _identifiers(n: ts.Node):
    if n.type == "identifier":
        yield n
        return
    if n.type in ("attribute", "subscript"):
        return
    for c in n.named_children:
        yield from _identifiers(c)


def _register_import(prog: PyProgram, imp: ts.Node) -> None:
    if imp.type == "import_statement":
        for c in imp.children_by_field_name("name"):
            if c.type == "aliased_import":
                mod = node_text(c.child_by_field_id(_F_NAME))
                local = node_text(c.child_by_field_id(_F_ALIAS))
                _register_module(prog, local, mod)
            elif c.type == "dotted_name":
                mod = node_text(c)
                head = mod.split(".", 1)[0]
                if head == "pulumi_aws":
                    prog.aws_aliases.add("pulumi_aws")
                elif head == "pulumi" and mod == "pulumi":
                    prog.pulumi_aliases.add("pulumi")
        return
    mod_n = imp.child_by_field_id(_F_MODULE_NAME)
    if mod_n is None or mod_n.type != "dotted_name":
        return
    module = node_text(mod_n)
    for c in imp.children_by_field_name("name"):
        if c.type == "aliased_import":
            imported = node_text(c.child_by_field_id(_F_NAME))
            local = node_text(c.child_by_field_id(_F_ALIAS))
        else:
            imported = local = node_text(c)
        if module == "pulumi":
            prog.pulumi_named[local] = imported
        if module == "pulumi_aws":
            if imported[:1].islower():
                prog.module_aliases[local] = imported.rstrip("_")
            elif imported == "Provider":
                prog.class_aliases[local] = ("", "Provider")
        elif module.startswith("pulumi_aws."):
            sub = module.split(".")[1].rstrip("_")
            if imported[:1].isupper():
                prog.class_aliases[local] = (sub, imported)
        elif module == "pulumi":
            prog.pulumi_aliases.add("")  # named helpers imported bare (Output, export, Config)


def _register_module(prog: PyProgram, local: str, module: str) -> None:
    if module == "pulumi_aws":
        prog.aws_aliases.add(local)
    elif module.startswith("pulumi_aws."):
        prog.module_aliases[local] = module.split(".")[1].rstrip("_")
    elif module == "pulumi":
        prog.pulumi_aliases.add(local)


def _assigned_calls(asgs: list[ts.Node]) -> dict[tuple[int, int], ts.Node]:
    """The assignments among `asgs` (the build query's) whose value, past parentheses, is a call,
    by the call's span: what `_enclosing` finds by climbing from the call (`.parent`, a walk down
    from the root, ~3 us a call), read for every resource. In a tree without errors no other node
    has a call's span where a value stands (a wrapper around it is wider)."""
    out = {}
    for a in asgs:
        v = a.child_by_field_id(_F_RIGHT)
        if v is not None and _KINDS[v.kind_id] in _PARENS:
            v = _unwrap(v)
        if v is not None and _KINDS[v.kind_id] == "call":
            out[(v.start_byte, v.end_byte)] = a
    return out


def _resource(
    prog: PyProgram,
    n: ts.Node,
    mc: tuple[str, str],
    dotted: str,
    class_bodies: Spans | None = None,
    assigned_calls: dict[tuple[int, int], ts.Node] | None = None,
) -> Resource:
    """The resource constructed by call `n` (of class `mc`, its callee written `dotted`).
    `class_bodies` and `assigned_calls` (_assigned_calls): the spans of the class bodies and the
    assignments of calls of a whole, unbroken tree (None: climb)."""
    module, cls = mc
    body = prog.body
    args_n = n.child_by_field_id(_F_ARGUMENTS)
    # The arguments, read once: here for the name, args and opts, by the keyword arguments'
    # loader for the props (rules read those of nearly every resource).
    items = _arguments(args_n, body) if args_n is not None and _KINDS[args_n.kind_id] == "argument_list" else None
    positional: list[ts.Node] = []
    kw: dict[str, ts.Node | None] = {}
    for c, t, _, key, value in items or ():
        if t == "keyword_argument":
            kw[key] = value
        elif t not in ("list_splat", "dictionary_splat"):
            positional.append(c)
    name_n = positional[0] if positional else kw.get("resource_name")
    name = prog.convert(name_n)
    explicit_args = positional[1] if len(positional) > 1 else kw.get("args")
    if explicit_args is not None:
        args_node = prog.convert(explicit_args)
    elif args_n is not None and items is not None:
        args_node = prog.kwargs_obj(args_n, "py-kwargs", resource=True, items=items)
    else:
        args_node = None
    opts_n = positional[2] if len(positional) > 2 else kw.get("opts")
    opts = prog.convert(opts_n)

    # The variable it is bound to, and the statement that holds it. Each `.parent` is a walk
    # down from the root (tree-sitter keeps no parent pointers): every one is asked once.
    var = None
    bound_by = None
    if assigned_calls is not None:
        p = assigned_calls.get((n.start_byte, n.end_byte))
        assigned = p is not None
    else:
        _, p, assigned = _enclosing(n)
    if p is not None and assigned:
        left = p.child_by_field_id(_F_LEFT)
        lt = _KINDS[left.kind_id] if left is not None else None
        if left is not None and (lt == "identifier" or lt == "attribute"):
            var = _dotted(left, prog.body)
            if var is not None and var.startswith("self."):
                var = "this." + var[5:]  # the receiver is `this` in the model
            bound_by = "declaration" if lt == "identifier" else "assignment"
    s, e = n.start_byte, n.end_byte
    where = _statement(prog, n) if class_bodies is None else None
    if where is None:  # a class body holds it when its span does
        in_class = cast(Spans, class_bodies).holds(s, e)
    else:
        in_class = where[3]
    # By position: each keyword costs the call ~500 instructions of name matching (see _convert).
    res = _PyResource(
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
        _LATER,  # stmt_start, stmt_end, standalone
        _LATER,
        _LATER,
        in_class,
        {},  # extra
        bound_by,
        dotted.rpartition(".")[0],  # type_prefix
    )
    res.node = n
    if where is not None:
        res.__dict__["_statement"] = where
    return res


def _enclosing(n: ts.Node) -> tuple[ts.Node | None, ts.Node | None, bool]:
    """Call `n`'s parent, the node around it past parentheses, and whether that is an assignment
    of `n` (its right side, unwrapped): what `_resource` (the bound variable) and `_statement`
    both ask."""
    up = p = n.parent
    while p is not None and _KINDS[p.kind_id] in _PARENS:
        p = p.parent
    right = p.child_by_field_id(_F_RIGHT) if p is not None and _KINDS[p.kind_id] == "assignment" else None
    return up, p, right is not None and _unwrap(right) == n


def _statement(prog: PyProgram, n: ts.Node) -> tuple[int, int, bool, bool, bool]:
    """(stmt_start, stmt_end, standalone, in_class, only statement of its block) of the resource
    constructed by call `n`: the statement that holds it, from the comments that lead it to its
    end; whether the statement is only this resource (safe to delete); whether it is inside a
    class; whether it is the only statement of a block (deleting it leaves a `pass`). Each
    `.parent` is a walk down from the root (tree-sitter keeps no parent pointers)."""
    body = prog.body
    up, p, assigned = _enclosing(n)
    standalone = False
    if p is not None and assigned:
        holder = p.parent
        standalone = holder is not None and holder.type == "expression_statement" and _one_named(holder)
    elif p is not None and p.type == "expression_statement":
        standalone = _one_named(p)
    stmt = n
    while up is not None and up.type not in _STATEMENT_PARENTS:
        stmt, up = up, up.parent
    in_class = False
    q = up  # the statement's parent
    while q is not None:
        if q.type == "class_definition":
            in_class = True
            break
        q = q.parent
    stmt_start = stmt.start_byte
    prev = stmt.prev_sibling
    while prev is not None and prev.type == "comment":
        gap = body[prev.end_byte : stmt_start]
        if gap.count(b"\n") > 1:
            break
        line_start = body.rfind(b"\n", 0, prev.start_byte) + 1
        if body[line_start : prev.start_byte].strip():
            break  # a trailing comment of the previous statement is not ours
        stmt_start = prev.start_byte
        prev = prev.prev_sibling
    only = up is not None and up.type == "block" and _one_named(up)
    return stmt_start, stmt.end_byte, standalone, in_class, only


_LATER: Any = None  # what _PyResource is given for its statement's fields: found when read


def _statement_field(i: int) -> Any:
    """Field `i` of _statement's answer, as a property of _PyResource."""

    def get(self: _PyResource) -> Any:
        return self.statement[i]

    def put(self: _PyResource, value: Any) -> None:
        if value is not None:  # (None: Resource's __init__; the statement is found when first read)
            got = list(self.statement)
            got[i] = value
            self.__dict__["_statement"] = tuple(got)

    return property(get, put)


class _PyResource(Resource):
    """A resource whose statement (where it starts, with its leading comments; where it ends;
    whether it is only this resource; whether it is its block's only statement) is found when
    first read: edits and a few rules read it, of a few of the resources, and finding it climbs
    the tree and reads the comments before it. Resource's __init__ sets the three fields to None
    through these properties."""

    node: ts.Node  # the call
    stmt_start = _statement_field(0)
    stmt_end = _statement_field(1)
    standalone = _statement_field(2)

    @property
    def statement(self) -> tuple[int, int, bool, bool, bool]:
        got = self.__dict__.get("_statement")
        if got is None:
            got = self.__dict__["_statement"] = _statement(cast(PyProgram, self.program), self.node)
        return got


def only_statement_in_block(resource: Resource) -> bool:
    """Whether the statement of a resource of this front end is the only one of its block."""
    return isinstance(resource, _PyResource) and resource.statement[4]


def _walk_nodes(root: ts.Node):
    stack = [root]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)
