"""Does the fixed program still type-check against the real packages?

Every TypeScript program (a .ts file, or each TypeScript block of a markdown file, as its own
module) is checked before and after fixing, all in ONE tsc run (`iacfix.typecheck`). With
`languages` including "python", Python programs (.py files and Python blocks) are checked the
same way in one pyright run. A *regression* is a program that type-checked before and does not
after: iacfix must never cause one. Nothing is written: fixing happens in memory.

`verify_outputs(pairs)` takes (name, original bytes, fixed bytes) triples — what `batch --verify`
has in hand — and `verify_paths(paths, config)` reads and fixes files first (`iacfix verify`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import EllipsisType

from .document import BOM, language_for

__all__ = ["ProgramCheck", "VerifyReport", "program_units", "typescript_units", "verify_outputs", "verify_paths"]

_POS_RE = re.compile(r"^\d+:\d+ ")


@dataclass
class ProgramCheck:
    """One program (a file, or one block of a markdown file), before and after."""

    path: str
    block: str | None
    changed: bool
    before_errors: list[str] = field(default_factory=list)
    after_errors: list[str] = field(default_factory=list)
    language: str = "typescript"

    @property
    def name(self) -> str:
        return f"{self.path}#{self.block}" if self.block else self.path

    @property
    def before_ok(self) -> bool:
        return not self.before_errors

    @property
    def after_ok(self) -> bool:
        return not self.after_errors

    @property
    def regression(self) -> bool:
        return self.before_ok and not self.after_ok

    @property
    def new_errors(self) -> list[str]:
        """Errors after the fix that were not there before (positions ignored)."""
        seen = {_POS_RE.sub("", e) for e in self.before_errors}
        return [e for e in self.after_errors if _POS_RE.sub("", e) not in seen]

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "block": self.block,
            "language": self.language,
            "changed": self.changed,
            "before_ok": self.before_ok,
            "after_ok": self.after_ok,
            "regression": self.regression,
            "new_errors": self.new_errors,
        }


@dataclass
class VerifyReport:
    programs: list[ProgramCheck] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): inputs not checked

    @property
    def checked(self) -> int:
        return len(self.programs)

    @property
    def clean_before(self) -> int:
        return sum(p.before_ok for p in self.programs)

    @property
    def clean_after(self) -> int:
        return sum(p.after_ok for p in self.programs)

    @property
    def regressions(self) -> list[ProgramCheck]:
        return [p for p in self.programs if p.regression]

    @property
    def fixed_by_iacfix(self) -> list[ProgramCheck]:
        return [p for p in self.programs if not p.before_ok and p.after_ok]

    def summary(self) -> str:
        langs = sorted({p.language for p in self.programs}) or ["typescript"]
        what = " and ".join({"typescript": "TypeScript", "python": "Python"}.get(x, x) for x in langs)
        return (
            f"{self.checked} {what} program(s) checked, {sum(p.changed for p in self.programs)} changed by "
            f"the fix: {self.clean_before} type-checked before, {self.clean_after} after, "
            f"{len(self.regressions)} regression(s)"
        )

    def as_dict(self) -> dict:
        return {
            "checked": self.checked,
            "clean_before": self.clean_before,
            "clean_after": self.clean_after,
            "regressions": len(self.regressions),
            "programs": [p.as_dict() for p in self.programs],
            "problems": [{"path": p, "reason": r} for p, r in self.problems],
        }


def _text(data: bytes) -> str:
    if data.startswith(BOM):
        data = data[len(BOM) :]
    return data.decode("utf-8", "replace")


def program_units(data: bytes, language: str, target: str = "typescript") -> list[tuple[str | None, str]]:
    """The `target`-language programs in a file: the file itself, or each such block of a markdown
    file (labelled with the file name the response gives it, else `block N`, N counting every fence)."""
    if language == target:
        return [(None, _text(data))]
    if language != "markdown":
        return []
    from .frontends import markdown

    out: list[tuple[str | None, str]] = []
    for b in markdown.code_blocks(data, {target}):
        label = f"block {b.index + 1}" + (f" ({b.filename})" if b.filename else "")
        out.append((label, data[b.start : b.end].decode("utf-8", "replace")))
    return out


def typescript_units(data: bytes, language: str) -> list[tuple[str | None, str]]:
    """The TypeScript programs in a file (see program_units)."""
    return program_units(data, language, "typescript")


def verify_outputs(
    pairs: Iterable[tuple[str, bytes, bytes]],
    *,
    language: str | None = None,
    timeout: float = 1800,
    languages: Iterable[str] = ("typescript",),
    python_rules: Iterable[str] | None | EllipsisType = ...,
) -> VerifyReport:
    """Type-check each (name, original, fixed) pair before and after: one tsc run for the
    TypeScript programs, one pyright run for the Python ones (when `languages` has "python").

    `language` (typescript / python / markdown) applies to every pair; by default it comes from each
    name's suffix. Other inputs are skipped. Identical programs are checked once. `python_rules`:
    the pyright rules that count (default `iacfix.typecheck.PYRIGHT_RULES`; None: every error).
    Raises `iacfix.typecheck.TypecheckError` when a checker or the packages are missing.
    """
    wanted = tuple(languages)
    report = VerifyReport()
    # per target language: source -> key, so each distinct program is checked once
    texts: dict[str, dict[str, str]] = {t: {} for t in wanted}
    keys: dict[str, dict[str, str]] = {t: {} for t in wanted}
    plan: list[tuple[ProgramCheck, str, str]] = []

    def key_of(target: str, src: str) -> str:
        k = keys[target].get(src)
        if k is None:
            k = f"u{len(keys[target])}"
            keys[target][src] = k
            texts[target][k] = src
        return k

    for name, before, after in pairs:
        lang = language or language_for(name)
        for target in wanted:
            if lang not in (target, "markdown"):
                continue
            b_units = program_units(before, lang, target)
            a_units = program_units(after, lang, target)
            if len(b_units) != len(a_units) or [b[0] for b in b_units] != [a[0] for a in a_units]:
                report.problems.append((name, "the fixed file's code blocks do not match the original's"))
                break
            for (label, b_src), (_, a_src) in zip(b_units, a_units, strict=True):  # lengths checked above
                pc = ProgramCheck(path=name, block=label, changed=b_src != a_src, language=target)
                plan.append((pc, key_of(target, b_src), key_of(target, a_src)))
    results = {t: _typecheck(t, texts[t], timeout, python_rules) for t in wanted if texts[t]}
    for pc, kb, ka in plan:
        result = results.get(pc.language, {})
        pc.before_errors = list(result.get(kb, []))
        pc.after_errors = list(result.get(ka, []))
        report.programs.append(pc)
    return report


def _typecheck(target: str, texts: dict[str, str], timeout: float, python_rules) -> dict[str, list[str]]:
    if target == "python":
        from .typecheck import PYRIGHT_RULES, typecheck_python

        rules = PYRIGHT_RULES if python_rules is ... else python_rules
        return typecheck_python(texts, rules=rules, timeout=timeout)
    from .typecheck import typecheck_typescript  # exact per program, even next to syntax errors

    return typecheck_typescript(texts, timeout=timeout)


def verify_paths(
    paths: list[str], config, *, timeout: float = 1800, languages: Iterable[str] = ("typescript",)
) -> VerifyReport:
    """Read, fix in memory (nothing is written) and verify every input in `languages` (and markdown)."""
    from .document import Document
    from .engine import fix_document
    from .errors import InputError
    from .files import iter_inputs

    pairs = []
    problems = []
    for path, problem in iter_inputs(paths, config):
        if problem is not None:
            problems.append((path, problem.reason))
            continue
        if language_for(path) not in (*languages, "markdown"):
            continue
        try:
            doc = Document.read(path)
        except InputError as exc:
            problems.append((path, exc.reason))
            continue
        res = fix_document(doc, config, fix=True)
        if res.status == "failed":
            problems.append((path, res.error or "failed"))
            continue
        pairs.append((path, res.original, res.output))
    report = verify_outputs(pairs, timeout=timeout, languages=languages)
    report.problems[:0] = problems
    return report
