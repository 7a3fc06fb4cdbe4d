"""IAC204 — a resource class @pulumi/aws does not have, renamed to the one class of the same module
it is spelled like."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import awsschema, hallucinations
from iacfix.fix import Applicability, Finding
from iacfix.model import Access, Member, Program, Resource
from iacfix.rules import Context, RuleDoc, Transform, register

from ._apishape import sites, type_name, typed_values, via_missing_module


@register
class UnknownResourceClass(Transform):
    id = "IAC204"
    slug = "unknown-resource-class"
    tokens = ("aws",)  # names under the AWS SDK's import only
    title = "Resource class the provider does not have"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Checks every `aws.<module>.<Class>` a program instantiates against the classes of the installed "
        "provider. A class that does not exist is renamed when exactly one class of the same module is the "
        "same name spelled otherwise (`route53.HostedZoneDnssec` -> `HostedZoneDnsSec`), in the other "
        "number, or with a typo; otherwise the finding names the classes it may be, or says the module does "
        "not exist. Classes the table of known hallucinations (IAC205) maps elsewhere are left to it. A "
        "module imported by name that does not exist (`from pulumi_aws import logs, events` / `import { "
        'logs } from "@pulumi/aws"`) is rewritten with every use when all its classes live in one module, '
        "by the table or as the only class of that name (`logs.LogGroup` -> `cloudwatch.LogGroup`, "
        "`events.Rule` -> `cloudwatch.EventRule`): the import becomes `cloudwatch`, or goes when "
        "`cloudwatch` is imported already. A nested value declared as an input type its argument does not "
        "take (Python `rotation_rules=aws.secretsmanager.SecretRotationRulesArgs(...)`, a TypeScript const "
        "typed `aws.types.input.secretsmanager.SecretRotationRules`) is declared as the argument's type "
        "(`SecretRotationRotationRules`) when the written type does not exist, or the value sets only fields "
        "of the argument's type (`GetSubnetFilterArgs` for `get_subnets`, which takes `GetSubnetsFilterArgs`); "
        "otherwise it is reported. An enum member that does not exist is renamed to the one member spelled "
        "the same but for the separators of its version (`lambda_.Runtime.PYTHON3_10` -> `PYTHON3D10`, "
        "`lambda.Runtime.NodeJS20X` -> `NodeJS20dX`).",
        why="A class that does not exist fails to compile (TS2339 / TS2551 \"Property 'X' does not exist on type "
        'typeof import(...)") and, in Python, raises AttributeError when the program runs.',
        before='new aws.route53.HostedZoneDnssec("dnssec", { hostedZoneId: zone.id });',
        after='new aws.route53.HostedZoneDnsSec("dnssec", { hostedZoneId: zone.id });',
        fix_safety="Safe: a class that does not exist deploys nothing, and the rename is to the only class spelled "
        "like it (for a module, to the table's class or the only class of that name; unsafe when the "
        "table's entry is). An input type renamed to the only one its argument takes is safe: a Python "
        "Args class the package does not have fails when the program starts. Word-structure guesses (`AnomalyDetector` -> `LogAnomalyDetector`) are often another "
        "service's resource: they are only named, never applied.",
        references=("https://www.pulumi.com/registry/packages/aws/api-docs/",),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        yield from self._modules(program)
        yield from self._input_types(program)
        yield from self._enum_members(program)
        for res in program.resources:
            if awsschema.resource(res.token) is not None or not res.module or via_missing_module(program, res):
                continue
            path = f"{res.module}.{res.cls}"
            if hallucinations.for_class(path) is not None:
                continue
            where = res.name or (res.start, res.end)
            classes = awsschema.module_classes(res.module)
            if classes is None:
                yield self.finding(
                    f"@pulumi/aws has no module `{res.module}` ({res.type_name} does not exist)", where, resource=res
                )
                continue
            names, tier = awsschema.likely_names(res.cls, list(classes))
            if len(names) == 1 and tier in awsschema.STRICT_TIERS:
                edits = program.edits.replace_type(res, res.module, names[0])
                msg = f"{res.type_name} does not exist; the class is aws.{res.module}.{names[0]}"
                if edits:
                    yield self.finding(msg, where, f"Use aws.{res.module}.{names[0]}", edits, resource=res)
                else:
                    yield self.finding(msg, where, resource=res)
                continue
            hint = f"; perhaps {', '.join(f'aws.{res.module}.{n}' for n in names)}" if names else ""
            yield self.finding(f"{res.type_name} does not exist in @pulumi/aws{hint}", where, resource=res)

    def _input_types(self, program: Program) -> Iterator[Finding]:
        """A nested value declared as an input type the argument does not take (Python
        `aws.secretsmanager.SecretRotationRulesArgs(...)` for `SecretRotationRotationRules`): renamed
        when that type does not exist or has the same fields."""
        for tv in typed_values(program, sites(program)):
            ref, want, site = tv.ref, tv.want, tv.site
            what = f"`{site.prop.raw_key}` of {type_name(site.shape)} takes {want.path}"
            exists = awsschema.nested(f"{ref.module}.{ref.name}") is not None
            msg = (
                f"{what}, not {ref.module}.{ref.name}"
                if exists
                else f"@pulumi/aws has no input type {ref.module}.{ref.name}; {what}"
            )
            res = site.owner if isinstance(site.owner, Resource) else None
            edits = program.edits.rename_type_ref(ref, want.module, want.name) if tv.same_fields else []
            if not edits:
                yield self.finding(
                    msg
                    + (" (it sets fields that type does not have: rewrite the value)" if not tv.same_fields else ""),
                    (ref.start, ref.end),
                    resource=res,
                )
                continue
            yield self.finding(msg, (ref.start, ref.end), f"Use {want.path}", edits, resource=res)

    def _enum_members(self, program: Program) -> Iterator[Finding]:
        """`aws.lambda_.Runtime.PYTHON3_10` (a member the enum does not have) -> `PYTHON3D10`: the
        one member spelled the same but for the separators between the version's parts."""
        for member, enum, written in _enum_reads(program):
            names = {k: program.edits.enum_member_name(k) for k in enum.values}
            if written in names.values():
                continue
            alike = [k for k, n in names.items() if _member_key(n) == _member_key(written)]
            msg = f"aws.{enum.name} has no member {written}"
            if len(alike) != 1:
                yield self.finding(msg, (member.start, member.end))
                continue
            new = names[alike[0]]
            edits = program.edits.rename_enum_member(member, alike[0])
            yield self.finding(
                f"{msg}; it is {new} ({enum.values[alike[0]]})", (member.start, member.end), f"Use {new}", edits
            )

    def _modules(self, program: Program) -> Iterator[Finding]:
        """Modules imported by name that @pulumi/aws does not have (`from pulumi_aws import logs`):
        the import and every use rewritten to the one module their classes live in, one fix per
        module (`logs` and `events` both become `cloudwatch`: one import of it)."""
        by_target: dict[str, dict[str, dict[str, str]]] = {}  # new module -> local -> member -> class
        safe: dict[str, bool] = {}
        where: dict[str, tuple[int, int]] = {}
        for local, module in sorted(program.module_aliases.items()):
            # A top-level function or class imported by name (`from pulumi_aws import
            # get_caller_identity, Provider`) is not a module.
            if (
                awsschema.has_module(module)
                or awsschema.function_at("", module) is not None
                or awsschema.resource_at("", module) is not None
            ):
                continue
            imp = next((i for i in program.imports for _imported, loc in i.names if loc == local), None)
            if imp is None:
                continue
            span = (imp.start, imp.end)
            reads = program.member_reads(local)
            targets: dict[str, str] = {}
            ok = True
            for r in reads:
                found = _target(module, r.prop)
                if found is not None:
                    targets[r.prop], ok = found[0], ok and found[1]
            unknown = sorted({r.prop for r in reads} - set(targets))
            modules = sorted({t.rpartition(".")[0] for t in targets.values()})
            msg = f"@pulumi/aws has no module `{module}`"
            if not reads or unknown or len(modules) != 1:
                hint = (
                    f" ({', '.join(unknown)} not found in any module)"
                    if unknown
                    else f": its classes are in {', '.join(f'`{m}`' for m in modules)}"
                    if modules
                    else ""
                )
                yield self.finding(msg + hint, span)
                continue
            by_target.setdefault(modules[0], {})[local] = {p: t.rpartition(".")[2] for p, t in targets.items()}
            safe[modules[0]] = safe.get(modules[0], True) and ok
            where.setdefault(modules[0], span)
        for new, members in by_target.items():
            olds = ", ".join(f"`{program.module_aliases[loc]}`" for loc in members)
            classes = sorted({f"aws.{new}.{c}" for m in members.values() for c in m.values()})
            msg = f"@pulumi/aws has no module {olds}; the classes are {', '.join(classes)}"
            edits = program.edits.retarget_modules(new, members)
            if not edits:
                yield self.finding(
                    msg + f" (import `{new}` by hand: a name is used otherwise, or `{new}` is taken)", where[new]
                )
                continue
            yield self.finding(
                msg,
                where[new],
                f"Import `{new}` instead",
                edits,
                applicability=Applicability.SAFE if safe[new] else Applicability.UNSAFE,
            )


def _target(module: str, member: str) -> tuple[str, bool] | None:
    """Where `module.member` lives (`module.Class`, and whether renaming to it is safe): the table
    of known hallucinations first, else the one module that has a class of that name. A resource's
    Args class follows its class."""
    args = member.endswith("Args") and member[:1].isupper()
    cls = member[:-4] if args else member
    if not cls[:1].isupper():
        return None
    entry = hallucinations.for_class(f"{module}.{cls}")
    if entry is not None and entry.package is None:
        path, ok = entry.target(f"{module}.{cls}"), entry.safe
    else:
        owners = awsschema.modules_with_class(cls)
        if len(owners) != 1:
            return None
        path, ok = f"{owners[0]}.{cls}", True
    return (path + "Args", ok) if args else (path, ok)


def _enum_reads(program: Program) -> Iterator[tuple[Member, awsschema.Enum, str]]:
    """Every `<aws>.<module>.<Enum>.<member>` (or `<module>.<Enum>.<member>` through a module
    imported by name, `<aws>.<Enum>.<member>` for the package's own enums): the member node, the
    enum, the member as written."""
    # Only a path leading to an enum the program spells is climbed (`aws.s3.Bucket` stops at
    # `Bucket`; a module with no such enum is not looked at): each step up is a climb of the tree.
    # A member read names its enum, so a program that spells none of them reads none.
    heads = [(alias, "") for alias in program.aws_aliases] + sorted(program.module_aliases.items())
    spelled = program.spelled(*awsschema.enum_names()) if heads else None
    if not spelled:
        return
    leads = awsschema.enum_prefixes(spelled)
    for local, module in heads:
        if module and module.rstrip("_") not in leads:
            continue

        # The accesses on each use, read from the tree (member_chains): a Member node is made
        # only for the one that reads an enum's member. At most four: the path stops past three;
        # and none past the access where it can lead to no enum (most uses: `aws.s3.Bucket`).
        def further(chain: list[Access], module: str = module) -> bool:
            return _enum_step(module, chain, leads)[0]

        for chain in program.member_chains(local, 4, further):
            hit = _enum_step(module, chain, leads)[1]
            if hit is not None:
                member = program.node_at(hit[0].start, hit[0].end)
                if isinstance(member, Member):
                    yield member, hit[1], hit[0].prop


def _enum_step(
    module: str, chain: list[Access], leads: frozenset[str]
) -> tuple[bool, tuple[Access, awsschema.Enum] | None]:
    """Along the accesses of `chain` on a use of `aws` (module "") or of a module imported by
    name: (whether an access after them may still read an enum's member, the access that reads
    one with its enum, if one does)."""
    # The path read so far (`lambda_.Runtime`): how many names, and its key in the schema's
    # spelling (each written name without its trailing `_`, empty ones left out), grown by one
    # name a step rather than joined again at each.
    size, parts, key = (1, 1, module.rstrip("_")) if module else (0, 0, "")
    for up in chain:
        enum = awsschema.enum(key) if size >= 1 else None
        if enum is not None and up.prop_start is not None:
            return False, (up, enum)
        size += 1
        if up.prop:
            name = up.prop.rstrip("_")
            key, parts = (f"{key}.{name}" if parts else name), parts + 1
        if size > 3 or key not in leads:
            return False, None
    return True, None


def _member_key(name: str) -> str:
    """`PYTHON3_10`, `PYTHON3D10`, `Python3d10` -> "PYTHON310"; `NODEJS18_X`, `NODE_JS18D_X` ->
    "NODEJS18X": the name without separators, and without the `d` Pulumi writes for a dot."""
    s = name.upper().replace("_", "")
    return "".join(
        c
        for i, c in enumerate(s)
        if not (c == "D" and 0 < i < len(s) - 1 and s[i - 1].isdigit() and s[i + 1] in "0123456789X")
    )
