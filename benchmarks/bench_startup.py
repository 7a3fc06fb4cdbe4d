"""How long does one `iacfix` command take from the shell, before and after a change?

    .venv/bin/python benchmarks/bench_startup.py [--before BIN] [--after BIN] [--rounds N]

Runs each case (`--version`; `apply` on a small clean file of each language and `check` on the
TypeScript one; `apply --dry-run` on a small file it fixes; `apply --help`) with each `iacfix`
executable in turn, alternating them within every round so that load on a shared machine falls
on both sides alike, and prints the median wall time of each side and their ratio. A bare
`python -c pass` row gives the interpreter's own floor.

--after defaults to this checkout's .venv/bin/iacfix; --before is optional (e.g. the main
checkout's .venv/bin/iacfix, to compare a branch with main). Each run's exit code is checked
against the expected one, so a broken command cannot look fast.

--instructions adds one run of each case under valgrind's callgrind (Debian's valgrind): the
number of instructions executed, which other load on the machine does not change.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A small program with nothing to fix: the whole pipeline runs (every transform) and finds nothing.
CLEAN_TS = """import * as pulumi from "@pulumi/pulumi";
const config = new pulumi.Config();
const env = config.require("env");
export const name = `app-${env}`;
"""
CLEAN_PY = """import pulumi

config = pulumi.Config()
env = config.require("env")
pulumi.export("name", f"app-{env}")
"""
# A log group without retention: IAC005 fixes it, so the run loads the edit kit and the diff.
FIXABLE_TS = """import * as aws from "@pulumi/aws";
new aws.cloudwatch.LogGroup("logs", {});
"""


def cases(work: Path) -> list[tuple[str, list[str], int]]:
    for name, text in (("clean.ts", CLEAN_TS), ("clean.py", CLEAN_PY), ("fixable.ts", FIXABLE_TS)):
        (work / name).write_text(text)
    return [
        ("--version", ["--version"], 0),
        ("apply clean.ts", ["apply", str(work / "clean.ts")], 0),
        ("check clean.ts", ["check", str(work / "clean.ts")], 0),
        ("apply clean.py", ["apply", str(work / "clean.py")], 0),
        ("apply --dry-run fixable.ts", ["apply", "--dry-run", str(work / "fixable.ts")], 1),
        ("apply --help", ["apply", "--help"], 0),
    ]


# As a user's shell runs it: compiled modules cached (some sessions set PYTHONDONTWRITEBYTECODE,
# which would make every run compile every module again).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def once(argv: list[str], expect: int, cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != expect:
        sys.exit(f"{' '.join(argv)}: exit {proc.returncode}, expected {expect}:\n{proc.stderr.decode()}")
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(argv: list[str], cwd: Path) -> int:
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv], cwd=cwd,
                          env=ENV, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if not found:
        sys.exit(f"callgrind gave no count for {' '.join(argv)}:\n{proc.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="the iacfix executable to compare with (e.g. another checkout's)")
    ap.add_argument("--after", default=str(ROOT / ".venv" / "bin" / "iacfix"))
    ap.add_argument("--rounds", type=int, default=21)
    ap.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = ap.parse_args()
    sides = {"after": args.after}
    if args.before:
        sides = {"before": args.before, **sides}
    with tempfile.TemporaryDirectory(prefix="iacfix-startup-") as tmp:
        work = Path(tmp)
        todo = [("python -c pass", {"python": [sys.executable, "-c", "pass"]}, 0)]
        for name, argv, expect in cases(work):
            todo.append((name, {side: [exe, *argv] for side, exe in sides.items()}, expect))
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for cmd in (c for _, runs, _ in todo for c in runs.values()):  # warm the file cache once
            subprocess.run(cmd, cwd=work, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        counts: dict[tuple[str, str], int] = {}
        if args.instructions:
            for name, runs, _ in todo:
                for side, argv in runs.items():
                    counts[(name, side)] = instructions(argv, work)
        for r in range(args.rounds):
            for name, runs, expect in todo:
                order = list(runs.items())
                if r % 2:  # alternate who goes first, so neither side always follows the other
                    order.reverse()
                for side, argv in order:
                    times.setdefault((name, side), []).append(once(argv, expect, work))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.rounds} interleaved rounds, median seconds, wall (CPU: user + system); load average "
          f"{load:.2f}; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")
    head = "| case | " + " | ".join(sides) + (" | after/before (wall, CPU) |" if len(sides) == 2 else " |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for name, runs, _ in todo:
        meds = [(statistics.median(w for w, _ in times[(name, side)]),
                 statistics.median(c for _, c in times[(name, side)])) for side in runs]
        cells = " | ".join(f"{w:.3f} ({c:.3f})" for w, c in meds)
        if len(runs) == 1 and len(sides) == 2:
            cells = f"{cells} | {cells}"
        ratio = ""
        if len(runs) == 2:
            ratio = f" | {meds[1][0] / meds[0][0]:.2f}, {meds[1][1] / meds[0][1]:.2f}"
        elif len(sides) == 2:
            ratio = " | "
        print(f"| {name} | {cells}{ratio} |")
    if counts:
        print("\nInstructions executed (callgrind, one run each):")
        print("| case | " + " | ".join(sides) + " |")
        print("|" + "---|" * (len(sides) + 1))
        for name, runs, _ in todo:
            cells = [f"{counts[(name, side)] / 1e6:.0f} M" for side in runs]
            if len(runs) == 1 and len(sides) == 2:
                cells *= 2
            print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
