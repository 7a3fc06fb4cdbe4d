"""The front ends' member_chains (read from the tree) answer what the model's definition answers
(Program.member_chains: the climb of `uses` and `parent` through model nodes), on every code block
of every markdown file of the shared corpus (skipped where it is absent), for every name the API-shape
rules ask about: the SDK's aliases, the modules imported by name, every resource's variable (fields
`this.x` / `self.x` included), at the depths they ask (4 for enum members, 1 for member reads) and
the default; and member_reads is the first access of each chain."""

from __future__ import annotations

import pytest
from conftest import corpus_root

from iacfix import frontends
from iacfix.frontends import markdown
from iacfix.model import Program, camel

CORPUS = sorted(corpus_root().glob("pulumi-*/**/*.md")) if corpus_root().is_dir() else []


def _names(prog: Program) -> list[str]:
    names = [*prog.aws_aliases, *prog.module_aliases, *(r.var for r in prog.resources if r.var)]
    return sorted(set(names))


@pytest.mark.skipif(not CORPUS, reason="shared corpus absent (set IACFIX_CORPUS)")
@pytest.mark.parametrize("language", ["typescript", "python"])
def test_member_chains_from_the_tree_are_the_models_on_the_corpus(language):
    fe = frontends.get(language)
    blocks = asked = climbed = 0
    for path in CORPUS:
        raw = path.read_bytes()
        for block in markdown.code_blocks(raw, {language}):
            code = raw[block.start : block.end]
            if not code.strip():
                continue
            prog = fe.build(code, str(path))
            blocks += 1
            for name in _names(prog):
                for depth in (1, 4, 8):
                    want = Program.member_chains(prog, name, depth)
                    assert prog.member_chains(name, depth) == want, (str(path), name, depth)
                    asked += 1
                    climbed += sum(map(len, want))
                reads = [(r.var, r.prop, r.start, r.end, r.prop_start, r.prop_end) for r in prog.member_reads(name)]
                firsts = [c[0] for c in Program.member_chains(prog, name, 1) if c and c[0].prop_start is not None]
                assert reads == [(name, camel(a.prop), a.start, a.end, a.prop_start, a.prop_end) for a in firsts]
    # The corpus was read, and its chains are not all empty (the comparison compared something).
    assert blocks > 1000 and asked > 10000 and climbed > 10000, (blocks, asked, climbed)
