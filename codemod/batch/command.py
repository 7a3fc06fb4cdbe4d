"""`iacfix batch`: fix a folder, a file, a JSONL or a Parquet dataset in one command.

Kept light on purpose: the CLI imports this module at start-up, so everything heavy is
imported inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def batch(
    input_path: str = typer.Argument(..., metavar="INPUT",
                                     help="A folder (walked for .ts/.py/.md), a file, a .jsonl or a .parquet dataset."),
    out: Optional[str] = typer.Option(None, "--out", "-o", help="Where to write: a folder for a folder, a file for a dataset."),
    in_place: bool = typer.Option(False, "--in-place", help="Overwrite the input (atomically)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Report only; write nothing but the reports."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0: all cores; 1: in this process, for a debugger)."),
    resume: bool = typer.Option(False, "--resume", help="Skip files/records already in OUTPUT (after an interruption)."),
    force: bool = typer.Option(False, "--force", help="Overwrite output files this run did not create."),
    field: str = typer.Option("response", "--field", help="Dataset field holding the response."),
    language: str = typer.Option("markdown", "--language", help="markdown, typescript, python or auto (dataset fields)."),
    out_field: Optional[str] = typer.Option(None, "--out-field", help="Field for the fixed text (default <field>_fixed)."),
    meta_field: str = typer.Option("iacfix", "--meta-field", help="Field for what iacfix did (changed, applied, findings, status, error)."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply fixes that change behaviour or cost."),
    pin: List[str] = typer.Option([], "--pin", help="Image digest to pin: REFERENCE=sha256:<hex> (repeatable)."),
    select: List[str] = typer.Option([], "--select", help="Only these transforms (id, slug or id prefix)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Skip these transforms."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: found upward)."),
    report: Optional[Path] = typer.Option(None, "--report", help="Write a JSON report: summary + one row per input."),
    html_report: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report."),
    chunksize: int = typer.Option(0, "--chunksize", help="Inputs per task sent to a worker (0: automatic)."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: when stderr is a terminal)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary; only errors."),
) -> None:
    """Fix a whole dataset of model responses. Exit 1 when any input failed, 2 on usage errors."""
    import sys

    from ..cli_options import error as _err
    from ..cli_options import load_settings
    from .runner import BatchError, BatchOptions, check_report_path, run_batch
    from .summary import RowSpool, write_html_report, write_json_report

    if in_place and out:
        _err("--in-place and --out exclude each other")
        raise typer.Exit(2)
    if jobs < 0:
        _err("--jobs must be 0 (all cores) or more")
        raise typer.Exit(2)
    try:
        for r in (report, html_report):
            if r is not None:
                check_report_path(r, input_path, None if in_place else out)
    except BatchError as exc:
        _err(str(exc))
        raise typer.Exit(2)
    config = load_settings([input_path], config_file=config_file, pins=pin, select=select, ignore=ignore,
                           unsafe_fixes=unsafe_fixes)
    spool = RowSpool(str(report.parent) if report and report.parent.exists() else None) if report else None
    show = sys.stderr.isatty() if progress is None else progress
    opts = BatchOptions(out=out, in_place=in_place, dry_run=dry_run, jobs=jobs, resume=resume, force=force,
                        field=field, language=language, out_field=out_field, meta_field=meta_field,
                        chunksize=chunksize, progress=show and not quiet,
                        on_outcome=spool.add if spool else None)
    summary = None
    interrupted = False
    try:
        try:
            summary = run_batch(input_path, config, opts)
        except BatchError as exc:
            _err(str(exc))
            raise typer.Exit(2)
        except KeyboardInterrupt:
            interrupted = True
            summary = opts.extra.get("summary")
            _err("interrupted: everything written so far is complete; run again with --resume to go on")
        if summary is not None:
            if not quiet:
                typer.echo(summary.text(), err=True)
            if summary.seen == 0 and not interrupted:
                typer.echo(f"iacfix: warning: no input found in {summary.input} (.ts, .py, .md files, "
                           "or records)", err=True)
            if report:
                write_json_report(report, summary, spool)
            if html_report:
                write_html_report(html_report, summary, _titles())
    finally:
        if spool is not None:
            spool.close()
    if interrupted:
        raise typer.Exit(130)
    raise typer.Exit(1 if summary.failed else 0)


def _titles() -> dict[str, str]:
    from ..rules import all_transforms

    return {t.id: t.title for t in all_transforms()}
