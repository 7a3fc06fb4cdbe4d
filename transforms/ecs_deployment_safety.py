"""IAC008 — ECS services without a circuit breaker keep rolling out a broken task definition."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from iacfix.edits import Copy, Inline, Schema
from iacfix.fix import Applicability, Finding
from iacfix.model import Arr, Obj, Program, Prop, Resource
from iacfix.options import option
from iacfix.rules import Context, RuleDoc, Transform, register
from iacfix.values import upper, value_at

SERVICE = "aws:ecs/service:Service"

# The CloudFormation / aws-native shape some programs use, nested in deploymentConfiguration,
# and where @pulumi/aws wants each key (top level of ServiceArgs).
NESTED_TO_TOP = {
    "deploymentCircuitBreaker": "deploymentCircuitBreaker",
    "maximumPercent": "deploymentMaximumPercent",
    "minimumHealthyPercent": "deploymentMinimumHealthyPercent",
    "alarms": "alarms",
}
CIRCUIT_BREAKER = Inline(Schema({"enable": True, "rollback": True}))


@dataclass(frozen=True)
class Options:
    enable_execute_command: bool = option(False, "Also turn on ECS Exec (`enableExecuteCommand`).")
    grace_period: int = option(
        60, "Health-check grace period written for services behind a load balancer, in seconds (0-2147483647)."
    )

    def __post_init__(self) -> None:
        if not 0 <= self.grace_period <= 2_147_483_647:
            raise ValueError(f"grace_period must be between 0 and 2147483647, not {self.grace_period}")


@register
class EcsDeploymentSafety(Transform):
    id = "IAC008"
    slug = "ecs-deployment-safety"
    tokens = ("Service",)  # ecs.Service: the class name, written in every import form
    title = "ECS service without deployment safety settings"
    severity = "medium"
    applicability = Applicability.SAFE
    Options = Options
    doc = RuleDoc(
        what="Gives every `aws.ecs.Service` that uses the ECS (rolling update) deployment controller "
        "the settings it lacks, at the top level of its arguments: `deploymentCircuitBreaker: "
        "{ enable: true, rollback: true }`, `deploymentMaximumPercent: 200`, "
        '`deploymentMinimumHealthyPercent: 100`, `propagateTags: "SERVICE"`, and '
        "`healthCheckGracePeriodSeconds: 60` (option `grace_period`) when it has "
        "`loadBalancers`; `enableExecuteCommand: true` with option `enable_execute_command`. "
        "`maximumPercent` / `minimumHealthyPercent` / `deploymentCircuitBreaker` / `alarms` "
        "written inside `deploymentConfiguration` (the CloudFormation shape, which @pulumi/aws "
        "rejects with TS2353) are moved to the top level with their values.",
        why="Without a circuit breaker a deployment of a task definition that never becomes healthy "
        "keeps launching and killing tasks until someone notices; with `rollback: true` ECS "
        "returns to the last working revision by itself. An explicit 100/200 percent window "
        "keeps full capacity during deployments, and a grace period stops the load balancer's "
        "first failed health checks from killing tasks that are still starting.",
        before='new aws.ecs.Service("api", { cluster: cluster.arn, taskDefinition: td.arn, desiredCount: 2 });',
        after='new aws.ecs.Service("api", { cluster: cluster.arn, taskDefinition: td.arn, desiredCount: 2,\n'
        "    deploymentCircuitBreaker: { enable: true, rollback: true }, deploymentMaximumPercent: 200,\n"
        '    deploymentMinimumHealthyPercent: 100, propagateTags: "SERVICE" });',
        fix_safety="Safe: only settings the program leaves out are added, and values the program sets "
        "are kept (moved, when nested where @pulumi/aws does not accept them). Services "
        "with a CODE_DEPLOY or EXTERNAL deployment controller (no circuit breaker there), "
        "DAEMON services and arguments behind an opaque spread are left alone.",
        references=(
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_definition_parameters.html",
            "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html",
            "https://www.pulumi.com/registry/packages/aws/api-docs/ecs/service/",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        exec_cmd = ctx.options.enable_execute_command
        grace = ctx.options.grace_period
        for svc in program.resources_of(SERVICE):
            args = svc.args
            if args is None or args.opaque:
                continue
            if not self._ecs_controller(program, args) or upper(value_at(args, "schedulingStrategy")) == "DAEMON":
                continue
            moved: set[str] = set()
            yield from self._move_nested(program, svc, args, moved)
            wanted: list[tuple[str, Any]] = [
                ("deploymentCircuitBreaker", CIRCUIT_BREAKER),
                ("deploymentMaximumPercent", 200),
                ("deploymentMinimumHealthyPercent", 100),
            ]
            if self._has_load_balancers(program, args):
                wanted.append(("healthCheckGracePeriodSeconds", grace))
            wanted.append(("propagateTags", "SERVICE"))
            if exec_cmd:
                wanted.append(("enableExecuteCommand", True))
            missing = [(k, v) for k, v in wanted if not (args.may_have(k) or k in moved)]
            edits = program.edits.insert_props(args, missing) if missing else []
            if not edits:
                continue
            keys = ", ".join(k for k, _ in missing)
            lead = (
                "ECS service has no deployment circuit breaker: a failing deployment is not rolled back"
                if missing[0][0] == "deploymentCircuitBreaker"
                else "ECS service lacks deployment safety settings"
            )
            yield self.finding(
                f"{lead} (missing {keys})", svc.name or (svc.start, svc.end), f"Add {keys}", edits, resource=svc
            )

    # -- which services ------------------------------------------------------------------------
    def _ecs_controller(self, program: Program, args: Obj) -> bool:
        """True for the ECS (rolling update) controller, the default; False for CODE_DEPLOY,
        EXTERNAL or a controller this tool cannot read."""
        p = args.find("deploymentController")
        if p is None:
            return True
        ctl = program.resolve(p.value)
        if not isinstance(ctl, Obj) or ctl.opaque:
            return False
        # type defaults to ECS
        return ctl.find("type") is None or upper(value_at(ctl, "type")) == "ECS"

    @staticmethod
    def _has_load_balancers(program: Program, args: Obj) -> bool:
        p = args.find("loadBalancers")
        if p is None:
            return False
        val = program.resolve(p.value)
        return not isinstance(val, Arr) or bool(val.items)

    # -- deploymentConfiguration: { maximumPercent, ... } -> top level ---------------------------
    def _move_nested(self, program: Program, svc: Resource, args: Obj, moved: set[str]) -> Iterator[Finding]:
        dc_prop = args.get("deploymentConfiguration")
        if dc_prop is None or not isinstance(dc := dc_prop.value, Obj):
            return
        nested = [p for p in dc.props if p.key in NESTED_TO_TOP]
        if not nested:
            return
        names = ", ".join(p.raw_key for p in nested)
        msg = (
            f"{names} inside deploymentConfiguration is the CloudFormation shape; @pulumi/aws "
            "takes them at the top level of the service's arguments (TS2353 otherwise)"
        )
        if dc.opaque:
            yield self.finding(msg, dc_prop, resource=svc)
            return
        kit = program.edits
        entries: list[tuple[str, Any]] = []
        for p in nested:
            top = NESTED_TO_TOP[p.key]
            moved.add(top)
            if args.may_have(top) or p.value is None:
                continue  # the top-level value the program already has wins
            entries.append((top, Copy(p.value)))
        rest = [e for e in dc.entries if not (isinstance(e, Prop) and e.key in NESTED_TO_TOP)]
        if not rest:
            edits = kit.replace_prop(dc_prop, entries) if entries else kit.remove_prop(dc_prop)
        else:
            edits = [e for p in nested for e in kit.remove_prop(p)] + kit.insert_props_before(dc_prop, entries)
        yield self.finding(msg, dc_prop, "Move deployment settings to the top level", edits, resource=svc)
