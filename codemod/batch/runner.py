"""Running a batch: folders, single files, JSONL and Parquet, on N worker processes, in order.

Work goes to a process pool in chunks with a bounded number of chunks in flight (so a dataset
of millions of records is streamed, never loaded), and results come back in input order. With
`jobs == 1` everything runs in this process, so a debugger works. Workers build their parsers
once (module-level caches in the front ends) and get the configuration once, at start-up.

Never losing a record:
- a folder is mirrored under OUTPUT, one file per input file (unchanged and failed ones copied
  as they are), each written atomically; `--resume` skips files already in OUTPUT (an output
  file exists only once it is complete);
- JSONL is appended, whole lines only, to `OUTPUT.iacfix-partial`, fsynced at every checkpoint,
  and renamed to OUTPUT at the end; `--resume` truncates the partial file after its last
  complete, parseable line and goes on from the next input record;
- Parquet is written to a temporary file and renamed at the end (no resume: a Parquet file is
  unreadable until its footer is written).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import signal
import sys
import time
from collections import deque
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..config import Config
from .records import META_FIELDS, Outcome, fix_record_outcome, fix_value, out_field_for
from .summary import RowSpool, Summary

PARTIAL_SUFFIX = ".iacfix-partial"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
CHECKPOINT_SECONDS = 2.0


class BatchError(Exception):
    """A usage problem found before any work started (exit 2)."""


@dataclass
class BatchOptions:
    out: str | None = None
    in_place: bool = False
    dry_run: bool = False
    jobs: int = 0  # 0: all cores
    resume: bool = False
    field: str = "response"
    language: str = "markdown"
    out_field: str | None = None
    chunksize: int = 0  # 0: chosen by input kind
    progress: bool = False
    slowest: int = 10
    on_outcome: Callable[[Outcome], None] | None = None  # e.g. a RowSpool's add
    parquet_batch_size: int = 1024
    extra: dict = dc_field(default_factory=dict)


def input_kind(path: str) -> str:
    p = Path(path)
    name = p.name.lower()
    if p.is_dir():
        return "tree"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "file"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------------------------
# Worker side
# --------------------------------------------------------------------------------------------

_W: dict[str, Any] = {}


def _init_worker(config: Config, opts: dict, ignore_sigint: bool) -> None:
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the pool
    _W["config"] = config
    _W.update(opts)


def _run_chunk(fn: Callable, chunk: list) -> list:
    return [fn(t) for t in chunk]


def _fix_file_task(task: tuple[str, str | None, str, bool]) -> Outcome:
    """Read one file, fix it, write the result to `dst` (or nothing for a dry run)."""
    from ..document import language_for
    from ..errors import InputError
    from ..files import atomic_write

    src, dst, name, in_place = task
    t0 = time.perf_counter()
    try:
        raw = Path(src).read_bytes()
    except OSError as exc:
        return Outcome(name, "failed", error=f"cannot read: {exc.strerror or exc}", seconds=time.perf_counter() - t0)
    language = language_for(src) or _W.get("language", "markdown")
    if raw.strip():
        output, out = fix_value(raw, language, _W["config"], name)
    else:
        output, out = raw, Outcome(name, "unchanged", bytes_in=len(raw))
    if dst is not None:
        data = output if out.status == "changed" else raw
        try:
            if in_place:
                if out.status == "changed":
                    atomic_write(dst, data, expected=raw)
            else:
                Path(dst).parent.mkdir(parents=True, exist_ok=True)
                atomic_write(dst, data)
                _copy_mode(src, dst)
        except InputError as exc:
            out.status, out.error = "failed", exc.reason
        except OSError as exc:
            out.status, out.error = "failed", f"cannot write {dst}: {exc.strerror or exc}"
    out.seconds = time.perf_counter() - t0
    return out


def _copy_mode(src: str, dst: str) -> None:
    try:
        shutil.copymode(src, dst)
    except OSError:
        pass


def _fix_line_task(task: tuple[int, bytes]) -> tuple[bytes, Outcome]:
    """One JSONL line in, one JSONL line out (decode and encode happen in the worker too)."""
    lineno, line = task
    name = f"{_W['input_name']}:{lineno}"
    field, target = _W["field"], out_field_for(_W["field"], _W["out_field"])
    try:
        record = json.loads(line)
    except ValueError as exc:
        out = Outcome(name, "failed", error=f"invalid JSON: {exc}", bytes_in=len(line))
        text = line.decode("utf-8", "replace").rstrip("\r\n")
        rec = {"_iacfix_raw": text, target: None, "changed": False, "applied": [], "findings": 0,
               "status": "failed", "error": out.error}
        return _dumps(rec), out
    rec, out = fix_record_outcome(record, _W["config"], field, _W["language"], _W["out_field"], name)
    return _dumps(rec), out


def _dumps(rec: dict) -> bytes:
    try:
        return (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them escaped, still valid JSON
        return (json.dumps(rec, ensure_ascii=True) + "\n").encode("ascii")


def _fix_record_task(task: tuple[str, dict]) -> tuple[dict, Outcome]:
    name, record = task
    return fix_record_outcome(record, _W["config"], _W["field"], _W["language"], _W["out_field"], name)


# --------------------------------------------------------------------------------------------
# Parent side
# --------------------------------------------------------------------------------------------


def _chunks(it: Iterable, size: int) -> Iterator[list]:
    buf: list = []
    for x in it:
        buf.append(x)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


class Pool:
    """Ordered, bounded parallel map. `jobs == 1` runs in this process."""

    def __init__(self, jobs: int, config: Config, opts: dict):
        self.jobs = jobs
        self._pool = None
        if jobs == 1:
            _init_worker(config, opts, ignore_sigint=False)
        else:
            method = "fork" if sys.platform.startswith("linux") else "spawn"
            ctx = mp.get_context(method)
            self._pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(config, opts, True))

    def map(self, fn: Callable, tasks: Iterable, chunksize: int) -> Iterator:
        if self._pool is None:
            for t in tasks:
                yield fn(t)
            return
        pending: deque = deque()
        limit = self.jobs * 8  # chunks in flight: slack for a slow one at the head, memory bounded
        for chunk in _chunks(tasks, chunksize):
            pending.append(self._pool.apply_async(_run_chunk, (fn, chunk)))
            while len(pending) >= limit or (pending and pending[0].ready()):
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self, abort: bool = False) -> None:
        if self._pool is None:
            return
        if abort:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()


def _progress(enabled: bool, total: int | None, unit: str):
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s")

    prog = Progress(TextColumn("iacfix batch"), BarColumn(), MofNCompleteColumn(), Rate(),
                    TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=False)
    prog.start()
    prog.add_task("fix", total=total)
    return prog


def run_batch(input_path: str, config: Config, opts: BatchOptions) -> Summary:
    """Run one batch; returns the summary. Raises BatchError for usage problems, and lets
    KeyboardInterrupt through after saving what was done (summary.interrupted is set first)."""
    kind = input_kind(input_path)
    if not Path(input_path).exists():
        raise BatchError(f"{input_path}: no such file or directory")
    jobs = opts.jobs or default_jobs()
    out = None if opts.dry_run else (input_path if opts.in_place else opts.out)
    if out is None and not opts.dry_run:
        raise BatchError("say where to write: --out OUTPUT (or --in-place, or --dry-run)")
    if out is not None and not opts.in_place and _same(input_path, out):
        raise BatchError("--out is the input itself: use --in-place to overwrite it")
    if opts.language not in ("markdown", "typescript", "python", "auto"):
        raise BatchError(f"--language must be markdown, typescript, python or auto, not {opts.language!r}")
    summary = Summary(kind=kind, input=input_path, output=out, dry_run=opts.dry_run, jobs=jobs,
                      slowest_n=opts.slowest)
    opts.extra["summary"] = summary  # reachable by the caller even when interrupted
    t0 = time.perf_counter()
    try:
        if kind in ("tree", "file"):
            _run_tree(input_path, out, kind, config, opts, jobs, summary)
        elif kind == "jsonl":
            _run_jsonl(input_path, out, config, opts, jobs, summary)
        else:
            _run_parquet(input_path, out, config, opts, jobs, summary)
    finally:
        summary.wall_seconds = time.perf_counter() - t0
    return summary


def _same(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _worker_opts(input_path: str, opts: BatchOptions) -> dict:
    return {"field": opts.field, "language": opts.language, "out_field": opts.out_field,
            "input_name": Path(input_path).name}


def _drive(pool_jobs: int, config: Config, wopts: dict, fn: Callable, tasks: Iterable, chunksize: int,
           total: int | None, unit: str, opts: BatchOptions, summary: Summary,
           sink: Callable[[Any], Outcome], checkpoint: Callable[[], None] | None = None) -> None:
    """Feed tasks to the pool; hand each result to `sink` in input order."""
    pool = Pool(pool_jobs, config, wopts)
    prog = _progress(opts.progress, total, unit)
    aborted = False
    last = time.monotonic()
    try:
        for res in pool.map(fn, tasks, chunksize):
            out = sink(res)
            summary.add(out)
            if opts.on_outcome is not None:
                opts.on_outcome(out)
            if prog is not None:
                prog.advance(prog.task_ids[0], 1)
            if checkpoint is not None and time.monotonic() - last > CHECKPOINT_SECONDS:
                checkpoint()
                last = time.monotonic()
    except BaseException:
        aborted = True
        summary.interrupted = True
        raise
    finally:
        if prog is not None:
            prog.stop()
        pool.close(abort=aborted)


def _auto_chunk(total: int, jobs: int) -> int:
    """Big enough to amortise the pickling, small enough that every worker gets work."""
    return max(1, min(32, total // (jobs * 4)))


# ---- folders and single files ---------------------------------------------------------------


def _run_tree(input_path: str, out: str | None, kind: str, config: Config, opts: BatchOptions, jobs: int,
              summary: Summary) -> None:
    from ..files import iter_inputs

    root = Path(input_path)
    entries: list[tuple[str, Any]] = list(iter_inputs([input_path], config))
    tasks: list[tuple[str, str | None, str, bool]] = []
    pre: dict[int, Outcome] = {}  # outcomes known without work, by position
    for i, (src, problem) in enumerate(entries):
        rel = os.path.relpath(src, root) if kind == "tree" else Path(src).name
        name = rel if kind == "tree" else src
        if problem is not None:
            pre[i] = Outcome(name, "failed", error=problem.reason)
            continue
        dst = None
        if out is not None:
            if opts.in_place:
                dst = src
            elif kind == "tree":
                dst = str(Path(out) / rel)
            else:
                dst = str(Path(out) / Path(src).name) if Path(out).is_dir() else out
            if opts.resume and not opts.in_place and Path(dst).exists():
                pre[i] = Outcome(name, "skipped", error="already in OUTPUT (--resume)")
                continue
        tasks.append((src, dst, name, opts.in_place))
    if out is not None and kind == "tree" and not opts.in_place:
        Path(out).mkdir(parents=True, exist_ok=True)
    pool_jobs = 1 if len(tasks) <= 1 else min(jobs, len(tasks))
    chunk = opts.chunksize or max(1, min(4, len(tasks) // (pool_jobs * 8)))  # files are heavy: balance
    _drive_collect(pool_jobs, config, _worker_opts(input_path, opts), _fix_file_task, tasks, chunk,
                   len(tasks), "files", opts, summary, pre, len(entries))


def _drive_collect(pool_jobs, config, wopts, fn, tasks, chunksize, total, unit, opts, summary, pre, n):
    """Like _drive, but with outcomes known up front (`pre`, by position) merged in walk order."""
    positions = (i for i in range(n) if i not in pre)
    nxt = [0]

    def flush_pre(upto: int) -> None:
        while nxt[0] < upto:
            if nxt[0] in pre:
                o = pre[nxt[0]]
                summary.add(o)
                if opts.on_outcome is not None:
                    opts.on_outcome(o)
            nxt[0] += 1

    def sink(o: Outcome) -> Outcome:
        pos = next(positions)
        flush_pre(pos)
        nxt[0] = pos + 1
        return o

    _drive(pool_jobs, config, wopts, fn, tasks, chunksize, total, unit, opts, summary, sink)
    flush_pre(n)


# ---- JSONL ------------------------------------------------------------------------------------


def _count_records(path: str) -> int:
    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                n += 1
    return n


def _iter_lines(path: str, skip: int) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, line) for every non-blank line after the first `skip` records."""
    seen = 0
    with open(path, "rb") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            seen += 1
            if seen <= skip:
                continue
            yield lineno, line


def recover_partial(partial: Path) -> int:
    """Truncate `partial` after its last complete, parseable line; return how many lines it keeps."""
    data = partial.read_bytes()
    end = data.rfind(b"\n") + 1  # 0 when there is no complete line
    keep = data[:end]
    lines = keep.splitlines()
    while lines:
        try:
            json.loads(lines[-1])
            break
        except ValueError:
            end -= len(lines[-1]) + 1
            lines.pop()
    with open(partial, "r+b") as fh:
        fh.truncate(max(end, 0))
        fh.flush()
        os.fsync(fh.fileno())
    return len(lines)


def _run_jsonl(input_path: str, out: str | None, config: Config, opts: BatchOptions, jobs: int,
               summary: Summary) -> None:
    skip = 0
    fh = None
    partial = None
    if out is not None:
        target = Path(out)
        if target.is_dir():
            target = target / Path(input_path).name
            summary.output = out = str(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        if opts.resume:
            if not partial.exists() and target.exists() and not opts.in_place:
                os.replace(target, partial)  # a finished output: every record in it counts as done
            if partial.exists():
                skip = recover_partial(partial)
        elif partial.exists():
            partial.unlink()
        fh = open(partial, "ab")
    for i in range(skip):
        summary.add(Outcome(f"{Path(input_path).name}:record {i + 1}", "skipped", error="already in OUTPUT (--resume)"))
    total = _count_records(input_path) - skip  # one cheap pass: the progress total and the chunk size

    def sink(res: tuple[bytes, Outcome]) -> Outcome:
        line, o = res
        if fh is not None:
            fh.write(line)
        return o

    def checkpoint() -> None:
        if fh is not None:
            fh.flush()
            os.fsync(fh.fileno())

    pool_jobs = max(1, min(jobs, total))
    chunk = opts.chunksize or _auto_chunk(total, pool_jobs)
    try:
        _drive(pool_jobs, config, _worker_opts(input_path, opts), _fix_line_task, _iter_lines(input_path, skip),
               chunk, total, "records", opts, summary, sink, checkpoint)
    finally:
        if fh is not None:
            checkpoint()
            fh.close()
    if partial is not None:
        os.replace(partial, out)


# ---- Parquet ----------------------------------------------------------------------------------


def _run_parquet(input_path: str, out: str | None, config: Config, opts: BatchOptions, jobs: int,
                 summary: Summary) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError("Parquet needs pyarrow: pip install 'iacfix[parquet]'") from None
    if opts.resume:
        sys.stderr.write("iacfix: note: --resume does not apply to Parquet output; starting over\n")
    src = pq.ParquetFile(input_path)
    target = out_field_for(opts.field, opts.out_field)
    in_schema = src.schema_arrow
    if opts.field not in in_schema.names:
        raise BatchError(f"{input_path}: no column {opts.field!r} (columns: {', '.join(in_schema.names)})")
    text_type = in_schema.field(opts.field).type
    added = [pa.field(target, text_type), pa.field("changed", pa.bool_()), pa.field("applied", pa.list_(pa.string())),
             pa.field("findings", pa.int64()), pa.field("status", pa.string()), pa.field("error", pa.string())]
    new_names = {f.name for f in added}
    schema = pa.schema([f for f in in_schema if f.name not in new_names] + added)
    writer = tmp = None
    if out is not None:
        tpath = Path(out)
        if tpath.is_dir():
            tpath = tpath / Path(input_path).name
            summary.output = out = str(tpath)
        tmp = tpath.with_name(tpath.name + PARTIAL_SUFFIX)
        writer = pq.ParquetWriter(str(tmp), schema)
    name = Path(input_path).name
    batch_size = opts.parquet_batch_size
    rows: list[dict] = []

    def tasks() -> Iterator[tuple[str, dict]]:
        i = 0
        for batch in src.iter_batches(batch_size=batch_size):
            for rec in batch.to_pylist():
                i += 1
                yield f"{name}:row {i}", rec

    def flush() -> None:
        if writer is not None and rows:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        rows.clear()

    def sink(res: tuple[dict, Outcome]) -> Outcome:
        rec, o = res
        if writer is not None:
            rows.append(rec)
            if len(rows) >= batch_size:
                flush()
        return o

    ok = False
    try:
        _drive(jobs, config, _worker_opts(input_path, opts), _fix_record_task, tasks(),
               opts.chunksize or _auto_chunk(src.metadata.num_rows, jobs),
               src.metadata.num_rows, "records", opts, summary, sink)
        flush()
        ok = True
    finally:
        if writer is not None:
            writer.close()
            if ok:
                os.replace(tmp, out)
            else:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


__all__ = ["BatchError", "BatchOptions", "META_FIELDS", "RowSpool", "Summary", "input_kind", "recover_partial",
           "run_batch"]
