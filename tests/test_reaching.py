"""`project.reaching`: from each file, the tags rule walks only the other files' resources whose
tags may have an origin there, and finds exactly what walking every other file's resources found.

The reference below is what the rule did before (every resource of every linked file, from each
file). The responses hold what makes a walk reach another file: a component taking its callers'
tags, a tags const two files import by name, spreads through a chain of files; and what makes it
reach none: tags written as a literal at the resource, a file no other file imports.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.project import files
from iacfix.transforms import cost_allocation_tags

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import shapes  # the benchmark's programs, grown along one dimension

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def every_item(program, arg, accept, depth):
    """Every resource `accept` takes of every other file linked to `program`, in `files` order:
    what the rule walked before."""
    return [r for p in files(program) if p is not program for r in p.resources if accept(r)]


def block(path: str, lang: str, code: str) -> str:
    return f"### `{path}`\n\n```{lang}\n{code}```\n\n"


TS_HEAD = 'import * as aws from "@pulumi/aws";\nimport * as pulumi from "@pulumi/pulumi";\n'
PY_HEAD = "import pulumi\nimport pulumi_aws as aws\n"

RESPONSES = {
    "typescript": "".join(
        [
            block("common.ts", "typescript", 'export const common = { Team: "platform" };\n'),
            block(
                "base.ts",
                "typescript",
                'import { common } from "./common";\nexport const base = { ...common, Tier: "1" };\n',
            ),
            block("shared.ts", "typescript", 'export const tags = { Project: "p" };\n'),
            block(
                "components/vpc.ts",
                "typescript",
                TS_HEAD + "export class Vpc extends pulumi.ComponentResource {\n"
                "  constructor(name: string, args: { tags?: Record<string, string> }) {\n"
                '    super("x:y:Vpc", name, {}, {});\n'
                '    new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: "10.0.0.0/16", tags: args.tags }, { parent: this });\n'
                "  }\n}\n",
            ),
            block(
                "index.ts",
                "typescript",
                TS_HEAD
                + 'import { Vpc } from "./components/vpc";\nimport { tags } from "./shared";\nimport { base } from "./base";\n'
                'new Vpc("main", { tags: { Owner: "o" } });\n'
                'new aws.sqs.Queue("q", { tags });\n'
                'new aws.sns.Topic("t", { tags: { ...base, Name: "t" } });\n'
                'new aws.s3.Bucket("b", { tags: { Name: "b" } });\n',
            ),
            block(
                "other.ts",
                "typescript",
                TS_HEAD + 'import { tags } from "./shared";\nnew aws.sqs.Queue("o", { tags });\n',
            ),
        ]
    ),
    "python": "".join(
        [
            block("common.py", "python", 'common = {"Team": "platform"}\n'),
            block("base.py", "python", 'from common import common\nbase = {**common, "Tier": "1"}\n'),
            block("shared.py", "python", 'tags = {"Project": "p"}\n'),
            block(
                "components/vpc.py",
                "python",
                PY_HEAD + "class Vpc(pulumi.ComponentResource):\n"
                "    def __init__(self, name, args):\n"
                '        super().__init__("x:y:Vpc", name, None, None)\n'
                '        aws.ec2.Vpc(f"{name}-vpc", cidr_block="10.0.0.0/16", tags=args["tags"])\n',
            ),
            block(
                "__main__.py",
                "python",
                PY_HEAD + "from components.vpc import Vpc\nfrom shared import tags\nfrom base import base\n"
                'Vpc("main", {"tags": {"Owner": "o"}})\n'
                'aws.sqs.Queue("q", tags=tags)\n'
                'aws.sns.Topic("t", tags={**base, "Name": "t"})\n'
                'aws.s3.Bucket("b", tags={"Name": "b"})\n',
            ),
            block("other.py", "python", PY_HEAD + 'from shared import tags\naws.sqs.Queue("o", tags=tags)\n'),
        ]
    ),
}


def outcome(text: str | bytes) -> tuple:
    res = fix_text(text, "markdown", Config(unsafe_fixes=True))
    return (
        res.output,
        [repr(a) for a in res.applied],
        [repr(f) for f in res.findings],
        [repr(n) for n in res.notes],
    )


def both(monkeypatch, text: str | bytes) -> tuple[tuple, tuple]:
    now = outcome(text)
    monkeypatch.setattr(cost_allocation_tags, "reaching", every_item)
    before = outcome(text)
    monkeypatch.undo()
    return now, before


@pytest.mark.parametrize("language", ["typescript", "python"])
def test_the_walks_left_out_found_nothing(language, monkeypatch):
    now, before = both(monkeypatch, RESPONSES[language])
    assert now == before
    out = now[0].decode()
    # The origins completed across files: the shared const, the spread chain's first literal and
    # the component's caller each got the keys (so the walks that reach them were made).
    shared, common, index = (
        out.split("`" + p)[1].split("```\n\n")[0]
        for p in (
            ("shared.ts", "common.ts", "index.ts")
            if language == "typescript"
            else ("shared.py", "common.py", "__main__.py")
        )
    )
    assert "ManagedBy" in shared and "ManagedBy" in common and "ManagedBy" in index


def test_a_response_of_many_linked_blocks(monkeypatch):
    now, before = both(monkeypatch, shapes.md_blocks(12))
    assert now == before and now[0].count(b"ManagedBy") == 1  # the shared const, once


def test_the_corpus_responses(monkeypatch):
    """Every 3rd response of the shared corpus with several blocks, both ways (skipped without it)."""
    found = sorted(CORPUS.rglob("MODEL_RESPONSE.md")) if CORPUS.is_dir() else []
    several = [p for p in found if p.read_bytes().count(b"```") >= 6][::3]
    if not several:
        pytest.skip("the shared corpus is not here")
    for path in several:
        now, before = both(monkeypatch, path.read_bytes())
        assert now == before, path


def test_a_program_built_again_is_indexed_again():
    """Should the project build a file's program again (it hands over the programs of files linked
    to none, see Project.take), `reaching` answers with the new program's resources, not the
    released ones'."""
    from iacfix import frontends
    from iacfix.project import Project, SourceFile, reaching

    shared = b'export const tags = { Team: "t" };\n'
    user = b'import * as aws from "@pulumi/aws";\nimport { tags } from "./shared";\nnew aws.sqs.Queue("q", { tags });\n'
    project = Project([SourceFile("shared.ts", "typescript", shared), SourceFile("user.ts", "typescript", user)])
    fe = frontends.get("typescript")
    live = fe.build(shared, "shared.ts", fe.parse(shared))
    project.attach(live, 0)

    def accept(res):
        return True

    first = reaching(live, "tags", accept, 4)
    assert [r.program for r in first] == [project.program(1)] and len(first) == 1
    project._built.pop(1).release()  # built again when next asked
    again = reaching(live, "tags", accept, 4)
    assert len(again) == 1 and again[0].program is project.program(1) and again[0] is not first[0]
