"""IAC307 — imports the file never uses (the dataset's lint step fails on them)."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix.fix import Finding
from iacfix.model import Import, Program
from iacfix.rules import Context, RuleDoc, Transform, register

# Imports that change how the file itself is compiled, not names it uses.
_DIRECTIVES = {"__future__"}


@register
class UnusedImports(Transform):
    id = "IAC307"
    slug = "unused-imports"
    tokens = ("import",)  # import statements, in both languages
    title = "Unused import"
    severity = "low"
    cleanup = True  # other rules' fixes may start using an import this one would drop (see Transform.cleanup)
    doc = RuleDoc(
        what="Removes the names an import binds that the file never mentions (as a value, in a type, "
        "in `export { x }` or a Python `__all__`), and the whole import statement when it binds "
        'nothing else: `import * as random from "@pulumi/random"` left over from a discarded '
        "approach, `import os` never read.",
        why="The dataset's CI lints every program: `@typescript-eslint/no-unused-vars` (TypeScript) and "
        "flake8/ruff F401 (Python) fail the build on an unused import. An import of a package the "
        "project does not depend on (`@pulumi/random`) also fails `tsc` and `pulumi up` before "
        "anything is deployed.",
        before='import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'
        'import * as random from "@pulumi/random";\n\nnew aws.s3.Bucket("logs");',
        after='import * as aws from "@pulumi/aws";\n\nnew aws.s3.Bucket("logs");',
        fix_safety="Safe: TypeScript already drops an import whose names are unused when it compiles, so "
        "the program does the same. In Python an import runs the module; a module imported "
        "only for that effect is rare in a Pulumi program, and a package's `__init__.py` "
        "(whose imports are its public names) is left alone, as are imports inside functions "
        "or `try` blocks, `from x import *`, `from __future__ import ...`, and files with "
        "syntax errors (a use may hide in the broken part).",
        references=(
            "https://typescript-eslint.io/rules/no-unused-vars/",
            "https://docs.astral.sh/ruff/rules/unused-import/ (F401)",
            "https://www.pylint.readthedocs.io/en/latest/user_guide/messages/warning/unused-import.html (W0611)",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        if program.broken:
            return
        statements: dict[tuple[int, int], list[Import]] = {}
        for imp in program.imports:
            statements.setdefault((imp.start, imp.end), []).append(imp)
        for (start, end), statement in statements.items():
            first = statement[0]
            if (
                not first.top_level
                or first.reexport
                or first.module in _DIRECTIVES
                or not first.spans
                and first.namespace_span is None
            ):
                continue
            bound = sorted((b for imp in statement for b in imp.bound()), key=lambda b: b[1])
            unused = [(local, span) for local, span in bound if not program.mentioned(local)]
            if not unused:
                continue
            names = ", ".join(f"`{local}`" for local, _ in unused)
            whole = len(unused) == len(bound)
            module = ", ".join(f"`{imp.module}`" for imp in statement)
            yield self.finding(
                f"{names} imported from {module} but never used",
                (start, end) if whole else (unused[0][1][0], unused[-1][1][1]),
                "Remove the unused import" if whole else f"Remove {names} from the import",
                program.edits.remove_import(statement, {local for local, _ in unused}),
                removes=[local for local, _ in unused],
            )
