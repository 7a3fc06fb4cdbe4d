"""Is a change faster? The full pipeline of two checkouts of iacfix, side by side. One command:

    .venv/bin/python benchmarks/ab_checkouts.py BEFORE AFTER [--lang ts|py] [--rounds N] [--corpus PATH]

BEFORE and AFTER are checkouts, each with its own `.venv` (for a past commit:
`git worktree add --detach ../before <commit>`, then make its venv and `pip install -e .` there).
Each round runs `fix_text` (every transform, unsafe fixes, the fix-point loop) over every block of
one language of the corpus (see run.py) once per checkout, each in a fresh process that warms up
on 50 blocks first; or, with `--responses`, over every markdown file of it whole (what `batch`
fixes in a dataset: every block, with questions across the blocks of a response), after 10. The
order alternates from round to round, so a drift in the machine's load
falls on both sides. Printed: each round's CPU seconds and the median of the per-round ratios
AFTER / BEFORE (below 1 is faster). A pair of identical checkouts shows the noise floor: on a loaded
machine it can be 5-10%, so changes smaller than that need more rounds or a quiet machine.

`--instructions` counts instead of timing: each side runs once under valgrind's cachegrind
(`--cache-sim=no`; install `valgrind` from the distribution, nothing else is needed) over every
`--step`-th block (default 8), and a second run that stops after the warm-up is taken off, so the
count is the pipeline's own. Instruction counts do not depend on the machine's load (two runs of one
checkout agree to about 0.02%), which makes a 1% change visible on a busy machine where timings are
not; they are not seconds (a cache miss costs more than an add), so a change that moves memory
rather than work needs the timed rounds as well.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run import corpus_default, counting_env

# Run inside each checkout with its own interpreter, so each side imports its own code.
CHILD = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, "benchmarks")
import run as R
from iacfix.config import Config
from iacfix.engine import fix_text
language, sub, suffix, corpus, step, warmup, measured, unit = sys.argv[1:9]
if unit == "responses":  # (listed here, not in run.py: a past checkout's run.py may not list them)
    blocks = [p.read_bytes() for p in sorted((Path(corpus) / sub).rglob("*.md"))]
    language = "markdown"
else:
    blocks = R.inputs(Path(corpus) / sub, language, suffix, False)
config = Config(unsafe_fixes=True)
for b in blocks[: int(warmup)]:
    fix_text(b, language, config)
t = time.process_time()
if measured == "yes":
    for b in blocks[:: int(step)]:
        fix_text(b, language, config)
print(time.process_time() - t)
"""

LANGUAGES = {"ts": ("typescript", "pulumi-ts", ".ts"), "py": ("python", "pulumi-py", ".py")}


def _child(
    checkout: Path,
    lang: str,
    corpus: Path,
    step: int,
    warmup: int,
    measured: bool,
    wrapper: list[str],
    env: dict[str, str] | None = None,
    unit: str = "blocks",
    pythonpath: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    python = checkout / ".venv" / "bin" / "python"
    if pythonpath is not None:  # iacfix imported from there first (a compiled install: compiled.py)
        env = {**(env if env is not None else os.environ), "PYTHONPATH": str(pythonpath)}
    argv = [*wrapper, str(python), "-c", CHILD, *LANGUAGES[lang], str(corpus), str(step), str(warmup)]
    argv += ["yes" if measured else "no", unit]
    done = subprocess.run(argv, cwd=checkout, capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"{checkout}: the pipeline failed:\n{done.stderr[-2000:]}")
    return done


def cpu_seconds(
    checkout: Path,
    lang: str,
    corpus: Path,
    step: int = 1,
    warmup: int = 50,
    unit: str = "blocks",
    pythonpath: Path | None = None,
) -> float:
    done = _child(checkout, lang, corpus, step, warmup, True, [], unit=unit, pythonpath=pythonpath)
    return float(done.stdout.split()[-1])


# cachegrind's summary line on stderr: "==123== I   refs:      5,533,123,456"
_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")
_CACHEGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]


def instructions(
    checkout: Path,
    lang: str,
    corpus: Path,
    step: int,
    warmup: int,
    env: dict[str, str],
    unit: str = "blocks",
    pythonpath: Path | None = None,
) -> int:
    """The instructions of the measured loop alone: a run that stops after the warm-up (start-up,
    imports, the warm-up blocks) is taken off a run that goes on through every step-th block.
    A whole run outside valgrind first compiles every module it imports (see counting_env)."""
    _child(checkout, lang, corpus, step, warmup, True, [], env, unit, pythonpath)
    counts = []
    for measured in (False, True):
        done = _child(checkout, lang, corpus, step, warmup, measured, _CACHEGRIND, env, unit, pythonpath)
        found = _I_REFS.search(done.stderr)
        if found is None:
            sys.exit(f"{checkout}: valgrind printed no instruction count")
        counts.append(int(found.group(1).replace(",", "")))
    if counts[1] <= counts[0]:  # below what two runs of one process differ by
        sys.exit(f"{checkout}: too little to count ({counts[1] - counts[0]:,}): take more blocks (--step)")
    return counts[1] - counts[0]


def compare_instructions(args: argparse.Namespace) -> None:
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory() as cache:
        env = counting_env(cache)
        b, a = (
            instructions(c, args.lang, corpus, args.step, args.warmup, env, args.unit, path)
            for c, path in ((args.before, None), (args.after, args.after_path))
        )
    unit = "response" if args.responses else "block"
    blocks = f"every {unit}" if args.step == 1 else f"one {unit} in {args.step}"
    print(
        f"instructions ({args.lang}, {blocks}): before {b / 1e6:,.0f} M, "
        f"after {a / 1e6:,.0f} M, after/before {a / b:.4f}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--lang", choices=sorted(LANGUAGES), default="ts")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=corpus_default())
    ap.add_argument("--instructions", action="store_true", help="count instructions under valgrind instead of timing")
    ap.add_argument("--step", type=int, default=None, help="every Nth block (default: 1 timed, 8 counted)")
    ap.add_argument("--warmup", type=int, default=None, help="inputs run first, outside the measure (default 50 blocks, 10 responses)")
    ap.add_argument(
        "--responses",
        action="store_true",
        help="whole markdown responses (as `batch` fixes a dataset: every block, questions across blocks) instead of blocks",
    )
    ap.add_argument(
        "--after-path",
        type=Path,
        default=None,
        help="the AFTER side imports iacfix from this folder first (an install of another build: compiled.py)",
    )
    args = ap.parse_args()
    args.unit = "responses" if args.responses else "blocks"
    if args.warmup is None:
        args.warmup = 10 if args.responses else 50
    if args.instructions and shutil.which("valgrind") is None:
        sys.exit("--instructions: valgrind is not installed (apt-get install valgrind)")
    for checkout in (args.before, args.after):
        if not (checkout / ".venv" / "bin" / "python").exists():
            sys.exit(f"{checkout}: no .venv/bin/python (each checkout needs its own environment)")
    if not (args.corpus / LANGUAGES[args.lang][1]).is_dir():
        sys.exit(f"{args.corpus}: no {LANGUAGES[args.lang][1]} folder; nothing to measure")
    if args.step is None:
        args.step = 8 if args.instructions else 1
    if args.step < 1 or args.warmup < 0:
        sys.exit("--step must be 1 or more, --warmup 0 or more")
    if args.instructions:
        compare_instructions(args)
        return
    before, after, ratios = [], [], []
    sides = {"before": (args.before, None), "after": (args.after, args.after_path)}
    for i in range(args.rounds):
        order = ("before", "after") if i % 2 == 0 else ("after", "before")
        seconds = {}
        for side in order:
            checkout, path = sides[side]
            seconds[side] = cpu_seconds(checkout, args.lang, args.corpus.resolve(), args.step, args.warmup, args.unit, path)
        b, a = seconds["before"], seconds["after"]
        before.append(b)
        after.append(a)
        ratios.append(a / b)
        print(f"round {i + 1}: before {b:.2f} s, after {a:.2f} s, after/before {a / b:.3f}", flush=True)
    print(
        f"median ({args.lang}, {args.rounds} rounds): before {statistics.median(before):.2f} s, "
        f"after {statistics.median(after):.2f} s, after/before {statistics.median(ratios):.3f}"
    )


if __name__ == "__main__":
    main()
