"""IAC201 — an argument the resource (or function, or nested block) does not have, renamed to the
one valid name it was close to."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema, hallucinations
from iacfix.fix import Applicability, Finding
from iacfix.model import Arr, Bool, Num, Obj, Program, Resource, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import RESOURCE_OPTIONS, Site, sites, type_name

_LITERAL = (Obj, Str, Num, Bool, Template)


@register
class UnknownArgument(Transform):
    id = "IAC201"
    slug = "unknown-argument"
    title = "Argument the provider does not have"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Checks every argument of every @pulumi/aws resource and function call, and of the nested "
             "blocks inside them, against the schema of the installed provider (`iacfix.awsschema`). An "
             "argument that does not exist is renamed to the one valid name it is close to: the same "
             "name spelled otherwise (`cloudWatchMetricsEnabled` -> `cloudwatchMetricsEnabled`, "
             "snake/camel), the other number (`artifactStore` -> `artifactStores`), a typo; or, as an "
             "unsafe fix, a word more or less (`alarmName` -> `name`, `length` -> `passwordLength`, "
             "`restApiId`-style `Id`/`Arn` suffixes, unit suffixes like `InSeconds`). When the valid "
             "argument is a list and the value one literal (`artifactStore: {...}`), the value becomes "
             "that list's one element; a one-element list written for an object is unwrapped. Two or "
             "more candidates, or none: the finding names them and nothing changes.",
        why="An unknown argument is a compile error in TypeScript (TS2353 / TS2561) and in Python a "
            "TypeError when the program runs (pyright: no overload matches); models write names from "
            "CloudFormation, Terraform or older provider versions. TypeScript's own quick fix only covers "
            "the spelling case, only in an editor, and never in Python.",
        before='new aws.codepipeline.Pipeline("p", {\n    artifactStore: { location: bucket.bucket, type: "S3" },\n'
               '    roleArn: role.arn,\n    stages,\n});',
        after='new aws.codepipeline.Pipeline("p", {\n    artifactStores: [{ location: bucket.bucket, type: "S3" }],\n'
              '    roleArn: role.arn,\n    stages,\n});',
        fix_safety="Safe for a rename to the only valid name that is the same word spelled otherwise, in the "
                   "other number or with a typo: the program already meant that argument. Unsafe for the guesses "
                   "from word structure (a word more or less, an Id/Arn or unit suffix): likely, not certain; so is removing `tags` from a resource "
                   "that takes none. "
                   "Never chosen among two candidates; an argument set twice after the rename, values behind a "
                   "spread or held in a shared const, and arguments the table of known hallucinations "
                   "(IAC205) or another rule repairs are left to them.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/api-docs/",
            "https://github.com/pulumi/pulumi-aws/tree/master/sdk/nodejs",
            "https://www.typescriptlang.org/docs/handbook/2/objects.html#excess-property-checks",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for site in sites(program):
            p = site.prop
            if site.shape.arg(p.key) is not None or site.obj.opaque:
                continue
            if hallucinations.handled(site.shape.path, p.key):
                continue  # IAC205 or the rule the table names
            if site.top and site.shape.kind == "resource" and p.key in RESOURCE_OPTIONS:
                continue  # IAC206
            yield from self._repair(program, site)

    def _repair(self, program: Program, site: Site) -> Iterator[Finding]:
        p, shape = site.prop, site.shape
        where = type_name(shape)
        names, tier = awsschema.likely_names(p.key, shape.args)
        if not names and p.key == "tags" and site.top and shape.kind == "resource":
            # Tags on a resource that takes none: they never reached AWS (the program did not compile).
            yield self.finding(f"{where} takes no tags", (p.key_start, p.key_end), "Remove `tags`",
                               program.edits.remove_prop(p), resource=_res(site), applicability=Applicability.UNSAFE)
            return
        if not names:
            yield self.finding(f"`{p.raw_key}` is not an argument of {where}", (p.key_start, p.key_end),
                               resource=_res(site))
            return
        if len(names) > 1:
            listed = ", ".join(f"`{n}`" for n in sorted(names))
            yield self.finding(f"`{p.raw_key}` is not an argument of {where}; it may be any of {listed}: "
                               "choose one", (p.key_start, p.key_end), resource=_res(site))
            return
        target = names[0]
        if site.obj.get(target) is not None:
            yield self.finding(f"`{p.raw_key}` is not an argument of {where}, and `{target}` is set too: "
                               "keep one", (p.key_start, p.key_end), resource=_res(site))
            return
        arg = shape.args[target]
        edits = program.edits.rename_key(p, target)
        value = p.value
        target_kind = awsschema.kind(arg.type)
        shaped = ""
        if target_kind == "list" and isinstance(value, _LITERAL):
            edits += program.edits.wrap_list(value)
            shaped = ", its value as a list"
        elif target_kind == "object" and isinstance(value, Arr) and len(value.items) == 1 \
                and isinstance(value.items[0], Obj):
            edits += program.edits.unwrap_list(value)
            shaped = ", its one element as the value"
        safe = tier in awsschema.STRICT_TIERS
        yield self.finding(
            f"`{p.raw_key}` is not an argument of {where}; the argument is `{target}`",
            (p.key_start, p.key_end), f"Rename to `{target}`{shaped}", edits, resource=_res(site),
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE)


def _res(site: Site) -> Resource | None:
    return site.owner if isinstance(site.owner, Resource) else None
