"""Which model responses type-check, before and after `iacfix apply --unsafe-fixes`?

    .venv/bin/python benchmarks/typecheck_corpus.py [--corpus PATH] [--language typescript|python]
                                                    [--select IAC201 ...] [--safe] [--profile ephemeral]
                                                    [--list] [--json FILE]

Over <corpus>/pulumi-ts/*/MODEL_RESPONSE.md (TypeScript blocks, tsc against the pinned @pulumi/aws)
and <corpus>/pulumi-py/*/MODEL_RESPONSE.md (Python blocks, pyright against pulumi_aws, every
rule), each code block a program of its own, fixed in memory exactly as `iacfix apply
--unsafe-fixes` fixes the file (`--safe`: safe fixes only; `--select`: only these transforms;
`--profile`: also the rules of that profile, e.g. IAC303 destroyable-stack).
Checking goes through `iacfix.verify.verify_outputs` (the machinery of `iacfix verify`: one tsc run,
one pyright run). Prints, per language:

- programs (blocks) and responses (every block of the file) that type-check before and after;
- errors by code (tsc) / rule (pyright), before and after, and in how many programs;
- the programs whose ONLY errors are API-shape errors, and how many of them type-check after,
  classified two ways. By message (the figure issue 11 is judged by): every error's message names
  the provider's API and a name or kind of value it does not have (`benchmarks/apishape_errors.py`
  says which messages, and why). By code / rule (the first classification, kept for comparison):
  every error is TS2353 / TS2322 / TS2561 / TS2339 / TS2551, or pyright reportCallIssue /
  reportArgumentType / reportAttributeAccessIssue, whatever the message; it also counted a
  program's own `opts: ResourceOptions = None` default or `pulumi.json`. The programs in one set
  and not the other are listed with the messages that put them there (`--list`);
- API-shape errors by kind, before and after;
- every regression (type-checked before, not after) and every program mended.

The corpus defaults to ../shared/corpus next to the repository (or $IACFIX_CORPUS); without it the
script says so and exits 0. Needs `bash scripts/setup-test-deps.sh` (tsc, pyright, pulumi_aws).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

sys.path.insert(0, str(Path(__file__).resolve().parent))
from apishape_errors import KINDS, OLD_CODES, kind_of  # noqa: E402
FOLDER = {"typescript": "pulumi-ts", "python": "pulumi-py"}


def corpus_default() -> Path:
    return Path(os.environ.get("IACFIX_CORPUS") or ROOT.parent / "shared" / "corpus")


def code_of(error: str) -> str:
    """"12:5 TS2322: Type ..." -> "TS2322"; "3:1 reportCallIssue: ..." -> "reportCallIssue"."""
    parts = error.split(" ", 2)
    return parts[1].rstrip(":") if len(parts) > 1 else "?"


def api_shape_only(errors: list[str], language: str) -> bool:
    """Every error reports an API-shape mistake, by its message."""
    return bool(errors) and all(kind_of(e, language) is not None for e in errors)


def api_shape_only_by_code(errors: list[str], language: str) -> bool:
    """Every error has one of the API-shape codes / rules, whatever its message (the first count)."""
    return bool(errors) and all(code_of(e) in OLD_CODES[language] for e in errors)


def _first_line(error: str) -> str:
    return error.split(" ", 1)[-1].split("\n", 1)[0]


def measure(corpus: Path, language: str, config) -> dict:
    from iacfix.engine import fix_text
    from iacfix.verify import verify_outputs

    files = sorted((corpus / FOLDER[language]).glob("*/MODEL_RESPONSE.md"))
    pairs = []
    failed = []
    for f in files:
        raw = f.read_bytes()
        res = fix_text(raw, "markdown", config, path=str(f))
        if res.status == "failed":
            failed.append((str(f.relative_to(corpus)), res.error))
            pairs.append((str(f.relative_to(corpus)), raw, raw))
            continue
        pairs.append((str(f.relative_to(corpus)), raw, res.output))
    rep = verify_outputs(pairs, language="markdown", languages=(language,), python_rules=None)
    progs = rep.programs
    by_response: dict[str, list] = {}
    for p in progs:
        by_response.setdefault(p.path, []).append(p)

    def counts(attr: str) -> tuple[Counter, Counter]:
        errs: Counter = Counter()
        programs: Counter = Counter()
        for p in progs:
            es = getattr(p, attr)
            errs.update(code_of(e) for e in es)
            programs.update({code_of(e) for e in es})
        return errs, programs

    before_errs, before_progs = counts("before_errors")
    after_errs, after_progs = counts("after_errors")
    shape_only = [p for p in progs if api_shape_only(p.before_errors, language)]
    by_code = [p for p in progs if api_shape_only_by_code(p.before_errors, language)]
    kinds_before = Counter(kind_of(e, language) for p in progs for e in p.before_errors)
    kinds_after = Counter(kind_of(e, language) for p in progs for e in p.after_errors)
    in_shape = {p.name for p in shape_only}
    in_code = {p.name for p in by_code}
    return {
        "language": language,
        "responses": len(files),
        "responses_with_programs": len(by_response),
        "programs": len(progs),
        "changed": sum(p.changed for p in progs),
        "ok_before": sum(p.before_ok for p in progs),
        "ok_after": sum(p.after_ok for p in progs),
        "responses_ok_before": sum(all(p.before_ok for p in ps) for ps in by_response.values()),
        "responses_ok_after": sum(all(p.after_ok for p in ps) for ps in by_response.values()),
        "errors_before": sum(before_errs.values()),
        "errors_after": sum(after_errs.values()),
        "by_code": {c: {"errors_before": before_errs[c], "errors_after": after_errs[c],
                        "programs_before": before_progs[c], "programs_after": after_progs[c]}
                    for c in sorted(set(before_errs) | set(after_errs), key=lambda c: (-before_errs[c], c))},
        "api_shape_only_before": len(shape_only),
        "api_shape_only_ok_after": sum(p.after_ok for p in shape_only),
        "api_shape_only_by_code_before": len(by_code),
        "api_shape_only_by_code_ok_after": sum(p.after_ok for p in by_code),
        "api_shape_kinds": {k: {"errors_before": kinds_before[k], "errors_after": kinds_after[k]} for k in KINDS},
        # Programs in one classification and not the other, with the errors that decide it.
        "by_code_only": [{"program": p.name, "ok_after": p.after_ok,
                          "not_api_shape": sorted({_first_line(e) for e in p.before_errors
                                                   if kind_of(e, language) is None})}
                         for p in by_code if p.name not in in_shape],
        "by_message_only": [{"program": p.name, "ok_after": p.after_ok,
                             "codes": sorted({code_of(e) for e in p.before_errors
                                              if code_of(e) not in OLD_CODES[language]})}
                            for p in shape_only if p.name not in in_code],
        "api_shape_only": [{"program": p.name, "ok_after": p.after_ok,
                            "codes_before": sorted({code_of(e) for e in p.before_errors}),
                            "errors_before": len(p.before_errors), "errors_after": len(p.after_errors)}
                           for p in shape_only],
        "mended": [p.name for p in progs if not p.before_ok and p.after_ok],
        "regressions": [{"program": p.name, "new_errors": p.new_errors[:5]} for p in progs if p.regression],
        "fewer_errors": sum(len(p.after_errors) < len(p.before_errors) for p in progs),
        "more_errors": [{"program": p.name, "new_errors": p.new_errors[:5]}
                        for p in progs if len(p.after_errors) > len(p.before_errors)],
        "failed": failed,
        "problems": rep.problems,
        "errors": {p.name: {"before": p.before_errors, "after": p.after_errors} for p in progs},
    }


def show(m: dict, listing: bool) -> None:
    lang = {"typescript": "TypeScript (tsc)", "python": "Python (pyright, every rule)"}[m["language"]]
    print(f"\n== {lang}: {m['responses']} responses, {m['programs']} programs (code blocks) in "
          f"{m['responses_with_programs']} of them, {m['changed']} changed by the fix")
    print(f"programs that type-check:  before {m['ok_before']}, after {m['ok_after']}")
    print(f"responses whose every block type-checks: before {m['responses_ok_before']}, "
          f"after {m['responses_ok_after']}")
    print(f"errors: before {m['errors_before']}, after {m['errors_after']}; "
          f"{m['fewer_errors']} programs with fewer errors, {len(m['more_errors'])} with more")
    print(f"programs whose only errors are API-shape errors (by message): {m['api_shape_only_before']}, "
          f"type-check after: {m['api_shape_only_ok_after']}")
    print(f"  (by code / rule alone: {m['api_shape_only_by_code_before']}, type-check after: "
          f"{m['api_shape_only_by_code_ok_after']}; {len(m['by_code_only'])} programs counted by code only, "
          f"{len(m['by_message_only'])} by message only)")
    print("API-shape errors by kind, before -> after: " + "; ".join(
        f"{k} {c['errors_before']} -> {c['errors_after']}" for k, c in m["api_shape_kinds"].items()))
    print(f"regressions (type-checked before, not after): {len(m['regressions'])}")
    print(f"\n{'code / rule':<32} {'errors before':>13} {'after':>6} {'programs before':>16} {'after':>6}")
    for code, c in m["by_code"].items():
        print(f"{code:<32} {c['errors_before']:>13} {c['errors_after']:>6} {c['programs_before']:>16} "
              f"{c['programs_after']:>6}")
    for r in m["regressions"]:
        print(f"REGRESSION {r['program']}: {r['new_errors']}")
    for r in m["more_errors"]:
        print(f"more errors {r['program']}: {r['new_errors']}")
    for path, err in m["failed"]:
        print(f"FAILED {path}: {err}")
    if listing:
        print("\nmended:", *m["mended"], sep="\n  ")
        print("\nAPI-shape only before (by message):")
        for p in m["api_shape_only"]:
            print(f"  {'ok ' if p['ok_after'] else '   '} {p['program']}: {', '.join(p['codes_before'])} "
                  f"({p['errors_before']} -> {p['errors_after']})")
        print("\nAPI-shape only by code, not by message (the errors that are not API shapes):")
        for p in m["by_code_only"]:
            print(f"  {'ok ' if p['ok_after'] else '   '} {p['program']}")
            for e in p["not_api_shape"]:
                print(f"        {e[:160]}")
        print("\nAPI-shape only by message, not by code (the other codes):")
        for p in m["by_message_only"]:
            print(f"  {'ok ' if p['ok_after'] else '   '} {p['program']}: {', '.join(p['codes'])}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=corpus_default())
    ap.add_argument("--language", choices=["typescript", "python"], action="append",
                    help="only this language (repeatable; default both)")
    ap.add_argument("--select", nargs="*", default=[], help="only these transforms (ids, slugs, prefixes)")
    ap.add_argument("--safe", action="store_true", help="safe fixes only (default: --unsafe-fixes)")
    ap.add_argument("--profile", choices=["ephemeral"], help="also run the rules of this profile")
    ap.add_argument("--list", action="store_true", help="list the mended and the API-shape-only programs")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    a = ap.parse_args(argv)
    if not a.corpus.is_dir():
        print(f"corpus not found at {a.corpus} (set IACFIX_CORPUS): nothing to measure")
        return 0
    from iacfix.config import Config
    from iacfix.typecheck import TypecheckError

    cfg = Config(unsafe_fixes=not a.safe, profile=a.profile, **({"select": tuple(a.select)} if a.select else {}))
    out = {}
    for language in a.language or ["typescript", "python"]:
        if not (a.corpus / FOLDER[language]).is_dir():
            print(f"\n== {language}: no {FOLDER[language]} folder in {a.corpus}: skipped")
            continue
        try:
            m = measure(a.corpus, language, cfg)
        except TypecheckError as exc:
            print(f"\n== {language}: cannot type-check: {exc}")
            continue
        show(m, a.list)
        out[language] = m
    if a.json:
        a.json.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 1 if any(m["regressions"] for m in out.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
