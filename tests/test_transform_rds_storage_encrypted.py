"""IAC104 rds-storage-encrypted: edge cases around the golden pair (valid / invalid inputs)."""

from __future__ import annotations

import pytest

from iacfix.config import Config
from iacfix.engine import fix_text

HEAD = 'import * as aws from "@pulumi/aws";\n'


def fix(src: str, rid: str) -> str:
    res = fix_text(HEAD + src, "typescript", Config(select=(rid,), unsafe_fixes=True))
    assert res.status != "failed", res.error
    again = fix_text(res.output, "typescript", Config(select=(rid,), unsafe_fixes=True))
    assert again.output == res.output, "not idempotent"
    return res.output.decode()[len(HEAD):]


def findings(src: str, rid: str) -> list[str]:
    res = fix_text(HEAD + src, "typescript", Config(select=(rid,), unsafe_fixes=True))
    return [f.message for f in res.findings]


@pytest.mark.parametrize("args", [
    '{ engine: "aurora-mysql", engineMode: "serverless" }',
    '{ engine: "aurora-postgresql", snapshotIdentifier: "snap" }',
    '{ engine: "aurora-postgresql", storageEncrypted: cfgEncrypted }',
])
def test_rds_cluster_left_alone(args):
    src = f'declare const cfgEncrypted: boolean;\nconst c = new aws.rds.Cluster("c", {args});\n'
    assert fix(src, "IAC104") == src


def test_rds_false_through_spread_is_overridden_here():
    src = ('const shared = { storageEncrypted: false, engine: "postgres" };\n'
           'const db = new aws.rds.Instance("db", { ...shared, instanceClass: "db.t3.micro" });\n')
    out = fix(src, "IAC104")
    assert out.startswith("const shared = { storageEncrypted: false")
    assert 'instanceClass: "db.t3.micro", storageEncrypted: true }' in out


