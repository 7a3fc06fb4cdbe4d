"""Summing per-input outcomes, and the reports: console text, JSON (streamed), HTML (html_report.py).

The JSON report holds one row per input; for millions of records the rows are spooled to a
temporary file while the batch runs and streamed into the report at the end, so memory stays flat.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from .records import Outcome

STATUSES = ("changed", "unchanged", "skipped", "failed")


@dataclass
class Summary:
    kind: str = ""  # tree / file / jsonl / parquet
    input: str = ""
    output: str | None = None
    dry_run: bool = False
    jobs: int = 1
    seen: int = 0
    by_status: Counter = field(default_factory=Counter)
    fixes: Counter = field(default_factory=Counter)  # transform id -> fixes applied
    inputs_fixed: Counter = field(default_factory=Counter)  # transform id -> inputs it changed
    findings_left: int = 0
    bytes_in: int = 0
    seconds_fixing: float = 0.0  # summed over inputs (CPU time across workers)
    wall_seconds: float = 0.0
    slowest_n: int = 10
    _slow: list = field(default_factory=list)  # min-heap of (seconds, seq, input)
    errors: list[tuple[str, str]] = field(default_factory=list)  # first few failures, for the console
    interrupted: bool = False
    copied: int = 0  # a folder's other files, copied to OUTPUT as they are

    def add(self, out: Outcome) -> None:
        self.seen += 1
        self.by_status[out.status] += 1
        for rule, n in out.fixes.items():
            self.fixes[rule] += n
            self.inputs_fixed[rule] += 1
        self.findings_left += out.findings
        self.bytes_in += out.bytes_in
        self.seconds_fixing += out.seconds
        if out.status == "failed" and len(self.errors) < 20:
            self.errors.append((out.input, out.error or "failed"))
        item = (out.seconds, self.seen, out.input)
        if len(self._slow) < self.slowest_n:
            heapq.heappush(self._slow, item)
        elif item > self._slow[0]:
            heapq.heapreplace(self._slow, item)

    @property
    def failed(self) -> int:
        return self.by_status["failed"]

    def slowest(self) -> list[dict[str, Any]]:
        return [{"input": i, "seconds": round(s, 4)} for s, _, i in sorted(self._slow, reverse=True)]

    def as_dict(self) -> dict[str, Any]:
        wall = self.wall_seconds or 1e-9
        return {
            "kind": self.kind,
            "input": self.input,
            "output": self.output,
            "dry_run": self.dry_run,
            "jobs": self.jobs,
            "interrupted": self.interrupted,
            "seen": self.seen,
            **{s: self.by_status[s] for s in STATUSES},
            "fixes": sum(self.fixes.values()),
            "fixes_per_transform": dict(sorted(self.fixes.items())),
            "inputs_changed_per_transform": dict(sorted(self.inputs_fixed.items())),
            "findings_left": self.findings_left,
            "copied": self.copied,
            "bytes": self.bytes_in,
            "wall_seconds": round(self.wall_seconds, 3),
            "inputs_per_second": round(self.seen / wall, 1),
            "mb_per_second": round(self.bytes_in / wall / 1e6, 3),
            "slowest": self.slowest(),
        }

    def text(self) -> str:
        d = self.as_dict()
        unit = "records" if self.kind in ("jsonl", "parquet") else "files"
        verb = "would change" if self.dry_run else "changed"
        lines = [
            f"{d['seen']} {unit} seen: {d['changed']} {verb}, {d['unchanged']} unchanged, "
            f"{d['skipped']} skipped, {d['failed']} failed"
            f" in {d['wall_seconds']:.2f}s ({d['inputs_per_second']} {unit}/s, {d['mb_per_second']} MB/s, -j {self.jobs})"
            + (" [interrupted]" if self.interrupted else ""),
        ]
        if self.copied:
            lines.append(f"{self.copied} other file(s) copied to the output as they are")
        if self.fixes:
            lines.append(f"{d['fixes']} fix(es):")
            for rule, n in sorted(self.fixes.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"  {rule}  {n:>7} fix(es) in {self.inputs_fixed[rule]} {unit}")
        if d["slowest"]:
            lines.append("slowest:")
            lines.extend(f"  {s['seconds']:8.4f}s  {s['input']}" for s in d["slowest"][:5])
        for inp, err in self.errors[:10]:
            lines.append(f"failed: {inp}: {err}")
        if self.failed > 10:
            lines.append(f"... and {self.failed - min(10, len(self.errors))} more failure(s) (see --report)")
        return "\n".join(lines)


class RowSpool:
    """Report rows written to a temporary file as they come, streamed into the report at the end."""

    def __init__(self, directory: str | None = None):
        fd, self.path = tempfile.mkstemp(prefix=".iacfix-report-", suffix=".jsonl", dir=directory)
        # Rows hold input-controlled text; a lone surrogate is written escaped, never a crash.
        self._fh = os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace")

    def add(self, out: Outcome) -> None:
        self._fh.write(json.dumps(out.row(), ensure_ascii=False) + "\n")

    def rows(self):
        self._fh.flush()
        with open(self.path, encoding="utf-8") as fh:
            for line in fh:
                yield line.rstrip("\n")

    def close(self) -> None:
        try:
            self._fh.close()
        finally:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def write_json_report(path: str | Path, summary: Summary, spool: RowSpool) -> None:
    """`{"summary": {...}, "records": [...]}`, written to a temporary file and renamed."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    from ..files import new_file_mode, signals_deferred

    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = new_file_mode()  # as any file the user's umask lets a program create, not mkstemp's 0600
    with signals_deferred():
        _write_json_report(target, summary, spool, mode)


def _write_json_report(target: Path, summary: Summary, spool: RowSpool, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".iacfix-tmp", dir=str(target.parent))
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write('{"summary": ')
            fh.write(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False))
            fh.write(',\n"records": [')
            first = True
            for row in spool.rows():
                fh.write(("\n" if first else ",\n") + row)
                first = False
            fh.write("\n]}\n")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_html_report(path: str | Path, summary: Summary, titles: dict[str, str], spool: RowSpool) -> None:
    """The page a cleaner works from (html_report.py): every record of the spool, its diff one
    click away; written to a temporary file and renamed, like the JSON report."""
    from ..files import new_file_mode, signals_deferred
    from .html_report import write_page

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = new_file_mode()

    def rows():
        for line in spool.rows():
            yield json.loads(line)

    with signals_deferred():
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".iacfix-tmp", dir=str(target.parent))
        try:
            os.fchmod(fd, mode)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
                write_page(fh, summary.as_dict(), rows(), titles, rows())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise


def echo(stream: TextIO, text: str) -> None:
    stream.write(text + "\n")
    stream.flush()
