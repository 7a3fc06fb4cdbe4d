"""Unified diffs made from the applier's edit log, in time linear in the file.

difflib compares the whole of both texts line by line; on a large, repetitive file (one program
replicated, thousands of identical `}` lines) its matcher is quadratic, and it was most of
`apply --dry-run` on such files. The applier already knows exactly which bytes it changed: each
pass's edits, in that pass's input coordinates (`CodeResult.edit_log`). `compose` folds those
passes into changed spans of the original, each with its place in the output; `unified_diff`
widens each span to whole lines, line-diffs only inside those spans (difflib's own matcher on a
few lines), and writes the hunks exactly as `difflib.unified_diff` formats them. Where difflib's
hunks are minimal the output is byte for byte difflib's (tests/test_diff.py compares them on
random edits).

Lines are split as `str.splitlines` splits them (what the difflib diff did), on text decoded with
`surrogateescape` so that every line has an exact byte length; stray non-UTF-8 bytes (markdown prose)
are shown as U+FFFD, as `decode("utf-8", "replace")` showed them.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Protocol

# (a0, a1, b0, b1): original[a0:a1] became output[b0:b1]; everything between spans is unchanged.
Span = tuple[int, int, int, int]


class _EditLike(Protocol):
    start: int
    end: int
    text: str


def compose(passes: Iterable[Sequence[_EditLike]]) -> list[Span]:
    """Fold per-pass edits (each pass in its own input's coordinates) into changed spans.

    Linear in the number of edits and spans per pass (plus sorting a pass's edits). Spans that
    touch are merged, so the result is sorted and disjoint in both texts."""
    spans: list[Span] = []  # (a0, a1, c0, c1): c = coordinates of the current text
    for edits in passes:
        items = sorted((e.start, e.end, len(e.text.encode("utf-8"))) for e in edits)
        if not items:
            continue
        out: list[Span] = []
        shift_regions = 0  # current - original, over the spans wholly before the cursor
        shift_edits = 0  # next - current, over the edits wholly before the cursor
        i = k = 0
        while i < len(spans) or k < len(items):
            # Open a group with whichever interval starts first, then take all that touch it.
            if k >= len(items) or (i < len(spans) and spans[i][2] <= items[k][0]):
                lo, hi = spans[i][2], spans[i][3]
            else:
                lo, hi = items[k][0], items[k][1]
            in_shift = grown = 0
            while True:
                if i < len(spans) and spans[i][2] <= hi:
                    a0, a1, c0, c1 = spans[i]
                    hi = max(hi, c1)
                    in_shift += (c1 - c0) - (a1 - a0)
                    i += 1
                elif k < len(items) and items[k][0] <= hi:
                    s, e, n = items[k]
                    hi = max(hi, e)
                    grown += n - (e - s)
                    k += 1
                else:
                    break
            a_lo = lo - shift_regions
            a_hi = hi - shift_regions - in_shift
            n_lo = lo + shift_edits
            out.append((a_lo, a_hi, n_lo, n_lo + (hi - lo) + grown))
            shift_regions += in_shift
            shift_edits += grown
        spans = out
    return spans


def shifted(spans: Iterable[Span], da: int, db: int) -> list[Span]:
    return [(a0 + da, a1 + da, b0 + db, b1 + db) for a0, a1, b0, b1 in spans]


def spans_hold(a: bytes, b: bytes, spans: Sequence[Span]) -> bool:
    """Is every byte outside the spans the same in both texts (so the spans say all that changed)?"""
    pa = pb = 0
    for a0, a1, b0, b1 in spans:
        if a0 < pa or b0 < pb or a1 < a0 or b1 < b0 or a1 > len(a) or b1 > len(b):
            return False
        if a0 - pa != b0 - pb or a[pa:a0] != b[pb:b0]:
            return False
        pa, pb = a1, b1
    return len(a) - pa == len(b) - pb and a[pa:] == b[pb:]


def _common_affix(a: bytes, b: bytes) -> Span:
    """One span from the first to the last differing byte (when no edit log is at hand)."""
    n = min(len(a), len(b))
    lo, hi = 0, n  # a[:lo] == b[:lo] holds; find the longest such prefix by halving
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    p = lo
    lo, hi = 0, n - p
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid : len(a) - lo] == b[len(b) - mid : len(b) - lo]:
            lo = mid
        else:
            hi = mid - 1
    s = lo
    return (p, len(a) - s, p, len(b) - s)


def _lines(data: bytes) -> tuple[list[str], list[int], bool]:
    """The lines (as str.splitlines(keepends=True) splits them) and the byte offset of each."""
    if data.isascii():
        lines = data.decode("ascii").splitlines(keepends=True)
        sizes: Iterable[int] = map(len, lines)
        exact = True
    else:
        lines = data.decode("utf-8", "surrogateescape").splitlines(keepends=True)
        sizes = (len(ln.encode("utf-8", "surrogateescape")) for ln in lines)
        exact = False
    starts = [0, *accumulate(sizes)]
    starts.pop()  # the last sum is len(data): starts[i] is where line i begins
    return lines, starts, exact


def _regions(
    a: bytes,
    a_starts: list[int],
    a_lines: list[str],
    b: bytes,
    b_starts: list[int],
    b_lines: list[str],
    spans: Sequence[Span],
    join: int,
) -> list[tuple[int, int, int, int]]:
    """Changed spans widened to whole lines: (i1, i2, j1, j2) line ranges of a and b, merged."""
    na, nb = len(a_lines), len(b_lines)
    a_complete = na > 0 and a_lines[-1][-1:] in _TERMINATORS
    # Line ranges of a first: spans sharing a line become one region, so that the text between
    # a region's first line start and its first changed byte is unchanged (and only shifted).
    groups: list[list[int]] = []  # [l0, l1, a0, b0, a1, b1]
    for a0, a1, b0, b1 in spans:
        # First line: the one holding a0 (at a line start, a "\r" before it could join a "\n"
        # inserted at a0 into one line ending: start a line earlier then).
        if a0 >= len(a):
            l0 = na if a_complete else max(na - 1, 0)
        else:
            l0 = bisect.bisect_right(a_starts, a0) - 1
        if 0 < l0 < na and a_starts[l0] == a0 and a[a0 - 1 : a0] == b"\r":
            l0 -= 1
        elif l0 == na and na > 0 and a[-1:] == b"\r":
            l0 -= 1
        # Last line: the one holding a1, inclusive (the bytes after a1 on it are unchanged).
        l1 = na if a1 >= len(a) else bisect.bisect_right(a_starts, a1)
        # Changes a few lines apart share a hunk anyway: diffing them as one region lets a line
        # between them match across (as difflib, which sees the whole file, would); a cap keeps
        # a file changed every few lines from becoming one quadratic region.
        if groups and (l0 <= groups[-1][1] or (l0 <= groups[-1][1] + join and l1 - groups[-1][0] <= _MAX_JOINED)):
            g = groups[-1]
            g[1], g[4], g[5] = max(g[1], l1), a1, b1
        else:
            groups.append([l0, l1, a0, b0, a1, b1])
    out = []
    for l0, l1, a0, b0, a1, b1 in groups:
        # The same lines in b: the text before a0 and after a1 is unchanged, only shifted.
        m0 = _b_line(b_starts, nb, len(b), (a_starts[l0] if l0 < na else len(a)) + (b0 - a0))
        m1 = nb if l1 >= na else _b_line(b_starts, nb, len(b), a_starts[l1] + (b1 - a1))
        out.append((l0, l1, m0, m1))
    return out


_MAX_JOINED = 400  # lines: changes closer than a hunk's context are joined up to this size

# What str.splitlines ends a line on (its last character), "\r\n" included through "\n".
_TERMINATORS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _b_line(starts: list[int], n: int, size: int, pos: int) -> int:
    if pos >= size:
        return n
    k = bisect.bisect_left(starts, pos)
    if k < n and starts[k] == pos:
        return k
    raise ValueError("changed span does not map to a line start")  # spans_hold() was wrong


def _opcodes(
    a_lines: list[str], b_lines: list[str], regions: list[tuple[int, int, int, int]], pad_lines: int
) -> list[tuple[str, int, int, int, int]]:
    codes: list[tuple[str, int, int, int, int]] = []

    def add(tag: str, i1: int, i2: int, j1: int, j2: int) -> None:
        if tag == "equal" and codes and codes[-1][0] == "equal":
            codes[-1] = ("equal", codes[-1][1], i2, codes[-1][3], j2)
        else:
            codes.append((tag, i1, i2, j1, j2))

    i = j = 0
    for k, (l0, l1, m0, m1) in enumerate(regions):
        # A few unchanged lines on each side, as difflib would see them: a block that repeats the
        # lines around it is then matched as difflib matches it.
        pad_before = min(pad_lines, l0 - i)
        l0, m0 = l0 - pad_before, m0 - pad_before
        nxt = regions[k + 1][0] if k + 1 < len(regions) else len(a_lines)
        pad_after = min(pad_lines, nxt - l1)
        l1, m1 = l1 + pad_after, m1 + pad_after
        if l0 > i:
            add("equal", i, l0, j, m0)
        for code in _match(a_lines, b_lines, l0, l1, m0, m1, pad_before, pad_after):
            add(*code)
        i, j = l1, m1
    if i < len(a_lines) or j < len(b_lines):
        add("equal", i, len(a_lines), j, len(b_lines))
    _slide(codes, a_lines, b_lines)
    return codes


def _match(
    a: list[str], b: list[str], l0: int, l1: int, m0: int, m1: int, pad_before: int, pad_after: int
) -> list[tuple[str, int, int, int, int]]:
    """difflib's matcher on one region, with and without its context lines; the smaller diff wins.

    With context it matches as difflib on the whole file would; but its longest-match-first rule
    can pick a long run of repeated lines ("}" x 7) that makes the diff longer than it need be, so
    the region alone is tried too, and kept when it changes fewer lines."""

    def run(i0: int, i1: int, j0: int, j1: int) -> list[tuple[str, int, int, int, int]]:
        sm = difflib.SequenceMatcher(None, a[i0:i1], b[j0:j1])
        return [(t, x1 + i0, x2 + i0, y1 + j0, y2 + j0) for t, x1, x2, y1, y2 in sm.get_opcodes()]

    def size(codes: list[tuple[str, int, int, int, int]]) -> int:
        return sum(x2 - x1 + y2 - y1 for t, x1, x2, y1, y2 in codes if t != "equal")

    wide = run(l0, l1, m0, m1)
    if not pad_before and not pad_after:
        return wide
    core = run(l0 + pad_before, l1 - pad_after, m0 + pad_before, m1 - pad_after)
    if size(core) >= size(wide):
        return wide
    return (
        [("equal", l0, l0 + pad_before, m0, m0 + pad_before)]
        + core
        + [("equal", l1 - pad_after, l1, m1 - pad_after, m1)]
    )


def _slide(codes: list[tuple[str, int, int, int, int]], a: list[str], b: list[str]) -> None:
    """Place each inserted or deleted block where difflib's matcher would.

    A block whose lines repeat the lines beside it ("}" then "}", a blank line) can sit in several
    places, all minimal. difflib takes the longest matching run first, and that run takes the
    lines the block could slide over: so the block slides away from the longer of its two
    neighbouring unchanged runs (towards the end on a tie)."""
    for t in range(len(codes)):
        tag, i1, i2, j1, j2 = codes[t]
        if tag not in ("insert", "delete"):
            continue
        prev = codes[t - 1] if t > 0 else None
        nxt = codes[t + 1] if t + 1 < len(codes) else None
        if (prev is not None and prev[0] != "equal") or (nxt is not None and nxt[0] != "equal"):
            continue
        seq, lo, hi = (b, j1, j2) if tag == "insert" else (a, i1, i2)
        before = prev[2] - prev[1] if prev else 0
        after = nxt[2] - nxt[1] if nxt else 0
        # An unchanged run between two changes keeps at least a line, else difflib would join them.
        room_up = before - (1 if t > 1 else 0)
        room_down = after - (1 if t + 2 < len(codes) else 0)
        up = 0
        while up < room_up and seq[hi - 1 - up] == seq[lo - 1 - up]:
            up += 1
        down = 0
        while down < room_down and seq[lo + down] == seq[hi + down]:
            down += 1
        if not up and not down:
            continue
        k = down if before + down >= after + up else -up
        if not k:
            continue
        codes[t] = (tag, i1 + k, i2 + k, j1 + k, j2 + k)
        if prev:
            codes[t - 1] = (prev[0], prev[1], prev[2] + k, prev[3], prev[4] + k)
        if nxt:
            codes[t + 1] = (nxt[0], nxt[1] + k, nxt[2], nxt[3] + k, nxt[4])


def _grouped(codes: list[tuple[str, int, int, int, int]], n: int):
    """difflib.SequenceMatcher.get_grouped_opcodes, on opcodes made elsewhere."""
    if not codes:
        codes = [("equal", 0, 1, 0, 1)]
    if codes[0][0] == "equal":
        tag, i1, i2, j1, j2 = codes[0]
        codes[0] = tag, max(i1, i2 - n), i2, max(j1, j2 - n), j2
    if codes[-1][0] == "equal":
        tag, i1, i2, j1, j2 = codes[-1]
        codes[-1] = tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)
    nn = n + n
    group: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in codes:
        if tag == "equal" and i2 - i1 > nn:
            group.append((tag, i1, min(i2, i1 + n), j1, min(j2, j1 + n)))
            yield group
            group = []
            i1, j1 = max(i1, i2 - n), max(j1, j2 - n)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        yield group


def _range(start: int, stop: int) -> str:
    """difflib's `_format_range_unified`."""
    beginning = start + 1
    length = stop - start
    if length == 1:
        return f"{beginning}"
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _shown(line: str, exact: bool) -> str:
    if not exact and not line.isascii():
        line = line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    # A last line without a newline, as `diff` and `git diff` mark it.
    return line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def unified_diff(a: bytes, b: bytes, spans: Sequence[Span] | None, fromfile: str, tofile: str, n: int = 3) -> str:
    """The unified diff of `a` -> `b`, given the spans that changed (from `compose`).

    Spans that do not account for every difference (or None) fall back to one span from the first
    to the last differing byte: still right, only slower on a file changed at both ends."""
    if a == b:
        return ""
    if spans is None or not spans_hold(a, b, spans):
        spans = [_common_affix(a, b)]
    a_lines, a_starts, a_exact = _lines(a)
    b_lines, b_starts, b_exact = _lines(b)
    try:
        regions = _regions(a, a_starts, a_lines, b, b_starts, b_lines, spans, 2 * n)
    except ValueError:  # a span that cannot be placed on lines: diff the whole changed middle
        regions = _regions(a, a_starts, a_lines, b, b_starts, b_lines, [_common_affix(a, b)], 2 * n)
    out: list[str] = []
    for group in _grouped(_opcodes(a_lines, b_lines, regions, n), n):
        if not out:
            out.append(f"--- {fromfile}\n+++ {tofile}\n")
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(" " + _shown(ln, a_exact) for ln in a_lines[i1:i2])
                continue
            if tag in ("replace", "delete"):
                out.extend("-" + _shown(ln, a_exact) for ln in a_lines[i1:i2])
            if tag in ("replace", "insert"):
                out.extend("+" + _shown(ln, b_exact) for ln in b_lines[j1:j2])
    return "".join(out)
