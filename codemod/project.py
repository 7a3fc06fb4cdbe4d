"""One program across files: the files of a project, their imports, and where a value comes from.

A model response often splits its program: `index.ts` builds the tags once and passes them to a
component in `./components/vpc`, whose resources write `tags: args.tags`. A transform looking at
the component cannot read `args.tags` in its own file. The engine gives every program it fixes the
`Project` it belongs to (the files of one directory run, the code blocks of one markdown response;
a file alone is a project of one), and the model answers across files:

- `Project.lookup(program, name)`: the Definition a name of the file stands for, in this file or
  the file it is imported from (TypeScript relative imports, Python relative and project-absolute
  imports, one level of re-export);
- `callers(program, definition)`: the calls of a function or class in every file of the project
  (tests excluded: a test's arguments say nothing about the deployed program);
- `origins(program, node)`: where the value of an expression is written (see `Origin`).

Transforms never open files: every file of a project is given to the engine up front, and only
the file being fixed is edited (a file's fixes never depend on another file being fixed first:
each run asks the same questions of the others' original text).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from .model import (  # Origin: also iacfix.project's
    Binary,
    Call,
    Definition,
    Ident,
    Import,
    Lambda,
    Member,
    Node,
    Obj,
    Origin,
    Program,
    Resource,
    camel,
)

if TYPE_CHECKING:
    from .frontends._treesitter import ParseResult

MAX_DEPTH = 16


@dataclass(frozen=True)
class SourceFile:
    """A file of a project: its path from the project's root (posix; "" when unnamed, as an
    unnamed block of a markdown response), its language and its text."""

    path: str
    language: str
    body: bytes


# The text whose parses a project keeps for the files' own first passes (`Project._spare`): every
# block of a response fits (the corpus's largest response holds 158 KB of code); a folder of
# thousands of programs holds its first few. A tree costs about twelve times its text: at 1 MiB,
# `check DIR` over the corpus's Python blocks peaked 12 MB higher; at 256 KiB, 3-4 MB.
_SPARE_BYTES = 256 << 10


class Project:
    """The files of one program. Programs are built from the files' text on first use, once."""

    def __init__(self, files: Iterable[SourceFile] = ()):
        self.files: list[SourceFile] = list(files)
        self._built: dict[int, Program] = {}
        self._parses: dict[int, ParseResult] = {}  # kept by `_imports` for the files that import others
        # The parses `_imports` made of files that import no other, kept for their own first pass
        # (`parsed`) within a budget of text (`_SPARE_BYTES`): see `importers`.
        self._spare: dict[int, ParseResult] = {}
        self._spare_bytes = 0
        self._by_path: dict[str, list[int]] = {}
        self._by_name: dict[str, set[str]] = {}  # the paths by their last name (`modules`)
        # Every name a Python import may start with and reach a file of the project (`modules`):
        # the folders of its paths, and its Python files' names without `.py`.
        self._module_heads: set[str] = set()
        self._importers: dict[int, set[int]] | None = None
        self._component: dict[int, tuple[int, ...]] | None = None  # each file's linked files (component)
        self._answers: dict[int, _Answer] = {}  # other files' origins, by node identity (`origins`)
        self._reaching: dict[tuple, _Reach] = {}  # `reaching`'s index, per question
        self._given_parse: dict[int, ParseResult] = {}  # the parse of each program built here
        self._lent: tuple[int, ParseResult] | None = None  # the live file's parse (`lend`)
        for i, f in enumerate(self.files):
            if f.path:
                self._by_path.setdefault(f.path, []).append(i)
                self._by_name.setdefault(f.path.rpartition("/")[2], set()).add(f.path)
                *folders, last = f.path.split("/")
                self._module_heads.update(folders)
                self._module_heads.add(last[:-3] if last.endswith(".py") else last)

    def attach(self, program: Program, index: int) -> None:
        """Make `program` (the live text of file `index`, being fixed) ask within this project."""
        program.project = _Slot(self, index)

    def release(self) -> None:
        """Release the programs built here (see Program.release), once the project's files are
        fixed: each points back at this project, a cycle only the collector would free."""
        for prog in self._built.values():
            if prog is not None:
                prog.release()
        self._built.clear()
        self._answers.clear()
        self._reaching.clear()
        self._given_parse.clear()
        self._spare.clear()
        self._lent = None

    def program(self, index: int) -> Program | None:
        """The program of file `index`, as given (built once; None when it cannot be built)."""
        if index in self._built:
            return self._built[index]
        prog = self._build(index)
        if prog is not None:
            self.attach(prog, index)
        self._built[index] = prog  # type: ignore[assignment]
        return prog

    def take(self, index: int, text: bytes) -> tuple[Program, bool] | None:
        """The program this project has already built of file `index` (as given), for the pass
        fixing the file, when `text` is still that file's text: the same program that pass would
        build. With it, whether the project keeps it (True: another file is linked to it, and
        asks about it; released with the project) or hands it over (False: the pass releases it
        as it releases its own; the project builds it again if a question comes back to it).
        Handed over, a file's program does not stay alive to the end of a folder of unrelated
        programs with everything the rules read of it (those built for `has_components`).
        None when the text changed or the project has not built it (a file is not built here
        only to be shared)."""
        prog = self._built.get(index)
        if prog is None or not self._as_given(index, text):
            return None
        if len(self.linked(index)) > 1:
            return prog, True
        del self._built[index]
        self._given_parse.pop(index, None)
        return prog, False

    def parsed(self, index: int, text: bytes) -> ParseResult | None:
        """A parse of file `index` this project holds, when `text` is still its text as given:
        the first pass fixing the file reads it rather than parse the same text again."""
        if not self._as_given(index, text):
            return None
        spare = self._spare.pop(index, None)  # (read once: the pass builds its program from it)
        return self._given_parse.get(index) or self._parses.get(index) or spare

    def lend(self, index: int, text: bytes, parsed: ParseResult) -> None:
        """The parse of the live text of file `index`, being fixed: while that text is the one
        given, the project builds its own program of the file from it (the file's questions read
        it as given too) rather than parse it again. One at a time: a folder of programs keeps no
        parse it did not need."""
        self._lent = (index, parsed) if self._as_given(index, text) else None

    def _as_given(self, index: int, text: bytes) -> bool:
        """Whether `text` is still file `index`'s text as given: only then may a pass and the
        project share a parse or a program of it."""
        return text == self.files[index].body

    def _build(self, index: int, scope: frozenset[str] | None = None) -> Program | None:
        """File `index`'s program as given (scoped to `scope`, see the front ends' `build`), None
        when it cannot be built. The parse the edges kept for it (`_imports`), or the one the
        live file lent, is read rather than parsed again."""
        from . import frontends

        f = self.files[index]
        try:
            fe = frontends.get(f.language)
            lent = self._lent[1] if self._lent is not None and self._lent[0] == index else None
            parsed = self._parses.pop(index, None) or self._spare.pop(index, None) or lent or fe.parse(f.body)
            if scope is not None:
                self._parses[index] = parsed  # (dropped by `importers` when the file names no other)
            else:
                self._given_parse[index] = parsed
            return fe.build(f.body, f.path or f"<block {index}>", parsed, scope=scope)
        except (ValueError, RecursionError):
            return None

    def _imports(self, index: int) -> list[Import]:
        """The imports of file `index` as given, for the edges between files (`importers`).

        Read from its program when that is built, else from a scoped build that holds no resource
        type: the parse, and the statements where `import` is written (no query walk, nothing
        converted; the same imports as the whole program's), not kept. The whole program of a
        file is built only when a question reaches it through the edges: in a folder of unrelated
        programs, each was built here a second time (parsed, walked, held until the run ended) for
        imports that name none of the others. A file that cannot name another is not parsed
        (`_may_import`); the parse of one that does is kept for its whole build."""
        if index in self._built:
            prog = self._built[index]
            return prog.imports if prog is not None else []
        if not _may_import(self.files[index]):
            return []
        scoped = self._build(index, frozenset())
        if scoped is None:
            return []
        try:
            return scoped.imports
        finally:
            scoped.release()

    # -- modules -------------------------------------------------------------------------------
    def modules(self, importer: int, imp: Import, name: str | None = None) -> list[int]:
        """The files an import of file `importer` names (several when a path is given twice).
        For Python `from . import x`, `name` asks for the submodule `x`."""
        f = self.files[importer]
        here = posixpath.dirname(f.path)
        if f.language == "typescript":
            spec = imp.module
            if not spec.startswith("."):
                return []
            base = posixpath.normpath(posixpath.join(here, spec))
            stem = base[:-3] if base.endswith(".js") else base
            cands = [base, stem + ".ts", stem + ".tsx", stem + "/index.ts"]
            return self._first(cands, "typescript")
        if f.language != "python":
            return []
        spec = imp.module
        level = len(spec) - len(spec.lstrip("."))
        dotted = spec[level:]
        if name is not None:
            dotted = f"{dotted}.{name}" if dotted else name
        rel = dotted.replace(".", "/")
        if rel and rel.partition("/")[0] not in self._module_heads:
            # No path of the project holds it where a root below could put it (`root/rel.py` and
            # `root/rel/__init__.py` start their part after the root with rel's first name): most
            # imports name a library (`pulumi_aws`), asked for each of their names. What is left
            # is the look-up by last name.
            return self._by_last_name(rel) if not level else []
        if level:
            base = here
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            roots = [base]
        else:
            roots, d = [], here
            while True:  # the script's folder, its parents, the project root
                roots.append(d)
                if not d:
                    break
                d = posixpath.dirname(d)
        for root in roots:
            p = posixpath.join(root, rel) if rel else root
            hit = self._first([p + ".py", posixpath.join(p, "__init__.py")], "python")
            if hit:
                return hit
        return self._by_last_name(rel) if not level and rel else []

    def _by_last_name(self, rel: str) -> list[int]:
        """A response may name a file by less than its path (`vpc.py` for `modules.vpc`): the
        paths whose last name it is, looked up (a scan of every path, per import of every file,
        cost the square of a folder: half of `check` over 2,725 Python files)."""
        hits = self._by_name.get(rel.rsplit("/", 1)[-1] + ".py", set())
        if len(hits) == 1:
            return [i for i in self._by_path[next(iter(hits))] if self.files[i].language == "python"]
        return []

    def importers(self, index: int) -> set[int]:
        """The files that import file `index`, directly or through files that import it (a
        re-export), as the files are given. Only they can call what `index` defines: a search for
        callers looks there, not in every file of a folder of unrelated programs (which made
        `check DIR` grow with the square of the folder)."""
        if len(self.files) < 2:
            # A file alone (every fix_text, every pass a new one): nothing else can import it, and
            # finding out would parse and build its given text again.
            return set()
        if self._importers is None:
            direct: dict[int, set[int]] = {}
            for i in range(len(self.files)):
                linked = False
                for imp in self._imports(i):
                    targets = set(self.modules(i, imp))
                    for imported, _ in imp.names:
                        if imported and imported != "*":
                            targets.update(self.modules(i, imp, imported))
                    for t in targets - {i}:
                        direct.setdefault(t, set()).add(i)
                        linked = True
                if not linked:
                    # It names no other file: its whole program may never be asked for here. Its
                    # own first pass needs the parse, though (a markdown response's blocks are
                    # all parsed here before the first is fixed): kept for that pass while the
                    # kept texts stay within the budget. A folder of unrelated programs thus
                    # holds the parses of its first files only, each dropped by its pass.
                    # (The parse the live file lent is kept too: its pass is under way, but once
                    # the next file lends its own, another file's question may build this one as
                    # given, from it. Leaving it out cost 1.5% more instructions on the responses.)
                    spare = self._parses.pop(i, None)
                    if spare is not None and self._spare_bytes + len(spare.body) <= _SPARE_BYTES:
                        self._spare[i] = spare
                        self._spare_bytes += len(spare.body)
            self._importers = direct
        seen: set[int] = set()
        todo = [index]
        while todo:
            for i in self._importers.get(todo.pop(), ()):
                if i not in seen and i != index:
                    seen.add(i)
                    todo.append(i)
        return seen

    def component(self, index: int) -> list[int]:
        """The files linked to file `index` by imports, either way and through others (itself
        included), in order: one program of a folder that holds several unrelated ones. What
        spans files (tags' origins, exports) is looked for there, not in every file of the folder
        (which made `check DIR` grow with the square of the folder)."""
        return list(self.linked(index))

    def linked(self, index: int) -> tuple[int, ...]:
        """`component(index)` as the project keeps it, one tuple for all its files (no copy: a
        question asked per file per pass about its component's size or first file would copy the
        whole component each time)."""
        if len(self.files) < 2:
            return (index,)  # (no edges are made for a file alone: see `importers`)
        self.importers(index)  # builds the import edges
        assert self._importers is not None
        if self._component is None:
            parent = list(range(len(self.files)))

            def root(i: int) -> int:
                while parent[i] != i:
                    parent[i] = parent[parent[i]]
                    i = parent[i]
                return i

            for target, sources in self._importers.items():
                for src in sources:
                    parent[root(src)] = root(target)
            # Each file's list, made once: a list comprehension over every file per question cost
            # the square of the folder (asked per file per pass).
            members: dict[int, list[int]] = {}
            for i in range(len(self.files)):
                members.setdefault(root(i), []).append(i)
            groups = {r: tuple(group) for r, group in members.items()}
            self._component = {i: groups[root(i)] for i in range(len(self.files))}
        return self._component[index]

    def _first(self, candidates: list[str], language: str) -> list[int]:
        for c in candidates:
            hit = [i for i in self._by_path.get(c, []) if self.files[i].language == language]
            if hit:
                return hit
        return []

    def is_test(self, index: int) -> bool:
        tests = self.__dict__.setdefault("_tests", {})  # asked per file per caller search
        if index not in tests:
            tests[index] = self._is_test(index)
        return tests[index]

    def _is_test(self, index: int) -> bool:
        path = self.files[index].path
        parts = path.split("/")
        name = parts[-1]
        return (
            any(p in ("test", "tests", "__tests__", "spec") for p in parts[:-1])
            or name.startswith("test_")
            or name.endswith(("_test.py", ".test.ts", ".spec.ts", "conftest.py"))
        )


@dataclass
class _Slot:
    project: Project
    index: int


def _last_name(name: str) -> str:
    """`make` for `lib.make`: the key calls are indexed by (`_calls_by_name`), a definition's
    callers looked up by, and `_Given` records the lookups by; one function, so the three agree."""
    return name.rsplit(".", 1)[-1]


def _calls_by_name(prog: Program) -> dict[str, list[Call]]:
    """A program's calls by the last name of what they call (`make` for `lib.make(...)`), in
    source order: a search for a definition's callers looks in every file of the project, once
    per question (was a pass over every call of every file each time)."""

    def index() -> dict[str, list[Call]]:
        by_name: dict[str, list[Call]] = {}
        for call in prog.calls:
            if call.callee:
                by_name.setdefault(_last_name(call.callee), []).append(call)
        return by_name

    found: dict[str, list[Call]] = prog.memo("project.calls_by_name", index)
    return found


def _may_import(f: SourceFile) -> bool:
    """Whether file `f` may import another file of its project (see Project.modules). A TypeScript
    file names one only by a relative path: a string whose first character is `.`, written or as
    an escape (`"./vpc"`, `"\\x2e/vpc"`); a Python import statement holds the word `import`."""
    body = f.body
    if f.language == "typescript":
        return any(body.find(q) >= 0 for q in (b"'.", b'".', b"'\\", b'"\\'))
    return f.language == "python" and body.find(b"import") >= 0


def _slot(program: Program) -> _Slot:
    slot = program.project
    if slot is None:
        lone = Project(
            [SourceFile(posixpath.basename(program.path) if program.path else "", program.language, program.body)]
        )
        slot = _Slot(lone, 0)
        program.project = slot
    return slot


class _Session:
    """One question asked by `asker`: its own file is the live program, the others as given."""

    def __init__(self, asker: Program):
        slot = _slot(asker)
        self.asker = asker
        self.project = slot.project
        self.index = slot.index

    def program(self, index: int) -> Program | None:
        return self.asker if index == self.index else self.project.program(index)

    def index_of(self, program: Program) -> int:
        if program is self.asker:
            return self.index
        slot = program.project
        return slot.index if isinstance(slot, _Slot) else self.index

    # -- names ---------------------------------------------------------------------------------
    def lookup(self, index: int, name: str, depth: int = 0) -> list[tuple[int, Definition]]:
        """The definitions `name` (a plain or dotted name used in file `index`) stands for."""
        prog = self.program(index)
        if prog is None or depth > 4:
            return []
        if "." not in name:
            d = prog.definition(name)
            if d is not None and d.kind != "method":
                return [(index, d)]
        out: list[tuple[int, Definition]] = []
        for imp in prog.imports:
            for imported, local in imp.names:
                if local == name or (local == "*" and "." not in name):
                    for t in self.project.modules(index, imp):
                        out += self.lookup(t, name if local == "*" else imported, depth + 1)
                elif "." in name and name.startswith(local + "."):
                    rest = name[len(local) + 1 :]
                    for t in self.project.modules(index, imp, imported):
                        out += self.lookup(t, rest, depth + 1)
            ns = imp.namespace
            if ns is not None and name.startswith(ns + ".") and "." not in name[len(ns) + 1 :]:
                for t in self.project.modules(index, imp):
                    out += self.lookup(t, name[len(ns) + 1 :], depth + 1)
        return out

    def definitions_called(self, index: int, call: Call) -> list[tuple[int, Definition]]:
        prog = self.program(index)
        callee = call.callee or ""
        if prog is None or not callee:
            return []
        if callee.startswith("this.") and callee.count(".") == 1:
            m = callee[5:]
            return [
                (index, d)
                for d in prog.definitions
                if d.kind == "method" and d.name.endswith("." + m) and _in_class(prog, d, call.start)
            ]
        return self.lookup(index, callee)

    def callers(self, index: int, definition: Definition) -> list[tuple[int, Call]]:
        out: list[tuple[int, Call]] = []
        short = _last_name(definition.name)
        # The file itself, the files importing it, and the live asker (its imports may have changed).
        candidates = {index} | self.project.importers(index)
        if self.asker is not None:  # (None: `_Given`, every file as given)
            candidates.add(self.index)
        for i in sorted(candidates):
            if i != index and (
                self.project.is_test(i) or self.project.files[i].language != self.project.files[index].language
            ):
                continue
            prog = self.program(i)
            if prog is None:
                continue
            for call in _calls_by_name(prog).get(short, ()):
                for j, d in self.definitions_called(i, call):
                    if j == index and d.name == definition.name and d.start == definition.start:
                        out.append((i, call))
                        break
        return out

    # -- values --------------------------------------------------------------------------------
    def trace(self, index: int, node: Node | None, depth: int = 0) -> list[Origin]:
        prog = self.program(index)
        if prog is None or node is None or depth > MAX_DEPTH:
            return [Origin(prog or self.asker, node, "unknown")]
        if isinstance(node, Ident):
            return self._ident(index, prog, node, depth)
        if isinstance(node, Member):
            return self._member(index, prog, node, depth)
        if isinstance(node, Binary) and node.op in ("||", "??", "or"):
            left = self.trace(index, node.left, depth + 1)
            if all(o.kind == "value" and _truthy(o.node) for o in left) and node.op != "??":
                return left  # a truthy literal on the left: the fallback is never used
            return left + [replace(o, fallback=True) for o in self.trace(index, node.right, depth + 1)]
        if isinstance(node, Call):
            return self._call(index, prog, node, depth)
        return [Origin(prog, node)]

    def _ident(self, index: int, prog: Program, node: Ident, depth: int) -> list[Origin]:
        name = node.name
        for f in prog.functions_enclosing(node.start):
            if name in f.params:
                d = prog.definition_of(f)
                if d is None or name not in d.params:
                    if f.call is not None and f.call.method == "apply" and isinstance(f.call.callee_node, Member):
                        return self.trace(index, f.call.callee_node.obj, depth + 1)  # `x.apply(v => ...)`: v is x
                    return [Origin(prog, node, "unknown")]
                return self.param(index, d, name, depth)
        value = binding_at(prog, name, node.start)
        if value is not None and value is not node:
            return self.trace(index, value, depth + 1)
        for imp in prog.imports:
            for imported, local in imp.names:
                if local == name:
                    for t in self.project.modules(index, imp):
                        other = self.program(t)
                        v = other.binding(imported) if other is not None else None
                        if v is not None:
                            return self.trace(t, v, depth + 1)
        return [Origin(prog, node, "unknown")]

    def _member(self, index: int, prog: Program, node: Member, depth: int) -> list[Origin]:
        if node.dotted and node.dotted.startswith("this.") and node.dotted.count(".") == 1:
            cls = prog.class_at(node.start)
            values = [v for v in prog.assigned(node.dotted) if prog.class_at(v.start) == cls]
            if values:
                return [o for v in values for o in self.trace(index, v, depth + 1)]
            return [Origin(prog, node, "unknown")]
        out: list[Origin] = []
        for base in self.trace(index, node.obj, depth + 1):
            out += self.member_of(base, node.prop, depth)
        return out

    def member_of(self, base: Origin, prop: str, depth: int) -> list[Origin]:
        if base.kind in ("outside", "omitted", "absent"):
            return [replace(base, path=base.path + (prop,))]
        value = base.node
        bi = self.index_of(base.program)
        if isinstance(value, Obj) and base.kind == "value":
            p = value.find(prop) or value.find(camel(prop))
            if p is not None:
                return self.trace(bi, p.value, depth + 1)
            if value.opaque:
                return [Origin(base.program, value, "unknown")]
            return [Origin(base.program, value, "absent", path=(prop,))]
        if isinstance(value, Call) and base.kind == "value":
            for _j, d in self.definitions_called(bi, value):
                if d.kind == "class" and prop in d.params:
                    arg = argument(value, d, prop)
                    if arg is not None:
                        return self.trace(bi, arg, depth + 1)
        return [Origin(base.program, value, "unknown")]

    def param(self, index: int, d: Definition, name: str, depth: int) -> list[Origin]:
        prog = self.program(index)
        assert prog is not None
        sites = self.callers(index, d)
        out: list[Origin] = []
        for ci, call in sites:
            arg = argument(call, d, name)
            caller = self.program(ci)
            assert caller is not None
            if arg is not None:
                out += self.trace(ci, arg, depth + 1)
            elif d.default(name) is not None:
                out += self.trace(index, d.default(name), depth + 1)
            else:
                out.append(Origin(caller, call, "omitted", d, name))
        if not sites:
            out.append(Origin(prog, None, "outside", d, name))
        return out

    def _call(self, index: int, prog: Program, node: Call, depth: int) -> list[Origin]:
        if node.method == "apply" and node.args and isinstance(node.args[0], Lambda):
            result = node.args[0].result
            if result is not None:
                return self.trace(index, result, depth + 1)
        if prog.pulumi_helper(node) == "output" and node.args:
            return self.trace(index, node.args[0], depth + 1)
        defs = [(j, d) for j, d in self.definitions_called(index, node) if d.kind != "class"]
        if defs:
            out: list[Origin] = []
            for j, d in defs:
                other = self.program(j)
                values = other.returns(d) if other is not None else []
                if not values:
                    return [Origin(prog, node, "unknown")]
                for v in values:
                    out += self.trace(j, v, depth + 1)
            return out
        return [Origin(prog, node)]


class _Given(_Session):
    """A question about another file's value asked with every file as given (no live file), and
    what answering it read: the files whose programs it asked for, the names whose callers it
    looked up, and whether anything stood in for a missing program (the live asker does).

    Its answer is the live one for any asker whose file it did not read and whose program calls
    none of those names. The live session asks for the same files in the same order (every
    answer along the way is the same program and the same facts), except that a search for
    callers also looks in the asker's own file: a file that calls no such name adds nothing."""

    def __init__(self, project: Project):  # (no asker: `_Session.__init__` is not called)
        self.asker = None  # type: ignore[assignment]
        self.project = project
        self.index = -1
        self.read: set[int] = set()
        self.called: set[str] = set()
        self.exact = True

    def program(self, index: int) -> Program | None:
        self.read.add(index)
        prog = self.project.program(index)
        if prog is None:
            self.exact = False  # an Origin would name the asker in its place
        return prog

    def index_of(self, program: Program) -> int:
        slot = program.project
        if isinstance(slot, _Slot) and slot.project is self.project:
            return slot.index
        self.exact = False  # (the live session would answer its own index)
        return -1

    def callers(self, index: int, definition: Definition) -> list[tuple[int, Call]]:
        self.called.add(_last_name(definition.name))
        return super().callers(index, definition)


@dataclass(frozen=True, eq=False)
class _Answer:
    """A value's origins as `_Given` found them, with what it read (see there)."""

    node: Node  # held: the key is its identity
    origins: list[Origin]
    read: frozenset[int]
    called: frozenset[str]
    exact: bool

    def holds_for(self, s: _Session) -> bool:
        if not self.exact or s.index in self.read:
            return False
        mine = _calls_by_name(s.asker)
        return not any(name in mine for name in self.called)


def _truthy(node: Node | None) -> bool:
    """A value written so that it is true in both languages (an object with entries, a non-empty
    string, a non-zero number): `a || b` never reaches `b`."""
    if isinstance(node, Obj):
        return bool(node.entries)
    lit = node.literal if node is not None else None
    return lit not in (None, "", 0, False) and not isinstance(lit, (dict, list))


def binding_at(prog: Program, name: str, offset: int) -> Node | None:
    """The value `name` holds at `offset`: its one declaration in the innermost function around
    `offset` that declares it, else its one module-level declaration (None when ambiguous, or
    bound to something unreadable such as a loop target)."""
    values = prog.bindings.get(name, [])
    spans = prog.binding_decl.get(name, [])
    if not values:
        return None
    here = [(f.start, f.end) for f in prog.functions_enclosing(offset)]
    scopes: dict[tuple[int, int] | None, list[Node]] = {}
    for value, (s, _e) in zip(values, spans, strict=False):
        fns = prog.functions_enclosing(s)
        scope = (fns[0].start, fns[0].end) if fns else None
        scopes.setdefault(scope, []).append(value)
    for scope in [*here, None]:
        found = scopes.get(scope)
        if found:
            if len(found) != 1 or getattr(found[0], "marker", False):
                return None
            return found[0]
    return None


def _in_class(prog: Program, d: Definition, offset: int) -> bool:
    """Whether `offset` lies in the class that declares method `d`."""
    cls = prog.definition(d.cls) if d.cls else None
    return cls is not None and cls.start <= offset < cls.end


def argument(call: Call, d: Definition, param: str) -> Node | None:
    """The argument `call` passes for `param` of `d` (by position, or by keyword in Python)."""
    if param in call.kwargs:
        return call.kwargs[param]
    try:
        i = d.params.index(param)
    except ValueError:
        return None
    return call.args[i] if i < len(call.args) else None


# -- the questions, as the model offers them ----------------------------------------------------
def origins(program: Program, node: Node) -> list[Origin]:
    """Where the value of `node` is written, in every file of the project of `program` (the live
    program being fixed; `node` may belong to another file of the project, from `files()`)."""
    s = _Session(program)
    index = s.index_of(node.program)
    if index == s.index or len(s.project.files) < 2:
        return s.trace(index, node)
    # Another file's value, as given: whichever file asks, the answer is mostly the same (a rule
    # asks for every resource of the linked files, from each file, on each pass: tags written
    # `args.tags` followed to the callers every time). Found once with every file as given, it
    # serves every asker it holds for (`_Answer.holds_for`); the others trace it live.
    found = _given_answer(s.project, index, node)
    return list(found.origins) if found.holds_for(s) else s.trace(index, node)


def _given_answer(project: Project, index: int, node: Node) -> _Answer:
    """The origins of `node` (of file `index`) with every file as given, found once per project."""
    answers = project._answers
    found = answers.get(id(node))
    if found is None or found.node is not node:
        given = _Given(project)
        origins = given.trace(index, node)
        found = answers[id(node)] = _Answer(node, origins, frozenset(given.read), frozenset(given.called), given.exact)
    return found


def reaching(program: Program, arg: str, accept: Callable[[Resource], bool], depth: int) -> list[Resource]:
    """The resources of the other files linked to `program` (in `files` order, each file's in
    order) that `accept` takes and whose argument `arg` (`tags`) may have an origin in
    `program`'s file, or lead there through the values its origins' literals spread (`depth`
    spreads deep).

    A resource is left out only when every answer along the way (see `origins`) holds for
    `program` (`_Answer.holds_for`: found with every file as given, it read nothing of
    `program`'s file and looked up the callers of no name `program` calls): then every origin
    `program` is told of lies in another file. Indexed once per project and question (`accept`
    is a function of the rule, the same object each time): a rule that asked from every file
    about every other file's resources grew with the square of the files."""
    s = _Session(program)
    project = s.project
    if len(project.files) < 2:
        return []
    if len(project.linked(s.index)) < 2:
        return []
    key = (arg, accept, depth)
    reach = project._reaching.get(key)
    if reach is None:
        reach = project._reaching[key] = _Reach(project, arg, accept, depth)
    rank = reach.component(s.index)
    found = set(reach.always)
    found.update(reach.by_file.get(s.index, ()))
    for name in _calls_by_name(program):
        found.update(reach.by_name.get(name, ()))
    hits = sorted((rank[i], k, i) for i, k in found if i != s.index and i in rank and reach.current(i))
    return [reach.entries[i][1][k] for _, k, i in hits]


class _Reach:
    """`reaching`'s index of one question over a project: for each file (built when first
    asked), its program as given and its items, and which items may reach which files. Item
    `(i, k)` (file i's k-th) is under `always` when an answer along the way was not exact,
    under `by_file[j]` for every file j an answer read, under `by_name[n]` for every name whose
    callers an answer looked up."""

    def __init__(self, project: Project, arg: str, accept: Callable[[Resource], bool], depth: int):
        self.project, self.arg, self.accept, self.depth = project, arg, accept, depth
        self.entries: dict[int, tuple[Program, list[Resource]]] = {}
        # Per component and language (`component`): each file's place, and the files not indexed yet.
        self.ranks: dict[tuple[int, str], tuple[dict[int, int], set[int]]] = {}
        self.always: set[tuple[int, int]] = set()
        self.by_file: dict[int, set[tuple[int, int]]] = {}
        self.by_name: dict[str, set[tuple[int, int]]] = {}

    def component(self, index: int) -> dict[int, int]:
        """The files of file `index`'s component in its language, each with its place in `files`
        order, every one but `index` indexed. A file is built (as given) and indexed when another
        file first asks, as `files` built it: never for its own question (its own pass may hold
        the only program of it, see Project.take)."""
        project = self.project
        linked = project.linked(index)
        lang = project.files[index].language
        key = (linked[0], lang)  # (components are apart: the first file names one)
        got = self.ranks.get(key)
        if got is None:
            same = [i for i in linked if project.files[i].language == lang]
            got = self.ranks[key] = ({i: r for r, i in enumerate(same)}, set(same))
        ranks, pending = got
        for i in [i for i in pending if i != index]:  # (each file once: then only `index` may wait)
            pending.discard(i)
            self._index(i)
        return ranks

    def current(self, i: int) -> bool:
        """Whether file i's items were read from its program as it is built now: a project keeps
        the programs of linked files (see Project.take); should one be built again, it is indexed
        again (its items are other objects)."""
        prog = self.project.program(i)
        got = self.entries.get(i)
        if prog is None or got is None:
            return False
        if got[0] is not prog:
            self._index(i)
        return True

    def _index(self, i: int) -> bool:
        """Index file i's items; False when it has no program."""
        prog = self.project.program(i)
        if prog is None:
            return False
        got = self.entries.get(i)
        if got is not None and got[0] is prog:
            return True
        if got is not None:
            self._forget(i, len(got[1]))
        listed = []
        for res in prog.resources:
            prop = res.args.find(self.arg) if res.args is not None and self.accept(res) else None
            if prop is not None and prop.value is not None:
                listed.append((res, prop.value))
        self.entries[i] = (prog, [item for item, _ in listed])
        for k, (_, value) in enumerate(listed):
            read: set[int] = set()
            called: set[str] = set()
            if not self._footprint(value, 0, read, called):
                self.always.add((i, k))
            for j in read:
                self.by_file.setdefault(j, set()).add((i, k))
            for name in called:
                self.by_name.setdefault(name, set()).add((i, k))
        return True

    def _footprint(self, value: Node, depth: int, read: set[int], called: set[str]) -> bool:
        """Adds what the answers about `value`, and those of the values its origins lead on to,
        read and looked up; False when one of them was not exact."""
        slot = value.program.project
        if not isinstance(slot, _Slot) or slot.project is not self.project:
            return False
        answer = _given_answer(self.project, slot.index, value)
        read |= answer.read
        called |= answer.called
        exact = answer.exact
        if depth < self.depth:
            for o in answer.origins:
                for sp in o.literal.spreads if o.literal is not None else ():
                    if sp.value is not None:
                        exact = self._footprint(sp.value, depth + 1, read, called) and exact
        return exact

    def _forget(self, i: int, count: int) -> None:
        for k in range(count):
            self.always.discard((i, k))
            for refs in (*self.by_file.values(), *self.by_name.values()):
                refs.discard((i, k))


def components(program: Program, name: str) -> list[tuple[Program, Definition]]:
    """The component classes (`Definition.is_component`) a callee name used in `program` stands
    for, with the program holding each. Asked for every call by IAC301 and IAC302 alike: it
    depends on the name only, so it is looked up once per name and pass (one `Program.memo` dict
    by name: asked for every call, a dict lookup, not a memo key built per call)."""
    # What a name stands for is a definition of some file of the project: in a project without a
    # component class (most programs: resources alone), no callee names one, and none is followed
    # through the imports. Asked once per name: a name asked again is one dict lookup.
    by_name = program.memo("project.components", dict)
    found = by_name.get(name)
    if found is None:
        found = by_name[name] = (
            [(p, d) for p, d in lookup(program, name) if d.is_component] if has_components(program) else []
        )
    return found


def has_components(program: Program) -> bool:
    """Whether any file of the project of `program` (itself live) declares a component class;
    once per pass. When none does, `components` answers [] for every name: a rule that asks it
    for every call asks this first, and skips the calls."""
    return bool(program.memo("project.has_components", partial(_has_components, program)))


def _has_components(program: Program) -> bool:
    if any(d.is_component for d in program.definitions):
        return True
    s = _Session(program)
    if len(s.project.files) < 2:
        return False
    # The other files as given, asked once per project. Only a file that writes the base's name
    # can declare one (`is_component` reads the bases as written): the others are not built.
    found = s.project.__dict__.get("_with_components")
    if found is None:
        found = s.project.__dict__["_with_components"] = {
            i
            for i, f in enumerate(s.project.files)
            if f.body.find(b"ComponentResource") >= 0
            and (p := s.project.program(i)) is not None
            and any(d.is_component for d in p.definitions)
        }
    return bool(found - {s.index})


def lookup(program: Program, name: str) -> list[tuple[Program, Definition]]:
    """The definitions a name used in `program` stands for (this file, or the file it is imported
    from), with the program holding each."""
    s = _Session(program)
    return [(p, d) for i, d in s.lookup(s.index, name) if (p := s.program(i)) is not None]


def callers(program: Program, definition: Definition) -> list[tuple[Program, Call]]:
    """The calls of `definition` (declared in `program`) in every file of the project but tests."""
    s = _Session(program)
    return [(p, c) for i, c in s.callers(s.index, definition) if (p := s.program(i)) is not None]


def files(program: Program) -> list[Program]:
    """Every program of the project linked to `program` by imports (either way, through others;
    see Project.component) in its language, itself live, tests included."""
    s = _Session(program)
    lang = s.project.files[s.index].language
    linked = s.project.linked(s.index)
    return [p for i in linked if s.project.files[i].language == lang and (p := s.program(i)) is not None]
