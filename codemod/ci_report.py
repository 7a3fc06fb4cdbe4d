"""Findings for CI systems: GitHub workflow annotations, GitLab Code Quality, JUnit XML.

- `github`: one workflow command per finding (`::warning file=...,line=...::message`), which a
  GitHub Actions run turns into annotations on the pull request's diff.
- `gitlab`: the Code Quality report (a JSON array; `artifacts: reports: codequality:`), each issue
  with a fingerprint that stays the same while the finding does, so merge requests show what is
  new and what was fixed.
- `junit`: one test suite per file, one failed test case per finding (and one passing case for a
  file with none), for the test-report views of Jenkins, GitLab, Azure and others.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Any

from .engine import FileResult

# Severity of the rule -> the level each system knows.
_GITHUB_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "notice"}
_GITLAB_SEVERITY = {"critical": "critical", "high": "major", "medium": "minor", "low": "info"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(results: list[FileResult]) -> list[str]:
    """Workflow commands, as documented for GitHub Actions ("Setting an error message")."""
    from .rule_index import RULES

    slugs = {t.id: t.slug for t in RULES}
    out = []
    for r in results:
        for f in r.findings:
            level = _GITHUB_LEVEL.get(f.severity, "warning")
            props = [
                ("title", f"iacfix {f.rule} ({slugs.get(f.rule, '')})"),
                ("file", r.path),
                ("line", str(f.line)),
                ("col", str(f.column)),
                ("endLine", str(f.end_line)),
            ]
            if f.end_line == f.line:  # GitHub reads the columns only on a one-line span
                props.append(("endColumn", str(f.end_column)))
            head = ",".join(f"{k}={_gh_prop(v)}" for k, v in props)
            out.append(f"::{level} {head}::{_gh_data(f.full_message)}")
    return out


def gitlab_code_quality(results: list[FileResult]) -> list[dict[str, Any]]:
    """GitLab's Code Quality report: a list of issues (a subset of the Code Climate format)."""
    issues = []
    seen: Counter[tuple[str, str, str]] = Counter()
    for r in results:
        for f in r.findings:
            # Stable while the finding exists: not the line (edits above move it), but the file, the
            # rule, the message and which occurrence of that triple it is.
            key = (r.path, f.rule, f.message)
            seen[key] += 1
            fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()
            issues.append(
                {
                    "type": "issue",
                    "check_name": f.rule,
                    "description": f"{f.rule} {f.full_message}",
                    "categories": ["Bug Risk"],
                    "severity": _GITLAB_SEVERITY.get(f.severity, "minor"),
                    "fingerprint": fingerprint,
                    "location": {
                        "path": r.path,
                        "positions": {
                            "begin": {"line": f.line, "column": f.column},
                            "end": {"line": f.end_line, "column": f.end_column},
                        },
                    },
                }
            )
    return issues


def junit_xml(results: list[FileResult]) -> str:
    import xml.etree.ElementTree as ET

    total = sum(max(1, len(r.findings)) for r in results)
    failures = sum(len(r.findings) for r in results)
    root = ET.Element("testsuites", name="iacfix", tests=str(total), failures=str(failures), errors="0")
    for r in results:
        suite = ET.SubElement(
            root,
            "testsuite",
            name=r.path,
            tests=str(max(1, len(r.findings))),
            failures=str(len(r.findings)),
            errors="0",
            skipped="0",
        )
        if not r.findings:
            ET.SubElement(suite, "testcase", name="no findings", classname=r.path)
            continue
        for f in r.findings:
            case = ET.SubElement(
                suite, "testcase", name=f"{f.rule} at line {f.line}", classname=r.path, file=r.path, line=str(f.line)
            )
            fail = ET.SubElement(case, "failure", message=f.full_message, type=f.rule)
            fail.text = f"{r.path}:{f.line}:{f.column}: {f.rule} {f.full_message}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
