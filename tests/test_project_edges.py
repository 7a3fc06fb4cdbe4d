"""The edges between a project's files (iacfix.project): read without building unrelated files."""

from iacfix import frontends
from iacfix.project import Project, SourceFile, has_components

TS_INDEX = b'import * as aws from "@pulumi/aws";\nimport { Vpc } from "./vpc";\nnew Vpc("v");\n'
TS_VPC = b'import * as pulumi from "@pulumi/pulumi";\nexport class Vpc extends pulumi.ComponentResource {}\n'
TS_ALONE = b'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("b");\n'


def _ts_project() -> Project:
    return Project(
        [
            SourceFile("index.ts", "typescript", TS_INDEX),
            SourceFile("vpc.ts", "typescript", TS_VPC),
            SourceFile("other.ts", "typescript", TS_ALONE),
            SourceFile("more.ts", "typescript", TS_ALONE),
        ]
    )


def test_components_follow_imports_and_build_no_program():
    project = _ts_project()
    assert project.component(0) == [0, 1]
    assert project.component(1) == [0, 1]
    assert project.component(2) == [2]
    assert project.importers(1) == {0}
    assert project.importers(2) == set()
    # The edges come from the imports alone: no file's whole program was built for them. The
    # parse of the file that imports another is kept for its build (read once), no other.
    assert project._built == {}
    assert set(project._parses) == {0}
    assert project.program(0) is not None
    assert project._parses == {}


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


def test_typescript_escaped_relative_path_is_read():
    escaped = b'import { Vpc } from "\\x2e/vpc";\n'
    project = Project([SourceFile("index.ts", "typescript", escaped), SourceFile("vpc.ts", "typescript", TS_VPC)])
    assert project.component(0) == [0, 1]
