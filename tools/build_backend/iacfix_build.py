"""iacfix's build backend: setuptools', plus an opt-in compiled build.

`IACFIX_COMPILE=1 pip install .` compiles, with Cython, the modules where the pipeline spends its
own time (`COMPILED` below: the model, the front ends, the applier, the costliest rules;
`benchmarks/compiled.py` measures the difference). The sources are compiled as they are, untyped, so every answer is the
interpreted code's (`tests/test_compiled_build.py` compares the two over the examples and the
corpus). The `.py` files are installed beside the compiled ones, which the import system prefers.

Without the variable nothing changes: a pure-Python package, as before. An editable install is
never compiled: a compiled module beside its source would go on shadowing the source after an
edit.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403 (the rest of PEP 517's hooks, as setuptools has them)

# The modules compiled, by the name they install under (`source_path` finds each one's source
# through pyproject.toml's package-dir, as setuptools does). Chosen
# by where `fix_text` spends its time outside C (cProfile over the corpus blocks): the model, the
# front ends and what they share, the applier and the engine around it, the edit kits, the schema,
# and the rules that cost most (over the corpus blocks, 0.90 of the interpreted code's
# instructions in both languages; the model, the applier and the front ends alone: 0.92). The
# rest are left as they are: each is a small share, and each costs compile time.
COMPILED = (
    "iacfix.model",
    "iacfix.applier",
    "iacfix.engine",
    "iacfix.project",
    "iacfix.edits",
    "iacfix.awsschema",
    "iacfix.frontends._treesitter",
    "iacfix.frontends.python",
    "iacfix.frontends.python_edits",
    "iacfix.frontends.typescript",
    "iacfix.transforms._apishape",
    "iacfix.transforms.cost_allocation_tags",
    "iacfix.transforms.output_in_string",
    "iacfix.transforms.iam_least_privilege",
    "iacfix.transforms.api_scalar_coercion",
    "iacfix.transforms.environment_suffix",
)
CYTHON = "Cython==3.3.1"
ROOT = Path(__file__).resolve().parents[2]
VARIABLE = "IACFIX_COMPILE"


def source_path(module: str, root: Path = ROOT) -> Path:
    """The source of `module` in this checkout: its package's folder from pyproject.toml's
    `[tool.setuptools] package-dir` (the longest package that holds it), then the rest of its name."""
    with open(root / "pyproject.toml", "rb") as f:
        package_dir: dict[str, str] = tomllib.load(f)["tool"]["setuptools"]["package-dir"]
    package = max((p for p in package_dir if module.startswith(p + ".")), key=len, default=None)
    if package is None:
        raise ValueError(f"{module}: in no package of pyproject.toml's package-dir")
    rest = module[len(package) + 1 :].split(".")
    return root / package_dir[package] / Path(*rest).with_suffix(".py")


def compiling() -> bool:
    return os.environ.get(VARIABLE, "") == "1"


def extensions() -> list:
    """The Cython extensions of a compiled build (none otherwise). `annotation_typing` off: with
    it, Cython enforces annotations at run time (it rejects a dict subclass where one says `dict`),
    and the compiled code would answer differently from the interpreted. The generated C goes to
    build/, not beside the sources."""
    if not compiling():
        return []
    from Cython.Build import cythonize
    from setuptools import Extension

    # -g0: no debugging symbols (they made each module 3-8 MB); the interpreted sources are the
    # ones to debug.
    return cythonize(
        [
            Extension(name, [source_path(name).relative_to(ROOT).as_posix()], extra_compile_args=["-g0"])
            for name in COMPILED
        ],
        compiler_directives={"language_level": 3, "annotation_typing": False},
        build_dir="build/cython",
        nthreads=os.cpu_count() or 1,
        quiet=True,
    )


def build_options() -> dict:
    """setup()'s options: the C compiler run on every CPU (setuptools compiles one module at a time
    otherwise)."""
    return {"build_ext": {"parallel": os.cpu_count() or 1}} if compiling() else {}


def get_requires_for_build_wheel(config_settings=None):
    # setuptools' own answer runs setup.py, which would compile before Cython is there to do it;
    # this project's setup.py asks for nothing more than pyproject.toml's `requires`.
    if compiling():
        return [CYTHON]
    return _setuptools.get_requires_for_build_wheel(config_settings)


def _refuse_a_compiled_editable() -> None:
    if compiling():
        raise SystemExit(
            f"{VARIABLE}=1: an editable install is never compiled (a compiled module would shadow "
            "its source after an edit); install without -e, or unset the variable"
        )


def get_requires_for_build_editable(config_settings=None):
    # pip asks this first: refused here, before setuptools runs setup.py (which would compile).
    _refuse_a_compiled_editable()
    return _setuptools.get_requires_for_build_editable(config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _refuse_a_compiled_editable()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
