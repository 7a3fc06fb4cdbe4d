"""What happened to a file besides its findings: typed notes.

The applier, the engine and the markdown front end say what they refused, skipped or could not do
as `Note`s with a kind. The command line decides exit codes and the tests match on `kind`, never
on the wording; `str(note)` is the one line a person reads.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class NoteKind(enum.StrEnum):
    # The input: code that does not parse (nothing in it is fixed).
    SYNTAX_ERROR = "syntax-error"
    # A fix not applied because the code around it has syntax errors.
    IN_BROKEN_CODE = "in-broken-code"
    # A markdown block left as it is (not UTF-8).
    BLOCK_SKIPPED = "block-skipped"
    # A markdown block that does not parse (a requirements.txt tagged python, a snippet with
    # `...`): a note, not an input error; the other blocks are fixed, the exit code is the file's.
    BLOCK_UNPARSED = "block-unparsed"
    # The applier: a fix refused because it would break the parse ...
    REFUSED = "refused"
    # ... or every fix refused because the result would not be valid in the language.
    INVALID_RESULT = "invalid-result"
    # The fix-point loop: a transform still proposing after the cap, or fixes undoing each other.
    NOT_CONVERGED = "not-converged"
    CYCLE = "cycle"
    # A transform raised: its findings for this file are lost, the others are kept.
    CRASHED = "crashed"
    # A suppression comment that suppressed nothing.
    UNUSED_SUPPRESSION = "unused-suppression"

    def __str__(self) -> str:
        return self.value


# Kinds that mean iacfix itself fell short (a test on any input must not see them).
TOOL_PROBLEMS = frozenset(
    {NoteKind.REFUSED, NoteKind.INVALID_RESULT, NoteKind.NOT_CONVERGED, NoteKind.CYCLE, NoteKind.CRASHED}
)


@dataclass(frozen=True)
class Note:
    """Something the user should know about a file that is not a finding (a refused fix...)."""

    kind: NoteKind
    message: str  # what happened, without where: "refused fix 'Add tags': it would break the syntax"
    rule: str | None = None  # the transform concerned, if one is
    line: int | None = None  # 1-based, in the file (markdown: the file, not the block)
    block: str | None = None  # the markdown block's name, when inside one

    def __str__(self) -> str:
        block = f"{self.block}: " if self.block else ""
        line = f"line {self.line}: " if self.line is not None else ""
        rule = f"{self.rule}: " if self.rule and not self.message.startswith(self.rule) else ""
        return f"{block}{line}{rule}{self.message}"

    def in_block(self, block: str, line_offset: int) -> Note:
        """The same note, seen from the markdown file that holds the block."""
        line = self.line + line_offset if self.line is not None else None
        return Note(self.kind, self.message, self.rule, line, block)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "message": self.message,
            "rule": self.rule,
            "line": self.line,
            "block": self.block,
            "text": str(self),
        }


def of_kind(notes: list[Note], *kinds: NoteKind) -> list[Note]:
    want = set(kinds)
    return [n for n in notes if n.kind in want]
