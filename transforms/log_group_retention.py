"""IAC005 — CloudWatch log groups without a retention period keep logs (and costs) forever."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from iacfix.fix import Applicability
from iacfix.options import option
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal, number, render_like

# The values CloudWatch Logs accepts for retentionInDays (0 / absent = never expire).
VALID_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"


def next_valid(days: float) -> int | None:
    """The smallest valid retention >= days (None above the largest)."""
    i = bisect.bisect_left(VALID_DAYS, days)
    return VALID_DAYS[i] if i < len(VALID_DAYS) else None


@dataclass(frozen=True)
class Options:
    days: int = option(7, "Retention written where there is none; one of the values CloudWatch accepts.")

    def __post_init__(self) -> None:
        if self.days not in VALID_DAYS:
            raise ValueError(f"days must be one of {', '.join(map(str, VALID_DAYS))}, not {self.days}")


@register
class LogGroupRetention(Transform):
    id = "IAC005"
    slug = "log-group-retention"
    tokens = ("LogGroup",)  # the class name, written in every import form
    candidates = (LOG_GROUP,)  # it asks the program for log groups only
    title = "CloudWatch log group without retention"
    severity = "high"
    applicability = Applicability.SAFE
    Options = Options
    doc = RuleDoc(
        what="Gives every `aws.cloudwatch.LogGroup` a `retentionInDays` (default 7, option `days`) "
        "and raises a value CloudWatch does not accept to the next valid one.",
        why="Without a retention period CloudWatch keeps log events forever and bills their storage "
        "every month; the cost only grows. An invalid value fails the deployment.",
        before='new aws.cloudwatch.LogGroup("logs", { name: "/ecs/api" });',
        after='new aws.cloudwatch.LogGroup("logs", { name: "/ecs/api", retentionInDays: 7 });',
        fix_safety="Safe: it adds the setting the program left out or makes an invalid value deployable. "
        "A retention of 0 (never expire) written on purpose is reported, and only changed "
        "with --unsafe-fixes. Values from configuration are left alone.",
        references=(
            "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html",
            "Checkov CKV_AWS_66 (log group retention)",
            "cfn-lint E3030 (allowed values)",
        ),
    )

    def check(self, program, ctx):
        days = ctx.options.days
        for res in program.resources_of(LOG_GROUP):
            args = res.args
            prop = args.find("retentionInDays") if args is not None else None
            if prop is None:
                if args is not None and args.opaque:
                    continue  # a spread may set it; we cannot tell
                if args is None and res.args_node is not None:
                    continue  # arguments passed in from elsewhere
                edits = program.edits.add_resource_prop(res, "retentionInDays", days)
                yield self.finding(
                    "log group has no retention period: logs are kept (and billed) forever",
                    res.name or (res.start, res.end),
                    f"Set retentionInDays: {days}",
                    edits,
                    resource=res,
                )
                continue
            lit = literal(prop.value, fallbacks=False)
            value = number(lit.node) if lit is not None else None
            if lit is None or value is None:
                continue
            if value == 0:
                yield self.finding(
                    "retentionInDays is 0: logs never expire",
                    lit.node,
                    f"Set retentionInDays: {days}",
                    [program.edits.replace(lit.node, render_like(lit, days))],
                    resource=res,
                    applicability=Applicability.UNSAFE,
                )
                continue
            if value in VALID_DAYS:
                continue
            nxt = next_valid(value)
            if nxt is None:
                yield self.finding(
                    f"retentionInDays {lit.value} is not accepted by CloudWatch (largest is 3653)",
                    lit.node,
                    resource=res,
                )
                continue
            yield self.finding(
                f"retentionInDays {lit.value} is not a value CloudWatch accepts; next valid is {nxt}",
                lit.node,
                f"Raise retentionInDays to {nxt}",
                [program.edits.replace(lit.node, render_like(lit, nxt))],
                resource=res,
            )
