"""IAC103 kms-key-rotation: edge cases around the golden pair (valid / invalid inputs)."""

from __future__ import annotations

import pytest

from conftest import SNIPPET_HEAD as HEAD  # noqa: F401
from conftest import fix_snippet as fix
from conftest import snippet_findings as findings  # noqa: F401

@pytest.mark.parametrize("args", ['{ customerMasterKeySpec: "RSA_2048" }', '{ keyUsage: "SIGN_VERIFY" }',
                                  '{ customKeyStoreId: "cks-1" }', "keyArgs", '{ enableKeyRotation: false }'])
def test_kms_left_alone(args):
    src = f'const k = new aws.kms.Key("k", {args});\n'
    assert fix(src, "IAC103") == src


def test_kms_spread_is_opaque():
    src = 'declare const base: any;\nconst k = new aws.kms.Key("k", { ...base });\n'
    assert fix(src, "IAC103") == src


