"""The compiled build against the interpreted code, side by side. One command:

    .venv/bin/python benchmarks/compiled.py [--lang ts|py] [--rounds N] [--instructions] [--responses]

Builds this checkout compiled (`IACFIX_COMPILE=1`, see tools/build_backend/iacfix_build.py) into
`.cache/compiled` with scripts/build_compiled.py (kept while the sources are unchanged; the first
build takes a few minutes), then runs ab_checkouts.py with this checkout on both sides, the AFTER
side importing iacfix from the compiled install: the same pipeline, the same inputs, interleaved
rounds (or instruction counts, `--instructions`). Every other option is ab_checkouts.py's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    if "-h" in sys.argv[1:] or "--help" in sys.argv[1:]:
        print(__doc__)
        return
    out = ROOT / ".cache" / "compiled"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_compiled.py"), str(out)], check=True)
    ab = ROOT / "benchmarks" / "ab_checkouts.py"
    argv = [sys.executable, str(ab), str(ROOT), str(ROOT), "--after-path", str(out)]
    sys.exit(subprocess.run([*argv, *sys.argv[1:]]).returncode)


if __name__ == "__main__":
    main()
