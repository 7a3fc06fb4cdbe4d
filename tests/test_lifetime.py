"""Tables kept for the life of the process leave the garbage collector's sight only in a
process iacfix owns (lifetime): the command line and its batch workers, never a library caller.

Each case runs in a child process: freezing is for the whole process, and pytest's is not ours.
"""

from __future__ import annotations

import subprocess
import sys

from conftest import MODEL

# After the run: is the taggable table still scanned by collections? (gc.get_objects() lists
# what they scan; the permanent generation is not in it.) And was the @pulumi/aws schema read
# entry by entry, never decoded whole?
PROBE = """
import gc, sys
how, path = sys.argv[1:]
if how == "cli":
    sys.argv = ["iacfix", "check", "--exit-zero", path]
    from iacfix.cli import main
    try:
        main()
    except SystemExit:
        pass
else:
    from iacfix.engine import fix_text
    fix_text(open(path, "rb").read(), "typescript")
from iacfix import awsdata, awsschema
scanned = {id(o) for o in gc.get_objects()}
whole, entries = awsschema.schema.cache_info().currsize, awsschema._section.cache_info().currsize
loaded = awsdata.taggable_table.cache_info().currsize
print(whole, entries > 0, loaded, id(awsdata.taggable_table()) in scanned, gc.get_freeze_count() > 0)
"""


def probe(how: str) -> str:
    path = MODEL / "seed_scenario.ts"  # resources with arguments and tags: both tables are read
    proc = subprocess.run([sys.executable, "-c", PROBE, how, str(path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_the_command_line_keeps_its_tables_out_of_the_collector_s_sight():
    assert probe("cli") == "0 True 1 False True"


def test_a_library_caller_s_collector_is_left_as_it_was():
    assert probe("library") == "0 True 1 True False"


def _owned(_task) -> bool:
    from iacfix import lifetime

    return lifetime._owned


def test_a_batch_worker_owns_its_process():
    """A worker is iacfix's own process even when the one that started it (here pytest) is not."""
    from iacfix import lifetime
    from iacfix.batch.pool import Pool

    pool = Pool(2, lambda: None, ())
    try:
        got = [owned for _, owned in pool.map(_owned, list(range(4)), 1)]
    finally:
        pool.close()
    assert got == [True] * 4 and lifetime._owned is False
