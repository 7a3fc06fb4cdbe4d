"""The neutral model and edit kit answer the same question the same way in both languages.

Each case is a TypeScript program and its Python twin; the test asks the model one question of
each and expects one answer. A transform written against these answers serves both languages.
"""

from __future__ import annotations

import contextlib
import gc
import weakref

import pytest

from iacfix.edits import Concat, Copy, Fallback, Opts, PulumiCall, Ref, Tpl
from iacfix.fix import Edit, Fix, apply_edits
from iacfix.frontends import python as py
from iacfix.frontends import typescript as ts
from iacfix.model import Await, Call, Ident, Lambda, Member, Program, Str, camel, var_of
from iacfix.values import number, string, upper, value_at

TS_HEAD = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'
PY_HEAD = "import json\nimport pulumi\nimport pulumi_aws as aws\n"


def build(lang: str, src: str):
    return ts.build((TS_HEAD + src).encode()) if lang == "typescript" else py.build((PY_HEAD + src).encode())


TWINS = {
    "component": (
        "class C extends pulumi.ComponentResource {\n"
        "  public readonly bucket: aws.s3.Bucket;\n"
        "  constructor(name: string) {\n"
        '    super("x:y:C", name);\n'
        '    this.bucket = new aws.s3.Bucket("b", {});\n'
        '    new aws.s3.BucketPolicy("p", { bucket: this.bucket.id, policy: "{}" });\n'
        "  }\n}\n",
        "class C(pulumi.ComponentResource):\n"
        "    bucket: aws.s3.Bucket\n\n"
        "    def __init__(self, name):\n"
        '        super().__init__("x:y:C", name)\n'
        '        self.bucket = aws.s3.Bucket("b")\n'
        '        aws.s3.BucketPolicy("p", bucket=self.bucket.id, policy="{}")\n',
    ),
    "region": (
        "const r = aws.getRegionOutput();\n"
        "export const name = r.apply(x => x.name);\n"
        "export const doc = JSON.stringify({ a: 1 });\n"
        "export const url = pulumi.interpolate`https://${r.region}`;\n",
        "r = aws.get_region_output()\n"
        'pulumi.export("name", r.apply(lambda x: x.name))\n'
        'doc = json.dumps({"a": 1})\n'
        'pulumi.export("url", pulumi.Output.concat("https://", r.region))\n',
    ),
}
LANGS = ["typescript", "python"]


def twin(case: str, lang: str):
    return build(lang, TWINS[case][0 if lang == "typescript" else 1])


@pytest.mark.parametrize("lang", LANGS)
def test_the_receiver_is_this_in_both_languages(lang):
    p = twin("component", lang)
    [bucket] = p.resources_of("s3.Bucket")
    assert bucket.var == "this.bucket" and bucket.bound_by == "assignment" and bucket.type_prefix == "aws.s3"
    [use] = p.uses("this.bucket")
    assert isinstance(use, Member) and use.dotted == "this.bucket"
    [policy] = p.resources_of("s3.BucketPolicy")
    assert policy.args.value("bucket").dotted == "this.bucket.id"
    assert p.visible("this.bucket", policy.start)
    assert p.edits.render(Ref("this.bucket.arn"), "") == ("self.bucket.arn" if lang == "python" else "this.bucket.arn")


@pytest.mark.parametrize("lang", LANGS)
def test_resources_of_by_token_or_dotted_type_in_the_programs_order(lang):
    p = twin("component", lang)
    bucket, policy = p.resources
    assert p.resources_of("aws:s3/bucket:Bucket") == p.resources_of("s3.Bucket") == [bucket]
    assert p.resources_of("s3.BucketPolicy", "aws:s3/bucket:Bucket") == [bucket, policy]
    assert p.resources_of("s3.Bucket", "aws:s3/bucket:Bucket") == [bucket]
    assert p.resources_of("ecs.Service") == []


@pytest.mark.parametrize("lang", LANGS)
def test_a_literals_ends_are_its_first_and_last_elements_whenever_read(lang):
    """Obj.first_start / last_end (what an edit inserts at), set by the front end or asked of it
    when first read (Program.literal_ends): comments around the elements are not theirs; an
    empty literal has none."""
    src = (
        'const t = {\n  // c\n  a: "1",\n  b: 2, // d\n};\nconst e = {};\n'
        if lang == "typescript"
        else 't = {\n    # c\n    "a": "1",\n    "b": 2,  # d\n}\ne = {}\n'
    )
    p = build(lang, src)
    t, e = p.binding("t"), p.binding("e")
    body = p.body
    assert body[t.first_start : t.last_end] == (
        b'a: "1",\n  b: 2' if lang == "typescript" else b'"a": "1",\n    "b": 2'
    )
    assert (e.first_start, e.last_end) == (None, None)
    entry = t.props[0]  # read after the entries, alike
    assert t.first_start == entry.start


@pytest.mark.parametrize(
    "body", [b"", b"x", b"\n", b"a\n", b"a\nb", b"\n\nc\n", b"a\r\nbb\r\n\r\nccc", "\u00e9\nx\n".encode()]
)
def test_lines_start_after_each_newline(body):
    """Program.line_starts (what every position a finding reports is counted from) and
    line_of: the offset each line starts at, the last line with or without its newline."""
    from iacfix.model import line_starts_of

    expected = [0] + [i + 1 for i, c in enumerate(body) if c == 0x0A]
    assert line_starts_of(body) == expected
    p = Program("typescript", body)
    assert p.line_starts == expected
    assert [p.line_of(i) for i in range(len(body) + 1)] == [
        sum(1 for s in expected if s <= i) for i in range(len(body) + 1)
    ]


def test_a_typescript_callee_is_the_dotted_name_its_node_converts_to_however_written():
    """Call.callee, read without converting the callee (TypeScript: a callee written as names
    and single dots is sliced from the text): the converted callee's dotted name (an Ident's
    name), else the callee's text, whatever spaces, comments, wrappers, subscripts or stray dots
    it is written with. (Python's callee is its own dotted name, or the text: `(a).b`.)"""
    src = (
        "a.b.c(1); a . b(); a/*x*/.b(); a?.b(); a['b'].c(); (a).b(); (a as any).b(); this.x(); "
        "super.f(); 1..toString(); f()(); g().h(); new a.B(); new (a.B)(); \u00e9t\u00e9.x(); a.b.();\n"
    )
    p = build("typescript", src)
    calls = [c for c in p.calls if c.start >= len(TS_HEAD)]
    assert len(calls) >= 16
    for c in calls:
        node = c.callee_node
        name = node.dotted if isinstance(node, Member) else node.name if isinstance(node, Ident) else None
        assert c.callee == (name or node.text), (c.callee, node)


@pytest.mark.parametrize("lang", LANGS)
def test_calls_in_a_node_are_the_calls_inside_its_span(lang):
    src = "const v = f(g(1), h(j(2)));\nk(3);\n" if lang == "typescript" else "v = f(g(1), h(j(2)))\nk(3)\n"
    p = build(lang, src)
    by_name = {c.callee: c for c in p.calls}
    assert [c.callee for c in p.calls_in(by_name["f"])] == ["f", "g", "h", "j"]
    assert [c.callee for c in p.calls_in(by_name["h"])] == ["h", "j"]
    assert [c.callee for c in p.calls_in(by_name["k"])] == ["k"]


@pytest.mark.parametrize("lang", LANGS)
def test_class_fields(lang):
    [field] = twin("component", lang).class_fields
    assert (field.cls, field.name, field.type_names) == ("C", "bucket", ("aws.s3.Bucket",))


@pytest.mark.parametrize("lang", LANGS)
def test_calls_are_classified_by_what_they_call(lang):
    p = twin("region", lang)
    by_kind = {}
    for c in p.calls:
        for ask in (p.aws_function, p.pulumi_helper, p.json_call):
            if ask(c):
                by_kind.setdefault(ask(c), c)
    assert {"getRegionOutput", "stringify"} <= set(by_kind)
    assert ("concat" if lang == "python" else "interpolate") in by_kind
    assert [e.name for e in p.exports] == (["name", "doc", "url"] if lang == "typescript" else ["name", "url"])


@pytest.mark.parametrize("lang", LANGS)
def test_parent_lambda_and_returned_value(lang):
    p = twin("region", lang)
    [use] = [u for u in p.uses("r") if isinstance(p.parent(u), Member) and p.parent(u).prop == "apply"]
    member = p.parent(use)
    call = p.parent(member)
    assert isinstance(call, Call) and call.callee_node.start == member.start
    fn = call.args[0]
    assert isinstance(fn, Lambda) and fn.params == ("x",)
    assert isinstance(fn.result, Member) and fn.result.prop == "name"
    assert p.returned_from(fn.result).start == fn.start
    assert p.text(fn.result.prop_start, fn.result.prop_end) == "name"


def test_await_and_wrapped():
    p = build("typescript", "async function f() { return (await aws.getRegion()).name; }\n")
    [call] = [c for c in p.calls if p.aws_function(c) == "getRegion"]
    awaited = p.parent(call)
    assert isinstance(awaited, Await)
    member = p.parent(awaited)
    assert isinstance(member, Member) and member.obj.wrapped and member.prop == "name"


@pytest.mark.parametrize("lang", LANGS)
def test_visible(lang):
    src = (
        "const a = 1;\nfunction f() {\n  const b = 2;\n  return a + b;\n}\nconst c = 3;\n"
        if lang == "typescript"
        else "a = 1\ndef f():\n    b = 2\n    return a + b\nc = 3\n"
    )
    p = build(lang, src)
    at = p.body.index(b"a + b")
    assert p.visible("a", at) and p.visible("b", at) and not p.visible("c", at)
    assert not p.visible("b", len(p.body) - 1)


@pytest.mark.parametrize(
    "lang,want",
    [
        ("typescript", ["`${x.y}-a`", '"b-a"', "pulumi.getStack()", 'x ?? "d"', "{ parent: this }"]),
        ("python", ['f"{x.y}-a"', '"b-a"', "pulumi.get_stack()", 'x or "d"', "pulumi.ResourceOptions(parent=self)"]),
    ],
)
def test_neutral_values_render_in_the_language(lang, want):
    p = build(lang, ('const s = "b";\n' if lang == "typescript" else 's = "b"\n'))
    k = p.edits
    [s] = p.bindings["s"]
    got = [
        k.render(Concat((Ref("x.y"), "-a")), ""),
        k.render(Concat((Copy(s), "-a")), ""),
        k.render(PulumiCall("getStack"), ""),
        k.render(Fallback(Ref("x"), "d"), ""),
        k.render(Opts({"parent": Ref("this")}), ""),
    ]
    assert got == want


@pytest.mark.parametrize("lang", LANGS)
def test_a_template_hole_is_a_name_and_nothing_else(lang):
    k = build(lang, "").edits
    out = k.render(Tpl("arn:${env}/${a[require('child_process')]}/${this.b}"), "")
    assert "require" not in out.replace("${a[require('child_process')]}", "").replace(
        "{a[require('child_process')]}", ""
    )
    if lang == "typescript":
        assert out == "`arn:${env}/\\${a[require('child_process')]}/${this.b}`"
    else:
        assert out == "f\"arn:{env}/${{a[require('child_process')]}}/{self.b}\""


@pytest.mark.parametrize("lang", LANGS)
def test_rename_key_member_and_string(lang):
    src = (
        'const o = aws.getRegion({ name: "eu" });\nconst i = "nginx:latest";\nconst n = o.websiteEndpoint;\n'
        if lang == "typescript"
        else 'o = aws.ec2.Instance("i", user_data="x", instance_type="nginx:latest")\nn = o.website_endpoint\n'
    )
    p = build(lang, src)
    k = p.edits
    if lang == "typescript":
        obj = [c for c in p.calls if p.aws_function(c)][0].args[0]
        prop = obj.get("name")
        s = p.bindings["i"][0]
    else:
        prop = p.resources[0].args.get("userData")
        s = p.resources[0].args.value("instanceType")
    member = p.bindings["n"][0]
    edits = (
        k.rename_key(prop, "userDataBase64")
        + k.rename_member(member, "bucketEndpoint")
        + k.replace_in_string(s, ":latest", "@sha256:00")
    )
    out = apply_edits(p.body, edits).decode()
    if lang == "typescript":
        assert "{ userDataBase64: " in out and "o.bucketEndpoint" in out and '"nginx@sha256:00"' in out
    else:
        assert "user_data_base64=" in out and "o.bucket_endpoint" in out and '"nginx@sha256:00"' in out


@pytest.mark.parametrize("lang", LANGS)
def test_ensure_pulumi_import(lang):
    body = (
        b'import * as aws from "@pulumi/aws";\nnew aws.s3.Bucket("b");\n'
        if lang == "typescript"
        else b'import pulumi_aws as aws\naws.s3.Bucket("b")\n'
    )
    p = (ts if lang == "typescript" else py).build(body)
    [e] = p.edits.ensure_pulumi_import()
    out = apply_edits(body, [e]).decode()
    assert out.splitlines()[1] == (
        'import * as pulumi from "@pulumi/pulumi";' if lang == "typescript" else "import pulumi"
    )
    assert p.edits.local_name("commonTags") == ("commonTags" if lang == "typescript" else "common_tags")


def test_fix_merges_overlapping_deletions_itself():
    fx = Fix("t", (Edit.delete(10, 20), Edit.delete(12, 15), Edit.delete(20, 25), Edit.insert(30, "x")))
    assert fx.edits == (Edit.delete(10, 25), Edit.insert(30, "x"))
    with pytest.raises(ValueError):
        Fix("t", (Edit(10, 20, "a"), Edit(15, 25, "b")))


def test_str_nodes_carry_their_value():
    p = build("python", 's = """doc"""\n')
    [s] = p.bindings["s"]
    assert isinstance(s, Str) and s.triple and s.value == "doc"
    assert isinstance(p.node_at(s.start, s.end), Str)
    assert isinstance(build("python", "x = 1\n").node_at(PY_HEAD.index("pulumi"), PY_HEAD.index("pulumi") + 6), Ident)


# ---- one program across files (iacfix.project) ---------------------------------------------------
PROJECTS = {
    "typescript": {
        "index.ts": TS_HEAD + 'import { VpcStack } from "./components/vpc";\n'
        'const defaultTags = { Environment: "dev", Project: "p" };\n'
        'new VpcStack("vpc", { cidr: "10.0.0.0/16", tags: defaultTags });\n'
        'new VpcStack("vpc2", { cidr: "10.1.0.0/16" });\n',
        "components/vpc.ts": TS_HEAD + "export interface VpcArgs { cidr: string; tags?: Record<string, string> }\n"
        "export class VpcStack extends pulumi.ComponentResource {\n"
        "  constructor(name: string, args: VpcArgs, opts?: pulumi.ComponentResourceOptions) {\n"
        '    super("x:y:Vpc", name, {}, opts);\n'
        "    const tags = args.tags || {};\n"
        '    new aws.ec2.Vpc("v", { cidrBlock: args.cidr, tags: tags }, { parent: this });\n'
        "  }\n}\n",
        "test/vpc.test.ts": TS_HEAD + 'import { VpcStack } from "../components/vpc";\n'
        'new VpcStack("t", { cidr: "x", tags: { Test: "1" } });\n',
    },
    "python": {
        "__main__.py": PY_HEAD + "from components.vpc import VpcStack, VpcStackArgs\n"
        'default_tags = {"Environment": "dev", "Project": "p"}\n'
        'VpcStack("vpc", VpcStackArgs(cidr="10.0.0.0/16", tags=default_tags))\n'
        'VpcStack("vpc2", VpcStackArgs(cidr="10.1.0.0/16"))\n',
        "components/vpc.py": PY_HEAD + "class VpcStackArgs:\n"
        "    def __init__(self, cidr, tags=None):\n"
        "        self.cidr = cidr\n        self.tags = tags\n\n"
        "class VpcStack(pulumi.ComponentResource):\n"
        "    def __init__(self, name, args: VpcStackArgs, opts=None):\n"
        '        super().__init__("x:y:Vpc", name, None, opts)\n'
        "        tags = args.tags or {}\n"
        '        aws.ec2.Vpc("v", cidr_block=args.cidr, tags=tags,\n'
        "                    opts=pulumi.ResourceOptions(parent=self))\n",
        "tests/test_vpc.py": PY_HEAD + "from components.vpc import VpcStack, VpcStackArgs\n"
        'VpcStack("t", VpcStackArgs(cidr="x", tags={"Test": "1"}))\n',
    },
}


def project_of(lang: str, files: dict[str, str]):
    from iacfix.project import Project, SourceFile

    return Project([SourceFile(path, lang, text.encode()) for path, text in files.items()])


@pytest.mark.parametrize("lang", LANGS)
def test_a_parameter_comes_from_the_call_sites_in_other_files(lang):
    project = project_of(lang, PROJECTS[lang])
    comp = project.program(1)
    [vpc] = comp.resources_of("ec2.Vpc")
    tags = vpc.args.value("tags")
    found = comp.origins(tags)
    # index: the const's literal; the second call site leaves `tags` out of its arguments
    # (`absent`, the place to add it); the `{}` fallback; the test's call site is not counted.
    kinds = sorted((o.kind, o.program.path, o.node.text if o.node is not None else None) for o in found)
    main = "index.ts" if lang == "typescript" else "__main__.py"
    assert sorted(k[:2] for k in kinds) == sorted(
        [("absent", main), ("value", main), ("value", "components/vpc." + main.rsplit(".", 1)[1])]
    )
    literal = next(o for o in found if o.kind == "value" and o.program.path == main).literal
    assert literal is not None and sorted(literal.keys()) == ["Environment", "Project"]
    absent = next(o for o in found if o.kind == "absent")
    assert absent.path == ("tags",) and "10.1.0.0/16" in absent.node.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_component_without_callers_gets_its_tags_from_outside(lang):
    files = {k: v for k, v in PROJECTS[lang].items() if k.startswith("components")}
    comp = project_of(lang, files).program(0)
    [vpc] = comp.resources_of("ec2.Vpc")
    found = comp.origins(vpc.args.value("tags"))
    outside = [o for o in found if o.kind == "outside"]
    assert len(outside) == 1 and outside[0].param == "args" and outside[0].path == ("tags",)
    assert outside[0].definition.name == "VpcStack"


@pytest.mark.parametrize("lang", LANGS)
def test_lookup_and_callers_across_files(lang):
    from iacfix.project import callers, lookup

    project = project_of(lang, PROJECTS[lang])
    main = project.program(0)
    [(prog, d)] = lookup(main, "VpcStack")
    assert prog.path.startswith("components/vpc") and d.kind == "class" and d.params == ("name", "args", "opts")
    sites = callers(prog, d)
    assert [p.path for p, _ in sites] == [main.path, main.path]  # the test file's call is not one


@pytest.mark.parametrize("lang", LANGS)
def test_callers_are_searched_only_in_the_files_that_import_the_definition(lang, monkeypatch):
    """A folder of unrelated programs (each with its own TapStack and call) is one project for
    `check DIR`: a search for callers must not visit every file, or the run grows with the square
    of the folder. Counted: the calls whose definitions a search resolves."""
    from iacfix import project as project_module
    from iacfix.project import callers, lookup

    visited: list[str] = []
    real = project_module._Session.definitions_called

    def counting(self, index, call):
        visited.append(self.project.files[index].path)
        return real(self, index, call)

    monkeypatch.setattr(project_module._Session, "definitions_called", counting)
    files = dict(PROJECTS[lang])
    main_file, component = list(PROJECTS[lang])[:2]
    for k in range(20):  # unrelated programs, each with its own component of the same name
        files[f"other{k}/{main_file}"] = files[main_file]
        files[f"other{k}/{component}"] = files[component]
    project = project_of(lang, files)
    main = project.program(0)
    [(prog, d)] = lookup(main, "VpcStack")
    visited.clear()
    sites = callers(prog, d)
    assert [p.path for p, _ in sites] == [main.path, main.path]
    assert visited and not any(path.startswith("other") for path in visited), sorted(set(visited))


@pytest.mark.parametrize("lang", LANGS)
def test_the_files_of_a_program_are_those_linked_by_imports(lang):
    """`check DIR` over a folder of unrelated programs: each program's files are the ones its
    imports link (either way), so what spans files (tags' origins, exports) is not looked for in
    every file of the folder."""
    from iacfix.project import files

    project_files = dict(PROJECTS[lang])
    main_file, component = list(PROJECTS[lang])[:2]
    for k in range(3):
        project_files[f"other{k}/{main_file}"] = project_files[main_file]
        project_files[f"other{k}/{component}"] = project_files[component]
    project = project_of(lang, project_files)
    linked = sorted(p.path for p in files(project.program(1)))
    assert linked == sorted(list(PROJECTS[lang])), linked  # the root program, its component, its test
    assert sorted(p.path for p in files(project.program(3))) == sorted(["other0/" + main_file, "other0/" + component])


@pytest.mark.parametrize("lang", LANGS)
def test_helpers_return_values_and_apply_callbacks_are_origins(lang):
    src = {
        "typescript": "function commonTags(env: string) { return { Environment: env }; }\n"
        'const t = pulumi.output({ A: "1" }).apply(x => ({ ...x, B: "2" }));\n'
        'new aws.s3.Bucket("b", { tags: commonTags("dev") });\n'
        'new aws.s3.Bucket("c", { tags: t });\n',
        "python": 'def common_tags(env):\n    return {"Environment": env}\n'
        't = pulumi.Output.from_input({"A": "1"}).apply(lambda x: {**x, "B": "2"})\n'
        'aws.s3.Bucket("b", tags=common_tags("dev"))\n'
        'aws.s3.Bucket("c", tags=t)\n',
    }[lang]
    p = build(lang, src)
    b, c = p.resources_of("s3.Bucket")
    [o] = p.origins(b.args.value("tags"))
    assert o.literal is not None and o.literal.keys() == ["Environment"]
    [o] = p.origins(c.args.value("tags"))
    assert o.literal is not None and o.literal.keys() == ["B"] and o.literal.spreads


@pytest.mark.parametrize("lang", LANGS)
def test_a_file_alone_is_not_built_again_to_find_who_imports_it(lang, monkeypatch):
    """A parameter's origins are its call sites, searched in the files that import the file: a
    file alone (every fix_text, every pass a new program) has none, and finding that out must not
    parse and build its text a second time (which was most of IAC006's cost over the corpus)."""
    from iacfix.project import Project

    built: list[int] = []
    real = Project.program
    monkeypatch.setattr(Project, "program", lambda self, index: built.append(index) or real(self, index))
    src = {
        "typescript": 'function make(tags: Record<string, string>) { return new aws.s3.Bucket("b", { tags }); }\n'
        'make({ A: "1" });\n',
        "python": 'def make(tags):\n    return aws.s3.Bucket("b", tags=tags)\n\nmake({"A": "1"})\n',
    }[lang]
    p = build(lang, src)
    [o] = p.origins(p.resources_of("s3.Bucket")[0].args.value("tags"))
    assert o.literal is not None and o.literal.keys() == ["A"] and o.program is p
    assert built == []


@pytest.mark.parametrize("lang", LANGS)
def test_module_bindings_and_ref_name(lang):
    from iacfix.model import ref_name

    src = {
        "typescript": 'const env = "dev";\nfunction f() { const env = "x"; return env; }\n'
        "class C { tags: any; constructor(args: any) {\n"
        '  this.tags = args.tags; new aws.s3.Bucket("c", { tags: this.tags }); } }\n'
        'new aws.s3.Bucket("b", { tags: { A: env } });\n',
        "python": 'env = "dev"\ndef f():\n    env = "x"\n    return env\n\n'
        "class C:\n    def __init__(self, args):\n        self.tags = args.tags\n"
        '        aws.s3.Bucket("c", tags=self.tags)\n\n'
        'aws.s3.Bucket("b", tags={"A": env})\n',
    }[lang]
    p = build(lang, src)
    [(value, (start, end))] = p.module_bindings("env")  # the function's own `env` is not one
    assert value.literal == "dev" and p.text(start, end).rstrip(";").endswith('env = "dev"')
    assert p.module_bindings("nothing") == []
    [assigned] = p.assigned("this.tags")
    inner, outer = p.resources_of("s3.Bucket")
    tags = outer.args.value("tags")
    assert ref_name(assigned) == "args.tags" and ref_name(assigned.obj) == "args"
    assert ref_name(inner.args.value("tags")) == "this.tags"  # Python's `self.tags`, as the model names it
    assert ref_name(tags) is None and ref_name(tags.value("A")) == "env" and ref_name(None) is None


@pytest.mark.parametrize("tail", ["", "let n = 1;\n"])
def test_typescript_declarations_and_resource_variables(tail):
    # Without a `let`, the declarations' spans are found when binding_decl is first read, and a
    # `const x = new ...` resource's variable from its declarator, not by climbing the tree: the
    # same answers either way.
    src = (
        'const a = "x", b = 2;\nvar c = new aws.s3.Bucket("c", {});\n'
        'const d = (new aws.s3.Bucket("d", {}));\nconst e = new aws.s3.Bucket("e", {}) as any;\n'
        'function f() { const a = "y"; return a; }\n' + tail
    )
    p = build("typescript", src)
    first = p.text(*p.binding_decl["a"][0])
    assert first == 'const a = "x", b = 2;' and p.binding_decl["b"] == p.binding_decl["a"][:1]
    assert p.text(*p.binding_decl["a"][1]) == 'const a = "y";' and p.text(*p.binding_decl["c"][0]).startswith("var c =")
    assert [v.literal for v in p.bindings["a"]] == ["x", "y"]
    assert [(r.var, r.bound_by) for r in p.resources] == [(n, "declaration") for n in "cde"]


def test_typescript_properties_have_every_field():
    # The TypeScript front end sets a property's fields itself (not through Prop's __init__): a
    # field added to Prop must be set there too, or reading it raises.
    import dataclasses

    from iacfix.model import Prop

    p = build("typescript", 'const x = 1;\nnew aws.s3.Bucket("b", { a: 1, "b-c": x, ["d"]: 2, x, ...y });\n')
    props = p.resources[0].args.props
    assert [(q.key, q.quoted, q.shorthand) for q in props] == [
        ("a", False, False),
        ("b-c", True, False),
        ("d", False, False),
        ("x", False, True),
    ]
    for q in props:
        made = Prop(*(getattr(q, f.name) for f in dataclasses.fields(Prop)))
        assert all(getattr(made, f.name) == getattr(q, f.name) for f in dataclasses.fields(Prop))
        assert q.owner is p.resources[0].args and p.text(q.key_start, q.key_end) in ("a", '"b-c"', '["d"]', "x")


@pytest.mark.parametrize("lang", LANGS)
def test_relative_imports_resolve(lang):
    from iacfix.project import lookup

    files = (
        {
            "lib/tap-stack.ts": TS_HEAD + 'import { Vpc } from "./vpc";\nnew Vpc("v");\n',
            "lib/vpc.ts": "export class Vpc { constructor(name: string) {} }\n",
        }
        if lang == "typescript"
        else {
            "lib/tap_stack.py": PY_HEAD + "from .vpc import Vpc\nVpc('v')\n",
            "lib/vpc.py": "class Vpc:\n    def __init__(self, name):\n        pass\n",
        }
    )
    project = project_of(lang, files)
    [(prog, d)] = lookup(project.program(0), "Vpc")
    assert prog.path.startswith("lib/vpc") and d.params == ("name",)


# Strings built from values: a template, a `+` sum, a parenthesised sum, JSON, and one more.
STRINGS = (
    'const b = new aws.s3.Bucket("b", {});\n'
    "const t = `arn:${b.arn}/*`;\n"
    'const s = "k-" + b.id + ".txt";\n'
    'const q = ("a" + b.id) + "c";\n'
    "const d = JSON.stringify({ R: b.arn });\n"
    "const i = pulumi.interpolate`${b.arn}`;\n",
    'b = aws.s3.Bucket("b")\n'
    't = f"arn:{b.arn}/*"\n'
    's = "k-" + b.id + ".txt"\n'
    'q = ("a" + b.id) + "c"\n'
    'd = json.dumps({"R": b.arn})\n'
    'i = f"{b.arn}" "-x" f"{b.id!r}"\n',
)


def strings(lang: str):
    return build(lang, STRINGS[0 if lang == "typescript" else 1])


@pytest.mark.parametrize("lang", LANGS)
def test_string_builders_are_indexed(lang):
    p = strings(lang)
    sums = p.concatenations
    assert [p.text(n.start, n.end) for n in sums] == ['"k-" + b.id + ".txt"', '("a" + b.id) + "c"']
    assert [o.text for o in p.operands(sums[0])] == ['"k-"', "b.id", '".txt"']
    assert p.operands(sums[1]) == []  # a parenthesised inner sum is no clean chain
    tpls = p.templates
    assert len(tpls) == 2 and tpls[0].plain and not tpls[0].tagged
    # The last one is a tagged template in TypeScript, an implicit concatenation in Python (one
    # Template, `!r` makes it no plain concatenation).
    assert (tpls[1].tagged, tpls[1].plain) == ((True, True) if lang == "typescript" else (False, False))


@pytest.mark.parametrize(
    "lang,want",
    [
        (
            "typescript",
            [
                "const t = pulumi.interpolate`arn:${b.arn}/*`;",
                'const s = pulumi.concat("k-", b.id, ".txt");',
                "const d = pulumi.jsonStringify({ R: b.arn });",
            ],
        ),
        (
            "python",
            [
                't = pulumi.Output.concat("arn:", b.arn, "/*")',
                's = pulumi.Output.concat("k-", b.id, ".txt")',
                'd = pulumi.Output.json_dumps({"R": b.arn})',
            ],
        ),
    ],
)
def test_lift_to_output(lang, want):
    p = strings(lang)
    k = p.edits
    [json_call] = [c for c in p.calls if p.json_call(c) == "stringify"]
    nodes = [p.templates[0], p.concatenations[0], json_call]
    out = apply_edits(p.body, [e for n in nodes for e in k.lift_to_output(n)]).decode().splitlines()
    assert [ln for ln in out if ln.startswith(("const t", "const s", "const d", "t =", "s =", "d ="))] == want
    # Not liftable as written: a tagged template / an f-string with `!r`, a parenthesised sum.
    assert k.lift_to_output(p.templates[1]) == [] and k.lift_to_output(p.concatenations[1]) == []
    assert ["pulumi." + k.pulumi_name(k.lift_helper(n)) for n in nodes] == (
        ["pulumi.interpolate", "pulumi.concat", "pulumi.jsonStringify"]
        if lang == "typescript"
        else ["pulumi.Output.concat", "pulumi.Output.concat", "pulumi.Output.json_dumps"]
    )


def test_python_templates_are_the_f_strings():
    """Every f-string whatever its prefix's case and `r`, and nothing else (plain, raw, bytes,
    triple-quoted strings: the index skips a string whose first byte is its quote)."""
    p = build(
        "python",
        'a = "x{y}"\nb = F"{y}"\nc = rf\'{y}\\n\'\nd = r"{y}"\ne = b"y"\nf = \'\'\'{y}\'\'\'\ng = Fr"""{y}"""\n',
    )
    assert [t.text for t in p.templates] == ['F"{y}"', "rf'{y}\\n'", 'Fr"""{y}"""']


def test_python_parents_through_args_classes_and_concatenations():
    p = build("python", 'aws.s3.Bucket("b", v=aws.s3.FooArgs(values=[f"{a}" "-x"]))\n')
    [tpl] = p.templates
    [sub] = tpl.substitutions
    assert p.parent(sub).start == tpl.start  # the implicit concatenation is the Template
    arr = p.parent(tpl)
    args = p.parent(arr)
    assert args.style == "py-args" and args.value("values").start == arr.start
    assert isinstance(p.parent(args), Call) and p.parent(args).start == p.resources[0].start


def test_the_pulumi_alias_is_pulumi_when_imported_so():
    p = ts.build(b'import * as p from "@pulumi/pulumi";\nimport * as pulumi from "@pulumi/pulumi";\n')
    assert p.edits.pulumi_alias == "pulumi"


# ---- edit kit capabilities added for IAC003 / IAC006 / IAC102 / IAC105 ---------------------------
def _apply(p, edits):
    return apply_edits(p.body, list(Fix("t", tuple(edits)).edits)).decode()


@pytest.mark.parametrize("lang", LANGS)
def test_prepend_props_goes_before_spreads(lang):
    src = 'const t = { ...base, Name: "x" };\n' if lang == "typescript" else 't = {**base, "Name": "x"}\n'
    p = build(lang, src)
    obj = p.binding("t")
    out = _apply(p, p.edits.prepend_props(obj, [("Owner", "o")]))
    assert (
        'const t = { Owner: "o", ...base, Name: "x" };'
        if lang == "typescript"
        else 't = {"Owner": "o", **base, "Name": "x"}'
    ) in out


@pytest.mark.parametrize("lang", LANGS)
def test_neutral_values_for_outputs_and_tag_lists(lang):
    from iacfix.edits import Interpolate, KeyValueList, PulumiFunction, QuotedMap, Ref

    p = build(lang, "x = 1\n" if lang == "python" else "const x = 1;\n")
    kit = p.edits
    ts = lang == "typescript"
    assert kit.render(Interpolate((Ref("bucket.arn"), "/*")), "") == (
        "pulumi.interpolate`${bucket.arn}/*`" if ts else 'pulumi.Output.concat(bucket.arn, "/*")'
    )
    assert kit.render(PulumiFunction("jsonStringify"), "") == (
        "pulumi.jsonStringify" if ts else "pulumi.Output.json_dumps"
    )
    assert kit.render(QuotedMap({"Effect": "Allow"}), "", True) == (
        '{ "Effect": "Allow" }' if ts else '{"Effect": "Allow"}'
    )
    assert kit.render(KeyValueList(Ref("tags"), (("propagateAtLaunch", True),)), "") == (
        "Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true }))"
        if ts
        else '[{"key": k, "value": v, "propagate_at_launch": True} for k, v in tags.items()]'
    )
    assert kit.nested_inputs is ts


@pytest.mark.parametrize("lang", LANGS)
def test_replace_item_and_remove_props(lang):
    from iacfix.edits import Map

    src = (
        "const a = [\n  { A: 1 },\n];\nconst o = {\n  x: 1,\n  y: 2,\n};\n"
        if lang == "typescript"
        else 'a = [\n    {"A": 1},\n]\no = {\n    "x": 1,\n    "y": 2,\n}\n'
    )
    p = build(lang, src)
    arr, obj = p.binding("a"), p.binding("o")
    out = _apply(p, p.edits.replace_item(arr, arr.items[0], [Map({"A": 1}), Map({"B": 2})]))
    assert out.count("A") == 1 and "B" in out and out.index("A") < out.index("B")
    out = _apply(p, p.edits.remove_props(obj.props, collapse=True))
    assert ("const o = {};" if lang == "typescript" else "o = {}") in out


@pytest.mark.parametrize("lang", LANGS)
def test_keys_written_as_strings_are_known(lang):
    src = 'const d = { "Effect": "Allow", Action: "s3:*" };\n' if lang == "typescript" else 'd = {"Effect": "Allow"}\n'
    p = build(lang, src)
    props = p.binding("d").props
    assert props[0].quoted
    if lang == "typescript":
        assert not props[1].quoted


def test_resource_by_var_is_indexed_not_scanned():
    """Asked once per resource by several transforms: a scan per question made 8,000-resource
    programs quadratic (issue 13 item 22). Counted, not timed."""
    src = (
        "".join(f'const r{i} = new aws.s3.Bucket("b{i}", {{}});\n' for i in range(50))
        + 'let d = new aws.s3.Bucket("x", {});\nd = new aws.s3.Bucket("y", {});\n'
    )
    p = build("typescript", src)

    class Counting(list):
        scans = 0

        def __iter__(self):
            Counting.scans += 1
            return super().__iter__()

    p.resources = Counting(p.resources)
    assert all(p.resource_by_var(f"r{i}").var == f"r{i}" for i in range(50))
    assert p.resource_by_var("d") is None and p.resource_by_var("nope") is None  # two, or none
    assert Counting.scans <= 1


IMPORT_TWINS = (
    'import D, { a, b as c, T } from "./x";\nimport "./side";\n'
    "const v: T = a;\nexport { D };\nconst o = { c: 1 };\no.c;\n",
    'from .x import D, a, b as c, T\nimport side\nv: "T" = a\n__all__ = ["D"]\no = dict(c=1)\no.c\n',
)


@pytest.mark.parametrize("lang", LANGS)
def test_import_spans_and_mentions(lang):
    p = build(lang, IMPORT_TWINS[0 if lang == "typescript" else 1])
    [imp] = [i for i in p.imports if i.module.endswith("x")]
    assert [local for local, _ in imp.bound()] == ["D", "a", "c", "T"]
    assert [p.text(*span) for _, span in imp.bound()] == ["D", "a", "b as c", "T"]
    assert imp.top_level and not imp.reexport
    # a value, a type (a string annotation in Python), `export { D }` / `__all__`; not a property name
    assert {n: p.mentions(n) > 0 for n in ("D", "a", "c", "T")} == {"D": True, "a": True, "c": False, "T": True}


@pytest.mark.parametrize("lang", LANGS)
def test_mentioned_stops_at_the_first_mention(lang):
    """`mentioned` answers what `mentions(name) > 0` does (unused imports ask nothing more), from
    the first mention: a name read many times is not classified at each use. Counted, not timed."""
    src = IMPORT_TWINS[0 if lang == "typescript" else 1] + ("a;\n" * 5)
    p = build(lang, src)
    classified = []
    real = p._mention
    p._mention = lambda node: classified.append(node) or real(node)
    assert {n: p.mentioned(n) for n in ("D", "a", "c", "T")} == {"D": True, "a": True, "c": False, "T": True}
    assert len([n for n in classified if n.text == b"a"]) == 1  # six uses of `a`, one looked at
    assert {n: p.mentioned(n) for n in ("D", "a", "c", "T")} == {n: p.mentions(n) > 0 for n in ("D", "a", "c", "T")}


@pytest.mark.parametrize("lang", LANGS)
def test_remove_import(lang):
    src = (
        'import D, { a, b as c } from "./x";\nimport * as os from "os";\nD;\n'
        if lang == "typescript"
        else "from .x import D, a, b as c\nimport os, sys\nD\nsys\n"
    )
    p = build(lang, src)
    k = p.edits
    by_stmt: dict = {}
    for imp in p.imports:
        by_stmt.setdefault((imp.start, imp.end), []).append(imp)
    edits = []
    for stmt in by_stmt.values():
        edits += k.remove_import(stmt, {"a", "c", "os"})
    out = apply_edits(p.body, edits).decode()
    head = TS_HEAD if lang == "typescript" else PY_HEAD
    assert out == head + (
        'import D from "./x";\nD;\n' if lang == "typescript" else "from .x import D\nimport sys\nD\nsys\n"
    )


@pytest.mark.parametrize(
    "src,left",
    [
        ('import D, { a } from "./x";\nD;\n', 'import D from "./x";'),
        ('import D, { a } from "./x";\na;\n', 'import { a } from "./x";'),
        ('import D, * as ns from "./x";\nns;\n', 'import * as ns from "./x";'),
        ('import {\n  a,\n  b,\n} from "./x";\na;\n', 'import {\n  a,\n} from "./x";'),
    ],
)
def test_remove_typescript_import_groups(src, left):
    p = ts.build(src.encode())
    [imp] = p.imports
    used = {n for n in ("D", "a", "b", "ns") if p.mentions(n)}
    out = apply_edits(p.body, p.edits.remove_import([imp], {b for b, _ in imp.bound()} - used)).decode()
    assert out.startswith(left + "\n")


def test_python_package_init_imports_are_reexports():
    assert py.build(b"from .tap_stack import TapStack\n", "lib/__init__.py").imports[0].reexport
    assert py.build(b"import x\n", "doc.md#lib/__init__.py").imports[0].reexport
    assert not py.build(b"import x\n", "lib/tap.py").imports[0].reexport
    assert not py.build(b"def f():\n    import x\n").imports[0].top_level


TYPED = {
    "python": (
        "import pulumi_aws as aws\nfrom pulumi_aws import s3\n"
        "rules = aws.secretsmanager.SecretRotationRulesArgs(automatically_after_days=30)\n"
        'r = aws.secretsmanager.SecretRotation("r", rotation_rules=rules)\n'
        'e = s3.BucketServerSideEncryptionConfigurationV2("e", rules=[s3.BucketServerSideEncryptionConfigurationV2RuleArgs()])\n'
        'plain = {"automatically_after_days": 30}\nnot_aws = other.ThingArgs(x=1)\n'
    ),
    "typescript": (
        'import * as aws from "@pulumi/aws";\n'
        "const rules: aws.types.input.secretsmanager.SecretRotationRules = { automaticallyAfterDays: 30 };\n"
        'const r = new aws.secretsmanager.SecretRotation("r", { rotationRules: rules });\n'
        "let rule: aws.types.input.s3.BucketServerSideEncryptionConfigurationV2Rule;\n"
        "const plain = { automaticallyAfterDays: 30 };\nlet notAws: other.types.input.s3.Thing;\n"
    ),
}


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_type_refs_and_the_type_a_value_is_declared_as(lang):
    src = TYPED[lang]
    prog = build(lang, src)
    refs = [(r.module, r.name) for r in prog.type_refs]
    assert refs == [("secretsmanager", "SecretRotationRules"), ("s3", "BucketServerSideEncryptionConfigurationV2Rule")]
    assert all(
        prog.body[r.start : r.end].decode().endswith(r.name + ("Args" if lang == "python" else ""))
        for r in prog.type_refs
    )
    declared = prog.type_ref_of(prog.resolve(prog.resources[0].args.get("rotationRules").value))
    assert (declared.module, declared.name) == ("secretsmanager", "SecretRotationRules")
    assert prog.type_ref_of(prog.binding("plain")) is None
    # renamed through the same import, in the language's own form
    renames = [
        (0, "secretsmanager", "SecretRotationRotationRules", "aws.secretsmanager.SecretRotationRotationRulesArgs(",
         "aws.types.input.secretsmanager.SecretRotationRotationRules ="),
        (1, "s3", "BucketServerSideEncryptionConfigurationRule", "s3.BucketServerSideEncryptionConfigurationRuleArgs()",
         "aws.types.input.s3.BucketServerSideEncryptionConfigurationRule;"),
    ]  # fmt: skip
    for i, module, name, python, typescript in renames:
        out = apply_edits(prog.body, prog.edits.rename_type_ref(prog.type_refs[i], module, name)).decode()
        assert (python if lang == "python" else typescript) in out


@pytest.mark.parametrize("scope", [None, frozenset({"s3.Bucket"})])
def test_a_typescript_resources_statement_and_class_whole_or_scoped(scope):
    src = (
        'import * as aws from "@pulumi/aws";\nconst a = 1; // trailing, not b: its own\n\n// leads b\n// and this\n'
        'export const b = new aws.s3.Bucket("b", {});\nconst c = new aws.s3.Bucket("c"), d = 2;\n'
        'const K = class { constructor() { this.e = new aws.s3.Bucket("e"); } };\n'
        'class L { f = new aws.s3.Bucket("f"); }\nfunction g() { return new aws.s3.Bucket("g"); }\n'
        'new aws.s3.Bucket("h");\n'
    )
    prog = ts.build(src.encode(), scope=scope)
    got = [
        (r.name.value, prog.body[r.stmt_start : r.stmt_end].decode(), r.standalone, r.in_class, r.var, r.bound_by)
        for r in prog.resources
    ]
    assert got == [
        ("b", '// leads b\n// and this\nexport const b = new aws.s3.Bucket("b", {});', True, False, "b", "declaration"),
        ("c", 'const c = new aws.s3.Bucket("c"), d = 2;', False, False, "c", "declaration"),
        ("e", 'this.e = new aws.s3.Bucket("e");', True, True, "this.e", "assignment"),  # a class expression's
        ("f", 'f = new aws.s3.Bucket("f")', True, True, "this.f", "field"),  # (a field's `;` is the class's)
        ("g", 'return new aws.s3.Bucket("g");', False, False, None, None),
        ("h", 'new aws.s3.Bucket("h");', True, False, None, None),
    ]


def test_a_typescript_let_is_bound_unless_assigned_again_after_its_declaration():
    prog = build(
        "typescript",
        "b = 0;\nlet a = 1;\nlet b = 1;\nlet c = 1;\nlet d = 1;\nlet e = 1;\nlet g = 1;\n"
        "let h = 1;\nif (a == 2) { c === 3; }\nconst f = (d) => d;\nx.e = 2;\ngg = 2;\n$g = 1;\n"
        "h\n  = 3;\n",
    )
    # `==`, `===`, `=>`, a property `x.e` and the longer names `gg`, `$g` assign nothing; `b = 0`
    # comes before b's declaration; `h\n  = 3` assigns h.
    assert {n for n in "abcdegh" if n in prog.bindings} == set("abcdeg")


def test_typescript_type_names_take_a_namespaced_type_whole_and_every_other_once():
    prog = build(
        "typescript",
        "let a: aws.s3 . Bucket;\n"
        "function f(x: Map<string, Foo>, y: aws.ec2.Vpc[]): Promise<Bar> { return g as Baz; }\n"
        "class C implements I<aws.iam.Role> { q?: Foo; }\n",
    )
    # `aws.s3.Bucket` written with spaces is one name; its `Bucket` is not taken again; `string`
    # is no name (a predefined type).
    assert prog.type_names == {
        "aws.s3.Bucket",
        "aws.ec2.Vpc",
        "aws.iam.Role",
        "Map",
        "Foo",
        "Promise",
        "Bar",
        "Baz",
        "C",
        "I",
    }


@pytest.mark.parametrize(
    "lang,src,left",
    [
        ("python", "import os  # for the paths\nimport sys\nsys\n", "# for the paths\nimport sys\nsys\n"),
        (
            "typescript",
            'import * as os from "os"; // for the paths\nimport * as fs from "fs";\nfs;\n',
            '// for the paths\nimport * as fs from "fs";\nfs;\n',
        ),
    ],
)
def test_remove_import_keeps_its_comment_unindented(lang, src, left):
    p = build(lang, src)
    [imp] = [i for i in p.imports if i.module == "os"]
    out = apply_edits(p.body, p.edits.remove_import([imp], {"os"})).decode()
    assert out == (TS_HEAD if lang == "typescript" else PY_HEAD) + left


@pytest.mark.parametrize("lang", ["typescript", "python"])
def test_memo_computes_once_and_dies_with_the_program(lang):
    import gc
    import weakref

    from iacfix.transforms._apishape import sites

    src = (
        'new aws.s3.Bucket("b", { bucket: "x", tags: { a: "b" } });\n'
        if lang == "typescript"
        else 'aws.s3.Bucket("b", bucket="x", tags={"a": "b"})\n'
    )
    prog = build(lang, src)
    calls = []
    assert prog.memo("k", lambda: calls.append(1) or 7) == 7
    assert prog.memo("k", lambda: calls.append(1) or 8) == 7
    assert calls == [1]
    walked = sites(prog)
    assert [s.prop.key for s in walked] == ["bucket", "tags"]
    assert sites(prog) is walked  # the API-shape rules share one walk per program
    assert prog.member_reads("b") == prog.member_reads("b")
    # Nothing outside the program keeps it: the walk's sites point back at it.
    ref = weakref.ref(prog)
    del prog, walked
    gc.collect()
    assert ref() is None


@pytest.mark.parametrize("lang", LANGS)
def test_stringify_kind_tells_output_blind_json_from_pulumis(lang):
    src = (
        'const a = JSON.stringify({ x: 1 });\nconst b = pulumi.jsonStringify({ x: 1 });\nconst c = JSON.parse("{}");\n'
        if lang == "typescript"
        else 'a = json.dumps({"x": 1})\nb = pulumi.Output.json_dumps({"x": 1})\nc = json.loads("{}")\n'
    )
    p = build(lang, src)
    kinds = {p.binding(n).start: n for n in "abc"}
    found = {kinds[c.start]: p.stringify_kind(c) for c in p.calls if c.start in kinds}
    assert found == {"a": "plain", "b": "output", "c": None}


@pytest.mark.parametrize("lang", LANGS)
def test_stringify_kind_is_read_once_per_callee(lang):
    src = (
        "const a = [JSON.stringify(1), JSON.stringify(2), pulumi.jsonStringify(3), pulumi.jsonStringify(4), f(5)];\n"
        if lang == "typescript"
        else "a = [json.dumps(1), json.dumps(2), pulumi.Output.json_dumps(3), pulumi.Output.json_dumps(4), f(5)]\n"
    )
    p = build(lang, src)
    read = []
    json_call = p.json_call
    p.json_call = lambda call: read.append(call.callee) or json_call(call)
    assert [p.stringify_kind(c) for c in p.calls] == ["plain", "plain", "output", "output", None]
    assert [p.stringify_kind(c) for c in p.calls] == ["plain", "plain", "output", "output", None]
    assert sorted(read) == sorted({c.callee for c in p.calls})  # each callee read once, asked twice each


@pytest.mark.parametrize("lang", LANGS)
def test_var_of_is_the_variable_as_resource_var_spells_it(lang):
    p = twin("component", lang)
    [policy] = [r for r in p.resources if r.cls == "BucketPolicy"]
    [bucket] = [r for r in p.resources if r.cls == "Bucket"]
    ref = policy.args.value("bucket")
    assert var_of(ref, ("id", "bucket")) == bucket.var == "this.bucket"
    assert var_of(ref, ("arn",)) is None
    assert var_of(policy.args.value("policy"), ("id",)) is None


@pytest.mark.parametrize("lang", LANGS)
def test_value_at_reads_through_spreads_and_the_readers_take_it(lang):
    src = (
        'const common = { priority: 10 };\nconst o = { ...common, name: "n", on: true };\n'
        if lang == "typescript"
        else 'common = {"priority": 10}\no = {**common, "name": "n", "on": True}\n'
    )
    p = build(lang, src)
    o = p.resolve(p.binding("o"))
    assert number(value_at(o, "priority")) == 10 and string(value_at(o, "name")) == "n"
    assert string(value_at(o, "priority")) is None and number(value_at(o, "on")) is None
    assert upper(value_at(o, "name")) == "N" and upper(value_at(o, "priority")) is None
    assert value_at(o, "missing") is None and value_at(None, "name") is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_resource_is_of_a_type_by_token_or_dotted_type(lang):
    p = twin("component", lang)
    [policy] = p.resources_of("s3.BucketPolicy")
    assert policy.is_a("aws:s3/bucketPolicy:BucketPolicy") and policy.is_a("iam.Role", "s3.BucketPolicy")
    assert not policy.is_a("s3.Bucket", "aws:s3/bucket:Bucket")
    assert p.resources_of("aws:s3/bucket:Bucket") == [r for r in p.resources if r.is_a("s3.Bucket")]


@pytest.mark.parametrize("lang", LANGS)
def test_an_object_answers_the_last_entry_of_a_key_and_one_node_per_value(lang):
    """A key written twice reads as the later entry, as in JS/Python; every read of a value is
    the same model node (rules compare nodes by identity), however the object is asked."""
    p = build(
        lang,
        'const rest = {};\nconst o = { a: 1, b: [2], ...rest, a: "x" };\n'
        if lang == "typescript"
        else 'rest = {}\no = {"a": 1, "b": [2], **rest, "a": "x"}\n',
    )
    o = p.binding("o")
    assert [q.key for q in o.props] == ["a", "b", "a"] and o.keys() == ["a", "b", "a"]
    assert o.get("a") is o.props[2] and o.value("a").literal == "x" and o.has("b") and not o.has("c")
    assert [s.value.name for s in o.spreads] == ["rest"] and o.find("a") is o.props[2]
    assert o.props[1].value is o.get("b").value is o.entries[1].value and o.value("b").items[0].literal == 2
    assert o.props[0].value.literal == 1 and o.literal is None  # (a spread hides what it adds)


@pytest.mark.parametrize("lang", LANGS)
def test_a_released_program_is_freed_by_reference_counting(lang):
    """After a pass the applier releases its program: nothing of the model may then be left in
    a cycle, or every text's model waits for the cyclic collector (a tenth of the pipeline)."""
    p = twin("component", lang)
    [policy] = p.resources_of("s3.BucketPolicy")
    ref = policy.args.value("bucket")
    assert p.parent(ref) is not None and p.functions_enclosing(ref.start) and p.blocks_at(ref.start)
    assert p.uses("this.bucket") and p.member_reads("this.bucket") and p.definitions and p.imports
    assert [e.owner for e in policy.args.entries] == [policy.args] * 2
    assert p.origins(ref)  # asked in a project of this file alone, made for the question
    program = weakref.ref(p)
    with _collector_off():
        p.release()
        del p, policy, ref
        assert program() is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_released_project_frees_the_programs_it_built(lang):
    project = project_of(lang, PROJECTS[lang])
    comp = project.program(1)
    [vpc] = comp.resources_of("ec2.Vpc")
    assert comp.origins(vpc.args.value("tags"))  # builds the project's other files
    programs = [weakref.ref(project.program(i)) for i in range(len(project.files))]
    with _collector_off():
        project.release()
        del comp, vpc
        assert [p() for p in programs] == [None] * len(programs)


@contextlib.contextmanager
def _collector_off():
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# A component reading its own field, another object's field of that name, the name in a string,
# and binary operators other than `+`.
RECEIVER = (
    "class C extends pulumi.ComponentResource {\n"
    "  constructor(name: string, other: any) {\n"
    '    super("x:y:C", name);\n'
    '    this.group = new aws.cloudwatch.LogGroup("g", {});\n'
    "    const n = this.group.name;\n"
    "    const m = other.group;\n"
    '    const s = "this.group";\n'
    "    const d = 1 - 2;\n"
    "    const e = n === m;\n"
    '    const f = "a" + n;\n'
    "  }\n}\n",
    "class C(pulumi.ComponentResource):\n"
    "    def __init__(self, name, other):\n"
    '        super().__init__("x:y:C", name)\n'
    '        self.group = aws.cloudwatch.LogGroup("g")\n'
    "        n = self.group.name\n"
    "        m = other.group\n"
    '        s = "self.group"\n'
    "        d = 1 - 2\n"
    "        e = n == m\n"
    '        f = "a" + n\n',
)


@pytest.mark.parametrize("lang", LANGS)
def test_receiver_field_uses_and_sums(lang):
    """The uses of `this.group` are the receiver's reads only (not `other.group`, not the string);
    the sums are the `+` expressions only."""
    p = build(lang, RECEIVER[0 if lang == "typescript" else 1])
    receiver = "this" if lang == "typescript" else "self"
    assert [p.text(s, e) for s, e in p.references("this.group")] == [f"{receiver}.group"]
    assert [p.text(n.start, n.end) for n in p.concatenations] == ['"a" + n']


MEMBER_CHAINS = (
    "const r = aws.lambda.Runtime.NodeJS18dX;\n"
    "const f = (aws.lambda).Runtime;\n"
    'const g = aws["ec2"].Vpc;\n'
    "const h = aws.s3.Bucket.get(x).id;\n"
    "const k = [aws.iam];\n"
    "const q = aws[k].Vpc;\n"
    "const m = aws;\n",
    "r = aws.lambda_.Runtime.NODEJS18D_X\n"
    "f = (aws.lambda_).Runtime\n"
    'g = aws["ec2"].Vpc\n'
    "h = aws.s3.Bucket.get(x).id\n"
    "k = [aws.iam]\n"
    "q = aws[k].Vpc\n"
    "m = aws\n",
)


@pytest.mark.parametrize("lang", LANGS)
def test_member_chains_are_the_accesses_on_each_use(lang):
    prog = build(lang, MEMBER_CHAINS[0 if lang == "typescript" else 1])
    chains = prog.member_chains("aws")
    assert len(chains) == len(prog.uses("aws"))  # one per use, in the order of uses
    lam, member = ("lambda", "NodeJS18dX") if lang == "typescript" else ("lambda_", "NODEJS18D_X")
    # Through parentheses; `x["p"]` is an access by its string; a call ends the chain; an array
    # item, an index that is no string (`aws[k]`) or a plain read has none (`m = aws`, the last use).
    assert [[a.prop for a in c] for c in chains if c] == [
        [lam, "Runtime", member],
        [lam, "Runtime"],
        ["ec2", "Vpc"],
        ["s3", "Bucket", "get"],
        ["iam"],
    ]
    assert chains[-1] == []
    first = next(c for c in chains if c)
    assert [c for c in prog.member_chains("aws", 2) if c][0] == first[:2]
    g = next(c for c in chains if c and c[0].prop == "ec2")
    assert g[0].prop_start is None and g[1].prop_start is not None  # a string, not a written name
    last = first[-1]
    node = prog.node_at(last.start, last.end)
    assert isinstance(node, Member) and node.prop == member and node.start == last.start
    assert prog.text(last.prop_start, last.prop_end) == member
    # The front ends answer from the tree what the model's climb of uses and parents answers.
    assert chains == Program.member_chains(prog, "aws") and chains != []
    assert [(r.prop, r.start) for r in prog.member_reads("aws")] == [
        (camel(c[0].prop), c[0].start) for c in chains if c and c[0].prop_start is not None
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_member_chains_stop_where_further_says(lang):
    """`further` is asked before each access after the first, with the chain read so far: False
    ends that chain there, unread beyond (the front ends as the model's own climb)."""
    prog = build(lang, MEMBER_CHAINS[0 if lang == "typescript" else 1])
    asked: list[list[str]] = []

    def further(chain):
        asked.append([a.prop for a in chain])
        return chain[-1].prop != "Runtime"

    chains = prog.member_chains("aws", 8, further)
    lam = "lambda" if lang == "typescript" else "lambda_"
    assert [[a.prop for a in c] for c in chains if c] == [
        [lam, "Runtime"],
        [lam, "Runtime"],
        ["ec2", "Vpc"],
        ["s3", "Bucket", "get"],
        ["iam"],
    ]
    assert [lam] in asked and [lam, "Runtime"] in asked and [] not in asked
    full = prog.member_chains("aws")
    assert all(c == f[: len(c)] for c, f in zip(chains, full, strict=True))
    assert chains == Program.member_chains(prog, "aws", 8, further)


SPELLED = (
    'new aws.lambda.Function("f", { runtime: aws.lambda.Runtime.NodeJS18dX });\n'
    'const a = new aws.cloudwatch.MetricAlarm("a", { namespace: "AWS/EC2" });\n'
    'const awsRegion = aws.getRegionOutput().name;\nconst t = aws["ec2"]["InstanceType_"];\n',
    'aws.lambda_.Function("f", runtime=aws.lambda_.Runtime.NODEJS18D_X)\n'
    'a = aws.cloudwatch.MetricAlarm("a", namespace="AWS/EC2")\n'
    'awsRegion = aws.get_region_output().name\nt = aws.ec2["InstanceType_"]\n',
)


@pytest.mark.parametrize("lang", LANGS)
def test_spelled_names_are_those_written_whole(lang):
    """`spelled(*names)`: the names a name, an access or a string of the program may spell, each
    written whole (a trailing `_` allowed); not inside a longer word (`MetricAlarm`,
    `awsRegion`), never where it is not written."""
    prog = build(lang, SPELLED[0 if lang == "typescript" else 1])
    asked = ("Runtime", "Metric", "Region", "InstanceType", "Tenancy", "Function")
    assert prog.spelled(*asked) == {"Runtime", "InstanceType", "Function"}
    assert prog.spelled() == frozenset() and prog.spelled("Tenancy") == frozenset()
    # A backslash may escape any name's letters (`"Reg\x69on"`): every name may be spelled.
    escaped = build(lang, SPELLED[0 if lang == "typescript" else 1] + 'x = "Reg\\x69on"\n')
    assert escaped.spelled(*asked) == set(asked)
    # In a file with syntax errors a token may end anywhere: wherever a name is written.
    broken = build(lang, SPELLED[0 if lang == "typescript" else 1] + "x = (\n")
    assert broken.broken and broken.spelled(*asked) == {"Runtime", "InstanceType", "Function", "Metric", "Region"}


COMPONENT_CALLEES = {
    "typescript": (
        'import * as pulumi from "@pulumi/pulumi";\n'
        "class Plain {}\n"
        "class Web extends pulumi.ComponentResource {\n"
        '  constructor(name: string) { super("x:y:Web", name, {}, {}); }\n'
        "}\n"
        "function helper() { return 1; }\n"
        'new Web("w");\nnew Plain();\nhelper();\n'
    ),
    "python": (
        "import pulumi\n"
        "class Plain:\n    pass\n"
        "class Web(pulumi.ComponentResource):\n"
        "    def __init__(self, name):\n        super().__init__('x:y:Web', name, None, None)\n"
        "def helper():\n    return 1\n"
        'Web("w")\nPlain()\nhelper()\n'
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_callee_names_a_component_class_or_nothing(lang):
    from iacfix import project

    p = build(lang, COMPONENT_CALLEES[lang])
    assert {d.name: d.is_component for d in p.definitions} == {"Plain": False, "Web": True, "helper": False}
    [(holder, web)] = project.components(p, "Web")
    assert holder is p and web.name == "Web"
    assert project.components(p, "Plain") == [] and project.components(p, "helper") == []
    assert project.components(p, "Web") is project.components(p, "Web")  # once per name and pass


@pytest.mark.parametrize("lang", LANGS)
def test_no_component_class_no_lookup(lang, monkeypatch):
    """A program (a project of one file) that declares no component class: no callee names one,
    and none is followed through the imports to find out. Counted, not timed."""
    from iacfix import project

    src = COMPONENT_CALLEES[lang].replace("pulumi.ComponentResource", "object" if lang == "python" else "Object")
    if lang == "typescript":
        src = src.replace("extends Object", "").replace('super("x:y:Web", name, {}, {}); ', "")
    p = build(lang, src)
    assert not any(d.is_component for d in p.definitions)
    looked: list[str] = []
    monkeypatch.setattr(project, "lookup", lambda prog, name: looked.append(name) or [])
    assert [project.components(p, n) for n in ("Web", "Plain", "helper")] == [[], [], []]
    assert looked == []


@pytest.mark.parametrize("lang", LANGS)
def test_has_components_looks_at_every_file_of_the_project(lang):
    """Whether any file of the project declares a component class: the entry file of PROJECTS
    declares none, its component file does; a lone program without one has none."""
    from iacfix import project

    main = project_of(lang, PROJECTS[lang]).program(0)
    assert main is not None and not any(d.is_component for d in main.definitions)
    assert project.has_components(main)
    assert project.has_components(build(lang, COMPONENT_CALLEES[lang]))
    src = COMPONENT_CALLEES[lang].replace("pulumi.ComponentResource", "object" if lang == "python" else "Object")
    if lang == "typescript":
        src = src.replace("extends Object", "").replace('super("x:y:Web", name, {}, {}); ', "")
    assert not project.has_components(build(lang, src))


STRINGS_WITH = {
    "typescript": (
        "// us-east-1 and arn: in a comment are no strings\n"
        'const a = "arn:aws:s3:::b";\n'
        'const b = "us\\x2deast\\x2d1";\n'
        "const c = `arn:aws:${a}`;\n"
        'const d = `${"eu-west-1"}`;\n'
        'const e = "plain";\n'
        "const f = 5-1;\n"
    ),
    "python": (
        "# us-east-1 and arn: in a comment are no strings\n"
        'a = "arn:aws:s3:::b"\n'
        'b = "us\\x2deast\\x2d1"\n'
        'c = f"arn:aws:{a}"\n'
        "d = f\"{'eu-west-1'}\"\n"
        'e = "plain"\n'
        "f = 5-1\n"
        'g = b"arn:x"\n'
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_strings_with_are_the_plain_literals_holding_a_needle(lang):
    p = build(lang, STRINGS_WITH[lang])
    found = p.strings_with("arn:", "-1")
    # Escaped ("\x2d" is "-"), inside a template's hole; not a template / f-string itself, a
    # comment, code or a bytes literal.
    assert [s.value for s in found] == ["arn:aws:s3:::b", "us-east-1", "eu-west-1"]
    assert all(isinstance(s, Str) for s in found)
    assert [p.text(s.start, s.end)[1:-1] for s in found][0] == "arn:aws:s3:::b"
    assert [s.value for s in p.strings_with("-1")] == ["us-east-1", "eu-west-1"]
    assert p.strings_with("nowhere") == []
    # Needles alike but for their second byte are found by one search for the pair (the rest of
    # the text's "-" never tested one by one): the same literals, none more (`5-1` is code).
    digits = tuple(f"-{d}" for d in range(10))
    assert [s.value for s in p.strings_with(*digits)] == ["us-east-1", "eu-west-1"]
    assert [s.value for s in p.strings_with("-2", "-3")] == []
    assert [s.value for s in p.strings_with("-1", "-w")] == ["us-east-1", "eu-west-1"]


TEMPLATES_WHERE = {
    "typescript": 'const a = `x${b}`;\nconst c = "plain";\nconst d = `y${e}` + `z`;\nconst f = pulumi.interpolate`w${g}`;\n',
    "python": 'a = f"x{b}"\nc = "plain"\nd = f"y{e}" "z"\nf = F"w{g}"\n',
}


@pytest.mark.parametrize("lang", LANGS)
def test_templates_where_converts_only_the_templates_it_keeps(lang):
    p = build(lang, TEMPLATES_WHERE[lang])
    asked, made = [], []
    convert = p.convert
    p.convert = lambda n, *a: made.append(n.start_byte) or convert(n, *a)  # the front end's conversions
    kept = p.templates_where(lambda span: asked.append(span) or "e" in p.names_in(span))
    # Every template's span is asked, in source order (Python's implicit concatenation is one).
    assert [p.text(s.start, s.end) for s in asked] == (
        ["`x${b}`", "`y${e}`", "`z`", "pulumi.interpolate`w${g}`"[len("pulumi.interpolate") :]]
        if lang == "typescript"
        else ['f"x{b}"', 'f"y{e}" "z"', 'F"w{g}"']
    )
    assert [t.text for t in kept] == (["`y${e}`"] if lang == "typescript" else ['f"y{e}" "z"'])
    assert made == [kept[0].start]  # the others were never converted
    assert [t.text for t in p.templates_where(lambda span: True)] == [t.text for t in p.templates]


ADOPTED = {
    "typescript": (
        'const o = { import: "b-2" };\n'
        'new aws.s3.Bucket("a", {}, { import: "b-1" });\n'
        'new aws.s3.Bucket("b", {}, o);\n'
        'new aws.s3.Bucket("c", {}, { ...o, protect: true });\n'
        'new aws.s3.Bucket("d", {}, { protect: true, dependsOn: [x] });\n'
        'new aws.s3.Bucket("e", {}, { ignoreChanges: ["import"] });\n'
        'new aws.s3.Bucket("f", {});\n'
    ),
    "python": (
        'o = pulumi.ResourceOptions(import_="b-2")\n'
        'aws.s3.Bucket("a", opts=pulumi.ResourceOptions(import_="b-1"))\n'
        'aws.s3.Bucket("b", opts=o)\n'
        'aws.s3.Bucket("c", opts=pulumi.ResourceOptions(**kw, import_="b-3"))\n'
        'aws.s3.Bucket("d", opts=pulumi.ResourceOptions(protect=True, depends_on=[x]))\n'
        'aws.s3.Bucket("e", opts=pulumi.ResourceOptions(ignore_changes=["import"]))\n'
        'aws.s3.Bucket("f")\n'
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_adopted_is_an_import_key_in_the_options(lang):
    p = build(lang, ADOPTED[lang])
    made = []
    convert = p.convert
    p.convert = lambda n, *a: made.append(n.start_byte) or convert(n, *a)  # the front end's conversions
    plain = p.resources[3]
    assert not p.adopted(plain)
    assert made == []  # options without `import`, spreads or strings: answered unconverted
    # Written at the call, through a const, beside a spread; a string "import" is no key.
    assert [p.adopted(r) for r in p.resources] == [True, True, True, False, False, False]
    assert p.adopted(plain) == (p.options_of(plain).find("import") is not None)


NAMES_IN_RECEIVER = {
    "typescript": "class C {\n  m() {\n    const a = `${this.bucket.arn}/${name}`;\n    const b = `${this}`;\n  }\n}\n",
    "python": 'class C:\n    def m(self):\n        a = f"{self.bucket.arn}/{name}"\n        b = f"{self}"\n',
}


@pytest.mark.parametrize("lang", LANGS)
def test_names_in_names_the_field_the_receiver_reads(lang):
    p = build(lang, NAMES_IN_RECEIVER[lang])
    field, bare = p.templates
    # `this.bucket` (Python `self.bucket`): the field read, not the receiver alone, so a rule
    # looking for one field of the receiver can pass over the templates reading others.
    names = p.names_in(field)
    assert {"this.bucket", "name"} <= names and "this" not in names
    assert "this" in p.names_in(bare) and not any(n.startswith("this.") for n in p.names_in(bare))


CLASS_AT = {
    "typescript": (
        "class Outer extends pulumi.ComponentResource {\n"
        "  constructor(name: string) {\n"
        '    super("x:y:O", name);\n'
        "    const t = this.tags;\n"
        "    class Inner { m() { return this.x; } }\n"
        "  }\n"
        "}\n"
        "const top = 1;\n"
    ),
    "python": (
        "class Outer(pulumi.ComponentResource):\n"
        "    def __init__(self, name):\n"
        '        super().__init__("x:y:O", name)\n'
        "        t = self.tags\n"
        "        class Inner:\n"
        "            def m(self):\n"
        "                return self.x\n"
        "top = 1\n"
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_class_at_is_the_innermost_class_body(lang):
    p = build(lang, CLASS_AT[lang])
    text = p.body.decode()
    receiver = "this" if lang == "typescript" else "self"
    outer = p.class_at(text.index(f"{receiver}.tags"))
    inner = p.class_at(text.index(f"{receiver}.x"))
    assert outer is not None and inner is not None and outer[0] < inner[0] < inner[1] <= outer[1]
    assert p.text(*inner).lstrip("{ \n").startswith("m(" if lang == "typescript" else "def m(")
    assert p.class_at(text.index("top")) is None
    # The first class of blocks_at, at every offset (the front end stops its climb there).
    assert all(p.class_at(o) == Program.class_at(p, o) for o in range(len(p.body) + 1))


TEMPLATES_NAMING = {
    "typescript": "const a = `x${b}-${e}`;\nconst c = `y${e}`;\nconst d = `z${b}`;\nclass C { m() { return `${this.f}`; } }\n",
    "python": 'a = f"x{b}-{e}"\nc = f"y{e}"\nd = f"z{b}"\nclass C:\n    def m(self):\n        return f"{self.f}"\n',
}


@pytest.mark.parametrize("lang", LANGS)
def test_templates_naming_asks_each_name_once_and_converts_only_what_it_keeps(lang):
    p = build(lang, TEMPLATES_NAMING[lang])
    asked, made = [], []
    convert = p.convert
    p.convert = lambda n, *a: made.append(n.start_byte) or convert(n, *a)  # the front end's conversions
    kept = p.templates_naming(lambda name: asked.append(name) or name in ("e", "this.f"))
    # Kept at their first accepted name; `b` is asked once though two templates mention it, and
    # the receiver is named with the field it reads, as names_in names it.
    assert [t.text for t in kept] == (
        ["`x${b}-${e}`", "`y${e}`", "`${this.f}`"]
        if lang == "typescript"
        else ['f"x{b}-{e}"', 'f"y{e}"', 'f"{self.f}"']
    )
    assert sorted(asked) == ["b", "e", "this.f"]
    assert made == [t.start for t in kept]
    everything = p.templates_where(lambda span: any(n in ("e", "this.f") for n in p.names_in(span)))
    assert [t.text for t in kept] == [t.text for t in everything]


FUNCTIONS_AROUND = {
    "typescript": (
        "const top = 1;\n"
        "function outer(a: number) {\n"
        "  const f = (b: number) => b + a;\n"
        "  const g = function (c: number) { return function* () { yield c; }; };\n"
        "  class K { m(d: number) { return [1].map(x => x + d); } }\n"
        "  return f(1) + g(2);\n"
        "}\n"
        "export const h = async () => { const i = () => 1; return i(); };\n"
    ),
    "python": (
        "top = 1\n"
        "def outer(a):\n"
        "    f = lambda b: b + a\n"
        "    def g(c):\n"
        "        return lambda: c\n"
        "    class K:\n"
        "        def m(self, d):\n"
        "            return [x + d for x in map(lambda y: y, [1])]\n"
        "    return f(1) + g(2)\n"
        "async def h():\n"
        "    i = lambda: 1\n"
        "    return i()\n"
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_functions_enclosing_are_the_functions_holding_the_offset_innermost_first(lang):
    # Answered from the build query's captures of every function (an index, no climb per offset):
    # at every offset, the named function nodes of the tree climb from it, start before it.
    p = build(lang, FUNCTIONS_AROUND[lang])
    root = p.tree.root_node

    def climbed(offset):
        out, n = [], root.descendant_for_byte_range(offset, offset)
        while n is not None:
            if n.is_named and n.type in p.FUNCTION_TYPES and n.start_byte < offset:
                out.append((n.start_byte, n.end_byte))
            n = n.parent
        return out

    spans = {o: [(f.start, f.end) for f in p.functions_enclosing(o)] for o in range(len(p.body) + 2)}
    assert all(spans[o] == climbed(o) for o in spans)
    assert max(len(s) for s in spans.values()) == 3  # outer > K.m > the callback (or g > its inner function)
    text = p.body.decode()
    assert spans[text.index("top")] == [] and spans[text.index("b + a")] != []
    # Inside the keyword `function` / `lambda`, that token is no function (the climb counted it):
    # the function there is the one the keyword opens.
    word = "function" if lang == "typescript" else "lambda"
    kw = text.index(word + (" (c" if lang == "typescript" else ": c"))
    assert (kw, kw + len(word)) not in spans[kw + 2] and spans[kw + 2][0][0] == kw
    # A function is one object however it is reached (the same Func at each offset inside it).
    inner = text.index("x + d")
    assert p.functions_enclosing(inner)[0] is p.functions_enclosing(inner + 1)[0]


ASSIGNED = {
    "typescript": (
        "class C {\n"
        "  m(other: any) {\n"
        "    this.a = 1;\n"
        "    this.b = this.c = (2);\n"
        "    this.d.e = 3;\n"
        "    other.f = 4;\n"
        "    this.g += 5;\n"
        "    this.a = `six`;\n"
        "  }\n"
        "}\n"
    ),
    "python": (
        "class C:\n"
        "    def m(self, other):\n"
        "        self.a = 1\n"
        "        self.b = self.c = (2)\n"
        "        self.d.e = 3\n"
        "        other.f = 4\n"
        "        self.g += 5\n"
        "        self.h: int = 7\n"
        "        self.i: int\n"
        '        self.a = "six"\n'
    ),
}


@pytest.mark.parametrize("lang", LANGS)
def test_assigned_is_every_value_given_a_receiver_field_in_source_order(lang):
    # Read from the build query's captures (the receiver's `this.x` / the assignments), not a
    # query of its own: the same answer, field by field.
    p = build(lang, ASSIGNED[lang])
    assert [v.text for v in p.assigned("this.a")] == (["1", "`six`"] if lang == "typescript" else ["1", '"six"'])
    assert [v.literal for v in p.assigned("this.c")] == [2]  # `(2)`: the value inside the parentheses
    b = p.assigned("this.b")  # a chained assignment: the inner assignment is b's value
    assert len(b) == 1 and p.text(b[0].start, b[0].end).startswith(("this.c", "self.c"))
    assert p.assigned("this.d") == p.assigned("this.e") == p.assigned("this.f") == p.assigned("this.g") == []
    assert [v.literal for v in p.assigned("this.h")] == ([] if lang == "typescript" else [7])
    assert p.assigned("this.i") == []
    fields = [name for name, _ in p.field_assignments()]
    assert fields == (
        ["this.a", "this.b", "this.c", "this.a"]
        if lang == "typescript"
        else ["this.a", "this.b", "this.c", "this.h", "this.a"]
    )
