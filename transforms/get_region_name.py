"""IAC107 — `aws.getRegion()` / `getRegionOutput()` read through the deprecated `.name`."""

from __future__ import annotations

import re

from iacfix.fix import Edit
from iacfix.model import Call, Obj, Other
from iacfix.rules import RuleDoc, Transform, register

_TS_FUNCS = {"getRegion", "getRegionOutput"}
_PY_FUNCS = {"get_region", "get_region_output"}
# After the call (or a variable bound to it): `.name`, `).name` (`(await aws.getRegion()).name`),
# or `.then(r => r.name)` / `.apply(lambda r: r.name)`.
_DIRECT = re.compile(rb"\s*\)?\s*\??\.\s*name\b(?!\s*[(=])")
_CALLBACK = re.compile(
    rb"\s*\)?\s*\.\s*(?:then|apply)\(\s*(?:\(\s*(?P<a>[A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>]+)?\s*\)|(?P<b>[A-Za-z_$][\w$]*))"
    rb"\s*=>\s*(?P=a)?(?P=b)?\s*\.\s*name\b")
_PY_CALLBACK = re.compile(rb"\s*\.\s*apply\(\s*lambda\s+(?P<a>[A-Za-z_]\w*)\s*:\s*(?P=a)\s*\.\s*name\b")
_AWAIT = re.compile(rb"^await\s+")


@register
class GetRegionName(Transform):
    id = "IAC107"
    slug = "get-region-name"
    title = "Deprecated GetRegionResult.name"
    severity = "low"
    doc = RuleDoc(
        what="Reads the region from `aws.getRegion()` / `aws.getRegionOutput()` (Python "
             "`aws.get_region()` / `get_region_output()`) through `.region` instead of the deprecated "
             "`.name`: directly on the call, through `await`, through a const bound to the result, and in "
             "`.then(r => r.name)` / `.apply(r => r.name)` callbacks. The argument `name:` of the call "
             "becomes `region:`.",
        why="`name` is deprecated in @pulumi/aws 7 (\"Use 'region' instead. This attribute will be removed "
            "in a future version of the provider\"): the program warns today and stops compiling when the "
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

    def check(self, program, ctx):
        py = program.language == "python"
        funcs = _PY_FUNCS if py else _TS_FUNCS
        body = program.body
        done: set[int] = set()
        for call in program.calls:
            if call.is_new or not self._is_get_region(program, call, funcs):
                continue
            yield from self._arg_name(program, call)
            # The call itself, and every variable bound to it (`const r = await aws.getRegion()`).
            ends = [(call.end, True)]
            for name, vals in program.bindings.items():
                if len(vals) != 1:
                    continue
                v = vals[0]
                if (v.start == call.start and v.end == call.end) or (v.start <= call.start and call.end == v.end and
                                 isinstance(v, Other) and _AWAIT.match(body[v.start:call.start])):
                    ends.extend((e, False) for _, e in program.references(name))
            for end, from_call in ends:
                for pat in ((_PY_CALLBACK, _DIRECT) if py else (_CALLBACK, _DIRECT)):
                    m = pat.match(body, end)
                    if m is None:
                        continue
                    at = m.end() - 4  # the `name` token
                    if at in done or body[at:m.end()] != b"name":
                        continue
                    if body[end:m.end()].lstrip().startswith(b")") and not (
                            from_call and _AWAIT.match(self._paren_head(program, call))):
                        continue  # `f(aws.getRegion()).name` is not the result's name
                    done.add(at)
                    yield self.finding("`name` on GetRegionResult is deprecated; use `region`",
                                       (at, m.end()), "Read `.region`", [Edit(at, m.end(), "region")])
                    break

    @staticmethod
    def _paren_head(program, call: Call) -> bytes:
        """For `(await aws.getRegion()).name`: the text between the `(` and the call."""
        i = program.body.rfind(b"(", 0, call.start)
        return program.body[i + 1:call.start].lstrip() if i >= 0 else b""

    @staticmethod
    def _is_get_region(program, call: Call, funcs) -> bool:
        callee = call.callee or ""
        head, _, last = callee.rpartition(".")
        return last in funcs and head in program.aws_aliases

    def _arg_name(self, program, call: Call):
        """`aws.getRegion({ name: "us-east-1" })` -> `region:` (TS)."""
        if not call.args:
            return
        obj = program.resolve(call.args[0])
        if not isinstance(obj, Obj) or obj.get("region") is not None:
            return
        p = obj.get("name")
        if p is None or p.shorthand:
            return
        key = program.text(p.key_start, p.key_end)
        if key not in ("name", '"name"', "'name'"):
            return
        yield self.finding("the `name` argument of getRegion is deprecated; use `region`",
                           (p.key_start, p.key_end), "Pass `region`", [Edit(p.key_start, p.key_end, "region")])
