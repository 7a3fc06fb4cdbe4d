"""Spans of a text (a tree's nodes, a parse's errors), asked whether one of them holds a span or
an offset, or meets a range: one bisection over their union, where a scan of the list per
question grew with the square of a program (every resource asks whether a class body holds it,
every mention of an imported name whether an import does, every fix whether it meets a syntax
error). Used by the front ends and the applier alike."""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Spans:
    """Spans each two of which are nested or apart (as a tree's nodes are; zero-width ones
    included), kept as their union: sorted, disjoint starts and ends."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: Iterable[tuple[int, int]]):
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(spans):
            if starts and s < ends[-1]:  # inside (or, in no tree, across) the one before: one span
                if e > ends[-1]:
                    ends[-1] = e
            else:
                starts.append(s)
                ends.append(e)
        self.starts, self.ends = starts, ends

    def __bool__(self) -> bool:
        return bool(self.starts)

    def holds(self, start: int, end: int) -> bool:
        """Whether a span holds [start, end], ends included (`s <= start and end <= e`)."""
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and end <= self.ends[k]

    def at(self, offset: int) -> bool:
        """Whether a span holds `offset` (`s <= offset < e`)."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return k >= 0 and offset < self.ends[k]

    def meets(self, lo: int, hi: int) -> bool:
        """Whether a span [s, e) has s < hi and lo < e: the first that ends after `lo` starts
        before `hi` (a later one starts no earlier)."""
        k = bisect.bisect_right(self.ends, lo)
        return k < len(self.starts) and self.starts[k] < hi
