"""IAC309 — Lambda runtimes past their end of support (the provider's enum marks them deprecated)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from iacfix import awsschema
from iacfix.fix import Applicability, Finding
from iacfix.model import Ident, Member, Node, Program, Str
from iacfix.options import option
from iacfix.rules import Context, RuleDoc, Transform, register

LAMBDA = "aws:lambda/function:Function"
ENUM = "lambda.Runtime"
# Families the deprecated runtimes belong to, where the name alone does not say it.
_FAMILY_OF = {"dotnetcore": "dotnet"}
# Runtimes AWS retired with no managed successor: the code must be rebuilt for a custom runtime.
_REBUILD = {"go": "provided.al2023 with a `bootstrap` executable as the handler (AWS's successor to go1.x)"}


def family(runtime: str) -> str:
    """`nodejs16.x` -> "nodejs", `python3.8` -> "python", `dotnetcore3.1` -> "dotnet", `provided.al2` -> "provided"."""
    head = ""
    for ch in runtime:
        if ch.isdigit() or ch == ".":
            break
        head += ch
    return _FAMILY_OF.get(head, head)


def version(runtime: str) -> tuple[int, ...]:
    """The numbers in a runtime's name, for ordering (`python3.13` -> (3, 13))."""
    out, cur = [], ""
    for ch in runtime + " ":
        if ch.isdigit():
            cur += ch
        elif cur:
            out.append(int(cur))
            cur = ""
    return tuple(out)


def _key(name: str) -> str:
    """An enum member's name in either language's spelling (`NodeJS16dX`, `NODE_JS16D_X`)."""
    return name.replace("_", "").lower()


@dataclass(frozen=True)
class Options:
    choose: Literal["newest", "oldest"] = option(
        "newest",
        "Which supported runtime of the same language replaces a retired one: the newest, or the "
        "oldest still supported (the smallest step).",
    )


@register
class LambdaRuntime(Transform):
    id = "IAC309"
    slug = "lambda-runtime"
    tokens = ("Function",)  # lambda.Function
    title = "Retired Lambda runtime"
    severity = "high"
    applicability = Applicability.UNSAFE
    Options = Options
    doc = RuleDoc(
        what="Replaces the `runtime` of an `aws.lambda.Function` that the @pulumi/aws `lambda.Runtime` enum "
        "marks deprecated (`nodejs16.x`, `python3.8`, `dotnetcore3.1`, `provided`...) by a supported "
        'runtime of the same language (the newest, or with `choose = "oldest"` the oldest still '
        "supported), written the way the program wrote it (a string, or an enum member). `go1.x` is "
        "reported: its successor needs the code rebuilt.",
        why='AWS Lambda no longer creates or updates functions on a deprecated runtime: "The runtime '
        'parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions". '
        "The deployment fails, and the runtime gets no security patches.",
        before='new aws.lambda.Function("fn", { runtime: "nodejs16.x", handler: "index.handler", ... });',
        after='new aws.lambda.Function("fn", { runtime: "nodejs24.x", handler: "index.handler", ... });',
        fix_safety="Unsafe: a newer language version may behave differently (Node.js 18+ ships the AWS SDK v3 "
        "only, not v2); test the function. The list of deprecated runtimes is the provider's own "
        "(the pinned @pulumi/aws schema), never guessed.",
        references=(
            "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html#runtimes-deprecated",
            "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
            "Checkov CKV_AWS_363 (deprecated Lambda runtime)",
            "cfn-lint W2531 / E2531 (deprecated runtime)",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        functions = program.resources_of(LAMBDA)
        if not functions:
            return  # the provider's schema is loaded only for a program that has a function
        enum = awsschema.enum(ENUM)
        if enum is None:
            return
        choose = ctx.options.choose
        for res in functions:
            args = res.args
            prop = args.find("runtime") if args is not None else None
            if prop is None or prop.value is None:
                continue
            node, member, value = self._runtime(program, prop.value, enum)
            if value is None or member not in enum.deprecated:
                continue
            fam = family(value)
            supported = sorted(
                (
                    v
                    for k, v in enum.values.items()
                    if k not in enum.deprecated and isinstance(v, str) and family(v) == fam
                ),
                key=version,
            )
            msg = f"Lambda runtime {value} is retired: AWS no longer creates or updates functions on it"
            if not supported:
                rebuild = _REBUILD.get(fam)
                yield self.finding(msg + (f"; move to {rebuild}" if rebuild else ""), node, resource=res)
                continue
            target = supported[-1] if choose == "newest" else supported[0]
            if isinstance(node, Member):
                new_member = next(k for k, v in enum.values.items() if v == target)
                edits = program.edits.rename_enum_member(node, new_member)
            else:
                edits = [program.edits.replace(node, target)]
            yield self.finding(
                f"{msg}; supported {fam} runtimes: {', '.join(supported)}",
                node,
                f"Use runtime {target}",
                edits,
                resource=res,
            )

    @staticmethod
    def _runtime(program: Program, value: Node, enum: awsschema.Enum) -> tuple[Node, str | None, str | None]:
        """(the node to edit, the enum member, the runtime's value) for a string or a
        `aws.lambda.Runtime.X` member, through one const used only here."""
        node = value
        if isinstance(node, Ident):
            target = program.resolve(node)
            if target is None or target is node or len(program.uses(node.name)) > 1:
                return node, None, None
            node = target
        if isinstance(node, Str):
            return node, enum.member_of(node.value), node.value
        if isinstance(node, Member) and node.dotted and program.is_aws(node.dotted):
            parts = node.dotted.split(".")
            if len(parts) >= 3 and parts[-2] == "Runtime":
                for k, v in enum.values.items():
                    if _key(k) == _key(node.prop):
                        return node, k, v
        return node, None, None
