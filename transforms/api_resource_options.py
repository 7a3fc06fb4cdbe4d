"""IAC206 — resource options (`dependsOn`, `parent`, `provider`, ...) written among a resource's
arguments, moved to its options."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema
from iacfix.fix import Applicability, Finding
from iacfix.model import Call, Obj, Program
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import RESOURCE_OPTIONS


@register
class ResourceOptionInArgs(Transform):
    id = "IAC206"
    slug = "resource-option-in-args"
    tokens = ("aws",)  # AWS resources only
    title = "Resource option written as an argument"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Moves a Pulumi resource option written inside a resource's arguments (`dependsOn`, `parent`, "
        "`provider`, `protect`, `ignoreChanges`, `deleteBeforeReplace`, `retainOnDelete`, `aliases`, "
        "`customTimeouts`, ...; Python `depends_on=` among the keyword arguments) to its options: into "
        "the options object when there is one (`{ parent: this }`, `pulumi.ResourceOptions(parent=self)`), "
        "else as a new options argument (in Python with `import pulumi` when the program imports only "
        "`pulumi_aws`). Only where the resource has no argument of that name.",
        why="Options are not arguments: TypeScript rejects them (TS2353 \"'dependsOn' does not exist in type "
        "'RuleArgs'\"), Python raises a TypeError when the program runs, and the ordering or protection the "
        "program asked for never happens (AWS Config rules created before their recorder fail).",
        before='new aws.cfg.Rule("versioning", {\n    source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED" },\n'
        "    dependsOn: [recorder],\n});",
        after='new aws.cfg.Rule("versioning", {\n    source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED" },\n'
        "}, { dependsOn: [recorder] });",
        fix_safety="Safe: the value is moved as written to the only place Pulumi reads it. Unsafe when the "
        "options are a shared variable (`{ ...defaults, dependsOn }` / `ResourceOptions.merge(defaults, "
        "...)`): that variable may set the same option. Options from a call the tool cannot extend, an "
        "option already set there, arguments from a shared const, and Python programs where `pulumi` names "
        "something else are reported and left alone.",
        references=(
            "https://www.pulumi.com/docs/iac/concepts/options/",
            "https://www.pulumi.com/docs/iac/concepts/options/dependson/",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            shape = awsschema.resource(res.token)
            args = res.args
            if shape is None or args is None or not res.args_inline:
                continue
            for p in args.props:
                if p.key not in RESOURCE_OPTIONS or shape.arg(p.key) is not None or p.value is None:
                    continue
                msg = f"`{p.raw_key}` is a resource option, not an argument of {res.type_name}"
                moved = program.edits.move_to_options(res, p)
                if not moved:
                    yield self.finding(
                        msg + ": move it to the resource's options", (p.key_start, p.key_end), resource=res
                    )
                    continue
                shared = res.opts is not None and not isinstance(res.opts, Obj) and not isinstance(res.opts, Call)
                yield self.finding(
                    msg + (" (the options come from a variable, which may set it too)" if shared else ""),
                    (p.key_start, p.key_end),
                    f"Move `{p.raw_key}` to the options",
                    moved,
                    resource=res,
                    applicability=Applicability.UNSAFE if shared else Applicability.SAFE,
                )
                break  # one option per pass: a second would edit the same options argument
