"""IAC306 — regions and account ids written into a program instead of read from the provider."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from iacfix.edits import AwsCall, Interpolate, Ref
from iacfix.fix import Applicability, Finding
from iacfix.model import Call, Node, Obj, Program, Resource, Str, Template, walk
from iacfix.rules import Context, RuleDoc, Transform, register

REGION_FN, ACCOUNT_FN = "getRegionOutput", "getCallerIdentityOutput"
# Keys under which an account id names another account on purpose (a trust policy's principal).
_PRINCIPALS = {"principal", "principals", "aws", "assumerolepolicy", "sourceaccount", "sourcearn"}
# Words in a key that say the region is another one on purpose (peerRegion, replicaRegion, ...).
_OTHER_REGION = ("peer", "replica", "destination", "source", "secondary", "target", "remote", "backup")


# Why a hard-coded value is reported rather than fixed when the package cannot be imported as `aws`.
_NO_AWS = "read it from the provider (the name `aws` is taken here: import @pulumi/aws to call getRegionOutput)"


def _joined(parts: tuple) -> tuple:
    """Adjacent text parts as one."""
    out: list = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        elif p != "":
            out.append(p)
    return tuple(out)


def is_region(text: str) -> bool:
    """`us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-3`."""
    parts = text.split("-")
    return (
        3 <= len(parts) <= 4
        and len(parts[0]) == 2
        and parts[0].isalpha()
        and parts[0].islower()
        and parts[-1].isdigit()
        and all(p.isalpha() and p.islower() for p in parts[1:-1])
    )


def is_account(text: str) -> bool:
    return len(text) == 12 and text.isdigit()


# What every string `_fixable` keeps holds: an ARN's "arn:", or a region's last "-" and digit.
_NEEDLES = ("arn:", *(f"-{d}" for d in range(10)))


def _fixable(text: str) -> bool:
    """A region, or an ARN with a region or account id written out: what `_string` acts on."""
    parts = arn_parts(text)
    if parts is None:
        return is_region(text)
    return is_region(parts[3]) or is_account(parts[4])


def arn_parts(text: str) -> list[str] | None:
    """An ARN's fields (`arn`, partition, service, region, account, resource), or None."""
    parts = text.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and parts[1].startswith("aws") and parts[2]:
        return parts
    return None


@register
class ProviderRegionAccount(Transform):
    id = "IAC306"
    slug = "provider-region-account"
    # What program.strings_with looks for (an ARN's "arn:", a region's "-" and digit, an escape that
    # may spell either): a text without any holds no literal the check reads.
    tokens = (*_NEEDLES, "\\")
    title = "Hard-coded region or account id"
    severity = "medium"
    applicability = Applicability.UNSAFE
    doc = RuleDoc(
        what="In a resource's arguments, an ARN whose region or account id is written out "
        "(`arn:aws:logs:us-east-1:123456789012:log-group:*`) is built from the provider instead: "
        "`aws.getRegionOutput().region` and `aws.getCallerIdentityOutput().accountId`, declared once after "
        "the imports (`pulumi.interpolate` / `pulumi.Output.concat`); a value that is only a region under a "
        "key naming one (`AWS_REGION`, `region` in a function's environment) becomes the provider's "
        "region. Inside a JSON document, under a trust policy's principal, and for ARNs that name "
        "something the user must supply (an ACM certificate), it is reported with what to use.",
        why="A program with `123456789012` (an example account) or another account's id fails to deploy or "
        "grants nothing; a hard-coded region breaks the first deployment to any other region, and the "
        "dataset's stacks are deployed to the region the pipeline chooses.",
        before='new aws.cloudwatch.LogSubscriptionFilter("f", { ..., destinationArn: '
        '"arn:aws:lambda:us-east-1:123456789012:function:ship" });',
        after="const currentRegion = aws.getRegionOutput();\nconst callerIdentity = aws.getCallerIdentityOutput();\n"
        'new aws.cloudwatch.LogSubscriptionFilter("f", { ..., destinationArn: '
        "pulumi.interpolate`arn:aws:lambda:${currentRegion.region}:${callerIdentity.accountId}:function:ship` });",
        fix_safety="Unsafe: it assumes the ARN means this stack's own account and region, which is what a "
        "program that names its own resources intends; an ARN in another account or region must "
        "come from configuration instead (suppress the finding there).",
        references=(
            "https://www.pulumi.com/registry/packages/aws/api-docs/getcalleridentity/",
            "https://www.pulumi.com/registry/packages/aws/api-docs/getregion/",
            "Checkov CKV_AWS_... / cfn-lint W3037 (use AWS::Region, AWS::AccountId pseudo parameters)",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        # A program that builds its own providers chooses its regions (and maybe accounts) with
        # them: the default provider's region is not what its resources mean (a secondary region's
        # bucket, a peering's peerRegion), so regions there are reported, never rewritten.
        # The strings _string can act on, asked for by what they hold (an ARN starts with "arn:", a
        # region ends in "-" and digits): a resource whose arguments hold none is not walked.
        starts = [s.start for s in program.strings_with(*_NEEDLES) if _fixable(s.value)]
        if not starts:
            return  # (most programs: no resource's arguments need reading)
        regions_chosen = any(r.cls == "Provider" for r in program.resources)
        for res in program.resources:
            if res.cls == "Provider" or res.args is None:
                continue
            i = bisect_left(starts, res.args.start)
            if i == len(starts) or starts[i] >= res.args.end:
                continue
            own_provider: bool | None = None  # asked at the first string that may be a region or an ARN
            for node in walk(res.args):
                # What _string looks for, asked first (most strings are neither): an ARN starts
                # with "arn:", a region holds a "-".
                if isinstance(node, Str) and (node.value.startswith("arn:") or "-" in node.value):
                    if own_provider is None:
                        own_provider = self._own_provider(program, res)
                    yield from self._string(program, res, node, regions_chosen or own_provider, own_provider)

    @staticmethod
    def _own_provider(program: Program, res: Resource) -> bool:
        """The resource may use a provider other than the default: it names one, or its options come
        from somewhere the model cannot read."""
        if res.opts is None:
            return False
        opts = program.options_of(res)
        return opts is None or opts.get("provider") is not None or opts.get("providers") is not None

    def _string(
        self, program: Program, res: Resource, node: Str, keep_region: bool = False, keep_account: bool = False
    ) -> Iterator[Finding]:
        kit = program.edits
        parts = arn_parts(node.value)
        if parts is None and not is_region(node.value):
            return
        if parts is not None:
            region, account = parts[3], parts[4]
            fix_region, fix_account = is_region(region), is_account(account)
            if not (fix_region or fix_account):
                return
        keys, in_call = self._context(program, res, node)
        other_region = keep_region or any("region" in k and w in k for k in keys for w in _OTHER_REGION)
        if parts is not None:
            what = " and ".join(
                w for w, on in (("region " + region, fix_region), ("account " + account, fix_account)) if on
            )
            chosen = (fix_region and other_region) or (fix_account and keep_account)
            if in_call or keys & _PRINCIPALS or parts[2] == "acm" or chosen:
                reason = (
                    "it names something you must supply (put its ARN in configuration)"
                    if parts[2] == "acm"
                    else "another account may be meant: read it from configuration"
                    if keys & _PRINCIPALS
                    else "the program picks regions and accounts with its own providers: read it from the "
                    "resource's provider or configuration"
                    if chosen
                    else f"use {kit.render(AwsCall(REGION_FN), '')}.region / "
                    f"{kit.render(AwsCall(ACCOUNT_FN), '')}.accountId"
                )
                yield self.finding(f"ARN with a hard-coded {what}: {reason}", node, resource=res)
                return
            refs = self._refs(program, fix_region, fix_account)
            if refs is None:
                yield self.finding(f"ARN with a hard-coded {what}: {_NO_AWS}", node, resource=res)
                return
            region_ref, account_ref, declare = refs
            value = Interpolate(
                _joined(
                    (
                        ":".join(parts[:3]) + ":",
                        Ref(region_ref) if fix_region else region,
                        ":",
                        Ref(account_ref) if fix_account else account,
                        ":" + parts[5],
                    )
                )
            )
            edits = kit.ensure_pulumi_import() + declare + [kit.replace(node, value)]
            yield self.finding(
                f"ARN with a hard-coded {what}: read it from the provider",
                node,
                "Build the ARN from the provider's region and account",
                kit.merged(edits),
                resource=res,
            )
            return
        if is_region(node.value) and any("region" in k for k in keys) and not self._own_region_arg(res, node):
            if other_region:
                yield self.finding(
                    f"hard-coded region {node.value}: another region than the stack's may be meant "
                    "(the program chooses regions with its providers, or the key names another region); "
                    "read it from that provider or configuration",
                    node,
                    resource=res,
                )
                return
            if in_call:
                yield self.finding(
                    f"hard-coded region {node.value}: use the provider's ({kit.render(AwsCall(REGION_FN), '')}.region)",
                    node,
                    resource=res,
                )
                return
            refs = self._refs(program, True, False)
            if refs is None:
                yield self.finding(f"hard-coded region {node.value}: {_NO_AWS}", node, resource=res)
                return
            region_ref, _, declare = refs
            yield self.finding(
                f"hard-coded region {node.value}: read it from the provider",
                node,
                "Use the provider's region",
                kit.merged(declare + [kit.replace(node, Ref(region_ref))]),
                resource=res,
            )

    @staticmethod
    def _own_region_arg(res: Resource, node: Node) -> bool:
        """The resource's own `region` argument (provider v7 lets a resource choose its region)."""
        p = res.args.get("region") if res.args is not None else None
        return p is not None and p.value is node

    @staticmethod
    def _context(program: Program, res: Resource, node: Node) -> tuple[set[str], bool]:
        """The keys above `node` (lower-cased) inside the resource's arguments, and whether a call
        (a JSON document, a function) stands between them and the resource."""
        keys: set[str] = set()
        in_call = False
        child: Node = node
        cur = program.parent(node)
        while cur is not None and cur.start >= res.start and not (cur.start == res.start and cur.end == res.end):
            if isinstance(cur, Obj):
                for p in cur.props:
                    if p.value is not None and p.value.start == child.start and p.value.end == child.end:
                        keys.add(p.raw_key.lower())
            elif isinstance(cur, (Call, Template)):
                in_call = True
            child, cur = cur, program.parent(cur)
        for p in res.args.props if res.args is not None else []:  # the argument it sits in
            if p.value is not None and p.value.start <= node.start and node.end <= p.value.end:
                keys.add(p.raw_key.lower())
        return keys, in_call

    @staticmethod
    def _refs(program: Program, region: bool, account: bool) -> tuple[str, str, list] | None:
        """Names for the provider's region and caller identity: an existing top-level const bound to
        the call, else one declared after the imports (with the package imported as `aws` when the
        program imports only its modules). None when that import cannot be added."""
        kit = program.edits
        found: dict[str, str] = {}
        for name, values in program.bindings.items():
            if len(values) == 1 and isinstance(values[0], Call) and not program.functions_enclosing(values[0].start):
                fn = program.aws_function(values[0])
                if fn in (REGION_FN, ACCOUNT_FN):
                    found.setdefault(fn, name)
        lines = []
        declared = []
        names = {}
        for fn, want, default in ((REGION_FN, region, "currentRegion"), (ACCOUNT_FN, account, "callerIdentity")):
            names[fn] = found.get(fn) or kit.local_name(default)
            if want and fn not in found:
                lines.append(kit.declaration(names[fn], AwsCall(fn), ""))
                declared.append(names[fn])
        declare: list = []
        if lines:
            aws_import = kit.ensure_aws_import()
            if aws_import is None:
                return None
            declare += aws_import
            edit = kit.declare_at_top(kit.nl.join(lines), declares=declared)
            if edit is not None:
                declare.append(edit)
        region_ref = f"{names[REGION_FN]}.region"
        account_ref = f"{names[ACCOUNT_FN]}.{kit.member_name('accountId')}"
        return region_ref, account_ref, declare
