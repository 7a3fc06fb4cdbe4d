"""How far can speed work on the rules go? The bare parse, the engine's floor and the full pipeline
of one checkout, on the same inputs. One command:

    .venv/bin/python benchmarks/floor.py [--lang ts|py] [--pairs N] [--corpus PATH] [--tiny]
    .venv/bin/python benchmarks/floor.py --instructions [--lang ts|py] [--step N]
    .venv/bin/python benchmarks/floor.py --passes [--lang ts|py] [--pairs N]   # time by pass, fixed texts apart
    .venv/bin/python benchmarks/floor.py --later [--lang ts|py] [--pairs N] [--instructions]
    .venv/bin/python benchmarks/floor.py --native [--lang ts|py] [--pairs N]   # the compiled libraries' calls alone

The floor is the full pipeline (`fix_text`: every transform, unsafe fixes, the fix-point loop) with
the rules' own work taken out. A first run records what the rules found on every pass, by the pass's
text; the floor then hands those findings back instead of running a rule. Everything else runs as
in the pipeline, pass for pass: the parse, the model's build on every pass and its release,
choosing and applying the edits, the re-parse, validation, the report. So the floor is what the
engine costs whatever the rules do, and the pipeline less the floor is what the rules cost, with
the conversions their questions force (the model converts lazily: what no rule reads is never
converted). A goal below the floor cannot be reached by work on the rules.

`--later` takes out only the rules' work of the passes after the first (the confirming pass, and
the passes that write what an earlier one deferred): what rules whose results were kept across
passes, recomputed only where an edit reached, would save at best. The first pass, every build and
everything else run as in the pipeline.

`--native` times only the pipeline's calls into compiled libraries: tree-sitter's parse and
re-parses, its queries, and for Python CPython's `compile` and LibCST's parser (the proof of a
changed output). No Python layer, however fast, makes these cheaper: they bound from below what
any model and rules written in Python can reach. Each call is timed by cProfile (CPU time), the
bare parse under the same profiler, in `--pairs` alternating rounds.

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
import time
from collections.abc import Callable
from pathlib import Path

from run import LANGS, corpus_default, counting_env, cpu_wall, inputs, interleaved, spread

LANGUAGES = {"ts": LANGS[0], "py": LANGS[1]}
MODES = ("parse", "floor", "pipeline")


class Replay:
    """The rules' findings of each pass, recorded by the pass's text and handed back.

    It stands in for `applier.run_transforms` (the one call through which a pass asks its rules):
    the build before it and everything after it run as they do."""

    def __init__(self, later: bool = False, first: frozenset[bytes] = frozenset()) -> None:
        from iacfix import applier

        self.applier = applier
        self.real = applier.run_transforms
        self.runs: dict[bytes, object] = {}
        self.missed = 0  # texts asked for that were never recorded (the floor then runs the rules)
        # With `later`, the texts given (each input, its first pass) run their rules as they do. A
        # later pass's text that is also an input (duplicate blocks) runs them too: the saving
        # measured is then a little less than the ceiling, never more.
        self.keep = first if later else frozenset()

    def _copy(self, run):
        # The applier sets a finding's line and may drop its fix: each pass gets findings of its own.
        return type(run)([copy.copy(f) for f in run.findings], list(run.crashes), list(run.unused_suppressions))

    def recording(self, program, active):
        run = self.real(program, active)
        self.runs[program.body] = self._copy(run)
        return run

    def replaying(self, program, active):
        if program.body in self.keep:
            return self.real(program, active)
        run = self.runs.get(program.body)
        if run is None:
            self.missed += 1
            return self.real(program, active)
        return self._copy(run)

    def use(self, how: Callable | None) -> None:
        self.applier.run_transforms = how if how is not None else self.real


def workloads(language: str, blocks: list[bytes], later: bool = False) -> tuple[Replay, dict[str, Callable[[], None]]]:
    """The recorded replay (after one recording run of the pipeline) and the three measured runs;
    `later`: the floor replays only the passes after the first."""
    from iacfix import frontends
    from iacfix.config import Config
    from iacfix.engine import fix_text

    config = Config(unsafe_fixes=True)
    fe = frontends.get(language)
    replay = Replay(later, frozenset(blocks))

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
    replay, runs = workloads(language, blocks, args.later)
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
    floor = "floor (later passes)" if args.later else "floor"
    share = _share(args)
    print(f"| language | inputs | parse | {floor} | pipeline | {floor} / parse | pipeline / parse | {share} |")
    print("|---|---|---|---|---|---|---|---|")
    print(
        f"| {language} | {len(blocks)} | {med['parse']:.3f} s | {med['floor']:.3f} s | {med['pipeline']:.3f} s "
        f"| **{statistics.median(floor_r):.2f}x** ({spread(floor_r)}) | {statistics.median(full_r):.2f}x "
        f"({spread(full_r)}) | {statistics.median(rules):.0%} |"
    )
    if replay.missed:
        print(f"\n{replay.missed} pass texts were not recorded: the floor ran the rules on them")


def _share(args: argparse.Namespace) -> str:
    """What the pipeline less the floor is, as the tables name it."""
    return "later passes' rules' share" if args.later else "rules' share"


def by_pass(args: argparse.Namespace) -> None:
    """Where the pipeline goes by pass, and by what happens to a text. One run of `fix_text` over
    every block times each call that runs a pass's rules (`applier._run`: the build, the rules,
    the release) by its pass number; the rest of `fix_text` is the parse, re-parses, validation
    and the report. Then the texts with nothing to fix and the texts fixed are timed apart, each
    against its own parse, in `--pairs` rounds (ratios per round, then their median)."""
    from collections import Counter

    from iacfix import applier, frontends
    from iacfix.config import Config
    from iacfix.engine import fix_text

    language, sub, suffix = LANGUAGES[args.lang]
    blocks = inputs(args.corpus / sub, language, suffix, args.tiny)
    config, fe, real = Config(unsafe_fixes=True), frontends.get(language), applier._run
    for b in blocks[:50]:
        fix_text(b, language, config)  # warm up: imports, parsers, queries, caches
    seconds: Counter[int] = Counter()
    texts: Counter[int] = Counter()  # texts by how many passes ran their rules
    n = 0

    def timed_run(*a, **k):
        nonlocal n
        n += 1
        t = time.process_time()
        try:
            return real(*a, **k)
        finally:
            seconds[n] += time.process_time() - t

    kinds: dict[str, list[bytes]] = {"nothing to fix": [], "fixed": []}
    applier._run = timed_run
    try:
        t0 = time.process_time()
        for b in blocks:
            n = 0
            kinds["fixed" if fix_text(b, language, config).changed else "nothing to fix"].append(b)
            texts[n] += 1
        total = time.process_time() - t0
    finally:
        applier._run = real
    print(f"{language}, {len(blocks)} inputs, `fix_text` {total:.2f} s CPU.\n")
    print("| pass | texts | share of `fix_text` |")
    print("|---|---|---|")
    for k in sorted(seconds):
        print(f"| {k} | {sum(v for m, v in texts.items() if m >= k)} | {seconds[k] / total:.0%} |")
    print(f"| parse, re-parses, validation, report | | {1 - sum(seconds.values()) / total:.0%} |\n")
    print("| texts | inputs | MB | pipeline / parse |")
    print("|---|---|---|---|")
    for kind, group in kinds.items():
        ratios = interleaved(
            lambda g=group: [fe.parse(b) for b in g],
            lambda g=group: [fix_text(b, language, config) for b in g],
            args.pairs,
        )[2]
        mb = sum(map(len, group)) / 1e6
        print(f"| {kind} | {len(group)} | {mb:.2f} | {statistics.median(ratios):.2f}x ({spread(ratios)}) |")


# The functions written in C the pipeline calls, by the part of the table they belong to, as
# cProfile names them. LibCST is timed apart (_native_seconds).
NATIVE_PARTS = {
    "<method 'parse' of 'tree_sitter.Parser' objects>": "parse and re-parses",
    "<method 'captures' of 'tree_sitter.QueryCursor' objects>": "queries",
    "<method 'matches' of 'tree_sitter.QueryCursor' objects>": "queries",
    "<built-in method builtins.compile>": "compile",
}
NATIVE_COLUMNS = ("parse and re-parses", "queries", "compile", "LibCST")
GOALS = {"typescript": 3.0, "python": 4.0}  # issue 17's: the pipeline within this many bare parses


def _native_seconds(run: Callable[[], None]) -> tuple[dict[str, float], dict[str, int]]:
    """CPU seconds and calls of `run` inside each part of NATIVE_COLUMNS. A C function's calls are
    timed by cProfile (each from its entry to its return: the profiler's own work is outside).
    LibCST's parser is native but builds its tree of Python objects, which the profiler would
    slow: `parse_module` is timed with the profiler off."""
    import cProfile
    import pstats

    import libcst

    prof = cProfile.Profile(time.process_time)
    seconds = dict.fromkeys(NATIVE_COLUMNS, 0.0)
    calls = dict.fromkeys(NATIVE_COLUMNS, 0)
    real = libcst.parse_module

    def parse_module(*args, **kwargs):
        prof.disable()
        t = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            seconds["LibCST"] += time.process_time() - t
            calls["LibCST"] += 1
            prof.enable()

    libcst.parse_module = parse_module  # (the front end reads it from the module at each call)
    prof.enable()
    try:
        run()
    finally:
        prof.disable()
        libcst.parse_module = real
    for (path, _, name), (_, ncalls, own, _, _) in pstats.Stats(prof).stats.items():  # type: ignore[attr-defined]
        part = NATIVE_PARTS.get(name) if path == "~" else None
        if part is not None:
            seconds[part] += own
            calls[part] += ncalls
    return seconds, calls


def native(args: argparse.Namespace) -> None:
    language, sub, suffix = LANGUAGES[args.lang]
    blocks = inputs(args.corpus / sub, language, suffix, args.tiny)
    _, runs = workloads(language, blocks)  # (its recording run is the warm-up)
    bare: list[float] = []
    parts: dict[str, list[float]] = {c: [] for c in NATIVE_COLUMNS}
    calls: dict[str, int] = {}
    for k in range(args.pairs):
        got = {}
        for mode in ("parse", "pipeline") if k % 2 == 0 else ("pipeline", "parse"):
            got[mode] = _native_seconds(runs[mode])
        p = got["parse"][0]["parse and re-parses"]
        bare.append(p)
        for c in NATIVE_COLUMNS:
            parts[c].append(got["pipeline"][0][c] / p)
        calls = got["pipeline"][1]
    total = [sum(parts[c][k] for c in NATIVE_COLUMNS) for k in range(args.pairs)]
    goal = GOALS[language]
    print(
        f"{args.pairs} rounds; CPU seconds inside each library call (cProfile; LibCST timed with it off), the "
        "bare parse under the same profiler; per round each part over the bare parse, then the medians (calls in brackets).\n"
    )
    head = " | ".join(NATIVE_COLUMNS)
    print(f"| language | inputs | bare parse | {head} | all four / bare parse | goal | left for Python |")
    print("|---|---|---|" + "---|" * len(NATIVE_COLUMNS) + "---|---|---|")
    cells = " | ".join(f"{statistics.median(parts[c]):.2f}x ({calls[c]:,})" for c in NATIVE_COLUMNS)
    mid = statistics.median(total)
    print(
        f"| {language} | {len(blocks)} | {statistics.median(bare):.3f} s | {cells} | **{mid:.2f}x** "
        f"({spread(total)}) | {goal:g}x | {goal - mid:.2f}x |"
    )


# cachegrind's summary line on stderr: "==123== I   refs:      5,533,123,456"
_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _child(args: argparse.Namespace, mode: str) -> list[str]:
    """The command line of one counted run (`--child`), with the options it is counted under."""
    return [
        sys.executable, __file__, "--child", mode, "--lang", args.lang, "--step", str(args.step),
        "--corpus", str(args.corpus), *(["--later"] if args.later else []),
    ]  # fmt: skip


def _count(args: argparse.Namespace, mode: str, env: dict[str, str]) -> int:
    argv = [
        "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *_child(args, mode),
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
        subprocess.run(_child(args, "all"), check=True, capture_output=True, env=env)
        base = _count(args, "record", env)
        own = {m: _count(args, m, env) - base for m in MODES}
    p, f, q = own["parse"], own["floor"], own["pipeline"]
    if min(own.values()) <= 0:  # below the few thousand instructions two runs of one process differ by
        sys.exit(f"too little to count ({', '.join(f'{m} {n:,}' for m, n in own.items())}): take more blocks (--step)")
    blocks = "every block" if args.step == 1 else f"one block in {args.step}"
    share = _share(args)
    print(
        f"instructions ({args.lang}, {blocks}): parse {p / 1e6:,.1f} M, floor {f / 1e6:,.1f} M, "
        f"pipeline {q / 1e6:,.1f} M; floor/parse {f / p:.2f}, pipeline/parse {q / p:.2f}, "
        f"{share} {1 - f / q:.0%}"
    )


def child(args: argparse.Namespace) -> None:
    language, sub, suffix = LANGUAGES[args.lang]
    blocks = inputs(args.corpus / sub, language, suffix, False)[:: args.step]
    replay, runs = workloads(language, blocks, args.later)
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
    ap.add_argument("--passes", action="store_true", help="the pipeline's time by pass, and fixed texts apart")
    ap.add_argument("--native", action="store_true", help="the pipeline's calls into compiled libraries alone")
    ap.add_argument(
        "--later", action="store_true", help="the floor takes out only the rules of the passes after the first"
    )
    ap.add_argument("--child", choices=("record", "all", *MODES), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.pairs < 1 or args.step < 1:
        sys.exit("--pairs and --step must be 1 or more")
    if args.child:
        child(args)
    elif args.passes:
        by_pass(args)
    elif args.native:
        native(args)
    elif args.instructions:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions: valgrind is not installed (apt-get install valgrind)")
        counted(args)
    else:
        timed(args)


if __name__ == "__main__":
    main()
