"""Pulumi type tokens for `aws.<module>.<Class>`.

The table generated from the real @pulumi/aws package (`iacfix.awsdata`) is the authority;
Pulumi's naming convention (`aws:ecs/service:Service`) is the fallback for classes it lacks.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def resource_token(module: str, cls: str) -> str:
    if not module and cls == "Provider":
        return "pulumi:providers:aws"
    try:
        from . import awsdata  # generated from the package; may be absent in a partial checkout

        tok = awsdata.resource_by_path(module, cls)
        if tok:
            return tok
    except (ImportError, AttributeError, FileNotFoundError):
        pass
    return f"aws:{module}/{cls[:1].lower()}{cls[1:]}:{cls}"
