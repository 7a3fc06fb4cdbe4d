"""`iacfix rules` (the list) and `iacfix explain RULE` (one rule's documentation)."""

from typing import Annotated

import typer

from . import cli_options as opt

AsJson = Annotated[bool, typer.Option("--json", help="Every rule's documentation, as JSON.")]
Rule = Annotated[
    str,
    typer.Argument(metavar="RULE", show_default=False, help="A rule id or slug, e.g. IAC005 or log-group-retention."),
]


def rules(as_json: AsJson = False) -> None:
    """List the rules: id, slug, severity, fix safety, languages, title."""
    from .options import defaults
    from .rules import all_transforms

    ts = all_transforms()
    if as_json:
        import json

        typer.echo(
            json.dumps(
                [
                    {
                        "id": t.id,
                        "slug": t.slug,
                        "title": t.title,
                        "severity": t.severity,
                        "fix": t.applicability.value,
                        "languages": sorted(t.languages),
                        "profiles": sorted(t.profiles),
                        "options": defaults(t.Options),
                        **t.doc.__dict__,
                    }
                    for t in ts
                ],
                indent=2,
                default=list,
            )
        )
        return
    for t in ts:
        langs = "+".join("ts" if lang == "typescript" else "py" for lang in sorted(t.languages, reverse=True))
        profile = f" (profile: {', '.join(sorted(t.profiles))})" if t.profiles else ""
        typer.echo(f"{t.id}  {t.slug:<28} {t.severity:<8} {t.applicability.value:<7} {langs:<6} {t.title}{profile}")


def explain(rule: Rule) -> None:
    """Show a rule's documentation: what, why, example, fix safety, references."""
    from .options import describe
    from .rules import get_transform, suggest

    t = get_transform(rule)
    if t is None:
        close = suggest(rule)
        opt.fail(f"no rule named {rule!r}" + (f"; did you mean {close}?" if close else " (see `iacfix rules`)"))
    d = t.doc
    parts = [
        f"{t.id} {t.slug}: {t.title}",
        f"Severity: {t.severity}. Fix: {t.applicability.value}. Languages: {', '.join(sorted(t.languages))}."
        + (f' Off unless `profile = "{"/".join(sorted(t.profiles))}"` or selected by name.' if t.profiles else ""),
        "",
        "## What it does",
        d.what,
        "",
        "## Why it matters",
        d.why,
        "",
        "## Example",
        "Before:",
        _indent(d.before),
        "After:",
        _indent(d.after),
        "",
        "## Fix safety",
        d.fix_safety,
    ]
    opts = describe(t.Options)
    if opts:
        parts += ["", "## Options", *[f"- {k} (default {v!r}): {h}" for k, v, h in opts]]
    if d.references:
        parts += ["", "## References", *[f"- {r}" for r in d.references]]
    typer.echo("\n".join(parts))


def _indent(s: str) -> str:
    return "\n".join("    " + ln for ln in s.splitlines())
