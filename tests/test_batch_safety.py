"""`iacfix batch` never loses or corrupts data: OUTPUT never overlaps the input, files it did not
create are not overwritten, every input field comes out as it went in (byte for byte in JSONL),
one bad record (deep, odd, or killing its worker) is one failed row, and bad datasets and usage
get one clear line (exit 2) before anything is written.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iacfix.batch.runner import BatchOptions, run_batch
from iacfix.cli import app
from iacfix.config import Config

TS = 'import * as aws from "@pulumi/aws";\n\nnew aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });\n'
MD = f"Here.\n\n```typescript\n{TS}```\n"


def invoke(*args: str):
    r = CliRunner().invoke(app, ["batch", *args], catch_exceptions=False)
    return r.exit_code, r.output + (r.stderr if r.stderr_bytes is not None else "")


def tree_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# ---- item 1: OUTPUT and the input ------------------------------------------------------------


def test_out_inside_the_input_tree_is_refused(tmp_path):
    q = tmp_path / "q"
    (q / "in").mkdir(parents=True)
    (q / "a.ts").write_text(TS)
    (q / "in" / "a.ts").write_text("// mine\n" + TS)
    before = tree_of(q)
    for out in (q / "in", q / "fixed", q):
        code, msg = invoke(str(q), "--out", str(out), "-j", "1")
        assert code == 2 and "overlaps the input folder" in msg, msg
    assert tree_of(q) == before  # nothing read as output, nothing overwritten


def test_out_holding_the_input_is_refused(tmp_path):
    (tmp_path / "data" / "in").mkdir(parents=True)
    (tmp_path / "data" / "in" / "a.ts").write_text(TS)
    code, msg = invoke(str(tmp_path / "data" / "in"), "--out", str(tmp_path / "data"), "-j", "1")
    assert code == 2 and "overlaps" in msg


def test_existing_output_files_are_not_overwritten_without_force(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    (src / "a.ts").write_text(TS)
    (src / "b.ts").write_text(TS)
    dst.mkdir()
    (dst / "a.ts").write_text("precious\n")
    code, msg = invoke(str(src), "--out", str(dst), "-j", "1")
    assert code == 2 and "already exist" in msg and "--force" in msg, msg
    assert (dst / "a.ts").read_text() == "precious\n" and not (dst / "b.ts").exists()
    code, msg = invoke(str(src), "--out", str(dst), "-j", "1", "--force")
    assert code == 0, msg
    assert "retentionInDays" in (dst / "a.ts").read_text()


def test_existing_dataset_output_is_not_overwritten_without_force(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"response": MD}) + "\n")
    dst.write_text("precious\n")
    code, msg = invoke(str(src), "--out", str(dst), "-j", "1")
    assert code == 2 and "already exists" in msg and dst.read_text() == "precious\n", msg
    assert invoke(str(src), "--out", str(dst), "-j", "1", "--force")[0] == 0
    assert json.loads(dst.read_text())["iacfix"]["status"] == "changed"


def test_single_file_out_into_its_own_folder_is_refused(tmp_path):
    f = tmp_path / "a.ts"
    f.write_text(TS)
    code, msg = invoke(str(f), "--out", str(tmp_path), "-j", "1")
    assert code == 2 and "input itself" in msg and f.read_text() == TS


def test_report_over_the_input_is_refused(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"response": MD}) + "\n")
    code, msg = invoke(str(src), "--out", str(tmp_path / "o.jsonl"), "--report", str(src), "-j", "1")
    assert code == 2 and "report" in msg and json.loads(src.read_text()) == {"response": MD}


# ---- items 2 and 3: every field kept -------------------------------------------------------


@pytest.mark.parametrize("name", ["status", "error", "changed", "applied", "findings"])
def test_fields_named_like_the_old_metadata_survive(tmp_path, name):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    rec = {"response": MD, name: {"mine": [1, 2]}}
    src.write_text(json.dumps(rec) + "\n")
    assert invoke(str(src), "--out", str(dst), "-j", "1")[0] == 0
    out = json.loads(dst.read_text())
    assert out[name] == {"mine": [1, 2]} and out["iacfix"]["status"] == "changed"


def test_metadata_field_collision_is_a_clear_error(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"response": MD, "iacfix": 1}) + "\n")
    code, msg = invoke(str(src), "--out", str(dst), "-j", "1")
    assert code == 2 and "'iacfix'" in msg and "--meta-field" in msg and not dst.exists()
    assert invoke(str(src), "--out", str(dst), "-j", "1", "--meta-field", "fix")[0] == 0
    out = json.loads(dst.read_text())
    assert out["iacfix"] == 1 and out["fix"]["status"] == "changed"


def test_a_later_record_with_a_colliding_field_is_copied_as_it_is(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    later = b'{"response": "x", "response_fixed": 7}\n'
    src.write_bytes(json.dumps({"response": MD}).encode() + b"\n" + later)
    code, msg = invoke(str(src), "--out", str(dst), "-j", "1")
    assert code == 1, msg
    assert dst.read_bytes().split(b"\n")[1] + b"\n" == later


def test_jsonl_fields_come_out_byte_for_byte(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    line = (b'{"big": 1e400, "pi": 3.14159265358979323846264338327950288, "dup": 1, "dup": 2, '
            b'"esc": "\\u00e9\\/", "nan": NaN, "response": ' + json.dumps(MD).encode() + b', "z": [ 1 ,2 ] }  ')
    bad = b'{"half": \xff\xfe not json\n'
    src.write_bytes(line + b"\n" + bad)
    code, msg = invoke(str(src), "--out", str(dst), "-j", "1")
    assert code == 1, msg  # the unparsable line is a failed row
    first, second, rest = dst.read_bytes().split(b"\n", 2)
    assert first.startswith(line.rstrip()[:-1])  # every input byte up to the closing brace
    assert first.endswith(b"}  ") and b'"iacfix": {' in first
    assert second + b"\n" == bad and rest == b""  # kept as raw bytes, not U+FFFD
    fixed = json.loads(first)["response_fixed"]
    assert "retentionInDays" in fixed


def test_parquet_columns_named_like_metadata_are_kept(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    table = pa.table({"response": [MD, "plain"], "status": ["a", "b"], "error": [1.5, 2.5],
                      "applied": [[1], [2, 3]]})
    pq.write_table(table, src)
    s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=1))
    assert s.seen == 2
    out = pq.read_table(dst)
    for name in table.column_names:
        assert out.column(name).equals(table.column(name)), name
    assert [m["status"] for m in out.column("iacfix").to_pylist()] == ["changed", "unchanged"]


# ---- item 9: any exception in one record is one failed row ------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_deeply_nested_record_is_one_failed_row(tmp_path, jobs):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    deep = b'{"response": "x", "d": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    good = json.dumps({"response": MD}).encode() + b"\n"
    src.write_bytes(good + deep + good)
    code, msg = invoke(str(src), "--out", str(dst), "-j", jobs)
    assert code == 1 and "Traceback" not in msg and "RecursionError" not in msg, msg[-2000:]
    lines = dst.read_bytes().split(b"\n")
    assert lines[1] + b"\n" == deep and json.loads(lines[2])["iacfix"]["status"] == "changed"


def test_an_exception_in_one_file_is_one_failed_row(tmp_path, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    for n in ("a", "b", "c"):
        (src / f"{n}.ts").write_text(TS.replace("logs", f"logs-{n}"))
    import iacfix.engine as engine

    real = engine.fix_text

    def boom(raw, *a, **k):
        if b"logs-b" in raw:
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, *a, **k)

    monkeypatch.setattr(engine, "fix_text", boom)
    s = run_batch(str(src), Config(), BatchOptions(dry_run=True, jobs=1))
    assert s.seen == 3 and s.failed == 1 and s.by_status["changed"] == 2


# ---- item 10: a worker killed by a signal ------------------------------------------------------


def _kill_on_marker(task):
    """A task function for the pool: SIGKILLs its own worker on the marked task."""
    if task == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    return task.upper()


def test_a_killed_worker_fails_its_task_and_the_batch_goes_on():
    from iacfix.batch.pool import Pool, TaskFailed

    pool = Pool(2, lambda: None, ())
    try:
        tasks = [f"t{i}" for i in range(20)] + ["die"] + [f"u{i}" for i in range(20)]
        got = list(pool.map(_kill_on_marker, tasks, 3))
    finally:
        pool.close()
    assert [t for t, _ in got] == tasks  # every task, in order
    results = dict(got)
    assert isinstance(results["die"], TaskFailed) and "SIGKILL" in results["die"].reason
    assert all(results[t] == t.upper() for t in tasks if t != "die")


_REAL_LINE_TASK = None


def _killing_line_task(t):
    if b"KILL" in t[1]:
        os.kill(os.getpid(), signal.SIGKILL)
    return _REAL_LINE_TASK(t)


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_batch_with_a_record_that_kills_its_worker(tmp_path, monkeypatch):
    global _REAL_LINE_TASK
    from iacfix.batch import runner

    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [json.dumps({"id": i, "response": "KILL" if i == 5 else MD}) for i in range(12)]
    src.write_text("\n".join(lines) + "\n")
    _REAL_LINE_TASK = runner._fix_line_task
    monkeypatch.setattr(runner, "_fix_line_task", _killing_line_task)  # workers are forked: they see it
    s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=2, chunksize=2))
    assert s.seen == 12 and s.failed == 1
    out = dst.read_bytes().split(b"\n")
    assert out[5].decode() == lines[5]  # copied as it is
    assert [json.loads(x)["id"] for i, x in enumerate(out[:12]) if i != 5] == [i for i in range(12) if i != 5]


# ---- item 13: Parquet that cannot be read, too many workers -----------------------------------


def test_not_parquet_is_one_clear_line(tmp_path):
    pytest.importorskip("pyarrow")
    src = tmp_path / "data.parquet"
    src.write_bytes(b"PAR1 this is not parquet at all")
    code, msg = invoke(str(src), "--out", str(tmp_path / "o.parquet"), "-j", "1")
    assert code == 2 and "not a readable Parquet file" in msg and "Traceback" not in msg, msg


def test_parquet_with_duplicate_column_names(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "dup.parquet"
    t = pa.Table.from_arrays([pa.array([MD]), pa.array(["x"])], names=["response", "response"])
    pq.write_table(t, src)
    code, msg = invoke(str(src), "--out", str(tmp_path / "o.parquet"), "-j", "1")
    assert code == 2 and "more than one column named 'response'" in msg, msg


def test_workers_are_capped_to_the_work(tmp_path, monkeypatch):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from iacfix.batch import pool as pool_mod

    started = []
    real = pool_mod.Pool.__init__

    def spy(self, jobs, *a, **k):
        started.append(jobs)
        real(self, jobs, *a, **k)

    monkeypatch.setattr(pool_mod.Pool, "__init__", spy)
    src = tmp_path / "two.parquet"
    pq.write_table(pa.table({"response": [MD, MD]}), src)
    s = run_batch(str(src), Config(), BatchOptions(out=str(tmp_path / "o.parquet"), jobs=300))
    assert s.seen == 2 and started == [2]


# ---- item 18: a field no record has, output format ----------------------------------------------


def test_field_absent_from_every_record_is_an_error(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"text": MD, "n": i}) for i in range(3)) + "\n")
    code, msg = invoke(str(src), "--out", str(tmp_path / "o.jsonl"), "-j", "1")
    assert code == 2 and "no record has a field 'response'" in msg and "text" in msg, msg
    assert not (tmp_path / "o.jsonl").exists()


def test_field_written_with_an_escape_is_found(tmp_path):
    src, dst = tmp_path / "in.jsonl", tmp_path / "o.jsonl"
    src.write_bytes(b'{"respons\\u0065": ' + json.dumps(MD).encode() + b"}\n")
    assert invoke(str(src), "--out", str(dst), "-j", "1")[0] == 0
    assert json.loads(dst.read_text())["iacfix"]["status"] == "changed"


def test_output_format_follows_the_out_extension_or_is_refused(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"response": [MD]}), src)
    code, msg = invoke(str(src), "--out", str(tmp_path / "x.jsonl"), "-j", "1")
    assert code == 2 and "Parquet" in msg and not (tmp_path / "x.jsonl").exists()
    js = tmp_path / "in.jsonl"
    js.write_text(json.dumps({"response": MD}) + "\n")
    code, msg = invoke(str(js), "--out", str(tmp_path / "x.parquet"), "-j", "1")
    assert code == 2 and "JSONL" in msg and not (tmp_path / "x.parquet").exists()


# ---- item 12: names that are not UTF-8 or hold a newline ----------------------------------------


def test_odd_file_names_in_a_report(tmp_path):
    src, dst, rep = tmp_path / "src", tmp_path / "dst", tmp_path / "r.json"
    src.mkdir()
    raw = os.fsencode(str(src)) + b"/caf\xe9.ts"
    with open(raw, "wb") as fh:
        fh.write(TS.encode())
    (src / "two\nlines.ts").write_text(TS)
    code, msg = invoke(str(src), "--out", str(dst), "--report", str(rep), "-j", "1")
    assert code == 0, msg
    inputs = sorted(row["input"] for row in json.loads(rep.read_text(encoding="utf-8"))["records"])
    assert inputs == ['"caf\\xe9.ts"', '"two\\nlines.ts"']
    assert os.path.exists(os.fsencode(str(dst)) + b"/caf\xe9.ts") and (dst / "two\nlines.ts").exists()


# ---- the empty folder ------------------------------------------------------------------------


def test_empty_folder_warns(tmp_path):
    (tmp_path / "empty").mkdir()
    code, msg = invoke(str(tmp_path / "empty"), "--dry-run", "-j", "1")
    assert code == 0 and "warning: no input found" in msg, msg


def _double(data: bytes) -> bytes:
    return data + data


def test_big_tasks_and_big_results_do_not_deadlock():
    """The parent sending a big chunk while a worker sends big results back must not wait forever
    (the shared corpus as JSONL hung this way)."""
    import threading

    from iacfix.batch.pool import Pool

    tasks = [bytes([i]) * 1_500_000 for i in range(8)]
    box: list = []

    def run() -> None:
        pool = Pool(2, lambda: None, ())
        try:
            box.append([r for _, r in pool.map(_double, tasks, 2)])
        finally:
            pool.close(abort=not box)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(120)
    assert not t.is_alive(), "deadlocked"
    assert box[0] == [x + x for x in tasks]


def test_in_place_on_a_hard_linked_dataset_is_refused(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"response": MD}) + "\n")
    os.link(src, tmp_path / "other.jsonl")
    code, msg = invoke(str(src), "--in-place", "-j", "1")
    assert code == 2 and "hard links" in msg
    assert json.loads(src.read_text()) == {"response": MD}


_REAL_FSYNC = os.fsync


def _fsync_or_die(fd):
    if os.path.basename(os.readlink(f"/proc/self/fd/{fd}")).startswith(".zap.ts."):
        os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer, in the middle of a write
    return _REAL_FSYNC(fd)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
def test_a_worker_killed_while_writing_leaves_no_temporary_file(tmp_path, monkeypatch):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    for n in ("a", "zap", "z"):
        (src / f"{n}.ts").write_text(TS)
    monkeypatch.setattr(os, "fsync", _fsync_or_die)  # workers are forked: they see it
    s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=2, chunksize=1))
    assert s.seen == 3 and s.failed == 1
    assert sorted(p.name for p in dst.iterdir()) == ["a.ts", "z.ts"]  # no .zap.ts.<pid>.*.iacfix-tmp
