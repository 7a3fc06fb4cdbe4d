"""What `iacfix check PATH...` does: report findings, write nothing.

Formats: text (one line per finding, as ruff's), json, sarif (2.1.0), github (workflow
annotations), gitlab (Code Quality report), junit (XML). Exit 1 when there are findings, 0 when
none, 2 on errors; `--exit-zero` turns 1 into 0. The command's options are declared for typer in
check_command and read without it in cli_plain; both call `run` with every value.
"""

from pathlib import Path

from .cli_settings import load_settings
from .console import echo, error, fail

FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


def run(
    *,
    paths: list[str],
    output_format: str,
    statistics: bool,
    exit_zero: bool,
    unsafe_fixes: bool,
    pin: list[str],
    select: list[str],
    extend_select: list[str],
    ignore: list[str],
    config_file: Path | None,
    language: str | None,
    quiet: bool,
) -> None:
    """Report the findings of `paths`; ends the process with the exit code (SystemExit)."""
    from .run_files import run_paths, slim, syntax_problem

    if statistics and output_format not in ("text", "json"):
        fail("--statistics works with --format text or json")
    config = load_settings(
        paths,
        config_file=config_file,
        pins=pin,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        unsafe_fixes=unsafe_fixes,
    )
    results = []
    errors = 0
    for out in run_paths(paths, config, fix=False, language=language):
        path, res = out.path, out.result
        if res is None or res.status == "failed":
            error(f"{path}: {out.problem or (res.error if res is not None else '')}")
            errors += 1
            continue
        syntax = syntax_problem(res)
        if syntax and not res.findings:
            error(f"{path}: cannot parse as {res.language}: {syntax}")
            errors += 1
            continue
        if syntax:
            error(f"{path}: has syntax errors ({syntax}); findings in them are not fixable")
            errors += 1
        results.append(slim(res))
    total = sum(len(r.findings) for r in results)
    _render(output_format, statistics, results, config.unsafe_fixes, quiet)
    if errors:
        raise SystemExit(2)
    if exit_zero:
        raise SystemExit(0)
    raise SystemExit(1 if total else 0)


def _render(output_format: str, statistics: bool, results: list, unsafe: bool, quiet: bool) -> None:
    if output_format == "text":
        _render_text(results, statistics, unsafe, quiet)
        return
    from .report import dump_json

    if output_format == "json":
        from .report import json_report
        from .text_report import statistics as stats

        dump_json(stats(results) if statistics else json_report(results, unsafe))
    elif output_format == "sarif":
        from .report import sarif_report

        dump_json(sarif_report(results))
    elif output_format == "gitlab":
        from .ci_report import gitlab_code_quality

        dump_json(gitlab_code_quality(results))
    elif output_format == "github":
        from .ci_report import github_annotations

        for line in github_annotations(results):
            echo(line)
    elif output_format == "junit":
        from .ci_report import junit_xml

        echo(junit_xml(results), nl=False)


def _render_text(results: list, statistics: bool, unsafe: bool, quiet: bool) -> None:
    from .display import display_text
    from .notes import NoteKind
    from .text_report import finding_lines, fixable_counts, help_lines, statistics_lines, unsafe_hint
    from .text_report import statistics as stats

    if statistics:
        for line in statistics_lines(stats(results)):
            echo(line)
    else:
        for r in results:
            for line in finding_lines(r, unsafe):
                echo(line)
        for line in help_lines(results):
            echo(line)
    if quiet:
        return
    for r in results:
        for n in r.notes:
            if n.kind is not NoteKind.SYNTAX_ERROR:
                echo(display_text(f"{r.path}: note: {n}"), err=True)
    total = sum(len(r.findings) for r in results)
    now, hidden = fixable_counts(results, unsafe)
    command = "`iacfix apply --unsafe-fixes`" if unsafe else "`iacfix apply`"
    hint = unsafe_hint(hidden)
    echo(f"Found {total} finding(s); {now} fixable with {command}{' (' + hint + ')' if hint else ''}.", err=True)
