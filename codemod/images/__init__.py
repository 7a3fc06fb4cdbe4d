"""Container image references, digest resolution against registries, and the lock file.

Names load on first use: the registry client pulls in httpx (~0.1 s), which `iacfix --version`
and every run that never resolves an image should not pay for.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "LOCK_FILENAME": "lock_path",
    "LockEntry": "lock",
    "find_lock": "lock_path",
    "load_lock": "lock",
    "write_lock": "lock",
    "ImageRef": "reference",
    "looks_like_image": "reference",
    "parse_image_ref": "reference",
    "Credentials": "registry",
    "Resolution": "registry",
    "ResolveError": "registry",
    "Resolver": "registry",
    "resolve": "registry",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{mod}"), name)
