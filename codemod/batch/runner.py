"""Running a batch: folders, single files, JSONL and Parquet, on N worker processes, in order.

Work goes to a process pool in chunks with a bounded number of chunks in flight (so a dataset
of millions of records is streamed, never loaded), and results come back in input order. With
`jobs == 1` everything runs in this process, so a debugger works. Workers build their parsers
once (module-level caches in the front ends) and get the configuration once, at start-up.

Never losing a record:
- OUTPUT may not overlap the input (inside it, or holding it), and a file the run did not create
  is never overwritten unless `--force` (`--resume` keeps what is there);
- a folder is mirrored under OUTPUT, one file per input file (unchanged and failed ones copied
  as they are), each written atomically; `--resume` skips files already in OUTPUT (an output
  file exists only once it is complete);
- JSONL is appended, whole lines only, to `OUTPUT.iacfix-partial`, fsynced at every checkpoint,
  and renamed to OUTPUT at the end; `--resume` truncates the partial file after its last
  complete, parseable line and goes on from the next input record. Each output line is its
  input line with two fields spliced in before the closing brace: every input byte is kept
  (numbers like 1e400, duplicate keys, escapes), and a line that is not a JSON object is copied
  as it is (a failed row in the report);
- Parquet is written to a temporary file and renamed at the end (no resume: a Parquet file is
  unreadable until its footer is written); the input columns are passed through as Arrow data,
  never converted to Python and back;
- any exception in one input, or a worker killed by a signal, makes that input a failed row
  (pool.py); the batch goes on.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from ..config import Config
from ..display import display_path
from .pool import Pool, PoolBroken, TaskFailed
from .records import META_FIELD, META_FIELDS, Outcome, collision, fix_field, fix_value, meta, out_field_for
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
    force: bool = False  # overwrite output files this run did not create
    field: str = "response"
    language: str = "markdown"
    out_field: str | None = None
    meta_field: str = META_FIELD
    chunksize: int = 0  # 0: chosen by input kind
    progress: bool = False
    slowest: int = 10
    on_outcome: Callable[[Outcome], None] | None = None  # e.g. a RowSpool's add
    # Folders: only the files these globs match (relative path, or file name for a glob
    # without '/'); the other files of the folder are copied to OUTPUT as they are.
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    id_field: str | None = None  # datasets: the field (column) naming each record in the reports
    details: bool = False  # per record, the diff (for --report / --html)
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


def _init_worker(config: Config, opts: dict) -> None:
    _W["config"] = config
    _W.update(opts)


def _fix_file_task(task: tuple[str, str | None, str, bool]) -> Outcome:
    """Read one file, fix it, write the result to `dst` (or nothing for a dry run)."""
    from ..document import language_for, read_regular_file
    from ..errors import InputError
    from ..files import atomic_write

    src, dst, name, in_place = task
    t0 = time.perf_counter()
    try:
        raw = read_regular_file(src)
    except InputError as exc:
        return Outcome(name, "failed", error=exc.reason, seconds=time.perf_counter() - t0)
    language = language_for(src) or _W.get("language", "markdown")
    if raw.strip():
        output, out = fix_value(raw, language, _W["config"], name, _W.get("details", False))
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
                atomic_write(dst, data, overwrite=_W.get("force", False))
                _copy_mode(src, dst)
        except InputError as exc:
            out.status, out.error = "failed", exc.reason
            out.applied, out.fixes = [], {}
        except OSError as exc:
            out.status, out.error = "failed", f"cannot write {display_path(dst)}: {exc.strerror or exc}"
            out.applied, out.fixes = [], {}
    out.seconds = time.perf_counter() - t0
    return out


def _copy_mode(src: str, dst: str) -> None:
    import shutil

    try:
        shutil.copymode(src, dst)
    except OSError:
        pass


def _json_member(key: str, value: Any) -> bytes:
    try:
        return (json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them escaped, still valid JSON
        return (json.dumps(key) + ": " + json.dumps(value)).encode("ascii")


def splice_members(line: bytes, nonempty: bool, members: list[tuple[str, Any]]) -> bytes:
    """The JSON object on `line` with `members` added before its closing brace; every byte of
    the input object is kept. The line keeps its own line ending (LF when it had none)."""
    text = line.rstrip(b"\r\n")
    eol = line[len(text) :] or b"\n"
    obj = text.rstrip(b" \t\r\n")
    assert obj.endswith(b"}"), "not a JSON object"
    added = b", ".join(_json_member(k, v) for k, v in members)
    return obj[:-1] + (b", " if nonempty else b"") + added + b"}" + text[len(obj) :] + eol


def _passthrough(line: bytes) -> bytes:
    return line if line.endswith(b"\n") else line + b"\n"


def _fix_line_task(task: tuple[int, bytes]) -> tuple[bytes, Outcome]:
    """One JSONL line in, one JSONL line out (decode and encode happen in the worker too)."""
    lineno, line = task
    name = f"{_W['input_name']}:{lineno}"
    field, target, meta_field = _W["field"], out_field_for(_W["field"], _W["out_field"]), _W["meta_field"]
    try:
        record = json.loads(line)
    except RecursionError:
        return _passthrough(line), Outcome(
            name, "failed", error="invalid JSON: nested too deeply to read; copied as it is", bytes_in=len(line)
        )
    except ValueError as exc:
        return _passthrough(line), Outcome(
            name, "failed", error=f"invalid JSON: {exc}; copied as it is", bytes_in=len(line)
        )
    if not isinstance(record, dict):
        return _passthrough(line), Outcome(
            name,
            "failed",
            bytes_in=len(line),
            error=f"record is not an object ({type(record).__name__}); copied as it is",
        )
    clash = collision(record, target, meta_field)
    if clash:
        return _passthrough(line), Outcome(name, "failed", error=f"{clash}; copied as it is", bytes_in=len(line))
    name = record_name(record.get(_W["id_field"]) if _W.get("id_field") else None, name)
    value, out = fix_field(record, _W["config"], field, _W["language"], name, _W.get("details", False))
    return splice_members(line, bool(record), [(target, value), (meta_field, meta(out))]), out


def _line_failed(task: tuple[int, bytes], why: str, input_name: str) -> tuple[bytes, Outcome]:
    lineno, line = task
    return _passthrough(line), Outcome(
        f"{input_name}:{lineno}", "failed", error=f"{why}; copied as it is", bytes_in=len(line)
    )


def _fix_cell_task(task: tuple[str, Any]) -> tuple[Any, dict, Outcome]:
    """One Parquet cell (the response) in: the fixed value and the metadata out."""
    name, value = task
    try:
        fixed, out = fix_value(value, _W["language"], _W["config"], name, _W.get("details", False))
    except Exception as exc:  # pool.call would too; here the row keeps its value
        fixed, out = value, Outcome(name, "failed", error=f"internal error: {type(exc).__name__}: {exc}")
    return fixed, meta(out), out


# --------------------------------------------------------------------------------------------
# Parent side
# --------------------------------------------------------------------------------------------


def _progress(enabled: bool, total: int | None, unit: str):
    if not enabled:
        return None
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s")

    prog = Progress(
        TextColumn("iacfix batch"),
        BarColumn(),
        MofNCompleteColumn(),
        Rate(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    )
    prog.start()
    prog.add_task("fix", total=total)
    return prog


def run_batch(input_path: str, config: Config, opts: BatchOptions) -> Summary:
    """Run one batch; returns the summary. Raises BatchError for usage problems, and lets
    KeyboardInterrupt through after saving what was done (summary.interrupted is set first)."""
    from ..document import _kind

    p = Path(input_path)
    if not p.exists():
        raise BatchError(f"{display_path(input_path)}: no such file or directory")
    mode = p.stat().st_mode
    import stat as stat_mod

    if not (stat_mod.S_ISDIR(mode) or stat_mod.S_ISREG(mode)):
        raise BatchError(f"{display_path(input_path)}: not a regular file ({_kind(mode)}); not read")
    kind = input_kind(input_path)
    jobs = opts.jobs or default_jobs()
    out = None if opts.dry_run else (input_path if opts.in_place else opts.out)
    if out is None and not opts.dry_run:
        raise BatchError("say where to write: --out OUTPUT (or --in-place, or --dry-run)")
    if out is not None and not opts.in_place:
        check_out(input_path, out, kind)
    if opts.in_place and kind in ("jsonl", "parquet") and p.stat().st_nlink > 1:
        raise BatchError(
            f"{display_path(input_path)}: has {p.stat().st_nlink} hard links: rewriting it in place "
            "would break them; write to --out instead"
        )
    if opts.language not in ("markdown", "typescript", "python", "auto"):
        raise BatchError(f"--language must be markdown, typescript, python or auto, not {opts.language!r}")
    if kind in ("jsonl", "parquet"):
        clash = collision((), out_field_for(opts.field, opts.out_field), opts.meta_field)
        if clash:
            raise BatchError(clash)
    summary = Summary(
        kind=kind,
        input=display_path(input_path),
        output=display_path(out) if out else None,
        dry_run=opts.dry_run,
        jobs=jobs,
        slowest_n=opts.slowest,
    )
    opts.extra["summary"] = summary  # reachable by the caller even when interrupted
    t0 = time.perf_counter()
    try:
        if kind in ("tree", "file"):
            _run_tree(input_path, out, kind, config, opts, jobs, summary)
        elif kind == "jsonl":
            _run_jsonl(input_path, out, config, opts, jobs, summary)
        else:
            _run_parquet(input_path, out, config, opts, jobs, summary)
    except PoolBroken as exc:
        raise BatchError(str(exc)) from None
    finally:
        summary.wall_seconds = time.perf_counter() - t0
    return summary


def _resolved(path: str | Path) -> Path:
    return Path(os.path.realpath(path))


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a in b.parents or b in a.parents


def check_out(input_path: str, out: str, kind: str) -> None:
    """Refuse an OUTPUT that is the input, lies inside the input folder or holds it (a run would
    overwrite inputs before reading them, or read its own output on the next run), or whose
    format is not the input's (iacfix does not convert between formats)."""
    inp, o = _resolved(input_path), _resolved(out)
    shown = display_path(out)
    if kind == "tree":
        if _overlap(inp, o):
            raise BatchError(
                f"--out {shown} overlaps the input folder {display_path(input_path)}: "
                "write it outside the input (or use --in-place)"
            )
        return
    target = o / inp.name if o.is_dir() else o
    if target == inp:
        raise BatchError(f"--out {shown} is the input itself: use --in-place to overwrite it")
    if o.is_dir():
        return
    name = o.name.lower()
    if kind == "jsonl" and not name.endswith(JSONL_SUFFIXES):
        raise BatchError(
            f"--out {shown}: the input is JSONL, so the output is too: name it .jsonl or .ndjson "
            "(or give an existing folder)"
        )
    if kind == "parquet" and not name.endswith(PARQUET_SUFFIXES):
        raise BatchError(
            f"--out {shown}: the input is Parquet, so the output is too: name it .parquet (or give an existing folder)"
        )
    if kind == "file":
        from ..document import language_for

        want, got = language_for(input_path), language_for(out)
        if name.endswith(JSONL_SUFFIXES + PARQUET_SUFFIXES) or (want and got and want != got):
            raise BatchError(
                f"--out {shown}: the input is one {want or 'markdown'} file, so is the output: "
                f"give it the input's extension ({Path(input_path).suffix}) or an existing folder"
            )


def check_report_path(report: str | Path, input_path: str, out: str | None) -> None:
    """A report may not overwrite the input or land inside the input folder or the output."""
    r = _resolved(report)
    for what, p in (("input", input_path), ("output", out)):
        if p is None:
            continue
        q = _resolved(p)
        if r == q or q in r.parents:
            raise BatchError(
                f"report {display_path(str(report))} would be written inside the {what} "
                f"{display_path(str(p))}: put it elsewhere"
            )


def record_name(value: Any, fallback: str) -> str:
    """A record's name in the reports: its --id-field value when it has a usable one (a string
    or a number), else where it is (`ds.jsonl:22`)."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or value == "":
        return fallback
    return display_path(str(value))


def _worker_opts(input_path: str, opts: BatchOptions) -> dict:
    return {
        "field": opts.field,
        "language": opts.language,
        "out_field": opts.out_field,
        "meta_field": opts.meta_field,
        "force": opts.force,
        "id_field": opts.id_field,
        "details": opts.details,
        "input_name": display_path(Path(input_path).name),
    }


def selected(rel: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> bool:
    """Whether a folder's file (its path relative to the folder, with '/') passes --include and
    --exclude. A glob with a '/' matches the relative path; one without, the file name (or a
    folder name on the way, for --exclude: `--exclude tests` leaves out everything under tests/)."""
    from fnmatch import fnmatchcase

    parts = rel.split("/")

    def hit(pattern: str, folders: bool) -> bool:
        if "/" in pattern:
            return fnmatchcase(rel, pattern) or fnmatchcase(rel, pattern.rstrip("/") + "/*")
        return fnmatchcase(parts[-1], pattern) or (folders and any(fnmatchcase(p, pattern) for p in parts[:-1]))

    if include and not any(hit(p, folders=False) for p in include):
        return False
    return not any(hit(p, folders=True) for p in exclude)


def _drive(
    pool_jobs: int,
    config: Config,
    wopts: dict,
    fn: Callable,
    tasks: Iterable,
    chunksize: int,
    total: int | None,
    unit: str,
    opts: BatchOptions,
    summary: Summary,
    sink: Callable[[Any, Any], Outcome],
    checkpoint: Callable[[], None] | None = None,
    on_death: Callable[[list, int], None] | None = None,
) -> None:
    """Feed tasks to the pool; hand each (task, result) to `sink` in input order. A result may be
    a TaskFailed (the task raised, or its worker died): `sink` turns it into a failed row."""
    pool = Pool(pool_jobs, _init_worker, (config, wopts))
    prog = _progress(opts.progress, total, unit)
    aborted = False
    last = time.monotonic()
    try:
        for task, res in pool.map(fn, tasks, chunksize, on_death):
            out = sink(task, res)
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


def _run_tree(
    input_path: str, out: str | None, kind: str, config: Config, opts: BatchOptions, jobs: int, summary: Summary
) -> None:
    from ..files import iter_inputs

    root = Path(input_path)
    entries: list[tuple[str, Any]] = list(iter_inputs([input_path], config))
    if kind == "tree" and (opts.include or opts.exclude):
        entries = [
            (src, problem)
            for src, problem in entries
            if selected(Path(os.path.relpath(src, root)).as_posix(), opts.include, opts.exclude)
        ]
    tasks: list[tuple[str, str | None, str, bool]] = []
    pre: dict[int, Outcome] = {}  # outcomes known without work, by position
    existing: list[str] = []
    for i, (src, problem) in enumerate(entries):
        rel = os.path.relpath(src, root) if kind == "tree" else Path(src).name
        name = display_path(rel if kind == "tree" else src)
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
            if not opts.in_place and (Path(dst).exists() or Path(dst).is_symlink()):
                if opts.resume:
                    pre[i] = Outcome(name, "skipped", error="already in OUTPUT (--resume)")
                    continue
                if not opts.force:
                    existing.append(dst)
        tasks.append((src, dst, name, opts.in_place))
    copies: list[tuple[str, str]] = []
    if out is not None and kind == "tree" and not opts.in_place:
        # The files not fixed (not inputs, or left out by --include/--exclude/exclude) go to
        # OUTPUT as they are: the output is the whole dataset, not only the files iacfix read.
        inputs = {os.path.abspath(src) for src, _ in entries}
        for src, rel in _other_files(root, inputs):
            dst = str(Path(out) / rel)
            if Path(dst).exists() or Path(dst).is_symlink():
                if opts.resume:
                    continue
                if not opts.force:
                    existing.append(dst)
            copies.append((src, dst))
    if existing:
        raise BatchError(
            f"--out {display_path(out or '')}: {len(existing)} output file(s) already exist "
            f"(e.g. {display_path(existing[0])}); not overwriting files this run did not create: "
            "--resume keeps them, --force overwrites them"
        )
    if out is not None and kind == "tree" and not opts.in_place:
        Path(out).mkdir(parents=True, exist_ok=True)
    pool_jobs = 1 if len(tasks) <= 1 else min(jobs, len(tasks))
    chunk = opts.chunksize or max(1, min(4, len(tasks) // (pool_jobs * 8)))  # files are heavy: balance

    def failed(task, res: TaskFailed) -> Outcome:
        return Outcome(task[2], "failed", error=res.reason)

    def on_death(unfinished: list, pid: int) -> None:
        from ..files import remove_stale_temp

        for _src, dst, _name, _ in unfinished:  # a worker killed while writing: its temporary file
            if dst is not None:
                remove_stale_temp(dst, pid)

    _drive_collect(
        pool_jobs,
        config,
        _worker_opts(input_path, opts),
        _fix_file_task,
        tasks,
        chunk,
        len(tasks),
        "files",
        opts,
        summary,
        pre,
        len(entries),
        failed,
        on_death,
    )
    for src, dst in copies:
        _copy_as_is(src, dst, opts.force)
    summary.copied = len(copies)


# Version-control metadata is not part of a dataset.
_NOT_COPIED = {".git", ".hg", ".svn"}


def _other_files(root: Path, inputs: set[str]) -> Iterator[tuple[str, str]]:
    """(path, path relative to root) of every regular file under `root` that is not an input,
    in a stable order. Links are followed only to files inside the tree."""
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in _NOT_COPIED)
        for name in sorted(filenames):
            src = os.path.join(dirpath, name)
            if os.path.abspath(src) in inputs:
                continue
            if os.path.islink(src):
                target = Path(src).resolve()
                if not target.is_file() or not target.is_relative_to(real_root):
                    continue
            elif not os.path.isfile(src):
                continue  # sockets, fifos, devices: not data
            yield src, os.path.relpath(src, root)


def _copy_as_is(src: str, dst: str, overwrite: bool) -> None:
    """Copy `src` to `dst` byte for byte (and its mode), through a temporary file renamed into place."""
    import shutil
    import tempfile

    target = Path(dst)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and (target.exists() or target.is_symlink()):
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".iacfix-tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh, open(src, "rb") as fin:
            shutil.copyfileobj(fin, fh, 1 << 20)
        shutil.copymode(src, tmp)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _drive_collect(
    pool_jobs, config, wopts, fn, tasks, chunksize, total, unit, opts, summary, pre, n, failed, on_death=None
):
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

    def sink(task, o) -> Outcome:
        pos = next(positions)
        flush_pre(pos)
        nxt[0] = pos + 1
        return failed(task, o) if isinstance(o, TaskFailed) else o

    _drive(pool_jobs, config, wopts, fn, tasks, chunksize, total, unit, opts, summary, sink, on_death=on_death)
    flush_pre(n)


# ---- JSONL ------------------------------------------------------------------------------------


def _scan_records(path: str, field: str) -> tuple[int, bool]:
    """(number of records, whether any record may have `field`) in one cheap pass over the bytes;
    only when no line holds the key as written does it parse lines to be sure (escaped keys)."""
    needle = json.dumps(field, ensure_ascii=False).encode("utf-8", "surrogatepass")
    n = 0
    seen = False
    with open(path, "rb") as fh:
        for line in fh:
            if line.strip():
                n += 1
                seen = seen or needle in line
    if seen or n == 0:
        return n, True
    with open(path, "rb") as fh:
        for line in fh:
            if b"\\u" in line:
                try:
                    rec = json.loads(line)
                except (ValueError, RecursionError):
                    continue
                if isinstance(rec, dict) and field in rec:
                    return n, True
    return n, False


def _first_record(path: str) -> dict | None:
    with open(path, "rb") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(rec, dict):
                return rec
    return None


def _first_fields(path: str) -> str:
    rec = _first_record(path)
    if rec is None:
        return "no record is a JSON object"
    names = ", ".join(display_path(k) for k in list(rec)[:12])
    return f"the first record's fields: {names or '(none)'}"


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
    lines = keep.split(b"\n")[:-1] if end else []
    while lines:
        try:
            json.loads(lines[-1])
            break
        except (ValueError, RecursionError):
            end -= len(lines[-1]) + 1
            lines.pop()
    with open(partial, "r+b") as fh:
        fh.truncate(max(end, 0))
        fh.flush()
        os.fsync(fh.fileno())
    return len(lines)


def _dataset_target(input_path: str, out: str, summary: Summary) -> Path:
    target = Path(out)
    if target.is_dir():
        target = target / Path(input_path).name
        summary.output = display_path(str(target))
    return target


def _run_jsonl(
    input_path: str, out: str | None, config: Config, opts: BatchOptions, jobs: int, summary: Summary
) -> None:
    total, has_field = _scan_records(input_path, opts.field)
    if not has_field:
        raise BatchError(
            f"{display_path(input_path)}: no record has a field {opts.field!r} "
            f"({_first_fields(input_path)}): name the field with --field"
        )
    first = _first_record(input_path)
    clash = collision(first or {}, out_field_for(opts.field, opts.out_field), opts.meta_field)
    if clash:  # found on the first record: refused before anything is written (later ones: failed rows)
        raise BatchError(f"{display_path(input_path)}: {clash}")
    skip = 0
    fh = None
    partial = target = None
    if out is not None:
        target = _dataset_target(input_path, out, summary)
        partial = target.with_name(target.name + PARTIAL_SUFFIX)
        if not opts.in_place and not opts.resume and not opts.force:
            for p in (target, partial):
                if p.exists():
                    extra = " (an interrupted run: --resume goes on from it)" if p == partial else ""
                    raise BatchError(
                        f"{display_path(str(p))} already exists{extra}; not overwriting a file "
                        "this run did not create: --force overwrites it"
                    )
        target.parent.mkdir(parents=True, exist_ok=True)
        if opts.resume:
            if not partial.exists() and target.exists() and not opts.in_place:
                os.replace(target, partial)  # a finished output: every record in it counts as done
            if partial.exists():
                skip = recover_partial(partial)
        elif partial.exists():
            partial.unlink()
        fh = open(partial, "ab")
    for i in range(skip):
        summary.add(
            Outcome(
                f"{display_path(Path(input_path).name)}:record {i + 1}", "skipped", error="already in OUTPUT (--resume)"
            )
        )
    total -= skip

    wopts = _worker_opts(input_path, opts)

    def sink(task, res) -> Outcome:
        line, o = _line_failed(task, res.reason, wopts["input_name"]) if isinstance(res, TaskFailed) else res
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
        _drive(
            pool_jobs,
            config,
            wopts,
            _fix_line_task,
            _iter_lines(input_path, skip),
            chunk,
            total,
            "records",
            opts,
            summary,
            sink,
            checkpoint,
        )
    finally:
        if fh is not None:
            checkpoint()
            fh.close()
    if partial is not None and target is not None:
        if opts.in_place:
            _keep_input_metadata(input_path, partial)
        os.replace(partial, target)


def _keep_input_metadata(original: str, new: Path) -> None:
    """--in-place on a dataset: the rewritten file keeps the input's mode, owner and attributes."""
    from ..files import keep_metadata

    fd = os.open(new, os.O_RDONLY)
    try:
        keep_metadata(fd, Path(original), original)
    finally:
        os.close(fd)


# ---- Parquet ----------------------------------------------------------------------------------


def _run_parquet(
    input_path: str, out: str | None, config: Config, opts: BatchOptions, jobs: int, summary: Summary
) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError("Parquet needs pyarrow: pip install 'iacfix[parquet]'") from None
    shown = display_path(input_path)
    try:
        src = pq.ParquetFile(input_path)
        in_schema = src.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise BatchError(f"{shown}: not a readable Parquet file ({exc})") from None
    names = in_schema.names
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise BatchError(f"{shown}: more than one column named {dupes[0]!r}; iacfix cannot tell them apart")
    if opts.field not in names:
        raise BatchError(f"{shown}: no column {opts.field!r} (columns: {', '.join(names)}): name it with --field")
    if opts.id_field and opts.id_field not in names:
        raise BatchError(f"{shown}: no column {opts.id_field!r} for --id-field (columns: {', '.join(names)})")
    target_field = out_field_for(opts.field, opts.out_field)
    clash = collision(names, target_field, opts.meta_field)
    if clash:
        raise BatchError(f"{shown}: {clash}")
    if opts.resume:
        sys.stderr.write("iacfix: note: --resume does not apply to Parquet output; starting over\n")
    text_type = in_schema.field(opts.field).type
    meta_type = pa.struct(
        [
            pa.field("changed", pa.bool_()),
            pa.field("applied", pa.list_(pa.string())),
            pa.field("findings", pa.int64()),
            pa.field("status", pa.string()),
            pa.field("error", pa.string()),
        ]
    )
    schema = in_schema.append(pa.field(target_field, text_type)).append(pa.field(opts.meta_field, meta_type))
    writer = tmp = tpath = None
    if out is not None:
        tpath = _dataset_target(input_path, out, summary)
        if tpath.exists() and not opts.force and not opts.in_place:
            raise BatchError(
                f"{display_path(str(tpath))} already exists; not overwriting a file this run did not "
                "create: --force overwrites it"
            )
        tmp = tpath.with_name(tpath.name + PARTIAL_SUFFIX)
        writer = pq.ParquetWriter(str(tmp), schema)
    name = display_path(Path(input_path).name)
    held: list = []  # input batches whose rows are in flight, oldest first
    col: list[Any] = []
    metas: list[dict] = []
    num_rows = src.metadata.num_rows

    def tasks() -> Iterator[tuple[str, Any]]:
        i = 0
        for batch in src.iter_batches(batch_size=opts.parquet_batch_size):
            held.append(batch)
            ids = batch.column(opts.id_field).to_pylist() if opts.id_field else None
            for j, value in enumerate(batch.column(opts.field).to_pylist()):
                i += 1
                yield record_name(ids[j] if ids else None, f"{name}:row {i}"), value

    def flush_ready() -> None:
        while held and len(col) >= held[0].num_rows:
            batch = held.pop(0)
            n = batch.num_rows
            if writer is not None:
                arrays = list(batch.columns) + [pa.array(col[:n], type=text_type), pa.array(metas[:n], type=meta_type)]
                writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            del col[:n], metas[:n]

    def sink(task, res) -> Outcome:
        if isinstance(res, TaskFailed):
            o = Outcome(task[0], "failed", error=res.reason)
            fixed, m = task[1], meta(o)
        else:
            fixed, m, o = res
        col.append(fixed)
        metas.append(m)
        flush_ready()
        return o

    ok = False
    pool_jobs = max(1, min(jobs, num_rows))
    try:
        try:
            _drive(
                pool_jobs,
                config,
                _worker_opts(input_path, opts),
                _fix_cell_task,
                tasks(),
                opts.chunksize or _auto_chunk(num_rows, pool_jobs),
                num_rows,
                "records",
                opts,
                summary,
                sink,
            )
        except (pa.ArrowException, OSError) as exc:
            raise BatchError(f"{shown}: cannot read it to the end ({exc}); nothing written") from None
        flush_ready()
        ok = True
    finally:
        if writer is not None and tmp is not None and tpath is not None:
            writer.close()
            if ok:
                if opts.in_place:
                    _keep_input_metadata(input_path, tmp)
                os.replace(tmp, tpath)
            else:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass


__all__ = [
    "BatchError",
    "BatchOptions",
    "META_FIELDS",
    "RowSpool",
    "Summary",
    "check_out",
    "check_report_path",
    "input_kind",
    "recover_partial",
    "run_batch",
    "splice_members",
]
