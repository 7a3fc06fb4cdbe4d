"""An ordered, bounded process pool that survives its workers dying.

`multiprocessing.Pool` loses the task of a worker killed by a signal (the OOM killer, a
segfault in a native parser) and waits for its result forever. Here each worker has its own
pipe and the parent knows which chunk every worker holds and how far into it the worker got
(results come back in small groups). When a worker dies, the tasks of its chunk with no result
yet are sent again one per chunk to fresh workers: a task that kills its worker again, alone, is
reported as failed (`TaskFailed`), the others get their results, and the batch goes on. A task
that raises is a `TaskFailed` too: one bad input never stops the batch.

Results are yielded in input order; the number of tasks handed out but not yet yielded is
bounded, so a dataset is streamed, never loaded. With `jobs == 1` everything runs in this
process (a debugger works).
"""

from __future__ import annotations

import multiprocessing as mp
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any

#: Consecutive worker deaths without a single finished task before the batch gives up.
MAX_IDLE_DEATHS = 5
#: Results a worker sends in one message (one message per result costs ~35 us of the parent's
#: time per task; a chunk's results all at once would make a death lose more work).
RESULTS_PER_MESSAGE = 8


@dataclass(frozen=True)
class TaskFailed:
    """In place of a result: why the task has none (the exception it raised, or its worker died)."""

    reason: str
    pid: int | None = None  # the worker that died running it, if it died


class PoolBroken(RuntimeError):
    """Workers die before doing any work (e.g. they cannot start): the batch cannot go on."""


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "worker process died"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        hint = " (out of memory?)" if -code == signal.SIGKILL else ""
        return f"worker process was killed by {name}{hint} while fixing this input"
    return f"worker process exited with code {code} while fixing this input"


def call(fn: Callable[[Any], Any], task: Any) -> Any:
    """Run one task; any exception becomes a TaskFailed (KeyboardInterrupt/SystemExit pass)."""
    try:
        return fn(task)
    except Exception as exc:
        return TaskFailed(f"internal error: {type(exc).__name__}: {exc}")


def _worker_main(conn, init: Callable[..., None], init_args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    from ..lifetime import own_process

    own_process()  # (forked from the command line it is already; started anew it is not)
    init(*init_args)
    while True:
        try:
            msg = conn.recv()
        except EOFError:
            return
        if msg is None:
            return
        cid, fn, tasks = msg
        buf: list = []
        first = 0
        for i, task in enumerate(tasks):
            buf.append(call(fn, task))
            if len(buf) >= RESULTS_PER_MESSAGE or i == len(tasks) - 1:
                conn.send((cid, first, buf))
                first, buf = i + 1, []


@dataclass
class _Chunk:
    cid: int
    first_seq: int  # sequence number of tasks[0]
    tasks: list
    done: int = 0  # results received
    alone: bool = False  # re-sent alone after its worker died: a death now is this task's doing


class _Worker:
    def __init__(self, ctx, init, init_args):
        parent, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main, args=(child, init, init_args), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        self.chunks: deque[_Chunk] = deque()  # sent, not finished; the first is being worked on


class Pool:
    """`map(fn, tasks, chunksize)` yields `(task, result)` in input order; result may be TaskFailed."""

    # One chunk per worker at a time: a chunk is sent only to a worker that has sent every result
    # of the last one (so it is waiting in recv). With two, the parent could block sending a big
    # chunk to a worker that is itself blocked sending big results back: both wait forever.
    PER_WORKER = 1

    def __init__(self, jobs: int, init: Callable[..., None], init_args: tuple):
        self.jobs = max(1, jobs)
        self._init, self._init_args = init, init_args
        self._workers: list[_Worker] = []
        self._on_death: Callable[[list, int], None] | None = None
        if self.jobs == 1:
            init(*init_args)
            return
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self._ctx = mp.get_context(method)
        self._workers = [_Worker(self._ctx, init, init_args) for _ in range(self.jobs)]

    # -- the work ---------------------------------------------------------------------------
    def map(
        self, fn: Callable, tasks: Iterable, chunksize: int, on_death: Callable[[list, int], None] | None = None
    ) -> Iterator[tuple[Any, Any]]:
        """`on_death(tasks, pid)` is told which tasks a dead worker had not finished (to clean up
        what it may have left, e.g. a temporary file named after its pid)."""
        self._on_death = on_death
        if not self._workers:
            for t in tasks:
                yield t, call(fn, t)
            return
        it = iter(tasks)
        exhausted = False
        queue: deque[_Chunk] = deque()  # chunks to (re)send
        results: dict[int, tuple[Any, Any]] = {}
        next_seq = 0  # next sequence number to hand out
        next_out = 0  # next sequence number to yield
        cid = 0
        limit = self.jobs * 8 * max(1, chunksize)  # tasks handed out and not yet yielded
        idle_deaths = 0

        def draw() -> _Chunk | None:
            nonlocal exhausted, next_seq, cid
            if exhausted:
                return None
            buf = []
            for t in it:
                buf.append(t)
                if len(buf) >= chunksize:
                    break
            if not buf:
                exhausted = True
                return None
            ch = _Chunk(cid, next_seq, buf)
            cid += 1
            next_seq += len(buf)
            return ch

        while True:
            # hand out work
            for w in self._workers:
                while len(w.chunks) < self.PER_WORKER:
                    ch = queue.popleft() if queue else (draw() if next_seq - next_out < limit else None)
                    if ch is None:
                        break
                    if ch.cid < 0:
                        ch.cid = cid
                        cid += 1
                    w.conn.send((ch.cid, fn, ch.tasks[ch.done :]))
                    ch.tasks, ch.first_seq, ch.done = ch.tasks[ch.done :], ch.first_seq + ch.done, 0
                    w.chunks.append(ch)
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            busy = [w for w in self._workers if w.chunks]
            if not busy:
                if exhausted and not queue:
                    return
                continue  # room freed by yielding: hand out more
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy])
            for w in busy:
                if w.conn in ready or w.proc.sentinel in ready:
                    if self._drain(w, results):
                        idle_deaths = 0
                    if w.proc.sentinel in ready and not w.proc.is_alive():
                        idle_deaths = self._replace(w, queue, results, idle_deaths)

    def _drain(self, w: _Worker, results: dict) -> bool:
        got = False
        try:
            while w.chunks and w.conn.poll():
                cid, first, batch = w.conn.recv()
                ch = w.chunks[0]
                assert cid == ch.cid and first == ch.done, (cid, first, ch.cid, ch.done)
                for res in batch:
                    results[ch.first_seq + ch.done] = (ch.tasks[ch.done], res)
                    ch.done += 1
                got = True
                if ch.done == len(ch.tasks):
                    w.chunks.popleft()
        except (EOFError, OSError):
            pass  # the worker is gone; the sentinel says so
        return got

    def _replace(self, w: _Worker, queue: deque, results: dict, idle_deaths: int) -> int:
        """A worker died. Running a task alone, that task failed; else the tasks of its chunk
        with no result go back to the queue first, one per chunk, to find the one that kills."""
        w.proc.join()
        pid = w.proc.pid
        reason = _describe_exit(w.proc.exitcode)
        redo: list[_Chunk] = []
        if w.chunks:
            ch = w.chunks.popleft()
            if self._on_death is not None and pid is not None:
                self._on_death(ch.tasks[ch.done :], pid)
            if ch.alone:
                results[ch.first_seq] = (ch.tasks[0], TaskFailed(reason, pid))
            else:
                redo.extend(
                    _Chunk(-1, ch.first_seq + i, [ch.tasks[i]], alone=True) for i in range(ch.done, len(ch.tasks))
                )
            idle_deaths = 0
        else:
            idle_deaths += 1
            if idle_deaths >= MAX_IDLE_DEATHS:
                raise PoolBroken(f"worker processes keep dying before doing any work ({reason})")
        redo.extend(w.chunks)
        queue.extendleft(reversed(redo))
        w.conn.close()
        fresh = _Worker(self._ctx, self._init, self._init_args)
        self._workers[self._workers.index(w)] = fresh
        return idle_deaths

    # -- the end ----------------------------------------------------------------------------
    def close(self, abort: bool = False) -> None:
        """Stop the workers. `abort` (Ctrl-C, an error): SIGTERM at once; a worker in the middle
        of writing a file finishes that write first (files.atomic_write defers the signal)."""
        for w in self._workers:
            if abort:
                if w.proc.is_alive():
                    w.proc.terminate()
            else:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
        for w in self._workers:
            w.proc.join(timeout=10)
            if w.proc.is_alive():  # pragma: no cover - a worker stuck in native code
                w.proc.kill()
                w.proc.join()
            w.conn.close()
        self._workers = []

    @property
    def pids(self) -> list[int]:
        return [w.proc.pid for w in self._workers if w.proc.pid is not None]
