"""The `iacfix` command line's entry point: `main()`.

A plain command line of `apply` or `check` (paths and the command's own options, spelled in
full) is read by cli_plain and run without importing typer, whose import and set-up were more
than a quarter of `apply` on a small file; `iacfix --version` is answered here. Every other
command line goes to the typer app (cli_app), which gives help, did-you-mean and every usage
error.

Exit codes: 0 nothing (left) to fix; 1 findings remain, or `--dry-run` would change something;
2 usage or input errors (missing, binary, unparsable files; bad configuration).
"""

import gc
import sys
from typing import Any

from . import __version__

# Each command: the module that declares it for typer and the function. A run that typer reads
# names one command; only that one is imported and declared (cli_app.build_app).
COMMANDS = {
    "apply": ("apply_command", "apply"),
    "check": ("check_command", "check"),
    "rules": ("rules_command", "rules"),
    "explain": ("rules_command", "explain"),
    "batch": ("batch.command", "batch"),
    "pin-images": ("images.command", "pin_images"),
    "verify": ("verify_command", "verify"),
}


def version_line() -> str:
    compiled = compiled_modules()
    return f"iacfix {__version__}" + (f" (compiled: {', '.join(compiled)})" if compiled else "")


def compiled_modules() -> list[str]:
    """The modules of this install that a compiled build (IACFIX_COMPILE=1, see
    tools/build_backend/iacfix_build.py) made extension modules: the import system loads those before the
    sources beside them. Named in `--version`, since a report of a difference between two installs
    starts there."""
    import os
    from importlib.machinery import EXTENSION_SUFFIXES

    root = os.path.dirname(__file__)
    suffixes = sorted(EXTENSION_SUFFIXES, key=len, reverse=True)  # ".cpython-311-...so" before ".so"
    found = []
    for folder, _dirs, files in os.walk(root):
        package = os.path.relpath(folder, root).replace(os.sep, ".")
        for name in files:
            suffix = next((s for s in suffixes if name.endswith(s)), None)
            if suffix is not None:
                stem = name[: -len(suffix)]
                found.append("iacfix." + (stem if package == "." else f"{package}.{stem}"))
    return sorted(found)


def __getattr__(name: str) -> Any:
    # `app` (every command) and `build_app` come from cli_app on first use: by the tests'
    # CliRunner, not by a run that cli_plain reads.
    if name in ("app", "build_app"):
        from . import cli_app

        globals()["build_app"] = cli_app.build_app
        if name == "app":
            globals()["app"] = cli_app.build_app()
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    # Everything loaded so far (the interpreter's modules, this one) lives until the process
    # ends: moved out of the collector's sight, it is not scanned again by the collections while
    # the command runs nor by the one at exit (25 M of 454 M instructions of `apply` on a small file).
    gc.freeze()
    from .lifetime import own_process

    own_process()  # the tables it loads for good are frozen too, when loaded
    args = sys.argv[1:]
    first = args[0] if args else ""
    if first in ("apply", "check"):
        from .cli_plain import plain_call, run_plain

        call = plain_call(first, args[1:])
        if call is not None:
            run_plain(call)  # (exits)
    elif args == ["--version"]:
        from .console import echo

        echo(version_line())
        sys.exit(0)
    from .cli_app import build_app

    gc.freeze()  # (typer and the app's modules, as above)
    if first in COMMANDS:
        build_app((first,))()
    elif first == "--version":  # an eager option: answered before any command is looked up
        build_app(())()
    else:
        build_app()()


if __name__ == "__main__":  # pragma: no cover
    main()
