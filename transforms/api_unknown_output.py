"""IAC207 — a read of an output the resource does not have (`queue.queueUrl`), renamed to the one
output it is close to, or reported with the resource that has it."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema, hallucinations
from iacfix.fix import Applicability, Finding
from iacfix.model import Program
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import reads_of

# Members every resource object has besides its outputs.
_RESOURCE_MEMBERS = frozenset({"id", "urn", "getProvider"})


@register
class UnknownOutput(Transform):
    id = "IAC207"
    slug = "unknown-output"
    tokens = ("aws",)  # AWS resources only
    title = "Read of an output the resource does not have"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Checks every read of a resource's output through the variable it is bound to (`queue.queueUrl`, "
        "`self.alarm.alarm_name`) against the outputs the installed provider gives that resource. A read of "
        "an output that does not exist is renamed to the one close output (the same name spelled otherwise, "
        "in the other number, with a typo; as an unsafe fix, a word more or less: `queueUrl` -> `url`, "
        "`alarmName` -> `name`); otherwise, when other resources of the module have that output, the "
        "finding names them (`invokeUrl` is an output of aws.apigateway.Stage, not of Deployment).",
        why="A read of an output that does not exist is a compile error (TS2339 / TS2551) and an "
        "AttributeError when a Python program runs; models remember outputs of other resources, of "
        "CloudFormation (`Fn::GetAtt` names) or of older provider versions.",
        before="export const queueUrl = queue.queueUrl;",
        after="export const queueUrl = queue.url;",
        fix_safety="Safe for a rename to the only output spelled like the one read; unsafe for the word-structure "
        "guesses. Never picks among several; reads the table of known hallucinations (IAC205) moves "
        "to another resource are left to it.",
        references=("https://www.pulumi.com/registry/packages/aws/api-docs/",),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            shape = awsschema.resource(res.token)
            if shape is None or not res.var:
                continue
            for read in reads_of(program, res):
                if read.prop in shape.outputs or read.prop in _RESOURCE_MEMBERS:
                    continue
                entry = hallucinations.for_output(shape.path, read.prop)
                if entry is not None and (
                    entry.kind == "rename-output"
                    or res.args is not None
                    and any(res.args.get(a) is not None for a in entry.args)
                ):
                    continue  # IAC205 renames it, or moves it with the arguments it comes from
                names, tier = awsschema.likely_names(read.prop, shape.outputs)
                span = (read.prop_start, read.prop_end)
                where = f"aws.{shape.path}"
                if len(names) == 1:
                    safe = tier in awsschema.STRICT_TIERS
                    yield self.finding(
                        f"{where} has no output `{read.prop}`; the output is `{names[0]}`",
                        span,
                        f"Read `{names[0]}`",
                        program.edits.rename_member_read(read, names[0]),
                        resource=res,
                        applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
                    )
                    continue
                others = self._owners(shape, read.prop)
                if names:
                    listed = ", ".join(f"`{n}`" for n in sorted(names))
                    yield self.finding(
                        f"{where} has no output `{read.prop}`; it may be any of {listed}: choose one",
                        span,
                        resource=res,
                    )
                elif others:
                    yield self.finding(
                        f"{where} has no output `{read.prop}`; "
                        f"{', '.join(others)} {'has' if len(others) == 1 else 'have'} it",
                        span,
                        resource=res,
                    )

    @staticmethod
    def _owners(shape, prop: str) -> list[str]:
        classes = awsschema.module_classes(shape.module) or ()
        out = []
        for cls in classes:
            other = awsschema.resource_at(shape.module, cls)
            if other is not None and other.output(prop) is not None and other.path != shape.path:
                out.append(f"aws.{other.path}")
        return out[:4]
