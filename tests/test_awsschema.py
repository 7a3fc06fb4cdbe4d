"""The @pulumi/aws schema (iacfix.awsschema, data/aws_schema.json.gz) against the real packages.

A sample of resources, functions, nested types and enums is checked three ways: against the
taggable table (a separate, regex-based reading of the same .d.ts files), against the TypeScript
typings through tsc itself (type-level equalities and @ts-expect-error lines that fail when the
schema is wrong), and against the Python wheel's Args classes (signatures read by inspect).
"""

from __future__ import annotations

import importlib
import inspect
import json
import typing
from pathlib import Path

import pytest
from typecheck_fixtures import tsc_available  # noqa: F401

from iacfix import awsdata, awsschema
from iacfix.awsschema import (
    close_names,
    enum_values,
    function_at,
    kind,
    nested,
    object_shape,
    python_name,
    camel_name,
    resource,
    resource_at,
    scalar,
)

# Named resources the repairs rely on, then every 23rd token: a sample that spans the package.
NAMED = [
    "aws:codepipeline/pipeline:Pipeline",
    "aws:apigateway/deployment:Deployment",
    "aws:apigateway/stage:Stage",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "aws:secretsmanager/secret:Secret",
    "aws:ec2/eip:Eip",
    "aws:lambda/function:Function",
    "aws:ecs/taskDefinition:TaskDefinition",
    "aws:ecs/service:Service",
    "aws:rds/instance:Instance",
    "aws:iam/role:Role",
]


def sample_tokens() -> list[str]:
    toks = sorted(awsschema.resource_tokens())
    return NAMED + [t for t in toks[::23] if t not in NAMED and t != "pulumi:providers:aws"]


def _ts_path(shape) -> str:
    return f"aws.{shape.path}" if shape.module else f"aws.{shape.name}"


def _union(names) -> str:
    names = sorted(names)
    return " | ".join(json.dumps(n) for n in names) if names else "never"


# ------------------------------------------------------------------------------------------
# The API


def test_meta_and_counts():
    meta = awsschema.schema()["_meta"]
    assert meta["package"] == "@pulumi/aws"
    assert meta["version"] == awsschema.version() == awsdata.taggable_table()["_meta"]["version"]
    assert meta["resources"] == len(awsschema.resource_tokens()) > 1500
    assert meta["functions"] > 600 and meta["types"] > 5000 and meta["enums"] > 10


def test_python_names():
    assert python_name("artifactStores") == "artifact_stores"
    assert python_name("s3Configuration") == "s3_configuration"
    assert python_name("enableResourceNameDnsARecord") == "enable_resource_name_dns_a_record"
    assert python_name("AWS") == "aws"
    assert python_name("lambda") == "lambda_"
    assert python_name("getRandomPasswordOutput") == "get_random_password_output"
    assert camel_name("artifact_stores") == "artifactStores"
    assert camel_name("lambda_") == "lambda"
    assert camel_name("roleArn") == "roleArn"


def test_resource_shapes():
    p = resource_at("codepipeline", "Pipeline")
    assert p.token == "aws:codepipeline/pipeline:Pipeline"
    assert sorted(p.required) == ["artifactStores", "roleArn", "stages"]
    store = p.arg("artifact_stores")
    assert store is p.arg("artifactStores") and kind(store.type) == "list"
    assert object_shape(store.type).path == "codepipeline.PipelineArtifactStore"
    assert "location" in object_shape(store.type).args
    assert p.arg("artifactStore") is None
    dep = resource_at("apigateway", "Deployment")
    assert "stageName" not in dep.args and "invokeUrl" not in dep.outputs
    assert "invokeUrl" in resource_at("apigateway", "Stage").outputs
    td = resource_at("aws.ecs", "TaskDefinition")
    assert scalar(td.arg("cpu").type) == "string" and td.arg("family").required
    assert resource_at("lambda_", "Function") is resource("aws:lambda/function:Function")
    assert resource_at("s3", "NoSuchThing") is None and resource("aws:x/y:Z") is None


def test_deprecations_and_replacements():
    v2 = resource_at("s3", "BucketV2")
    assert "deprecated in favor of s3.Bucket" in v2.deprecated
    assert v2.replacement == {"resource": "s3.Bucket"}
    assert resource_at("s3", "BucketVersioningV2").replacement == {"resource": "s3.BucketVersioning"}
    # the replacements declare the old type as an alias: renaming keeps the deployed resource
    assert resource_at("s3", "Bucket").aliases == ("aws:s3/bucketV2:BucketV2",)
    assert "aws:s3/bucketVersioningV2:BucketVersioningV2" in resource_at("s3", "BucketVersioning").aliases
    assert resource_at("s3", "BucketV2").aliases == ()
    assert resource("pulumi:providers:aws").path == "Provider" == resource_at("", "Provider").path
    acl = resource_at("s3", "Bucket").arg("acl")
    assert acl.deprecated and acl.replacement == {"resource": "s3.BucketAcl"}
    fn = function_at("vpn", "getConnection")
    assert fn.replacement == {"function": "ec2.getVpnConnection"}
    region = function_at("", "get_region_output")
    assert region.path == "getRegion" and region.has_output_form
    assert region.output("name").replacement == {"arg": "region"}
    runtime = resource_at("lambda", "Function").arg("runtime")
    values, open_ = enum_values(runtime.type)
    assert open_ and "nodejs20.x" in values and "nodejs16.x" in values
    rt = awsschema.enum("lambda.Runtime")
    assert rt.member_of("nodejs16.x") in rt.deprecated and rt.member_of("nodejs20.x") not in rt.deprecated


def test_functions():
    f = function_at("secretsmanager", "getRandomPassword")
    assert f is function_at("secretsmanager", "get_random_password_output")
    assert "passwordLength" in f.args and "length" not in f.args and f.args_optional
    assert scalar(f.arg("password_length").type) == "number"
    assert "randomPassword" in f.outputs


def test_close_names():
    pipeline = resource_at("codepipeline", "Pipeline").args
    assert close_names("artifactStore", pipeline) == ["artifactStores"]
    assert close_names("artifact_store", pipeline) == ["artifactStores"]
    assert close_names("ROLEARN", pipeline) == ["roleArn"]
    assert close_names("rolArn", pipeline) == ["roleArn"]
    assert close_names("stageName", resource_at("apigateway", "Deployment").args) == []
    assert close_names("tags", pipeline) == ["tags"]
    # two equally close names: both returned, the caller must not pick
    assert sorted(close_names("abcd", ["abce", "abcf", "xyz"])) == ["abce", "abcf"]


def test_schema_agrees_with_the_taggable_table():
    """Two readings of the same .d.ts files (TypeScript compiler API vs regex) agree on every
    resource's argument names and required arguments, and on each argument's coarse kind."""
    coarse = {"list": "array", "map": "object", "mixed": "other", "archive": "other"}
    tab = awsdata.taggable_table()
    assert set(awsschema.resource_tokens()) - {"pulumi:providers:aws"} == set(tab) - {"_meta"}
    for tok, e in tab.items():
        if tok == "_meta":
            continue
        r = resource(tok)
        assert set(r.args) == set(e["args"]), tok
        assert set(r.required) == set(e.get("required", [])), tok
        for name, k in e["args"].items():
            mine = coarse.get(kind(r.args[name].type), kind(r.args[name].type))
            assert mine == k or k == "other", (tok, name, mine, k)


# ------------------------------------------------------------------------------------------
# Against the TypeScript typings, through tsc


_TS_HEAD = """import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
type Eq<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Req<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type Own<T> = { [K in keyof T]: T[K] extends (...a: any[]) => any ? never : K }[Exclude<keyof T, keyof pulumi.CustomResource>];
"""
_GOOD = {"string": '"s"', "number": "1", "boolean": "true"}
_BAD = {"string": "1", "number": '"s"', "boolean": '"s"'}


def _ts_checks() -> list[str]:
    lines = []
    for i, tok in enumerate(sample_tokens()):
        r = resource(tok)
        t = _ts_path(r)
        args = f"{t}Args"
        lines.append(f"export const k{i}: Eq<keyof {args}, {_union(r.args)}> = true;")
        lines.append(f"export const r{i}: Eq<Req<{args}>, {_union(r.required)}> = true;")
        lines.append(f"export const o{i}: Eq<Own<{t}>, {_union(r.outputs)}> = true;")
        for a in r.args.values():
            if isinstance(a.type, str) and a.type in _GOOD:
                lines.append(f"export const s{i}_{a.name}: {args}[{json.dumps(a.name)}] = {_GOOD[a.type]};")
                lines.append("// @ts-expect-error the schema says this is the wrong scalar kind")
                lines.append(f"export const w{i}_{a.name}: {args}[{json.dumps(a.name)}] = {_BAD[a.type]};")
            elif a.type == ["list", "string"]:
                lines.append(f'export const l{i}_{a.name}: {args}[{json.dumps(a.name)}] = ["s"];')
                lines.append("// @ts-expect-error a list, not a string")
                lines.append(f'export const m{i}_{a.name}: {args}[{json.dumps(a.name)}] = "s";')
    for i, name in enumerate(["codepipeline.PipelineArtifactStore", "ecs.ServiceDeploymentCircuitBreaker",
                              "lb.TargetGroupHealthCheck", "kinesis.FirehoseDeliveryStreamExtendedS3Configuration"]):
        n = nested(name)
        t = f"aws.types.input.{name}"
        lines.append(f"export const n{i}: Eq<keyof {t}, {_union(n.args)}> = true;")
        lines.append(f"export const q{i}: Eq<Req<{t}>, {_union(n.required)}> = true;")
    for i, (mod, name) in enumerate([("secretsmanager", "getRandomPassword"), ("s3", "getBucket"), ("", "getRegion"),
                                     ("ec2", "getVpc"), ("iam", "getPolicyDocument")]):
        f = function_at(mod, name)
        t = _ts_path(f)
        lines.append(f"export const f{i}: Eq<keyof NonNullable<Parameters<typeof {t}>[0]>, {_union(f.args)}> = true;")
        lines.append(f"export const g{i}: Eq<keyof Awaited<ReturnType<typeof {t}>>, {_union(f.outputs)}> = true;")
        if f.has_output_form:
            lines.append(f"export const h{i} = {t}Output;")
    en = awsschema.enum("lambda.Runtime")
    lines.append(f"export const e0: Eq<aws.lambda.Runtime, {_union(en.values.values())}> = true;")
    return lines


@pytest.mark.tsc
def test_sample_matches_the_typescript_typings(tsc_available):  # noqa: F811
    from iacfix.typecheck import typecheck_typescript

    meta = json.loads((Path(tsc_available) / "@pulumi" / "aws" / "package.json").read_text())
    assert meta["version"] == awsschema.version(), "regenerate: scripts/gen_aws_schema.py"
    src = _TS_HEAD + "\n".join(_ts_checks()) + "\n"
    errors = typecheck_typescript({"schema_check.ts": src})["schema_check.ts"]
    lines = src.splitlines()
    shown = [f"{e}\n    {lines[int(e.split(':')[0]) - 1]}" for e in errors[:20]]
    assert not errors, "\n".join(shown)


@pytest.mark.tsc
def test_the_ts_check_can_fail(tsc_available):  # noqa: F811
    """The checks above are not vacuous: a wrong name, a wrong required set and a wrong scalar
    kind are each caught."""
    from iacfix.typecheck import typecheck_typescript

    wrong = [
        'export const a: Eq<keyof aws.codepipeline.PipelineArgs, "artifactStore"> = true;',
        'export const b: Eq<Req<aws.codepipeline.PipelineArgs>, "roleArn"> = true;',
        "// @ts-expect-error",
        'export const c: aws.ecs.TaskDefinitionArgs["cpu"] = "256";',
    ]
    errors = typecheck_typescript({"w.ts": _TS_HEAD + "\n".join(wrong) + "\n"})["w.ts"]
    assert len(errors) == 3, errors


# ------------------------------------------------------------------------------------------
# Against the Python wheel


def _py_module(module: str):
    return importlib.import_module("pulumi_aws" + "".join("." + python_name(p) for p in module.split(".") if p))


_PY_SCALAR = {"string": (str,), "number": (int, float), "boolean": (bool,)}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sample_matches_the_python_wheel():
    pytest.importorskip("pulumi_aws")
    from importlib.metadata import version as dist_version

    assert dist_version("pulumi-aws") == awsschema.version()
    checked = 0
    for tok in sample_tokens():
        r = resource(tok)
        mod = _py_module(r.module)
        # `XInitArgs` when a nested type already took the name `XArgs`
        args_cls = getattr(mod, f"{r.name}InitArgs", None) or getattr(mod, f"{r.name}Args")
        params = {p.name: p for p in inspect.signature(args_cls.__init__).parameters.values() if p.name != "__self__"}
        assert set(params) == {a.python_name for a in r.args.values()}, tok
        for a in r.args.values():
            p = params[a.python_name]
            assert (p.default is inspect.Parameter.empty) == a.required, (tok, a.name)
            want = _PY_SCALAR.get(a.type) if isinstance(a.type, str) else None
            if want:
                first = typing.get_args(p.annotation)[0]
                assert first in want, (tok, a.name, p.annotation)
        res_cls = getattr(mod, r.name)
        for o in r.outputs:
            assert isinstance(inspect.getattr_static(res_cls, python_name(o), None), property), (tok, o)
        checked += 1
    assert checked == len(sample_tokens())
    for name in ["codepipeline.PipelineArtifactStore", "ecs.ServiceDeploymentCircuitBreaker"]:
        n = nested(name)
        mod = _py_module(name.rpartition(".")[0])
        params = inspect.signature(getattr(mod, name.rpartition(".")[2] + "Args").__init__).parameters
        assert {p for p in params if p != "__self__"} == {a.python_name for a in n.args.values()}
    f = function_at("secretsmanager", "getRandomPassword")
    sig = inspect.signature(_py_module("secretsmanager").get_random_password)
    assert set(sig.parameters) - {"opts"} == {a.python_name for a in f.args.values()}


@pytest.mark.tsc
def test_committed_schema_is_what_the_generator_makes(tsc_available, tmp_path):  # noqa: F811
    """The shipped data is exactly what scripts/gen_aws_schema.py makes from the pinned package."""
    import gzip
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "aws_schema.json.gz"
    subprocess.run([sys.executable, str(root / "scripts" / "gen_aws_schema.py"), "--node-modules", str(tsc_available),
                    "--out", str(out)], check=True, capture_output=True, timeout=600)
    fresh = json.loads(gzip.decompress(out.read_bytes()))
    assert fresh == awsschema.schema(), "codemod/data/aws_schema.json.gz is stale: run scripts/gen_aws_schema.py"
    committed = root / "codemod" / "data" / "aws_schema.json.gz"
    assert out.read_bytes() == committed.read_bytes(), "the same table, laid out otherwise: run scripts/gen_aws_schema.py"


def test_modules_and_the_modules_of_a_class():
    assert awsschema.has_module("cloudwatch") and awsschema.has_module("lambda_") and not awsschema.has_module("logs")
    assert awsschema.modules_with_class("QueryDefinition") == ("cloudwatch",)
    assert awsschema.modules_with_class("LoadBalancer") == ("alb", "elb", "lb")
    assert awsschema.modules_with_class("Nonesuch") == ()


# ------------------------------------------------------------------------------------------
# The data file's layout: each entry decoded when it is asked for


def test_each_entry_read_alone_is_the_entry_of_the_whole_file():
    """The sections read entry by entry (and the paths read from each entry's start) are those of
    the data file decoded whole, in the same order."""
    import gzip
    from importlib import resources

    whole = json.loads(gzip.decompress((resources.files("iacfix.data") / "aws_schema.json.gz").read_bytes()))
    meta, sections = awsschema._index(awsschema._read_data())
    assert meta == whole["_meta"] and list(sections) == list(awsschema._SECTIONS)
    for name, section in sections.items():
        assert list(section) == list(whole[name]), name
        assert {k: section[k] for k in section} == whole[name], name
    for name, second in (("resources", "c"), ("functions", "n")):
        assert list(sections[name].heads()) == [(k, e["m"], e[second]) for k, e in whole[name].items()]


def test_the_layout_reads_back_any_key_and_value():
    table = {
        "_meta": {"version": "1"},
        "resources": {
            'quote":inside': {"m": "x", "c": "Y", "a": {}},
            "back\\slash": {"m": "caf\u00e9", "c": "Z"},
            "plain": {"c": "C", "m": "m"},  # another key order: its path is decoded, not read
            "esc": {"m": 'a"b', "c": "D"},
        },
        "functions": {},
        "types": {"t": {"a": {"x": ["list", "str"], "y": "line\nbreak}\n}"}}},
        "enums": {"e": {"v": {"A": 1}}},
    }
    text = awsschema.to_text(table)
    assert json.loads(text) == table
    meta, sections = awsschema._index(text.encode())
    assert meta == table["_meta"]
    assert {name: dict(s.items()) for name, s in sections.items()} == {n: table[n] for n in awsschema._SECTIONS}
    assert list(sections["resources"].heads()) == [
        ('quote":inside', "x", "Y"), ("back\\slash", "caf\u00e9", "Z"), ("plain", "m", "C"), ("esc", 'a"b', "D")
    ]
    with pytest.raises(ValueError, match="not written by to_text"):
        awsschema._index(json.dumps(table).encode())
