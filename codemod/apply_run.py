"""What `iacfix apply PATH...` does: fix files in place (or show the diff), report what is left.

The command's options are declared for typer in apply_command and read without it in cli_plain;
both call `run` with every value. Exit codes, as ruff's `check --fix`: 0 nothing left to fix; 1
findings remain after fixing (or `--dry-run` would change something); 2 usage or input errors.
`--exit-zero` turns 1 into 0.
"""

import sys
from pathlib import Path

from .cli_settings import load_settings
from .console import echo, error


def run(
    *,
    paths: list[str],
    dry_run: bool,
    unsafe_fixes: bool,
    show_fixes: bool,
    exit_zero: bool,
    pin: list[str],
    select: list[str],
    extend_select: list[str],
    ignore: list[str],
    config_file: Path | None,
    language: str | None,
    color: bool | None,
    quiet: bool,
) -> None:
    """Fix the files of `paths`; ends the process with the exit code (SystemExit)."""
    from .display import display_text
    from .errors import InputError
    from .files import atomic_write
    from .notes import NoteKind
    from .run_files import run_paths, slim, syntax_problem
    from .text_report import fixable_counts, fixes_lines, unsafe_hint

    config = load_settings(
        paths,
        config_file=config_file,
        pins=pin,
        select=select,
        extend_select=extend_select,
        ignore=ignore,
        unsafe_fixes=unsafe_fixes,
    )
    use_color = sys.stdout.isatty() if color is None else color
    errors = changed = fixes = 0
    done = []
    for out in run_paths(paths, config, fix=True, language=language):
        path, res = out.path, out.result
        if res is None:
            error(f"{path}: {out.problem}")
            errors += 1
            continue
        if res.status == "failed":
            error(f"{path}: {res.error}")
            errors += 1
            continue
        syntax = syntax_problem(res)
        if syntax and not res.applied:
            error(f"{path}: cannot parse as {res.language}: {syntax}")
            errors += 1
            if not quiet:
                for n in res.notes:
                    if n.kind is NoteKind.IN_BROKEN_CODE:
                        echo(display_text(f"{path}: note: {n}"), err=True)
            continue
        if syntax:
            error(f"{path}: syntax error outside the fixed code ({syntax}); that code was left as is")
            errors += 1
        if not quiet:
            for n in res.notes:
                if n.kind is not NoteKind.SYNTAX_ERROR:
                    echo(display_text(f"{path}: note: {n}"), err=True)
        if res.status == "changed" and not dry_run and path != "-":
            try:
                atomic_write(path, res.output, expected=res.original)
            except InputError as exc:
                error(str(exc))
                errors += 1
                continue
        elif path == "-" and not dry_run:
            # Standard input: the output (fixed or not) goes to standard output, for pipelines.
            sys.stdout.buffer.write(res.output)
            sys.stdout.flush()
        elif res.status == "changed":
            _print_diff(res, use_color)
        if res.status == "changed":
            changed += 1
            fixes += len(res.applied)
        done.append(slim(res))
    remaining = sum(len(r.findings) for r in done)
    if show_fixes and not quiet and fixes:
        echo(f"{'Would fix' if dry_run else 'Fixed'} {fixes} issue(s):", err=True)
        for line in fixes_lines(done):
            echo(line, err=True)
    # An input error alone is reported in its one line; a summary of nothing would only add noise.
    if not quiet and not (errors and not changed and not remaining):
        verb = "Would fix" if dry_run else "Fixed"
        echo(f"{verb} {fixes} issue(s) in {changed} file(s).", err=True)
        if remaining:
            _, hidden = fixable_counts(done, config.unsafe_fixes)
            hint = unsafe_hint(hidden)
            echo(
                f"{remaining} finding(s) left{'; ' + hint if hint else ''} (run `iacfix check` for the list).", err=True
            )
    if errors:
        raise SystemExit(2)
    if exit_zero:
        raise SystemExit(0)
    raise SystemExit(1 if remaining or (dry_run and changed) else 0)


def _print_diff(res, color: bool) -> None:
    from .report import print_diff, unified_diff

    print_diff(unified_diff(res), sys.stdout, color)
