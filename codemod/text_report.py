"""Findings for people: one line per finding, repeated advice said once, counts per rule.

`path:line:col: RULE [*] message` is the line format (as ruff's); `[*]` marks a fix `iacfix
apply` makes with the same settings, `[unsafe fix]` one it makes only with --unsafe-fixes. With
--unsafe-fixes (as ruff's `check --unsafe-fixes`), an unsafe fix is marked `[*]` and the line after
it says what it would do (its title): the report shows what the flag changes. What the user must supply (a
finding's `help`, e.g. tag values to configure) is printed once per run with the number of
findings it concerns, not on each of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .engine import FileResult, Issue


def mark(f: Issue, unsafe: bool = False) -> str:
    if not f.fixable:
        return ""
    return " [*]" if f.applicability == "safe" or unsafe else " [unsafe fix]"


def applies(f: Issue, unsafe: bool) -> bool:
    """Whether `iacfix apply` with these settings makes this finding's fix."""
    return bool(f.fixable) and (f.applicability == "safe" or unsafe)


def finding_lines(result: FileResult, unsafe: bool = False) -> list[str]:
    """A file name with a newline or bytes that are not UTF-8 is shown quoted and escaped
    (display_path): it can neither forge lines nor crash the output. With `unsafe`, each unsafe fix
    is followed by what it would do."""
    from .display import display_path, display_text

    path = display_path(result.path)
    out = []
    for f in result.findings:
        out.append(f"{path}:{f.line}:{f.column}: {f.rule}{mark(f, unsafe)} {display_text(f.message)}")
        if unsafe and applies(f, unsafe) and f.applicability != "safe" and f.fix_title:
            out.append(f"  unsafe fix: {display_text(f.fix_title)}")
    return out


def help_lines(results: Iterable[FileResult]) -> list[str]:
    """Each distinct help once, with its rule and how many findings it concerns."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in results:
        for f in r.findings:
            if f.help:
                counts[(f.rule, f.help)] += 1
    return [f"help: {rule} ({n} finding{'s' if n != 1 else ''}): {text}" for (rule, text), n in sorted(counts.items())]


def fixable_counts(results: Iterable[FileResult], unsafe: bool) -> tuple[int, int]:
    """(findings a run of `iacfix apply` with these settings would fix, findings only
    --unsafe-fixes would fix)."""
    now = hidden = 0
    for r in results:
        for f in r.findings:
            if applies(f, unsafe):
                now += 1
            elif f.fixable:
                hidden += 1
    return now, hidden


def unsafe_hint(hidden: int) -> str:
    return f"{hidden} more fixable with `--unsafe-fixes`" if hidden else ""


def statistics(results: Iterable[FileResult]) -> list[dict]:
    """Findings per rule, most frequent first (ties by rule id)."""
    from .rule_index import RULES

    titles = {t.id: (t.slug, t.title) for t in RULES}
    count: Counter[str] = Counter()
    fixable: Counter[str] = Counter()
    for r in results:
        for f in r.findings:
            count[f.rule] += 1
            fixable[f.rule] += bool(f.fixable)
    rows = []
    for rule, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])):
        slug, title = titles.get(rule, ("", ""))
        rows.append({"code": rule, "name": slug, "title": title, "count": n, "fixable": fixable[rule]})
    return rows


def statistics_lines(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    width = max(len(str(r["count"])) for r in rows)
    slug_w = max(len(r["name"]) for r in rows)
    out = []
    for r in rows:
        fix = "[*]" if r["fixable"] == r["count"] else ("[-]" if r["fixable"] else "   ")
        out.append(f"{r['count']:>{width}}  {r['code']}  {fix} {r['name']:<{slug_w}}  {r['title']}")
    return out


def fixes_lines(results: Iterable[FileResult]) -> list[str]:
    """What `apply` fixed, per file and rule (--show-fixes)."""
    from .rule_index import RULES

    slugs = {t.id: t.slug for t in RULES}
    out = []
    for r in results:
        if not r.applied:
            continue
        out.append(f"{r.path}:")
        for rule, n in sorted(Counter(a.rule for a in r.applied).items()):
            out.append(f"    {n} x {rule} ({slugs.get(rule, '')})")
    return out
