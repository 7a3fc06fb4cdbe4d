"""IAC105 — S3 buckets without a public access block."""

from __future__ import annotations

import re

from iacfix.edits import Raw, Schema
from iacfix.fix import Applicability
from iacfix.model import Member, Obj
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal

from ._s3common import BUCKETS, insert_after_bucket, bucket_ref, companion_opts, derived_name, sibling_type

PABS = ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "s3.BucketPublicAccessBlock")
WEBSITES = ("aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
            "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2",
            "s3.BucketWebsiteConfiguration", "s3.BucketWebsiteConfigurationV2")
POLICIES = ("aws:s3/bucketPolicy:BucketPolicy", "s3.BucketPolicy")
PUBLIC_ACLS = {"public-read", "public-read-write"}
# `Principal: "*"` / `"Principal": {"AWS": "*"}` (TS, JSON, Python dict spellings).
_STAR_PRINCIPAL = re.compile(r"""["']?Principal["']?\s*[:=]\s*(?:\{\s*["']?AWS["']?\s*[:=]\s*(?:\[\s*)?)?["']\*["']""")
_ALL_USERS = "acs.amazonaws.com/groups/global/AllUsers"


@register
class S3PublicAccessBlock(Transform):
    id = "IAC105"
    slug = "s3-public-access-block"
    title = "S3 bucket without a public access block"
    severity = "high"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Declares an `aws.s3.BucketPublicAccessBlock` with all four settings on (`blockPublicAcls`, "
             "`blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets`) right after every "
             "`aws.s3.Bucket` that has none (matched by `bucket: <bucket>.id` or `.bucket`), named "
             "`<bucket name>-public-access-block` and parented like the bucket. Buckets that are public on "
             "purpose are left alone: website hosting (inline `website` or a BucketWebsiteConfiguration), a "
             "public-read ACL on the bucket or its objects, `AllUsers` grants, or a bucket policy granting "
             "`Principal: \"*\"` without a `Condition`.",
        why="A public access block is the guard rail that keeps a later ACL or policy mistake from "
            "publishing the bucket; S3 data leaks nearly always come from buckets without one.",
        before='const data = new aws.s3.Bucket("data", {});',
        after='const data = new aws.s3.Bucket("data", {});\n\n'
              'new aws.s3.BucketPublicAccessBlock("data-public-access-block", {\n'
              '    bucket: data.id,\n'
              '    blockPublicAcls: true,\n'
              '    blockPublicPolicy: true,\n'
              '    ignorePublicAcls: true,\n'
              '    restrictPublicBuckets: true,\n'
              '});',
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
        buckets = [r for r in program.resources_of(*BUCKETS)]
        if not buckets:
            return
        blocked, unknown = self._blocked(program, buckets)
        if unknown:
            return  # a public access block for a bucket we cannot tell: do not risk a duplicate
        for res in buckets:
            if res.var and res.var in blocked:
                continue
            if self._public(program, res):
                continue
            ref = bucket_ref(program, res)
            type_expr = sibling_type(program, res, "BucketPublicAccessBlock")
            name = derived_name(program, res, "-public-access-block")
            if ref is None or type_expr is None or name is None:
                yield self.finding("S3 bucket without a public access block (not bound to a variable: add one by hand)",
                                   res.name or (res.start, res.end), resource=res)
                continue
            args = Schema({"bucket": Raw(ref), "blockPublicAcls": True, "blockPublicPolicy": True,
                           "ignorePublicAcls": True, "restrictPublicBuckets": True})
            code = program.edits.resource_statement(type_expr, name, args, companion_opts(program, res))
            yield self.finding("S3 bucket without a public access block", res.name or (res.start, res.end),
                               "Add a BucketPublicAccessBlock", [insert_after_bucket(program, res, code)],
                               resource=res)

    # ------------------------------------------------------------------------------------------
    @staticmethod
    def _bucket_var(program, node) -> str | None:
        """`bucket.id` / `bucket.bucket` / `self.bucket.id` -> the bucket variable (as res.var spells it)."""
        if not isinstance(node, Member) or node.prop not in ("id", "bucket"):
            return None
        inner = node.obj
        if inner is None:
            return None
        text = re.sub(r"\s+", "", inner.text)
        if text.startswith("self."):
            text = "this." + text[5:]
        return text

    def _targets(self, program, res, buckets_by_var):
        args = res.args
        p = args.find("bucket") if args is not None else None
        if p is None:
            return None
        return self._bucket_var(program, p.value)

    def _blocked(self, program, buckets):
        by_var = {b.var for b in buckets if b.var}
        blocked, unknown = set(), False
        for pab in program.resources_of(*PABS):
            v = self._targets(program, pab, by_var)
            if v in by_var:
                blocked.add(v)
            else:
                unknown = True
        return blocked, unknown

    def _public(self, program, res) -> bool:
        args = res.args
        if args is None:
            return res.args_node is not None  # arguments from elsewhere: cannot tell
        if args.opaque:
            return True
        if args.find("website") is not None:
            return True
        acl = args.find("acl")
        if acl is not None:
            lit = literal(acl.value, fallbacks=False)
            if lit is None or lit.value in PUBLIC_ACLS:
                return True
        grants = args.find("grants")
        if grants is not None and _ALL_USERS in grants.value.text:
            return True
        pol = args.find("policy")
        if pol is not None and self._public_policy(program, pol.value):
            return True
        var = res.var
        if not var:
            return False
        for other in program.resources:
            if other is res or self._targets(program, other, None) != var:
                continue
            oargs = other.args
            if other.token in WEBSITES or f"{other.module}.{other.cls}" in WEBSITES:
                return True
            if oargs is None:
                continue
            oacl = oargs.find("acl")
            if oacl is not None:
                lit = literal(oacl.value, fallbacks=False)
                if lit is None or lit.value in PUBLIC_ACLS:
                    return True
            if other.token in POLICIES or f"{other.module}.{other.cls}" in POLICIES:
                opol = oargs.find("policy")
                if opol is None or self._public_policy(program, opol.value):
                    return True
            acp = oargs.find("accessControlPolicy")
            if acp is not None and _ALL_USERS in acp.value.text:
                return True
        return False

    @staticmethod
    def _public_policy(program, node) -> bool:
        """A policy granting everyone (`Principal: "*"`) without a Condition; True when unknown."""
        target = program.resolve(node)
        if target is None:
            return True
        text = target.text
        # A policy held in a variable we cannot see (document built elsewhere): assume public.
        if not any(w in text for w in ("Principal", "principal", "Statement", "statement")):
            if program.resolve(node) is node and not isinstance(node, Obj):
                return True
        return bool(_STAR_PRINCIPAL.search(text)) and "Condition" not in text and "condition" not in text
