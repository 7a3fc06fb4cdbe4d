"""Scoped builds (Transform.candidates) never change a result, and refuse what they did not build.

When every rule of a pass declares its candidates (the resource types it asks `resources_of`
about), the front end builds a program of those resources only: a smaller query, nothing else of
the file converted. That is only right if such a rule finds the same on the whole program:
- every golden pair, each rule that declares candidates alone and all of them together, fixed and
  checked on scoped programs and on whole ones (`prefilter=False` builds whole programs): the same
  output, fixes, findings and notes;
- every response of the shared corpus the same way (skipped where it is absent);
- a scoped program answers what those rules ask as the whole program does (bindings, resources of
  its types, the quote habit its edits render with), and refuses the rest (OutOfScope) rather
  than answer it wrongly.
"""

from __future__ import annotations

import pytest

from conftest import MODEL, corpus_root, example_names, language_of
from iacfix import frontends
from iacfix.config import Config
from iacfix.engine import FileResult, fix_text
from iacfix.model import OutOfScope
from iacfix.rule_index import RULES

SCOPED_RULES = tuple(info.id for info in RULES if info.candidates)
SELECTIONS = [(rule,) for rule in SCOPED_RULES] + [SCOPED_RULES]


def _summary(res: FileResult):
    return (
        res.status,
        res.output,
        [(a.rule, a.title, a.line) for a in res.applied],
        [(f.rule, f.message, f.line, f.column, f.end_line, f.end_column, f.fix_title, f.edits) for f in res.findings],
        [(n.kind, n.message, n.rule, n.line, n.block) for n in res.notes],
    )


def test_the_two_like_for_like_rules_declare_their_candidates():
    assert {"IAC004", "IAC005"} <= set(SCOPED_RULES)


@pytest.mark.parametrize("name", example_names())
def test_golden_pairs_fix_alike_scoped_and_whole(name):
    src = (MODEL / name).read_bytes()
    lang = language_of(name)
    for select in SELECTIONS:
        config = Config(select=select, unsafe_fixes=True)
        for fix in (True, False):
            scoped = fix_text(src, lang, config, fix=fix, path=name)
            whole = fix_text(src, lang, config, fix=fix, path=name, prefilter=False)
            assert scoped.status != "failed", scoped.error
            assert _summary(scoped) == _summary(whole)


CORPUS = sorted(corpus_root().glob("pulumi-*/*/MODEL_RESPONSE.md")) if corpus_root().is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS, reason="shared corpus absent (set IACFIX_CORPUS)")
def test_corpus_responses_fix_alike_scoped_and_whole():
    config = Config(select=SCOPED_RULES, unsafe_fixes=True)
    found = 0
    for path in CORPUS:
        raw = path.read_bytes()
        for fix in (True, False):
            scoped = fix_text(raw, "markdown", config, fix=fix, path=str(path))
            whole = fix_text(raw, "markdown", config, fix=fix, path=str(path), prefilter=False)
            assert _summary(scoped) == _summary(whole), path
            found += len(scoped.findings) + len(scoped.applied)
    assert found > 0  # the rules did find things: the comparison had something to compare


def test_a_pass_is_scoped_only_when_every_rule_left_declares_candidates(monkeypatch):
    fe = frontends.get("typescript")
    real = fe.build
    scopes: list = []
    monkeypatch.setattr(fe, "build", lambda *a, scope=None: scopes.append(scope) or real(*a, scope=scope))
    src = 'import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("l", { tags: {} });\n'
    fix_text(src, "typescript", Config(select=("IAC005",)), fix=False)
    assert scopes == [frozenset({"aws:cloudwatch/logGroup:LogGroup"})]
    scopes.clear()
    fix_text(src, "typescript", Config(select=("IAC005", "IAC006")), fix=False)  # IAC006 needs the whole
    assert scopes == [None]
    scopes.clear()
    fix_text(src, "typescript", Config(select=("IAC005",)), fix=False, prefilter=False)
    assert scopes == [None]


TS = b"""import * as aws from "@pulumi/aws";
import { LogGroup as LG } from "@pulumi/aws/cloudwatch";
const common = { retentionInDays: 3 };
const bucket = new aws.s3.Bucket("b", {});
const logs = new aws.cloudwatch.LogGroup("l", { ...common, name: `x-${bucket.id}` });
new LG("aliased", {});
export const name = logs.name;
"""
PY = b"""import pulumi
import pulumi_aws as aws
from pulumi_aws.cloudwatch import LogGroup as LG
common = {'retention_in_days': 3}
bucket = aws.s3.Bucket('b')
logs = aws.cloudwatch.LogGroup('l', name=f'x-{bucket.id}', **common)
LG('aliased')
pulumi.export('name', logs.name)
"""
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"


@pytest.mark.parametrize(("language", "src"), [("typescript", TS), ("python", PY)])
def test_a_scoped_program_answers_as_the_whole_and_refuses_the_rest(language, src):
    fe = frontends.get(language)
    whole = fe.build(src, "x", fe.parse(src))
    scoped = fe.build(src, "x", fe.parse(src), scope=frozenset({LOG_GROUP}))
    # Its resources are those of its types (aliased imports included), as the whole program has them.
    spans = [(r.start, r.end, r.var, r.stmt_start, r.stmt_end) for r in scoped.resources_of(LOG_GROUP)]
    assert spans == [(r.start, r.end, r.var, r.stmt_start, r.stmt_end) for r in whole.resources_of(LOG_GROUP)]
    assert len(spans) == 2 and [r.token for r in scoped.resources] == [LOG_GROUP, LOG_GROUP]
    # The bindings `resolve` follows, the imports and the style the edits render with.
    assert {k: [(v.start, v.end) for v in vs] for k, vs in scoped.bindings.items()} == {
        k: [(v.start, v.end) for v in vs] for k, vs in whole.bindings.items()
    }
    assert (scoped.aws_aliases, scoped.module_aliases, scoped.imports_end, scoped.quote) == (
        whole.aws_aliases,
        whole.module_aliases,
        whole.imports_end,
        whole.quote,
    )
    blocks = [[(b.start, b.end, b.kind, b.statements) for b in p.blocks_at(len(src) - 2)] for p in (scoped, whole)]
    assert blocks[0] == blocks[1]
    assert scoped.prologue_end == whole.prologue_end
    [res] = [r for r in scoped.resources_of(LOG_GROUP) if r.var == "logs"]
    assert res.args is not None and res.args.find("retentionInDays") is not None  # through the spread
    assert len(scoped.templates) == len(whole.templates) == 1  # a tree-only index: completed when asked
    # What it did not build is refused, never answered empty.
    for question in (
        lambda p: list(p.calls),
        lambda p: len(p.exports),
        lambda p: list(p.class_fields),
        lambda p: list(p.top_statements),
        lambda p: p.resources_of("aws:s3/bucket:Bucket"),
        lambda p: p.references("bucket"),
    ):
        question(whole)
        with pytest.raises(OutOfScope):
            question(scoped)


def test_templates_are_tagged_alike_scoped_and_whole():
    """A template is tagged (a call's argument) or not alike in a whole program, which answers
    from the calls its query captured, and in a scoped one, which captured no call and answers
    from the tree, never running the whole query to find out."""
    src = b"""import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
const env = "dev";
new aws.cloudwatch.LogGroup(`lg-${env}`, {});
new aws.cloudwatch.LogGroup(pulumi.interpolate`lg-${env}`, {});
"""
    fe = frontends.get("typescript")
    whole = fe.build(src, "x", fe.parse(src))
    scoped = fe.build(src, "x", fe.parse(src), scope=frozenset({LOG_GROUP}))
    for prog in (whole, scoped):
        plain, call = (r.name for r in prog.resources_of(LOG_GROUP))
        assert plain is not None and plain.kind == "template" and not plain.tagged
        assert call is not None and call.kind == "call"
    assert scoped._caps._complete is not None  # its build converted a template, and ran no query
    assert [t.tagged for t in whole.templates] == [t.tagged for t in scoped.templates] == [False, True]


@pytest.mark.parametrize(
    ("language", "src", "builds"),
    [
        # The class name written, but never as a constructor's class: nothing to build.
        ("typescript", '// a LogGroup\nconst n: string = "LogGroup";\nconst o = { LogGroup: 1 };\n', False),
        ("python", "# a LogGroup\nn = 'LogGroup'\nLogGroup = 1\n", False),
        ("typescript", 'import * as aws from "@pulumi/aws";\nnew aws.cloudwatch.LogGroup("l", {});\n', True),
        ("python", "import pulumi_aws as aws\naws.cloudwatch.LogGroup('l')\n", True),
        # Imported under another name: the import may bind it, so the program is built.
        ("typescript", 'import { LogGroup as LG } from "@pulumi/aws/cloudwatch";\nnew LG("l", {});\n', True),
        ("python", "from pulumi_aws.cloudwatch import LogGroup as LG\nLG('l')\n", True),
        # A module bound by `require` (registered before the bindings, which are made lazily).
        ("typescript", 'const aws = require("@pulumi/aws");\nnew aws.cloudwatch.LogGroup("l", {});\n', True),
        ("typescript", 'const cw = (require("@pulumi/aws/cloudwatch") as any);\nnew cw.LogGroup("l", {});\n', True),
    ],
)
def test_no_program_is_built_where_no_candidate_can_be_constructed(monkeypatch, language, src, builds):
    src = src + "x = 1  # iacfix: ignore[IAC005]\n" if language == "python" else src + "// iacfix: ignore[IAC005]\n"
    whole = fix_text(src, language, Config(select=("IAC005",)), fix=False, prefilter=False)
    fe = frontends.get(language)
    real = fe.build
    built: list = []
    monkeypatch.setattr(fe, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    res = fix_text(src, language, Config(select=("IAC005",)), fix=False)
    assert bool(built) == builds
    assert _summary(res) == _summary(whole)
    assert [f.rule for f in res.findings] == (["IAC005"] if builds else [])


TRICKY = [
    (
        "typescript",
        b'import * as aws from "@pulumi/aws";\nclass C { g = new aws.cloudwatch.LogGroup("f", {}); }\n'
        b'function f() { return new (aws.cloudwatch.LogGroup)("p", {}); }\nconst t = aws.cloudwatch.LogGroup;\n'
        b'new aws.cloudwatch.LogGroupX("x", {});\nnew aws.lb.TargetGroup("tg", { healthCheck: { timeout: 2 } });\n'
        b'new aws.alb.TargetGroup<any>("tg2", {});\nconst x = foo(new aws.cloudwatch.LogGroup("in", {}));\n',
    ),
    (
        "typescript",
        b'import { LogGroup } from "@pulumi/aws/cloudwatch";\nimport type { TargetGroup as T } from '
        b'"@pulumi/aws/lb";\nnew LogGroup("a", {});\nconst lg = LogGroup;\nnew lg("b", {});\n',
    ),
    (
        "typescript",
        b'import * as aws from "@pulumi/aws";\nconst = ;\nnew aws.cloudwatch.LogGroup("a", {\n  name: "x", });\n',
    ),  # broken
    (
        "python",
        b"import pulumi_aws as aws\nclass C:\n    def __init__(self):\n        self.g = aws.cloudwatch.LogGroup('f')\n"
        b"def f():\n    from pulumi_aws.lb import TargetGroup as TG\n    return TG('t', health_check={'timeout': 2})\n"
        b"t = aws.cloudwatch.LogGroup\naws.cloudwatch.LogGroupArgs(retention_in_days=1)\nfoo(aws.alb.TargetGroup('in'))\n",
    ),
    (
        "python",
        b"try:\n    import pulumi_aws as aws\nexcept ImportError:\n    aws = None\n"
        b"from pulumi_aws import cloudwatch\ncloudwatch.LogGroup('a')\n(aws.cloudwatch.LogGroup)('b')\n",
    ),
    ("python", b"import pulumi_aws as aws\nx = = 1\naws.cloudwatch.LogGroup('a',\n  name='n')\n"),  # broken
]
SCOPE = frozenset({LOG_GROUP, "aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup"})


@pytest.mark.parametrize(("language", "src"), TRICKY)
def test_scoped_resources_are_the_whole_programs_wherever_they_are_written(language, src):
    """The scoped build finds its imports and constructors where their words are written (no
    walk of the tree): in classes, functions, arguments, nested imports, broken code, the same
    resources as the whole build, and none for a class named but not constructed."""
    fe = frontends.get(language)
    parsed = fe.parse(src)
    whole = fe.build(src, "x", parsed).resources_of(*SCOPE)
    scoped = fe.build(src, "x", parsed, scope=SCOPE).resources_of(*SCOPE)
    assert whole  # the snippet has candidates
    assert [(r.token, r.start, r.end, r.var, r.stmt_start, r.in_class, r.standalone) for r in scoped] == [
        (r.token, r.start, r.end, r.var, r.stmt_start, r.in_class, r.standalone) for r in whole
    ]
    assert fe.may_construct(parsed, src, SCOPE)
