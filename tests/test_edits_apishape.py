"""EditKit operations the API-shape repairs need, in both languages: rename an entry's key in the
file's own convention, wrap / unwrap a value in a list, change a resource's class, set a resource
option."""

from __future__ import annotations

from iacfix.edits import Copy
from iacfix.frontends import get


def build(language: str, src: str):
    return get(language).build(src.encode(), "x")


def apply(src: str, edits) -> str:
    body = src.encode()
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        body = body[:e.start] + e.text.encode() + body[e.end:]
    return body.decode()


TS = '''import * as aws from "@pulumi/aws";
const p = new aws.codepipeline.Pipeline("p", {
    artifactStore: { location: "b", type: "S3" },
    "stage_list": [],
    roleArn,
});
'''

PY = '''import pulumi
import pulumi_aws as aws
p = aws.codepipeline.Pipeline("p",
    artifact_store=aws.codepipeline.PipelineArtifactStoreArgs(location="b", type="S3"),
    stages=[{"action_list": []}])
'''


def test_rename_key_typescript():
    prog = build("typescript", TS)
    args = prog.resources[0].args
    edits = prog.edits.rename_key(args.get("artifactStore"), "artifactStores")
    edits += prog.edits.rename_key(args.get("stage_list"), "stages")
    edits += prog.edits.rename_key(args.get("roleArn"), "role")
    out = apply(TS, edits)
    assert 'artifactStores: { location' in out and '"stages": []' in out and "role: roleArn," in out


def test_rename_key_python():
    prog = build("python", PY)
    args = prog.resources[0].args
    edits = prog.edits.rename_key(args.get("artifactStore"), "artifactStores")
    inner = prog.resolve(args.get("stages").value).items[0]
    edits += prog.edits.rename_key(inner.get("actionList"), "actions")
    out = apply(PY, edits)
    assert "artifact_stores=aws.codepipeline" in out and '{"actions": []}' in out


def test_rename_key_python_exact_names():
    prog = build("python", 'import pulumi_aws as aws\nz = aws.route53.Zone("z", dns_arecord=True, lam=1)\n')
    args = prog.resources[0].args
    edits = prog.edits.rename_key(args.get("dnsArecord"), "enableResourceNameDnsARecord")
    edits += prog.edits.rename_key(args.get("lam"), "lambda")
    out = apply(prog.body.decode(), edits)
    assert "enable_resource_name_dns_a_record=True" in out and "lambda_=1" in out


def test_wrap_and_unwrap_list_both_languages():
    for lang, src in (("typescript", TS), ("python", PY)):
        prog = build(lang, src)
        args = prog.resources[0].args
        value = args.get("artifactStore").value
        out = apply(src, prog.edits.wrap_list(value))
        assert out.count("[") == src.count("[") + 1 and out.count("]") == src.count("]") + 1
        wrapped = build(lang, out).resources[0].args.get("artifactStore").value
        assert wrapped.kind == "array" and len(wrapped.items) == 1
        back = apply(out, build(lang, out).edits.unwrap_list(wrapped))
        assert back == src
    prog = build("typescript", "const a = [1, 2];\n")
    assert prog.edits.unwrap_list(prog.binding("a")) == []


def test_replace_type_both_languages():
    ts = 'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.BucketV2("b", {});\nconst l = new aws.logs.LogGroup("l");\n'
    prog = build("typescript", ts)
    b, lg = prog.resources
    out = apply(ts, prog.edits.replace_type(b, "s3", "Bucket") + prog.edits.replace_type(lg, "cloudwatch", "LogGroup"))
    assert "new aws.s3.Bucket(" in out and "new aws.cloudwatch.LogGroup(" in out
    py = 'import pulumi_aws as aws\nfrom pulumi_aws import s3\nf = aws.lambda_.EventInvokeConfig("f")\nb = s3.BucketV2("b")\n'
    prog = build("python", py)
    f, b = prog.resources
    out = apply(py, prog.edits.replace_type(f, "lambda", "FunctionEventInvokeConfig") + prog.edits.replace_type(b, "s3", "Bucket"))
    assert "aws.lambda_.FunctionEventInvokeConfig(" in out and 'b = s3.Bucket("b")' in out
    # another module, from a module imported by name: through the package's import
    assert apply(py, prog.edits.replace_type(b, "cloudwatch", "LogGroup")).endswith('b = aws.cloudwatch.LogGroup("b")\n')
    for lang, src in (("python", 'from pulumi_aws import s3, iam\nb = s3.Role("b")\nc = s3.BucketV2("c")\n'),
                      ("typescript", 'import { s3, iam } from "@pulumi/aws";\nconst b = new s3.Role("b");\n'
                                     'const c = new s3.BucketV2("c");\n')):
        prog = build(lang, src)
        b, c = prog.resources
        # ... or through that module's own import by name; without either, left alone
        assert "iam.Role(" in apply(src, prog.edits.replace_type(b, "iam", "Role"))
        assert prog.edits.replace_type(c, "cloudwatch", "LogGroup") == []


def test_add_resource_option_typescript():
    ts = ('import * as aws from "@pulumi/aws";\nconst r = new aws.cfg.Rule("r", { name: "x" });\n'
          'const s = new aws.cfg.Rule("s", { name: "y" }, { parent: this });\nconst t = new aws.cfg.Rule("t", args, opts);\n')
    prog = build("typescript", ts)
    r, s, t = prog.resources
    dep = prog.binding("r")  # any node: the value is copied as written
    out = apply(ts, prog.edits.add_resource_option(r, "dependsOn", [Copy(prog.resources[1].name)])
                + prog.edits.add_resource_option(s, "dependsOn", ["x"]))
    assert 'new aws.cfg.Rule("r", { name: "x" }, { dependsOn: ["s"] });' in out
    assert 'new aws.cfg.Rule("s", { name: "y" }, { parent: this, dependsOn: ["x"] });' in out
    # options through a variable: spread into an object of the resource's own
    assert apply(ts, prog.edits.add_resource_option(t, "dependsOn", ["x"])).count(
        'new aws.cfg.Rule("t", args, { ...opts, dependsOn: ["x"] });') == 1
    assert prog.edits.add_resource_option(s, "parent", ["x"]) == []  # already set
    assert dep is not None


def test_add_resource_option_python():
    py = ('import pulumi\nimport pulumi_aws as aws\nr = aws.cfg.Rule("r", name="x")\n'
          's = aws.cfg.Rule("s", name="y", opts=pulumi.ResourceOptions(parent=r))\n')
    prog = build("python", py)
    r, s = prog.resources
    out = apply(py, prog.edits.add_resource_option(r, "dependsOn", ["a"]) + prog.edits.add_resource_option(s, "dependsOn", ["b"]))
    assert 'aws.cfg.Rule("r", name="x", opts=pulumi.ResourceOptions(depends_on=["a"]))' in out
    assert 'opts=pulumi.ResourceOptions(parent=r, depends_on=["b"]))' in out
    assert prog.edits.add_resource_option(s, "parent", ["b"]) == []
    no_pulumi = build("python", 'import pulumi_aws as aws\nr = aws.cfg.Rule("r", name="x")\n')
    assert no_pulumi.edits.add_resource_option(no_pulumi.resources[0], "dependsOn", ["a"]) == []


def test_call_kwargs_python_only():
    py = build("python", 'import pulumi_aws as aws\np = aws.secretsmanager.get_random_password(length=32)\n')
    call = next(c for c in py.calls if c.callee.endswith("get_random_password"))
    kw = py.call_kwargs(call)
    assert kw is not None and kw.keys() == ["length"]
    # One object per call: asked again (as options_of is, per resource and rule), the same object
    # and entries, not a copy loaded again.
    assert py.call_kwargs(call) is kw and py.call_kwargs(call).get("length") is kw.get("length")
    out = apply(py.body.decode(), py.edits.rename_key(kw.get("length"), "passwordLength"))
    assert "get_random_password(password_length=32)" in out
    ts = build("typescript", 'import * as aws from "@pulumi/aws";\nconst p = aws.secretsmanager.getRandomPassword({ length: 32 });\n')
    assert ts.call_kwargs(ts.calls[0]) is None


def test_member_reads_both_languages():
    ts = build("typescript", 'const d = new aws.apigateway.Deployment("d", {});\nexport const u = d.invokeUrl;\n'
                             'd.description = "x";\nconst t = `${d.stageName}`;\n')
    reads = ts.member_reads("d")
    assert [(r.prop, ts.body[r.start:r.end]) for r in reads] == [
        ("invokeUrl", b"d.invokeUrl"), ("description", b"d.description"), ("stageName", b"d.stageName")]
    out = apply(ts.body.decode(), ts.edits.replace_member_read(reads[0], "stage", "invokeUrl")
                + ts.edits.rename_member_read(reads[2], "name"))
    assert "export const u = stage.invokeUrl;" in out and "`${d.name}`" in out
    py = build("python", 'import pulumi\nclass A:\n    def f(self):\n        self.d = aws.apigateway.Deployment("d")\n'
                         '        self.d.x = 1\n        pulumi.export("u", self.d.invoke_url)\n')
    reads = [r for r in py.member_reads("this.d") if r.prop != "x"]
    assert [r.prop for r in reads] == ["invokeUrl"]
    out = apply(py.body.decode(), py.edits.replace_member_read(reads[0], "stage", "invokeUrl"))
    assert 'pulumi.export("u", stage.invoke_url)' in out
    assert ts.edits.variable_name("deployment", "stage") == "deploymentStage"
    assert py.edits.variable_name("deployment", "stage") == "deployment_stage"


RETARGET = {
    "python": ('import pulumi\nfrom pulumi_aws import s3, logs, events\nfrom pulumi_aws import (\n    iam,\n    elbv2,\n)\n'
               'g = logs.LogGroup("g")\nr = events.Rule("r")\nt = events.RuleTarget("t", rule=r.name)\n'
               'a = logs.LogGroup("a", retention_in_days=1)\nbalancer = elbv2.LoadBalancer("lb")\n'),
    "typescript": ('import * as pulumi from "@pulumi/pulumi";\nimport { s3, logs, events } from "@pulumi/aws";\n'
                   'import {\n    iam,\n    elbv2,\n} from "@pulumi/aws";\n'
                   'const g = new logs.LogGroup("g");\nconst r = new events.Rule("r");\n'
                   'new events.RuleTarget("t", { rule: r.name });\nconst a = new logs.LogGroup("a", { retentionInDays: 1 });\n'
                   'const balancer = new elbv2.LoadBalancer("lb");\n'),
}


def test_retarget_modules_both_languages():
    for lang, src in RETARGET.items():
        prog = build(lang, src)
        members = {"logs": {"LogGroup": "LogGroup"},
                   "events": {"Rule": "EventRule", "RuleTarget": "EventTarget"}}
        out = apply(src, prog.edits.retarget_modules("cloudwatch", members))
        # the first name becomes the import of the module, the second goes; every use follows
        assert "import { s3, cloudwatch } from" in out or "from pulumi_aws import s3, cloudwatch\n" in out, out
        assert "cloudwatch.LogGroup(" in out and "cloudwatch.EventRule(" in out and "cloudwatch.EventTarget(" in out
        assert "logs" not in out and "events" not in out
        # the last entry of a parenthesized import, its comma kept on the one before
        out = apply(src, prog.edits.retarget_modules("lb", {"elbv2": {"LoadBalancer": "LoadBalancer"}}))
        assert "    iam,\n    lb,\n" in out and "lb.LoadBalancer(" in out
        # a use that is not a known member: nothing
        assert prog.edits.retarget_modules("cloudwatch", {"events": {"Rule": "EventRule"}}) == []
    # a use it cannot rewrite (a TypeScript type): nothing
    typed = 'import { logs } from "@pulumi/aws";\nlet a: logs.LogGroupArgs;\nconst g = new logs.LogGroup("g");\n'
    assert build("typescript", typed).edits.retarget_modules("cloudwatch", {"logs": {"LogGroup": "LogGroup"}}) == []


def test_retarget_modules_drops_the_import_when_the_module_is_imported():
    for lang, src in (("python", 'from pulumi_aws import cloudwatch\nfrom pulumi_aws import logs\ng = logs.LogGroup("g")\n'),
                      ("typescript", 'import { cloudwatch } from "@pulumi/aws";\nimport { logs } from "@pulumi/aws";\n'
                                     'const g = new logs.LogGroup("g");\n')):
        prog = build(lang, src)
        out = apply(src, prog.edits.retarget_modules("cloudwatch", {"logs": {"LogGroup": "LogGroup"}}))
        assert out.count("import") == 1 and "cloudwatch.LogGroup(" in out and "logs" not in out
        # the module's name taken by a variable: nothing
        taken = src.replace("from pulumi_aws import cloudwatch\n", "cloudwatch = 1\n").replace(
            'import { cloudwatch } from "@pulumi/aws";\n', "const cloudwatch = 1;\n")
        assert build(lang, taken).edits.retarget_modules("cloudwatch", {"logs": {"LogGroup": "LogGroup"}}) == []


def test_add_resource_option_python_options_imported_by_name():
    src = ('import pulumi\nfrom pulumi import ResourceOptions as RO\nimport pulumi_aws as aws\n'
           'r = aws.cfg.Rule("r", name="x", opts=RO(parent=p))\ns = aws.cfg.Rule("s", name="y")\n')
    prog = build("python", src)
    r, s = prog.resources
    assert apply(src, prog.edits.add_resource_option(r, "dependsOn", [Copy(prog.resources[0].args.get("name").value)])
                 ).count('opts=RO(parent=p, depends_on=["x"])') == 1
    only = 'from pulumi import ResourceOptions\nimport pulumi_aws as aws\ns = aws.cfg.Rule("s", name="y")\n'
    prog = build("python", only)
    assert 'opts=ResourceOptions(protect=True)' in apply(only, prog.edits.add_resource_option(prog.resources[0], "protect", True))
