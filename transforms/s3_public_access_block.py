"""IAC105 — S3 buckets without a public access block."""

from __future__ import annotations

from iacfix.edits import Schema
from iacfix.fix import Applicability
from iacfix.model import Arr, Bool, Node, Obj, Str, var_of, walk
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal, value_at

from ._s3common import (
    BUCKETS,
    bucket_ref,
    companion_opts,
    derived_name,
    sibling_type,
)

PABS = ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "s3.BucketPublicAccessBlock")
WEBSITES = (
    "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
    "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
    "s3.BucketWebsiteConfiguration",
    "s3.BucketWebsiteConfigurationV2",
)
POLICIES = ("aws:s3/bucketPolicy:BucketPolicy", "s3.BucketPolicy")
PUBLIC_ACLS = {"public-read", "public-read-write"}
_ALL_USERS = "acs.amazonaws.com/groups/global/AllUsers"
_SETTINGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


@register
class S3PublicAccessBlock(Transform):
    id = "IAC105"
    slug = "s3-public-access-block"
    tokens = ("Bucket",)  # findings are on buckets
    title = "S3 bucket without a public access block"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Declares an `aws.s3.BucketPublicAccessBlock` with all four settings on (`blockPublicAcls`, "
        "`blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets`) right after every "
        "`aws.s3.Bucket` that has none (matched by `bucket: <bucket>.id` or `.bucket`), named "
        "`<bucket name>-public-access-block` and parented like the bucket, in components too "
        "(`this.bucket` / `self.bucket`). A `publicAccessBlock` argument the model put on the bucket, "
        "or the four flags written on the bucket itself (no such arguments exist), are removed in the "
        "same fix. Buckets that are public on purpose are left alone: website hosting (inline `website` "
        "or a BucketWebsiteConfiguration), a public-read ACL on the bucket or its objects, `AllUsers` "
        'grants, a bucket policy granting `Principal: "*"` without a `Condition`, or a '
        "`publicAccessBlock` (or a flag on the bucket) turning a setting off.",
        why="A public access block is the guard rail that keeps a later ACL or policy mistake from "
        "publishing the bucket; S3 data leaks nearly always come from buckets without one.",
        before='const data = new aws.s3.Bucket("data", {});',
        after='const data = new aws.s3.Bucket("data", {});\n\n'
        'new aws.s3.BucketPublicAccessBlock("data-public-access-block", {\n'
        "    bucket: data.id,\n"
        "    blockPublicAcls: true,\n"
        "    blockPublicPolicy: true,\n"
        "    ignorePublicAcls: true,\n"
        "    restrictPublicBuckets: true,\n"
        "});",
        fix_safety="Safe for the buckets it touches: nothing in the program makes them public, and new buckets "
        "already get this block from AWS by default (since April 2023), so the program now says what "
        "the account does. A bucket that is reached publicly by means this program does not show "
        "(an ACL set by another stack) would be closed. Buckets not bound to a variable, and "
        "programs with a public access block whose bucket cannot be told, are reported or skipped.",
        references=(
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
            "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html",
            "Checkov CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56 (S3 public access block settings)",
            "Checkov CKV2_AWS_6 (S3 bucket has a public access block)",
        ),
    )

    def check(self, program, ctx):
        buckets = program.resources_of(*BUCKETS)
        if not buckets:
            return
        by_var = {b.var for b in buckets if b.var}
        blocked: set[str] = set()
        for pab in program.resources_of(*PABS):
            target = _target(pab)
            if target is None or target not in by_var:
                return  # a public access block for a bucket we cannot tell: do not risk a duplicate
            blocked.add(target)
        # Who names each bucket in `bucket:` (policies, ACLs, website configurations), found once:
        # asking every resource again for every bucket made large programs quadratic.
        companions: dict[str, list] = {}
        for other in program.resources:
            target = _target(other)
            if target is not None:
                companions.setdefault(target, []).append(other)
        for res in buckets:
            if res.var and res.var in blocked:
                continue
            if self._public(program, res, companions.get(res.var or "", [])):
                continue
            ref = bucket_ref(res)
            type_expr = sibling_type(program, res, "BucketPublicAccessBlock")
            name = derived_name(res, "-public-access-block")
            where = res.name or (res.start, res.end)
            if ref is None or type_expr is None or name is None:
                yield self.finding(
                    "S3 bucket without a public access block (not bound to a variable: add one by hand)",
                    where,
                    resource=res,
                )
                continue
            args = Schema({"bucket": ref, **{k: True for k in _SETTINGS}})
            kit = program.edits
            code = kit.resource_statement(type_expr, name, args, companion_opts(program, res))
            edits = [kit.insert_after_statement(res, code, keep_apart=True, declares=[type_expr])]  # blank lines around
            # Not arguments of s3.Bucket (a CloudFormation shape, or the block's own flags): the new
            # resource says them. IAC205 moves them too when IAC105 does not run; here they go with it.
            invalid = [
                p
                for k in ("publicAccessBlock", *_SETTINGS)
                if res.args is not None and (p := res.args.get(k)) is not None
            ]
            edits += kit.remove_props(invalid)
            yield self.finding(
                "S3 bucket without a public access block", where, "Add a BucketPublicAccessBlock", edits, resource=res
            )

    # ------------------------------------------------------------------------------------------
    def _public(self, program, res, companions: list) -> bool:
        args = res.args
        if args is None:
            return res.args_node is not None  # arguments from elsewhere: cannot tell
        if args.opaque or args.find("website") is not None:
            return True
        if _public_acl(args) or _grants_everyone(args.value("grants")):
            return True
        pol = args.find("policy")
        if pol is not None and _public_policy(program, pol.value):
            return True
        pab = args.find("publicAccessBlock")
        if pab is not None and _turns_off(program.resolve(pab.value)):
            return True  # the model meant (some of) it public: not ours to close
        if _any_off(p for k in _SETTINGS if (p := args.get(k)) is not None):
            return True
        if not res.var:
            return False
        for other in companions:
            if other is res:
                continue
            oargs = other.args
            if other.is_a(*WEBSITES):
                return True
            if oargs is None:
                continue
            if _public_acl(oargs) or _grants_everyone(oargs.value("accessControlPolicy")):
                return True
            if other.is_a(*POLICIES):
                opol = oargs.find("policy")
                if opol is None or _public_policy(program, opol.value):
                    return True
        return False


def _target(res) -> str | None:
    """The bucket variable a companion resource names in `bucket:` (as `Resource.var` spells it)."""
    return var_of(value_at(res.args, "bucket"), ("id", "bucket"))


def _public_acl(args: Obj) -> bool:
    acl = args.find("acl")
    if acl is None:
        return False
    lit = literal(acl.value, fallbacks=False)
    return lit is None or lit.value in PUBLIC_ACLS


def _grants_everyone(node: Node | None) -> bool:
    return any(isinstance(n, Str) and _ALL_USERS in n.value for n in walk(node))


def _turns_off(node: Node | None) -> bool:
    """A `publicAccessBlock: {...}` with a setting written `false` (or not readable)."""
    return not isinstance(node, Obj) or _any_off(node.props)


def _any_off(props) -> bool:
    """A setting written as anything but a literal `true`."""
    return any(not (isinstance(p.value, Bool) and p.value.value) for p in props)


def _public_policy(program, node: Node | None) -> bool:
    """A policy granting everyone (`Principal: "*"`, `{"AWS": "*"}`) without a Condition; True when
    the document cannot be read here (built elsewhere)."""
    target = program.resolve(node)
    if target is None:
        return True
    statements = [
        n
        for n in walk(target)
        if isinstance(n, Obj)
        and any(p.key.lower() in ("principal", "principals", "statement", "statements") for p in n.props)
    ]
    if not statements and not isinstance(target, Obj):
        return True
    for st in statements:
        keys = {p.key.lower(): p for p in st.props}
        if "condition" in keys or "conditions" in keys:
            continue
        principal = keys.get("principal")
        if principal is not None and _everyone(program.resolve(principal.value)):
            return True
    return False


def _everyone(node: Node | None) -> bool:
    if isinstance(node, Str):
        return node.value == "*"
    if isinstance(node, Obj):
        return any(p.key.lower() == "aws" and p.value is not None and _everyone(p.value.resolved()) for p in node.props)
    if isinstance(node, Arr):
        return any(_everyone(i) for i in node.items)
    return False
