"""IAC101 output-in-string: rewrite only where an Output really flows in and an Input is accepted."""

from __future__ import annotations

import pytest

from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.notes import NoteKind, of_kind

CFG = Config(select=("IAC101",), unsafe_fixes=True)
HEAD = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\nconst bucket = new aws.s3.Bucket("b", {});\n'


def fix(src: str, lang: str = "typescript"):
    r = fix_text(src, lang, CFG)
    assert not of_kind(r.notes, NoteKind.CRASHED, NoteKind.REFUSED), r.notes
    again = fix_text(r.output, lang, CFG)
    assert not again.changed, "not idempotent"
    return r.output.decode(), r.findings


@pytest.mark.parametrize("before, after", [
    ('new aws.s3.BucketPolicy("p", { bucket: bucket.id, policy: JSON.stringify({ Resource: `${bucket.arn}/*` }) });',
     'new aws.s3.BucketPolicy("p", { bucket: bucket.id, policy: pulumi.jsonStringify({ Resource: pulumi.interpolate`${bucket.arn}/*` }) });'),
    ('new aws.s3.BucketObject("o", { bucket: bucket.id, key: "k-" + bucket.id });',
     'new aws.s3.BucketObject("o", { bucket: bucket.id, key: pulumi.concat("k-", bucket.id) });'),
    ('const arn = bucket.arn;\nconst doc = `${arn}/*`;\nnew aws.s3.BucketObject("o", { bucket: bucket.id, key: doc });',
     'const arn = bucket.arn;\nconst doc = pulumi.interpolate`${arn}/*`;\nnew aws.s3.BucketObject("o", { bucket: bucket.id, key: doc });'),
    ('const id = pulumi.output("x");\nnew aws.s3.BucketObject("o", { bucket: bucket.id, key: `k/${id}` });',
     'const id = pulumi.output("x");\nnew aws.s3.BucketObject("o", { bucket: bucket.id, key: pulumi.interpolate`k/${id}` });'),
    ('export const url = `https://${bucket.bucketDomainName}`;',
     'export const url = pulumi.interpolate`https://${bucket.bucketDomainName}`;'),
    ('new aws.s3.BucketObject("o", { bucket: bucket.id, key: `${aws.getCallerIdentityOutput().accountId}` });',
     'new aws.s3.BucketObject("o", { bucket: bucket.id, key: pulumi.interpolate`${aws.getCallerIdentityOutput().accountId}` });'),
    # An Output leaking into an .apply callback's returned string: apply flattens an Output result.
    ('new aws.s3.BucketObject("o", { bucket: bucket.id, key: bucket.id.apply(i => `${i}/${bucket.arn}`) });',
     'new aws.s3.BucketObject("o", { bucket: bucket.id, key: bucket.id.apply(i => pulumi.interpolate`${i}/${bucket.arn}`) });'),
])
def test_rewrites(before, after):
    got, _ = fix(HEAD + before + "\n")
    assert got == HEAD + after + "\n"


@pytest.mark.parametrize("src", [
    # plain values
    'const c = new pulumi.Config();\nnew aws.s3.Bucket("x", { bucket: `a-${c.require("n")}-${process.env.X}-${pulumi.getStack()}` });',
    # already unwrapped
    'new aws.s3.BucketPolicy("p", { bucket: bucket.id, policy: bucket.arn.apply(a => JSON.stringify({ R: `${a}/*` })) });',
    'new aws.s3.BucketPolicy("p", { bucket: bucket.id, policy: pulumi.all([bucket.arn]).apply(([a]) => JSON.stringify({ R: a })) });',
    # already lifted
    'new aws.s3.BucketObject("o", { bucket: bucket.id, key: pulumi.interpolate`${bucket.arn}` });',
    # a parameter shadows the resource variable
    'function f(bucket: { arn: string }) { return new aws.s3.BucketObject("o", { bucket: "b", key: `${bucket.arn}` }); }',
])
def test_left_alone(src):
    got, findings = fix(HEAD + src + "\n")
    assert got == HEAD + src + "\n"
    assert not findings


@pytest.mark.parametrize("src", [
    'console.log(`bucket ${bucket.id}`);',
    'new aws.s3.BucketObject(`o-${bucket.id}`, { bucket: bucket.id });',  # a resource name is a plain string
    'const s = `x-${bucket.id}`;\nconsole.log(s);\nnew aws.s3.BucketObject("o", { bucket: bucket.id, key: s });',
])
def test_reported_not_rewritten(src):
    got, findings = fix(HEAD + src + "\n")
    assert got == HEAD + src + "\n"
    assert findings and all(f.fix_title is None for f in findings)


def test_adds_import_once():
    src = ('import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("b", {});\n'
           'new aws.s3.BucketObject("o", { bucket: b.id, key: `${b.arn}`, content: `${b.id}` });\n')
    got, _ = fix(src)
    assert got.count('import * as pulumi from "@pulumi/pulumi";') == 1
    assert "key: pulumi.interpolate`${b.arn}`, content: pulumi.interpolate`${b.id}`" in got


def test_uses_existing_alias():
    src = ('import * as p from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("b", {});\n'
           'new aws.s3.BucketObject("o", { bucket: b.id, key: `${b.arn}` });\n')
    got, _ = fix(src)
    assert "key: p.interpolate`${b.arn}`" in got and "@pulumi/pulumi\";\nimport * as aws" in got


def test_python():
    src = ('import json\nimport pulumi\nimport pulumi_aws as aws\nb = aws.s3.Bucket("b")\n'
           'aws.s3.BucketPolicy("p", bucket=b.id, policy=json.dumps({"R": f"{b.arn}/*"}))\n'
           'aws.s3.BucketObject("o", bucket=b.id, key=f"{b.arn!r}")\n'
           'aws.s3.BucketPolicy("q", bucket=b.id, policy=b.arn.apply(lambda a: json.dumps({"R": a})))\n')
    got, findings = fix(src, "python")
    assert 'policy=pulumi.Output.json_dumps({"R": pulumi.Output.concat(b.arn, "/*")})' in got
    assert 'key=f"{b.arn!r}"' in got  # a conversion: not a plain concatenation, left alone
    assert "lambda a: json.dumps" in got


def test_python_config_secret_is_an_output():
    """`pulumi.Config()` is instantiated by a plain call in Python: its secrets are Outputs too."""
    src = ('import json\n\nimport pulumi\nimport pulumi_aws as aws\n\nconfig = pulumi.Config()\n'
           'db_password = config.require_secret("dbPassword")\nsecret = aws.secretsmanager.Secret("db")\n'
           'aws.secretsmanager.SecretVersion("db", secret_id=secret.id,\n'
           '    secret_string=json.dumps({"username": "app", "password": db_password}))\n')
    got, _ = fix(src, "python")
    assert 'secret_string=pulumi.Output.json_dumps({"username": "app", "password": db_password})' in got
    plain = src.replace('config.require_secret("dbPassword")', 'config.require("dbPassword")')
    assert fix(plain, "python")[0] == plain  # a plain config value is a str: left alone


def test_python_inside_args_classes():
    """A string inside a nested `...Args(...)` of a resource's arguments is an Input too."""
    src = ('import pulumi\nimport pulumi_aws as aws\nb = aws.s3.Bucket("b")\n'
           'aws.cloudtrail.Trail("t", s3_bucket_name=b.id, event_selectors=[aws.cloudtrail.TrailEventSelectorArgs(\n'
           '    data_resources=[aws.cloudtrail.TrailEventSelectorDataResourceArgs(type="AWS::S3::Object",\n'
           '        values=[f"{b.arn}/*"])])])\n')
    got, _ = fix(src, "python")
    assert 'values=[pulumi.Output.concat(b.arn, "/*")]' in got


def test_python_apply_on_a_bare_imported_output():
    """`from pulumi import Output`: `Output.all(...).apply(...)` is an Output's callback as
    `pulumi.Output.all(...)` is, and an Output leaking into its returned JSON is lifted."""
    src = ('import json\nimport pulumi\nimport pulumi_aws as aws\nfrom pulumi import Output\n'
           'g = aws.cloudwatch.LogGroup("g")\nb = aws.s3.Bucket("b")\n'
           'aws.ecs.TaskDefinition("t", family="f", container_definitions=Output.all(b.id).apply(\n'
           '    lambda args: json.dumps([{"name": args[0], "log": g.name}])))\n')
    got, _ = fix(src, "python")
    assert "lambda args: pulumi.Output.json_dumps([" in got


@pytest.mark.parametrize("lang,src,want", [
    # A template and the sum it starts: the template first, the sum on the next pass.
    ("typescript", 'new aws.s3.BucketObject("o", { bucket: bucket.id, key: `k/${bucket.id}` + "/x" });',
     'key: pulumi.concat(pulumi.interpolate`k/${bucket.id}`, "/x")'),
    ("python", 'aws.s3.BucketObject("o", bucket=b.id, key=f"k/{b.id}" "/x")', 'key=pulumi.Output.concat("k/", b.id, "/x")'),
])
def test_nested_builders_converge(lang, src, want):
    head = HEAD if lang == "typescript" else 'import pulumi\nimport pulumi_aws as aws\nb = aws.s3.Bucket("b")\n'
    got, _ = fix(head + src + "\n", lang)
    assert want in got


@pytest.mark.parametrize("src, want", [
    # The string only calls a method on the const: a Config's secret, a Promise's `then`, a stack
    # reference's output (the const itself is no Output, what it makes is).
    ('const cfg = new pulumi.Config();\n'
     'new aws.s3.BucketObject("o", { bucket: bucket.id, key: `k/${cfg.requireSecret("k")}` });',
     'key: pulumi.interpolate`k/${cfg.requireSecret("k")}`'),
    ('const me = aws.getCallerIdentity();\n'
     'new aws.s3.BucketObject("o", { bucket: bucket.id, key: `k/${me.then(i => i.accountId)}` });',
     'key: pulumi.interpolate`k/${me.then(i => i.accountId)}`'),
    ('const net = new pulumi.StackReference("org/net/dev");\n'
     'new aws.s3.BucketObject("o", { bucket: bucket.id, key: "k/" + net.getOutput("vpcId") });',
     'key: pulumi.concat("k/", net.getOutput("vpcId"))'),
])
def test_outputs_made_from_a_const(src, want):
    got, _ = fix(HEAD + src + "\n")
    assert want in got
