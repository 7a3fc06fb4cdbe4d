"""IAC310 — a response's Pulumi.yaml that cannot run its program (wrong `runtime`, missing `main`)."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix.fix import Finding
from iacfix.projectfile import RUNTIME_OF, ProjectFile
from iacfix.rules import Context, RuleDoc, Transform, register


@register
class PulumiProjectFile(Transform):
    id = "IAC310"
    slug = "pulumi-project-file"
    title = "Pulumi.yaml does not match the program"
    severity = "high"
    languages = frozenset()  # reads the project file of a markdown response, not code
    project_file = True
    doc = RuleDoc(
        what="In a markdown response's `Pulumi.yaml` block: a `runtime` that does not run the response's code "
        "(`python` for a TypeScript program, `nodejs` for a Python one) becomes the runtime of the "
        "code's language; a `main` naming a file or folder the response does not contain becomes the "
        "response's entry point when there is exactly one (a code file no other file imports), and is "
        "reported with the candidates otherwise.",
        why="`pulumi up` reads Pulumi.yaml first: with the wrong runtime it runs the wrong language host and "
        'fails before the program starts; with a `main` that does not exist it stops with "We failed to '
        'locate the entry point for your program".',
        before="name: tap\nruntime: python\nmain: bin/tap.ts   # the response has index.ts only",
        after="name: tap\nruntime: nodejs\nmain: index.ts",
        fix_safety="Safe: the project could not run as written. Only the values are replaced; a `main` with "
        "several possible entry points is reported with them, not chosen.",
        references=("https://www.pulumi.com/docs/iac/concepts/projects/project-file/",),
    )

    def check(self, program, ctx: Context):  # pragma: no cover - not a code rule
        return ()

    def check_project_file(self, pf: ProjectFile, ctx: Context) -> Iterator[Finding]:
        languages = pf.code_languages
        runtime = pf.runtime
        wanted = {RUNTIME_OF[lang] for lang in languages}
        effective = runtime.value if runtime is not None else None
        if runtime is not None and len(wanted) == 1 and runtime.value in set(RUNTIME_OF.values()) - wanted:
            (effective,) = wanted
            yield self.finding(
                f"runtime {runtime.value} does not run this response's {' and '.join(sorted(languages))} code",
                (runtime.start, runtime.end),
                f"Set runtime: {effective}",
                [pf.set_value(runtime, effective)],
            )
        main = pf.main
        if main is None or not pf.files or pf.contains(main.value):
            return
        entries = [
            e for e in pf.entries if RUNTIME_OF.get(pf.files.get(e, "")) in ({effective} if effective else wanted)
        ]
        msg = f"main: {main.value} names a file the response does not contain"
        if len(entries) == 1:
            target = pf.relative(entries[0])
            yield self.finding(
                f"{msg}; its entry point is {target}",
                (main.start, main.end),
                f"Set main: {target}",
                [pf.set_value(main, target)],
            )
            return
        hint = f" (one of: {', '.join(entries)})" if entries else ""
        yield self.finding(f"{msg}: set it to the program's entry file{hint}", (main.start, main.end))
