"""The one applier: ordering, overlap, re-parse, refusal and the fix-point loop.

Transforms only propose. Here fixes are sorted, overlapping ones deferred to the next pass,
spliced, and the result re-parsed; a pass that adds a syntax error is refused fix by fix,
naming the transform. Passes repeat until no transform proposes a fix; past a cap, the
transforms still proposing are reported as not converging.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import frontends
from .fix import AfterStatement, Append, Applicability, AtPrologue, Edit, Finding, Fix, Lead, apply_edits
from .model import Program
from .notes import Note, NoteKind
from .rule_index import RuleInfo
from .rules import Context, Transform
from .spans import Spans

if TYPE_CHECKING:
    from .project import Project

MAX_PASSES = 8
NL = b"\n"
_SUPPRESS_RE = re.compile(rb"iacfix:\s*ignore(?:\[([A-Za-z0-9_,\s-]*)\])?")


@dataclass
class Applied:
    """A fix the applier made: which rule, its title and applicability, the line it was found on."""

    rule: str
    title: str
    applicability: str
    line: int


@dataclass
class CodeResult:
    """The outcome of fixing one piece of code (a file, or one block of a markdown file)."""

    body: bytes
    output: bytes
    applied: list[Applied] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what remains after fixing
    notes: list[Note] = field(default_factory=list)  # refused fixes, non-convergence, unused suppressions
    parse_errors: list[tuple[int, str]] = field(default_factory=list)  # (line, what) of each syntax error
    passes: int = 0
    seconds: float = 0.0
    # The edits of each applied pass, in that pass's input coordinates: replaying them on
    # `body` gives `output` exactly, which is how the tests prove nothing else was touched.
    edit_log: list[list] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.output != self.body


class ActiveTransform:
    """A selected transform and its context. Made from the rule index (`info`), it imports the
    transform's module and parses its options the first time a text needs it (`transform`,
    `ctx`): a run on a file that mentions no target group never loads IAC004. The facts the
    applier needs before that (id, slug, languages, tokens, cleanup, project_file) come from
    the index, or from the transform when one is given."""

    def __init__(
        self,
        transform: Transform | None = None,
        ctx: Context | None = None,
        *,
        info: RuleInfo | None = None,
        options: Any = None,
        settings: Any = None,
    ):
        self._transform, self._ctx, self._info = transform, ctx, info
        self._options, self._settings = options, settings  # options None: the defaults, made on first use
        facts: Any = info if info is not None else transform
        self.id: str = facts.id
        self.slug: str = facts.slug
        self.languages: frozenset[str] = facts.languages
        self.tokens: tuple[bytes, ...] = (
            info.tokens if info is not None else tuple(t.encode() for t in getattr(transform, "tokens", ()))
        )
        self.tokens_alone: bool = facts.tokens_alone
        self.checks: tuple[bytes | re.Pattern[bytes], ...] = _checks(self.tokens)
        self.cleanup: bool = facts.cleanup
        self.project_file: bool = facts.project_file
        self.candidates: frozenset[str] = frozenset(facts.candidates)

    @property
    def transform(self) -> Transform:
        if self._transform is None:
            assert self._info is not None
            self._transform = self._info.load()()
        return self._transform

    @property
    def ctx(self) -> Context:
        if self._ctx is None:
            options = self._options
            if options is None:
                from .options import parse_options

                options = parse_options(type(self.transform).Options, {})
            self._ctx = Context(options=options, settings=self._settings)
        return self._ctx


def _checks(tokens: tuple[bytes, ...]) -> tuple[bytes | re.Pattern[bytes], ...]:
    """What the prefilter tests for these tokens (_runnable), in their order: a token, or for
    tokens that begin with one byte (IAC306's `-0` ... `-9`) one compiled search for them all. An
    absent token is a scan of the whole text (about 8k instructions for a 3 KB text): ten of them,
    most texts' case, cost more than a search that stops only at their first byte."""
    groups: dict[bytes, list[bytes]] = {}
    for t in tokens:
        groups.setdefault(t[:1], []).append(t)
    out: list[bytes | re.Pattern[bytes]] = []
    for first, alike in groups.items():
        if len(alike) == 1 or first in alike:  # (a token of the one byte: present whenever any is)
            out.append(alike[0] if len(alike) == 1 else first)
        else:
            rest = b"|".join(re.escape(t[1:]) for t in alike)
            out.append(re.compile(re.escape(first) + b"(?:" + rest + b")"))
    return tuple(out)


class _Suppressions:
    def __init__(self, body: bytes, line_of: Callable[[int], int] | None = None):
        self.by_line: dict[int, tuple[set[str] | None, int]] = {}
        self.used: set[int] = set()
        if b"iacfix" not in body:
            return
        for m in _SUPPRESS_RE.finditer(body):
            line = line_of(m.start()) if line_of is not None else body.count(NL, 0, m.start()) + 1
            ids = None
            if m.group(1) is not None:
                ids = {x.strip().upper() for x in m.group(1).decode().split(",") if x.strip()}
            self.by_line[line] = (ids, line)

    def suppresses(self, finding: Finding, program: Program, slug_of: dict[str, str]) -> bool:
        if not self.by_line:
            return False
        lines = {
            program.line_of(finding.anchor if finding.anchor is not None else finding.start),
            program.line_of(finding.start),
        }
        for line in list(lines):
            for cand in (line, line - 1):
                entry = self.by_line.get(cand)
                if entry is None:
                    continue
                ids, at = entry
                if ids is None or finding.rule.upper() in ids or slug_of.get(finding.rule, "").upper() in ids:
                    self.used.add(at)
                    return True
        return False

    def unused(self) -> list[int]:
        return sorted(set(self.by_line) - self.used)


@dataclass
class TransformRun:
    """Every transform's findings on one program (suppressions applied), and what went wrong."""

    findings: list[Finding]
    crashes: list[Note]
    unused_suppressions: list[int]  # lines of suppression comments that suppressed nothing


def run_transforms(program: Program, active: list[ActiveTransform]) -> TransformRun:
    """All findings of all transforms on one program, suppressions applied."""
    sup = _Suppressions(program.body, program.line_of)
    slug_of = {a.id: a.slug for a in active}
    out: list[Finding] = []
    crashes: list[Note] = []
    for a in active:
        if program.language not in a.languages:
            continue
        try:
            found = list(a.transform.check(program, a.ctx))
        except Exception as exc:  # a broken transform must not take the file down with it
            crashes.append(Note(NoteKind.CRASHED, f"crashed: {type(exc).__name__}: {exc}", a.transform.id))
            continue
        for f in found:
            if not sup.suppresses(f, program, slug_of):
                line, col = program.line_col(f.start)
                f.line, f.column = line, col
                out.append(f)
    return TransformRun(out, crashes, sup.unused())


def _runnable(
    text: bytes, language: str, active: list[ActiveTransform], prefilter: bool, alone: bool
) -> list[ActiveTransform]:
    """The transforms that may find something in `text`: of its language and, with the prefilter,
    holding one of their tokens (see Transform.tokens), unless the rule's tokens hold only for a
    file alone in its project (`alone` False: Transform.tokens_alone). A text holding none of a
    rule's tokens cannot give it anything to find. Each check (_checks) is made once per text, in
    C: rules share tokens (twelve ask for `aws`), and an absent token costs a scan of the whole
    text each time it is asked. Written out in one loop: a method call per rule per pass was a
    tenth of this."""
    seen: dict[Any, bool] = {}
    out = []
    for a in active:
        if language not in a.languages:
            continue
        if prefilter and a.checks and not (a.tokens_alone and not alone):
            for c in a.checks:
                hit = seen.get(c)
                if hit is None:
                    # (`find`, not `in`: a bytes `in` first tries the needle as an int, ~1k instructions a test)
                    hit = seen[c] = text.find(c) >= 0 if type(c) is bytes else c.search(text) is not None  # type: ignore[union-attr]
                if hit:
                    break
            else:
                continue
        out.append(a)
    return out


def _scope(runnable: list[ActiveTransform]) -> frozenset[str] | None:
    """The resource types a scoped program must hold for these transforms (see
    Transform.candidates), or None when one of them needs the whole program."""
    scope: frozenset[str] = frozenset()
    for a in runnable:
        if not a.candidates:
            return None
        scope |= a.candidates
    return scope


def _run(
    fe, text: bytes, path: str, parsed, language: str, active: list[ActiveTransform], prefilter: bool, project
) -> TransformRun:
    """One pass's findings on `text`. When no transform may find anything there, no model is
    built: the findings are none, and every suppression comment is unused, as they would be.
    When every transform left declares its candidates, the program holds only those (a scoped
    build: the front end converts nothing else); `prefilter` False always builds the whole."""
    alone = project is None or len(project[0].files) < 2
    runnable = _runnable(text, language, active, prefilter, alone)
    if not runnable:
        return TransformRun([], [], _Suppressions(text).unused())
    scope = _scope(runnable) if prefilter else None
    if scope is not None and not fe.may_construct(parsed, text, scope):
        return TransformRun([], [], _Suppressions(text).unused())  # no candidate: nothing to find
    if project is not None:
        # While the live text is the one given, the project builds its own program of this file
        # (which the file's questions across files read) from this parse, not from a new one.
        project[0].lend(project[1], text, parsed)
    # A file whose program the project already built as given (another file's questions reached
    # it: a markdown response's blocks ask across blocks) reads it in its first pass rather than
    # build the same text again. The answers are the same: a project's program is asked with its
    # own file live and the others as given, and the live text is the one given.
    taken = project[0].take(project[1], text) if project is not None and scope is None else None
    if taken is not None:
        program, kept = taken
        if kept:
            return run_transforms(program, runnable)  # (the project's: released with it)
    else:
        program = fe.build(text, path, parsed) if scope is None else fe.build(text, path, parsed, scope=scope)
        if project is not None:
            project[0].attach(program, project[1])
    try:
        return run_transforms(program, runnable)
    finally:
        program.release()  # the findings hold no model node: the pass's model is freed here


def _with_cleanup(body: bytes, candidates: list[tuple[Finding, Fix]], cleanup: set[str]) -> list[tuple[Finding, Fix]]:
    """The other rules' fixes, and the clean-up fixes that can join them in this pass.

    A clean-up fix was found on this pass's text, and the others' edits change that text. It is
    still right if none of their edits writes a name it removes: a fix can start using an import
    only by writing its name (a name written anywhere else was never unused). It gives the bytes
    a pass of its own would give if no other edit lies within two lines of it (it reads the lines
    around what it removes to keep their blank-line rhythm). Otherwise it waits for a later pass,
    as it always did. This saves most fixed texts a pass of their own for it."""
    others = [(f, fx) for f, fx in candidates if f.rule not in cleanup]
    written = "\n".join(e.text for _, fx in others for e in fx.edits)  # (no name holds a newline)
    near = _Reach(others)
    out = list(others)
    for f, fx in candidates:
        if f.rule not in cleanup or not fx.removes or any(name in written for name in fx.removes):
            continue
        if next(near.reaching(*_lines_around(body, fx.start, fx.end)), None) is None:
            out.append((f, fx))
    return out


class _Reach:
    """The edits of some fixes by start, with the furthest end so far: which of them reach a span
    is found by bisection, then read only as far as they can (a file of 10,000 fixes must not
    take quadratic time). For the clean-up's neighbours and the disturbed points of _select."""

    def __init__(self, fixes: list[tuple[Finding, Fix]]):
        self.edits = sorted((e.start, e.end, i) for i, (_, fx) in enumerate(fixes) for e in fx.edits)
        self.reach = list(itertools.accumulate((end for _, end, _ in self.edits), max))

    def reaching(self, lo: int, hi: int) -> Iterator[int]:
        """The index (in the fixes given) of the fix of each edit touching [lo, hi], ends included."""
        edits, k = self.edits, bisect.bisect_left(self.reach, lo)
        while k < len(edits) and edits[k][0] <= hi:
            start, end, i = edits[k]
            if end >= lo:
                yield i
            k += 1


def _lines_around(body: bytes, start: int, end: int) -> tuple[int, int]:
    """From the newline before the second line above `start` to the end of the line after `end`'s."""
    lo = start
    for _ in range(3):
        lo = body.rfind(NL, 0, lo) if lo > 0 else -1
        if lo < 0:
            break
    hi = body.find(NL, end)
    if hi >= 0:
        hi = body.find(NL, hi + 1)
    return max(lo, 0), len(body) if hi < 0 else hi


def _select(
    fixes: list[tuple[Finding, Fix]], late: set[str] | frozenset[str] = frozenset()
) -> list[tuple[Finding, Fix]]:
    """Non-overlapping fixes, in rule order (the `late` rules' after every other's).

    Fixes may share identical edits (several resources' fixes all declaring the same shared
    `const commonTags = ...` at one point): a shared edit is applied once and does not make the
    fixes clash. Two different insertions at one point are written together when their places
    say in which order the passes would write them (_slot), and no other fix of the pass edits
    what they are anchored to (_disturbed); any other overlap, or insertions at one point that
    cannot be ordered so, defers the later fix to the next pass."""
    lone: set[int] = set()  # points where, this pass, a later fix waits as it always did
    while True:
        chosen, points = _choose(fixes, late, lone)
        disturbed = _disturbed(chosen, points)
        if not disturbed:
            return chosen
        lone |= disturbed  # (each round adds a point: it ends)


def _choose(
    fixes: list[tuple[Finding, Fix]], late: set[str] | frozenset[str], lone: set[int]
) -> tuple[list[tuple[Finding, Fix]], dict[int, list[tuple[str, Edit]]]]:
    """_select's choice, insertions at a point of `lone` written alone; with the insertions at
    each point, in written order. Taken spans stay sorted, so each check looks only at its
    neighbours (a file with 10,000 findings must not take quadratic time)."""
    chosen: list[tuple[Finding, Fix]] = []
    taken: set[tuple[int, int, str]] = set()
    spans: list[tuple[int, int]] = []  # taken edit spans, sorted; only insertions share a point
    points: dict[int, list[tuple[str, Edit]]] = {}  # the insertions at a point, in written order
    seen_fixes: set[tuple] = set()
    # Rule order decides who goes first where fixes meet (retention before tags at one spot):
    # deterministic, and the same whatever the passes happen to group together.
    for f, fx in sorted(fixes, key=lambda p: (p[0].rule in late, p[0].rule, p[1].start, p[1].end)):
        key = tuple((e.start, e.end, e.text) for e in sorted(fx.edits))
        if key in seen_fixes:
            continue
        fresh = [e for e in fx.edits if (e.start, e.end, e.text) not in taken]
        if any(_clashes(e, spans) for e in fresh):
            continue
        if any(
            e.start in points and (e.start in lone or _slot(e, f.rule, points[e.start]) is None)
            for e in fresh
            if e.start == e.end
        ):
            continue
        seen_fixes.add(key)
        chosen.append((f, fx))
        for e in fresh:
            taken.add((e.start, e.end, e.text))
            bisect.insort(spans, (e.start, e.end))
            if e.start == e.end:
                _put(points, f.rule, e)
    return chosen, points


def _disturbed(chosen: list[tuple[Finding, Fix]], points: dict[int, list[tuple[str, Edit]]]) -> set[int]:
    """The points holding several fixes' insertions where a fix with no insertion there edits
    what they are anchored to: the statement they follow, the container they append to, the
    program for the prologue. The next pass, on that edited text, may give a rule of those
    fixes more to insert at the point (IAC201 renames a bucket's argument, and IAC102 moves it
    out next pass), and a fix written a pass early would then sit on the wrong side of it."""
    shared = [p for p, queue in points.items() if len(queue) > 1]
    if not shared:
        return set()
    near = _Reach(chosen)
    inserts_at = [{e.start for e in fx.edits if e.start == e.end} for _, fx in chosen]
    out: set[int] = set()
    for p in shared:
        spans = [_anchored_to(e, p) for _, e in points[p]]
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        # (a fix inserting at p is one of those written there)
        if any(p not in inserts_at[i] for i in near.reaching(lo, hi)):
            out.add(p)
    return out


def _anchored_to(e: Edit, p: int) -> tuple[int, int]:
    """The span of text an insertion at `p` is anchored to (see fix.Place)."""
    place = e.place
    if isinstance(place, Append):
        return place.owner
    if isinstance(place, AfterStatement):
        return place.statement, p
    return 0, 1 << 62  # the prologue: wherever a declaration's need comes from


def _put(points: dict[int, list[tuple[str, Edit]]], rule: str, e: Edit) -> None:
    """Add insertion `e` of `rule` to the ones at its point, where _slot says (it said yes)."""
    queue = points.setdefault(e.start, [])
    slot = _slot(e, rule, queue) if queue else 0
    assert slot is not None, "an insertion _select did not order"
    queue.insert(slot, (rule, e))


def _slot(e: Edit, rule: str, queue: list[tuple[str, Edit]]) -> int | None:
    """Where insertion `e`, of a later rule than those of `queue` (the other fixes' insertions at
    its point, in written order), goes among them: where the next pass, proposing it again on
    the text holding them, would put it (fix.Place says what each is anchored to). None when that
    is not certain, and the fix waits for that pass: a place unknown, places of other kinds, a
    name both write (the later, seeing the earlier's, would write another text or none), or the
    same rule (its fixes share what they declare, and one that waits writes less).
    - appends to one container: after them (the end of the entries moves past each);
    - statements after one statement: before them (its line end stays where it was);
    - at the prologue: after the imports put there, before the code (the prologue ends there);
      an insertion of imports then code would end it inside itself: not certain."""
    place = e.place
    if place is None:
        return None
    others = []
    for r, q in queue:
        if r == rule or q.place is None or type(q.place) is not type(place) or place.names & q.place.names:
            return None
        others.append(q.place)
    if isinstance(place, Append):
        return len(queue) if all(isinstance(o, Append) and o.owner == place.owner for o in others) else None
    if isinstance(place, AfterStatement):
        return 0
    for i, o in enumerate(others):
        lead = o.lead if isinstance(o, AtPrologue) else Lead.MIXED
        if lead is Lead.MIXED:
            return None
        if lead is Lead.CODE:
            return i
    return len(queue)


def _joined(queue: list[tuple[str, Edit]]) -> Edit:
    """The insertions at one point as one edit, in written order. Statements after a statement
    are each followed by the next one's opening blank line: what they wrote only to keep apart
    from the code after the statement goes (fix.AfterStatement.apart), as the next pass, seeing
    that blank line, would not write it."""
    texts = []
    for n, (_, e) in enumerate(queue):
        apart = e.place.apart if isinstance(e.place, AfterStatement) and n + 1 < len(queue) else 0
        texts.append(e.text[: len(e.text) - apart])
    first = queue[0][1]
    return Edit(first.start, first.end, "".join(texts))


def _clashes(e, spans: list[tuple[int, int]]) -> bool:
    # Every clash needs s <= e.end and t >= e.start; spans are disjoint, so ends rise with starts.
    # Insertions at one point do not clash here: _slot decides whether they can be ordered.
    k = bisect.bisect_right(spans, (e.end, float("inf"))) - 1
    while k >= 0 and spans[k][1] >= e.start:
        s, t = spans[k]
        if not (s == t == e.start == e.end) and _clash(e, s, t):
            return True
        k -= 1
    return False


def _errors(parsed, base_errors: int) -> Spans:
    """The spans of the parse's syntax errors (its outermost ERROR and MISSING nodes: apart and
    in order), asked of every fix whether it meets one."""
    return Spans(parsed.error_spans() if base_errors else [])


def _in_errors(f: Finding, errors: Spans) -> bool:
    if not errors or f.fix is None:
        return False
    return errors.meets(min(f.start, f.fix.start), max(f.end, f.fix.end))


def _clash(e, s: int, t: int) -> bool:
    if e.start < t and s < e.end:  # ranges overlap
        return True
    if e.start == e.end == s or s == t == e.start:  # two edits anchored at one point
        return True
    return e.start == e.end and s < e.start < t  # an insertion inside a replaced range


def _edits_of(chosen: Iterable[tuple[Finding, Fix]]) -> list[Edit]:
    """The edits of the chosen fixes (chosen by _select, in its order), each shared one once, the
    insertions at one point joined into one edit in the order _slot gives them."""
    out, seen = [], set()
    points: dict[int, list[tuple[str, Edit]]] = {}
    for f, fx in chosen:
        for e in fx.edits:
            k = (e.start, e.end, e.text)
            if k not in seen:
                seen.add(k)
                if e.start == e.end:
                    _put(points, f.rule, e)
                else:
                    out.append(e)
    for queue in points.values():
        out.append(queue[0][1] if len(queue) == 1 else _joined(queue))
    return out


def fix_code(
    body: bytes,
    language: str,
    active: list[ActiveTransform],
    *,
    unsafe: bool = False,
    fix: bool = True,
    path: str = "<input>",
    max_passes: int = MAX_PASSES,
    project: tuple[Project, int] | None = None,
    prefilter: bool = True,
) -> CodeResult:
    """Fix one piece of code. `project` is the project it belongs to and its index there (see
    iacfix.project): every pass's program asks across the project's other files. `prefilter`
    False runs every transform on every pass whatever its tokens, on the whole program (no
    scoped build; the tests prove both agree).

    The cyclic garbage collector is paused meanwhile: a model is a graph of cycles (every node
    knows its program), alive until the text is fixed, and each collection while it lives only
    scans it again (a third of the pipeline's time over the corpus). The first collection after
    frees what the passes left, so memory does not grow from one text to the next (little: each
    pass releases its program, see Program.release, and reference counting frees its model)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _fix_code(
            body,
            language,
            active,
            unsafe=unsafe,
            fix=fix,
            path=path,
            max_passes=max_passes,
            project=project,
            prefilter=prefilter,
        )
    finally:
        if collecting:
            gc.enable()


def _fix_code(
    body: bytes,
    language: str,
    active: list[ActiveTransform],
    *,
    unsafe: bool,
    fix: bool,
    path: str,
    max_passes: int,
    project: tuple[Project, int] | None,
    prefilter: bool,
) -> CodeResult:
    t0 = time.perf_counter()
    fe = frontends.get(language)
    result = CodeResult(body=body, output=body)
    # A file of a project may have been parsed already as given, for another file's questions.
    given = project[0].parsed(project[1], body) if project is not None else None
    parsed = original_parsed = given or fe.parse(body)
    base_errors = parsed.error_count
    errors = _errors(parsed, base_errors)
    if base_errors:
        result.parse_errors = [(body.count(NL, 0, s) + 1, msg) for s, _, msg in parsed.errors()]
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    current = body
    history = {current}
    # The crash and broken-code notes said so far, each once (a set: a list scanned per finding
    # grew with the square of the findings in broken code). No other note is of their kinds.
    said: set[Note] = set()
    findings: list[Finding] = []
    run: TransformRun | None = None
    for _pass in range(max_passes + 1):
        result.passes = _pass + 1
        run = _run(fe, current, path, parsed, language, active, prefilter, project)
        findings = run.findings
        for c in run.crashes:
            if c not in said:
                said.add(c)
                result.notes.append(c)
        if not fix:
            # Report what `apply` would really do: no fix is offered inside broken code.
            for f in findings:
                if f.fix is not None and _in_errors(f, errors):
                    f.fix = None
                    f.message += " (not fixable here: the code has syntax errors)"
            break
        candidates = []
        for f in findings:
            if f.fix is None or f.fix.applicability not in allowed:
                continue
            if _in_errors(f, errors):
                note = Note(NoteKind.IN_BROKEN_CODE, "not fixed: the code there has syntax errors", f.rule, f.line)
                if note not in said:
                    said.add(note)
                    result.notes.append(note)
                continue
            candidates.append((f, f.fix))
        if not candidates:
            break
        cleanup = {a.id for a in active if a.cleanup}
        if cleanup and any(f.rule not in cleanup for f, _ in candidates):
            candidates = _with_cleanup(current, candidates, cleanup)
        if _pass == max_passes:
            rules = sorted({f.rule for f, _ in candidates})
            result.notes.append(
                Note(
                    NoteKind.NOT_CONVERGED,
                    f"stopped after {max_passes} passes; still proposing fixes: {', '.join(rules)}",
                )
            )
            break
        chosen = _select(candidates, cleanup)
        edits = _edits_of(chosen)
        new = apply_edits(current, edits)
        # Re-parse only what the edits touched (the same tree a fresh parse gives, in a fraction
        # of its time: tree-sitter reuses every untouched subtree of the pass's tree).
        new_parsed = fe.reparse(parsed, edits, new)
        if new_parsed.error_count > base_errors:
            # Find the fixes that break the parse, refuse them by name, keep the rest.
            good = []
            for f, fx in chosen:
                trial = apply_edits(current, list(fx.edits))
                if fe.parse(trial).error_count > base_errors:
                    result.notes.append(
                        Note(NoteKind.REFUSED, f"refused fix '{fx.title}': it would break the syntax", f.rule, f.line)
                    )
                else:
                    good.append((f, fx))
            good = _select(good, cleanup)  # (without a refused one, insertions at a point may not order alike)
            edits = _edits_of(good)
            new = apply_edits(current, edits)
            new_parsed = fe.parse(new)
            if new_parsed.error_count > base_errors:
                for f, fx in good:
                    result.notes.append(
                        Note(
                            NoteKind.REFUSED,
                            f"refused fix '{fx.title}': combined fixes break the syntax",
                            f.rule,
                            f.line,
                        )
                    )
                good = []
                new, new_parsed = current, parsed
            chosen = good
            if not chosen:
                break
        if new in history:
            rules = sorted({f.rule for f, _ in chosen})
            result.notes.append(Note(NoteKind.CYCLE, f"fixes cycle without converging: {', '.join(rules)}"))
            break
        history.add(new)
        result.edit_log.append(sorted(edits, key=lambda e: (e.start, e.end)))
        for f, fx in chosen:
            result.applied.append(Applied(f.rule, fx.title, fx.applicability.value, f.line))
        current, parsed = new, new_parsed
        errors = _errors(parsed, base_errors)
    if current != body and hasattr(fe, "validate"):
        problem = fe.validate(current, body, parsed=(parsed, original_parsed))
        if problem and not fe.validate(body):
            result.notes.append(
                Note(NoteKind.INVALID_RESULT, f"all fixes refused: the result would not be valid {language}: {problem}")
            )
            current = body
            result.applied = []
            result.edit_log = []
            run = _run(fe, current, path, fe.parse(current), language, active, prefilter, project)
            findings = run.findings
    result.output = current
    result.findings = findings
    if run is not None:
        for line in run.unused_suppressions:
            result.notes.append(Note(NoteKind.UNUSED_SUPPRESSION, "unused suppression comment", line=line))
    result.seconds = time.perf_counter() - t0
    return result
