"""Tables kept until the process ends, moved out of the garbage collector's sight.

The taggable table and the IAM actions (and the @pulumi/aws schema, when something decodes it
whole: a run reads it entry by entry, see awsschema) are read on first use and cached for the
life of the process. Every full collection of the cyclic garbage collector scanned them again:
`apply --dry-run` on a two-line file with one resource spent about 0.2 s of its 0.53 s that way
(benchmarks/bench_startup.py). In a process iacfix owns (the command line, a batch worker)
`keep()` moves every object alive into the permanent generation (`gc.freeze`), as `cli.main`
already does at start for the modules loaded by then; reference counting still frees what a
pass lets go of (each pass's model is freed so, see Program.release). In any other process
(iacfix used as a library) it does nothing: there it would hide the caller's objects from the
caller's collector too, and any of them that later became cyclic garbage would never be freed.
"""

import gc

_owned = False


def own_process() -> None:
    """This process is iacfix's own: what it keeps for good may be moved out of the collector's sight."""
    global _owned
    _owned = True


def keep() -> None:
    """What is alive now is kept (a table just loaded and cached): collections stop scanning it."""
    if _owned:
        gc.freeze()
