"""`iacfix verify PATH...`: fix in memory, type-check before and after, report regressions.

Exit codes: 0 no program that type-checked before fails after; 1 at least one regression;
2 tsc / @pulumi packages missing, or inputs that could not be read.
"""

from typing import Annotated

import typer

from . import cli_options as opt

AsJson = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]
ShowAll = Annotated[bool, typer.Option("--all", help="One line per program, not only regressions.")]
TypecheckPython = Annotated[
    bool, typer.Option("--python", help="Also type-check Python programs (pyright against pulumi_aws).")
]


def verify(
    paths: opt.FilePaths,
    unsafe_fixes: opt.UnsafeFixes = False,
    pin: opt.Pin = [],
    select: opt.Select = [],
    extend_select: opt.ExtendSelect = [],
    ignore: opt.Ignore = [],
    config_file: opt.ConfigFile = None,
    as_json: AsJson = False,
    show_all: ShowAll = False,
    python: TypecheckPython = False,
) -> None:
    """Type-check every TypeScript program before and after fixing it (writes nothing).

    Each .ts file, and each TypeScript block of a markdown file, is checked as its own module
    against @pulumi/aws in one tsc run (needs node: `bash scripts/setup-node.sh`).
    """
    from .typecheck import TypecheckError
    from .verify import verify_paths

    config = opt.load_settings(
        paths,
        config_file=config_file,
        pins=pin,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        unsafe_fixes=unsafe_fixes,
    )
    try:
        report = verify_paths(paths, config, languages=("typescript", "python") if python else ("typescript",))
    except TypecheckError as exc:
        opt.fail(f"cannot type-check: {exc}")
    for path, reason in report.problems:
        opt.error(f"{path}: {reason}")
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
                typer.echo(
                    f"{p.name}: before {state(p.before_ok)}, after {state(p.after_ok)}"
                    + ("" if p.changed else " (unchanged)")
                )
        typer.echo(report.summary(), err=True)
    if report.regressions:
        raise typer.Exit(1)
    raise typer.Exit(2 if report.problems else 0)
