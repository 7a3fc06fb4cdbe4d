"""Rendering results for people (diffs, finding lines) and machines (JSON, SARIF 2.1.0)."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from . import __version__
from .engine import FileResult
from .rules import all_transforms


def unified_diff(result: FileResult) -> str:
    """The change as a unified diff, made from the spans the edits changed (linear in the file)."""
    from . import diff

    path = result.path.lstrip("/")
    return diff.unified_diff(
        result.original, result.output, result.changes or None, fromfile=f"a/{path}", tofile=f"b/{path}"
    )


def print_diff(diff: str, stream: TextIO, color: bool) -> None:
    if not color:
        stream.write(diff)
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, highlight=False, soft_wrap=True)
    for line in diff.splitlines():
        style = None
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        elif line.startswith("@@"):
            style = "cyan"
        console.print(Text(line, style=style or ""))


def json_report(results: list[FileResult], unsafe: bool = False) -> dict[str, Any]:
    """Each finding says whether `iacfix apply` with the same settings makes its fix (`applies`):
    `check --unsafe-fixes` reports the unsafe fixes as made."""
    from .text_report import applies

    return {
        "version": __version__,
        "files": [
            {
                "path": r.path,
                "status": r.status,
                "error": r.error,
                "applied": [a.__dict__ for a in r.applied],
                "findings": [{**f.as_dict(), "applies": applies(f, unsafe)} for f in r.findings],
                "notes": [n.as_dict() for n in r.notes],
            }
            for r in results
        ],
    }


_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}


def sarif_report(results: list[FileResult]) -> dict[str, Any]:
    rules = []
    index = {}
    for i, cls in enumerate(all_transforms()):
        index[cls.id] = i
        rule: dict[str, Any] = {
            "id": cls.id,
            "name": cls.slug,
            "shortDescription": {"text": cls.title},
            "fullDescription": {"text": cls.doc.what},
            "help": {"text": f"{cls.doc.why}\n\nFix safety: {cls.doc.fix_safety}"},
            "defaultConfiguration": {"level": _LEVEL.get(cls.severity, "warning")},
            "properties": {"severity": cls.severity, "fix": cls.applicability.value},
        }
        uri = next((ref for ref in cls.doc.references if ref.startswith("https://")), None)
        if uri:
            rule["helpUri"] = uri
        rules.append(rule)
    out_results = []
    for r in results:
        for f in r.findings:
            res: dict[str, Any] = {
                "ruleId": f.rule,
                "level": _LEVEL.get(f.severity, "warning"),
                "message": {"text": f.full_message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": r.path},
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column,
                            },
                        }
                    }
                ],
            }
            if f.rule in index:
                res["ruleIndex"] = index[f.rule]
            if f.fixable and f.edits:
                res["fixes"] = [
                    {
                        "description": {"text": f.fix_title or f.message},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": r.path},
                                "replacements": [
                                    {
                                        "deletedRegion": {
                                            "byteOffset": e["start"],
                                            "byteLength": e["end"] - e["start"],
                                        },
                                        "insertedContent": {"text": e["text"]},
                                    }
                                    for e in f.edits
                                ],
                            }
                        ],
                    }
                ]
            out_results.append(res)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "iacfix", "version": __version__, "rules": rules}},
                "results": out_results,
            }
        ],
    }


def dump_json(obj: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    json.dump(obj, stream, indent=2)
    stream.write("\n")
