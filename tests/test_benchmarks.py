"""The benchmark script runs (tiny setting): every section prints its table. No time is asserted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_tiny():
    # ast-grep is only measured where it is installed already: a test installs nothing.
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--tiny", "--pairs", "1", "--no-setup"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for heading in ("## The full pipeline against the bare parse",
                    "## Whole responses (as `batch` fixes them) against the bare parse of their blocks",
                    "## Like for like: iacfix against ast-grep",
                    "## Size scaling: one program replicated", "## Growth: one dimension of a program",
                    "## JSONL batches: memory stays flat",
                    "## `apply --dry-run` on a large repetitive file: the diff"):
        assert heading in out
    rows = [ln for ln in out.splitlines() if ln.startswith("| typescript |") or ln.startswith("| python |")]
    assert len(rows) == 2 + 2 * 3  # the pipeline table, then three sizes per language
    assert "the two diffs are identical" in out  # the edit-log diff is difflib's on the replicated file
    assert "| 200 |" in out  # the largest tiny JSONL batch ran
    growth = [ln for ln in out.splitlines() if ln.split("|")[1:2] and ln.split("|")[1].strip() in
              ("imports", "components", "fields", "exports", "broken code", "blocks")]
    assert len(growth) == 11  # every shape in each of its languages, each with a figure per size
    assert all(len(ln.strip("|").split("|")) == 6 for ln in growth)


def test_benchmark_rejects_an_unknown_section():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only", "nope"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and "unknown section 'nope'" in proc.stderr


def _one_block_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus" / "pulumi-ts" / "task"
    corpus.mkdir(parents=True)
    (corpus / "MODEL_RESPONSE.md").write_text(
        "```typescript\nimport * as aws from \"@pulumi/aws\";\nconst b = new aws.s3.Bucket(\"b\", {});\n```\n"
    )


def test_ab_checkouts_compares_two_checkouts(tmp_path):
    # The same checkout on both sides: the script must run both, alternate them and report a ratio.
    _one_block_corpus(tmp_path)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ab_checkouts.py"), str(ROOT), str(ROOT), "--lang", "ts",
         "--rounds", "2", "--corpus", str(tmp_path / "corpus")],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rounds = [ln for ln in proc.stdout.splitlines() if ln.startswith("round ")]
    assert len(rounds) == 2 and all("after/before" in ln for ln in rounds)
    assert proc.stdout.splitlines()[-1].startswith("median (ts, 2 rounds): before ")


def _counted(tmp_path: Path, *options: str) -> tuple[str, int, int, float]:
    """`ab_checkouts.py --instructions` with `options`, this checkout on both sides, over a corpus
    of one small response: what it counted, the two counts (M) and their ratio."""
    _one_block_corpus(tmp_path)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ab_checkouts.py"), str(ROOT), str(ROOT), "--lang", "ts",
         "--instructions", *options, "--corpus", str(tmp_path / "corpus")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = re.fullmatch(
        r"instructions \(ts, ([^)]*)\): before ([\d,]+) M, after ([\d,]+) M, after/before ([\d.]+)",
        proc.stdout.strip(),
    )
    assert found, proc.stdout
    before, after = (int(found.group(i).replace(",", "")) for i in (2, 3))
    return found.group(1), before, after, float(found.group(4))


def test_ab_checkouts_counts_whole_responses(tmp_path):
    # --responses: each markdown file fixed whole (as `batch` does), not its blocks one by one; with
    # no warm-up, the count is the response's own with its first-use costs (the rules loaded, the
    # queries compiled): hundreds of millions, with the start-up taken off.
    what, before, after, ratio = _counted(tmp_path, "--responses", "--step", "1", "--warmup", "0")
    assert what == "every response"
    assert 0 < before < 1500 and 0 < after < 1500 and abs(ratio - 1) < 0.02


def test_ab_checkouts_counts_instructions(tmp_path):
    # valgrind comes from .ci/install-debian-packages.sh. The same checkout on both sides, one hash
    # seed: the two counts must agree, and the warm-up run taken off leaves the measured block's own
    # count (the pipeline on a two-line program: millions, not the billions of start-up).
    what, before, after, ratio = _counted(tmp_path, "--step", "1000", "--warmup", "1")
    assert what == "one block in 1000"
    assert 0 < before < 200 and 0 < after < 200
    assert abs(ratio - 1) < 0.02


def test_ab_checkouts_instructions_need_valgrind(tmp_path):
    # No valgrind on PATH: one line saying what to install, no run.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ab_checkouts.py"), str(ROOT), str(ROOT), "--instructions"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env={**os.environ, "PATH": str(bin_dir)},
    )
    assert proc.returncode == 1 and "valgrind is not installed" in proc.stderr


def test_ab_checkouts_refuses_a_checkout_without_its_environment(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "ab_checkouts.py"), str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert proc.returncode == 1 and f"{tmp_path}: no .venv/bin/python" in proc.stderr


def test_floor_replays_every_pass_tiny():
    # The floor hands each pass its recorded findings: a pass text it never recorded would mean the
    # floor ran other passes than the pipeline (it says so); the table has one row per language.
    for lang, name in (("ts", "typescript"), ("py", "python")):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "floor.py"), "--tiny", "--pairs", "1", "--lang", lang],
            capture_output=True, text=True, timeout=600, cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        assert "not recorded" not in proc.stdout
        row = re.search(rf"^\| {name} \| (\d+) \| .* \| \*\*([\d.]+)x\*\* .* \| ([\d.]+)x .* \| (-?\d+)% \|$",
                        proc.stdout, re.M)
        assert row, proc.stdout
        assert int(row.group(1)) > 0


def test_floor_later_runs_the_first_pass_and_replays_the_rest():
    # `--later`: each input's first pass runs its rules, every later pass is handed back; without
    # it no pass runs them. A fixed example takes two passes at least, a clean one takes one.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import floor
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    fixed = (ROOT / "examples" / "model_response" / "IAC001_fargate_task_size.ts").read_bytes()
    clean = b'import * as pulumi from "@pulumi/pulumi";\nexport const name = pulumi.getStack();\n'
    for later in (True, False):
        replay, runs = floor.workloads("typescript", [fixed, clean], later)
        ran: list[bytes] = []

        def counting(program, active, ran=ran, real=replay.real):
            ran.append(program.body)
            return real(program, active)

        replay.real = counting
        replayed = len(replay.runs)
        runs["floor"]()
        assert replay.missed == 0
        assert sorted(ran) == (sorted([fixed, clean]) if later else [])
        assert replayed > 2  # the fixed example's later passes were recorded, and replayed


def test_floor_counts_instructions(tmp_path):
    # Counted, the floor is less work than the pipeline on a program the rules fix (untagged
    # buckets), and more than the parse: the count is work, so the order holds whatever the load.
    # Forty buckets: the parse of a two-line block is within what two runs of one process differ by.
    corpus = tmp_path / "corpus" / "pulumi-ts" / "task"
    corpus.mkdir(parents=True)
    buckets = "".join(f'const b{i} = new aws.s3.Bucket("b{i}", {{}});\n' for i in range(40))
    (corpus / "MODEL_RESPONSE.md").write_text(f'```typescript\nimport * as aws from "@pulumi/aws";\n{buckets}```\n')
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "floor.py"), "--instructions", "--step", "1000",
         "--corpus", str(tmp_path / "corpus")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = re.fullmatch(
        r"instructions \(ts, one block in 1000\): parse ([\d,.]+) M, floor ([\d,.]+) M, pipeline ([\d,.]+) M; "
        r"floor/parse [\d.]+, pipeline/parse [\d.]+, rules' share \d+%",
        proc.stdout.strip(),
    )
    assert found, proc.stdout
    parse, floor, pipeline = (float(found.group(i).replace(",", "")) for i in (1, 2, 3))
    assert parse <= floor < pipeline


def test_floor_by_pass_tiny():
    # Every input is counted once in the split, the first pass runs on every input, and the
    # shares (each pass, and the rest of fix_text) add up to the whole.
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "floor.py"), "--passes", "--tiny", "--pairs", "1", "--lang", "ts"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    inputs = int(re.search(r"^typescript, (\d+) inputs", proc.stdout, re.M).group(1))
    passes = re.findall(r"^\| (\d+) \| (\d+) \| (\d+)% \|$", proc.stdout, re.M)
    rest = int(re.search(r"^\| parse, re-parses, validation, report \| \| (-?\d+)% \|$", proc.stdout, re.M).group(1))
    assert passes and passes[0][:2] == ("1", str(inputs))
    assert abs(sum(int(share) for *_, share in passes) + rest - 100) <= len(passes) + 1  # (each share rounded)
    kinds = re.findall(r"^\| (nothing to fix|fixed) \| (\d+) \| [\d.]+ \| [\d.]+x", proc.stdout, re.M)
    assert [k for k, _ in kinds] == ["nothing to fix", "fixed"] and sum(int(n) for _, n in kinds) == inputs


def test_floor_native_counts_the_library_calls_tiny():
    # `--native` times the pipeline's calls into compiled libraries. Its calls are counted, not
    # timed: every input is parsed once at least, and only Python's fixed outputs are compiled
    # and proven by LibCST (the examples are fixed). With one round the total is its parts' sum.
    for lang, name in (("ts", "typescript"), ("py", "python")):
        proc = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "floor.py"), "--native", "--tiny", "--pairs", "1",
             "--lang", lang],
            capture_output=True, text=True, timeout=600, cwd=ROOT,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        part = r"([\d.]+)x \(([\d,]+)\)"
        row = re.search(
            rf"^\| {name} \| (\d+) \| [\d.]+ s \| {part} \| {part} \| {part} \| {part} \| \*\*([\d.]+)x\*\* "
            rf"\([\d.-]+\) \| \d+x \| (-?[\d.]+)x \|$",
            proc.stdout, re.M,
        )
        assert row, proc.stdout
        inputs = int(row.group(1))
        ratios = [float(row.group(i)) for i in (2, 4, 6, 8)]
        calls = [int(row.group(i).replace(",", "")) for i in (3, 5, 7, 9)]
        assert calls[0] >= inputs > 0
        assert (calls[2] > 0 and calls[3] > 0) if lang == "py" else calls[2:] == [0, 0]
        assert abs(sum(ratios) - float(row.group(10))) <= 0.03
