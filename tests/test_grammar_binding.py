"""The grammars' compiled bindings are loaded without their packages' `__init__`
(`_treesitter.grammar`): the same language, and nothing of `importlib.resources` on the way."""

from __future__ import annotations

import subprocess
import sys

import pytest
import tree_sitter as ts
from conftest import modules_after
from iacfix.frontends import python as py_frontend
from iacfix.frontends import typescript as ts_frontend
from iacfix.frontends._treesitter import grammar

CLEAN_TS = """import * as pulumi from "@pulumi/pulumi";
const config = new pulumi.Config();
export const env = config.require("env");
"""
CLEAN_PY = """import pulumi

config = pulumi.Config()
pulumi.export("env", config.require("env"))
"""


@pytest.mark.parametrize(
    ("package", "function", "frontend"),
    [
        ("tree_sitter_typescript", "language_typescript", ts_frontend),
        ("tree_sitter_python", "language", py_frontend),
    ],
)
def test_the_binding_is_the_packages_own(package, function, frontend):
    import importlib

    own = getattr(importlib.import_module(package), function)  # through the package's __init__
    assert getattr(grammar(package), function) is own
    mine, theirs = frontend._lang(), ts.Language(own())
    assert (mine.name, mine.abi_version, mine.node_kind_count, mine.field_count) == (
        theirs.name,
        theirs.abi_version,
        theirs.node_kind_count,
        theirs.field_count,
    )
    assert [mine.node_kind_for_id(i) for i in range(mine.node_kind_count)] == [
        theirs.node_kind_for_id(i) for i in range(theirs.node_kind_count)
    ]


# In a fresh process (pytest's has imported the packages already): the binding loaded first by
# `grammar`, then the package imported the ordinary way, which must find and keep that binding.
SHARED = """
import importlib, sys
from iacfix.frontends._treesitter import grammar
first = {p: grammar(p) for p in ("tree_sitter_typescript", "tree_sitter_python")}
assert not {"tree_sitter_typescript", "tree_sitter_python"} & set(sys.modules)  # no __init__ ran
for (p, binding), fn in zip(first.items(), ("language_typescript", "language")):
    package = importlib.import_module(p)  # its `from ._binding import ...` finds ours
    assert sys.modules[p + "._binding"] is binding and getattr(package, fn) is getattr(binding, fn), p
print("shared")
"""


def test_a_later_ordinary_import_shares_the_binding():
    proc = subprocess.run([sys.executable, "-c", SHARED], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "shared"


@pytest.mark.parametrize("name", ["ok.ts", "ok.py"])
def test_a_run_loads_no_grammar_package_init(tmp_path, name):
    f = tmp_path / name
    f.write_text(CLEAN_TS if name.endswith(".ts") else CLEAN_PY)  # nothing to fix: nothing written
    loaded, stderr = modules_after("apply", str(f))
    assert "Fixed 0 issue(s)" in stderr, stderr
    binding = "tree_sitter_typescript._binding" if name.endswith(".ts") else "tree_sitter_python._binding"
    assert binding in loaded  # the probe sees the grammar it parsed with
    assert "tree_sitter_typescript" not in loaded and "tree_sitter_python" not in loaded
    assert "importlib.resources" not in loaded and "tempfile" not in loaded


def test_a_package_laid_out_otherwise_is_imported_the_ordinary_way(tmp_path, monkeypatch):
    pkg = tmp_path / "fake_grammar_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("INIT_RAN = True\n")
    (pkg / "_binding.py").write_text("def language():\n    return 42\n")  # not an extension module
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("fake_grammar_pkg", "fake_grammar_pkg._binding"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    binding = grammar("fake_grammar_pkg")
    assert binding.language() == 42
    assert sys.modules["fake_grammar_pkg"].INIT_RAN  # the ordinary import ran the package
    assert grammar("fake_grammar_pkg") is binding
