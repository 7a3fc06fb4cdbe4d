"""Notes are typed: the CLI and the tests match on their kind, never on their wording."""

from __future__ import annotations

import json

from iacfix.applier import ActiveTransform, fix_code
from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.notes import Note, NoteKind, of_kind
from iacfix.rules import Context, RuleDoc, Transform

_DOC = RuleDoc("w", "y", "b", "a", "s")


class _Boom(Transform):
    id = "IAC999"
    slug = "boom"
    title = "always raises"
    doc = _DOC

    def check(self, program, ctx):
        raise ValueError("no")


def test_a_crashing_transform_is_a_crashed_note_naming_it():
    res = fix_code(b'import * as aws from "@pulumi/aws";\n', "typescript", [ActiveTransform(_Boom(), Context())])
    [note] = res.notes
    assert note.kind is NoteKind.CRASHED and note.rule == "IAC999"
    assert str(note) == "IAC999: crashed: ValueError: no"


def test_a_syntax_error_is_a_note_with_its_line():
    res = fix_text("const a = 1;\nconst b = ;\n", "typescript", Config())
    [note] = of_kind(res.notes, NoteKind.SYNTAX_ERROR)
    assert note.line == 2 and note.block is None


def test_a_markdown_block_that_does_not_parse_names_the_block_and_the_file_line():
    md = ("# Answer\n\n```typescript\n// lib/a.ts\nconst b = ;\n```\n\n```typescript\n"
          'import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("g", {});\n```\n')
    res = fix_text(md, "markdown", Config(select=("IAC005",)))
    [note] = of_kind(res.notes, NoteKind.BLOCK_UNPARSED)  # a note about the block, not an input error
    assert note.block is not None and note.line == 5
    assert not of_kind(res.notes, NoteKind.SYNTAX_ERROR)
    assert res.changed  # the other block was fixed all the same


def test_unused_suppression_is_typed_in_the_json_report():
    from iacfix.report import json_report

    res = fix_text('import * as aws from "@pulumi/aws";\n// iacfix: ignore[IAC005]\nconst x: aws.s3.Bucket | undefined = undefined;\nexport { x };\n',
                   "typescript", Config())
    data = json.loads(json.dumps(json_report([res])))
    [note] = data["files"][0]["notes"]
    assert note["kind"] == "unused-suppression" and note["line"] == 2


def test_note_in_block_moves_the_line_into_the_file():
    n = Note(NoteKind.REFUSED, "refused fix 'x': it would break the syntax", "IAC005", 3)
    m = n.in_block("lib/a.ts", 10)
    assert (m.line, m.block, m.rule) == (13, "lib/a.ts", "IAC005")
    assert str(m) == "lib/a.ts: line 13: IAC005: refused fix 'x': it would break the syntax"
