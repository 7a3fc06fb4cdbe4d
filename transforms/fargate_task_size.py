"""IAC001 — a Fargate task size AWS does not offer fails the deployment."""

from __future__ import annotations

import json
from collections.abc import Iterator

from iacfix.fargate import Size, nearest_valid, read_size, valid
from iacfix.fix import Applicability, Edit, Finding
from iacfix.model import Arr, Call, Ident, Node, Obj, Program, Prop, Resource, var_of
from iacfix.rules import Context, RuleDoc, Transform, register
from iacfix.values import literal, render_like, string, upper, value_at

TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
SERVICE = "aws:ecs/service:Service"


def _fmt(units: float) -> str:
    return str(int(units)) if units == int(units) else f"{units:g}"


@register
class FargateTaskSize(Transform):
    id = "IAC001"
    slug = "fargate-task-size"
    tokens = ("TaskDefinition",)  # findings are on task definitions
    title = "Invalid Fargate task cpu/memory combination"
    severity = "critical"
    applicability = Applicability.UNSAFE
    doc = RuleDoc(
        what="Checks the task-level `cpu`/`memory` of every ECS task definition that runs on Fargate "
        '(`requiresCompatibilities` includes "FARGATE", or a `launchType: "FARGATE"` service '
        "uses it) against the sizes Fargate offers. An unsupported pair is fixed by keeping the "
        "memory and raising the cpu to the smallest size that supports it; when no larger cpu "
        "does, the memory is raised to the smallest value the cpu supports. Neither value is "
        'ever lowered. Values are written back in their own form ("512", 512, "0.5 vCPU", '
        '"2 GB"); a same-file const is edited where it is declared. Also reports containers in '
        "`containerDefinitions` whose cpu/memory add up to more than the task's.",
        why="Fargate only runs the cpu/memory pairs in its task-size table; any other pair makes "
        "RegisterTaskDefinition (and the whole `pulumi up`) fail. Note that 256 cpu with 1024 MiB "
        "is valid.",
        before='new aws.ecs.TaskDefinition("api", { family: "api", cpu: "256", memory: "4096", '
        'requiresCompatibilities: ["FARGATE"], ... });',
        after='new aws.ecs.TaskDefinition("api", { family: "api", cpu: "512", memory: "4096", '
        'requiresCompatibilities: ["FARGATE"], ... });',
        fix_safety="Unsafe: a larger task costs more (Fargate bills per vCPU and GB hour). The fix only "
        "raises values, to the cheapest valid size that keeps what was asked for. Values "
        "read from configuration or the environment (even with a literal fallback) and "
        "consts shared by several resources are reported, not changed; so are container "
        "sizes that exceed the task's.",
        references=(
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size",
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html",
            "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html",
            "cfn-lint E3047 (ECS Fargate cpu/memory combination)",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        fargate_vars = self._fargate_by_service(program)
        for res in program.resources_of(TASK_DEFINITION):
            args = res.args
            if args is None:
                continue
            if not (self._requires_fargate(args) or (res.var and res.var in fargate_vars)):
                continue
            cpu_p, mem_p = args.find("cpu"), args.find("memory")
            if cpu_p is None or mem_p is None:
                continue  # missing values are the type checker's and AWS's to report
            cpu = read_size(cpu_p.value, "cpu")
            mem = read_size(mem_p.value, "memory")
            yield from self._task_size(program, res, cpu_p, mem_p, cpu, mem)
            yield from self._containers(program, res, args, cpu, mem)

    # -- which task definitions run on Fargate --------------------------------------------------
    @staticmethod
    def _requires_fargate(args: Obj) -> bool:
        arr = args.program.resolve(value_at(args, "requiresCompatibilities"))
        return isinstance(arr, Arr) and any(upper(item) == "FARGATE" for item in arr.items)

    @staticmethod
    def _fargate_by_service(program: Program) -> set[str]:
        """Variables of task definitions used by a Fargate service (`taskDefinition: td.arn`)."""
        out: set[str] = set()
        for svc in program.resources_of(SERVICE):
            args = svc.args
            if args is None:
                continue
            on_fargate = upper(value_at(args, "launchType")) == "FARGATE"
            arr = program.resolve(value_at(args, "capacityProviderStrategies"))
            if isinstance(arr, Arr):
                for entry in arr.items:
                    item = program.resolve(entry)
                    if isinstance(item, Obj):
                        provider = upper(value_at(item, "capacityProvider"))
                        on_fargate = on_fargate or (provider or "").startswith("FARGATE")
            var = var_of(value_at(args, "taskDefinition"), ("arn", "family", "id"))
            if on_fargate and var:
                out.add(var)
        return out

    # -- the task's own size --------------------------------------------------------------------
    def _task_size(
        self, program: Program, res: Resource, cpu_p: Prop, mem_p: Prop, cpu: Size | None, mem: Size | None
    ) -> Iterator[Finding]:
        if cpu is None or mem is None:
            which = " and ".join(k for k, v in (("cpu", cpu), ("memory", mem)) if v is None)
            yield self.finding(
                f"Fargate task size cannot be checked: {which} is not a literal this tool can read; "
                "make sure the pair is in the Fargate task-size table",
                cpu_p if cpu is None else mem_p,
                resource=res,
            )
            return
        if cpu.units == int(cpu.units) and mem.units == int(mem.units) and valid(int(cpu.units), int(mem.units)):
            return
        target = nearest_valid(cpu.units, mem.units)
        pair = f"cpu {_fmt(cpu.units)} / memory {_fmt(mem.units)} MiB"
        if target is None:
            yield self.finding(f"{pair} is not a Fargate task size, and no larger size fits it", cpu_p, resource=res)
            return
        new_cpu, new_mem = target
        msg = f"{pair} is not a Fargate task size; nearest valid: cpu {new_cpu} / memory {new_mem} MiB"
        # The values that change, each with the prop and the size read from it.
        moves = [
            (name, prop, size, new)
            for name, prop, size, new in (("cpu", cpu_p, cpu, new_cpu), ("memory", mem_p, mem, new_mem))
            if new != size.units
        ]
        blocked = [why for name, prop, size, _ in moves if (why := self._not_editable(program, res, prop, size, name))]
        if blocked:
            yield self.finding(f"{msg} ({'; '.join(blocked)}: not changed here)", cpu_p, resource=res)
            return
        edits: list[Edit] = []
        for _, _, size, new in moves:  # in its own form: a string stays a string, "0.5 vCPU" keeps its unit
            edits += program.edits.set_literal(size.lit.node, render_like(size.lit, size.render(new)))
        title = "Raise " + " and ".join(f"{name} to {new}" for name, _, _, new in moves)
        yield self.finding(msg, cpu_p, title, edits, resource=res)

    @staticmethod
    def _not_editable(program: Program, res: Resource, prop: Prop, size: Size, name: str) -> str | None:
        if not size.lit.certain:
            return f"{name} comes from configuration with a fallback"
        # The literal lives in a const: only edit it when this resource is its one user.
        value: Node | None = prop.value
        for _ in range(10):
            if isinstance(value, Call) and len(value.args) == 1:  # String(cpu), str(cpu)
                value = value.args[0]
            if not isinstance(value, Ident):
                break
            if len(program.references(value.name)) > 1:
                return f"{name} is held in `{value.name}`, which is used elsewhere"
            value = program.binding(value.name)
        return None

    # -- containers that do not fit ------------------------------------------------------------
    def _containers(
        self, program: Program, res: Resource, args: Obj, cpu: Size | None, mem: Size | None
    ) -> Iterator[Finding]:
        p = args.find("containerDefinitions")
        if p is None or p.value is None:
            return
        containers = self._read_containers(program, p.value)
        if not containers:
            return
        for kind, task in (("cpu", cpu), ("memory", mem)):
            if task is None:
                continue
            total: float | None = 0.0
            for c in containers:
                v = c.get(kind)
                if v is None and kind == "memory":
                    v = c.get("memoryReservation")
                if v is None:
                    continue
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    try:
                        v = float(v)
                    except (TypeError, ValueError):
                        total = None
                        break
                total = (total or 0.0) + v
            if total is None or total <= task.units:
                continue
            unit = " MiB" if kind == "memory" else ""
            yield self.finding(
                f"containers ask for {kind} {_fmt(total)}{unit} in total, more than the task's "
                f"{_fmt(task.units)}{unit}: ECS rejects the task definition; raise the task {kind} or "
                "shrink the containers",
                p,
                resource=res,
            )

    @staticmethod
    def _read_containers(program: Program, node: Node) -> list[dict]:
        """Container dicts from a JSON string or a JSON.stringify / pulumi.jsonStringify /
        json.dumps call anywhere inside the value (also inside `.apply(...)` callbacks)."""
        target = program.resolve(node)
        text = string(target)
        if text is not None:
            try:
                data = json.loads(text)
            except ValueError:
                return []
            return [d for d in data if isinstance(d, dict)] if isinstance(data, list) else []
        if target is None:
            return []
        for call in program.calls_in(target):
            if program.stringify_kind(call) is None or not call.args:
                continue
            arr = program.resolve(call.args[0])
            if not isinstance(arr, Arr):
                continue
            out = []
            for entry in arr.items:
                item = program.resolve(entry)
                if not isinstance(item, Obj):
                    return []
                d = {}
                for key in ("cpu", "memory", "memoryReservation"):
                    if item.find(key) is not None:
                        kl = literal(value_at(item, key), fallbacks=False)
                        d[key] = kl.value if kl is not None else "?"
                out.append(d)
            return out
        return []
