"""Container image references, digest resolution against registries, and the lock file."""

from .lock import LOCK_FILENAME, LockEntry, find_lock, load_lock, write_lock
from .reference import ImageRef, looks_like_image, parse_image_ref
from .registry import Credentials, Resolution, ResolveError, Resolver, resolve

__all__ = [
    "Credentials",
    "ImageRef",
    "LOCK_FILENAME",
    "LockEntry",
    "Resolution",
    "ResolveError",
    "Resolver",
    "find_lock",
    "load_lock",
    "looks_like_image",
    "parse_image_ref",
    "resolve",
    "write_lock",
]
