#!/usr/bin/env python3
"""Corpus measurement for given transform ids: every TypeScript code block of
/work/shared/corpus/pulumi-ts/*/MODEL_RESPONSE.md a transform changes is type-checked (one tsc run) before and
after the fix; prints clean-block counts, error totals, Output/Promise-vs-string errors, and any NEW error.

Usage: .venv/bin/python scripts/typecheck_delta.py IAC101 IAC106 IAC107   (needs scripts/setup-node.sh)
"""
import collections, glob, os, re, sys
from iacfix.engine import fix_text
from iacfix.config import Config
from iacfix.typecheck import typecheck_typescript
BLOCK = re.compile(r"```(?:typescript|ts)[^\n]*\n(.*?)```", re.S)
ids = sys.argv[1:]
files = {}; pairs = collections.defaultdict(list)
for f in sorted(glob.glob(os.environ.get("IACFIX_CORPUS", "/work/shared/corpus") + "/pulumi-ts/*/MODEL_RESPONSE.md")):
    task = f.split("/")[-2]
    for i, blk in enumerate(BLOCK.findall(open(f).read())):
        for rid in ids:
            r = fix_text(blk, "typescript", Config(select=(rid,), unsafe_fixes=True))
            if r.changed:
                k = f"{task}#{i}"
                files[f"{rid}:{k}:before"] = blk
                files[f"{rid}:{k}:after"] = r.output.decode()
                pairs[rid].append(k)
res = typecheck_typescript(files)
OUT = re.compile(r"Output<|OutputInstance|Promise<|jsonStringify|interpolate|Lifted|region|'name'")
for rid in ids:
    ok_b = ok_a = eb = ea = rel_b = rel_a = 0; worse = []
    for k in pairs[rid]:
        b = res[f"{rid}:{k}:before"]; a = res[f"{rid}:{k}:after"]
        ok_b += not b; ok_a += not a; eb += len(b); ea += len(a)
        rb = [e for e in b if re.search(r"TS2345|TS2322|TS2769", e) and OUT.search(e)]
        ra = [e for e in a if re.search(r"TS2345|TS2322|TS2769", e) and OUT.search(e)]
        rel_b += len(rb); rel_a += len(ra)
        newe = sorted(set(x.split(" ", 1)[1] for x in a) - set(x.split(" ", 1)[1] for x in b))
        if newe: worse.append((k, newe[:3]))
    print(f"{rid}: changed blocks {len(pairs[rid])}; clean before {ok_b}, after {ok_a}; errors before {eb}, after {ea}; "
          f"Output/Promise-vs-string TS2345/TS2322/TS2769 before {rel_b}, after {rel_a}")
    for k, e in worse: print("   NEW", k, e)
