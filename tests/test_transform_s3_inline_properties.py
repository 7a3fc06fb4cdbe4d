"""IAC102 s3-inline-properties: edge cases around the golden pair (valid / invalid inputs)."""

from __future__ import annotations

from conftest import SNIPPET_HEAD as HEAD  # noqa: F401
from conftest import fix_snippet as fix
from conftest import snippet_findings as findings  # noqa: F401

def test_split_versioning_and_sse():
    out = fix('const b = new aws.s3.Bucket("b", {\n    versioning: { enabled: false },\n    forceDestroy: true,\n});\n', "IAC102")
    assert 'new aws.s3.BucketVersioning("b-versioning", {\n    bucket: b.id,' in out
    assert 'status: "Suspended"' in out
    assert "versioning: {" not in out.split("BucketVersioning")[0]


def test_unbound_bucket_is_reported_only():
    src = 'new aws.s3.Bucket("b", { versioning: { enabled: true } });\n'
    assert fix(src, "IAC102") == src
    assert any("not bound to a variable" in m for m in findings(src, "IAC102"))


def test_exotic_lifecycle_left_inline():
    src = ('const b = new aws.s3.Bucket("b", {\n    lifecycleRules: [{ enabled: true, expiration: { date: "2030-01-01" } }],\n'
           '    versioning: { enabled: true },\n});\n')
    out = fix(src, "IAC102")
    assert "lifecycleRules" in out and "BucketVersioning" in out and "BucketLifecycleConfiguration" not in out


def test_lifecycle_tags_filter():
    src = ('const b = new aws.s3.Bucket("b", {\n    lifecycleRules: [{ enabled: false, tags: { tier: "cold" }, '
           'expiration: { days: 1 } }],\n});\n')
    out = fix(src, "IAC102")
    assert 'tag: {\n                    key: "tier",\n                    value: "cold",' in out
    assert 'status: "Disabled"' in out


def test_object_lock_moves_enabled_flag_to_bucket():
    src = ('const b = new aws.s3.Bucket("b", {\n    objectLockConfiguration: {\n        objectLockEnabled: "Enabled",\n'
           '        rule: { defaultRetention: { mode: "GOVERNANCE", days: 1 } },\n    },\n});\n')
    out = fix(src, "IAC102")
    assert "objectLockEnabled: true" in out.split("});")[0]
    assert "new aws.s3.BucketObjectLockConfiguration(" in out


def test_private_acl_dropped_public_acl_kept():
    out = fix('const b = new aws.s3.Bucket("b", { acl: "private", tags: { a: "b" } });\n', "IAC102")
    assert out == 'const b = new aws.s3.Bucket("b", { tags: { a: "b" } });\n'
    src = 'const b = new aws.s3.Bucket("b", { acl: "public-read" });\n'
    assert fix(src, "IAC102") == src


