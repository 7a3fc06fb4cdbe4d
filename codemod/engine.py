"""The public, picklable API: fix a text, a document or a file; one result object each.

`fix_text(text, language, config)` is pure (no file system) and what batch workers call; the
parsers behind it are built once per process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .applier import ActiveTransform, Applied, CodeResult, fix_code
from .config import Config
from .document import Document
from .errors import InputError
from .fix import Edit
from .notes import Note, NoteKind

if TYPE_CHECKING:  # imported where used: a run on lone files that fixes nothing needs neither
    from .project import Project


@dataclass
class Issue:
    """A finding as reported: where (line/column in the file), which rule, what, fixable?"""

    rule: str
    slug: str
    message: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    fixable: bool
    fix_title: str | None = None
    applicability: str | None = None
    block: str | None = None  # the markdown block's file name, when inside one
    edits: list[dict[str, Any]] = field(default_factory=list)  # file-relative, for SARIF
    data: dict[str, Any] = field(default_factory=dict)  # transform-specific facts (e.g. the image)
    help: str | None = None  # what the user must supply (see Finding.help)

    @property
    def full_message(self) -> str:
        """The message with its help, for formats that show each finding on its own."""
        return f"{self.message}; {self.help}" if self.help else self.message

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class FileResult:
    """The outcome of one file (or text): its output, the fixes made, what is left, and notes."""

    path: str
    language: str | None
    status: str  # changed / unchanged / failed / skipped
    original: bytes = b""
    output: bytes = b""
    applied: list[Applied] = field(default_factory=list)
    findings: list[Issue] = field(default_factory=list)  # remaining after fixing (or all, for check)
    notes: list[Note] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    blocks: int = 0  # code blocks fixed inside a markdown file
    edit_log: list = field(default_factory=list)  # per pass, for code files (see CodeResult)
    # What changed, as (a0, a1, b0, b1) byte spans: original[a0:a1] became output[b0:b1], all else
    # unchanged (composed from the edit logs; markdown blocks included). The diff is made from these.
    changes: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.status == "changed"

    @property
    def applied_ids(self) -> list[str]:
        return sorted({a.rule for a in self.applied})


def active_transforms(config: Config) -> list[ActiveTransform]:
    """The selected transforms, each with its options parsed and checked: a bad name, key or value
    is a ConfigError here, when the configuration loads, never a crash inside a transform.

    Answered from the rule index (codemod/rule_index.py): only the rules given options are
    imported here (to check them); the others load the first time a text needs them, with their
    default options."""
    from .errors import ConfigError
    from .options import OptionError, parse_options
    from .rule_index import RULES, by_name

    raw: dict[str, dict[str, Any]] = {}
    for key, opts in config.rule_options.items():
        info = by_name(key)
        if info is None:
            raise ConfigError(config.source or "<config>", f"rules.{key}: no transform with that id or slug")
        raw.setdefault(info.id, {}).update(opts)
    parsed: dict[str, Any] = {}
    for info in RULES:
        if info.id in raw:
            try:
                parsed[info.id] = parse_options(info.load().Options, raw[info.id])
            except OptionError as exc:
                raise ConfigError(config.source or "<config>", f"rules.{info.slug}: {exc}") from None
    return [
        ActiveTransform(info=info, options=parsed.get(info.id), settings=config)
        for info in RULES
        if config.enabled(info.id, info.slug, info.profiles)
    ]


_ACTIVE_CACHE: dict[int, tuple[Config, list[ActiveTransform]]] = {}


def _active(config: Config) -> list[ActiveTransform]:
    hit = _ACTIVE_CACHE.get(id(config))
    if hit is not None and hit[0] is config:
        return hit[1]
    act = active_transforms(config)
    if len(_ACTIVE_CACHE) >= 16:  # a run uses one config, plus one per set of per-file ignores
        _ACTIVE_CACHE.clear()
    _ACTIVE_CACHE[id(config)] = (config, act)
    return act


def _issues(
    res: CodeResult,
    body: bytes,
    slug_of: dict[str, str],
    line_offset: int = 0,
    byte_offset: int = 0,
    block: str | None = None,
) -> list[Issue]:
    if not res.findings:
        return []  # most texts: no program made for line numbers
    from .model import Program

    prog = Program("x", res.output)
    out = []
    for f in sorted(res.findings, key=lambda f: (f.start, f.rule)):
        l1, c1 = prog.line_col(f.start)
        l2, c2 = prog.line_col(f.end)
        edits = []
        if f.fix is not None:
            edits = [{"start": e.start + byte_offset, "end": e.end + byte_offset, "text": e.text} for e in f.fix.edits]
        out.append(
            Issue(
                rule=f.rule,
                slug=slug_of.get(f.rule, ""),
                message=f.message,
                severity=f.severity,
                line=l1 + line_offset,
                column=c1,
                end_line=l2 + line_offset,
                end_column=c2,
                fixable=f.fixable,
                fix_title=f.fix.title if f.fix else None,
                applicability=f.fix.applicability.value if f.fix else None,
                block=block,
                edits=edits,
                data=dict(f.data),
                help=f.help,
            )
        )
    return out


def fix_document(
    doc: Document,
    config: Config,
    *,
    fix: bool = True,
    unsafe: bool | None = None,
    project: tuple[Project, int] | None = None,
    prefilter: bool = True,
) -> FileResult:
    """Fix one document. `project` (the project and this document's index in it) lets a code file
    ask across the other files of its program; a markdown response is a project by itself (its
    code blocks, by the paths the response gives them). `prefilter` False runs every rule on
    every text whatever its tokens (see Transform.tokens; the tests prove the results equal)."""
    t0 = time.perf_counter()
    config = config.for_path(doc.path)
    unsafe = config.unsafe_fixes if unsafe is None else unsafe
    active = _active(config)
    slug_of = {a.id: a.slug for a in active}
    original = doc.to_bytes()
    result = FileResult(path=doc.path, language=doc.language, status="unchanged", original=original, output=original)
    if doc.language == "markdown":
        _fix_markdown(doc, active, slug_of, fix, unsafe, result, prefilter)
    else:
        res = fix_code(
            doc.body,
            doc.language,
            active,
            unsafe=unsafe,
            fix=fix,
            path=doc.path,
            project=project,
            prefilter=prefilter,
        )
        # Up to three syntax errors, where they are: the file's fixes (if any) were made elsewhere.
        result.notes.extend(Note(NoteKind.SYNTAX_ERROR, what, line=line) for line, what in res.parse_errors[:3])
        result.applied = res.applied
        result.notes.extend(res.notes)
        result.findings = _issues(res, doc.body, slug_of, byte_offset=len(original) - len(doc.body))
        result.edit_log = res.edit_log
        result.output = doc.to_bytes(res.output)
        if res.edit_log:
            from . import diff

            skip = len(original) - len(doc.body)  # the BOM
            result.changes = diff.shifted(diff.compose(res.edit_log), skip, skip)
    if result.output != original:
        result.status = "changed"
    result.seconds = time.perf_counter() - t0
    return result


def _fix_markdown(
    doc: Document, active, slug_of, fix: bool, unsafe: bool, result: FileResult, prefilter: bool = True
) -> None:
    from . import diff
    from .frontends import markdown
    from .project import Project, SourceFile

    raw = doc.to_bytes()
    found = markdown.find_blocks(raw)
    blocks = markdown.code_blocks(raw, {"typescript", "python"}, found)
    project = Project(
        [
            SourceFile(
                markdown.normalise_filename(b.filename) if b.filename else "", b.language or "", raw[b.start : b.end]
            )
            for b in blocks
        ]
    )
    project_files = [
        b
        for b in markdown.code_blocks(raw, {"yaml"}, found)
        if b.filename and b.filename.replace("\\", "/").rpartition("/")[2] == "Pulumi.yaml"
    ]
    position_of = {b.index: i for i, b in enumerate(blocks)}
    replacements: dict[int, bytes] = {}
    changes: list[tuple[int, int, int, int]] = []
    grown = 0  # output - original, over the blocks replaced so far (blocks come in order)
    for b in sorted(blocks + project_files, key=lambda b: b.start):
        code = raw[b.start : b.end]
        where = b.filename or f"block {b.index + 1}"
        if b.index not in position_of:
            out, log = _fix_project_file(raw, b, project, active, slug_of, fix, unsafe, result)
            if out is not None:
                replacements[b.index] = out
                spans = diff.compose(log)
                changes.extend(diff.shifted(spans, b.start, b.start + grown))
                grown += sum((b1 - b0) - (a1 - a0) for a0, a1, b0, b1 in spans)
            continue
        position = position_of[b.index]
        try:
            code.decode("utf-8")
        except UnicodeDecodeError:
            result.notes.append(
                Note(
                    NoteKind.BLOCK_SKIPPED,
                    "not valid UTF-8, left as is",
                    line=raw.count(b"\n", 0, b.start) + 1,
                    block=where,
                )
            )
            continue
        res = fix_code(
            code,
            b.language or "",  # always set: the blocks were chosen by language
            active,
            unsafe=unsafe,
            fix=fix,
            path=f"{doc.path}#{b.filename or b.index}",
            project=(project, position),
            prefilter=prefilter,
        )
        line_offset = raw.count(b"\n", 0, b.start)
        result.applied.extend(Applied(a.rule, a.title, a.applicability, a.line + line_offset) for a in res.applied)
        result.notes.extend(n.in_block(where, line_offset) for n in res.notes)
        if res.parse_errors:
            line, what = res.parse_errors[0]
            fixed = "fixed outside the broken code" if res.applied else "left as is"
            result.notes.append(
                Note(
                    NoteKind.BLOCK_UNPARSED,
                    f"does not parse as {b.language}: {what} ({fixed})",
                    line=line + line_offset,
                    block=where,
                )
            )
        result.findings.extend(_issues(res, code, slug_of, line_offset=line_offset, byte_offset=b.start, block=where))
        if res.changed:
            replacements[b.index] = res.output
            log = list(res.edit_log)
            if b.terminated and res.output and not res.output.endswith(b"\n"):
                # splice() ends the block with a newline so that the closing fence keeps its line
                nl = "\r\n" if raw[max(b.start - 2, 0) : b.start] == b"\r\n" else "\n"
                log.append([Edit(len(res.output), len(res.output), nl)])
            spans = diff.compose(log)
            changes.extend(diff.shifted(spans, b.start, b.start + grown))
            grown += sum((b1 - b0) - (a1 - a0) for a0, a1, b0, b1 in spans)
    result.blocks = len(blocks)
    project.release()  # the blocks' programs as given, built for questions across files
    if replacements:
        result.output = markdown.splice(raw, replacements, found)
        result.changes = changes


def _fix_project_file(
    raw: bytes, block, project: Project, active, slug_of, fix: bool, unsafe: bool, result: FileResult
) -> tuple[bytes | None, list]:
    """Run the project-file rules on a `Pulumi.yaml` block of a response; the fixed text (None when
    unchanged) and its edit log."""
    from .applier import Applicability
    from .fix import apply_edits
    from .frontends import markdown
    from .projectfile import ProjectFile

    rules = [a for a in active if a.project_file]
    if not rules:
        return None, []
    body = raw[block.start : block.end]
    files = {f.path: f.language for f in project.files if f.path}
    pf = ProjectFile.read(body, markdown.normalise_filename(block.filename), files, _entry_points(project))
    findings = [f for a in rules for f in a.transform.check_project_file(pf, a.ctx)]
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    edits: list[Edit] = []
    line_offset = raw.count(b"\n", 0, block.start)
    left = []
    for f in findings:
        fx = f.fix
        if (
            fix
            and fx is not None
            and fx.applicability in allowed
            and not any(e.start < o.end and o.start < e.end for e in fx.edits for o in edits)
        ):
            edits.extend(fx.edits)
            result.applied.append(
                Applied(f.rule, fx.title, fx.applicability.value, body.count(b"\n", 0, f.start) + 1 + line_offset)
            )
        else:
            left.append(f)
    out = apply_edits(body, edits) if edits else body
    res = CodeResult(body=body, output=body, findings=left)  # positions: the text they were found in
    result.findings.extend(
        _issues(res, out, slug_of, line_offset=line_offset, byte_offset=block.start, block=block.filename)
    )
    return (out, [sorted(edits, key=lambda e: (e.start, e.end))]) if edits else (None, [])


def _entry_points(project: Project) -> tuple[str, ...]:
    """The response's code files that no other file imports (tests excluded): where a program starts."""
    imported: set[int] = set()
    for i in range(len(project.files)):
        prog = project.program(i)
        for imp in prog.imports if prog is not None else ():
            imported.update(j for j in project.modules(i, imp) if j != i)

    def runs(i: int) -> bool:  # declares resources or calls something at its top level
        prog = project.program(i)
        if prog is None:
            return False
        top = [
            c
            for c in prog.calls
            if not prog.functions_enclosing(c.start) and all(b.kind != "class" for b in prog.blocks_at(c.start))
        ]
        return bool(
            prog.exports or top or any(not r.in_class and not prog.functions_enclosing(r.start) for r in prog.resources)
        )

    return tuple(
        f.path
        for i, f in enumerate(project.files)
        if f.path and i not in imported and not project.is_test(i) and runs(i)
    )


def fix_text(
    text: str | bytes,
    language: str,
    config: Config | None = None,
    *,
    fix: bool = True,
    unsafe: bool | None = None,
    path: str = "<text>",
    prefilter: bool = True,
) -> FileResult:
    """Fix code or markdown given as text. Pure: reads and writes no files."""
    config = config or Config()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        doc = Document.from_bytes(path, raw, language)
    except InputError as exc:
        return FileResult(path=path, language=language, status="failed", original=raw, output=raw, error=exc.reason)
    try:
        return fix_document(doc, config, fix=fix, unsafe=unsafe, prefilter=prefilter)
    except Exception as exc:  # one bad input is a failed row, never a crash
        return FileResult(
            path=path,
            language=language,
            status="failed",
            original=raw,
            output=raw,
            error=f"internal error: {type(exc).__name__}: {exc}",
        )
