#!/usr/bin/env python3
"""Generate codemod/data/aws_schema.json.gz, the API schema of the installed @pulumi/aws.

``scripts/aws_schema_dump.js`` parses every ``.d.ts`` file of the package with the TypeScript
compiler API of the same ``node_modules`` (declarations, ``?`` marks, types, JSDoc
``@deprecated``) and reads the type tokens from the ``.js`` files; this script turns its dump into
the compact table that ``iacfix.awsschema`` reads::

    {"_meta": {"package": "@pulumi/aws", "version": "7.48.0", ...},
     "resources": {"aws:codepipeline/pipeline:Pipeline": {
          "m": "codepipeline", "c": "Pipeline",
          "a": {"artifactStores": ["list", ["obj", "codepipeline.PipelineArtifactStore"]], ...},
          "r": ["artifactStores", "roleArn", "stages"],            # required arguments
          "d": {"arg": "deprecation text"}, "x": {"arg": replacement},
          "o": {"arn": "string", ...}, "od": {"output": "deprecation text"}, "ox": {"output": replacement},
          "dep": "class deprecation", "rep": replacement,           # when deprecated
          "ao": 1,                                                  # args may be omitted
          "al": ["aws:s3/bucketV2:BucketV2"]}},                     # type aliases it declares
     "functions": {"aws:s3/getBucket:getBucket": {"m": "s3", "n": "getBucket", "a", "r", "d", "x",
          "o" (the result's properties), "od", "dep", "rep", "ao", "out": 1 (getBucketOutput exists)}},
     "types": {"codepipeline.PipelineArtifactStore": {"a", "r", "d", "x"}},   # nested argument types
     "enums": {"lambda.Runtime": {"v": {"NodeJS20dX": "nodejs20.x", ...}, "d": {"Go1dx": "..."}}}}

A type is "string" | "number" | "boolean" | "any" | "asset" | "archive" | "function", or
``["list", T]``, ``["map", T]``, ``["obj", "ns.Name"]`` (a key of "types"), ``["enum", "ns.Name"]``
(a key of "enums"; the argument also takes any string when the union says so),
``["res", "module.Class"]`` (a resource object accepted in place of its id), ``["lit", v]``,
``["union", T, ...]``, ``["props", {name: T}]`` (an inline object type). Output properties use the
same form, except that a nested output type is just ``"object"``.

A replacement (``x`` / ``rep``) is parsed from the deprecation text when it names one:
``{"resource": "s3.Bucket"}``, ``{"function": "ec2.getVpnConnection"}``, ``{"arg": "keySchema"}``.

Python names are not stored: they derive from the camelCase names by one rule
(``iacfix.awsschema.python_name``), checked against every getter of the installed pulumi_aws
wheel by ``--check-python``.

Usage:
    bash scripts/setup-node.sh
    .venv/bin/python scripts/gen_aws_schema.py [--node-modules DIR] [--out FILE] [--check-python]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NM = ROOT / ".cache" / "node" / "node_modules"
DEFAULT_OUT = ROOT / "codemod" / "data" / "aws_schema.json.gz"
DUMPER = ROOT / "scripts" / "aws_schema_dump.js"

sys.path.insert(0, str(ROOT))  # the checkout's source folder as a package, installed or not
# The one naming rule and the data file's layout, shared with the lookup API:
from codemod.awsschema import python_name, to_text  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Replacements named in deprecation texts

# "aws.s3/bucketv2.BucketV2 has been deprecated in favor of aws.s3/bucket.Bucket",
# "s3.BucketV2 has been deprecated in favor of s3.Bucket"
_FAVOR_RE = re.compile(r"has been deprecated in favor of (\S+?)\.?$")
# "Use the aws.s3.BucketAcl resource instead", "Use aws.guardduty.DetectorFeature resources instead",
# 'Use "aws.guardduty.OrganizationConfigurationFeature" resources instead',
# "Use the aws.s3.getObjects data source instead"
_USE_RES_RE = re.compile(
    r"\bUse (?:the )?\"?aws\.([\w.]+?)\"? (resource|resources|data source)\b"
)
# "Use aws.getRegion instead"
_USE_FN_RE = re.compile(r"\bUse aws\.((?:\w+\.)?get\w+) instead\b")
# "Use keySchema instead", "Use 'arn' instead", "Use the top-level parameter objectLockEnabled instead"
_USE_ARG_RE = re.compile(r"^(?:\w+ is deprecated\. )?Use (?:the top-level parameter )?'?(\w+)'? instead\.?")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def _path_of(ref: str) -> str:
    """"aws.s3/bucket.Bucket" / "aws.s3.Bucket" / "s3.Bucket" -> "s3.Bucket"."""
    ref = ref.strip("`'\"")
    if ref.startswith("aws."):
        ref = ref[4:]
    if "/" in ref:  # module/file.Name
        module, _, rest = ref.partition("/")
        return f"{module}.{rest.rpartition('.')[2]}"
    return ref


def replacement(text: str | None, kind: str) -> dict[str, str] | None:
    """The replacement a deprecation text names, for a resource / function / argument."""
    if not text:
        return None
    m = _FAVOR_RE.search(text)
    if m:
        target = _path_of(m.group(1))
        name = target.rpartition(".")[2]
        return {"function" if name[:1].islower() else "resource": target}
    m = _USE_RES_RE.search(text)
    if m:
        target = m.group(1)
        name = target.rpartition(".")[2]
        if m.group(2) == "data source" or name.startswith("get"):
            return {"function": target} if name.startswith("get") else {"data source": target}
        return {"resource": target}
    m = _USE_FN_RE.search(text)
    if m:
        return {"function": m.group(1)}
    if kind == "arg":
        m = _USE_ARG_RE.search(text)
        if m:
            return {"arg": _camel(m.group(1))}
    return None


# ---------------------------------------------------------------------------------------------
# Compaction


class Builder:
    def __init__(self, raw: dict[str, Any]):
        self.raw = raw
        self.resource_paths = {f"{r['module']}.{r['cls']}" if r["module"] else r["cls"] for r in raw["resources"]}
        self.enums = raw["enums"]
        self.aliases = raw["aliases"]
        self.unresolved: dict[str, int] = {}

    def typ(self, t: Any, output: bool = False, depth: int = 0) -> Any:
        if isinstance(t, str):
            return t
        head = t[0]
        if head in ("list", "map"):
            return [head, self.typ(t[1], output, depth)]
        if head == "union":
            alts = []
            for a in t[1:]:
                c = self.typ(a, output, depth)
                if c not in alts:
                    alts.append(c)
            return alts[0] if len(alts) == 1 else ["union", *alts]
        if head == "obj":
            return "object" if output else t
        if head in ("enum", "lit", "res"):
            return t
        if head == "props":
            return ["props", {k: self.typ(v["t"], output, depth) for k, v in t[1].items()}]
        if head == "ref":
            key = f"{t[1]}.{t[2]}" if t[1] else t[2]
            if key in self.resource_paths:
                return ["res", key]
            if key in self.enums:
                return ["enum", key]
            if key in self.aliases and depth < 8:
                return self.typ(self.aliases[key], output, depth + 1)
            self.unresolved[key] = self.unresolved.get(key, 0) + 1
            return "any"
        raise SystemExit(f"unknown type form {t!r}")

    def args(self, props: dict[str, Any] | None, into: dict[str, Any]) -> None:
        props = props or {}
        into["a"] = {k: self.typ(v["t"]) for k, v in props.items()}
        req = [k for k, v in props.items() if not v.get("opt")]
        if req:
            into["r"] = req
        dep = {k: v["dep"] for k, v in props.items() if v.get("dep")}
        if dep:
            into["d"] = dep
            rep = {k: r for k, text in dep.items() if (r := replacement(text, "arg"))}
            if rep:
                into["x"] = rep

    def outputs(self, props: dict[str, Any] | None, into: dict[str, Any]) -> None:
        props = props or {}
        into["o"] = {k: self.typ(v["t"], output=True) for k, v in props.items()}
        dep = {k: v["dep"] for k, v in props.items() if v.get("dep")}
        if dep:
            into["od"] = dep
            rep = {k: r for k, text in dep.items() if (r := replacement(text, "arg"))}
            if rep:
                into["ox"] = rep

    def deprecated(self, entry: dict[str, Any], into: dict[str, Any], kind: str) -> None:
        if entry.get("dep"):
            into["dep"] = entry["dep"]
            rep = replacement(entry["dep"], kind)
            if rep:
                into["rep"] = rep

    def build(self) -> dict[str, Any]:
        raw = self.raw
        resources: dict[str, Any] = {}
        for r in raw["resources"]:
            e: dict[str, Any] = {"m": r["module"], "c": r["cls"]}
            self.args(r["args"], e)
            self.outputs(r["outputs"], e)
            self.deprecated(r, e, "resource")
            if r.get("argsOptional"):
                e["ao"] = 1
            if r.get("aliases"):
                e["al"] = r["aliases"]
            token = r["token"]
            if token == "aws":  # the provider's __pulumiType; Pulumi's type token for it
                token = "pulumi:providers:aws"
            if token in resources:
                raise SystemExit(f"duplicate resource token {token}")
            resources[token] = e
        functions: dict[str, Any] = {}
        outputs_of: set[str] = set()
        for f in raw["functions"]:
            if f["name"].endswith("Output") and f.get("output"):
                outputs_of.add(f["token"])
                continue
            e = {"m": f["module"], "n": f["name"]}
            self.args(f["args"], e)
            self.outputs(f["result"], e)
            self.deprecated(f, e, "function")
            if f.get("argsOptional"):
                e["ao"] = 1
            if f["token"] in functions:
                raise SystemExit(f"duplicate function token {f['token']}")
            functions[f["token"]] = e
        for tok in outputs_of:
            if tok in functions:
                functions[tok]["out"] = 1
        types: dict[str, Any] = {}
        for name, t in raw["inputTypes"].items():
            if "props" not in t:
                continue
            e = {}
            self.args(t["props"], e)
            if t.get("dep"):
                e["dep"] = t["dep"]
            types[name] = e
        enums = {}
        for name, en in raw["enums"].items():
            e = {"v": en["values"]}
            if en.get("deprecated"):
                e["d"] = en["deprecated"]
            enums[name] = e
        if self.unresolved:
            print(f"unresolved type references (typed as any): {self.unresolved}", file=sys.stderr)
        if raw.get("unknownTypes"):
            print(f"type forms not understood (typed as any): {raw['unknownTypes']}", file=sys.stderr)
        meta = {
            "package": raw["package"], "version": raw["version"], "typescript": raw["typescript"],
            "generator": "scripts/gen_aws_schema.py",
            "resources": len(resources), "functions": len(functions), "types": len(types), "enums": len(enums),
        }
        return {"_meta": meta,
                "resources": dict(sorted(resources.items())),
                "functions": dict(sorted(functions.items())),
                "types": dict(sorted(types.items())),
                "enums": dict(sorted(enums.items()))}


def dump(nm: Path) -> dict[str, Any]:
    proc = subprocess.run(["node", str(DUMPER), str(nm)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{DUMPER.name} failed:\n{proc.stderr[:4000]}")
    return json.loads(proc.stdout)


# ---------------------------------------------------------------------------------------------
# Cross-check with the Python wheel


def check_python(data: dict[str, Any]) -> list[str]:
    """Compare argument names and required arguments with the installed pulumi_aws wheel's Args classes."""
    import importlib.metadata as md
    import importlib.util

    spec = importlib.util.find_spec("pulumi_aws")
    if spec is None or not spec.submodule_search_locations:
        return ["pulumi_aws is not installed"]
    root = Path(list(spec.submodule_search_locations)[0])
    tok_re = re.compile(r"@pulumi\.type_token\(\"([^\"]+)\"\)\nclass (\w+)\(pulumi\.CustomResource\)")
    init_re = re.compile(r"    def __init__\(__self__(?:, \*,\n(.*?))?\):\n", re.S)
    param_re = re.compile(r"^\s+(\w+): [^\n]*?(= None)?,?$", re.M)
    problems: list[str] = []
    seen = 0
    for f in sorted(root.rglob("*.py")):
        text = f.read_text(encoding="utf-8")
        if "pulumi.type_token" not in text:
            continue
        for m in tok_re.finditer(text):
            token, cls = m.group(1), m.group(2)
            e = data["resources"].get(token)
            if e is None:
                problems.append(f"{token}: only in pulumi_aws")
                continue
            # `XInitArgs` when `XArgs` is taken by a nested type of the same name
            am = re.search(r"^class " + re.escape(cls) + r"InitArgs:\n", text, re.M) or \
                re.search(r"^class " + re.escape(cls) + r"Args:\n", text, re.M)
            if am is None:
                problems.append(f"{token}: no {cls}Args class in {f.name}")
                continue
            im = init_re.match(text, am.end())
            if im is None:
                problems.append(f"{token}: {cls}Args.__init__ not understood")
                continue
            params = {p.group(1): not p.group(2) for p in param_re.finditer(im.group(1) or "")}
            want = {python_name(a): a in e.get("r", []) for a in e["a"]}
            seen += 1
            if params != want:
                only_py = sorted(set(params) - set(want))
                only_ts = sorted(set(want) - set(params))
                req = sorted(k for k in set(params) & set(want) if params[k] != want[k])
                problems.append(f"{token}: python-only {only_py} ts-only {only_ts} required differs {req}")
    print(f"python cross-check against pulumi_aws {md.version('pulumi-aws')}: {seen} Args classes compared",
          file=sys.stderr)
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--node-modules", type=Path, default=DEFAULT_NM)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check-python", action="store_true")
    a = ap.parse_args()
    data = Builder(dump(a.node_modules)).build()
    text = to_text(data)  # JSON, one entry per line: a run decodes only the entries it reads
    a.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same package gives the same bytes
    a.out.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    meta = data["_meta"]
    print(f"wrote {a.out} ({a.out.stat().st_size} bytes, {len(text)} uncompressed): {meta['resources']} resources, "
          f"{meta['functions']} functions, {meta['types']} types, {meta['enums']} enums, "
          f"{meta['package']} {meta['version']}", file=sys.stderr)
    if a.check_python:
        problems = check_python(data)
        for p in problems[:50]:
            print("python cross-check:", p, file=sys.stderr)
        print(f"python cross-check: {len(problems)} disagreement(s)", file=sys.stderr)
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
