"""IAC203 — a resource class the provider deprecates in favour of a replacement it names
(`aws.s3.BucketV2` -> `aws.s3.Bucket`), and Lambda runtimes the provider marks deprecated."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema
from iacfix.fix import Applicability, Finding
from iacfix.model import Program, Resource, Str
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import typed_values, walk_args


def _family(runtime: str) -> str:
    """`nodejs16.x` -> "nodejs", `python3.8` -> "python", `provided.al2` -> "provided"."""
    out = ""
    for ch in runtime:
        if ch.isdigit() or ch == ".":
            break
        out += ch
    return out


@register
class DeprecatedApi(Transform):
    id = "IAC203"
    slug = "deprecated-api"
    tokens = ("aws",)  # AWS resources only
    title = "Deprecated resource class or Lambda runtime"
    severity = "medium"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Replaces a resource class that @pulumi/aws marks deprecated in favour of a replacement it names "
        "(`aws.s3.BucketV2` -> `aws.s3.Bucket`, `BucketVersioningV2` -> `BucketVersioning` and the rest of "
        "the `V2` family, `ec2.EncryptionControl` -> `ec2.VpcEncryptionControl`), when every argument the "
        "program passes exists on the replacement. Nested values declared with the deprecated class's own "
        "input types (Python `aws.s3.BucketVersioningV2VersioningConfigurationArgs(...)`, a TypeScript const "
        "typed `aws.types.input.s3.BucketVersioningV2VersioningConfiguration`) follow it to the replacement's "
        "types when every field they set is one of those types'. Reports a Lambda `runtime` the provider's enum marks "
        "deprecated, naming the supported runtimes of the same language.",
        why="Deprecated classes warn on every preview and go away in the next major version; deprecated "
        "runtimes can no longer be created or updated by AWS Lambda.",
        before='const site = new aws.s3.BucketV2("site", { forceDestroy: true });',
        after='const site = new aws.s3.Bucket("site", { forceDestroy: true });',
        fix_safety="Safe when the replacement declares the old type as an alias (the deployed resource is kept, "
        "not replaced: the s3 V2 family); unsafe otherwise (Pulumi would replace the resource). An "
        "argument the replacement does not take leaves the class alone with a finding. A runtime is "
        "never changed: which supported version the code runs on is the user's choice.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/",
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            shape = awsschema.resource(res.token)
            if shape is None:
                continue
            if shape.deprecated and shape.replacement and "resource" in shape.replacement:
                yield from self._replace(program, res, shape)
            yield from self._runtime(program, res, shape)

    def _replace(self, program: Program, res: Resource, shape) -> Iterator[Finding]:
        target = shape.replacement["resource"]
        module, _, cls = target.rpartition(".")
        new = awsschema.resource_at(module, cls)
        if new is None:
            return
        msg = f"{res.type_name} is deprecated in favour of aws.{target}"
        args = res.args
        missing = [p.raw_key for p in args.props if new.arg(p.key) is None] if args is not None else []
        edits = program.edits.replace_type(res, module, cls)
        # The class written as a type matters only when the replacement takes every argument: a
        # program's type names are a walk of its whole tree (Python), not made otherwise.
        typed = (
            [
                t
                for t in program.type_names
                if t.split(".")[-1] == res.cls and (t.count(".") == 0 or t.split(".")[-2] == res.module)
            ]
            if not missing
            else []
        )
        # Nested values declared as the old class's input types (Python `BucketVersioningV2...Args(...)`,
        # a TypeScript const typed `aws.types.input.s3.BucketVersioningV2...`) are renamed with it.
        nested = typed_values(program, walk_args(program, args, new, res)) if args is not None and not missing else []
        differ = [tv.ref.name for tv in nested if not tv.same_fields]
        if missing or typed or differ or (args is not None and args.opaque) or not edits:
            why = (
                f" ({', '.join(missing)} not taken by it)"
                if missing
                else f" (also written as a type: {', '.join(sorted(typed))}; change both)"
                if typed
                else f" (its nested values are built from {', '.join(differ)}, with fields the replacement's "
                "types do not have: change them too)"
                if differ
                else ""
            )
            yield self.finding(msg + why, res.name or (res.start, res.end), resource=res)
            return
        renames = [program.edits.rename_type_ref(tv.ref, tv.want.module, tv.want.name) for tv in nested]
        if not all(renames):
            yield self.finding(
                msg + " (its nested values' types cannot be renamed in place: change them too)",
                res.name or (res.start, res.end),
                resource=res,
            )
            return
        edits += [e for r in renames for e in r]
        kept = res.token in new.aliases
        yield self.finding(
            msg,
            res.name or (res.start, res.end),
            f"Use aws.{target}",
            edits,
            resource=res,
            applicability=Applicability.SAFE if kept else Applicability.UNSAFE,
        )

    def _runtime(self, program: Program, res: Resource, shape) -> Iterator[Finding]:
        arg = shape.child("runtime")[0]
        args = res.args
        if arg is None or args is None:
            return
        p = args.get("runtime")
        value = program.resolve(p.value) if p is not None else None
        if not isinstance(value, Str):
            return
        enums = awsschema.enum_values(arg.type)
        if enums is None:
            return
        for alt in arg.type[1:] if isinstance(arg.type, list) and arg.type[0] == "union" else [arg.type]:
            if not (isinstance(alt, list) and alt[0] == "enum"):
                continue
            en = awsschema.enum(alt[1])
            member = en.member_of(value.value) if en else None
            if en is None or member is None or member not in en.deprecated:
                continue
            fam = _family(value.value)
            ok = sorted(v for k, v in en.values.items() if k not in en.deprecated and _family(str(v)) == fam)
            yield self.finding(
                f"runtime {value.value} is deprecated; supported {fam} runtimes: {', '.join(ok)}", value, resource=res
            )
