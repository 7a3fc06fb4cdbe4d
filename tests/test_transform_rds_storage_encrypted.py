"""IAC104 rds-storage-encrypted: edge cases around the golden pair (valid / invalid inputs)."""

from __future__ import annotations

import pytest

from conftest import SNIPPET_HEAD as HEAD  # noqa: F401
from conftest import fix_snippet as fix
from conftest import snippet_findings as findings  # noqa: F401

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


