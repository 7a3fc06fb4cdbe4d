"""The `iacfix` command line.

Exit codes: 0 nothing (left) to fix; 1 `--dry-run` would change something, or `check` found
something; 2 usage or input errors (missing, binary, unparsable files; bad configuration).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from . import __version__

app = typer.Typer(
    name="iacfix",
    help="Fix the mistakes language models make in Pulumi infrastructure code.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"iacfix {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    pass


def _err(msg: str) -> None:
    typer.echo(f"iacfix: error: {msg}", err=True)


def _load_settings(paths: list[str], config_file: Optional[Path], pins: list[str], select: list[str],
                   ignore: list[str], unsafe: bool):
    from .config import find_config_file, load_config, parse_pin
    from .errors import ConfigError

    try:
        cfg_path = config_file
        if cfg_path is None:
            first = next((p for p in paths if p != "-"), ".")
            cfg_path = find_config_file(Path(first) if Path(first).exists() else Path("."))
        config = load_config(cfg_path)
        images = dict(config.images)
        for p in pins:
            ref, digest = parse_pin(p)
            images[ref] = digest
        lock = _lock_digests(paths)
        config = config.with_(
            images=images, lock=lock,
            select=tuple(select) or config.select,
            ignore=tuple(ignore) + config.ignore,
            unsafe_fixes=unsafe or config.unsafe_fixes,
        )
        from .engine import active_transforms

        active_transforms(config)  # unknown rule names and options fail here, once, clearly
    except ConfigError as exc:
        _err(str(exc))
        raise typer.Exit(2)
    return config


def _lock_digests(paths: list[str]) -> dict[str, str]:
    """Digests from the nearest iacfix.lock (written by `iacfix pin-images`)."""
    try:
        from .images.lock import find_lock, load_lock
    except ImportError:
        return {}
    first = next((p for p in paths if p != "-"), ".")
    start = Path(first)
    lock_path = find_lock(start if start.is_dir() else start.parent)
    if lock_path is None:
        return {}
    from .errors import ConfigError

    try:
        entries = load_lock(lock_path)
    except (ValueError, OSError) as exc:
        raise ConfigError(str(lock_path), f"unreadable lock file: {exc}") from None
    return {ref: entry.digest for ref, entry in entries.items()}


def _guess_language(data: bytes) -> str:
    if b"pulumi_aws" in data or b"import pulumi\n" in data or b"def " in data:
        return "python"
    if data.lstrip().startswith(b"#") or b"```" in data:
        return "markdown"
    return "typescript"


def _run(paths: list[str], config, *, fix: bool, language: Optional[str]):
    """Yield (path, FileResult | None, error) for every input."""
    from .document import Document
    from .engine import FileResult, fix_document
    from .errors import InputError
    from .files import iter_inputs

    for path, problem in iter_inputs(paths, config) if paths != ["-"] else [("-", None)]:
        if problem is not None:
            yield path, None, problem.reason
            continue
        try:
            if path == "-":
                raw = sys.stdin.buffer.read()
                doc = Document.from_bytes("<stdin>", raw, language or _guess_language(raw))
            else:
                doc = Document.read(path, language)
        except InputError as exc:
            yield path, None, exc.reason
            continue
        try:
            res = fix_document(doc, config, fix=fix)
        except Exception as exc:  # report, keep going: one bad file never stops the run
            yield path, FileResult(path=path, language=doc.language, status="failed",
                                   error=f"internal error: {type(exc).__name__}: {exc}"), None
            continue
        yield path, res, None


def _syntax_problem(res):
    """The first syntax error of a file (or of one of its markdown blocks), if any."""
    from .notes import NoteKind

    return next((n for n in res.notes if n.kind is NoteKind.SYNTAX_ERROR), None)


@app.command()
def apply(
    paths: List[str] = typer.Argument(..., help="Files or folders (.ts, .py, .md); '-' reads stdin, writes stdout."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print a diff of what would change; write nothing."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Also apply fixes that change behaviour or cost."),
    pin: List[str] = typer.Option([], "--pin", help="Image digest to pin: REFERENCE=sha256:<hex> (repeatable)."),
    select: List[str] = typer.Option([], "--select", help="Only these transforms (id, slug or id prefix)."),
    ignore: List[str] = typer.Option([], "--ignore", help="Skip these transforms."),
    config_file: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: found upward)."),
    language: Optional[str] = typer.Option(None, "--language", help="typescript, python or markdown (for '-')."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the diff (default: when a terminal)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors."),
) -> None:
    """Fix files in place (safe fixes; --unsafe-fixes adds the rest)."""
    from .errors import InputError
    from .files import atomic_write
    from .notes import NoteKind
    from .report import finding_lines, print_diff, unified_diff

    config = _load_settings(paths, config_file, pin, select, ignore, unsafe_fixes)
    use_color = sys.stdout.isatty() if color is None else color
    errors = changed = fixes = 0
    remaining: list[str] = []
    for path, res, problem in _run(paths, config, fix=True, language=language):
        if problem is not None:
            _err(f"{path}: {problem}")
            errors += 1
            continue
        if res.status == "failed":
            _err(f"{path}: {res.error}")
            errors += 1
            continue
        syntax = _syntax_problem(res)
        if syntax and not res.applied:
            _err(f"{path}: cannot parse as {res.language}: {syntax}")
            errors += 1
            if not quiet:
                for n in res.notes:
                    if n.kind is NoteKind.IN_BROKEN_CODE:
                        typer.echo(f"{path}: note: {n}", err=True)
            continue
        if syntax:
            _err(f"{path}: syntax error outside the fixed code ({syntax}); that code was left as is")
            errors += 1
        if not quiet:
            for n in res.notes:
                if n.kind is not NoteKind.SYNTAX_ERROR:
                    typer.echo(f"{path}: note: {n}", err=True)
        remaining.extend(finding_lines(res))
        if res.status != "changed":
            if path == "-" and not dry_run:
                # Nothing to fix: a pipeline still gets its data back.
                sys.stdout.buffer.write(res.output)
                sys.stdout.flush()
            continue
        changed += 1
        fixes += len(res.applied)
        if path == "-":
            if dry_run:
                print_diff(unified_diff(res), sys.stdout, use_color)
            else:
                sys.stdout.buffer.write(res.output)
                sys.stdout.flush()
            continue
        if dry_run:
            print_diff(unified_diff(res), sys.stdout, use_color)
            continue
        try:
            atomic_write(path, res.output, expected=res.original)
        except InputError as exc:
            _err(str(exc))
            errors += 1
            changed -= 1
    # An input error alone is reported in its one line; a summary of nothing would only add noise.
    if not quiet and not (errors and not changed and not remaining):
        verb = "Would fix" if dry_run else "Fixed"
        typer.echo(f"{verb} {fixes} issue(s) in {changed} file(s).", err=True)
        if remaining:
            typer.echo(f"{len(remaining)} finding(s) left (run `iacfix check` for the list).", err=True)
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if (dry_run and changed) else 0)


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="Files or folders; '-' reads stdin."),
    output_format: str = typer.Option("text", "--format", help="text, json or sarif."),
    pin: List[str] = typer.Option([], "--pin", help="Image digest: REFERENCE=sha256:<hex> (repeatable)."),
    select: List[str] = typer.Option([], "--select"),
    ignore: List[str] = typer.Option([], "--ignore"),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="Count unsafe fixes as available."),
    config_file: Optional[Path] = typer.Option(None, "--config"),
    language: Optional[str] = typer.Option(None, "--language"),
) -> None:
    """Report findings without writing anything. Exit 1 when there are findings."""
    from .report import dump_json, finding_lines, json_report, sarif_report

    if output_format not in ("text", "json", "sarif"):
        _err(f"--format must be text, json or sarif, not {output_format!r}")
        raise typer.Exit(2)
    config = _load_settings(paths, config_file, pin, select, ignore, unsafe_fixes)
    results = []
    errors = 0
    for path, res, problem in _run(paths, config, fix=False, language=language):
        if problem is not None or res.status == "failed":
            _err(f"{path}: {problem or res.error}")
            errors += 1
            continue
        syntax = _syntax_problem(res)
        if syntax and not res.findings:
            _err(f"{path}: cannot parse as {res.language}: {syntax}")
            errors += 1
            continue
        if syntax:
            _err(f"{path}: has syntax errors ({syntax}); findings in them are not fixable")
            errors += 1
        results.append(res)
    total = sum(len(r.findings) for r in results)
    if output_format == "json":
        dump_json(json_report(results))
    elif output_format == "sarif":
        dump_json(sarif_report(results))
    else:
        for r in results:
            for line in finding_lines(r):
                typer.echo(line)
        fixable = sum(1 for r in results for f in r.findings if f.fixable and f.applicability == "safe")
        typer.echo(f"Found {total} finding(s); {fixable} fixable with `iacfix apply`.", err=True)
    if errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if total else 0)


@app.command()
def rules(as_json: bool = typer.Option(False, "--json", help="All documentation as JSON.")) -> None:
    """List the transforms."""
    from .options import defaults
    from .rules import all_transforms

    ts = all_transforms()
    if as_json:
        import json

        typer.echo(json.dumps([
            {"id": t.id, "slug": t.slug, "title": t.title, "severity": t.severity, "fix": t.applicability.value,
             "languages": sorted(t.languages), "options": defaults(t.Options), **t.doc.__dict__}
            for t in ts], indent=2, default=list))
        return
    for t in ts:
        langs = "+".join("ts" if lang == "typescript" else "py" for lang in sorted(t.languages, reverse=True))
        typer.echo(f"{t.id}  {t.slug:<28} {t.severity:<8} {t.applicability.value:<7} {langs:<6} {t.title}")


@app.command()
def explain(rule: str = typer.Argument(..., help="Transform id or slug, e.g. IAC005.")) -> None:
    """Show a transform's documentation."""
    from .options import describe
    from .rules import get_transform

    t = get_transform(rule)
    if t is None:
        _err(f"no transform named {rule!r} (see `iacfix rules`)")
        raise typer.Exit(2)
    d = t.doc
    parts = [
        f"{t.id} {t.slug}: {t.title}",
        f"Severity: {t.severity}. Fix: {t.applicability.value}. Languages: {', '.join(sorted(t.languages))}.",
        "", "## What it does", d.what, "", "## Why it matters", d.why, "", "## Example", "Before:",
        _indent(d.before), "After:", _indent(d.after), "", "## Fix safety", d.fix_safety,
    ]
    opts = describe(t.Options)
    if opts:
        parts += ["", "## Options", *[f"- {k} (default {v!r}): {h}" for k, v, h in opts]]
    if d.references:
        parts += ["", "## References", *[f"- {r}" for r in d.references]]
    typer.echo("\n".join(parts))


def _indent(s: str) -> str:
    return "\n".join("    " + ln for ln in s.splitlines())


_EXTENSIONS = ("iacfix.batch.command", "iacfix.images.command", "iacfix.verify_command")


def _register_extensions() -> None:
    """Commands that live with their subsystem register themselves here."""
    import importlib

    for name in _EXTENSIONS:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        mod.register(app)


_register_extensions()


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
