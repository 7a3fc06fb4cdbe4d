"""IAC201 — an argument the resource (or function, or nested block) does not have, renamed to the
one valid name it was close to."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema, hallucinations
from iacfix.edits import Copy
from iacfix.fix import Applicability, Finding
from iacfix.model import Arr, Bool, Null, Num, Obj, Program, Resource, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import RESOURCE_OPTIONS, Site, sites, type_name

_LITERAL = (Obj, Str, Num, Bool, Template)


@register
class UnknownArgument(Transform):
    id = "IAC201"
    slug = "unknown-argument"
    tokens = ("aws",)  # AWS resources and functions only
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
        "that list's one element; a one-element list written for an object is unwrapped. An argument "
        "with no close name that exactly one of the resource's object arguments has, by the same name or "
        "as its name followed by the field's, is moved into it, as an unsafe fix (`throttlingBurstLimit` "
        "on `apigateway.MethodSettings` -> `settings: { throttlingBurstLimit }`, "
        "`pointInTimeRecoveryEnabled` -> `pointInTimeRecovery: { enabled }`); only when that object then "
        "has every field it requires. Two or more candidates, or none: the finding names them and nothing "
        "changes.",
        why="An unknown argument is a compile error in TypeScript (TS2353 / TS2561) and in Python a "
        "TypeError when the program runs (pyright: no overload matches); models write names from "
        "CloudFormation, Terraform or older provider versions. TypeScript's own quick fix only covers "
        "the spelling case, only in an editor, and never in Python.",
        before='new aws.codepipeline.Pipeline("p", {\n    artifactStore: { location: bucket.bucket, type: "S3" },\n'
        "    roleArn: role.arn,\n    stages,\n});",
        after='new aws.codepipeline.Pipeline("p", {\n    artifactStores: [{ location: bucket.bucket, type: "S3" }],\n'
        "    roleArn: role.arn,\n    stages,\n});",
        fix_safety="Safe for a rename to the only valid name that is the same word spelled otherwise, in the "
        "other number or with a typo: the program already meant that argument. Unsafe for the guesses "
        "from word structure (a word more or less, an Id/Arn or unit suffix): likely, not certain; so is removing `tags` from a resource "
        "that takes none, and moving an argument into the one object argument that has it. "
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
        # Arguments that belong inside one object argument, grouped by that argument: several
        # moved into one new `settings: {...}` are one edit.
        nests: dict[tuple[int, str], list[tuple[Site, str]]] = {}
        for site in sites(program):
            p = site.prop
            if site.arg is not None or site.obj.opaque:
                continue
            if hallucinations.handled(site.shape.path, p.key):
                continue  # IAC205 or the rule the table names
            if site.top and site.shape.kind == "resource" and p.key in RESOURCE_OPTIONS:
                continue  # IAC206
            names, _ = awsschema.likely_names(p.key, site.shape.args)
            nest = _nest_target(site) if not names and p.key != "tags" and p.value is not None else None
            if nest is not None:
                nests.setdefault((site.obj.start, nest[0]), []).append((site, nest[1]))
                continue
            yield from self._repair(program, site)
        for (_, target), moved in nests.items():
            yield from self._nest(program, target, moved)

    def _nest(self, program: Program, target: str, moved: list[tuple[Site, str]]) -> Iterator[Finding]:
        """Arguments written at the level above the one object argument whose type has them
        (`throttlingBurstLimit` on apigateway.MethodSettings -> `settings: { throttlingBurstLimit }`,
        `pointInTimeRecoveryEnabled` -> `pointInTimeRecovery: { enabled }`): moved into it."""
        site = moved[0][0]
        obj, where = site.obj, type_name(site.shape)
        names = ", ".join(f"`{s.prop.raw_key}`" for s, _ in moved)
        verb = "is not an argument" if len(moved) == 1 else "are not arguments"
        msg = f"{names} {verb} of {where}; {'it belongs' if len(moved) == 1 else 'they belong'} in `{target}`"
        items = [(field, Copy(s.prop.value)) for s, field in moved if s.prop.value is not None]
        fields = [f for f, _ in items]
        have = obj.get(target)
        value = program.resolve(have.value) if have is not None and have.value is not None else None
        edits = []
        if len(set(fields)) != len(fields):
            pass  # two of them map to one field: the user chooses
        elif have is None:
            # A field written `undefined` / None is not set: moved, it would be a required field
            # without a value (replicaKmsKeyId: undefined into encryptionConfiguration).
            unset = {f for s, f in moved if isinstance(s.prop.value, Null)}
            missing = [r for r in _nested_required(site, target) if r not in fields or r in unset]
            if missing:  # `stickiness: { cookieDuration }` without its required `type`
                msg += f" (with {', '.join(f'`{m}`' for m in missing)}, which the program does not set)"
            else:
                edits = program.edits.replace_prop(site.prop, [(target, dict(items))]) + program.edits.remove_props(
                    [s.prop for s, _ in moved[1:]]
                )
        elif (
            isinstance(value, Obj)
            and value is have.value
            and not value.opaque
            and not any(value.get(f) is not None for f in fields)
        ):
            edits = program.edits.insert_props(value, items) + program.edits.remove_props([s.prop for s, _ in moved])
        if not edits:
            yield self.finding(
                msg + (" (move it by hand)" if len(moved) == 1 else " (move them by hand)"),
                (site.prop.key_start, site.prop.key_end),
                resource=_res(site),
            )
            return
        yield self.finding(
            msg,
            (site.prop.key_start, site.prop.key_end),
            f"Move into `{target}`",
            edits,
            resource=_res(site),
            applicability=Applicability.UNSAFE,
        )

    def _repair(self, program: Program, site: Site) -> Iterator[Finding]:
        p, shape = site.prop, site.shape
        where = type_name(shape)
        names, tier = awsschema.likely_names(p.key, shape.args)
        if not names and p.key == "tags" and site.top and shape.kind == "resource":
            # Tags on a resource that takes none: they never reached AWS (the program did not compile).
            yield self.finding(
                f"{where} takes no tags",
                (p.key_start, p.key_end),
                "Remove `tags`",
                program.edits.remove_prop(p),
                resource=_res(site),
                applicability=Applicability.UNSAFE,
            )
            return
        if not names:
            yield self.finding(
                f"`{p.raw_key}` is not an argument of {where}", (p.key_start, p.key_end), resource=_res(site)
            )
            return
        if len(names) > 1:
            listed = ", ".join(f"`{n}`" for n in sorted(names))
            yield self.finding(
                f"`{p.raw_key}` is not an argument of {where}; it may be any of {listed}: choose one",
                (p.key_start, p.key_end),
                resource=_res(site),
            )
            return
        target = names[0]
        if site.obj.get(target) is not None:
            yield self.finding(
                f"`{p.raw_key}` is not an argument of {where}, and `{target}` is set too: keep one",
                (p.key_start, p.key_end),
                resource=_res(site),
            )
            return
        arg = shape.args[target]
        edits = program.edits.rename_key(p, target)
        value = p.value
        target_kind = awsschema.kind(arg.type)
        shaped = ""
        if target_kind == "list" and isinstance(value, _LITERAL):
            edits += program.edits.wrap_list(value)
            shaped = ", its value as a list"
        elif (
            target_kind == "object"
            and isinstance(value, Arr)
            and len(value.items) == 1
            and isinstance(value.items[0], Obj)
        ):
            edits += program.edits.unwrap_list(value)
            shaped = ", its one element as the value"
        safe = tier in awsschema.STRICT_TIERS
        yield self.finding(
            f"`{p.raw_key}` is not an argument of {where}; the argument is `{target}`",
            (p.key_start, p.key_end),
            f"Rename to `{target}`{shaped}",
            edits,
            resource=_res(site),
            applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
        )


def _nest_target(site: Site) -> tuple[str, str] | None:
    """(object argument, its field) for an argument `site` names that the shape does not have but
    exactly one of its single-object arguments does: by the same name (`throttlingBurstLimit` in
    MethodSettings' `settings`), or as that argument's name followed by the field's
    (`pointInTimeRecoveryEnabled` -> `pointInTimeRecovery.enabled`). None when no argument or
    several fit."""
    key = awsschema.camel_name(site.prop.key) if "_" in site.prop.key else site.prop.key
    found: set[tuple[str, str]] = set()
    for name, arg in site.shape.args.items():
        inner = awsschema.object_shape(arg.type)
        if inner is None or awsschema.kind(arg.type) != "object":
            continue  # a list of objects: which element is not ours to say
        if (inner_arg := inner.arg(key)) is not None:
            found.add((name, inner_arg.name))
        rest = key[len(name) :]
        if key.startswith(name) and rest[:1].isupper():
            field = inner.arg(rest[:1].lower() + rest[1:])
            if field is not None:
                found.add((name, field.name))
    return found.pop() if len(found) == 1 else None


def _nested_required(site: Site, target: str) -> list[str]:
    arg = site.shape.args.get(target)
    inner = awsschema.object_shape(arg.type) if arg is not None else None
    return inner.required if inner is not None else []


def _res(site: Site) -> Resource | None:
    return site.owner if isinstance(site.owner, Resource) else None
