"""Where ``iacfix.lock`` is: the file's name and the search up the folders.

Apart from :mod:`.lock` because every `apply` and `check` looks for a lock file, and most find
none: that look-up should not pay for the module that reads and writes one (its dataclass,
datetime, fcntl).
"""

from __future__ import annotations

import os
from pathlib import Path

LOCK_FILENAME = "iacfix.lock"


def find_lock(start_dir: str | os.PathLike[str]) -> Path | None:
    """The nearest ``iacfix.lock`` in ``start_dir`` or one of its parents, or ``None``."""
    here = Path(start_dir).resolve()
    if here.is_file():
        here = here.parent
    for d in (here, *here.parents):
        candidate = d / LOCK_FILENAME
        if candidate.is_file():
            return candidate
    return None
