"""IAC105 s3-public-access-block: edge cases around the golden pair (valid / invalid inputs)."""

from __future__ import annotations

import pytest
from conftest import SNIPPET_HEAD as HEAD
from conftest import fix_snippet as fix
from conftest import snippet_findings as findings  # noqa: F401

from iacfix.config import Config
from iacfix.engine import fix_text


@pytest.mark.parametrize("extra", [
    '{ acl: "public-read" }',
    '{ website: { indexDocument: "index.html" } }',
    '{ policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject" }] }) }',
])
def test_public_buckets_left_alone(extra):
    src = f'const b = new aws.s3.Bucket("b", {extra});\n'
    assert fix(src, "IAC105") == src


def test_policy_with_condition_is_not_public():
    src = ('const b = new aws.s3.Bucket("b", {});\n'
           'new aws.s3.BucketPolicy("p", { bucket: b.id, policy: JSON.stringify({ Statement: [{ Principal: "*", '
           'Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }] }) });\n')
    assert "BucketPublicAccessBlock" in fix(src, "IAC105")


def test_public_object_acl_marks_bucket_public():
    src = ('const b = new aws.s3.Bucket("b", {});\n'
           'new aws.s3.BucketObjectv2("o", { bucket: b.id, key: "i", content: "x", acl: "public-read" });\n')
    assert fix(src, "IAC105") == src


def test_after_iac102_split_the_block_is_still_added_once():
    src = 'const b = new aws.s3.Bucket("b", { versioning: { enabled: true } });\nexport const id = b.id;\n'
    res = fix_text(HEAD + src, "typescript", Config(select=("IAC102", "IAC105"), unsafe_fixes=True))
    out = res.output.decode()
    assert out.count("BucketPublicAccessBlock(") == 1 and out.count("BucketVersioning(") == 1
    assert fix_text(res.output, "typescript", Config(select=("IAC102", "IAC105"), unsafe_fixes=True)).status == "unchanged"


@pytest.mark.parametrize("language,src", [
    ("typescript", 'import * as aws from "@pulumi/aws";\n'
                   'const a = new aws.s3.Bucket("a", { publicAccessBlock: { blockPublicAcls: true } });\n'
                   'const b = new aws.s3.Bucket("b", { blockPublicAcls: true, restrictPublicBuckets: true });\n'),
    ("python", 'import pulumi_aws as aws\n'
               'a = aws.s3.Bucket("a", public_access_block={"block_public_acls": True})\n'
               'b = aws.s3.Bucket("b", block_public_acls=True, restrict_public_buckets=True)\n'),
])
def test_with_the_api_shape_repairs_each_bucket_gets_one_block(language, src):
    """IAC105 removes what it replaces (`publicAccessBlock`, or the block's flags on the bucket) in
    the fix that adds the block, so IAC205 (which would move them) finds nothing left: one block each."""
    from iacfix.config import Config
    from iacfix.engine import fix_text

    config = Config(select=("IAC105", "IAC205"), unsafe_fixes=True)
    res = fix_text(src, language, config)
    out = res.output.decode()
    assert out.count("BucketPublicAccessBlock(") == 2, out
    assert "ublic_access_block=" not in out and "publicAccessBlock" not in out
    assert fix_text(res.output, language, config).status == "unchanged"


def test_companions_are_looked_up_once_per_program(monkeypatch):
    """Each resource's `bucket:` target is read once, not once per bucket (2,000 buckets took
    buckets x resources reads: the quadratic step of issue 13 item 22). Counted, not timed."""
    import iacfix.transforms.s3_public_access_block as mod
    from iacfix.config import Config
    from iacfix.engine import fix_text

    calls = 0
    real = mod._target

    def counting(res):
        nonlocal calls
        calls += 1
        return real(res)

    monkeypatch.setattr(mod, "_target", counting)
    n = 200
    src = 'import * as aws from "@pulumi/aws";\n' + "".join(
        f'const b{i} = new aws.s3.Bucket("b{i}", {{}});\nnew aws.cloudwatch.LogGroup("g{i}", {{}});\n' for i in range(n))
    fix_text(src, "typescript", Config(select=("IAC105",)), fix=False)
    assert calls <= 3 * 2 * n, calls  # linear in the resources (was n * 2n)
