"""Fixed multi-file component programs run under Pulumi's unit-test mocks: every taggable resource
they declare carries the configured tags (issue 12).

The programs are the golden pairs `examples/ideal_response/IAC006_tags_across_files*.md` (the
output of fixing `examples/model_response/...`, checked byte for byte by test_golden): their code
blocks are written to a folder by the paths the response gives them, type-checked as one project
(tsc / pyright), and run offline under `pulumi.runtime.setMocks` (TypeScript, compiled by tsc) or
`pulumi.runtime.set_mocks` (Python). The mocks record each resource's resolved inputs; a resource
adopted with `import` is expected to stay untagged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import IDEAL, MODEL
from iacfix import awsdata
from iacfix.frontends import markdown
from typecheck_fixtures import pyright_available, tsc_available  # noqa: F401

KEYS = ("Environment", "Project", "Owner", "CostCenter", "ManagedBy")

TS_HARNESS = """
const pulumi = require("@pulumi/pulumi");
const seen = [];
pulumi.runtime.setMocks({
    newResource: (args) => { seen.push({ type: args.type, name: args.name, inputs: args.inputs }); return { id: args.name + "-id", state: args.inputs }; },
    call: (args) => args.inputs,
}, "payments", "dev", false);
require("./out/index.js");
(async () => {
    await pulumi.runtime.disconnect();
    process.stdout.write(JSON.stringify(seen));
})();
"""

PY_HARNESS = """
import json, runpy, sys
import pulumi

seen = []

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        seen.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        return [args.name + "-id", args.inputs]

    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), project="payments", stack="dev", preview=False)


@pulumi.runtime.test
def run():
    sys.path.insert(0, ".")
    runpy.run_path("__main__.py", run_name="__main__")
    return pulumi.Output.from_input(None)


run()
sys.stdout.write(json.dumps(seen))
"""


def _blocks(name: str, folder: Path) -> list[str]:
    data = (IDEAL / name).read_bytes()
    written = []
    for b in markdown.code_blocks(data, {"typescript", "python"}):
        path = folder / markdown.normalise_filename(b.filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data[b.start:b.end])
        written.append(str(path.relative_to(folder)))
    return written


def _configured(name: str) -> dict[str, str]:
    sidecar = MODEL / f"{Path(name).stem}.toml"
    return tomllib.loads(sidecar.read_text(encoding="utf-8")).get("tags", {})


def _check(seen: list[dict], configured: dict[str, str], imported: set[str]) -> None:
    taggable = [r for r in seen if awsdata.taggable(r["type"]) == "map"]
    assert len(taggable) >= 4, seen
    for r in taggable:
        tags = r["inputs"].get("tags") or {}
        if r["name"] in imported:
            assert not tags, f"{r['name']} is imported: it must stay as it is"
            continue
        missing = [k for k in KEYS if k not in tags]
        assert not missing, f"{r['type']} {r['name']} lacks {missing}: {tags}"
        for k, v in configured.items():
            assert tags[k] == v, (r["name"], k, tags)


def test_typescript_components_carry_the_tags_under_mocks(tmp_path, tsc_available):  # noqa: F811
    nm = tsc_available
    files = _blocks("IAC006_tags_across_files.md", tmp_path)
    (tmp_path / "node_modules").symlink_to(nm, target_is_directory=True)
    (tmp_path / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {"module": "commonjs", "moduleResolution": "bundler", "target": "es2022",
                            "lib": ["es2022"], "strict": True, "skipLibCheck": True, "outDir": "out",
                            "types": ["node"], "typeRoots": [str(nm / "@types")]},
        "files": files,
    }), encoding="utf-8")
    tsc = subprocess.run(["node", str(nm / "typescript" / "bin" / "tsc"), "-p", "tsconfig.json", "--pretty", "false"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert tsc.returncode == 0, tsc.stdout + tsc.stderr  # type-checks as one project, and compiles
    (tmp_path / "harness.js").write_text(TS_HARNESS, encoding="utf-8")
    env = dict(os.environ, NODE_PATH=str(nm), PULUMI_CONFIG=json.dumps({"payments:environmentSuffix": "dev"}))
    run = subprocess.run(["node", "harness.js"], cwd=tmp_path, capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    _check(json.loads(run.stdout), _configured("IAC006_tags_across_files.md"), {"legacy-dev"})


def test_python_components_carry_the_tags_under_mocks(tmp_path, pyright_available):  # noqa: F811
    nm, python = pyright_available
    files = _blocks("IAC006_tags_across_files_py.md", tmp_path)
    (tmp_path / "pyrightconfig.json").write_text(json.dumps({"pythonVersion": "3.11", "typeCheckingMode": "basic"}),
                                                 encoding="utf-8")
    pyright = subprocess.run(["node", str(nm / "pyright" / "index.js"), "--pythonpath", python, *files],
                             cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert pyright.returncode == 0, pyright.stdout + pyright.stderr
    (tmp_path / "harness.py").write_text(PY_HARNESS, encoding="utf-8")
    run = subprocess.run([python or sys.executable, "harness.py"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=300, env=dict(os.environ, PULUMI_CONFIG=json.dumps({"payments:environmentSuffix": "dev"})))
    assert run.returncode == 0, run.stderr
    _check(json.loads(run.stdout.strip().splitlines()[-1]), _configured("IAC006_tags_across_files_py.md"),
           {"legacy-dev"})
