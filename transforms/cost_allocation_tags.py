"""IAC006 — taggable AWS resources without cost-allocation tags.

Tags are completed where they come from, once:

- A resource's `tags` value is followed to its origins across the files of the program
  (`program.origins`): the literal at the root call site (`index.ts` passing `tags: {...}` to a
  component whose resources write `tags: args.tags`), the program's own helper, const or
  parameter default, a tags literal built in `.apply(t => ({ ...t, ... }))`. The missing keys are
  added there, first in the literal, so that what it spreads and the keys written after still
  win. Each file completes only the origins it holds: the caller's file completes the call site,
  the component's file its own literals; both ask the same question, so they agree.
- A call site whose arguments leave `tags` out gets `tags: <the module's tags value>`.
- A resource written with its own literal (`tags: { Name: "x" }`) gets the module's tags value
  spread first (`{ ...commonTags, Name: "x" }`): its own keys still win.
- A resource without tags takes what its siblings in the same function write (`args.tags`,
  `tags`, `this.tags`, a shared const), else the module's tags value: ONE per file, at module
  level after the imports (never per function, never above a docstring), or the program's own
  module-level tags const.
- Tags that come from outside the program (a component whose caller is not in it) are completed
  where the component takes them when that is one place: a const read only as resources' tags
  (`const tags = args.tags` -> `pulumi.output(args.tags).apply(t => ({ Environment, ..., ...t }))`,
  the caller's keys win, any Input form serves); spread into a literal, in that literal. Read as
  `tags: args.tags` at each resource they are reported (one hunk per resource would drown the diff).
- Imported resources (`{ import: ... }`), `X.get(...)` and data sources are never touched.

Values: `[tool.iacfix.tags]` first; else Environment from an environment variable the program
declares (`environmentSuffix`, `environment`, `stage`, ...), else `pulumi.getStack()`; Project
`pulumi.getProject()`; ManagedBy "pulumi". Owner and CostCenter are only written when configured.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from iacfix import awsdata
from iacfix.edits import Copy, Fallback, KeyValueList, Map, OverDefaults, PulumiCall, Ref
from iacfix.fix import Applicability, Edit, Finding
from iacfix.model import Binary, Call, Ident, Member, Node, Obj, Program, Resource, Str, Template, ref_name, snake
from iacfix.options import option
from iacfix.project import Origin, binding_at, lookup, reaching
from iacfix.rules import RuleDoc, Transform, register

DEFAULT_KEYS = ("Environment", "Project", "Owner", "CostCenter", "ManagedBy")
_SPREADS = 4  # how many spreads deep `_walk` follows a resource's tags (and `reaching` with it)
ENV_NAMES = (
    "environmentSuffix",
    "envSuffix",
    "environment",
    "environmentName",
    "envName",
    "env",
    "stage",
    "stageName",
    "stack",
    "stackName",
)
REUSABLE_NAMES = (
    "commonTags",
    "defaultTags",
    "resourceTags",
    "standardTags",
    "baseTags",
    "globalTags",
    "costTags",
    "tags",
)
# Each name as written in TypeScript and in Python, in order of preference.
_ENV_VARS = tuple(dict.fromkeys(n for base in ENV_NAMES for n in (base, snake(base))))
_STRING_METHODS = ("get", "require", "getStack", "getProject", "toLowerCase", "lower", "upper", "toUpperCase")
_CERTAIN_METHODS = ("require", "getStack", "getProject")
_LITERAL_STYLES = ("ts", "py-dict")


@dataclass(frozen=True)
class Options:
    keys: tuple[str, ...] = option(DEFAULT_KEYS, "Tag keys every taggable resource should carry.")
    const_name: str = option("commonTags", "Name of the shared tags value iacfix declares (snake_case in Python).")
    use_provider_default_tags: bool = option(
        False, "Tag through the program's one explicit aws.Provider (`defaultTags`) instead of each resource."
    )

    def __post_init__(self) -> None:
        if not self.keys or any(not k.strip() for k in self.keys):
            raise ValueError("keys must be a non-empty list of tag names")
        if not self.const_name.isidentifier():
            raise ValueError(f"const_name must be an identifier, not {self.const_name!r}")


@dataclass
class _Run:
    """What one check() of one program knows."""

    program: Program
    writable: list[str]
    configured: dict[str, str]
    const_name: str
    pulumi: bool
    reusable: list[str]  # names of a tags const the program may already hold, preferred first
    finding: Callable[..., Finding]  # the transform's, with the notice as its help
    done: set = field(default_factory=set)  # origins already completed (spans)
    # Values below a resource's own tags already walked, with the least depth they were walked at
    # (see _walk: a shared const's spreads are walked once, not once per resource using it).
    walked: dict = field(default_factory=dict)
    traced: dict = field(default_factory=dict)  # origins of the names read as tags (see _origins)
    # (name, edits declaring it, where the declaration ends) of the module's tags value, once
    # computed; () when there is none
    module_value: tuple[str, list[Edit], int] | tuple[()] | None = None

    def first(self, node: Node) -> bool:
        """Whether `node` is met for the first time: an origin is completed once, whoever reaches it."""
        seen = len(self.done)
        self.done.add((node.start, node.end))
        return len(self.done) > seen


@dataclass
class _Need:
    """A fix that needs the module's tags value at `offset`: `build(value, declaration edits)`
    makes its finding; `report` is the finding without a fix when there is no such value."""

    offset: int
    build: Callable[[Ref | Map, list[Edit]], Finding | None]
    report: Finding | None = None
    inline: bool = True  # may take the keys written in place (not a list form built from a mapping)


@register
class CostAllocationTags(Transform):
    id = "IAC006"
    slug = "cost-allocation-tags"
    tokens = ("aws",)  # AWS resources; in a project, tags held here for other files' resources
    tokens_alone = True
    title = "Resource without cost-allocation tags"
    severity = "medium"
    applicability = Applicability.SAFE
    Options = Options
    doc = RuleDoc(
        what="Gives every AWS resource that accepts `tags` (from the table generated from "
        "@pulumi/aws) the cost-allocation tags Environment, Project, Owner, CostCenter and "
        "ManagedBy, where the tags come from: the literal the program passes at the root call "
        "site (across files), its own tags helper, const or parameter default, a tags literal "
        "built in `.apply(...)`; a resource's own literal gets the module's tags value spread "
        "first; an untagged resource takes what its siblings write (`args.tags`), else the "
        "module's tags value, declared once per file (`const commonTags = {...}`). "
        "autoscaling.Group gets its list form; tag *selectors* (inspector.ResourceGroup, "
        "devopsguru.ResourceCollection), imported resources and data sources are never touched. "
        "With `use_provider_default_tags`, a program's single explicit `aws.Provider` gets "
        "`defaultTags: { tags: commonTags }` instead.",
        why="Without tags, Cost Explorer and the cost-and-usage report cannot split the bill by "
        "environment, project or owner: no chargeback, no showback, no finding who owns an "
        "idle resource.",
        before='new aws.ecs.Cluster("c", { name: `api-${environmentSuffix}` });',
        after="const commonTags = {\n  Environment: environmentSuffix,\n  Project: pulumi.getProject(),\n"
        '  ManagedBy: "pulumi",\n};\nnew aws.ecs.Cluster("c", { name: `api-${environmentSuffix}`, '
        "tags: commonTags });",
        fix_safety="Safe: tags change no behaviour, and keys the program writes keep their values (missing "
        "keys go first, so spreads and later keys win). Values come from `[tool.iacfix.tags]` or "
        "from the program itself (its environment variable, the stack and project names); Owner "
        "and CostCenter are never invented: configure them in `[tool.iacfix.tags]`. Tags that "
        "come from outside the program (a component whose caller is not part of it) get the same "
        "values under the caller's keys, where the component takes them once; else they are "
        "reported.",
        references=(
            "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/cost-alloc-tags.html",
            "https://docs.aws.amazon.com/general/latest/gr/aws_tagging.html",
            "Checkov CKV_AWS_* tagging policies; cfn-lint I3042",
        ),
    )

    # ------------------------------------------------------------------------------------------
    def check(self, program, ctx):
        configured = dict(ctx.settings.tags if ctx.settings is not None else {})
        keys = list(ctx.options.keys) + [k for k in configured if k not in ctx.options.keys]
        pulumi = any(a for a in program.pulumi_aliases)
        derivable = {"ManagedBy"} | ({"Environment", "Project"} if pulumi else set())
        unconfigured = [k for k in keys if k not in configured and k not in derivable]
        writable = [k for k in keys if k not in unconfigured]
        if not writable:
            return
        # Said once per run by the text output, not once per resource: one help for all findings.
        notice = (
            f"{' and '.join(unconfigured)} not configured: set them in [tool.iacfix.tags]" if unconfigured else None
        )
        kit = program.edits
        const_name = kit.local_name(ctx.options.const_name)
        reusable = list(dict.fromkeys([const_name] + [kit.local_name(n) for n in REUSABLE_NAMES]))
        run = _Run(program, writable, configured, const_name, pulumi, reusable, partial(self.finding, help=notice))
        if ctx.options.use_provider_default_tags:
            found = self._provider(run)
            if found is not None:
                yield from found
                return
        out: list = []
        # This file's resources, then other files' whose tags' origins this file may hold.
        others = reaching(program, "tags", self._taggable, _SPREADS)
        for res in [*(r for r in program.resources if self._taggable(r)), *others]:
            out += self._resource(run, res)
        # What needs the module's tags value: one user writes it in place, several share one
        # declaration (or the program's own module-level tags const).
        needs = sum(isinstance(x, _Need) for x in out)
        for x in out:
            if isinstance(x, _Need):
                value = self._shared_value(run, x.offset, inline=needs == 1 and x.inline)
                x = x.report if value is None else x.build(*value)
            if x is not None:
                yield x

    @staticmethod
    def _taggable(res: Resource) -> bool:
        """Takes tags, and is not adopted with `{ import: id }` / `ResourceOptions(import_=id)`:
        tags would make `pulumi up` report a difference against the imported state."""
        return awsdata.taggable(res.token) in ("map", "list") and not res.program.adopted(res)

    # -- one resource (of this file, or of another file whose tags' origins this one holds) ------
    def _resource(self, run: _Run, res: Resource):
        args = res.args
        if args is None and res.args_node is not None:
            return  # arguments built elsewhere
        prop = args.find("tags") if args is not None else None
        if prop is None:
            if res.program is run.program and (args is None or not args.opaque):
                yield from self._untagged(run, res)
            return
        if awsdata.taggable(res.token) == "map" and prop.value is not None:
            yield from self._walk(run, res, prop.value, 0)

    def _walk(self, run: _Run, res: Resource, value: Node, depth: int):
        """Complete the origins of `value` (the resource's tags at depth 0) this file holds, and
        the origins of what they spread (a literal `{ ...args.tags, Name }` spreads a caller's
        literal: completed there)."""
        program = run.program
        if depth > _SPREADS:
            return
        if depth:
            # Below the resource's own tags nothing depends on the resource but the findings'
            # anchor, and every fix there is made once (`run.first`): walked again at this depth
            # or deeper, the value finds nothing new. Many resources share one tags const.
            if run.walked.get(value, depth + 1) <= depth:
                return
            run.walked[value] = depth
        local = res if res.program is program else None  # the finding's anchor must be in this file
        if isinstance(value, Obj) and value.program is program:
            # A literal written here is its own origin (no trace, no Origin: most resources write tags inline).
            own = depth == 0 and local is not None
            yield from self._own_literal(run, res, value) if own else self._complete(run, value, local)
            for sp in value.spreads:
                yield from self._walk(run, res, sp.value, depth + 1)
            return
        found = _origins(run, value)
        if any(_computed(o) for o in found):
            return  # tags the program computes (from configuration, a call): left as they are
        for o in found:
            here, lit = o.program is program, o.literal
            if o.fallback and _callback_guard(program, o):
                continue
            if lit is not None:
                if here and depth == 0 and local is not None and value.contains(lit):
                    yield from self._own_literal(run, res, lit)  # written at the resource (maybe in an apply)
                elif here:
                    yield from self._complete(run, lit, local)
                for sp in lit.spreads:
                    yield from self._walk(run, res, sp.value, depth + 1)
            elif o.kind == "absent" and here and o.path == ("tags",) and isinstance(o.node, Obj):
                yield from self._add_at_call(run, o.node, local)
            elif (
                o.kind == "outside" and depth == 0 and local is not None and not isinstance(program.resolve(value), Obj)
            ):
                yield from self._outside(run, local, value, o)

    def _outside(self, run: _Run, res: Resource, value: Node, o: Origin):
        """Tags the component receives from a caller that is not part of the program: completed
        where the component receives them, once (`const tags = args.tags` -> the keys under the
        caller's, which win), as an Output so that any Input form serves; reported when there is
        no such place or the value is also read some other way (a spread, a method call) than as
        resources' tags."""
        program = run.program
        where = o.definition.name if o.definition is not None else "the component"
        message = (
            f"{res.type_name} tags come from the caller of {where}, which is not part of this program: "
            f"make sure it passes {', '.join(run.writable)}"
        )
        recv = self._receiver(run, value) if run.pulumi else None
        if recv is None:
            yield run.finding(message, value, resource=res)
        elif run.first(recv):
            title = f"Complete {', '.join(run.writable)} where {where} receives the tags (the caller's keys win)"
            edits = [program.edits.replace(recv, OverDefaults(Copy(recv), self._values(run, recv.start)))]
            yield run.finding(message, value, title, edits, resource=res)

    @staticmethod
    def _receiver(run: _Run, value: Node) -> Node | None:
        """Where the component takes the caller's tags: the `args.tags` a const is bound to
        (`const tags = args.tags`) when every read of the const is a resource's tags. None when
        there is no such const (each resource reads `args.tags` itself: reported)."""
        program = run.program
        values = program.memo("IAC006.own_tags", partial(_own_tags_spans, program))
        node: Ident | Member | None = None  # never at each resource: one hunk per resource is what a reviewer drowns in
        for _ in range(4):
            if not isinstance(value, Ident):
                break
            bound = binding_at(program, value.name, value.start)
            if not isinstance(bound, (Ident, Member)) or not all(
                (u.start, u.end) in values or (u.start, u.end) == (value.start, value.end)
                for u in program.uses(value.name)
                if binding_at(program, value.name, u.start) is bound
            ):
                break
            node = value = bound
        return node

    # -- what is missing -----------------------------------------------------------------------
    def _guaranteed(self, run: _Run, lit: Obj, depth: int = 0) -> set[str]:
        """Lower-cased keys `lit` will carry once every origin the program holds is completed."""
        have = {p.raw_key.lower() for p in lit.props}
        if depth > 4:
            return have
        everything = {k.lower() for k in run.writable}
        for sp in lit.spreads:
            brought: set[str] | None = None
            for o in _origins(run, sp.value):
                if _fixable(o):
                    keys = everything  # completed where it is written (in whichever file)
                elif o.literal is not None:
                    keys = self._guaranteed(run, o.literal, depth + 1)
                else:
                    keys = set()
                brought = keys if brought is None else brought & keys
            have |= brought or set()
        return have

    def _missing(self, run: _Run, lit: Obj) -> list[str]:
        have = self._guaranteed(run, lit)
        return [k for k in run.writable if k.lower() not in have]

    # -- fixes ---------------------------------------------------------------------------------
    def _own_literal(self, run: _Run, res: Resource, lit: Obj):
        """`tags: { Name: "x" }` written at the resource: the program tags it by its own scheme, so
        only keys the user configured make it change; it gets the module's tags value spread
        first (its own keys still win), or the keys themselves when it is the only one."""
        if not run.configured or lit.style not in _LITERAL_STYLES:
            return  # (asked first: what is missing costs a walk of the spreads' origins)
        missing = self._missing(run, lit)
        if not any(k in run.configured for k in missing):
            return
        kit = run.program.edits
        message = f"{res.type_name} tags lack {', '.join(missing)}"

        def build(value, decl):
            if isinstance(value, Map):
                title = f"Add {', '.join(missing)} to the tags"
                edits = kit.prepend_props(lit, [(k, value[k]) for k in missing if k in value])
            elif any(ref_name(sp.value) == value.name for sp in lit.spreads):
                return None
            else:
                title, edits = f"Spread {value.name} into the tags", decl + kit.insert_spread(lit, value.name)
            return run.finding(message, lit, title, edits, resource=res)

        yield _Need(res.start, build, run.finding(message, lit, resource=res))

    def _complete(self, run: _Run, lit: Obj, res: Resource | None):
        """Add the missing keys to a tags literal the values come from, once, first in it."""
        if lit.style not in _LITERAL_STYLES or not run.first(lit):
            return
        missing = self._missing(run, lit)
        if not missing:
            return  # (asked first: the values look up the environment name in scope)
        values = self._values(run, lit.start)
        items = [(k, values[k]) for k in missing if k in values]
        if not items:
            return
        names = ", ".join(k for k, _ in items)
        kit = run.program.edits
        # Before a spread, so that what it brings (a caller's tags) still wins; else at the end.
        edits = kit.prepend_props(lit, items) if lit.spreads else kit.insert_props(lit, items)
        yield run.finding(f"tags lack {names}", lit, f"Add {names} where the tags are written", edits, resource=res)

    def _add_at_call(self, run: _Run, args: Obj, res: Resource | None):
        """A call site that passes no tags to a component whose resources use them."""
        if args.opaque or not run.first(args):
            return

        def build(value, decl):
            title = f"Pass {value.name} as its tags" if isinstance(value, Ref) else "Pass tags"
            edits = decl + run.program.edits.insert_prop(args, "tags", value)
            return run.finding("no tags passed to the component", args, title, edits, resource=res)

        yield _Need(args.start, build)

    def _untagged(self, run: _Run, res: Resource):
        kind = awsdata.taggable(res.token)
        message = f"{res.type_name} has no cost-allocation tags ({', '.join(run.writable)})"
        where = res.name or (res.start, res.end)

        def build(value, decl):
            title = (
                f"Tag with {value.name}"
                if isinstance(value, Ref)
                else (f"Tag with {value.node.text}" if isinstance(value, Copy) else "Tag it")
            )
            if kind == "list":
                value = KeyValueList(value, (("propagateAtLaunch", True),))
            edits = run.program.edits.add_resource_prop(res, "tags", value)
            return run.finding(message, where, title, decl + edits, resource=res) if edits else None

        sibling = self._sibling_tags(run, res) if kind == "map" else None
        if sibling is not None:
            yield build(sibling, [])
        else:
            yield _Need(res.start, build, run.finding(message, where, resource=res), kind == "map")

    # -- which tags value -----------------------------------------------------------------------
    def _sibling_tags(self, run: _Run, res: Resource) -> Copy | None:
        """What the other resources of the same function write as their tags (`args.tags`,
        `tags`, `this.tags`, or the value they spread into a literal), when it is visible here:
        the one most of them write (the first written on a tie)."""
        program = run.program
        fns = program.functions_enclosing(res.start)
        if not fns:
            return None
        # Grouped once per program: asked per untagged resource, a walk of every other resource
        # made tagging a file quadratic in its resources.
        groups = program.memo("IAC006.sibling_tags", partial(_tags_by_function, program))
        ranked = []
        for uses in groups.get((fns[0].start, fns[0].end), {}).values():
            others = [(k, v) for k, other, v in uses if other is not res]
            if others:
                ranked.append((-len(others), others[0][0], others[0][1]))
        for _, _, first in sorted(ranked, key=lambda r: r[:2]):
            if _usable(program, first, res.start):
                return Copy(first)
        return None

    def _shared_value(self, run: _Run, offset: int, inline: bool = False) -> tuple[Ref | Map, list[Edit]] | None:
        """A tags const of the program visible at `offset`, else the module's tags value; written
        in place (a Map) when it has a single user."""
        program = run.program
        for name in run.reusable:
            if _tags_const(binding_at(program, name, offset)) and program.visible(name, offset):
                return Ref(name), []
        if inline:
            return self._values(run, offset), []
        if run.module_value is None:
            run.module_value = self._declare(run) or ()
        if not run.module_value or run.module_value[2] > offset:
            return None  # none, or declared after this top-level use
        return Ref(run.module_value[0]), run.module_value[1]

    def _declare(self, run: _Run) -> tuple[str, list[Edit], int] | None:
        """The file's one module-level tags value: (name, edits declaring it, where it ends)."""
        program = run.program
        top = program.blocks_at(0)[-1]
        for name in run.reusable:
            for value, span in program.module_bindings(name):
                if _tags_const(value) and top.statement_at(span[0]) is not None:
                    return name, [], span[1]
        if run.const_name in program.bindings or program.references(run.const_name):
            return None
        anchor = program.prologue_end
        env = self._module_env(run, anchor)
        if env is not None and env[1] > anchor:
            st = top.statement_at(env[1] - 1)
            anchor = st[1] if st else env[1]
        kit = program.edits
        code = kit.declaration(run.const_name, self._values(run, anchor, env), "")
        if anchor == program.prologue_end:
            edit = kit.declare_at_top(code, declares=(run.const_name,))
        else:  # after the environment variable's declaration
            edit = kit.insert_statement_after(anchor, code, "")
        return (run.const_name, [edit], anchor) if edit is not None else None

    # -- values --------------------------------------------------------------------------------
    def _module_env(self, run: _Run, anchor: int):
        """A module-level environment variable: (value to write, where its declaration ends)."""
        program = run.program
        for name in _ENV_VARS:
            found = program.module_bindings(name)
            if len(found) != 1 or not _stringish(program, found[0][0]):
                continue
            value, span = found[0]
            if span[1] > anchor and self._runs_before(program, anchor, span[0]):
                continue  # declared after code that needs the tags: the stack name serves
            return self._env_value(program, name, value), span[1]
        return None

    @staticmethod
    def _runs_before(program: Program, start: int, end: int) -> bool:
        """Whether module-level code between `start` and `end` declares a resource or calls the
        program's own functions or classes (which would read the tags before they exist)."""
        written: list[Resource | Call] = [*program.resources, *program.calls]
        return any(
            isinstance(n, Resource) or lookup(program, n.callee)
            for n in written
            if start <= n.start < end and not program.functions_enclosing(n.start)
        )

    def _values(self, run: _Run, offset: int, env=None) -> Map:
        out = Map()
        for k in run.writable:
            if k in run.configured:
                out[k] = run.configured[k]
            elif k == "Environment":
                out[k] = env[0] if env is not None else self._env_at(run.program, offset)
            elif k == "Project":
                out[k] = PulumiCall("getProject")
            elif k == "ManagedBy":
                out[k] = "pulumi"
        return out

    def _env_at(self, program: Program, offset: int):
        """The environment name at `offset`: a variable or parameter visible there, else the stack."""
        for name in _ENV_VARS:
            if not program.visible(name, offset):
                continue
            value = binding_at(program, name, offset)
            param = value is None and any(name in f.params for f in program.functions_enclosing(offset))
            if param or (value is not None and _stringish(program, value)):
                return self._env_value(program, name, value)
        return PulumiCall("getStack")

    @staticmethod
    def _env_value(program: Program, name: str, value: Node | None):
        if value is not None and _certain_string(program, value):
            return Ref(name)
        return Fallback(Ref(name), PulumiCall("getStack"))  # maybe undefined: tags values are strings

    # -- provider default tags ------------------------------------------------------------------
    def _provider(self, run: _Run):
        """With use_provider_default_tags: tag through the program's one explicit aws.Provider.
        None when it does not apply (then resources are tagged)."""
        program = run.program
        provs = program.resources_of("pulumi:providers:aws")
        if len(provs) != 1 or provs[0].var is None:
            return None
        prov = provs[0]
        for r in program.resources:
            opts = program.options_of(r)
            p = opts.get("provider") if opts is not None else None
            if awsdata.taggable(r.token) in ("map", "list") and (p is None or ref_name(p.value) != prov.var):
                return None  # some resource does not use it: tag resources instead
        return list(self._provider_fix(run, prov))

    def _provider_fix(self, run: _Run, prov: Resource):
        program, kit = run.program, run.program.edits
        args = prov.args
        value = self._shared_value(run, prov.start) if args is not None or prov.args_node is None else None
        if value is None:
            return
        ref, decl = value
        if not isinstance(ref, Ref):  # not asked inline: always a Ref
            return
        message = "provider has no default cost-allocation tags"
        dt = args.find("defaultTags") if args is not None else None
        dto = program.resolve(dt.value) if dt is not None else None
        tp = dto.find("tags") if isinstance(dto, Obj) else None
        if dt is None:
            edits = kit.add_resource_prop(prov, "defaultTags", {"tags": ref})
            title, where = f"Set defaultTags: {{ tags: {ref.name} }}", prov.name or (prov.start, prov.end)
        elif isinstance(dto, Obj) and tp is None:
            edits = kit.insert_prop(dto, "tags", ref)
            title, where = f"Add {ref.name} to the provider's default tags", dto
        else:  # tags the provider is given: spread into where they are written here, or completed there
            given = tp.value if tp is not None else None
            for o in program.origins(given) if given is not None else []:
                if o.program is not program or o.literal is None:
                    continue
                if o.literal is not given:
                    yield from self._complete(run, o.literal, prov)
                elif self._missing(run, o.literal) and not decl:
                    title = f"Spread {ref.name} into the provider's default tags"
                    yield run.finding(message, o.literal, title, kit.insert_spread(o.literal, ref.name), resource=prov)
            return
        if edits:
            yield run.finding(message, where, title, decl + edits, resource=prov)


# -- helpers -----------------------------------------------------------------------------------
def _fixable(o: Origin) -> bool:
    """An origin this transform completes (in whichever file holds it)."""
    return (o.literal is not None and o.literal.style in _LITERAL_STYLES) or (
        o.kind == "absent" and o.path == ("tags",)
    )


def _origins(run: _Run, value: Node) -> list[Origin]:
    """`_relevant(program.origins(value))`, traced once per name and scope (most resources read the
    same tags), else once per node."""
    key = _trace_key(value) or (value,)
    found = run.traced.get(key)
    if found is None:
        found = run.traced[key] = _relevant(run.program.origins(value))
    return found


def _trace_key(value: Node) -> tuple | None:
    """What a path's origins depend on: the functions around it, or a field's class. None: trace it."""
    path: list[str] = []
    node: Node | None = value
    while isinstance(node, Member):
        path.append(node.prop)
        node = node.obj
    if not isinstance(node, Ident):
        return None
    prog = value.program
    if id(node) in prog.memo("IAC006.bound_names", partial(_bound_names, prog)):
        return None  # a declaration's own value (`x = x`): followed, that name is not the binding
    path.append(node.name)
    if isinstance(value, Member) and value.dotted is not None and value.dotted.startswith("this."):
        # A receiver field is what the class assigns it, wherever in the class it is read.
        return prog, tuple(path), "class", prog.class_at(value.start)
    return prog, tuple(path), tuple(prog.functions_enclosing(value.start))  # (a Func per function: by identity)


def _bound_names(program: Program) -> set[int]:
    """The names (by identity) that are a declaration's whole value."""
    return {id(v) for values in program.bindings.values() for v in values if isinstance(v, Ident)}


def _tags_by_function(program: Program) -> dict[tuple[int, int], dict[str, list[tuple[int, Resource, Node]]]]:
    """The named tags values resources write, by the function they are in and the name:
    (resource's position, resource, value), in the program's order."""
    out: dict[tuple[int, int], dict[str, list[tuple[int, Resource, Node]]]] = {}
    for k, other in enumerate(program.resources):
        fns = program.functions_enclosing(other.start)
        v = _own_tags(other) if fns else None
        if isinstance(v, Obj) and len(v.spreads) == 1:
            v = v.spreads[0].value
        if v is not None and (key := ref_name(v)) is not None:
            out.setdefault((fns[0].start, fns[0].end), {}).setdefault(key, []).append((k, other, v))
    return out


def _own_tags_spans(program: Program) -> set[tuple[int, int]]:  # asked per resource, made once
    return {(v.start, v.end) for r in program.resources if (v := _own_tags(r)) is not None}


def _own_tags(res: Resource) -> Node | None:
    """The `tags` a resource that takes them as a mapping writes in its own arguments."""
    prop = res.args.get("tags") if res.args is not None and awsdata.taggable(res.token) == "map" else None
    return prop.value if prop is not None else None


def _tags_const(value: Node | None) -> bool:
    """A tags literal the program holds that resources may share (none with its own Name)."""
    return (
        isinstance(value, Obj)
        and value.style in _LITERAL_STYLES
        and "name" not in {p.raw_key.lower() for p in value.props}
    )


def _relevant(found: list[Origin]) -> list[Origin]:
    """The origins that matter: a fallback (`args.tags || {}`) only when what comes before it may
    be unset once the program is fixed."""
    first = [o for o in found if not o.fallback]
    return first if first and all(_fixable(o) for o in first) else found


def _callback_guard(program: Program, o: Origin) -> bool:
    """The `{}` of a callback's `t or {}` / `t || {}` (`.apply(lambda t: {..., **(t or {})})`):
    a guard against an unset value whose keys the callback's own literal already writes."""
    lit = o.literal
    if not o.fallback or lit is None or lit.entries or o.program is not program:
        return False
    around = program.parent(lit)
    fns = program.functions_enclosing(lit.start)
    if not isinstance(around, Binary) or not isinstance(around.left, Ident) or not fns:
        return False
    return fns[0].call is not None and around.left.name in fns[0].params


def _computed(o: Origin) -> bool:
    """Tags the program computes (read from configuration, returned by a call it cannot follow)."""
    return o.kind == "unknown" or (o.kind == "value" and o.literal is None)


def _usable(program: Program, node: Node, offset: int) -> bool:
    """Whether `node` (a name, a member of one, or a field of the receiver) can be read at `offset`."""
    root: Node | None = node
    while isinstance(root, Member) and root.obj is not None:
        root = root.obj
    if isinstance(node, Member) and isinstance(root, Ident) and root.name == "this":
        return bool(program.assigned(f"this.{node.prop}")) or program.visible(node.dotted or "", offset)
    return isinstance(root, Ident) and program.visible(root.name, offset)


def _stringish(program: Program, value: Node) -> bool:
    """Could this declaration hold an environment name (not an object, array, resource)?"""
    if isinstance(value, Member):
        return value.dotted not in ("process.env", "os.environ")
    if isinstance(value, (Str, Template, Binary, Ident)):
        return True
    return isinstance(value, Call) and not value.is_new and _string_call(program, value, _STRING_METHODS)


def _certain_string(program: Program, value: Node) -> bool:
    if isinstance(value, (Str, Template)):
        return True
    if isinstance(value, Binary):
        if value.op in ("||", "??", "or"):
            return value.right is not None and _certain_string(program, value.right)
        if value.op == "+":
            return any(v is not None and _certain_string(program, v) for v in (value.left, value.right))
        return False
    return isinstance(value, Call) and _string_call(program, value, _CERTAIN_METHODS)


def _string_call(program: Program, call: Call, methods: tuple[str, ...]) -> bool:
    """A call returning a string: `String(x)` / `str(x)`, or one of `methods` (`config.require`)."""
    return call.method in methods or program.pulumi_helper(call) in methods or call.callee in ("String", "str")


__all__ = ["CostAllocationTags", "Origin"]
