"""IAC308 — Lambda reserved concurrency larger than a new or shared test account can reserve."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from iacfix.fix import Applicability, Finding
from iacfix.model import Ident, Program
from iacfix.options import option
from iacfix.rules import Context, RuleDoc, Transform, register
from iacfix.values import literal

LAMBDA = "aws:lambda/function:Function"
KEY = "reservedConcurrentExecutions"


@dataclass(frozen=True)
class Options:
    limit: int = option(
        10, "Largest reservedConcurrentExecutions left as written; a literal above it is lowered to it."
    )
    remove: bool = option(
        False, "Remove the setting instead of lowering it (the function then shares the account's unreserved pool)."
    )

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError(f"limit must be at least 1, not {self.limit}")


@register
class LambdaReservedConcurrency(Transform):
    id = "IAC308"
    slug = "lambda-reserved-concurrency"
    tokens = ("Function",)  # lambda.Function
    title = "Lambda reserved concurrency over a test account's quota"
    severity = "high"
    applicability = Applicability.UNSAFE
    Options = Options
    doc = RuleDoc(
        what="Lowers a literal `reservedConcurrentExecutions` of an `aws.lambda.Function` that is above the "
        "`limit` option (default 10) to it, or removes the setting (`remove = true`). Values written "
        "through configuration, -1 (no reservation) and 0 (throttled on purpose) are left alone.",
        why="Lambda keeps at least 100 executions of an account's concurrency quota unreserved (10 in a new "
        "account, whose quota may be only 10): reserving 100 for each of three functions fails the "
        "deployment with \"Specified ReservedConcurrentExecutions for function decreases account's "
        'UnreservedConcurrentExecution below its minimum value" in any account whose quota is not '
        "raised, and parallel stacks in one test account add their reservations up.",
        before='new aws.lambda.Function("worker", { ..., reservedConcurrentExecutions: 100 });',
        after='new aws.lambda.Function("worker", { ..., reservedConcurrentExecutions: 10 });',
        fix_safety="Unsafe: a reservation also caps the function's concurrency (throttling, protecting a "
        "database behind it) and guarantees it capacity; a lower cap changes both. Raise the "
        "account quota instead where the value is needed, and suppress the finding.",
        references=(
            "https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html",
            "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        opts: Options = ctx.options
        for res in program.resources_of(LAMBDA):
            args = res.args
            prop = args.find(KEY) if args is not None else None
            if prop is None or prop.value is None:
                continue
            lit = literal(prop.value, fallbacks=False)
            if lit is None or isinstance(lit.value, bool) or not isinstance(lit.value, (int, float)):
                continue
            if lit.value <= opts.limit:
                continue
            msg = (
                f"{KEY} {lit.value} reserves more than a new or shared test account can: Lambda keeps at "
                "least 100 executions unreserved (10 in a new account), so the deployment fails"
            )
            if opts.remove:
                if prop.owner is not args:
                    yield self.finding(
                        msg + "; set through a shared object, not removed here", prop.value, resource=res
                    )
                    continue
                yield self.finding(msg, prop.value, f"Remove {KEY}", program.edits.remove_prop(prop), resource=res)
                continue
            # Lower the const itself when it only sets reserved concurrency, else the value here
            # (an alarm threshold may read the same const).
            node = lit.node
            if isinstance(prop.value, Ident) and not self._only_reservations(program, prop.value.name):
                node = prop.value
            yield self.finding(
                msg, prop.value, f"Lower {KEY} to {opts.limit}", [program.edits.replace(node, opts.limit)], resource=res
            )

    @staticmethod
    def _only_reservations(program: Program, name: str) -> bool:
        """Every use of the const is the reserved concurrency of a function declared here."""
        settings = set()
        for res in program.resources_of(LAMBDA):
            p = res.args.find(KEY) if res.args is not None else None
            if p is not None and p.value is not None:
                settings.add(p.value.start)
        return all(use.start in settings for use in program.uses(name))
