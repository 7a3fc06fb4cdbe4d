"""`iacfix batch` and `iacfix.batch`: records, folders, JSONL, Parquet, reports, resume, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from iacfix.batch import META_FIELD, META_FIELDS, fix_record
from iacfix.batch.runner import PARTIAL_SUFFIX, BatchOptions, recover_partial, run_batch
from iacfix.cli import app
from iacfix.config import Config

TS = 'import * as aws from "@pulumi/aws";\n\nnew aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });\n'
PY = 'import pulumi_aws as aws\n\naws.cloudwatch.LogGroup("logs", name="/ecs/api")\n'
MD = f"Here is the program.\n\n```typescript\n{TS}```\n\nDone.\n"
PLAIN_MD = "# Nothing to fix\n\nJust words.\n"

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["batch", *args], catch_exceptions=False)


def records(n: int = 12) -> list[dict]:
    out = []
    for i in range(n):
        kind = i % 4
        text = {0: MD, 1: PLAIN_MD, 2: MD.replace("/ecs/api", f"/ecs/api-{i}"), 3: TS}[kind]
        out.append({"id": i, "response": text, "meta": {"k": i}})
    return out


def write_jsonl(path: Path, recs: list, extra_lines: dict[int, str] | None = None) -> None:
    lines = [json.dumps(r) for r in recs]
    for pos, raw in sorted((extra_lines or {}).items()):
        lines.insert(pos, raw)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


# ---- fix_record ------------------------------------------------------------------------------


def test_fix_record_keeps_fields_and_adds_results():
    rec = {"id": 7, "response": MD, "other": [1, 2]}
    out = fix_record(rec, Config())
    assert out["id"] == 7 and out["other"] == [1, 2] and out["response"] == MD
    assert set(out) == {"id", "response", "other", "response_fixed", META_FIELD}
    m = out[META_FIELD]
    assert set(m) == set(META_FIELDS)
    assert m["status"] == "changed" and m["changed"] is True and m["error"] is None
    assert "IAC005" in m["applied"] and m["applied"] == sorted(set(m["applied"]))
    assert "retentionInDays" in out["response_fixed"]
    assert isinstance(m["findings"], int)
    assert rec == {"id": 7, "response": MD, "other": [1, 2]}  # input untouched


def test_fix_record_bare_code_and_out_field():
    out = fix_record({"code": TS}, Config(), field="code", language="typescript", out_field="fixed")
    assert out["iacfix"]["status"] == "changed" and "retentionInDays" in out["fixed"]
    assert fix_record({"code": TS}, Config(), field="code", language="auto")["iacfix"]["status"] == "changed"


def test_fix_record_unchanged_skipped_failed():
    assert fix_record({"response": PLAIN_MD})["iacfix"]["status"] == "unchanged"
    miss = fix_record({"x": 1})
    assert miss["iacfix"]["status"] == "skipped" and "response" in miss["iacfix"]["error"] and miss["response_fixed"] is None
    empty = fix_record({"response": "   "})
    assert empty["iacfix"]["status"] == "skipped"
    bad = fix_record({"response": 42})
    assert bad["iacfix"]["status"] == "failed" and "expected text" in bad["iacfix"]["error"] and bad["response_fixed"] == 42
    surrogate = fix_record({"response": "```ts\nconst a = '\ud800';\n```\n"})
    assert surrogate["iacfix"]["status"] == "failed" and surrogate["iacfix"]["changed"] is False


def test_fix_record_is_picklable_and_parsers_are_cached():
    import pickle

    from iacfix.frontends import typescript

    pickle.dumps(fix_record)
    fix_record({"response": MD})
    p1 = typescript.parser()
    fix_record({"response": MD})
    assert typescript.parser() is p1  # built once per process, never per record


# ---- JSONL -----------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_order_count_fields_and_report(tmp_path, jobs):
    recs = records(13)
    src, dst, rep = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "r.json"
    write_jsonl(src, recs, {5: "{not json", 9: ""})
    r = invoke(str(src), "--out", str(dst), "-j", jobs, "--report", str(rep), "--chunksize", "2")
    assert r.exit_code == 1, r.output  # the bad line is a failed record
    lines = [ln for ln in dst.read_bytes().split(b"\n") if ln.strip()]
    assert len(lines) == 14  # 13 records + the bad line; the blank line is not a record
    assert lines[5] == b"{not json"  # copied as it is: the count and the bytes are kept
    out = [json.loads(ln) for i, ln in enumerate(lines) if i != 5]
    assert [o["id"] for o in out] == list(range(13))
    for o, rec in zip(out, recs):
        assert {k: o[k] for k in rec} == rec
        assert o["iacfix"]["changed"] == (o["iacfix"]["status"] == "changed")
    assert {o["iacfix"]["status"] for o in out} == {"changed", "unchanged"}
    report = json.loads(rep.read_text())
    assert report["summary"]["seen"] == 14 and len(report["records"]) == 14
    assert report["summary"]["failed"] == 1
    assert report["records"][5]["status"] == "failed" and "invalid JSON" in report["records"][5]["error"]
    assert report["summary"]["changed"] + report["summary"]["unchanged"] == 13
    statuses = [o["iacfix"]["status"] for o in out]
    assert [row["status"] for row in report["records"]] == statuses[:5] + ["failed"] + statuses[5:]
    assert set(report["records"][0]) >= {"input", "status", "applied", "error"}
    assert report["summary"]["fixes_per_transform"]["IAC005"] >= 1
    assert not dst.with_name(dst.name + PARTIAL_SUFFIX).exists()


def test_jsonl_fixing_output_again_changes_nothing(tmp_path):
    src, dst, again = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "again.jsonl"
    write_jsonl(src, records(8))
    assert invoke(str(src), "--out", str(dst), "-j", "2").exit_code == 0
    r = invoke(str(dst), "--out", str(again), "--field", "response_fixed", "--out-field", "twice", "-j", "1")
    assert r.exit_code == 2 and "'iacfix'" in r.output and "--meta-field" in r.output  # never overwritten
    r = invoke(str(dst), "--out", str(again), "--field", "response_fixed", "--out-field", "twice", "-j", "1",
               "--meta-field", "iacfix2")
    assert r.exit_code == 0, r.output
    for o in read_jsonl(again):
        assert o["iacfix2"]["status"] in ("unchanged", "skipped") and o["twice"] == o["response_fixed"]


def test_jsonl_dry_run_writes_nothing(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, records(4))
    r = invoke(str(src), "--dry-run", "-j", "1")
    assert r.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
    assert "4 records seen" in r.output


def test_jsonl_needs_out(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, records(2))
    r = invoke(str(src))
    assert r.exit_code == 2 and "--out" in r.output
    assert invoke(str(src), "--out", str(src)).exit_code == 2


def test_jsonl_in_place(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, records(4))
    assert invoke(str(src), "--in-place", "-j", "1").exit_code == 0
    out = read_jsonl(src)
    assert len(out) == 4 and all("response_fixed" in o for o in out)


def test_recover_partial_drops_half_written_line(tmp_path):
    p = tmp_path / "x.partial"
    p.write_bytes(b'{"a": 1}\n{"a": 2}\n{"a": 3, "b"')
    assert recover_partial(p) == 2
    assert p.read_bytes() == b'{"a": 1}\n{"a": 2}\n'
    p.write_bytes(b'{"a": 1}\n{"a": 2\n')  # a complete line that is not JSON is not trusted
    assert recover_partial(p) == 1
    assert p.read_bytes() == b'{"a": 1}\n'


def test_jsonl_resume_after_interruption(tmp_path):
    recs = records(10)
    src, full, part = tmp_path / "in.jsonl", tmp_path / "full.jsonl", tmp_path / "part.jsonl"
    write_jsonl(src, recs)
    assert invoke(str(src), "--out", str(full), "-j", "1").exit_code == 0
    lines = full.read_bytes().splitlines(keepends=True)
    # An interrupted run: 4 complete lines and half of the fifth, never renamed.
    partial = part.with_name(part.name + PARTIAL_SUFFIX)
    partial.write_bytes(b"".join(lines[:4]) + lines[4][:20])
    rep = tmp_path / "r.json"
    r = invoke(str(src), "--out", str(part), "--resume", "-j", "2", "--report", str(rep))
    assert r.exit_code == 0, r.output
    assert part.read_bytes() == full.read_bytes()
    summary = json.loads(rep.read_text())["summary"]
    assert summary["skipped"] == 4 and summary["seen"] == 10
    # Resuming a finished output redoes nothing.
    r = invoke(str(src), "--out", str(part), "--resume", "-j", "1", "--report", str(rep))
    assert r.exit_code == 0 and part.read_bytes() == full.read_bytes()
    assert json.loads(rep.read_text())["summary"]["skipped"] == 10


def test_interrupt_leaves_only_whole_lines(tmp_path, monkeypatch):
    """Ctrl-C in the middle: the partial file holds complete records only, and --resume finishes."""
    from iacfix.batch import runner as runner_mod

    recs = records(9)
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    write_jsonl(src, recs)
    real = runner_mod._fix_line_task
    calls = {"n": 0}

    def flaky(task):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(runner_mod, "_fix_line_task", flaky)
    with pytest.raises(KeyboardInterrupt):
        run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=1))
    partial = dst.with_name(dst.name + PARTIAL_SUFFIX)
    assert not dst.exists() and partial.exists()
    assert len(read_jsonl(partial)) == 5 and partial.read_bytes().endswith(b"\n")
    monkeypatch.setattr(runner_mod, "_fix_line_task", real)
    s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=1, resume=True))
    assert s.by_status["skipped"] == 5 and s.seen == 9
    assert [o["id"] for o in read_jsonl(dst)] == list(range(9))


# ---- folders ---------------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    (root / "a" / "b").mkdir(parents=True)
    (root / "skipme").mkdir()
    (root / "a" / "MODEL_RESPONSE.md").write_text(MD)
    (root / "a" / "b" / "index.ts").write_text(TS)
    (root / "a" / "b" / "main.py").write_text(PY)
    (root / "plain.md").write_text(PLAIN_MD)
    (root / "skipme" / "x.ts").write_text(TS)
    (root / "notes.txt").write_text("not an input")
    (root / "bad.ts").write_bytes(b"const a = 1;\x00\n")


def test_folder_mirrors_tree(tmp_path):
    src, dst, rep, page = tmp_path / "src", tmp_path / "dst", tmp_path / "r.json", tmp_path / "r.html"
    make_tree(src)
    (tmp_path / "cfg.toml").write_text('exclude = ["skipme"]\n')
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    r = invoke(str(src), "--out", str(dst), "--report", str(rep), "--html", str(page), "--config",
               str(tmp_path / "cfg.toml"), "-j", "2")
    assert r.exit_code == 1, r.output  # bad.ts (NUL byte) failed
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before  # input untouched
    got = sorted(str(p.relative_to(dst)) for p in dst.rglob("*") if p.is_file())
    # the whole dataset: inputs fixed or copied, and the files that are not inputs copied as they are
    assert got == ["a/MODEL_RESPONSE.md", "a/b/index.ts", "a/b/main.py", "bad.ts", "notes.txt", "plain.md",
                   "skipme/x.ts"]
    assert (dst / "notes.txt").read_bytes() == (src / "notes.txt").read_bytes()
    assert (dst / "skipme" / "x.ts").read_bytes() == (src / "skipme" / "x.ts").read_bytes()  # excluded: as is
    assert (dst / "plain.md").read_text() == PLAIN_MD  # unchanged copied
    assert (dst / "bad.ts").read_bytes() == (src / "bad.ts").read_bytes()  # failed copied as is
    assert "retentionInDays" in (dst / "a" / "b" / "index.ts").read_text()
    rows = {row["input"]: row for row in json.loads(rep.read_text())["records"]}
    assert set(rows) == set(got) - {"notes.txt", "skipme/x.ts"}
    assert rows["bad.ts"]["status"] == "failed" and "binary" in rows["bad.ts"]["error"]
    assert rows["plain.md"]["status"] == "unchanged" and rows["a/b/index.ts"]["status"] == "changed"
    html = page.read_text()
    assert 'id="records"' in html and "IAC005" in html and 'data-name="bad.ts"' in html


def test_folder_dry_run_and_resume(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    make_tree(src)
    (src / "bad.ts").unlink()
    assert invoke(str(src), "--dry-run", "-j", "1").exit_code == 0
    assert not dst.exists()
    assert invoke(str(src), "--out", str(dst), "-j", "1").exit_code == 0
    (dst / "plain.md").unlink()
    s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=1, resume=True))
    assert s.by_status["skipped"] == s.seen - 1 and (dst / "plain.md").read_text() == PLAIN_MD


def test_folder_in_place_and_idempotent(tmp_path):
    src = tmp_path / "src"
    make_tree(src)
    (src / "bad.ts").unlink()
    assert invoke(str(src), "--in-place", "-j", "2").exit_code == 0
    assert "retentionInDays" in (src / "a" / "b" / "index.ts").read_text()
    s = run_batch(str(src), Config(), BatchOptions(dry_run=True, jobs=1))
    assert s.by_status["changed"] == 0


def test_single_file(tmp_path):
    src = tmp_path / "r.md"
    src.write_text(MD)
    out = tmp_path / "fixed.md"
    assert invoke(str(src), "--out", str(out), "-j", "1").exit_code == 0
    assert "retentionInDays" in out.read_text()


def test_select_and_unsafe(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, records(4))
    dst = tmp_path / "o.jsonl"
    assert invoke(str(src), "--out", str(dst), "--ignore", "IAC005", "-j", "1").exit_code == 0
    assert all("IAC005" not in o["iacfix"]["applied"] for o in read_jsonl(dst))


# ---- Parquet ---------------------------------------------------------------------------------


def test_parquet_round_trip(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    recs = [{"id": r["id"], "response": r["response"]} for r in records(11)]
    recs[3]["response"] = None
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(pa.Table.from_pylist(recs), src)
    s = run_batch(str(src), Config(), BatchOptions(out=str(dst), jobs=2, parquet_batch_size=4, chunksize=3))
    assert s.seen == 11 and s.failed == 0
    out = pq.read_table(dst).to_pylist()
    assert [o["id"] for o in out] == list(range(11))
    assert out[3]["iacfix"]["status"] == "skipped"
    assert out[0]["iacfix"]["status"] == "changed" and "IAC005" in out[0]["iacfix"]["applied"]
    assert out[1]["response_fixed"] == out[1]["response"]


# ---- the corpus ------------------------------------------------------------------------------


def corpus() -> Path:
    return Path(os.environ.get("IACFIX_CORPUS") or Path(__file__).resolve().parents[1].parent / "shared" / "corpus")


@pytest.mark.slow
def test_corpus_folder_every_file_accounted_and_idempotent(tmp_path):
    root = corpus() / "pulumi-ts"
    if not root.is_dir():
        pytest.skip("no shared corpus")
    out, rep, rep2 = tmp_path / "fixed", tmp_path / "r.json", tmp_path / "r2.json"
    r = invoke(str(root), "--out", str(out), "--report", str(rep), "--unsafe-fixes", "-j", "2")
    mds = sorted(str(p.relative_to(root)) for p in root.rglob("*.md"))
    report = json.loads(rep.read_text())
    assert sorted(row["input"] for row in report["records"]) == mds
    assert report["summary"]["seen"] == len(mds)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.md")) == mds
    failed = [row for row in report["records"] if row["status"] == "failed"]
    assert r.exit_code == (1 if failed else 0)
    assert not failed, failed[:5]
    r = invoke(str(out), "--dry-run", "--report", str(rep2), "--unsafe-fixes", "-j", "2")
    again = json.loads(rep2.read_text())
    changed = [row for row in again["records"] if row["status"] != "unchanged"]
    assert not changed, changed[:10]


@pytest.mark.slow
def test_corpus_jsonl_every_record_accounted_and_idempotent(tmp_path):
    root = corpus()
    files = sorted(root.glob("pulumi-*/*/MODEL_RESPONSE.md")) if root.is_dir() else []
    if not files:
        pytest.skip("no shared corpus")
    src, out, again = tmp_path / "corpus.jsonl", tmp_path / "fixed.jsonl", tmp_path / "again.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for p in files:
            fh.write(json.dumps({"task": str(p.relative_to(root)), "response": p.read_text("utf-8", "replace")}) + "\n")
    s = run_batch(str(src), Config(unsafe_fixes=True), BatchOptions(out=str(out), jobs=2))
    rows = read_jsonl(out)
    assert s.seen == len(files) == len(rows)
    assert [r["task"] for r in rows] == [str(p.relative_to(root)) for p in files]
    assert not [r for r in rows if r["iacfix"]["status"] == "failed"][:5]
    s2 = run_batch(str(out), Config(unsafe_fixes=True),
                   BatchOptions(out=str(again), jobs=2, field="response_fixed", out_field="twice", meta_field="again"))
    assert s2.by_status["changed"] == 0, [r["task"] for r in read_jsonl(again) if r["again"]["changed"]][:10]
