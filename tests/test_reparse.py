"""The applier re-parses only what a pass changed (tree-sitter's incremental parse): the tree it
gets is the tree a fresh parse of the new text gives, node for node, in both languages."""

from __future__ import annotations

import pytest

from iacfix.fix import Edit, apply_edits
from iacfix.frontends import python as py
from iacfix.frontends import typescript as ts

TS = ('import * as aws from "@pulumi/aws";\n// é ü: multibyte before the edits\n'
      'const b = new aws.s3.Bucket("b", { tags: { a: "1" } });\n'
      'new aws.cloudwatch.LogGroup("g", {});\n')
PY = ('import pulumi_aws as aws\n# é ü: multibyte before the edits\n'
      'b = aws.s3.Bucket("b", tags={"a": "1"})\n'
      'aws.cloudwatch.LogGroup("g")\n')


def _nodes(tree):
    out, stack = [], [tree.root_node]
    while stack:
        n = stack.pop()
        out.append((n.type, n.start_byte, n.end_byte, n.start_point, n.end_point, n.is_error, n.is_missing))
        stack.extend(reversed(n.children))
    return out


def _edits(src: str, fe) -> list[Edit]:
    body = src.encode()
    at = body.index(b"{}" if fe is ts else b'("g")') + 1
    tag = body.index(b'"1"')
    return [
        Edit.insert(tag + 3, ', b: "2\\né"' if fe is ts else ', "b": "2é"'),  # on one line, multibyte
        Edit(at, at + (0 if fe is ts else 3), ' retentionInDays: 14,\n  x: 1 ' if fe is ts else
             '"g",\n    retention_in_days=14'),  # across lines
        Edit.insert(len(body), "\n// end\n" if fe is ts else "\n# end\n"),
        Edit.insert(body.index(b"\n") + 1, ""),  # an empty edit
        # A new line near the top: every statement after it is reused, one row further down.
        Edit.insert(body.index(b"//" if fe is ts else b"#"), "const z = 1;\n" if fe is ts else "z = 1\n"),
    ]


@pytest.mark.parametrize("fe,src", [(ts, TS), (py, PY)], ids=["typescript", "python"])
def test_reparse_is_a_fresh_parse(fe, src):
    body = src.encode()
    edits = _edits(src, fe)
    new = apply_edits(body, edits)
    again = fe.reparse(fe.parse(body), edits, new)
    fresh = fe.parse(new)
    assert again.error_count == fresh.error_count == 0
    assert _nodes(again.tree) == _nodes(fresh.tree)


@pytest.mark.parametrize("fe,src", [(ts, TS), (py, PY)], ids=["typescript", "python"])
def test_reparse_sees_a_new_syntax_error_and_leaves_the_old_tree(fe, src):
    body = src.encode()
    parsed = fe.parse(body)
    before = _nodes(parsed.tree)
    at = body.index(b"{ a:" if fe is ts else b'{"a"')
    new = apply_edits(body, [Edit.delete(at, at + 1)])
    assert fe.reparse(parsed, [Edit.delete(at, at + 1)], new).error_count == fe.parse(new).error_count > 0
    assert _nodes(parsed.tree) == before  # the pass's own tree is not touched
