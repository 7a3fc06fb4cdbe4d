#!/usr/bin/env python3
"""Generate codemod/data/taggable.json from the installed @pulumi/aws package.

For every resource class of @pulumi/aws (a ``class X extends pulumi.CustomResource`` whose ``.js``
carries ``static __pulumiType = 'aws:ecs/service:Service'``) it records::

    "aws:ecs/service:Service": {
        "module": "ecs", "class": "Service",
        "tags": "map" | "list" | "selector" | null,
        "args": {"camelName": "string"|"number"|"boolean"|"object"|"array"|"other", ...},
        "required": ["family", ...]          # only when some Args property is required
    }

``tags`` is read from the ``XxxArgs`` interface of the class's ``.d.ts``: a ``{[key: string]: ...}``
map, a list (autoscaling.Group's ``{key, value, propagateAtLaunch}`` items), ``"selector"`` for the
two resources whose ``tags`` argument selects/filters other resources instead of tagging this one
(inspector.ResourceGroup, devopsguru.ResourceCollection), or null when the class takes no tags.
``_meta`` records the package version.

Usage:
    bash scripts/setup-node.sh
    .venv/bin/python scripts/gen_taggable.py [--node-modules DIR] [--out FILE] [--check-python]

``--check-python`` compares tokens and taggability with the installed ``pulumi_aws`` wheel
(``@pulumi.type_token(...)`` and the Args class's ``tags`` property).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NM = ROOT / ".cache" / "node" / "node_modules"
DEFAULT_OUT = ROOT / "codemod" / "data" / "taggable.json"

# `tags` arguments that do not tag the resource itself (no cost-allocation tags).
SELECTOR_TAGS = {
    "aws:inspector/resourceGroup:ResourceGroup",  # tags = instance selector of the assessment
    "aws:devopsguru/resourceCollection:ResourceCollection",  # tags = filter of analysed resources
}

_CLASS_RE = re.compile(
    r"class (\w+) extends pulumi\.CustomResource \{.*?static __pulumiType = '([^']+)';", re.S
)
_COMMENT_RE = re.compile(r"/\*.*?\*/", re.S)
_PROP_RE = re.compile(r"^    (?:readonly )?(\"[^\"]+\"|'[^']+'|[A-Za-z_$][\w$]*)(\??): ", re.M)


def _split_top(s: str, sep: str) -> list[str]:
    """Split on ``sep`` outside <>, (), [], {} and quotes."""
    parts, depth, cur, quote = [], 0, [], None
    for ch in s:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'\"`":
            quote = ch
        elif ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur).strip())
    return [p for p in parts if p]


def _unwrap(t: str) -> str:
    t = t.strip()
    while True:
        m = re.fullmatch(r"pulumi\.Input<(.*)>", t, re.S)
        if m:
            t = m.group(1).strip()
            continue
        if t.startswith("(") and t.endswith(")"):
            inner = t[1:-1]
            # only strip parentheses that enclose the whole type
            if _split_top(inner, "|") and _balanced(inner):
                t = inner.strip()
                continue
        return t


def _balanced(s: str) -> bool:
    depth = 0
    for ch in s:
        if ch in "<([{":
            depth += 1
        elif ch in ">)]}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _kind_of_alt(a: str) -> str:
    a = _unwrap(a)
    alts = _split_top(a, "|")
    if len(alts) > 1:
        return coarse_type(a)
    if a.endswith("[]") or a.startswith(("Array<", "ReadonlyArray<")):
        return "array"
    if a == "string" or re.fullmatch(r"'[^']*'|\"[^\"]*\"|`[^`]*`", a) or a.startswith("enums."):
        return "string"
    if a == "number" or re.fullmatch(r"-?\d+(\.\d+)?", a):
        return "number"
    if a in ("boolean", "true", "false"):
        return "boolean"
    if a.startswith(("inputs.", "{", "Record<")):
        return "object"
    if re.fullmatch(r"[A-Z]\w*", a):
        # a resource class (accepted in place of its id/ARN) or a string enum imported from a module
        return "string"
    return "other"


def coarse_type(t: str) -> str:
    """Coarse kind of a TypeScript Args property type."""
    t = _unwrap(t)
    alts = [a for a in _split_top(t, "|") if a not in ("undefined", "null")]
    kinds = {_kind_of_alt(a) for a in alts}
    if len(kinds) == 1:
        return kinds.pop()
    return "other"


def tags_kind(t: str) -> str | None:
    t = _unwrap(t)
    alts = [a for a in _split_top(t, "|") if a not in ("undefined", "null")]
    if len(alts) != 1:
        return None
    a = _unwrap(alts[0])
    if re.match(r"\{\s*\[\w+: string\]", a) or a.startswith("Record<"):
        return "map"
    if a.endswith("[]"):
        return "list"
    return None


def parse_args_interface(dts: str, cls: str) -> tuple[dict[str, str], dict[str, str], list[str]] | None:
    """(prop -> raw type, prop -> coarse type, required props) of ``interface <cls>Args``."""
    m = re.search(r"^export interface " + re.escape(cls) + r"Args \{\n(.*?)^\}", dts, re.M | re.S)
    if m is None:
        return None
    body = _COMMENT_RE.sub("", m.group(1))
    raw: dict[str, str] = {}
    required: list[str] = []
    props = list(_PROP_RE.finditer(body))
    for i, pm in enumerate(props):
        end = props[i + 1].start() if i + 1 < len(props) else len(body)
        typ = body[pm.end():end].strip()
        typ = re.sub(r";\s*$", "", typ).strip()
        name = pm.group(1).strip("'\"")
        raw[name] = typ
        if not pm.group(2):
            required.append(name)
    coarse = {k: coarse_type(v) for k, v in raw.items()}
    return raw, coarse, required


def collect(nm: Path) -> dict:
    pkg = nm / "@pulumi" / "aws"
    version = json.loads((pkg / "package.json").read_text())["version"]
    out: dict[str, dict] = {}
    unknown_tags: list[str] = []
    for js in sorted(pkg.rglob("*.js")):
        rel = js.relative_to(pkg)
        if rel.parts[0] in ("node_modules", "types", "scripts") or len(rel.parts) < 2:
            continue
        text = js.read_text(encoding="utf-8")
        if "__pulumiType" not in text:
            continue
        dts_path = js.with_suffix(".d.ts")
        dts = dts_path.read_text(encoding="utf-8") if dts_path.exists() else ""
        module = ".".join(rel.parts[:-1])
        for cm in _CLASS_RE.finditer(text):
            cls, token = cm.group(1), cm.group(2)
            parsed = parse_args_interface(dts, cls)
            entry: dict = {"module": module, "class": cls, "tags": None, "args": {}}
            if parsed is not None:
                raw, coarse, required = parsed
                entry["args"] = coarse
                if required:
                    entry["required"] = required
                if "tags" in raw:
                    kind = "selector" if token in SELECTOR_TAGS else tags_kind(raw["tags"])
                    if kind is None:
                        unknown_tags.append(f"{token}: {raw['tags']}")
                    entry["tags"] = kind
            if token in out:
                raise SystemExit(f"duplicate token {token} in {rel}")
            out[token] = entry
    if unknown_tags:
        raise SystemExit("tags of unknown shape (add to SELECTOR_TAGS or teach tags_kind):\n"
                         + "\n".join(unknown_tags))
    data = {"_meta": {"package": "@pulumi/aws", "version": version,
                      "generator": "scripts/gen_taggable.py",
                      "resources": len(out),
                      "taggable": sum(1 for e in out.values() if e["tags"] in ("map", "list"))}}
    data.update(dict(sorted(out.items())))
    return data


def check_python(data: dict) -> list[str]:
    """Compare with the installed pulumi_aws wheel; returns a list of disagreements."""
    import importlib.util

    spec = importlib.util.find_spec("pulumi_aws")
    if spec is None or not spec.submodule_search_locations:
        return ["pulumi_aws is not installed"]
    root = Path(list(spec.submodule_search_locations)[0])
    tok_re = re.compile(r"@pulumi\.type_token\(\"([^\"]+)\"\)\nclass (\w+)\(pulumi\.CustomResource\)")
    py: dict[str, bool] = {}
    for f in root.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        if "pulumi.type_token" not in text:
            continue
        for m in tok_re.finditer(text):
            token, cls = m.group(1), m.group(2)
            am = re.search(r"^class " + re.escape(cls) + r"(?:Init)?Args:\n(.*?)(?=^class |\Z)", text, re.M | re.S)
            py[token] = bool(am and re.search(r"^    def tags\(self\)", am.group(1), re.M))
    try:
        import importlib.metadata as md
        pyver = md.version("pulumi-aws")
    except Exception:  # pragma: no cover
        pyver = "?"
    ts = {k: v["tags"] is not None for k, v in data.items() if not k.startswith("_")}
    problems = []
    only_ts = sorted(set(ts) - set(py))
    only_py = sorted(set(py) - set(ts))
    if only_ts:
        problems.append(f"{len(only_ts)} tokens only in @pulumi/aws: {only_ts[:20]}")
    if only_py:
        problems.append(f"{len(only_py)} tokens only in pulumi_aws {pyver}: {only_py[:20]}")
    diff = sorted(k for k in set(ts) & set(py) if ts[k] != py[k])
    if diff:
        problems.append(f"{len(diff)} tokens disagree on tags: {diff[:20]}")
    print(f"python cross-check against pulumi_aws {pyver}: {len(py)} resources, "
          f"{sum(py.values())} with tags", file=sys.stderr)
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--node-modules", type=Path, default=DEFAULT_NM)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check-python", action="store_true")
    a = ap.parse_args()
    data = collect(a.node_modules)
    text = json.dumps(data, separators=(",", ":"), sort_keys=False)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(text + "\n", encoding="utf-8")
    meta = data["_meta"]
    print(f"wrote {a.out} ({len(text) + 1} bytes): {meta['resources']} resources, "
          f"{meta['taggable']} taggable, @pulumi/aws {meta['version']}", file=sys.stderr)
    if a.check_python:
        problems = check_python(data)
        for p in problems:
            print("python cross-check:", p, file=sys.stderr)
        if not problems:
            print("python cross-check: same tokens, same taggable set", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
