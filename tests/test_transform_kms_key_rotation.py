"""IAC103 kms-key-rotation: edge cases around the golden pair (valid / invalid inputs)."""

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


@pytest.mark.parametrize("args", ['{ customerMasterKeySpec: "RSA_2048" }', '{ keyUsage: "SIGN_VERIFY" }',
                                  '{ customKeyStoreId: "cks-1" }', "keyArgs", '{ enableKeyRotation: false }'])
def test_kms_left_alone(args):
    src = f'const k = new aws.kms.Key("k", {args});\n'
    assert fix(src, "IAC103") == src


def test_kms_spread_is_opaque():
    src = 'declare const base: any;\nconst k = new aws.kms.Key("k", { ...base });\n'
    assert fix(src, "IAC103") == src


