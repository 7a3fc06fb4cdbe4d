"""Type-check Pulumi programs against the real packages.

TypeScript programs are checked with ``tsc`` against ``@pulumi/aws`` / ``@pulumi/pulumi`` from the
pinned Node install (``scripts/setup-node.sh`` puts it in ``<checkout>/.cache/node/node_modules``).
Python programs are checked with ``pyright`` (from the same Node install) against the ``pulumi`` and
``pulumi_aws`` packages of a Python interpreter (``pip install 'iacfix[typecheck]'``).

Many programs are checked in ONE run of the checker (tsc pays ~5-10 s to load @pulumi/aws once,
then a few tens of milliseconds per file), each program as an independent module.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "TypecheckError",
    "node_modules_dir",
    "tsc_available",
    "pyright_available",
    "pyright_python",
    "typecheck_typescript",
    "typecheck_python",
    "PYRIGHT_RULES",
    "PYRIGHT_MODE",
]

_CACHE_REL = Path(".cache") / "node" / "node_modules"


class TypecheckError(RuntimeError):
    """The checker could not run, or said something that is not about one of the input files."""


# --------------------------------------------------------------------------------------------
# Locating the Node install


def _search_up(start: Path) -> Path | None:
    for d in (start, *start.parents):
        cand = d / _CACHE_REL
        if cand.is_dir():
            return cand
    return None


def node_modules_dir() -> Path | None:
    """The node_modules holding the pinned typescript / pyright / @pulumi packages, or None.

    Order: env ``IACFIX_NODE_MODULES``; else ``.cache/node/node_modules`` searched upward from the
    current directory, then from this file's checkout. None when nothing is found or ``node`` is
    not on PATH.
    """
    if shutil.which("node") is None:
        return None
    env = os.environ.get("IACFIX_NODE_MODULES")
    if env:
        p = Path(env).expanduser()
        return p.resolve() if p.is_dir() else None
    for start in (Path.cwd(), Path(__file__).resolve().parent):
        found = _search_up(start)
        if found is not None:
            return found.resolve()
    return None


def _tsc_js(nm: Path) -> Path:
    return nm / "typescript" / "bin" / "tsc"


def _pyright_js(nm: Path) -> Path:
    return nm / "pyright" / "index.js"


def tsc_available() -> Path | None:
    """node_modules with tsc, @pulumi/aws, @pulumi/pulumi and @types/node, or None."""
    nm = node_modules_dir()
    if nm is None:
        return None
    needed = [
        _tsc_js(nm),
        nm / "@pulumi" / "aws" / "package.json",
        nm / "@pulumi" / "pulumi" / "package.json",
        nm / "@types" / "node" / "package.json",
    ]
    return nm if all(p.is_file() for p in needed) else None


def pyright_python(python: str | os.PathLike[str] | None = None) -> str | None:
    """A Python interpreter that has ``pulumi`` and ``pulumi_aws`` installed, or None.

    ``python`` if given; else env ``IACFIX_PYRIGHT_PYTHON``; else the running interpreter.
    """
    cand = python or os.environ.get("IACFIX_PYRIGHT_PYTHON")
    if cand:
        exe = str(cand)
        try:
            r = subprocess.run(
                [
                    exe,
                    "-c",
                    "import importlib.util as u,sys;"
                    "sys.exit(0 if u.find_spec('pulumi') and u.find_spec('pulumi_aws') else 1)",
                ],
                capture_output=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return exe if r.returncode == 0 else None
    if importlib.util.find_spec("pulumi") and importlib.util.find_spec("pulumi_aws"):
        return sys.executable
    return None


def pyright_available() -> tuple[Path, str] | None:
    """(node_modules, python) when pyright and a Python with pulumi + pulumi_aws are present."""
    nm = node_modules_dir()
    if nm is None or not _pyright_js(nm).is_file():
        return None
    py = pyright_python()
    if py is None:
        return None
    return nm, py


# --------------------------------------------------------------------------------------------
# TypeScript

_TS_MODULE_RE = re.compile(r"^\s*(import|export)\b", re.MULTILINE)
# tsc --pretty false:  path(line,col): error TS2322: message
_TSC_LINE_RE = re.compile(
    r"^(?P<file>.+?)\((?P<line>\d+),(?P<col>\d+)\): (?P<sev>error|warning) (?P<code>TS\d+): (?P<msg>.*)$"
)
_TSC_GLOBAL_RE = re.compile(r"^(?:error|warning) (?P<code>TS\d+): (?P<msg>.*)$")


def _tsconfig(nm: Path, files: list[str]) -> dict:
    nm_s = nm.as_posix()
    return {
        "compilerOptions": {
            "module": "commonjs",
            "moduleResolution": "bundler",
            "target": "es2022",
            "lib": ["es2022"],
            "strict": False,
            "noImplicitAny": False,
            "skipLibCheck": True,
            "noEmit": True,
            "esModuleInterop": True,
            "allowSyntheticDefaultImports": True,
            "types": ["node"],
            "typeRoots": [f"{nm_s}/@types"],
            "paths": {"@pulumi/*": [f"{nm_s}/@pulumi/*"]},
        },
        "files": files,
    }


_SYNTAX_RE = re.compile(r"^\d+:\d+ TS1\d{3}: ")


def typecheck_typescript(files: dict[str, str], *, timeout: float = 1800) -> dict[str, list[str]]:
    """Type-check TypeScript Pulumi programs (name -> source), each its own module, exactly.

    One tsc run normally; but when any program has syntax errors, tsc reports ONLY syntax errors
    for every program of the run (semantic checking is skipped), which would hide real type
    errors elsewhere. So programs with syntax errors are set aside with their errors and the rest
    checked again (a few runs at most)."""
    result: dict[str, list[str]] = {}
    todo = dict(files)
    got: dict[str, list[str]] = {}
    for _ in range(4):
        if not todo:
            return result
        got = _tsc_run(todo, timeout=timeout)
        broken = {k for k, errs in got.items() if any(_SYNTAX_RE.match(e) for e in errs)}
        if not broken:
            result.update(got)
            return result
        for k in broken:
            result[k] = got[k]
            del todo[k]
    for k in todo:  # did not settle: report what the last run said
        result[k] = got.get(k, [])
    return result


def _tsc_run(files: dict[str, str], *, timeout: float = 1800) -> dict[str, list[str]]:
    """Type-check TypeScript Pulumi programs (name -> source) in one tsc run.

    Returns, for every input name, the list of tsc errors as ``"LINE:COL TSxxxx: message"``
    (1-based; continuation lines of a multi-line message follow after ``"\\n"``). A program without
    errors maps to ``[]``. Every file is compiled as its own module: a file with no top-level
    ``import``/``export`` gets ``export {};`` appended (after the last line, so positions hold).
    Raises TypecheckError when tsc / the packages are missing or tsc fails outside the inputs.
    """
    nm = tsc_available()
    if nm is None:
        raise TypecheckError("tsc or @pulumi packages not found: run scripts/setup-node.sh")
    result: dict[str, list[str]] = {name: [] for name in files}
    if not files:
        return result
    with tempfile.TemporaryDirectory(prefix="iacfix-tsc-") as tmp:
        tmpd = Path(tmp)
        src = tmpd / "src"
        src.mkdir()
        # Other packages a program imports (e.g. "mime", "fs" typings) resolve the usual way.
        try:
            (tmpd / "node_modules").symlink_to(nm, target_is_directory=True)
        except OSError:
            pass
        by_rel: dict[str, str] = {}
        rels: list[str] = []
        for i, (name, text) in enumerate(files.items()):
            rel = f"src/p{i:05d}.ts"
            if not _TS_MODULE_RE.search(text):
                text = text + ("" if text.endswith("\n") or not text else "\n") + "export {};\n"
            (tmpd / rel).write_text(text, encoding="utf-8")
            by_rel[rel] = name
            rels.append(rel)
        (tmpd / "tsconfig.json").write_text(json.dumps(_tsconfig(nm, rels)), encoding="utf-8")
        try:
            proc = subprocess.run(
                ["node", str(_tsc_js(nm)), "--noEmit", "-p", "tsconfig.json", "--pretty", "false"],
                cwd=tmpd,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as e:
            raise TypecheckError(f"tsc timed out after {timeout}s") from e
        out = proc.stdout + ("\n" + proc.stderr if proc.stderr else "")
        stray: list[str] = []
        last: tuple[str, int] | None = None  # (name, index in result[name]) for continuations
        for raw in out.splitlines():
            if not raw.strip():
                continue
            m = _TSC_LINE_RE.match(raw)
            if m:
                rel = Path(m["file"]).as_posix()
                if rel.startswith("./"):
                    rel = rel[2:]
                if not rel.startswith("src/"):
                    # an absolute path, e.g. inside node_modules
                    try:
                        rel = Path(m["file"]).resolve().relative_to(tmpd.resolve()).as_posix()
                    except ValueError:
                        pass
                owner = by_rel.get(rel)
                if owner is None:
                    stray.append(raw)
                    last = None
                    continue
                if m["sev"] != "error":
                    last = None
                    continue
                result[owner].append(f"{m['line']}:{m['col']} {m['code']}: {m['msg']}")
                last = (owner, len(result[owner]) - 1)
                continue
            if raw.startswith((" ", "\t")) and last is not None:
                name, idx = last
                result[name][idx] += "\n" + raw.rstrip()
                continue
            last = None
            stray.append(raw)
        if proc.returncode not in (0, 1, 2) or any(_TSC_GLOBAL_RE.match(s) for s in stray):
            raise TypecheckError(f"tsc failed (exit {proc.returncode}):\n" + "\n".join(stray or [out])[:4000])
        if proc.returncode != 0 and not any(result.values()) and stray:
            raise TypecheckError(f"tsc failed (exit {proc.returncode}):\n" + "\n".join(stray)[:4000])
    return result


# --------------------------------------------------------------------------------------------
# Python

#: pyright mode used for the generated config (pyright's own default).
PYRIGHT_MODE = "standard"

#: pyright rules reported by typecheck_python: wrong argument types, unknown keyword arguments /
#: no matching overload, and unknown attributes (e.g. a class that does not exist in pulumi_aws.ecs).
PYRIGHT_RULES: frozenset[str] = frozenset(
    {
        "reportArgumentType",
        "reportCallIssue",
        "reportAttributeAccessIssue",
    }
)


def typecheck_python(
    files: dict[str, str],
    *,
    python: str | os.PathLike[str] | None = None,
    rules: Iterable[str] | None = PYRIGHT_RULES,
    timeout: float = 1800,
) -> dict[str, list[str]]:
    """Type-check Python Pulumi programs (name -> source) in one pyright run.

    Checked against the ``pulumi`` / ``pulumi_aws`` installed for ``python`` (default: see
    :func:`pyright_python`). Only diagnostics of severity *error* whose pyright rule is in ``rules``
    are reported (``rules=None``: every error). Returns, for every input name, a list of
    ``"LINE:COL rule: message"`` (1-based; a multi-line message keeps its ``"\\n"``).
    """
    nm = node_modules_dir()
    if nm is None or not _pyright_js(nm).is_file():
        raise TypecheckError("pyright not found: run scripts/setup-node.sh")
    py = pyright_python(python)
    if py is None:
        raise TypecheckError("no Python with pulumi and pulumi_aws: pip install 'iacfix[typecheck]'")
    wanted = None if rules is None else frozenset(rules)
    result: dict[str, list[str]] = {name: [] for name in files}
    if not files:
        return result
    with tempfile.TemporaryDirectory(prefix="iacfix-pyright-") as tmp:
        tmpd = Path(tmp).resolve()
        src = tmpd / "src"
        src.mkdir()
        by_path: dict[str, str] = {}
        for i, (name, text) in enumerate(files.items()):
            p = src / f"p{i:05d}.py"
            p.write_text(text, encoding="utf-8")
            by_path[str(p)] = name
        (tmpd / "pyrightconfig.json").write_text(
            json.dumps(
                {
                    "include": ["src"],
                    "typeCheckingMode": PYRIGHT_MODE,
                    "reportMissingModuleSource": "none",
                }
            ),
            encoding="utf-8",
        )
        try:
            proc = subprocess.run(
                [
                    "node",
                    str(_pyright_js(nm)),
                    "--outputjson",
                    "--pythonpath",
                    str(py),
                    "-p",
                    str(tmpd / "pyrightconfig.json"),
                ],
                cwd=tmpd,
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as e:
            raise TypecheckError(f"pyright timed out after {timeout}s") from e
        try:
            data = json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            raise TypecheckError(
                f"pyright failed (exit {proc.returncode}): {(proc.stdout + proc.stderr)[:4000]}"
            ) from e
        for d in data.get("generalDiagnostics", []):
            if d.get("severity") != "error":
                continue
            rule = d.get("rule") or ""
            if wanted is not None and rule not in wanted:
                continue
            owner = by_path.get(str(Path(d.get("file", "")).resolve()))
            if owner is None:
                continue
            start = d.get("range", {}).get("start", {})
            line = int(start.get("line", 0)) + 1
            col = int(start.get("character", 0)) + 1
            msg = str(d.get("message", "")).replace("\xa0", " ")
            result[owner].append(f"{line}:{col} {rule or 'error'}: {msg}")
    return result
