"""The edges between a project's files (iacfix.project): read without building unrelated files."""

import pytest

from iacfix import frontends
from iacfix.project import Project, SourceFile, has_components

TS_INDEX = b'import * as aws from "@pulumi/aws";\nimport { Vpc } from "./vpc";\nnew Vpc("v");\n'
TS_VPC = b'import * as pulumi from "@pulumi/pulumi";\nexport class Vpc extends pulumi.ComponentResource {}\n'
TS_ALONE = b'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("b");\n'


def _project(language: str, files: dict[str, bytes]) -> Project:
    return Project([SourceFile(path, language, body) for path, body in files.items()])


def _ts_project() -> Project:
    # index.ts imports vpc.ts; other.ts and more.ts are linked to nothing
    files = {"index.ts": TS_INDEX, "vpc.ts": TS_VPC, "other.ts": TS_ALONE, "more.ts": TS_ALONE}
    return _project("typescript", files)


def test_components_follow_imports_and_build_no_program():
    project = _ts_project()
    assert project.component(0) == [0, 1]
    assert project.component(1) == [0, 1]
    assert project.component(2) == [2]
    # One tuple per component, kept and shared by its files: asked per file and pass, never copied.
    assert project.linked(0) is project.linked(1) == (0, 1) and project.linked(3) == (3,)
    assert project.importers(1) == {0}
    assert project.importers(2) == set()
    # The edges come from the imports alone: no file's whole program was built for them. The
    # parse of the file that imports another is kept for its build (read once), no other.
    assert project._built == {}
    assert set(project._parses) == {0}
    assert project.program(0) is not None
    assert project._parses == {}


PY_MAIN = b"import vpc\n"
PY_VPC = b"import pulumi\nX = 1\n"
PY_ALONE = b"import pulumi_aws as aws\naws.s3.Bucket('b')\n"


def _py_project() -> Project:
    # the same shape, in Python: every file writes `import`, so every one is parsed for the edges
    files = {"__main__.py": PY_MAIN, "vpc.py": PY_VPC, "other.py": PY_ALONE, "more.py": PY_ALONE}
    return _project("python", files)


def test_the_lent_parse_is_kept_for_a_build_as_given():
    # The live file lent its parse; once the next file lends its own, a question from that file
    # builds this one as given from the spare, not from a new parse.
    project = _py_project()
    fe = frontends.get("python")
    parsed = fe.parse(PY_ALONE)
    project.lend(2, PY_ALONE, parsed)
    project.component(0)
    assert project._spare[2] is parsed
    project.lend(3, PY_ALONE, fe.parse(PY_ALONE))
    assert project.program(2) is not None and project._given_parse[2] is parsed


def test_unlinked_files_parses_wait_for_their_own_pass(monkeypatch):
    # A response's blocks are all parsed for the edges before the first is fixed: a file that
    # names no other keeps its parse for its own first pass (read once), within a budget.
    project = _py_project()
    assert project.component(0) == [0, 1]
    assert set(project._parses) == {0} and set(project._spare) == {1, 2, 3}
    assert project.parsed(1, PY_ALONE) is None  # not its text
    got = project.parsed(2, PY_ALONE)
    assert got is not None and got.body == PY_ALONE and not got.tree.root_node.has_error
    assert 2 not in project._spare and project.parsed(2, PY_ALONE) is None
    project.release()
    assert project._spare == {}
    import iacfix.project as project_module

    monkeypatch.setattr(project_module, "_SPARE_BYTES", len(PY_VPC) + len(PY_ALONE))
    small = _py_project()
    small.component(0)
    assert set(small._spare) == {1, 2}  # the budget holds the first two only


def test_a_file_alone_is_its_own_component():
    alone = Project([SourceFile("index.ts", "typescript", TS_ALONE)])
    assert alone.component(0) == [0] and alone.importers(0) == set()


def test_component_lists_are_copies():
    project = _ts_project()
    project.component(0).append(3)
    assert project.component(0) == [0, 1]


def test_has_components_builds_only_files_naming_the_base():
    project = _ts_project()
    fe = frontends.get("typescript")
    live = fe.build(TS_ALONE, "other.ts", fe.parse(TS_ALONE))
    project.attach(live, 2)
    assert has_components(live)
    assert set(project._built) == {1}  # vpc.ts writes ComponentResource; the others do not


def test_python_module_named_by_its_last_name():
    importer = SourceFile("__main__.py", "python", b"import vpc\n")
    one = Project([importer, SourceFile("modules/vpc.py", "python", b"X = 1\n")])
    assert one.component(0) == [0, 1]
    two = Project(
        [importer, SourceFile("a/vpc.py", "python", b"X = 1\n"), SourceFile("b/vpc.py", "python", b"X = 1\n")]
    )
    assert two.component(0) == [0]  # two files answer to `vpc`: neither is taken
    assert Project([importer, SourceFile("modules/subvpc.py", "python", b"X = 1\n")]).component(0) == [0]


@pytest.mark.parametrize(
    ("importer", "statement", "files", "linked"),
    [
        ("__main__.py", "import vpc", ["vpc.py"], True),
        ("__main__.py", "from infra import network", ["infra/network.py"], True),
        ("__main__.py", "from infra.network import Vpc", ["infra/network.py"], True),
        ("__main__.py", "import infra", ["infra/__init__.py"], True),
        ("app/__main__.py", "import vpc", ["app/vpc.py"], True),  # the script's own folder
        ("app/main.py", "import lib.vpc", ["app/lib/vpc.py"], True),
        ("__main__.py", "import app.vpc", ["app/vpc.py"], True),
        ("app/__main__.py", "from . import vpc", ["app/vpc.py"], True),
        ("app/deep/main.py", "from .. import vpc", ["app/vpc.py"], True),
        ("app/deep/main.py", "from ..net import vpc", ["app/net/vpc.py"], True),
        ("__main__.py", "import modules.vpc", ["lib/vpc.py"], True),  # by its last name alone
        ("__main__.py", "from components import vpc", ["stacks/vpc.py"], True),
        ("__main__.py", "import pulumi_aws", ["vpc.py"], False),
        ("__main__.py", "from pulumi_aws import vpc", ["pulumi_aws/other.py"], False),
        ("app/__main__.py", "from . import vpc", ["vpc.py"], False),  # not in the folder named
        ("__main__.py", "import vpc_stack", ["vpc.py"], False),
    ],
)
def test_python_imports_reach_the_files_they_name(importer, statement, files, linked):
    project = Project(
        [SourceFile(importer, "python", f"{statement}\n".encode())]
        + [SourceFile(path, "python", b"X = 1\n") for path in files]
    )
    assert (project.component(0) == [0, 1]) is linked


def test_a_library_import_is_not_looked_for_along_the_folders(monkeypatch):
    # `pulumi_aws` begins no path of the project: no candidate path is looked up for it or for
    # any name it imports (was one per folder from the script's own up to the root, per name).
    project = Project(
        [
            SourceFile("app/deep/__main__.py", "python", b"import pulumi_aws\nfrom pulumi_aws import s3, ec2\n"),
            SourceFile("app/vpc.py", "python", b"X = 1\n"),
        ]
    )
    looked: list[list[str]] = []
    real = project._first
    monkeypatch.setattr(project, "_first", lambda cands, lang: looked.append(cands) or real(cands, lang))
    assert project.component(0) == [0]
    assert looked == []


def test_typescript_escaped_relative_path_is_read():
    escaped = b'import { Vpc } from "\\x2e/vpc";\n'
    project = Project([SourceFile("index.ts", "typescript", escaped), SourceFile("vpc.ts", "typescript", TS_VPC)])
    assert project.component(0) == [0, 1]


# A component file whose resource's tags come from its caller (index.ts): fixing either file asks
# across both.
TS_CALLER = (
    b'import * as aws from "@pulumi/aws";\nimport { Net } from "./net";\nnew Net("n", { tags: { Project: "p" } });\n'
)
TS_NET = (
    b'import * as aws from "@pulumi/aws";\n'
    b"export class Net {\n"
    b"  constructor(name: string, args: { tags: Record<string, string> }) {\n"
    b'    new aws.ec2.Vpc(name, { cidrBlock: "10.0.0.0/16", tags: args.tags });\n'
    b"  }\n"
    b"}\n"
)


def _fix_caller(prebuilt: bool, monkeypatch) -> tuple[object, list[str], Project]:
    """Fix index.ts of the caller/net project (the tags net.ts's Vpc reads are completed where
    it writes them), its first pass on the program the project built of it (as another file's
    question does) or not; with the builds the passes made."""
    from iacfix import applier
    from iacfix.config import Config
    from iacfix.engine import _active

    project = Project([SourceFile("index.ts", "typescript", TS_CALLER), SourceFile("net.ts", "typescript", TS_NET)])
    if prebuilt:
        assert project.program(0) is not None
    fe = frontends.get("typescript")
    real, real_parse, builds = fe.build, fe.parse, []

    def counting(body, path, *args, **kwargs):
        if kwargs.get("scope") is None:  # (not the scoped builds that read the imports)
            builds.append(path)
        return real(body, path, *args, **kwargs)

    def parsing(body):
        builds.append(f"parse {'index.ts' if body == TS_CALLER else 'net.ts' if body == TS_NET else 'new text'}")
        return real_parse(body)

    monkeypatch.setattr(fe, "build", counting)
    monkeypatch.setattr(fe, "parse", parsing)
    res = applier.fix_code(
        TS_CALLER,
        "typescript",
        _active(Config(unsafe_fixes=True)),
        unsafe=True,
        path="index.ts",
        project=(project, 0),
        prefilter=False,
    )
    monkeypatch.undo()
    return res, builds, project


def test_first_pass_reads_the_program_the_project_built(monkeypatch):
    shared, shared_builds, project = _fix_caller(True, monkeypatch)
    alone, alone_builds, _ = _fix_caller(False, monkeypatch)
    # The same fixes and findings either way ...
    assert shared.changed and shared.output == alone.output
    assert [(f.rule, f.start, f.message) for f in shared.findings] == [
        (f.rule, f.start, f.message) for f in alone.findings
    ]
    assert [(a.rule, a.line) for a in shared.applied] == [(a.rule, a.line) for a in alone.applied]
    # ... with no build of index.ts for its first pass, which read the project's program and left
    # it to the project (not released by the pass: it still answers the other files' questions).
    assert shared.passes == alone.passes >= 2
    assert shared_builds.count("index.ts") == shared.passes - 1, shared_builds
    assert alone_builds.count("index.ts") >= alone.passes, alone_builds
    # Nor a parse of it: the first pass read the project's parse of the text it was given.
    assert "parse index.ts" not in shared_builds
    # Fixed first, index.ts is parsed once: its questions read it as given (a trace of net.ts's
    # `args.tags` looks for its callers there), and the project built that program from the parse
    # the live file lent it.
    assert alone_builds.count("parse index.ts") == 1, alone_builds
    assert project.program(0).calls  # type: ignore[union-attr]
    # A changed text is never read from the project's program.
    assert project.take(0, TS_CALLER) == (project.program(0), True)  # linked: the project keeps it
    assert project.take(0, shared.output) is None
    assert project.take(1, TS_NET) is not None  # net.ts: built for index.ts's questions
    assert Project([SourceFile("net.ts", "typescript", TS_NET)]).take(0, TS_NET) is None  # nothing built: not shared


def test_an_unlinked_file_built_for_a_question_is_handed_to_its_pass(monkeypatch):
    """other.ts is linked to no file; a question (`has_components`) built it. Its first pass reads
    that program and releases it: the project no longer holds it (a folder of unrelated programs
    does not keep every program, with all the rules read of it, to the end)."""
    from iacfix import applier
    from iacfix.config import Config
    from iacfix.engine import _active

    comp = TS_ALONE.replace(b"new aws.s3.Bucket", b"class C extends pulumi.ComponentResource {}\nnew aws.s3.Bucket")
    project = Project([SourceFile("index.ts", "typescript", TS_ALONE), SourceFile("other.ts", "typescript", comp)])
    fe = frontends.get("typescript")
    live = fe.build(TS_ALONE, "index.ts", fe.parse(TS_ALONE))
    project.attach(live, 0)
    assert has_components(live)  # built other.ts to read its classes
    given = project._built[1]
    assert given is not None and project.component(1) == [1]
    real, builds = fe.build, []

    def counting(body, path, *args, **kwargs):
        builds.append(path)
        return real(body, path, *args, **kwargs)

    monkeypatch.setattr(fe, "build", counting)
    res = applier.fix_code(
        comp, "typescript", _active(Config(unsafe_fixes=True)), unsafe=True, path="other.ts",
        project=(project, 1), prefilter=False,
    )
    monkeypatch.undo()
    assert res.changed and builds.count("other.ts") == res.passes - 1, builds
    assert 1 not in project._built  # handed over, and released by its pass
    assert given.__dict__ == {}  # (Program.release)


def _origins_project() -> tuple[Project, object]:
    """index.ts passes net.ts's component its tags; other.ts and extra.ts are unrelated. The node:
    net.ts's `args.tags`, as the tags rule asks for it from every file of the project."""
    project = Project(
        [
            SourceFile("index.ts", "typescript", TS_CALLER),
            SourceFile("net.ts", "typescript", TS_NET),
            SourceFile("other.ts", "typescript", TS_ALONE),
            SourceFile("extra.ts", "typescript", b"export const x = 1;\n"),
        ]
    )
    net = project.program(1)
    assert net is not None
    (vpc,) = net.resources
    tags = vpc.args.find("tags")  # type: ignore[union-attr]
    return project, tags.value  # type: ignore[union-attr]


def _live(project: Project, index: int, body: bytes):
    fe = frontends.get("typescript")
    prog = fe.build(body, project.files[index].path, fe.parse(body))
    project.attach(prog, index)
    return prog


def _where(origins) -> list[tuple[str, str, bytes]]:
    return sorted(
        (o.program.path, o.kind, o.program.body[o.node.start : o.node.end] if o.node is not None else b"")
        for o in origins
    )


def test_other_files_origins_found_once_for_every_asker_they_hold_for():
    from iacfix.project import _Session, origins

    project, node = _origins_project()
    index = 1
    for asker in (2, 0, 2, 3):  # other.ts, index.ts (read by the answer), other.ts again, extra.ts
        live = _live(project, asker, project.files[asker].body)
        assert _where(origins(live, node)) == _where(_Session(live).trace(index, node))
        assert _where(origins(live, node)) == [("index.ts", "value", b'{ Project: "p" }')]
    answer = project._answers[id(node)]
    assert answer.read >= {0, 1} and 2 not in answer.read
    assert answer.called == {"Net"}
    assert answer.holds_for(_Session(_live(project, 2, TS_ALONE)))
    assert not answer.holds_for(_Session(_live(project, 0, TS_CALLER)))  # it read index.ts


def test_an_asker_that_now_calls_the_component_is_traced_live():
    """extra.ts as given calls nothing; being fixed, its text imports the component and passes it
    tags. The answer found with every file as given does not hold for it: its own calls count."""
    from iacfix.project import origins

    project, node = _origins_project()
    assert _where(origins(_live(project, 2, TS_ALONE), node)) == [("index.ts", "value", b'{ Project: "p" }')]
    now = b'import { Net } from "./net";\nnew Net("m", { tags: { Team: "t" } });\n'
    assert _where(origins(_live(project, 3, now), node)) == [
        ("extra.ts", "value", b'{ Team: "t" }'),
        ("index.ts", "value", b'{ Project: "p" }'),
    ]


def test_an_asker_the_answer_read_is_traced_live():
    """index.ts, being fixed, writes other tags than it was given: the answer read index.ts as
    given, so it does not hold for index.ts; its live text is traced."""
    from iacfix.project import origins

    project, node = _origins_project()
    assert _where(origins(_live(project, 2, TS_ALONE), node)) == [("index.ts", "value", b'{ Project: "p" }')]
    fixed = TS_CALLER.replace(b'{ Project: "p" }', b'{ Project: "p", Team: "t" }')
    assert _where(origins(_live(project, 0, fixed), node)) == [("index.ts", "value", b'{ Project: "p", Team: "t" }')]


def test_an_imported_value_read_as_given_is_traced_live_from_its_own_file():
    """net.ts reads the tags config.ts exports; config.ts, being fixed, writes other tags: the
    answer read config.ts as given (and looked up no callers), so it does not hold for config.ts."""
    from iacfix.project import origins

    config = b'export const tags = { Project: "p" };\n'
    net = b'import * as aws from "@pulumi/aws";\nimport { tags } from "./config";\nnew aws.ec2.Vpc("v", { tags: tags });\n'
    project = Project([SourceFile("config.ts", "typescript", config), SourceFile("net.ts", "typescript", net)])
    (vpc,) = project.program(1).resources  # type: ignore[union-attr]
    node = vpc.args.find("tags").value  # type: ignore[union-attr]
    assert _where(origins(_live(project, 1, net), node)) == [("config.ts", "value", b'{ Project: "p" }')]
    fixed = config.replace(b'{ Project: "p" }', b'{ Project: "p", Team: "t" }')
    assert _where(origins(_live(project, 0, fixed), node)) == [("config.ts", "value", b'{ Project: "p", Team: "t" }')]
    assert project._answers[id(node)].called == frozenset()


def test_a_response_of_one_block_after_its_project_file():
    """The project file (read first, in document order) builds the one code block's program for
    its entry points; the block's first pass then reads it. A project of one file is its own
    component (this failed with an internal error once)."""
    from iacfix.config import Config
    from iacfix.engine import fix_text

    md = (
        b"```yaml\n# Pulumi.yaml\nname: app\nruntime: nodejs\n```\n\n"
        b"```typescript\n// index.ts\n" + TS_ALONE + b"```\n"
    )
    res = fix_text(md, "markdown", Config(unsafe_fixes=True))
    assert res.status == "changed" and res.error is None, res.error
