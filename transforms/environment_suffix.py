"""IAC302 — physical names without the environment suffix, and a suffix never passed to the stack."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from iacfix import awsschema, project
from iacfix.edits import Concat, ConfigValue, EnvVar, Fallback, PulumiCall, Ref
from iacfix.fix import Applicability, Finding
from iacfix.model import Binary, Call, Definition, Ident, Member, Node, Obj, Program, Resource, Str, Template
from iacfix.options import option
from iacfix.rules import Context, RuleDoc, Transform, register

# Resources whose name is unique in an account (or a region): a second stack of the program
# collides on it. Names scoped to a parent (a role's inline policy, an API's models) and names that
# may repeat (REST APIs) are left out, and so is anything whose name allows no `-`.
ACCOUNT_UNIQUE = frozenset(
    {
        "s3.Bucket",
        "s3.BucketV2",
        "iam.Role",
        "iam.Policy",
        "iam.User",
        "iam.Group",
        "iam.InstanceProfile",
        "dynamodb.Table",
        "lambda.Function",
        "cloudwatch.LogGroup",
        "cloudwatch.MetricAlarm",
        "cloudwatch.EventRule",
        "cloudwatch.EventBus",
        "cloudwatch.Dashboard",
        "sns.Topic",
        "sqs.Queue",
        "ecr.Repository",
        "ecs.Cluster",
        "secretsmanager.Secret",
        "ssm.Parameter",
        "kms.Alias",
        "rds.Instance",
        "rds.Cluster",
        "rds.SubnetGroup",
        "rds.ParameterGroup",
        "rds.ClusterParameterGroup",
        "rds.OptionGroup",
        "lb.LoadBalancer",
        "lb.TargetGroup",
        "alb.LoadBalancer",
        "alb.TargetGroup",
        "kinesis.Stream",
        "kinesis.FirehoseDeliveryStream",
        "sfn.StateMachine",
        "ec2.SecurityGroup",
        "ec2.LaunchTemplate",
        "ec2.KeyPair",
        "autoscaling.Group",
        "codebuild.Project",
        "codepipeline.Pipeline",
        "athena.Workgroup",
        "backup.Vault",
        "backup.Plan",
        "cloudtrail.Trail",
        "wafv2.WebAcl",
        "elasticache.SubnetGroup",
        "elasticache.ParameterGroup",
        "docdb.Cluster",
        "neptune.Cluster",
        "redshift.Cluster",
        "glue.CatalogDatabase",
        "glue.Job",
        "scheduler.Schedule",
    }
)


def name_args(res: Resource) -> list[str]:
    """The arguments that set a resource's physical name, from the provider's schema: `name`, and
    any argument with a `...Prefix` twin (`bucket`/`bucketPrefix`, `identifier`/`identifierPrefix`)."""
    if f"{res.module}.{res.cls}" not in ACCOUNT_UNIQUE:
        return []
    return list(_name_args(res.token))


@lru_cache(maxsize=256)
def _name_args(token: str) -> tuple[str, ...]:
    # Asked for every resource of every pass: the scan of the schema's arguments is made once per type.
    shape = awsschema.resource(token)
    if shape is None:
        return ()
    return tuple(a for a in shape.args if a == "name" or a + "Prefix" in shape.args)


@dataclass(frozen=True)
class SuffixOptions:
    variable: str = option(
        "environmentSuffix",
        "The suffix's name as the program writes it in TypeScript (a "
        "variable, a field, a member of the component's args); Python "
        "spells it in snake_case (environment_suffix).",
    )
    source: Literal["env", "config", "stack"] = option(
        "env",
        "Where a declaration the fix adds reads the suffix: `env` the environment variable `env_var`, "
        "`config` the stack's config key `variable`, either falling back to the stack name; `stack` the "
        "stack name (`pulumi.getStack()`).",
    )
    env_var: str = option("ENVIRONMENT_SUFFIX", 'The environment variable `source = "env"` reads.')
    # Off by default: a logical name is scoped to its stack (two stacks never collide on it), and
    # renaming one replaces the deployed resource; measured on real responses, it was the most
    # frequent "resource missing after the fix" of this rule.
    logical_names: bool = option(
        False,
        "Also suffix logical names (a resource's first argument, never a provider's) in a program "
        "whose other logical names already carry the suffix, for programs whose convention it is.",
    )

    def __post_init__(self) -> None:
        if not self.variable.isidentifier():
            raise ValueError(f"variable must be an identifier, not {self.variable!r}")
        if not self.env_var or not all(c.isalnum() or c == "_" for c in self.env_var):
            raise ValueError(f"env_var must be an environment variable name, not {self.env_var!r}")


@register
class EnvironmentSuffix(Transform):
    id = "IAC302"
    slug = "environment-suffix"
    tokens = ("aws", "ComponentResource")  # resources or a component; in a project, components of other files
    tokens_alone = True
    title = "Name without the environment suffix"
    severity = "high"
    applicability = Applicability.UNSAFE
    Options = SuffixOptions
    doc = RuleDoc(
        what="Appends the environment suffix (`-${environmentSuffix}`) to the physical names a program "
        "writes as literals (the schema's `name`, and `bucket`, `identifier`, `clusterIdentifier`... "
        "wherever the resource also takes a `...Prefix`); with `logical_names = true`, to logical names too "
        "where the program's other logical names carry it (a provider's never). The suffix is the variable, field or `args` member of that name "
        "visible where the resource is declared; at the top of a program with none, the fix declares it "
        "(`const environmentSuffix = process.env.ENVIRONMENT_SUFFIX ?? pulumi.getStack();`). An entry "
        "point that creates a component reading `args.environmentSuffix` without passing it passes it. "
        "The name, and where a new declaration reads it from, are options.",
        why="Two stacks of one program (two pull requests, dev and staging) in one account create the same "
        'bucket, role, table or log group name: the second deployment fails ("BucketAlreadyExists", '
        '"EntityAlreadyExists"), or worse, both stacks fight over one resource. A suffix the entry point '
        "reads but never passes leaves every stack on the component's default.",
        before='const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || "dev";\n'
        'new aws.s3.Bucket("logs", { bucket: "app-logs" });\nnew TapStack("infra", { tags });',
        after='const environmentSuffix = process.env.ENVIRONMENT_SUFFIX || "dev";\n'
        'new aws.s3.Bucket("logs", { bucket: `app-logs-${environmentSuffix}` });\n'
        'new TapStack("infra", { tags, environmentSuffix: environmentSuffix });',
        fix_safety="Unsafe: a new physical or logical name replaces the deployed resource (a bucket is deleted "
        "and created anew, with its data gone unless it was empty). Right for a new program, wrong "
        "for one already deployed. Names have length limits (32 characters for load balancers and "
        "target groups, 63 for buckets): keep the suffix short.",
        references=(
            "https://www.pulumi.com/docs/iac/concepts/resources/names/",
            "https://www.pulumi.com/docs/iac/concepts/stacks/#getstack",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        opts: SuffixOptions = ctx.options
        kit = program.edits
        names = {opts.variable, kit.local_name(opts.variable)}
        names |= self._aliases(program, names)
        members: dict[str, str | None] = {}  # parameter -> its member holding the suffix (_param_suffix)
        yield from self._pass_to_components(program, opts, names, members)
        logical = opts.logical_names and self._mostly_suffixed(program, names)
        for res in program.resources:
            targets: list[tuple[str, Node]] = []
            args = res.args
            keys = name_args(res)  # asked first: most resources have no physical name to suffix
            if keys and args is not None and res.args_inline and not args.opaque:
                for key in keys:
                    p = args.get(key)
                    if p is not None and p.value is not None and self._unsuffixed(program, p.value, names):
                        targets.append((kit.member_name(key), p.value))
            # A provider's logical name is never renamed: every resource using it would be replaced.
            if (
                logical
                and res.cls != "Provider"
                and res.name is not None
                and self._unsuffixed(program, res.name, names)
            ):
                targets.append(("the logical name", res.name))
            if not targets:
                continue
            suffix, declare = self._suffix_at(program, res.start, names, opts, members)
            if suffix is None:
                continue
            for what, node in targets:
                edits = [kit.replace(node, self._suffixed(node, suffix))] + declare
                yield self.finding(
                    f"{what} {node.text} carries no environment suffix: a second stack of this "
                    "program collides with it",
                    node,
                    f"Append -${{{kit.spell(suffix)}}}",
                    kit.merged(edits),
                    resource=res,
                )

    # -- the suffix in a name -------------------------------------------------------------------
    @staticmethod
    def _mentions_suffix(node: Node, names: set[str]) -> bool:
        for part in node.parts if isinstance(node, Template) else ():
            if isinstance(part, Ident) and part.name in names:
                return True
            if isinstance(part, Member) and part.prop in names:
                return True
            if isinstance(part, Call) and part.program.pulumi_helper(part) == "getStack":
                return True
        return False

    def _unsuffixed(self, program: Program, node: Node, names: set[str]) -> bool:
        if isinstance(node, Str):
            return bool(node.value.strip())
        if isinstance(node, Template):
            return (
                node.plain
                and not self._mentions_suffix(node, names)
                and any(isinstance(p, str) and p.strip() for p in node.parts)
            )
        return False

    @staticmethod
    def _suffixed(node: Node, suffix: str) -> Concat:
        parts = tuple(node.parts) if isinstance(node, Template) else (node.value if isinstance(node, Str) else "",)
        return Concat(parts + ("-", Ref(suffix)))

    def _mostly_suffixed(self, program: Program, names: set[str]) -> bool:
        named = [r.name for r in program.resources if isinstance(r.name, (Str, Template))]
        carrying = [n for n in named if isinstance(n, Template) and self._mentions_suffix(n, names)]
        return bool(named) and 2 * len(carrying) > len(named)

    def _suffix_at(
        self, program: Program, offset: int, names: set[str], opts: SuffixOptions, members: dict[str, str | None]
    ) -> tuple[str | None, list]:
        """The suffix as the program names it where `offset` can read it, nearest first: a local of
        the enclosing function, a field of the class assigned before, a member of a parameter
        (`args.environmentSuffix`), a variable of the program; else a declaration to add at the top."""
        fns = program.functions_enclosing(offset)
        visible = [n for n in sorted(names) if program.visible(n, offset)]
        local = [
            n
            for n in visible
            if fns and any(fns[0].start <= s < fns[0].end for s, _ in program.binding_decl.get(n, []))
        ]
        if local:
            return local[0], []
        classes = [b for b in program.blocks_at(offset) if b.kind == "class"]
        if classes:
            for name in sorted(names):
                field = f"this.{name}"
                if any(classes[0].contains(v.start) and v.start < offset for v in program.assigned(field)):
                    return field, []
        for param in sorted({p for f in fns for p in f.params}):
            dotted = self._param_suffix(program, param, names, members)
            if dotted is not None:
                return dotted, []
        if visible:
            return visible[0], []
        if fns or classes:
            return None, []
        return self._declare(program, opts)

    @staticmethod
    def _param_suffix(program: Program, param: str, names: set[str], members: dict[str, str | None]) -> str | None:
        """The first member of a variable named `param` that holds the suffix (`args.environmentSuffix`),
        in the whole file. Asked for every resource of a component with the same parameters (one
        climb to the parent per use of each): answered once per check, `members` keeps it."""
        if param not in members:
            members[param] = None
            for use in program.uses(param):
                m = program.parent(use)
                if isinstance(m, Member) and m.prop in names and m.dotted:
                    members[param] = m.dotted
                    break
        return members[param]

    @staticmethod
    def _aliases(program: Program, names: set[str]) -> set[str]:
        """Variables that hold the suffix under another name (`const suffix = args.environmentSuffix ?? "dev"`)."""
        out = set()
        # Whether a callee is `pulumi.getStack`, by the callee as written (all pulumi_helper reads):
        # most values are calls (resources), and their callees repeat.
        stack: dict[str | None, bool] = {}
        for name, values in program.bindings.items():
            for v in values:
                node = v.left if isinstance(v, Binary) and v.op in ("||", "??", "or") else v
                if isinstance(node, Call):
                    hit = stack.get(node.callee)
                    if hit is None:
                        hit = stack[node.callee] = program.pulumi_helper(node) == "getStack"
                else:
                    hit = (isinstance(node, Ident) and node.name in names) or (
                        isinstance(node, Member) and node.prop in names
                    )
                if hit:
                    out.add(name)
        return out

    @staticmethod
    def _declare(program: Program, opts: SuffixOptions) -> tuple[str | None, list]:
        kit = program.edits
        name = kit.local_name(opts.variable)
        if any(not program.functions_enclosing(s) for s, _ in program.binding_decl.get(name, [])):
            return None, []  # declared at the top, after the resource: not readable here
        value: PulumiCall | Fallback = PulumiCall("getStack")
        edits = kit.ensure_pulumi_import()
        if opts.source == "env":
            value = Fallback(EnvVar(opts.env_var), value)
            edits = kit.ensure_env_import() + edits
        elif opts.source == "config":
            value = Fallback(ConfigValue(opts.variable), value)
        edit = kit.declare_at_top(kit.declaration(name, value, ""), declares=(name,))
        if edit is None:
            return name, []
        return name, [*edits, edit]

    # -- the suffix passed to a component --------------------------------------------------------
    def _pass_to_components(
        self, program: Program, opts: SuffixOptions, names: set[str], members: dict[str, str | None]
    ) -> Iterator[Finding]:
        kit = program.edits
        for call in program.calls if project.has_components(program) else ():
            if not call.callee:
                continue
            # Asked before where the call is: most calls name no component, and the enclosing
            # functions cost a climb.
            found = project.components(program, call.callee)
            if len(found) != 1 or program.functions_enclosing(call.start):
                continue
            comp, d = found[0]
            at = self._args_position(comp, d, names)
            if at is None or at >= len(call.args):
                continue
            args = program.resolve(call.args[at])
            if not isinstance(args, Obj) or args.opaque or any(args.find(n) for n in names):
                continue
            suffix, declare = self._suffix_at(program, call.start, names, opts, members)
            if suffix is None or not (call.start <= args.start < call.end):
                continue
            edits = kit.merged(kit.insert_prop(args, opts.variable, Ref(suffix)) + declare)
            yield self.finding(
                f"{d.name} reads {kit.member_name(opts.variable)} from its arguments, but this call "
                "does not pass it: every stack gets the component's default",
                call,
                f"Pass {kit.member_name(opts.variable)}",
                edits,
            )

    @staticmethod
    def _args_position(comp: Program, d: Definition, names: set[str]) -> int | None:
        """Which constructor argument carries the suffix: the parameter whose member of that name
        the class reads."""
        for i, param in enumerate(d.params):
            if param is None:
                continue
            for use in comp.uses_within(param, d.start, d.end):
                m = comp.parent(use)
                if isinstance(m, Member) and m.prop in names:
                    return i
        return None
