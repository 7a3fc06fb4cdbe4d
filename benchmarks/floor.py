"""How far can speed work on the rules go? The bare parse, the engine's floor and the full pipeline
of one checkout, on the same inputs. One command:

    .venv/bin/python benchmarks/floor.py [--lang ts|py] [--pairs N] [--corpus PATH] [--tiny]
    .venv/bin/python benchmarks/floor.py --instructions [--lang ts|py] [--step N]

The floor is the full pipeline (`fix_text`: every transform, unsafe fixes, the fix-point loop) with
the rules' own work taken out. A first run records what the rules found on every pass, by the pass's
text; the floor then hands those findings back instead of running a rule. Everything else runs as
in the pipeline, pass for pass: the parse, the model's build on every pass and its release,
choosing and applying the edits, the re-parse, validation, the report. So the floor is what the
engine costs whatever the rules do, and the pipeline less the floor is what the rules cost, with
the conversions their questions force (the model converts lazily: what no rule reads is never
converted). A goal below the floor cannot be reached by work on the rules.

Timed (the default): in one process, N rounds of the three (parse, floor, pipeline; the order
rotates from round to round), CPU seconds, and per round the ratios to the parse; printed are the
medians and the ratios' spread. `--instructions` counts instead (valgrind cachegrind,
`--cache-sim=no`): each of the three runs once in its own process over every `--step`-th block,
after the same recording run, and a process that only records is taken off (see ab_checkouts.py
for why counts, not seconds, on a busy machine).
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from run import LANGS, corpus_default, counting_env, cpu_wall, inputs, spread

LANGUAGES = {"ts": LANGS[0], "py": LANGS[1]}
MODES = ("parse", "floor", "pipeline")


class Replay:
    """The rules' findings of each pass, recorded by the pass's text and handed back.

    It stands in for `applier.run_transforms` (the one call through which a pass asks its rules):
    the build before it and everything after it run as they do."""

    def __init__(self) -> None:
        from iacfix import applier

        self.applier = applier
        self.real = applier.run_transforms
        self.runs: dict[bytes, object] = {}
        self.missed = 0  # texts asked for that were never recorded (the floor then runs the rules)

    def _copy(self, run):
        # The applier sets a finding's line and may drop its fix: each pass gets findings of its own.
        return type(run)([copy.copy(f) for f in run.findings], list(run.crashes), list(run.unused_suppressions))

    def recording(self, program, active):
        run = self.real(program, active)
        self.runs[program.body] = self._copy(run)
        return run

    def replaying(self, program, active):
        run = self.runs.get(program.body)
        if run is None:
            self.missed += 1
            return self.real(program, active)
        return self._copy(run)

    def use(self, how: Callable | None) -> None:
        self.applier.run_transforms = how if how is not None else self.real


def workloads(language: str, blocks: list[bytes]) -> tuple[Replay, dict[str, Callable[[], None]]]:
    """The recorded replay (after one recording run of the pipeline) and the three measured runs."""
    from iacfix import frontends
    from iacfix.config import Config
    from iacfix.engine import fix_text

    config = Config(unsafe_fixes=True)
    fe = frontends.get(language)
    replay = Replay()

    def pipeline() -> None:
        for b in blocks:
            fix_text(b, language, config)

    def floor() -> None:
        replay.use(replay.replaying)
        try:
            pipeline()
        finally:
            replay.use(None)

    def parse() -> None:
        for b in blocks:
            fe.parse(b)

    replay.use(replay.recording)
    try:
        pipeline()  # the recording, and the warm-up of imports, parsers, queries and caches
    finally:
        replay.use(None)
    return replay, {"parse": parse, "floor": floor, "pipeline": pipeline}


def timed(args: argparse.Namespace) -> None:
    language, sub, suffix = LANGUAGES[args.lang]
    blocks = inputs(args.corpus / sub, language, suffix, args.tiny)
    replay, runs = workloads(language, blocks)
    seconds: dict[str, list[float]] = {m: [] for m in MODES}
    for k in range(args.pairs):
        order = MODES[k % 3 :] + MODES[: k % 3]
        for m in order:
            seconds[m].append(cpu_wall(runs[m])[0])
    floor_r = [f / p for f, p in zip(seconds["floor"], seconds["parse"], strict=True)]
    full_r = [f / p for f, p in zip(seconds["pipeline"], seconds["parse"], strict=True)]
    rules = [1 - f / q for f, q in zip(seconds["floor"], seconds["pipeline"], strict=True)]
    med = {m: statistics.median(v) for m, v in seconds.items()}
    print(f"{args.pairs} rounds; CPU seconds (medians); ratios to the parse per round, then their median.\n")
    print("| language | inputs | parse | floor | pipeline | floor / parse | pipeline / parse | rules' share |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {language} | {len(blocks)} | {med['parse']:.3f} s | {med['floor']:.3f} s | {med['pipeline']:.3f} s "
        f"| **{statistics.median(floor_r):.2f}x** ({spread(floor_r)}) | {statistics.median(full_r):.2f}x "
        f"({spread(full_r)}) | {statistics.median(rules):.0%} |"
    )
    if replay.missed:
        print(f"\n{replay.missed} pass texts were not recorded: the floor ran the rules on them")


# cachegrind's summary line on stderr: "==123== I   refs:      5,533,123,456"
_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _count(args: argparse.Namespace, mode: str, env: dict[str, str]) -> int:
    argv = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
        sys.executable, __file__, "--child", mode, "--lang", args.lang, "--step", str(args.step),
        "--corpus", str(args.corpus),
    ]  # fmt: skip
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    found = _I_REFS.search(done.stderr)
    if done.returncode or found is None:
        sys.exit(f"{mode}: the run failed under valgrind:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def counted(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as cache:
        env = counting_env(cache)
        # One run outside valgrind first, through every mode: it compiles every module any counted
        # run imports, which the count taken off would otherwise hold and the others not.
        subprocess.run(
            [sys.executable, __file__, "--child", "all", "--lang", args.lang, "--step", str(args.step),
             "--corpus", str(args.corpus)],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
        base = _count(args, "record", env)
        own = {m: _count(args, m, env) - base for m in MODES}
    p, f, q = own["parse"], own["floor"], own["pipeline"]
    if min(own.values()) <= 0:  # below the few thousand instructions two runs of one process differ by
        sys.exit(f"too little to count ({', '.join(f'{m} {n:,}' for m, n in own.items())}): take more blocks (--step)")
    blocks = "every block" if args.step == 1 else f"one block in {args.step}"
    print(
        f"instructions ({args.lang}, {blocks}): parse {p / 1e6:,.1f} M, floor {f / 1e6:,.1f} M, "
        f"pipeline {q / 1e6:,.1f} M; floor/parse {f / p:.2f}, pipeline/parse {q / p:.2f}, "
        f"rules' share {1 - f / q:.0%}"
    )


def child(args: argparse.Namespace) -> None:
    language, sub, suffix = LANGUAGES[args.lang]
    blocks = inputs(args.corpus / sub, language, suffix, False)[:: args.step]
    replay, runs = workloads(language, blocks)
    for mode in MODES if args.child == "all" else (args.child,) if args.child != "record" else ():
        runs[mode]()
    if replay.missed:
        sys.exit(f"{replay.missed} pass texts were not recorded")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lang", choices=sorted(LANGUAGES), default="ts")
    ap.add_argument("--pairs", type=int, default=5, help="timed rounds of the three (default 5)")
    ap.add_argument("--corpus", type=Path, default=corpus_default())
    ap.add_argument("--tiny", action="store_true", help="a few inputs (a smoke test)")
    ap.add_argument("--instructions", action="store_true", help="count instructions under valgrind instead of timing")
    ap.add_argument("--step", type=int, default=8, help="with --instructions: every Nth block (default 8)")
    ap.add_argument("--child", choices=("record", "all", *MODES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pairs < 1 or args.step < 1:
        sys.exit("--pairs and --step must be 1 or more")
    if args.child:
        child(args)
    elif args.instructions:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions: valgrind is not installed (apt-get install valgrind)")
        counted(args)
    else:
        timed(args)


if __name__ == "__main__":
    main()
