"""How fast is iacfix, next to the parser it stands on?

    .venv/bin/python benchmarks/bench_batch.py [--corpus PATH] [-j N] [--profile] [--repeat R]

1. Over the TypeScript blocks of <corpus>/pulumi-ts (and the Python blocks of pulumi-py): the bare
   parse of every block (the floor), then the whole pipeline (every transform, unsafe fixes on,
   fix-point loop, re-parse) on the same blocks, in this process, in the same run: files/s, MB/s,
   and the ratio to the floor (CPU time, so other load on the machine matters less).
2. `iacfix batch` over every markdown file of the corpus, `-j 1` against `-j N` (default 2), dry run.
3. Start-up time of `iacfix --version` (best and median of several runs).

`--profile` adds a cProfile of the pipeline over the TypeScript blocks (top functions by own time).
The corpus defaults to ../shared/corpus relative to the repository root (or $IACFIX_CORPUS).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_default() -> Path:
    return Path(os.environ.get("IACFIX_CORPUS") or ROOT.parent / "shared" / "corpus")


def blocks_of(folder: Path, language: str) -> list[bytes]:
    from iacfix.frontends import markdown

    out = []
    for md in sorted(folder.rglob("*.md")):
        raw = md.read_bytes()
        for b in markdown.code_blocks(raw, {language}):
            code = raw[b.start:b.end]
            if code.strip():
                out.append(code)
    return out


def timed(fn, repeat: int) -> tuple[float, float]:
    """Best (wall, cpu) seconds over `repeat` runs."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu


def bench_blocks(language: str, blocks: list[bytes], repeat: int, profile: bool) -> dict:
    from iacfix import frontends
    from iacfix.applier import fix_code
    from iacfix.config import Config
    from iacfix.engine import _active

    try:
        fe = frontends.get(language)
    except Exception as exc:  # a front end not there yet
        print(f"{language}: no front end ({type(exc).__name__}: {exc}); skipped")
        return {}
    config = Config(unsafe_fixes=True)
    active = _active(config)
    n, size = len(blocks), sum(len(b) for b in blocks)

    def parse_all():
        for b in blocks:
            fe.parse(b)

    def fix_all():
        for b in blocks:
            fix_code(b, language, active, unsafe=True, fix=True)

    fix_all()  # warm up: imports, parser, query, caches
    pw, pc = timed(parse_all, repeat)
    fw, fc = timed(fix_all, repeat)
    mb = size / 1e6
    print(f"\n{language}: {n} blocks, {mb:.2f} MB, {len(active)} transforms active")
    print(f"  bare parse (floor): {n / pw:8.0f} files/s  {mb / pw:6.2f} MB/s   wall {pw:.3f}s  cpu {pc:.3f}s")
    print(f"  full pipeline:      {n / fw:8.0f} files/s  {mb / fw:6.2f} MB/s   wall {fw:.3f}s  cpu {fc:.3f}s")
    print(f"  pipeline / parse:   {fc / pc:.2f}x (cpu)   {fw / pw:.2f}x (wall)")
    if profile:
        prof = cProfile.Profile()
        prof.enable()
        fix_all()
        prof.disable()
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats("tottime").print_stats(25)
        print("\n  profile (own time):")
        print("\n".join("  " + ln for ln in s.getvalue().splitlines()[6:40]))
    return {"blocks": n, "bytes": size, "parse_wall": pw, "parse_cpu": pc, "fix_wall": fw, "fix_cpu": fc}


def bench_batch(corpus: Path, jobs: list[int]) -> None:
    from iacfix.batch.runner import BatchOptions, run_batch
    from iacfix.config import Config

    config = Config(unsafe_fixes=True)
    print(f"\niacfix batch --dry-run over every markdown file of {corpus}:")
    import resource

    def cpu_now() -> float:
        r1, r2 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return r1.ru_utime + r1.ru_stime + r2.ru_utime + r2.ru_stime

    for j in jobs:
        w0, c0 = time.perf_counter(), cpu_now()
        total_seen = total_bytes = 0
        cpu = 0.0
        for sub in ("pulumi-ts", "pulumi-py"):
            if not (corpus / sub).is_dir():
                continue
            s = run_batch(str(corpus / sub), config, BatchOptions(dry_run=True, jobs=j))
            total_seen += s.seen
            total_bytes += s.bytes_in
            cpu += s.seconds_fixing
        wall, cpu_used = time.perf_counter() - w0, cpu_now() - c0
        print(f"  -j {j}: {total_seen} files in {wall:.2f}s: {total_seen / wall:6.1f} files/s, "
              f"{total_bytes / wall / 1e6:.3f} MB/s; cpu {cpu_used:.1f}s, summed per-file wall {cpu:.1f}s, "
              f"load average {os.getloadavg()[0]:.1f}")


def bench_startup(runs: int = 7) -> None:
    exe = ROOT / ".venv" / "bin" / "iacfix"
    cmd = [str(exe) if exe.exists() else "iacfix", "--version"]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    print(f"\nstart-up `iacfix --version`: best {min(times):.3f}s, median {statistics.median(times):.3f}s "
          f"({runs} runs; goal < 0.15s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=corpus_default())
    ap.add_argument("-j", "--jobs", type=int, default=2, help="worker processes to compare with -j 1")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    ap.add_argument("--profile", action="store_true", help="cProfile the TypeScript pipeline")
    ap.add_argument("--skip-batch", action="store_true", help="leave out the -j 1 / -j N batch runs")
    ap.add_argument("--skip-blocks", action="store_true", help="leave out the per-block parse/pipeline runs")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (use --corpus or IACFIX_CORPUS)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpu(s), load average {os.getloadavg()[0]:.1f}, "
          f"corpus {args.corpus}")
    for lang, sub in (("typescript", "pulumi-ts"), ("python", "pulumi-py")):
        if (args.corpus / sub).is_dir() and not args.skip_blocks:
            bench_blocks(lang, blocks_of(args.corpus / sub, lang), args.repeat, args.profile and lang == "typescript")
    if not args.skip_batch:
        bench_batch(args.corpus, sorted({1, args.jobs}))
    bench_startup()


if __name__ == "__main__":
    main()
