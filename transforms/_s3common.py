"""Helpers shared by the transforms that declare a companion resource next to an S3 bucket
(IAC102 s3-inline-properties, IAC105 s3-public-access-block): how to name it, parent it and
point it at the bucket, in the program's own spelling."""

from __future__ import annotations

import re

from iacfix.edits import Raw, Schema
from iacfix.model import Call, Ident, Member, Obj, Str, Template

BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "s3.Bucket", "s3.BucketV2")
_CALLEE_RE = re.compile(r"^(?:new\s+)?([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*\(")


def sibling_type(program, res, cls: str) -> str | None:
    """How to write `aws.s3.<cls>` in this program: the bucket's own prefix (`aws.s3.`,
    `s3.`), else a namespace import of @pulumi/aws; None when neither is available."""
    m = _CALLEE_RE.match(program.text(res.start, res.end))
    if m:
        dotted = re.sub(r"\s+", "", m.group(1))
        head, _, last = dotted.rpartition(".")
        if head and last == res.cls:
            return f"{head}.{cls}"
    for alias in sorted(program.aws_aliases):
        if alias:
            return f"{alias}.s3.{cls}"
    return None


def bucket_ref(program, res) -> str | None:
    """The expression naming the bucket's id (`bucket.id`, `this.bucket.id`, `self.bucket.id`);
    None when the bucket is not bound to a variable we can refer to right after its statement."""
    var = res.var
    if not var:
        return None
    if var.startswith("this."):
        # `this.x = new ...` inside a constructor/method; a class field initializer has no
        # statement position after it where new code could go.
        head = program.text(res.stmt_start, res.stmt_end).lstrip()
        if not (head.startswith("this.") or head.startswith("self.")):
            return None
        if program.language == "python":
            var = "self." + var[5:]
    return f"{var}.id"


def derived_name(program, res, suffix: str):
    """The bucket's logical name with `-suffix` appended, in the same form (string, template
    literal / f-string, or an expression turned into one). None when there is no name."""
    node = res.name
    if node is None:
        return None
    text = node.text
    if isinstance(node, (Str, Template)) and "\n" not in text and len(text) >= 2 and text[-1] in "\"'`":
        return Raw(text[:-1] + suffix + text[-1])
    if program.language == "python":
        # Before Python 3.12 an f-string cannot reuse its own quote inside `{...}`.
        q = next((c for c in ('"', "'") if c not in text), None)
        if q is None or "\n" in text or "\\" in text:
            return Raw(f'({text}) + "{suffix}"')
        return Raw(f"f{q}{{{text}}}{suffix}{q}")
    return Raw(f"`${{{text}}}{suffix}`")


def companion_opts(program, res):
    """Resource options for a companion resource: the bucket's parent and provider only
    (dependsOn, protect, ignoreChanges... belong to the bucket). None when it has neither."""
    opts = res.opts
    if opts is None:
        return None
    target = program.resolve(opts)
    if isinstance(target, Call) and not isinstance(target, Obj):
        # `pulumi.ResourceOptions(parent=self)` when the front end does not model it as an Obj.
        picked = {k: v for k, v in target.kwargs.items() if k in ("parent", "provider")}
        if not picked and target.kwargs:
            return None
        if not picked:
            return Raw(opts.text)
        return _py_opts(program, {k: v.text for k, v in picked.items()})
    if not isinstance(target, Obj) or target.opaque:
        return Raw(opts.text)  # options from elsewhere: keep the bucket's
    picked = {}
    for key in ("parent", "provider"):
        p = target.get(key)
        if p is not None and p.value is not None:
            picked[key] = p.value.text
    if not picked:
        return None
    if program.language == "python":
        return _py_opts(program, picked)
    return Schema({k: Raw(v) for k, v in picked.items()})


def _py_opts(program, picked: dict[str, str]) -> Raw:
    alias = next((a for a in sorted(program.pulumi_aliases) if a), "pulumi")
    inner = ", ".join(f"{k}={v}" for k, v in picked.items())
    return Raw(ts=f"{{ {inner} }}", py=f"{alias}.ResourceOptions({inner})")


def references_to(program, var: str, attr: str) -> list[tuple[int, int]]:
    """Spans of `var.attr` uses (e.g. `site.websiteEndpoint`)."""
    out = []
    body = program.body
    pat = re.compile(rb"\s*\.\s*" + re.escape(attr.encode()) + rb"(?![\w$])")
    for s, e in program.references(var):
        m = pat.match(body, e)
        if m:
            out.append((s, m.end()))
    return out


def is_ident_or_member(node) -> bool:
    return isinstance(node, (Ident, Member))


def insert_after_bucket(program, res, code: str):
    """insert_after_statement, keeping a blank line before the code that follows."""
    end = program.line_end(res.stmt_end)
    nxt_end = program.line_end(end + 1) if end + 1 <= len(program.body) else end
    following = program.body[end + 1:nxt_end].strip() if end < len(program.body) else b""
    if following and not following.startswith((b"}", b")", b"]")):
        code += "\n"
    return program.edits.insert_after_statement(res, code)
