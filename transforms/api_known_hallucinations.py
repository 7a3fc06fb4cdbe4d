"""IAC205 — API shapes models are known to invent for @pulumi/aws, repaired from a table of data
(`iacfix/data/hallucinations.toml`): each entry names what the model writes, what the provider
has instead, and a reference."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema, hallucinations
from iacfix.edits import Concat, Copy, Ref, Schema
from iacfix.fix import Applicability, Finding
from iacfix.hallucinations import Entry
from iacfix.model import Bool, Num, Obj, Program, Prop, Resource, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import Site, reads_of, sites, type_name, typed_values, via_missing_module, walk_args

_LITERAL = (Obj, Str, Num, Bool, Template)


def _app(entry: Entry) -> Applicability:
    return Applicability.SAFE if entry.safe else Applicability.UNSAFE


def _literal_key(node) -> str | None:
    """A literal as the table's keys write it: `true`, `internal`, `VPC`."""
    if isinstance(node, Bool):
        return "true" if node.value else "false"
    if isinstance(node, Str):
        return node.value
    if isinstance(node, Num):
        return str(node.value)
    return None


@register
class KnownHallucinations(Transform):
    id = "IAC205"
    slug = "known-api-hallucinations"
    tokens = ("aws",)  # AWS resources and functions only
    title = "API shape the provider does not have (known hallucination)"
    severity = "high"
    applicability = Applicability.UNSAFE
    doc = RuleDoc(
        what="Repairs the API shapes models are known to invent for @pulumi/aws, from a table kept as "
        "data (`iacfix/data/hallucinations.toml`, each entry with its provider reference): "
        "`apigateway.Deployment({ stageName })` -> a separate `aws.apigateway.Stage`; `s3.Bucket({ "
        "publicAccessBlock })` -> `aws.s3.BucketPublicAccessBlock`; `secretsmanager.Secret({ "
        "rotationRules })` -> `aws.secretsmanager.SecretRotation`; `ec2.Eip({ vpc: true })` -> "
        '`domain: "vpc"`; `lb.LoadBalancer({ scheme })` -> `internal`; `ec2.FlowLog({ resourceId, '
        "resourceType })` -> `vpcId` / `subnetId` / `eniId`; `artifactStore` -> `artifactStores: [...]`; "
        "`getRandomPassword({ length })` -> `passwordLength`; a route's `instanceId: nat.id` -> "
        "`networkInterfaceId: nat.primaryNetworkInterfaceId`; classes that do not exist "
        "(`aws.logs.LogGroup`, `s3.BucketReplicationConfiguration`, `lambda.EventInvokeConfig`, "
        "`cfg.ConfigurationRecorder`) -> the ones that do (nested values declared with the invented class's input "
        "types follow when they fit); classes of another package (`secretsmanager.RandomPassword` -> "
        "`@pulumi/random` / `pulumi_random`) are reported, the project's dependencies being the user's; "
        "CloudFormation names (`alarmName`, "
        "`fullyQualifiedDomainName`, `timeoutInMinutes`, ...) -> the provider's. `iacfix explain "
        "IAC205` lists the table; every entry that repairs has a golden pair in both languages.",
        why="These shapes come from CloudFormation, Terraform, the CDK or older provider versions; none "
        "compiles against the installed provider (TS2353 / TS2561 / TS2339, pyright reportCallIssue / "
        "reportAttributeAccessIssue), and a rename alone cannot reach the right shape.",
        before='const deployment = new aws.apigateway.Deployment("api", {\n    restApi: api.id,\n'
        '    stageName: "prod",\n});',
        after='const deployment = new aws.apigateway.Deployment("api", {\n    restApi: api.id,\n});\n\n'
        'new aws.apigateway.Stage("api-stage", {\n    stageName: "prod",\n    restApi: api.id,\n'
        "    deployment: deployment.id,\n});",
        fix_safety="Each entry says: renames to the only valid name (`artifactStores`, `passwordLength`, a class "
        "that exists) are safe; an entry that adds a resource (Stage, BucketPublicAccessBlock, "
        'SecretRotation, SecretVersion) or changes a value (`vpc: true` -> `domain: "vpc"`, '
        "`scheme` -> `internal`) is unsafe. A value that is not a literal the entry knows, a resource "
        "not bound to a variable or whose name is not a plain string, or a new argument already set, "
        "is reported and left alone.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/",
            "https://www.pulumi.com/registry/packages/aws/api-docs/",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for res in program.resources:
            shape = awsschema.resource(res.token)
            if shape is None:
                if not via_missing_module(program, res):  # IAC204 rewrites the module's import and uses
                    yield from self._rename_class(program, res)
            elif res.var:
                yield from self._rename_outputs(program, res, shape)
        moved: set[tuple[int, str]] = set()
        for site in sites(program):
            p = site.prop
            if site.arg is not None:
                continue
            entry = hallucinations.for_arg(site.shape.path, p.key)
            if entry is None or entry.kind == "handled-by":
                continue
            if entry.kind == "rename-arg" and p.key in entry.frm:
                yield from self._rename_arg(program, site, entry)
            elif entry.kind == "rename-arg-read" and p.key in entry.frm:
                yield from self._rename_arg_read(program, site, entry)
            elif entry.kind == "rename-arg-value" and p.key in entry.frm:
                yield from self._rename_arg_value(program, site, entry)
            elif entry.kind == "select-arg" and p.key in entry.frm:
                yield from self._select_arg(program, site, entry)
            elif entry.kind == "unnest-arg" and p.key in entry.frm:
                yield from self._unnest_arg(program, site, entry)
            elif entry.kind == "move-to-resource" and site.top and isinstance(site.owner, Resource):
                key = (site.owner.start, entry.id)
                if key not in moved:
                    moved.add(key)
                    yield from self._move_to_resource(program, site.owner, site.obj, entry)

    # -- classes -----------------------------------------------------------------------------
    def _rename_class(self, program: Program, res: Resource) -> Iterator[Finding]:
        path = f"{res.module}.{res.cls}" if res.module else res.cls
        entry = hallucinations.for_class(path)
        if entry is None:
            return
        target = entry.target(path)
        if entry.package is not None:
            yield self.finding(
                f"{res.type_name} does not exist; `{target}` is in the @pulumi/{entry.package} "
                f"package (Python: pulumi_{entry.package})",
                res.name or (res.start, res.end),
                resource=res,
            )
            return
        module, _, cls = target.rpartition(".")
        edits = program.edits.replace_type(res, module, cls)
        msg = f"{res.type_name} does not exist in @pulumi/aws; the resource is aws.{target}"
        # Nested values declared as the invented class's input types follow it when they fit.
        new = awsschema.resource_at(module, cls)
        nested = typed_values(program, walk_args(program, res.args, new, res)) if new and res.args is not None else []
        renames = [
            program.edits.rename_type_ref(tv.ref, tv.want.module, tv.want.name) if tv.same_fields else []
            for tv in nested
        ]
        if not edits or not all(renames):
            yield self.finding(msg, res.name or (res.start, res.end), resource=res)
            return
        edits += [e for r in renames for e in r]
        yield self.finding(
            msg, res.name or (res.start, res.end), f"Use aws.{target}", edits, resource=res, applicability=_app(entry)
        )

    def _rename_outputs(self, program: Program, res: Resource, shape) -> Iterator[Finding]:
        for read in reads_of(program, res):
            if shape.output(read.prop) is not None:
                continue
            entry = hallucinations.for_output(shape.path, read.prop)
            if entry is None or entry.kind != "rename-output":
                continue
            target = entry.target(read.prop)
            yield self.finding(
                f"aws.{shape.path} has no output `{read.prop}`; it is `{target}`",
                (read.prop_start, read.prop_end),
                f"Read `{target}`",
                program.edits.rename_member_read(read, target),
                resource=res,
                applicability=_app(entry),
            )

    # -- arguments -----------------------------------------------------------------------------
    def _rename_arg(self, program: Program, site: Site, entry: Entry) -> Iterator[Finding]:
        p, shape = site.prop, site.shape
        target = entry.to[0]
        msg = f"`{p.raw_key}` is not an argument of {type_name(shape)}; it is `{target}`"
        if site.obj.get(target) is not None:
            yield self.finding(msg + " (already set: keep one)", (p.key_start, p.key_end), resource=_res(site))
            return
        edits = program.edits.rename_key(p, target)
        kind = awsschema.kind(shape.args[target].type)
        if kind == "list" and isinstance(p.value, _LITERAL):
            edits += program.edits.wrap_list(p.value)
        yield self.finding(
            msg,
            (p.key_start, p.key_end),
            f"Rename to `{target}`",
            edits,
            resource=_res(site),
            applicability=_app(entry),
        )

    def _rename_arg_read(self, program: Program, site: Site, entry: Entry) -> Iterator[Finding]:
        """`instanceId: nat.id` -> `networkInterfaceId: nat.primaryNetworkInterfaceId`: the value
        must be a read of a resource of class `entry.new` (through its variable)."""
        p, shape = site.prop, site.shape
        target = entry.to[0]
        wanted = ", ".join(f"`{o}`" for o in entry.outputs.values())
        msg = f"`{p.raw_key}` is not an argument of {type_name(shape)}; it is `{target}`, an aws.{entry.new}'s {wanted}"
        read = _read_of(program, p.value, entry.new or "") if p.value is not None else None
        if read is None or read.prop not in entry.outputs or site.obj.get(target) is not None:
            yield self.finding(msg, (p.key_start, p.key_end), resource=_res(site))
            return
        edits = program.edits.rename_key(p, target) + program.edits.rename_member_read(read, entry.outputs[read.prop])
        yield self.finding(
            msg, (p.key_start, p.key_end), f"Use `{target}`", edits, resource=_res(site), applicability=_app(entry)
        )

    def _rename_arg_value(self, program: Program, site: Site, entry: Entry) -> Iterator[Finding]:
        p, obj = site.prop, site.obj
        target = entry.to[0]
        key = _literal_key(p.value)
        msg = f"`{p.raw_key}` is not an argument of {type_name(site.shape)}; it is `{target}`"
        if obj.get(target) is not None:
            yield self.finding(msg + " (already set: keep one)", (p.key_start, p.key_end), resource=_res(site))
            return
        if not entry.values and p.value is not None:
            edits = program.edits.rename_key(p, target)  # the value keeps its shape
        elif key is not None and key in entry.values and p.value is not None:
            edits = program.edits.rename_key(p, target) + [program.edits.replace(p.value, entry.values[key])]
        else:
            known = ", ".join(f"{k} -> {v!r}" for k, v in entry.values.items())
            yield self.finding(msg + f" ({known}): set it by hand", (p.key_start, p.key_end), resource=_res(site))
            return
        for sibling, change in entry.with_.items():
            sp = obj.get(sibling)
            if sp is not None and sp.value is not None and _literal_key(sp.value) == change["from"]:
                edits.append(program.edits.replace(sp.value, change["to"]))
        yield self.finding(
            msg, (p.key_start, p.key_end), f"Use `{target}`", edits, resource=_res(site), applicability=_app(entry)
        )

    def _select_arg(self, program: Program, site: Site, entry: Entry) -> Iterator[Finding]:
        p, obj = site.prop, site.obj
        by = obj.get(entry.by or "")
        choice = entry.choose.get(_literal_key(by.value) or "") if by is not None else None
        options = ", ".join(f"`{v}`" for v in entry.choose.values())
        msg = f"`{p.raw_key}` is not an argument of {type_name(site.shape)}; it is one of {options}"
        if by is None or choice is None or obj.get(choice) is not None:
            yield self.finding(msg + ", by what it names: choose one", (p.key_start, p.key_end), resource=_res(site))
            return
        edits = program.edits.rename_key(p, choice) + program.edits.remove_prop(by)
        yield self.finding(
            msg, (p.key_start, p.key_end), f"Use `{choice}`", edits, resource=_res(site), applicability=_app(entry)
        )

    def _unnest_arg(self, program: Program, site: Site, entry: Entry) -> Iterator[Finding]:
        p, obj = site.prop, site.obj
        target = entry.to[0]
        value = p.value
        inner = value.get(entry.inner or "") if isinstance(value, Obj) else None
        # `{ rules: [...] }` (already the target's shape, one level too deep) is taken as it is.
        same = value.get(target) if isinstance(value, Obj) and inner is None else None
        msg = f"`{p.raw_key}` is not an argument of {type_name(site.shape)}; it takes `{target}`"
        found = inner or same
        if (
            found is None
            or found.value is None
            or not isinstance(value, Obj)  # always one when something was found
            or len(value.entries) != 1
            or obj.get(target) is not None
        ):
            yield self.finding(msg, (p.key_start, p.key_end), resource=_res(site))
            return
        new = [Copy(found.value)] if entry.list and inner is not None else Copy(found.value)
        edits = program.edits.rename_key(p, target) + [program.edits.replace(value, new)]
        yield self.finding(
            msg,
            (p.key_start, p.key_end),
            f"Write `{target}` directly",
            edits,
            resource=_res(site),
            applicability=_app(entry),
        )

    # -- moving arguments to a resource of their own ---------------------------------------------
    def _move_to_resource(self, program: Program, res: Resource, args: Obj, entry: Entry) -> Iterator[Finding]:
        present = [p for p in args.props if p.key in entry.args]
        if not present:
            return
        new_module, _, new_cls = (entry.new or "").rpartition(".")
        names = ", ".join(f"`{p.raw_key}`" for p in present)
        msg = (
            f"{names} {'is' if len(present) == 1 else 'are'} not {'an argument' if len(present) == 1 else 'arguments'} "
            f"of {res.type_name}: {'it belongs' if len(present) == 1 else 'they belong'} to aws.{entry.new}"
        )
        anchor = (present[0].key_start, present[0].key_end)
        new_args = self._new_args(program, res, args, entry, present)
        type_expr = program.edits.aws_type(new_module, new_cls)
        name = Concat((Copy(res.name), f"-{entry.suffix}")) if isinstance(res.name, (Str, Template)) else None
        if new_args is None or type_expr is None or name is None or not res.var or not res.standalone:
            yield self.finding(
                msg + " (declare it by hand: this resource's name, variable or values are not plain enough to move)",
                anchor,
                resource=res,
            )
            return
        # Reads of what the new resource has now (`deployment.invokeUrl`) point at it, through a variable.
        reads = [r for r in reads_of(program, res) if r.prop in entry.outputs]
        var = program.edits.variable_name(res.var, entry.suffix or "") if reads else None
        if reads and ("." in res.var or var in program.bindings or any(r.start < res.stmt_end for r in reads)):
            yield self.finding(
                msg + f" (and {', '.join(sorted({r.prop for r in reads}))} read from it: declare it by hand)",
                anchor,
                resource=res,
            )
            return
        code = program.edits.resource_statement(type_expr, name, Schema(new_args), var=var)
        edits = program.edits.remove_props(present)
        edits.append(program.edits.insert_after_statement(res, code))
        for r in reads:
            edits += program.edits.replace_member_read(r, var or "", entry.outputs[r.prop])
        yield self.finding(msg, anchor, f"Declare aws.{entry.new}", edits, resource=res, applicability=_app(entry))

    @staticmethod
    def _new_args(program: Program, res: Resource, args: Obj, entry: Entry, present: list[Prop]) -> dict | None:
        out: dict = {}
        for p in present:
            if p.value is None:
                return None
            if entry.spread:
                if not isinstance(p.value, Obj) or p.value.spreads:
                    return None
                for q in p.value.props:
                    if q.value is None:
                        return None
                    out[q.key] = Copy(q.value)
            else:
                out[entry.map.get(p.key, p.key)] = Copy(p.value)
        for key, source in entry.link.items():
            what, _, name = source.partition(".")
            if what == "self":
                out[key] = Ref(f"{res.var}.{name}")
            else:
                linked = args.get(name)
                if linked is None or linked.value is None:
                    return None
                out[key] = Copy(linked.value)
        return out


def _read_of(program: Program, value, path: str):
    """The read `value` is (`nat.id`, `self.nat.id`) of a resource of class `path`
    (`ec2.Instance`) through the variable it is bound to, or None."""
    for res in program.resources:
        shape = awsschema.resource(res.token)
        if shape is None or shape.path != path:
            continue
        for read in reads_of(program, res):
            if (read.start, read.end) == (value.start, value.end):
                return read
    return None


def _res(site: Site) -> Resource | None:
    return site.owner if isinstance(site.owner, Resource) else None
