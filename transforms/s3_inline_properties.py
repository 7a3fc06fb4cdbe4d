"""IAC102 — inline S3 bucket settings that @pulumi/aws v7 deprecates, moved to their own resources."""

from __future__ import annotations

from iacfix.edits import Copy, Ref, Schema
from iacfix.fix import Applicability
from iacfix.model import Arr, Bool, Obj
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal, string

from ._s3common import (
    BUCKETS,
    bucket_ref,
    companion_opts,
    derived_name,
    sibling_type,
    uses_of_member,
)


class Unmappable(Exception):
    """A setting whose inline form has no exact separate-resource twin here: left inline."""


# Inline property -> (resource class, name suffix). Order is the order new resources are written.
TARGETS = {
    "versioning": ("BucketVersioning", "versioning"),
    "serverSideEncryptionConfiguration": ("BucketServerSideEncryptionConfiguration", "encryption"),
    "lifecycleRules": ("BucketLifecycleConfiguration", "lifecycle"),
    "website": ("BucketWebsiteConfiguration", "website"),
    "logging": ("BucketLogging", "logging"),
    "corsRules": ("BucketCorsConfiguration", "cors"),
    "acl": ("BucketAcl", "acl"),
    "policy": ("BucketPolicy", "policy"),
    "objectLockConfiguration": ("BucketObjectLockConfiguration", "object-lock"),
    "replicationConfiguration": ("BucketReplicationConfig", "replication"),
    "grants": ("BucketAcl", "acl"),
}


@register
class S3InlineProperties(Transform):
    id = "IAC102"
    slug = "s3-inline-properties"
    tokens = ("Bucket",)  # Bucket / BucketV2
    title = "Deprecated inline S3 bucket settings"
    severity = "medium"
    applicability = Applicability.UNSAFE
    doc = RuleDoc(
        what="Moves the inline settings of an `aws.s3.Bucket` (or the deprecated `aws.s3.BucketV2`) that "
        "@pulumi/aws v7 deprecates into the separate resources that replace them, declared right "
        "after the bucket and named after it: `versioning` -> `aws.s3.BucketVersioning`, "
        "`serverSideEncryptionConfiguration` -> `aws.s3.BucketServerSideEncryptionConfiguration`, "
        "`lifecycleRules` -> `aws.s3.BucketLifecycleConfiguration`, `website` -> "
        "`aws.s3.BucketWebsiteConfiguration`, `logging` -> `aws.s3.BucketLogging`, `corsRules` -> "
        "`aws.s3.BucketCorsConfiguration`, `policy` -> `aws.s3.BucketPolicy`, "
        "`objectLockConfiguration` -> `objectLockEnabled` + `aws.s3.BucketObjectLockConfiguration`; "
        '`acl: "private"` (the default) is dropped. The shapes are translated field by field '
        '(`enabled: true` -> `status: "Enabled"`, `rule` -> `rules: [...]`, lifecycle `prefix`/`tags` '
        "-> `filter`, `noncurrentVersionExpiration.days` -> `noncurrentDays`...); each new resource "
        "gets `bucket: <bucket>.id` and the bucket's `parent`/`provider`. References to "
        "`<bucket>.websiteEndpoint`/`websiteDomain` are pointed at the website configuration.",
        why="The inline forms are deprecated in @pulumi/aws v7 and will be removed; each one warns on "
        "every `pulumi preview`. Inline settings and the separate resources also fight each other "
        "when both are present (perpetual diffs), and the separate resources are what the AWS "
        "provider documents and tests.",
        before='const logs = new aws.s3.Bucket("logs", {\n    versioning: { enabled: true },\n});',
        after='const logs = new aws.s3.Bucket("logs", {\n'
        "});\n\n"
        'new aws.s3.BucketVersioning("logs-versioning", {\n'
        "    bucket: logs.id,\n"
        "    versioningConfiguration: {\n"
        '        status: "Enabled",\n'
        "    },\n"
        "});",
        fix_safety="Unsafe: Pulumi creates new resources for settings the bucket held itself; on an existing "
        "stack the first `pulumi up` after the change writes the same configuration again through "
        "the new resources (no data is touched, the bucket is not replaced). `versioning: { enabled: "
        'false }` becomes status "Suspended". Only settings with an exact translation move: a value '
        "that is not a literal object here, a non-private canned `acl`, `grants`, "
        "`replicationConfiguration`, lifecycle rules with a `date` that is not a full timestamp, and "
        "buckets not bound to a variable (or with arguments from elsewhere) are reported and left "
        "inline.",
        references=(
            "https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucket/",
            "https://www.pulumi.com/registry/packages/aws/how-to-guides/7-0-migration/",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lifecycle-mgmt.html",
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html",
        ),
    )

    def check(self, program, ctx):
        for res in program.resources_of(*BUCKETS):
            args = res.args
            if args is None:
                continue
            present = [(k, args.get(k)) for k in TARGETS if args.get(k) is not None]
            if not present:
                continue
            ref = bucket_ref(res)
            problem = None
            if ref is None:
                problem = "the bucket is not bound to a variable the new resources could refer to"
            elif not res.args_inline:
                problem = "the bucket's arguments are defined elsewhere (shared object)"
            if problem is not None:
                keys = ", ".join(k for k, _ in present)
                yield self.finding(
                    f"deprecated inline S3 bucket settings ({keys}); not moved: {problem}",
                    res.name or (res.start, res.end),
                    resource=res,
                )
                continue
            yield from self._split(program, res, args, present, ref)

    # ------------------------------------------------------------------------------------------
    def _split(self, program, res, args, present, ref):
        kit = program.edits
        conv = _Converter(program)
        statements: list[str] = []
        edits: list = []
        removed: list = []
        moved: list[str] = []
        opts = companion_opts(program, res)
        keys = {k for k, _ in present}
        for key, prop in present:
            try:
                if key in ("replicationConfiguration", "grants"):
                    raise Unmappable("its translation needs review (IAM role, versioning order, ACL grants)")
                if key == "versioning" and "replicationConfiguration" in keys:
                    # S3 refuses replication on an unversioned bucket, and the two resources would
                    # race: versioning stays inline with the replication it enables.
                    raise Unmappable("the bucket keeps its inline replicationConfiguration, which needs it")
                if key == "acl":
                    if string(prop.value) != "private":
                        raise Unmappable(
                            "a non-private canned ACL also needs aws.s3.BucketOwnershipControls "
                            "(ACLs are disabled on new buckets)"
                        )
                    removed.append(prop)
                    moved.append(key)
                    continue
                cls, suffix = TARGETS[key]
                body = getattr(conv, "conv_" + key)(prop.value)
                extra_bucket_prop = None
                if key == "objectLockConfiguration":
                    body, extra_bucket_prop = body
                type_expr = sibling_type(program, res, cls)
                name = derived_name(res, "-" + suffix)
                if type_expr is None or name is None:
                    raise Unmappable("cannot spell the new resource's type or name here")
                var = None
                if key == "website":
                    var, ref_edits = self._website_refs(program, res)
                    edits += ref_edits
                new_args = Schema({"bucket": ref, **body})
                statements.append(kit.resource_statement(type_expr, name, new_args, opts, var=var))
                if extra_bucket_prop is not None and not args.has("objectLockEnabled"):
                    edits += kit.replace_prop(prop, [extra_bucket_prop])
                else:
                    removed.append(prop)
                moved.append(key)
            except Unmappable as why:
                yield self.finding(
                    f"deprecated inline S3 bucket setting `{key}` left in place: {why}",
                    prop.value or res.name,
                    resource=res,
                )
        if not moved:
            return
        edits += kit.remove_props(removed, collapse=True)
        if statements:
            declared = [TARGETS[k][0] for k in moved if k in TARGETS]  # the classes, for the applier's order
            edits.append(kit.insert_after_statement(res, "\n\n".join(statements), keep_apart=True, declares=declared))
        yield self.finding(
            f"deprecated inline S3 bucket settings ({', '.join(moved)}): use the separate aws.s3 resources",
            res.name or (res.start, res.end),
            f"Move {', '.join(moved)} to their own resources",
            edits,
            resource=res,
        )

    def _website_refs(self, program, res):
        """Point `<bucket>.websiteEndpoint`/`websiteDomain` at the website configuration."""
        var = res.var
        uses = [m for a in ("websiteEndpoint", "websiteDomain") for m in uses_of_member(program, var, a)] if var else []
        if not uses:
            return None, []
        if "." in var:
            raise Unmappable(f"{var}.websiteEndpoint is used; bind the website configuration by hand")
        kit = program.edits
        base = kit.local_name(var + "Website")
        new_var, n = base, 2
        while new_var in program.bindings or program.references(new_var):
            new_var = f"{base}{n}"
            n += 1
        return new_var, [kit.replace(m, Ref(f"{new_var}.{m.prop}")) for m in uses]


class _Converter:
    """Inline shapes -> separate-resource shapes, value by value (values copied as written)."""

    def __init__(self, program):
        self.program = program

    # -- building blocks ---------------------------------------------------------------------
    def obj(self, node, what: str, allowed=None) -> Obj:
        """The object written here, holding only the `allowed` fields when they are given."""
        target = self.program.resolve(node)
        if not isinstance(target, Obj) or target.spreads:
            raise Unmappable(f"{what} is not an object written here")
        if allowed is not None:
            self.only(target, allowed, what)
        return target

    def arr(self, node, what: str) -> list[Obj]:
        target = self.program.resolve(node)
        if not isinstance(target, Arr):
            raise Unmappable(f"{what} is not a list written here")
        return [self.obj(i, what + " item") for i in target.items]

    def only(self, obj: Obj, allowed, what: str) -> None:
        extra = [p.raw_key for p in obj.props if p.key not in allowed]
        if extra:
            raise Unmappable(f"{what} has fields without an exact translation here: {', '.join(extra)}")

    def val(self, node) -> Copy:
        """A value copied as written (re-indented where it lands)."""
        return Copy(node)

    def copy(self, obj: Obj, rename: dict | None = None) -> Schema:
        rename = rename or {}
        return Schema({rename.get(p.key, p.key): self.val(p.value) for p in obj.props})

    def flag(self, node, yes: str, no: str, what: str) -> str:
        lit = literal(node, fallbacks=False)
        if lit is None or not isinstance(lit.value, bool):
            raise Unmappable(f"{what} is not a literal true/false")
        return yes if lit.value else no

    # -- one per inline property -------------------------------------------------------------
    def conv_versioning(self, node):
        v = self.obj(node, "versioning", {"enabled", "mfaDelete"})
        if v.get("enabled") is None:
            raise Unmappable("versioning without `enabled`")
        cfg = Schema({"status": self.flag(v.value("enabled"), "Enabled", "Suspended", "versioning.enabled")})
        if v.get("mfaDelete") is not None:
            cfg["mfaDelete"] = self.flag(v.value("mfaDelete"), "Enabled", "Disabled", "versioning.mfaDelete")
        return {"versioningConfiguration": cfg}

    def conv_serverSideEncryptionConfiguration(self, node):
        sse = self.obj(node, "serverSideEncryptionConfiguration", {"rule"})
        if sse.get("rule") is None:
            raise Unmappable("serverSideEncryptionConfiguration without `rule`")
        allowed = {"applyServerSideEncryptionByDefault", "bucketKeyEnabled", "blockedEncryptionTypes"}
        rule = self.obj(sse.value("rule"), "serverSideEncryptionConfiguration.rule", allowed)
        out = Schema()
        for p in rule.props:
            if p.key == "applyServerSideEncryptionByDefault":
                d = self.obj(p.value, "applyServerSideEncryptionByDefault", {"sseAlgorithm", "kmsMasterKeyId"})
                out[p.key] = self.copy(d)
            else:
                out[p.key] = self.val(p.value)
        return {"rules": [out]}

    _LC_RULE = {
        "id",
        "enabled",
        "prefix",
        "tags",
        "expiration",
        "transitions",
        "noncurrentVersionExpiration",
        "noncurrentVersionTransitions",
        "abortIncompleteMultipartUploadDays",
    }

    def conv_lifecycleRules(self, node):
        rules = []
        for i, r in enumerate(self.arr(node, "lifecycleRules")):
            self.only(r, self._LC_RULE, "lifecycle rule")
            if r.get("enabled") is None:
                raise Unmappable("lifecycle rule without `enabled`")
            out = Schema()
            out["id"] = self.val(r.value("id")) if r.get("id") is not None else f"rule-{i + 1}"
            out["status"] = self.flag(r.value("enabled"), "Enabled", "Disabled", "lifecycle rule enabled")
            out["filter"] = self._lc_filter(r)
            if r.get("abortIncompleteMultipartUploadDays") is not None:
                out["abortIncompleteMultipartUpload"] = Schema(
                    {"daysAfterInitiation": self.val(r.value("abortIncompleteMultipartUploadDays"))}
                )
            if r.get("expiration") is not None:
                e = self.obj(
                    r.value("expiration"), "lifecycle expiration", {"days", "date", "expiredObjectDeleteMarker"}
                )
                self._check_date(e)
                out["expiration"] = self.copy(e)
            if r.get("transitions") is not None:
                ts = []
                for t in self.arr(r.value("transitions"), "lifecycle transitions"):
                    self.only(t, {"days", "date", "storageClass"}, "lifecycle transition")
                    self._check_date(t)
                    ts.append(self.copy(t))
                out["transitions"] = ts
            if r.get("noncurrentVersionExpiration") is not None:
                e = self.obj(r.value("noncurrentVersionExpiration"), "noncurrentVersionExpiration", {"days"})
                if e.get("days") is None:
                    raise Unmappable("noncurrentVersionExpiration without `days`")
                out["noncurrentVersionExpiration"] = self.copy(e, {"days": "noncurrentDays"})
            if r.get("noncurrentVersionTransitions") is not None:
                ts = []
                for t in self.arr(r.value("noncurrentVersionTransitions"), "noncurrentVersionTransitions"):
                    self.only(t, {"days", "storageClass"}, "noncurrent version transition")
                    if t.get("days") is None:
                        raise Unmappable("noncurrent version transition without `days`")
                    ts.append(self.copy(t, {"days": "noncurrentDays"}))
                out["noncurrentVersionTransitions"] = ts
            rules.append(out)
        return {"rules": rules}

    def _check_date(self, obj: Obj):
        if obj.get("date") is not None and "T" not in (string(obj.value("date")) or ""):
            raise Unmappable("a lifecycle `date` must become an RFC 3339 timestamp (`2030-01-01T00:00:00Z`)")

    def _lc_filter(self, r: Obj) -> Schema:
        prefix = r.get("prefix")
        tags = r.get("tags")
        if tags is None:
            return Schema({"prefix": self.val(prefix.value)}) if prefix is not None else Schema()
        t = self.obj(tags.value, "lifecycle rule tags")
        if prefix is None and len(t.props) == 1:
            p = t.props[0]
            return Schema({"tag": Schema({"key": p.raw_key, "value": self.val(p.value)})})
        inner = Schema()
        if prefix is not None:
            inner["prefix"] = self.val(prefix.value)
        inner["tags"] = self.val(tags.value)
        return Schema({"and": inner})

    def conv_website(self, node):
        w = self.obj(node, "website", {"indexDocument", "errorDocument", "redirectAllRequestsTo", "routingRules"})
        out: dict[str, Schema | Copy] = {}
        if w.get("indexDocument") is not None:
            out["indexDocument"] = Schema({"suffix": self.val(w.value("indexDocument"))})
        if w.get("errorDocument") is not None:
            out["errorDocument"] = Schema({"key": self.val(w.value("errorDocument"))})
        if w.get("redirectAllRequestsTo") is not None:
            lit = literal(w.value("redirectAllRequestsTo"), fallbacks=False)
            if lit is None or not isinstance(lit.value, str):
                raise Unmappable("website.redirectAllRequestsTo is not a literal string")
            proto, sep, host = lit.value.partition("://")
            out["redirectAllRequestsTo"] = Schema({"hostName": host, "protocol": proto} if sep else {"hostName": proto})
        if w.get("routingRules") is not None:
            out["routingRuleDetails"] = self.val(w.value("routingRules"))
        return out

    def conv_logging(self, node):
        lg = self.obj(node, "logging", {"targetBucket", "targetPrefix"})
        if lg.get("targetBucket") is None:
            raise Unmappable("logging without `targetBucket`")
        out: dict[str, Copy | str] = {"targetBucket": self.val(lg.value("targetBucket"))}
        # targetPrefix is required by BucketLogging; "" is what the inline form sends when absent.
        out["targetPrefix"] = self.val(lg.value("targetPrefix")) if lg.get("targetPrefix") is not None else ""
        return out

    def conv_corsRules(self, node):
        rules = []
        for r in self.arr(node, "corsRules"):
            self.only(
                r, {"allowedHeaders", "allowedMethods", "allowedOrigins", "exposeHeaders", "maxAgeSeconds"}, "CORS rule"
            )
            rules.append(self.copy(r))
        return {"corsRules": rules}

    def conv_policy(self, node):
        if isinstance(self.program.resolve(node), Bool):
            raise Unmappable("policy is not a policy document")
        return {"policy": self.val(node)}

    def conv_objectLockConfiguration(self, node):
        ol = self.obj(node, "objectLockConfiguration", {"objectLockEnabled", "rule"})
        if ol.get("objectLockEnabled") is not None and string(ol.value("objectLockEnabled")) != "Enabled":
            raise Unmappable('objectLockEnabled is not the literal "Enabled"')
        if ol.get("rule") is None:
            raise Unmappable("without a `rule` only `objectLockEnabled: true` on the bucket is needed; set it by hand")
        rule = self.obj(ol.value("rule"), "objectLockConfiguration.rule", {"defaultRetention"})
        dr = self.obj(rule.value("defaultRetention"), "defaultRetention", {"mode", "days", "years"})
        body = {"rule": Schema({"defaultRetention": self.copy(dr)})}
        return body, ("objectLockEnabled", True)
