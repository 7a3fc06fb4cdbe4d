"""`iacfix batch`: fix a folder, a file, a JSONL or a Parquet dataset in one command.

Kept light on purpose: the CLI imports this module at start-up, so everything heavy is
imported inside the command.
"""

from pathlib import Path
from typing import Annotated

import typer

from .. import cli_options as opt
from ..cli_parsing import choice

Input = Annotated[
    str,
    typer.Argument(
        metavar="INPUT",
        show_default=False,
        help="A folder (walked for .ts, .py and .md files), one file, or a .jsonl or .parquet dataset.",
    ),
]
Out = Annotated[
    str | None,
    typer.Option(
        "--out",
        "-o",
        metavar="PATH",
        show_default=False,
        help="Where to write: a folder for a folder (every file of the input, fixed or as it is), a file for a dataset.",
    ),
]
InPlace = Annotated[bool, typer.Option("--in-place", help="Overwrite the input files (atomically).")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Write nothing but the reports.")]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs", "-j", metavar="N", help="Worker processes (0: all cores; 1: in this process, for a debugger)."
    ),
]
Resume = Annotated[
    bool, typer.Option("--resume", help="Skip the files or records already in the output (after an interruption).")
]
Force = Annotated[bool, typer.Option("--force", help="Overwrite output files this run did not create.")]
Include = Annotated[
    list[str],
    typer.Option(
        "--include",
        metavar="GLOB",
        show_default=False,
        help="Folders: fix only the files matching (MODEL_RESPONSE.md, tasks/*/answer.md); the others are copied "
        "as they are. Repeatable.",
    ),
]
Exclude = Annotated[
    list[str],
    typer.Option(
        "--exclude",
        metavar="GLOB",
        show_default=False,
        help="Folders: do not fix the files (or folders) matching; they are copied as they are. Repeatable.",
    ),
]
Field = Annotated[str, typer.Option("--field", metavar="NAME", help="Datasets: the field holding the response.")]
IdField = Annotated[
    str | None,
    typer.Option(
        "--id-field",
        metavar="NAME",
        show_default=False,
        help="Datasets: the field naming each record in the reports (default: file:line).",
    ),
]
Language = Annotated[
    str,
    typer.Option(
        "--language",
        metavar="LANG",
        parser=choice("markdown", "typescript", "python", "auto"),
        help="Datasets: markdown, typescript, python or auto (guessed per record).",
    ),
]
OutField = Annotated[
    str | None,
    typer.Option(
        "--out-field",
        metavar="NAME",
        show_default=False,
        help="Datasets: the field for the fixed text (default: <field>_fixed).",
    ),
]
MetaField = Annotated[
    str,
    typer.Option(
        "--meta-field",
        metavar="NAME",
        help="Datasets: the field for what iacfix did (changed, applied, findings, status, error).",
    ),
]
Report = Annotated[
    Path | None,
    typer.Option(
        "--report",
        metavar="FILE",
        show_default=False,
        help="Write a JSON report: the totals, and per input the rules applied, the findings left by rule and the diff.",
    ),
]
Html = Annotated[
    Path | None,
    typer.Option(
        "--html",
        metavar="FILE",
        show_default=False,
        help="Write an HTML report: findings left per rule, every record filterable by rule and status, its diff.",
    ),
]
Chunksize = Annotated[
    int,
    typer.Option("--chunksize", metavar="N", help="Inputs per task sent to a worker (0: chosen by the input's kind)."),
]
Progress = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        show_default=False,
        help="A progress bar (default: when standard error is a terminal).",
    ),
]


def batch(
    input_path: Input,
    out: Out = None,
    in_place: InPlace = False,
    dry_run: DryRun = False,
    include: Include = [],
    exclude: Exclude = [],
    jobs: Jobs = 0,
    resume: Resume = False,
    force: Force = False,
    field: Field = "response",
    id_field: IdField = None,
    language: Language = "markdown",
    out_field: OutField = None,
    meta_field: MetaField = "iacfix",
    unsafe_fixes: opt.UnsafeFixes = False,
    pin: opt.Pin = [],
    select: opt.Select = [],
    extend_select: opt.ExtendSelect = [],
    ignore: opt.Ignore = [],
    config_file: opt.ConfigFile = None,
    report: Report = None,
    html_report: Html = None,
    chunksize: Chunksize = 0,
    progress: Progress = None,
    quiet: opt.Quiet = False,
) -> None:
    """Fix a whole dataset of model responses. Exit 1 when any input failed, 2 on usage errors."""
    import sys

    from .runner import BatchError, BatchOptions, check_report_path, run_batch
    from .summary import RowSpool, write_html_report, write_json_report

    if in_place and out:
        opt.error("--in-place and --out exclude each other")
        raise typer.Exit(2)
    if jobs < 0:
        opt.error("--jobs must be 0 (all cores) or more")
        raise typer.Exit(2)
    try:
        for r in (report, html_report):
            if r is not None:
                check_report_path(r, input_path, None if in_place else out)
    except BatchError as exc:
        opt.error(str(exc))
        raise typer.Exit(2) from None
    config = opt.load_settings(
        [input_path],
        config_file=config_file,
        pins=pin,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        unsafe_fixes=unsafe_fixes,
    )
    # The reports' rows are spooled to a temporary file while the batch runs (memory stays flat).
    spool_dir = next((str(p.parent) for p in (report, html_report) if p is not None and p.parent.exists()), None)
    spool = RowSpool(spool_dir) if report or html_report else None
    show = sys.stderr.isatty() if progress is None else progress
    opts = BatchOptions(
        out=out,
        in_place=in_place,
        dry_run=dry_run,
        jobs=jobs,
        resume=resume,
        force=force,
        field=field,
        language=language,
        out_field=out_field,
        meta_field=meta_field,
        chunksize=chunksize,
        progress=show and not quiet,
        on_outcome=spool.add if spool else None,
        include=tuple(include),
        exclude=tuple(exclude),
        id_field=id_field,
        details=spool is not None,
    )
    summary = None
    interrupted = False
    try:
        try:
            summary = run_batch(input_path, config, opts)
        except BatchError as exc:
            opt.error(str(exc))
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            interrupted = True
            summary = opts.extra.get("summary")
            opt.error("interrupted: everything written so far is complete; run again with --resume to go on")
        if summary is not None:
            if not quiet:
                typer.echo(summary.text(), err=True)
            if summary.seen == 0 and not interrupted:
                typer.echo(
                    f"iacfix: warning: no input found in {summary.input} (.ts, .py, .md files, or records)", err=True
                )
            if report and spool is not None:
                write_json_report(report, summary, spool)
            if html_report and spool is not None:
                write_html_report(html_report, summary, _titles(), spool)
    finally:
        if spool is not None:
            spool.close()
    if interrupted:
        raise typer.Exit(130)
    raise typer.Exit(1 if summary is not None and summary.failed else 0)


def _titles() -> dict[str, str]:
    from ..rule_index import RULES

    return {t.id: t.title for t in RULES}
