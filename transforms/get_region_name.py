"""IAC107 — `aws.getRegion()` / `getRegionOutput()` read through the deprecated `.name`."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix.fix import Finding
from iacfix.model import Await, Call, Ident, Lambda, Member, Node, Obj, Program
from iacfix.rules import Context, RuleDoc, Transform, register

_FUNCS = {"getRegion", "getRegionOutput"}


@register
class GetRegionName(Transform):
    id = "IAC107"
    slug = "get-region-name"
    tokens = ("getRegion", "get_region")  # the function, in either language's spelling
    title = "Deprecated GetRegionResult.name"
    severity = "low"
    doc = RuleDoc(
        what="Reads the region from `aws.getRegion()` / `aws.getRegionOutput()` (Python "
        "`aws.get_region()` / `get_region_output()`) through `.region` instead of the deprecated "
        "`.name`: directly on the call, through `await`, through a const bound to the result, and in "
        "`.then(r => r.name)` / `.apply(r => r.name)` callbacks. The argument `name:` of the call "
        "becomes `region:`.",
        why="`name` is deprecated in @pulumi/aws 7 (\"Use 'region' instead. This attribute will be removed "
        'in a future version of the provider"): the program warns today and stops compiling when the '
        "attribute is removed.",
        before="const region = aws.getRegionOutput();\nconst url = pulumi.interpolate`https://s3.${region.name}.amazonaws.com`;",
        after="const region = aws.getRegionOutput();\nconst url = pulumi.interpolate`https://s3.${region.region}.amazonaws.com`;",
        fix_safety="Safe: `region` holds the same value as `name` on GetRegionResult (both are the region's "
        "name, e.g. us-east-1). Only reads the tool can tie to a getRegion call are changed.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/api-docs/getregion/",
            "https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        done: set[int] = set()
        for call in program.calls:
            if call.is_new or program.aws_function(call) not in _FUNCS:
                continue
            yield from self._arg_name(program, call)
            for result in self._results(program, call):
                member = self._name_read(program, result)
                if member is not None and member.prop_start is not None and member.prop_start not in done:
                    done.add(member.prop_start)
                    yield self.finding(
                        "`name` on GetRegionResult is deprecated; use `region`",
                        (member.prop_start, member.prop_end),
                        "Read `.region`",
                        program.edits.rename_member(member, "region"),
                    )

    @staticmethod
    def _results(program: Program, call: Call) -> list[Node]:
        """The call's result where the program reads it: the call, `await call`, and every use of
        a const bound to either (`const r = await aws.getRegion()`)."""
        around = program.parent(call)
        value: Node = around if isinstance(around, Await) else call
        out: list[Node] = [value]
        for name, vals in program.bindings.items():
            if len(vals) == 1 and vals[0].start == value.start and vals[0].end == value.end:
                out.extend(program.uses(name))
        return out

    @staticmethod
    def _name_read(program: Program, node: Node) -> Member | None:
        """`node.name`, or `node.then(r => r.name)` / `node.apply(lambda r: r.name)`: the Member
        reading `name` from the result."""
        member = program.parent(node)
        if not isinstance(member, Member) or member.obj is None or member.obj.start != node.start:
            return None
        if member.prop == "name":
            return member
        if member.prop not in ("then", "apply"):
            return None
        call = program.parent(member)
        if not isinstance(call, Call) or not call.args or not isinstance(call.args[0], Lambda):
            return None
        fn = call.args[0]
        read = fn.result
        if (
            len(fn.params) == 1
            and isinstance(read, Member)
            and read.prop == "name"
            and isinstance(read.obj, Ident)
            and read.obj.name == fn.params[0]
        ):
            return read
        return None

    def _arg_name(self, program: Program, call: Call) -> Iterator[Finding]:
        """`aws.getRegion({ name: "us-east-1" })` -> `region:`."""
        obj = program.resolve(call.args[0]) if call.args else program.call_kwargs(call)
        if not isinstance(obj, Obj) or obj.get("region") is not None or (p := obj.get("name")) is None:
            return
        yield self.finding(
            "the `name` argument of getRegion is deprecated; use `region`",
            (p.key_start, p.key_end),
            "Pass `region`",
            program.edits.rename_key(p, "region"),
        )
