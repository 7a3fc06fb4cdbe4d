"""Helpers shared by the transforms that declare a companion resource next to an S3 bucket
(IAC102 s3-inline-properties, IAC105 s3-public-access-block): how to name it, parent it and
point it at the bucket, in the program's own spelling (asked of the model, never read from text)."""

from __future__ import annotations

from iacfix.edits import Concat, Copy, Opts, Ref
from iacfix.model import Call, Member, Obj, Program, Resource, camel

BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "s3.Bucket", "s3.BucketV2")


def sibling_type(program: Program, res: Resource, cls: str) -> str | None:
    """How to write `aws.s3.<cls>` in this program: the bucket's own prefix (`aws.s3`, `s3`),
    else a namespace import of @pulumi/aws; None when neither is available."""
    if res.type_prefix:
        return f"{res.type_prefix}.{cls}"
    alias = next((a for a in sorted(program.aws_aliases) if a), None)
    return f"{alias}.s3.{cls}" if alias else None


def bucket_ref(res: Resource) -> Ref | None:
    """The bucket's id (`bucket.id`, `this.bucket.id`: `self.bucket.id` in Python); None when
    the bucket is not bound to a variable new code right after its statement can name (a class
    field initializer has no statement position after it)."""
    if not res.var or res.bound_by == "field":
        return None
    return Ref(f"{res.var}.id")


def derived_name(res: Resource, suffix: str) -> Concat | None:
    """The bucket's logical name with `suffix` appended, in the same form (a string, a template
    literal / f-string, or an expression turned into one). None when there is no name."""
    if res.name is None:
        return None
    return Concat((Copy(res.name), suffix))


def companion_opts(program: Program, res: Resource) -> object | None:
    """Resource options for a companion resource: the bucket's parent and provider only
    (dependsOn, protect, ignoreChanges... belong to the bucket). None when it has neither."""
    opts = res.opts
    if opts is None:
        return None
    target = program.resolve(opts)
    if isinstance(target, Obj) and not target.opaque:
        picked = {
            k: Copy(p.value) for k in ("parent", "provider") if (p := target.get(k)) is not None and p.value is not None
        }
        return Opts(picked) if picked else None
    if isinstance(target, Call) and program.pulumi_helper(target) in ("ResourceOptions", "CustomResourceOptions"):
        picked = {camel(k): Copy(v) for k, v in target.kwargs.items() if camel(k) in ("parent", "provider")}
        if picked:
            return Opts(picked)
        return None if target.kwargs or not target.args else Copy(opts)
    return Copy(opts)  # options from elsewhere: keep the bucket's


def uses_of_member(program: Program, var: str, attr: str) -> list[Member]:
    """Uses of `var.attr` (`site.websiteEndpoint`; Python `site.website_endpoint`), attr camelCase."""
    out = []
    for use in program.uses(var):
        parent = program.parent(use)
        if (
            isinstance(parent, Member)
            and parent.obj is not None
            and parent.obj.start == use.start
            and camel(parent.prop) == attr
        ):
            out.append(parent)
    return out
