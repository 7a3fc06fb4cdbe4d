"""One record in, one record out: the unit every batch path (CLI, datasets, Ray) is built on.

A record is a dict holding a model response in one field. The output keeps every input field as
it came and adds two: the fixed text (`<field>_fixed`, or `out_field`) and one nested object with
what was done (`iacfix`, or `meta_field`: the keys in `META_FIELDS`). iacfix never overwrites an
input field: a record that already has either name is refused (`FieldCollision`), so the output
of one run is never silently merged into its input. Nothing else here raises for a bad record:
it becomes a `failed` (or `skipped`) row with the reason.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..config import Config

#: Keys of the metadata object added beside the fixed text. `findings` is the number of findings
#: left after fixing.
META_FIELDS = ("changed", "applied", "findings", "status", "error")
#: The default name of that object (`--meta-field`).
META_FIELD = "iacfix"
LANGUAGES = ("markdown", "typescript", "python", "auto")


def out_field_for(field_name: str, out_field: str | None = None) -> str:
    return out_field or f"{field_name}_fixed"


class FieldCollision(ValueError):
    """A record already has a field iacfix would add: refused, never overwritten."""


def collision(names: Any, out_field: str, meta_field: str = META_FIELD) -> str | None:
    """Why iacfix cannot add its fields to a record (or schema) with these field names, or None."""
    if out_field == meta_field:
        return f"the output field and the metadata field are both named {out_field!r}"
    for name, option in ((out_field, "--out-field"), (meta_field, "--meta-field")):
        if name in names:
            return (
                f"the input already has a field {name!r} (the output of an earlier run?); "
                f"iacfix does not overwrite it: choose another name with {option}"
            )
    return None


def guess_language(text: str | bytes) -> str:
    """For `--language auto`: a fenced block means markdown; else Python or TypeScript by look."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    if b"```" in data or b"~~~" in data:
        return "markdown"
    if b"import pulumi\n" in data or b"import pulumi_aws" in data or b"\ndef " in data or data.startswith(b"def "):
        return "python"
    return "typescript"


@dataclass
class Outcome:
    """What the summary needs to know about one input, beyond the output itself."""

    input: str
    status: str  # changed / unchanged / skipped / failed
    applied: list[str] = field(default_factory=list)  # transform ids, sorted, unique
    fixes: dict[str, int] = field(default_factory=dict)  # transform id -> fixes applied
    findings: int = 0
    error: str | None = None
    seconds: float = 0.0
    bytes_in: int = 0
    left: dict[str, int] = field(default_factory=dict)  # transform id -> findings left after fixing
    diff: str | None = None  # the unified diff of the change, when the run asked for it (reports)

    def row(self) -> dict[str, Any]:
        row = {
            "input": self.input,
            "status": self.status,
            "applied": self.applied,
            "fixes": self.fixes,
            "left": self.left,
            "error": self.error,
            "findings": self.findings,
            "seconds": round(self.seconds, 6),
        }
        if self.diff is not None:
            row["diff"] = self.diff
        return row


def fix_value(
    text: Any, language: str, config: Config, name: str = "<record>", diff: bool = False
) -> tuple[Any, Outcome]:
    """Fix one text value (str or bytes). Returns (fixed value of the same type, outcome); with
    `diff`, the outcome carries the change as a unified diff (for the reports)."""
    from ..engine import fix_text

    t0 = time.perf_counter()
    if text is None or (isinstance(text, (str, bytes)) and not text.strip()):
        return text, Outcome(name, "skipped", error="empty or missing text")
    if not isinstance(text, (str, bytes)):
        return text, Outcome(name, "failed", error=f"expected text, got {type(text).__name__}")
    lang = guess_language(text) if language == "auto" else language
    try:
        raw = text.encode("utf-8") if isinstance(text, str) else text
    except UnicodeEncodeError as exc:  # lone surrogates from a lenient JSON decoder
        return text, Outcome(name, "failed", error=f"not encodable as UTF-8: {exc.reason}")
    res = fix_text(raw, lang, config, path=name)
    fixes = Counter(a.rule for a in res.applied)
    out = Outcome(
        name,
        res.status,
        applied=sorted(fixes),
        fixes=dict(fixes),
        findings=len(res.findings),
        error=res.error,
        bytes_in=len(raw),
        left=dict(sorted(Counter(f.rule for f in res.findings).items())),
    )
    if diff and res.status == "changed":
        from ..report import unified_diff

        out.diff = unified_diff(res)
    if res.status == "failed":
        out.applied, out.fixes = [], {}
        value = text
    elif isinstance(text, str):
        value = res.output.decode("utf-8") if res.status == "changed" else text
    else:
        value = res.output
    out.seconds = time.perf_counter() - t0
    return value, out


def fix_field(
    record: dict, config: Config, field: str, language: str, name: str, diff: bool = False
) -> tuple[Any, Outcome]:
    """(value for the output field, outcome) for one record. Never raises for a bad record: any
    exception (a RecursionError on deep data, a MemoryError) is that record's failure."""
    if field not in record:
        return None, Outcome(name, "skipped", error=f"no field {field!r}")
    try:
        return fix_value(record[field], language, config, name, diff)
    except Exception as exc:  # never lose the record, never stop the batch
        return record[field], Outcome(name, "failed", error=f"internal error: {type(exc).__name__}: {exc}")


def fix_record_outcome(
    record: Any,
    config: Config,
    field: str = "response",
    language: str = "markdown",
    out_field: str | None = None,
    name: str = "<record>",
    meta_field: str = META_FIELD,
) -> tuple[dict, Outcome]:
    """`fix_record` plus the outcome (timing, per-transform counts) for the summary."""
    target = out_field_for(field, out_field)
    if not isinstance(record, dict):
        raise FieldCollision(f"record is not an object ({type(record).__name__})")
    clash = collision(record, target, meta_field)
    if clash:
        raise FieldCollision(clash)
    value, out = fix_field(record, config, field, language, name)
    return {**record, target: value, meta_field: meta(out)}, out


def meta(out: Outcome) -> dict[str, Any]:
    """The metadata object added to each output record."""
    return {
        "changed": out.status == "changed",
        "applied": list(out.applied),
        "findings": out.findings,
        "status": out.status,
        "error": out.error,
    }


def fix_record(
    record: dict,
    config: Config | None = None,
    field: str = "response",
    language: str = "markdown",
    out_field: str | None = None,
    meta_field: str = META_FIELD,
) -> dict:
    """Fix the response in `record[field]`; return a new dict: every input field as it was, the
    fixed text in `out_field` (default `<field>_fixed`), and `meta_field` (default `iacfix`):
    `{"changed", "applied", "findings", "status", "error"}`.

    `language` is "markdown" (a model response with fenced blocks), "typescript", "python", or
    "auto". A failed record keeps its original text in `out_field` and says why in `error`.
    Raises `FieldCollision` when the record already has a field named `out_field` or
    `meta_field` (iacfix never overwrites an input field).
    """
    return fix_record_outcome(record, config or Config(), field, language, out_field, meta_field=meta_field)[0]
