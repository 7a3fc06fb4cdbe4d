"""IAC202 — a literal of the wrong scalar kind where the provider's schema says string, number or
boolean (`port: "80"`, `encrypted: true` for a string input), written in the kind it takes."""

from __future__ import annotations

import math
from collections.abc import Iterator

from iacfix import awsschema
from iacfix.fix import Applicability, Finding
from iacfix.model import Arr, Bool, Node, Num, Obj, Program, Resource, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import Site, sites, type_name


def _number(text: str) -> int | float | None:
    """`"80"` -> 80, `"0.5"` -> 0.5: only a decimal written exactly as the number would be."""
    t = text.strip()
    if t != text or not t or t[0] == "+" or "_" in t:
        return None
    try:
        v = float(t)
    except ValueError:
        return None
    if not math.isfinite(v):
        return None
    if v.is_integer() and str(int(v)) == t:
        return int(v)
    return v if repr(v) == t else None


def coerce(node: Node, want: str) -> object | None:
    """The literal `node` written as scalar kind `want`, when that is the same value exactly."""
    if want == "number" and isinstance(node, Str):
        return _number(node.value)
    if want == "string" and isinstance(node, Bool):
        return "true" if node.value else "false"
    if want == "string" and isinstance(node, Num) and not isinstance(node.value, bool):
        v = node.value
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    if want == "boolean" and isinstance(node, Str) and node.value in ("true", "false"):
        return node.value == "true"
    return None


@register
class ScalarCoercion(Transform):
    id = "IAC202"
    slug = "scalar-coercion"
    tokens = ("aws",)  # AWS resources and functions only
    title = "Literal of the wrong scalar kind"
    severity = "medium"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Where the @pulumi/aws schema says an argument (or a nested block's argument, a list's items, "
        "a map's values) is a number, a string or a boolean, and the program writes a literal of another "
        'kind holding exactly that value, writes it in the kind the provider takes: `port: "80"` -> '
        '`port: 80`, `evaluationPeriods: "2"` -> `2`, `cpu: 256` -> `"256"` (ECS task sizes are '
        'strings), `encrypted: true` -> `"true"` where the input is a string, a CodePipeline action\'s '
        '`configuration: { PollForSourceChanges: false }` -> `"false"`, `"true"` -> `true` for a '
        'boolean. A list of one literal where the input takes one value is that value (`types: ["REGIONAL"]` '
        '-> `types: "REGIONAL"` for an API Gateway endpoint type, one value since provider v7); a list '
        "of several is reported.",
        why="The wrong kind is a compile error in TypeScript (TS2322) and a pyright error in Python "
        "(reportArgumentType); models copy CloudFormation's all-strings style or guess.",
        before='new aws.cloudwatch.MetricAlarm("cpu", {\n    evaluationPeriods: "2",\n    threshold: "80",\n});',
        after='new aws.cloudwatch.MetricAlarm("cpu", {\n    evaluationPeriods: 2,\n    threshold: 80,\n});',
        fix_safety='Safe: only a literal whose text is exactly the value (`"80"`, not `"80 %"` or `"0x50"`), '
        "and only where the schema gives one scalar kind; the provider receives the same value. "
        "Values from variables, expressions and configuration are left alone; a literal that holds no "
        "exact value of the wanted kind is reported.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/api-docs/",
            "https://www.pulumi.com/docs/iac/concepts/inputs-outputs/",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        # Most entries hold a literal of the kind the schema says, or no literal: the message's
        # words (`where`) are made only for a finding.
        for site in sites(program):
            arg = site.arg
            if arg is None:
                continue
            value = site.prop.value
            if value is None:
                continue
            t = arg.type
            want = awsschema.scalar(t) if isinstance(t, str) else None
            if want and isinstance(value, Arr):
                yield from self._list(program, value, want, _where(site), _res(site))
                continue
            if want:
                if _KIND.get(type(value), want) != want:
                    yield from self._one(program, value, want, _where(site), _res(site))
                continue
            if not isinstance(t, list):
                continue
            head, inner = t[0], t[1] if len(t) > 1 else None
            kind = awsschema.scalar(inner) if isinstance(inner, str) else None
            if head == "list" and kind and isinstance(value, Arr):
                for item in value.items:
                    if _KIND.get(type(item), kind) != kind:
                        yield from self._one(program, item, kind, f"an item of {_where(site)}", _res(site))
            elif head == "map" and kind and isinstance(value, Obj):
                for p in value.props:
                    if p.value is not None and _KIND.get(type(p.value), kind) != kind:
                        yield from self._one(program, p.value, kind, f"`{p.raw_key}` in {_where(site)}", _res(site))

    def _list(self, program: Program, value: Arr, want: str, where: str, res) -> Iterator[Finding]:
        """A list where the provider takes one value (`types: ["REGIONAL"]` for an endpoint type):
        its one literal item is the value."""
        items = value.items
        if len(items) == 1 and isinstance(items[0], (Str, Num, Bool, Template)):
            edits = program.edits.unwrap_list(value)
            if edits:
                yield self.finding(
                    f"{where} takes one {want}, not a list",
                    value,
                    "Write the one item as the value",
                    edits,
                    resource=res,
                )
                return
        if items and all(isinstance(i, (Str, Num, Bool, Template)) for i in items):
            yield self.finding(f"{where} takes one {want}, not a list of {len(items)}: choose one", value, resource=res)

    def _one(self, program: Program, node: Node, want: str, where: str, res) -> Iterator[Finding]:
        have = _KIND[type(node)]
        new = coerce(node, want)
        if new is None:
            yield self.finding(f"{where} takes a {want}, not the {have} {node.text}", node, resource=res)
            return
        yield self.finding(
            f"{where} takes a {want}", node, f"Write it as a {want}", [program.edits.replace(node, new)], resource=res
        )


# The scalar kind of a literal node; anything else is no literal this rule rewrites.
_KIND: dict[type, str] = {Str: "string", Num: "number", Bool: "boolean"}


def _where(site: Site) -> str:
    return f"`{site.prop.raw_key}` of {type_name(site.shape)}"


def _res(site: Site) -> Resource | None:
    return site.owner if isinstance(site.owner, Resource) else None
