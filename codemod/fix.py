"""Fixes are data: byte-range edits with a title and an applicability.

A transform proposes `Finding`s, each maybe carrying a `Fix`; only the applier changes text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Applicability(enum.StrEnum):
    SAFE = "safe"  # keeps the program's intent; applied by default
    UNSAFE = "unsafe"  # changes behaviour or cost; applied with --unsafe-fixes
    DISPLAY = "display"  # shown, never applied

    def __str__(self) -> str:
        return self.value


class Lead(enum.Enum):
    """What an insertion at the end of the file's imports (its prologue) opens with: the
    prologue, and with it where the next declaration or import goes, moves past imports only."""

    IMPORTS = "imports"  # import lines only: the prologue now ends after them
    CODE = "code"  # opens with code: the prologue still ends before it
    MIXED = "mixed"  # imports, then code: the prologue now ends inside it


@dataclass(frozen=True)
class Append:
    """Entries added after the last entry of a container (`owner`, its span), in the separator
    state they found (a trailing comma kept, or none): the end of the entries moves past them,
    so another append proposed on the new text lands after them, with the same text."""

    owner: tuple[int, int]
    names: frozenset[str]  # the keys added


@dataclass(frozen=True)
class AfterStatement:
    """Statements put after the line of a given statement, opening with a blank line: that line's
    end does not move, so another such insertion proposed on the new text lands before them. It is
    then followed by their blank line, so its last `apart` characters, written only to keep it
    apart from code that followed the statement, are not written."""

    statement: int  # where that statement starts
    names: frozenset[str]  # the resource classes and variables it declares
    apart: int = 0


@dataclass(frozen=True)
class AtPrologue:
    """Declarations or imports put at the end of the file's prologue (its docstring and opening
    imports): another one proposed on the new text lands after the imports put there, before the
    code (see Lead)."""

    names: frozenset[str]  # the names declared, the import lines written
    lead: Lead


# What an insertion is anchored to, as the edit kit that wrote it knows: what lets the applier put
# two fixes' insertions at one point in one pass, in the order passes would give (applier._slot).
Place = Append | AfterStatement | AtPrologue


@dataclass(frozen=True, order=True)
class Edit:
    """Replace body bytes [start, end) with `text` (UTF-8 encoded on apply). `place` says what an
    insertion is anchored to (None: unknown, and it never shares its point with another fix's)."""

    start: int
    end: int
    text: str = ""
    place: Place | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad edit range {self.start}..{self.end}")

    @classmethod
    def insert(cls, at: int, text: str, place: Place | None = None) -> Edit:
        return cls(at, at, text, place)

    @classmethod
    def delete(cls, start: int, end: int) -> Edit:
        return cls(start, end, "")


@dataclass(frozen=True)
class Fix:
    """A titled set of edits that fixes one finding, applied together or not at all."""

    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    # A clean-up fix (Transform.cleanup) names what it takes out of the program (the local names
    # of the imports it drops): the applier applies it beside other rules' fixes when none of
    # their edits writes one of these names, and in a later pass otherwise. Empty: always later.
    removes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.title:
            raise ValueError("every fix needs a title")
        if not self.edits:
            raise ValueError("a fix needs at least one edit")
        edits = _normalised(self.edits)
        object.__setattr__(self, "edits", edits)
        for a, b in zip(edits, edits[1:], strict=False):
            if b.start < a.end or (a.start == a.end == b.start == b.end):
                raise ValueError(f"fix {self.title!r} has overlapping edits")

    @property
    def start(self) -> int:
        return min(e.start for e in self.edits)

    @property
    def end(self) -> int:
        return max(e.end for e in self.edits)


@dataclass
class Finding:
    """What a transform found: a rule, a message, the span it is about, and maybe a fix."""

    rule: str  # transform id, e.g. IAC001
    message: str
    start: int  # body byte span the finding is about
    end: int
    fix: Fix | None = None
    severity: str = "medium"
    anchor: int | None = None  # where suppression comments are looked up (resource start)
    data: dict[str, Any] = field(default_factory=dict)
    # What the user can do about it, when the finding cannot say it alone (a value to configure):
    # the same help on many findings is printed once.
    help: str | None = None
    # Filled by the applier: 1-based line/column of `start` in the body it was found in.
    line: int = 0
    column: int = 0

    @property
    def fixable(self) -> bool:
        return self.fix is not None and self.fix.applicability is not Applicability.DISPLAY


def _normalised(edits: tuple[Edit, ...] | list[Edit]) -> tuple[Edit, ...]:
    """A fix's edits in order, the same edit once, deletions that overlap or touch merged into one
    (a statement removed together with a reference inside it); other overlaps stay, and fail."""
    out: list[Edit] = []
    for e in sorted(set(edits), key=lambda e: (e.start, e.end, e.text)):
        if (
            out
            and not e.text
            and not out[-1].text
            and e.start <= out[-1].end
            and out[-1].start < out[-1].end
            and e.start < e.end
        ):
            prev = out.pop()
            out.append(Edit(prev.start, max(prev.end, e.end), ""))
            continue
        out.append(e)
    return tuple(out)


def apply_edits(body: bytes, edits: list[Edit]) -> bytes:
    """Splice non-overlapping edits into body. Callers guarantee no overlap."""
    out: list[bytes] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < pos:
            raise ValueError("overlapping edits")
        out.append(body[pos : e.start])
        out.append(e.text.encode("utf-8"))
        pos = e.end
    out.append(body[pos:])
    return b"".join(out)
