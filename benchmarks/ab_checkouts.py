"""Is a change faster? The full pipeline of two checkouts of iacfix, side by side. One command:

    .venv/bin/python benchmarks/ab_checkouts.py BEFORE AFTER [--lang ts|py] [--rounds N] [--corpus PATH]

BEFORE and AFTER are checkouts, each with its own `.venv` (for a past commit:
`git worktree add --detach ../before <commit>`, then make its venv and `pip install -e .` there).
Each round runs `fix_text` (every transform, unsafe fixes, the fix-point loop) over every block of
one language of the corpus (see run.py) once per checkout, each in a fresh process that warms up
on 50 blocks first; the order alternates from round to round, so a drift in the machine's load
falls on both sides. Printed: each round's CPU seconds and the median of the per-round ratios
AFTER / BEFORE (below 1 is faster). A pair of identical checkouts shows the noise floor: on a loaded
machine it can be 5-10%, so changes smaller than that need more rounds or a quiet machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

from run import corpus_default

# Run inside each checkout with its own interpreter, so each side imports its own code.
CHILD = r"""
import sys, time
from pathlib import Path
sys.path.insert(0, "benchmarks")
import run as R
from iacfix.config import Config
from iacfix.engine import fix_text
language, sub, suffix = sys.argv[1:4]
blocks = R.inputs(Path(sys.argv[4]) / sub, language, suffix, False)
config = Config(unsafe_fixes=True)
for b in blocks[:50]:
    fix_text(b, language, config)
t = time.process_time()
for b in blocks:
    fix_text(b, language, config)
print(time.process_time() - t)
"""

LANGUAGES = {"ts": ("typescript", "pulumi-ts", ".ts"), "py": ("python", "pulumi-py", ".py")}


def cpu_seconds(checkout: Path, lang: str, corpus: Path) -> float:
    python = checkout / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-c", CHILD, *LANGUAGES[lang], str(corpus)], cwd=checkout, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"{checkout}: the pipeline failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.split()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--lang", choices=sorted(LANGUAGES), default="ts")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path, default=corpus_default())
    args = ap.parse_args()
    for checkout in (args.before, args.after):
        if not (checkout / ".venv" / "bin" / "python").exists():
            sys.exit(f"{checkout}: no .venv/bin/python (each checkout needs its own environment)")
    if not (args.corpus / LANGUAGES[args.lang][1]).is_dir():
        sys.exit(f"{args.corpus}: no {LANGUAGES[args.lang][1]} folder; nothing to measure")
    before, after, ratios = [], [], []
    for i in range(args.rounds):
        order = (args.before, args.after) if i % 2 == 0 else (args.after, args.before)
        seconds = {c: cpu_seconds(c, args.lang, args.corpus.resolve()) for c in order}
        b, a = seconds[args.before], seconds[args.after]
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
