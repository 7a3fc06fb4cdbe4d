"""`iacfix verify PATH...`: fix in memory, type-check before and after, report regressions.

Exit codes: 0 no program that type-checked before fails after; 1 at least one regression;
2 tsc / @pulumi packages missing, or inputs that could not be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def register(app: typer.Typer) -> None:
    app.command("verify")(verify)


def verify(
    paths: List[str] = typer.Argument(..., help="Files or folders (.ts, .md; .py with --python) to fix in memory and type-check."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply fixes that change behaviour or cost."),
    pin: List[str] = typer.Option([], "--pin", help="Image digest to pin: REFERENCE=sha256:<hex> (repeatable)."),
    select: List[str] = typer.Option([], "--select", help="Only these transforms (id, slug or id prefix)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Skip these transforms."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: found upward)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    show_all: bool = typer.Option(False, "--all", help="One line per program, not only regressions."),
    python: bool = typer.Option(False, "--python", help="Also type-check Python programs (pyright against pulumi_aws)."),
) -> None:
    """Type-check every TypeScript program before and after fixing it (writes nothing).

    Each .ts file, and each TypeScript block of a markdown file, is checked as its own module
    against @pulumi/aws in one tsc run (needs node: `bash scripts/setup-node.sh`).
    """
    from .cli import _err, _load_settings
    from .typecheck import TypecheckError
    from .verify import verify_paths

    config = _load_settings(paths, config_file, pin, select, ignore, unsafe_fixes)
    try:
        report = verify_paths(paths, config, languages=("typescript", "python") if python else ("typescript",))
    except TypecheckError as exc:
        _err(f"cannot type-check: {exc}")
        raise typer.Exit(2)
    for path, reason in report.problems:
        _err(f"{path}: {reason}")
    if as_json:
        import json

        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for p in report.programs:
            if p.regression:
                typer.echo(f"{p.name}: REGRESSION: type-checked before the fix, not after:")
                for e in p.new_errors or p.after_errors:
                    typer.echo(f"    {e}")
            elif show_all:
                state = lambda ok: "ok" if ok else "errors"  # noqa: E731
                typer.echo(f"{p.name}: before {state(p.before_ok)}, after {state(p.after_ok)}"
                           + ("" if p.changed else " (unchanged)"))
        typer.echo(report.summary(), err=True)
    if report.regressions:
        raise typer.Exit(1)
    raise typer.Exit(2 if report.problems else 0)
