"""IAC004 — target-group health checks that time out too fast flap healthy tasks."""

from __future__ import annotations

from dataclasses import dataclass

from iacfix.fix import Applicability
from iacfix.model import Obj
from iacfix.options import option
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal, string, value_at

TARGET_GROUPS = ("aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup")
DEFAULT_INTERVAL = 30  # AWS default for HTTP(S) target groups
_LAYER4 = ("TCP", "TLS", "UDP", "TCP_UDP")


@dataclass(frozen=True)
class Options:
    min_timeout: int = option(5, "Shortest health-check timeout kept, in seconds (2-119).")

    def __post_init__(self) -> None:
        if not 2 <= self.min_timeout <= 119:
            raise ValueError(f"min_timeout must be between 2 and 119, not {self.min_timeout}")


@register
class HealthCheckTimeout(Transform):
    id = "IAC004"
    slug = "health-check-timeout"
    tokens = ("TargetGroup",)  # the class name, written in every import form
    candidates = TARGET_GROUPS  # it asks the program for target groups only
    title = "Target-group health check timeout too short"
    severity = "high"
    applicability = Applicability.SAFE
    Options = Options
    doc = RuleDoc(
        what="Raises a target group's health-check `timeout` below 5 seconds (option `min_timeout`) to "
        "the minimum, keeping `timeout < interval` (raising `interval` when it must). A health check "
        'that sets a `path` or `matcher` on a TCP/TLS/UDP target group gets `protocol: "HTTP"` '
        "(it would run over TCP and never check the path); HTTP(S) target groups already check "
        "over HTTP and get no protocol.",
        why="A 2-3 second timeout fails healthy targets during garbage collection, cold caches or "
        "network jitter: the load balancer drains them and ECS replaces them, over and over.",
        before='healthCheck: { path: "/health", interval: 30, timeout: 3 }',
        after='healthCheck: { path: "/health", interval: 30, timeout: 5 }',
        fix_safety="Safe: a longer timeout only tolerates slower answers; the protocol written makes the "
        "health check do what its path says. Values from configuration are left alone.",
        references=(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html",
            "cfn-lint E3034 (value ranges)",
        ),
    )

    def check(self, program, ctx):
        minimum = ctx.options.min_timeout
        for res in program.resources_of(*TARGET_GROUPS):
            args = res.args
            if args is None:
                continue
            hc = program.resolve(value_at(args, "healthCheck"))
            if not isinstance(hc, Obj):
                continue
            yield from self._timeout(program, res, hc, minimum)
            yield from self._protocol(program, res, args, hc)

    def _timeout(self, program, res, hc, minimum):
        lit = literal(value_at(hc, "timeout"), fallbacks=False)
        if lit is None or isinstance(lit.value, (bool, str)) or lit.value >= minimum:
            return
        edits = [program.edits.replace(lit.node, minimum)]
        ip = hc.find("interval")
        ilit = literal(ip.value, fallbacks=False) if ip is not None else None
        interval = (
            ilit.value
            if ilit is not None and not isinstance(ilit.value, (bool, str))
            else (DEFAULT_INTERVAL if ip is None else None)
        )
        if interval is None:
            # Interval from configuration: we cannot keep timeout < interval for sure.
            yield self.finding(
                f"health-check timeout {lit.value}s is too short (minimum {minimum}s); "
                "interval is not a literal, so it is not raised here",
                lit.node,
                resource=res,
            )
            return
        if interval <= minimum:
            new_interval = max(minimum * 2, 5)
            if ilit is not None:
                edits.append(program.edits.replace(ilit.node, new_interval))
            else:  # not written: AWS's default interval is not above the minimum asked for
                edits += program.edits.insert_prop(hc, "interval", new_interval)
        yield self.finding(
            f"health-check timeout {lit.value}s is too short; healthy targets fail checks (minimum {minimum}s)",
            lit.node,
            f"Raise health-check timeout to {minimum}s",
            edits,
            resource=res,
        )

    def _protocol(self, program, res, args, hc):
        """A health check with a `path` or `matcher` on a TCP/TLS/UDP target group (a Network Load
        Balancer) runs over TCP unless it says HTTP: then the path is never checked (and AWS refuses
        a matcher). HTTP(S) target groups already check over HTTP: nothing is written there."""
        if hc.may_have("protocol") or not (hc.find("path") or hc.find("matcher")):
            return
        tg_proto = string(args.value("protocol"))
        if tg_proto is None or tg_proto.upper() not in _LAYER4:
            return
        edits = program.edits.insert_prop(hc, "protocol", "HTTP")
        yield self.finding(
            f"health check with a path on a {tg_proto} target group runs over TCP: the path is never checked",
            hc,
            'Set health-check protocol: "HTTP"',
            edits,
            resource=res,
        )
