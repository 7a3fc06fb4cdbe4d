"""Hypothesis strategies that write Pulumi programs the way language models do.

A generated program is a random subset of resource *groups* (a log group, a target group with a
health check, an ECS task definition + service, an IAM role policy, a load balancer listener with a
listener rule, an S3 bucket, a KMS key, an RDS instance), each drawn with or without its typical
failure, in a random style: quote character, indentation (2/4 spaces or tabs), CRLF, trailing
commas, comments between properties, a BOM, semicolons, and resources at top level or inside a
`pulumi.ComponentResource`.

`Program.clean` is True when no group carries a failure: such a program has nothing to fix and must
come back byte for byte.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hypothesis import strategies as st

BOM = b"\xef\xbb\xbf"
DIGEST = "sha256:" + "a" * 64
PIN = "sha256:" + "b" * 64  # the digest the property config pins nginx:1.25 to
TAG_KEYS = ("Environment", "Project", "Owner", "CostCenter", "ManagedBy")


class Code(str):
    """A value written as code, not as a string literal."""


@dataclass
class Style:
    quote: str = '"'
    indent: str = "    "
    crlf: bool = False
    trailing: bool = True
    comments: bool = False
    bom: bool = False
    semicolons: bool = True
    component: bool = False
    rng: random.Random = field(default_factory=lambda: random.Random(0))

    def q(self, s: str) -> str:
        return f"{self.quote}{s}{self.quote}"

    def end(self) -> str:
        return ";" if self.semicolons else ""


def _value(v, level: int, s: Style) -> str:
    if isinstance(v, Code):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return s.q(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x, level, s) for x in v) + "]"
    if isinstance(v, dict):
        return _obj(v, level, s)
    raise TypeError(v)


def _obj(props: dict, level: int, s: Style) -> str:
    if not props:
        return "{}"
    pad = s.indent * (level + 1)
    lines = ["{"]
    items = list(props.items())
    for i, (k, v) in enumerate(items):
        if s.comments and s.rng.random() < 0.4:
            lines.append(f"{pad}// {k} follows")
        comma = "," if (i < len(items) - 1 or s.trailing) else ""
        lines.append(f"{pad}{k}: {_value(v, level + 1, s)}{comma}")
    lines.append(s.indent * level + "}")
    return "\n".join(lines)


def _new(var: str, cls: str, name: str, args: dict | None, level: int, s: Style) -> str:
    parts = [s.q(name)]
    if args is not None:
        parts.append(_obj(args, level, s))
    if s.component:
        parts.append("{ parent: this }")
    return f"const {var} = new aws.{cls}({', '.join(parts)}){s.end()}"


def _tags(clean: bool) -> dict:
    return {"tags": Code("commonTags")} if clean else {}


# Each group: (name, builder(broken: set[str], level, style) -> list of statements, failures it can have)

def _log_group(fails, lvl, s):
    args = {"name": Code("`/app/logs-${environmentSuffix}`"), **_tags("tags" not in fails)}
    if "retention" not in fails:
        args["retentionInDays"] = 30
    return [_new("logs", "cloudwatch.LogGroup", "logs", args, lvl, s)]


def _target_group(fails, lvl, s):
    hc = {"path": "/health", "interval": 30, "protocol": "HTTP", "timeout": 10}
    if "timeout" in fails:
        hc = {"path": "/health", "interval": 30, "timeout": 2}
    args = {"port": 80, "protocol": "HTTP", "targetType": "ip", "vpcId": "vpc-123", "healthCheck": hc,
            **_tags("tags" not in fails)}
    return [_new("tg", "lb.TargetGroup", "tg", args, lvl, s)]


def _kms(fails, lvl, s):
    args = {"description": "app data", **_tags("tags" not in fails)}
    if "rotation" not in fails:
        args["enableKeyRotation"] = True
    return [_new("key", "kms.Key", "key", args, lvl, s)]


def _bucket(fails, lvl, s):
    args = {**_tags("tags" not in fails)}
    if "versioning" in fails:
        args["versioning"] = {"enabled": True}
    out = [_new("bucket", "s3.Bucket", "bucket", args, lvl, s)]
    if "public" not in fails:
        pab = {"bucket": Code("bucket.id"), "blockPublicAcls": True, "blockPublicPolicy": True,
               "ignorePublicAcls": True, "restrictPublicBuckets": True}
        out.append(_new("bucketPab", "s3.BucketPublicAccessBlock", "bucket-pab", pab, lvl, s))
    return out


def _ecs(fails, lvl, s):
    image = "nginx:1.25" if "image" in fails else f"nginx:1.25@{DIGEST}"
    cpu, memory = ("256", "4096") if "size" in fails else ("256", "512")
    containers = Code(f"JSON.stringify([{{ name: {s.q('web')}, image: {s.q(image)}, essential: true }}])")
    td = {"family": "web", "cpu": cpu, "memory": memory, "networkMode": "awsvpc",
          "requiresCompatibilities": ["FARGATE"], "containerDefinitions": containers, **_tags("tags" not in fails)}
    svc = {"cluster": Code("cluster.arn"), "taskDefinition": Code("task.arn"), "desiredCount": 2,
           "launchType": "FARGATE", **_tags("tags" not in fails)}
    if "deployment" not in fails:
        svc.update({"deploymentCircuitBreaker": {"enable": True, "rollback": True},
                    "deploymentMaximumPercent": 200, "deploymentMinimumHealthyPercent": 100,
                    "propagateTags": "SERVICE", "healthCheckGracePeriodSeconds": 60})
    return [
        _new("cluster", "ecs.Cluster", "cluster", {**_tags("tags" not in fails)}, lvl, s),
        _new("task", "ecs.TaskDefinition", "task", td, lvl, s),
        _new("service", "ecs.Service", "service", svc, lvl, s),
    ]


def _role_policy(fails, lvl, s):
    role = _new("role", "iam.Role", "role", {"assumeRolePolicy": Code("assumeDoc"), **_tags("tags" not in fails)}, lvl, s)
    action = ["s3:*"] if "wildcard" in fails else ["s3:GetObject"]
    if "output" in fails:
        resource = Code("`${role.arn}/*`")
        policy = Code(f"JSON.stringify({{ Version: {s.q('2012-10-17')}, Statement: [{{ Effect: {s.q('Allow')}, "
                      f"Action: {_value(action, lvl, s)}, Resource: {resource} }}] }})")
    else:
        resource = Code("pulumi.interpolate`${role.arn}/*`")
        policy = Code(f"pulumi.jsonStringify({{ Version: {s.q('2012-10-17')}, Statement: [{{ Effect: {s.q('Allow')}, "
                      f"Action: {_value(action, lvl, s)}, Resource: {resource} }}] }})")
    return [role, _new("rolePolicy", "iam.RolePolicy", "role-policy", {"role": Code("role.id"), "policy": policy}, lvl, s)]


def _listener(fails, lvl, s):
    fwd = {"type": "forward", "targetGroupArn": Code("webTg.arn")}
    # An existing load balancer: its ARN comes from configuration, never written out (IAC306).
    listener = {"loadBalancerArn": Code(f"new pulumi.Config().require({s.q('loadBalancerArn')})"),
                "port": 80, "protocol": "HTTP", "defaultActions": [fwd], **_tags("tags" not in fails)}
    if "redundant" in fails:
        rule = {"listenerArn": Code("listener.arn"), "priority": 100, "actions": [fwd],
                "conditions": [{"pathPattern": {"values": ["/*"]}}], **_tags("tags" not in fails)}
    else:
        rule = {"listenerArn": Code("listener.arn"), "priority": 100,
                "actions": [{"type": "fixed-response", "fixedResponse": {"contentType": "text/plain",
                                                                        "statusCode": "404", "messageBody": "no"}}],
                "conditions": [{"pathPattern": {"values": ["/admin/*"]}}], **_tags("tags" not in fails)}
    return [
        _new("listener", "lb.Listener", "listener", listener, lvl, s),
        _new("listenerRule", "lb.ListenerRule", "listener-rule", rule, lvl, s),
    ]


def _rds(fails, lvl, s):
    args = {"engine": "postgres", "instanceClass": "db.t3.micro", "allocatedStorage": 20,
            "username": "app", "password": Code("dbPassword"), "skipFinalSnapshot": True,
            **_tags("tags" not in fails)}
    if "encryption" not in fails:
        args["storageEncrypted"] = True
    return [_new("db", "rds.Instance", "db", args, lvl, s)]


GROUPS = {
    "log_group": (_log_group, ("retention", "tags")),
    "target_group": (_target_group, ("timeout", "tags")),
    "kms_key": (_kms, ("rotation", "tags")),
    "bucket": (_bucket, ("public", "versioning", "tags")),
    "ecs": (_ecs, ("image", "size", "deployment", "tags")),
    "role_policy": (_role_policy, ("output", "wildcard", "tags")),
    "listener": (_listener, ("redundant", "tags")),
    "rds": (_rds, ("encryption", "tags")),
}


@dataclass
class Program:
    source: bytes
    groups: dict  # group -> set of failures
    style: Style

    @property
    def clean(self) -> bool:
        return not any(self.groups.values())

    def __repr__(self) -> str:  # Hypothesis prints this on failure
        return f"Program(groups={self.groups!r}, source=\n{self.source.decode('utf-8', 'replace')})"


def render(groups: dict, s: Style) -> bytes:
    q = s.q
    e = s.end()
    head = [f"import * as pulumi from {q('@pulumi/pulumi')}{e}", f"import * as aws from {q('@pulumi/aws')}{e}", ""]
    tags = {k: (Code("pulumi.getProject()") if k == "Project" else k.lower()) for k in TAG_KEYS}
    head.append(f"const commonTags = {_obj(tags, 0, s)}{e}")
    head.append(f"const dbPassword = new pulumi.Config().requireSecret({q('dbPassword')}){e}")
    head.append(f"const environmentSuffix = pulumi.getStack(){e}")
    head.append(f"const webTg = {{ arn: {q('arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1')} }}{e}")
    head.append(f"const assumeDoc = JSON.stringify({{ Version: {q('2012-10-17')}, Statement: [] }}){e}")
    head.append("")
    level = 2 if s.component else 0
    body: list[str] = []
    for name, fails in groups.items():
        builder = GROUPS[name][0]
        stmts = builder(fails, level, s)
        if s.comments:
            body.append(f"// {name.replace('_', ' ')}")
        body.extend(stmts)
        body.append("")
    if s.component:
        i1, i2 = s.indent, s.indent * 2
        lines = ["class Stack extends pulumi.ComponentResource {",
                 f"{i1}constructor(name: string, opts?: pulumi.ComponentResourceOptions) {{",
                 f"{i2}super({q('example:index:Stack')}, name, {{}}, opts){e}"]
        for stmt in body:
            lines.extend((i2 + ln) if ln else "" for ln in stmt.split("\n")) if stmt else lines.append("")
        lines += [f"{i2}this.registerOutputs({{}}){e}", f"{i1}}}", "}", "", f"export const stack = new Stack({q('stack')}){e}"]
    else:
        lines = []
        for stmt in body:
            lines.extend(stmt.split("\n"))
        lines.append(f"export const stackName = pulumi.getStack(){e}")
    text = "\n".join(head + lines) + "\n"
    if s.crlf:
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    return (BOM + raw) if s.bom else raw


@st.composite
def styles(draw) -> Style:
    return Style(
        quote=draw(st.sampled_from(['"', "'"])),
        indent=draw(st.sampled_from(["  ", "    ", "\t"])),
        crlf=draw(st.booleans()),
        trailing=draw(st.booleans()),
        comments=draw(st.booleans()),
        bom=draw(st.booleans()),
        semicolons=draw(st.booleans()),
        component=draw(st.booleans()),
        rng=random.Random(draw(st.integers(0, 2**16))),
    )


@st.composite
def typescript_programs(draw, *, clean: bool | None = None) -> Program:
    """A TypeScript Pulumi program. clean=True: no failures; False: at least one; None: either."""
    names = draw(st.lists(st.sampled_from(sorted(GROUPS)), min_size=1, max_size=5, unique=True))
    groups: dict[str, set[str]] = {}
    for n in names:
        possible = GROUPS[n][1]
        groups[n] = set() if clean else set(draw(st.lists(st.sampled_from(possible), unique=True, max_size=len(possible))))
    if clean is False and not any(groups.values()):
        n = names[0]
        groups[n] = {draw(st.sampled_from(GROUPS[n][1]))}
    s = draw(styles())
    return Program(render(groups, s), groups, s)


# ---------------------------------------------------------------------------------------------
# Python (only used when iacfix.frontends.python exists)

def _py_value(v, level: int, s: Style) -> str:
    if isinstance(v, Code):
        return str(v)
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return s.q(v)
    if isinstance(v, list):
        return "[" + ", ".join(_py_value(x, level, s) for x in v) + "]"
    if isinstance(v, dict):
        pad = s.indent * (level + 1)
        items = list(v.items())
        lines = ["{"]
        for i, (k, x) in enumerate(items):
            comma = "," if (i < len(items) - 1 or s.trailing) else ""
            lines.append(f"{pad}{s.q(k)}: {_py_value(x, level + 1, s)}{comma}")
        lines.append(s.indent * level + "}")
        return "\n".join(lines) if items else "{}"
    raise TypeError(v)


def _py_new(var: str, cls: str, name: str, kwargs: dict, s: Style) -> str:
    lines = [f"{var} = aws.{cls}(", f"{s.indent}{s.q(name)},"]
    items = list(kwargs.items())
    for i, (k, v) in enumerate(items):
        if s.comments and s.rng.random() < 0.4:
            lines.append(f"{s.indent}# {k} follows")
        comma = "," if (i < len(items) - 1 or s.trailing) else ""
        lines.append(f"{s.indent}{k}={_py_value(v, 1, s)}{comma}")
    lines.append(")")
    return "\n".join(lines)


def _py_groups(fails: dict, s: Style) -> list[str]:
    out = []
    tags = (lambda f: {"tags": Code("common_tags")} if "tags" not in f else {})
    if "log_group" in fails:
        f = fails["log_group"]
        kw = {"name": Code('f"/app/logs-{environment_suffix}"'), **tags(f)}
        if "retention" not in f:
            kw["retention_in_days"] = 30
        out.append(_py_new("logs", "cloudwatch.LogGroup", "logs", kw, s))
    if "kms_key" in fails:
        f = fails["kms_key"]
        kw = {"description": "app data", **tags(f)}
        if "rotation" not in f:
            kw["enable_key_rotation"] = True
        out.append(_py_new("key", "kms.Key", "key", kw, s))
    if "target_group" in fails:
        f = fails["target_group"]
        hc = ({"path": "/health", "interval": 30, "timeout": 2} if "timeout" in f
              else {"path": "/health", "interval": 30, "protocol": "HTTP", "timeout": 10})
        out.append(_py_new("tg", "lb.TargetGroup", "tg", {"port": 80, "protocol": "HTTP", "target_type": "ip",
                                                         "vpc_id": "vpc-123", "health_check": hc, **tags(f)}, s))
    return out


PY_GROUPS = {"log_group": ("retention", "tags"), "kms_key": ("rotation", "tags"), "target_group": ("timeout", "tags")}


@st.composite
def python_programs(draw, *, clean: bool | None = None) -> Program:
    names = draw(st.lists(st.sampled_from(sorted(PY_GROUPS)), min_size=1, max_size=3, unique=True))
    groups = {n: (set() if clean else set(draw(st.lists(st.sampled_from(PY_GROUPS[n]), unique=True)))) for n in names}
    if clean is False and not any(groups.values()):
        groups[names[0]] = {PY_GROUPS[names[0]][0]}
    s = draw(styles())
    s.indent = "    " if s.indent == "\t" else s.indent  # mixed tabs are legal; keep it simple and valid
    q = s.q
    head = ["import pulumi", "import pulumi_aws as aws", ""]
    tags = {k: (Code("pulumi.get_project()") if k == "Project" else k.lower()) for k in TAG_KEYS}
    head.append(f"common_tags = {_py_value(tags, 0, s)}")
    head.append("environment_suffix = pulumi.get_stack()")
    head.append("")
    body = []
    for stmt in _py_groups(groups, s):
        body.extend(stmt.split("\n"))
        body.append("")
    body.append(f"pulumi.export({q('stack_name')}, pulumi.get_stack())")
    text = "\n".join(head + body) + "\n"
    if s.crlf:
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8")
    del q
    return Program((BOM + raw) if s.bom else raw, groups, s)
