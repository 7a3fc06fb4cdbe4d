"""How fast is iacfix, next to the parser it stands on and to ast-grep? One command:

    .venv/bin/python benchmarks/run.py [--pairs N] [--only SECTIONS] [--corpus PATH] [--tiny]
                                       [--no-setup] [--profile]

Sections (all by default; `--only pipeline,astgrep` picks some):

pipeline  The bare tree-sitter parse against the full pipeline (`fix_text`: every transform, unsafe
          fixes on, fix-point loop, re-parse, findings) on the same inputs: every TypeScript and
          Python code block of the markdown files of the shared corpus (`../shared/corpus` or
          $IACFIX_CORPUS; left out when absent) and the project's examples. N interleaved pairs
          (the order inside a pair alternates); the ratio of CPU times per pair, then the median of
          the ratios and their spread. TypeScript and Python apart.
responses The same corpus as `batch` fixes it: each markdown file whole (`fix_text(..., "markdown")`:
          every TypeScript and Python block, with the questions across the blocks of a response)
          against the bare parse of those blocks, interleaved pairs, median ratio. Beside
          `pipeline`, what the blocks of one response cost together more than alone.
astgrep   Like for like: `iacfix check` running only IAC004 and IAC005 against `ast-grep scan -j 1`
          running the equivalent rules of benchmarks/ast-grep/ on the same files (the blocks above,
          one file each), both as the command-line programs, interleaved pairs, median ratio of
          CPU times (start-up included on both sides). ast-grep comes from PyPI (`ast-grep-cli`,
          benchmarks/requirements.txt), installed into this interpreter's environment on first use
          unless --no-setup. iacfix runs from compiled bytecode, as an installed package does (a
          temporary cache, whatever PYTHONDONTWRITEBYTECODE says; --cold-bytecode: as the
          environment says).
scaling   One program (examples/model_response/seed_scenario.ts and .py) replicated 1x .. 64x,
          each size fixed in a fresh process: CPU time (median of 3), time per KB, peak memory
          (growth of the process's peak RSS, and tracemalloc's peak of Python allocations).
growth    Programs grown along one dimension, 1x .. 16x (benchmarks/shapes.py: imported modules,
          component classes, fields of one class, exported resources, fixes among lines that do
          not parse, blocks of one markdown response): CPU time per unit at each size against 1x
          (median of 3, in-process). A
          replicated program keeps each name's uses and each class's calls as few as in one copy;
          these grow them.
jsonl     `iacfix batch RECORDS.jsonl --dry-run -j 1` on 1k .. 16k records: time and the peak RSS
          of the process (memory must stay flat as the batch grows).
diff      `apply --dry-run` on a large repetitive file (seed_scenario.ts replicated to ~400 KB):
          the diff from the edit log (codemod/diff.py) against difflib over the whole file, as it
          was made before, interleaved pairs, beside the time of the fix itself.

`--tiny` runs every section on a few inputs (a smoke test: tests/test_benchmarks.py). `--profile`
prints a cProfile of `iacfix batch --dry-run -j 1` over the corpus instead (top functions).
No test asserts a time: figures go in benchmarks/README.md, with the command that made them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
EXAMPLES = ROOT / "examples"
LANGS = (("typescript", "pulumi-ts", ".ts"), ("python", "pulumi-py", ".py"))
SECTIONS = ("pipeline", "responses", "astgrep", "scaling", "growth", "jsonl", "diff")


# ---------------------------------------------------------------------------- inputs

def corpus_default() -> Path:
    return Path(os.environ.get("IACFIX_CORPUS") or ROOT.parent / "shared" / "corpus")


def inputs(corpus: Path, language: str, suffix: str, tiny: bool) -> list[bytes]:
    """Every non-empty `language` block of every markdown file of the corpus, then the examples."""
    from iacfix.frontends import markdown

    out: list[bytes] = []
    if corpus.is_dir():
        for md in sorted(corpus.rglob("*.md")):
            raw = md.read_bytes()
            for b in markdown.code_blocks(raw, {language}):
                code = raw[b.start:b.end]
                if code.strip():
                    out.append(code)
            if tiny and len(out) >= 10:
                break
    for folder in ("model_response", "ideal_response"):
        out.extend(p.read_bytes() for p in sorted((EXAMPLES / folder).glob(f"*{suffix}")))
    return out


def counting_env(cache: str) -> dict[str, str]:
    """The environment of a process whose instructions are counted (ab_checkouts.py, floor.py):
    one hash seed, since string hashing otherwise moves start-up's count by more than a small
    corpus's pipeline; and bytecode written to and read from `cache` whatever
    PYTHONDONTWRITEBYTECODE says, so that one run outside the count compiles every module and
    no counted run holds a compile (the run taken off would hold some and the other run others)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPYCACHEPREFIX": cache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def spread(xs: list[float]) -> str:
    return f"{min(xs):.2f}-{max(xs):.2f}" if len(xs) > 1 else "-"


def cpu_wall(fn) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.process_time() - c0, time.perf_counter() - w0


def interleaved(base, other, pairs: int) -> tuple[list[float], list[float], list[float]]:
    """CPU seconds of `base` and `other` over `pairs` pairs, the order inside a pair alternating,
    and the ratio other / base of each pair."""
    firsts, seconds, ratios = [], [], []
    for k in range(pairs):
        if k % 2 == 0:
            p, f = cpu_wall(base)[0], cpu_wall(other)[0]
        else:
            f, p = cpu_wall(other)[0], cpu_wall(base)[0]
        firsts.append(p)
        seconds.append(f)
        ratios.append(f / p)
    return firsts, seconds, ratios


def run_child(cmd: list[str], **kw) -> tuple[float, float, int, bytes]:
    """Run a command; its CPU seconds (user + system), wall seconds, peak RSS (KiB) and stdout."""
    w0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, **kw)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - w0
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss, out


# A child's peak RSS (ru_maxrss) counts the memory of the process it was forked from: the kernel
# records the forked copy's size when it execs. This process is large after the pipeline section
# (every corpus block read, every model built once), so the JSONL section's figures read its size
# rather than iacfix's. A small interpreter launched first starts the command, and reports.
FRESH_LAUNCHER = r"""
import json, os, subprocess, sys, time
w0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
print(json.dumps([usage.ru_utime + usage.ru_stime, time.perf_counter() - w0, usage.ru_maxrss,
                  os.waitstatus_to_exitcode(status)]))
"""


def run_child_fresh(cmd: list[str]) -> tuple[float, float, int]:
    """`run_child` for memory figures: CPU seconds, wall seconds and peak RSS (KiB) of `cmd` alone,
    started by a small launcher so that this process's size is not counted in its peak."""
    out = subprocess.run([sys.executable, "-c", FRESH_LAUNCHER, *cmd], capture_output=True, check=True).stdout
    cpu, wall, rss, code = json.loads(out)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return cpu, wall, rss


# ---------------------------------------------------------------------------- (a) parse vs pipeline

def section_pipeline(args) -> None:
    from iacfix import frontends
    from iacfix.config import Config
    from iacfix.engine import fix_text

    config = Config(unsafe_fixes=True)
    print("\n## The full pipeline against the bare parse\n")
    print(f"{args.pairs} interleaved pairs; CPU seconds; ratio = pipeline / parse per pair.\n")
    print("| language | inputs | MB | parse (median) | pipeline (median) | files/s parse / pipeline "
          "| ratio, median of pairs | spread |")
    print("|---|---|---|---|---|---|---|---|")
    for language, sub, suffix in LANGS:
        blocks = inputs(args.corpus / sub, language, suffix, args.tiny)
        fe = frontends.get(language)
        n, mb = len(blocks), sum(map(len, blocks)) / 1e6

        def parse_all() -> None:
            for b in blocks:
                fe.parse(b)

        def fix_all() -> None:
            for b in blocks:
                fix_text(b, language, config)

        fix_all()  # warm up: imports, parsers, queries, caches
        parse_all()
        parses, fixes, ratios = interleaved(parse_all, fix_all, args.pairs)
        mp, mf = statistics.median(parses), statistics.median(fixes)
        print(f"| {language} | {n} | {mb:.2f} | {mp:.3f} s | {mf:.3f} s | {n / mp:.0f} / {n / mf:.0f} "
              f"| **{statistics.median(ratios):.2f}x** | {spread(ratios)} |", flush=True)


def responses(corpus: Path, tiny: bool) -> list[bytes]:
    """Every markdown file of the corpus folder, whole."""
    found = [p.read_bytes() for p in sorted(corpus.rglob("*.md"))] if corpus.is_dir() else []
    return found[:3] if tiny else found


def section_responses(args) -> None:
    from iacfix import frontends
    from iacfix.config import Config
    from iacfix.engine import fix_text
    from iacfix.frontends import markdown

    config = Config(unsafe_fixes=True)
    print("\n## Whole responses (as `batch` fixes them) against the bare parse of their blocks\n")
    print(f"{args.pairs} interleaved pairs; CPU seconds; ratio = fixing the responses / parsing their blocks.\n")
    print("| corpus | responses | blocks | parse (median) | responses fixed (median) | ratio, median of pairs | spread |")
    print("|---|---|---|---|---|---|---|")
    for _language, sub, _suffix in LANGS:
        docs = responses(args.corpus / sub, args.tiny)
        if not docs:
            print(f"| {sub} | absent | | | | | |")
            continue
        blocks = [
            (frontends.get(b.language), d[b.start : b.end])
            for d in docs
            for b in markdown.code_blocks(d, {"typescript", "python"})
        ]

        def parse_all() -> None:
            for fe, code in blocks:
                fe.parse(code)

        def fix_all() -> None:
            for d in docs:
                fix_text(d, "markdown", config)

        fix_all()  # warm up
        parse_all()
        parses, fixes, ratios = interleaved(parse_all, fix_all, args.pairs)
        print(f"| {sub} | {len(docs)} | {len(blocks)} | {statistics.median(parses):.3f} s "
              f"| {statistics.median(fixes):.3f} s | **{statistics.median(ratios):.2f}x** | {spread(ratios)} |",
              flush=True)


# ---------------------------------------------------------------------------- (b) ast-grep

def ast_grep_binary(setup: bool) -> str | None:
    here = Path(sys.executable).parent
    for name in ("ast-grep", "sg"):
        if (here / name).exists():
            return str(here / name)
    if setup:
        print("installing ast-grep from PyPI (benchmarks/requirements.txt) ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r", str(BENCH / "requirements.txt")],
                       check=True)
        if (here / "ast-grep").exists():
            return str(here / "ast-grep")
    return shutil.which("ast-grep")


def section_astgrep(args) -> None:
    sg = ast_grep_binary(not args.no_setup)
    print("\n## Like for like: iacfix against ast-grep\n")
    if sg is None:
        print("ast-grep not installed (`pip install -r benchmarks/requirements.txt`); left out.")
        return
    version = subprocess.run([sg, "--version"], capture_output=True, text=True).stdout.strip()
    iacfix = str(Path(sys.executable).parent / "iacfix")
    with tempfile.TemporaryDirectory(prefix="iacfix-bench-") as tmp:
        for language, sub, suffix in LANGS:
            folder = Path(tmp) / sub
            folder.mkdir()
            for i, code in enumerate(inputs(args.corpus / sub, language, suffix, args.tiny)):
                (folder / f"{i:05d}{suffix}").write_bytes(code)
        files = sum(1 for _ in Path(tmp).rglob("*.*"))
        mb = sum(p.stat().st_size for p in Path(tmp).rglob("*.*")) / 1e6
        two = [iacfix, "check", "--select", "IAC004", "--select", "IAC005", tmp]
        every = [iacfix, "check", tmp]
        sg_cmd = [sg, "scan", "-c", str(BENCH / "ast-grep" / "sgconfig.yml"), "-j", "1", "--json=compact", tmp]
        # iacfix runs as an installed package does, from its compiled bytecode: where the
        # environment sets PYTHONDONTWRITEBYTECODE (this project's sandboxes do), every start would
        # compile the project's modules again (~0.1 s CPU an installed package never spends). The
        # commands write and read their bytecode in a temporary cache, filled by the untimed runs
        # below. --cold-bytecode keeps the environment as it is.
        env = dict(os.environ)
        if not args.cold_bytecode:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / ".pycache")
        # What each finds (not timed): the rules are the common core of the two transforms.
        found_sg = len(json.loads(run_child(sg_cmd, env=env)[3] or b"[]"))
        found_ix = sum(len(f["findings"]) for f in json.loads(run_child(two[:-1] + ["--format", "json", tmp], env=env)[3])["files"])
        run_child([iacfix, "check", str(EXAMPLES / "model_response")], env=env)  # every transform's module too
        if not args.cold_bytecode:
            bytecode = "iacfix's bytecode compiled once, as installed"
        elif env.get("PYTHONDONTWRITEBYTECODE"):
            bytecode = "PYTHONDONTWRITEBYTECODE set: iacfix compiles its modules on every start"
        else:
            bytecode = "bytecode as this environment keeps it"
        print(f"{files} files ({mb:.2f} MB: the TypeScript and Python blocks, one file each), {version}; "
              f"{args.pairs} interleaved pairs, CPU seconds of each command (start-up included; {bytecode}).\n")
        print(f"Findings: ast-grep {found_sg} (IAC004/IAC005 rules), iacfix {found_ix} (IAC004/IAC005; it also "
              "follows consts and aliases, and reports invalid values and missing protocols).\n")
        rows = {"ast-grep": [], "two": [], "every": []}
        ratios_two, ratios_every = [], []
        for k in range(args.pairs):
            order = [("ast-grep", sg_cmd), ("two", two), ("every", every)]
            if k % 2:
                order.reverse()
            got = {name: run_child(cmd, env=env)[0] for name, cmd in order}
            for name, cpu in got.items():
                rows[name].append(cpu)
            ratios_two.append(got["two"] / got["ast-grep"])
            ratios_every.append(got["every"] / got["ast-grep"])
    print("| command | CPU s (median) | / ast-grep, median of pairs | spread |")
    print("|---|---|---|---|")
    print(f"| `ast-grep scan -j 1` (4 rules: IAC004, IAC005 x TS, Python) | {statistics.median(rows['ast-grep']):.3f} | 1 | |")
    print(f"| `iacfix check --select IAC004 --select IAC005` | {statistics.median(rows['two']):.3f} "
          f"| **{statistics.median(ratios_two):.2f}x** | {spread(ratios_two)} |")
    print(f"| `iacfix check` (every transform) | {statistics.median(rows['every']):.3f} "
          f"| {statistics.median(ratios_every):.2f}x | {spread(ratios_every)} |", flush=True)


# ---------------------------------------------------------------------------- (c) scaling

SCALE_CHILD = r"""
import json, resource, statistics, sys, time, tracemalloc
from iacfix.config import Config
from iacfix.engine import fix_text
lang, path, factor, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
base = open(path, "rb").read()
config = Config(unsafe_fixes=True)
fix_text(base, lang, config)  # warm up: imports, parsers, queries
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
text = base * factor
cpus = []
for _ in range(reps):
    c0 = time.process_time()
    res = fix_text(text, lang, config)
    cpus.append(time.process_time() - c0)
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
fix_text(text, lang, config)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"bytes": len(text), "cpu": statistics.median(cpus), "rss_growth_kib": rss1 - rss0,
                  "rss_kib": rss1, "py_peak": peak, "status": res.status, "fixes": len(res.applied)}))
"""


def section_scaling(args) -> None:
    factors = [1, 2, 4] if args.tiny else [1, 2, 4, 8, 16, 32, 64]
    reps = 1 if args.tiny else 3
    print("\n## Size scaling: one program replicated\n")
    print(f"`examples/model_response/seed_scenario.*` repeated k times, fixed in a fresh process (every "
          f"transform, unsafe fixes on); CPU median of {reps}; memory: growth of the peak RSS over a "
          "warmed-up process, and tracemalloc's peak of Python allocations.\n")
    print("| language | k | KB | CPU s | µs per KB | vs 1x per KB | fixes | peak RSS growth MiB | Python peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for language, _, suffix in LANGS:
        path = EXAMPLES / "model_response" / f"seed_scenario{suffix}"
        first = None
        for k in factors:
            out = run_child([sys.executable, "-c", SCALE_CHILD, language, str(path), str(k), str(reps)])[3]
            r = json.loads(out)
            per_kb = r["cpu"] / (r["bytes"] / 1e3) * 1e6
            first = first or per_kb
            print(f"| {language} | {k} | {r['bytes'] / 1e3:.0f} | {r['cpu']:.3f} | {per_kb:.0f} | "
                  f"{per_kb / first:.2f} | {r['fixes']} | {r['rss_growth_kib'] / 1024:.1f} | "
                  f"{r['py_peak'] / 2**20:.1f} |", flush=True)


# ---------------------------------------------------------------------------- (c') growth

def section_growth(args) -> None:
    from shapes import SHAPES

    from iacfix.config import Config
    from iacfix.engine import fix_text

    units = [5, 10, 20] if args.tiny else [25, 50, 100, 200, 400]
    reps = 1 if args.tiny else 3
    config = Config(unsafe_fixes=True)
    print("\n## Growth: one dimension of a program\n")
    print(f"benchmarks/shapes.py, each shape written with n units and fixed in-process (every transform, "
          f"unsafe fixes on; CPU median of {reps}); ms per unit at n = {units[0]}, then the time per unit "
          f"at each larger n against it (flat: 1).\n")
    print("| shape | language | ms per unit at " + f"{units[0]} | " + " | ".join(f"{n}" for n in units[1:]) + " | fixes at "
          f"{units[-1]} |")
    print("|---|---|---|" + "---|" * len(units))
    for shape, writers in SHAPES.items():
        for language, write in writers:
            fix_text(write(units[0]), language, config)  # warm up: imports, parsers, queries
            per_unit: list[float] = []
            fixes = 0
            for n in units:
                text = write(n).encode()
                cpus = []
                for _ in range(reps):
                    c0 = time.process_time()
                    res = fix_text(text, language, config)
                    cpus.append(time.process_time() - c0)
                per_unit.append(statistics.median(cpus) / n)
                fixes = len(res.applied)
            first = per_unit[0]
            print(f"| {shape} | {language} | {first * 1e3:.2f} | " + " | ".join(f"{p / first:.2f}" for p in per_unit[1:])
                  + f" | {fixes} |", flush=True)


# ---------------------------------------------------------------------------- (d) JSONL memory

RECORD = (
    "Here is the program.\n\n```typescript\n"
    'import * as aws from "@pulumi/aws";\n\n'
    'const logs = new aws.cloudwatch.LogGroup("logs-{i}", {{ name: "/app/{i}" }});\n'
    'const bucket = new aws.s3.Bucket("data-{i}", {{}});\n'
    "export const name = logs.name;\n```\n"
)


def section_jsonl(args) -> None:
    sizes = [50, 100, 200] if args.tiny else [1000, 2000, 4000, 8000, 16000]
    iacfix = str(Path(sys.executable).parent / "iacfix")
    print("\n## JSONL batches: memory stays flat\n")
    print("`iacfix batch RECORDS.jsonl --out OUT.jsonl --dry-run -j 1 --no-progress -q`, records of a short "
          "markdown response with one TypeScript block (a log group and a bucket to fix); peak RSS of the "
          "process.\n")
    print("| records | MB in | wall s | CPU s | records/s | peak RSS MiB |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="iacfix-bench-") as tmp:
        for n in sizes:
            src = Path(tmp) / f"in{n}.jsonl"
            with src.open("w") as fh:
                for i in range(n):
                    fh.write(json.dumps({"id": i, "response": RECORD.format(i=i)}) + "\n")
            cmd = [iacfix, "batch", str(src), "--out", str(Path(tmp) / f"out{n}.jsonl"), "--dry-run", "-j", "1",
                   "--no-progress", "-q"]
            cpu, wall, rss = run_child_fresh(cmd)
            print(f"| {n} | {src.stat().st_size / 1e6:.1f} | {wall:.1f} | {cpu:.1f} | {n / wall:.0f} | "
                  f"{rss / 1024:.0f} |", flush=True)


# ---------------------------------------------------------------------------- (e) dry-run diff

def difflib_diff(result) -> str:
    """The diff as `apply --dry-run` made it before codemod/diff.py: difflib over the whole file."""
    import difflib

    a = result.original.decode("utf-8", "replace").splitlines(keepends=True)
    b = result.output.decode("utf-8", "replace").splitlines(keepends=True)
    path = result.path.lstrip("/")
    lines = difflib.unified_diff(a, b, fromfile=f"a/{path}", tofile=f"b/{path}")
    return "".join(ln if ln.endswith("\n") else ln + "\n\\ No newline at end of file\n" for ln in lines)


def section_diff(args) -> None:
    from iacfix.config import Config
    from iacfix.engine import fix_text
    from iacfix.report import unified_diff

    base = (EXAMPLES / "model_response" / "seed_scenario.ts").read_bytes()
    target = 40_000 if args.tiny else 400_000
    text = base * (target // len(base) + 1)
    c0 = time.process_time()
    res = fix_text(text, "typescript", Config(), path="big.ts")  # what `apply --dry-run` runs
    fix_cpu = time.process_time() - c0
    olds, news, ratios = [], [], []
    same = difflib_diff(res) == unified_diff(res)
    for k in range(args.pairs):
        if k % 2 == 0:
            o, n = cpu_wall(lambda: difflib_diff(res))[0], cpu_wall(lambda: unified_diff(res))[0]
        else:
            n, o = cpu_wall(lambda: unified_diff(res))[0], cpu_wall(lambda: difflib_diff(res))[0]
        olds.append(o)
        news.append(n)
        ratios.append(o / n)
    mo, mn = statistics.median(olds), statistics.median(news)
    lines = text.count(b"\n")
    print("\n## `apply --dry-run` on a large repetitive file: the diff\n")
    print(f"`seed_scenario.ts` x {len(text) // len(base)} ({len(text) / 1e3:.0f} KB, {lines} lines), "
          f"safe fixes ({len(res.applied)} applied, {len(res.changes)} changed spans); fixing it: {fix_cpu:.2f} s CPU. "
          f"{args.pairs} interleaved pairs, CPU seconds; the two diffs are {'identical' if same else 'different'}.\n")
    print("| diff | CPU s (median) | share of fix + diff | difflib / edit log, median of pairs | spread |")
    print("|---|---|---|---|---|")
    print(f"| difflib over the whole file (before) | {mo:.3f} | {mo / (fix_cpu + mo):.0%} | | |")
    print(f"| from the edit log (codemod/diff.py) | {mn:.3f} | {mn / (fix_cpu + mn):.0%} "
          f"| **{statistics.median(ratios):.0f}x** | {spread(ratios)} |", flush=True)


# ---------------------------------------------------------------------------- profile

def profile_batch(args) -> None:
    import cProfile
    import io
    import pstats

    from iacfix.batch.runner import BatchOptions, run_batch
    from iacfix.config import Config

    config = Config(unsafe_fixes=True)
    prof = cProfile.Profile()
    prof.enable()
    for _, sub, _ in LANGS:
        if (args.corpus / sub).is_dir():
            run_batch(str(args.corpus / sub), config, BatchOptions(dry_run=True, jobs=1))
    prof.disable()
    for key in ("tottime", "cumulative"):
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats(key).print_stats(40)
        print(s.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_default())
    ap.add_argument("--pairs", type=int, default=5, help="interleaved pairs per comparison (default 5)")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"sections, comma-separated: {','.join(SECTIONS)}")
    ap.add_argument("--tiny", action="store_true", help="a few inputs per section (smoke test)")
    ap.add_argument("--no-setup", action="store_true", help="do not install ast-grep when it is missing")
    ap.add_argument("--cold-bytecode", action="store_true",
                    help="astgrep: leave PYTHONDONTWRITEBYTECODE as the environment sets it (iacfix compiles on every start)")
    ap.add_argument("--profile", action="store_true", help="cProfile `batch --dry-run -j 1` over the corpus")
    args = ap.parse_args()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown:
        ap.error(f"unknown section {unknown[0]!r} (sections: {', '.join(SECTIONS)})")
    corpus = args.corpus if args.corpus.is_dir() else None
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}, "
          f"corpus: {corpus or 'absent (examples only)'}, git {_git_head()}")
    if args.profile:
        profile_batch(args)
        return
    for name in SECTIONS:
        if name in chosen:
            globals()[f"section_{name}"](args)


def _git_head() -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=10).stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    main()
