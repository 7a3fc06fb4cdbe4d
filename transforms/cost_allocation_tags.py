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

from iacfix import awsdata
from iacfix.edits import Copy, Fallback, KeyValueList, Map, OverDefaults, PulumiCall, Ref
from iacfix.fix import Applicability, Edit, Finding
from iacfix.model import Binary, Call, Ident, Member, Node, Obj, Program, Resource, Str, Template, snake
from iacfix.options import option
from iacfix.project import Origin, binding_at, files, lookup
from iacfix.rules import RuleDoc, Transform, register

DEFAULT_KEYS = ("Environment", "Project", "Owner", "CostCenter", "ManagedBy")
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
    notice: str | None
    const_name: str
    pulumi: bool
    done: set = field(default_factory=set)  # origins already completed (spans)
    # (name, edits declaring it, where the declaration ends) of the module's tags value, once
    # computed; () when there is none
    module_value: tuple[str, list[Edit], int] | tuple[()] | None = None


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
        run = _Run(program, writable, configured, notice, program.edits.local_name(ctx.options.const_name), pulumi)
        if ctx.options.use_provider_default_tags:
            found = self._provider(run)
            if found is not None:
                yield from found
                return
        out: list = []
        for res in program.resources:
            if self._taggable(res):
                out += self._resource(run, res)
        # Origins held here of the tags of resources declared in the program's other files.
        for other in files(program):
            if other is program:
                continue
            for res in other.resources:
                if self._taggable(res):
                    out += self._remote(run, res)
        # What needs the module's tags value: one user writes it in place, several share one
        # declaration (or the program's own module-level tags const).
        needs = [x for x in out if isinstance(x, _Need)]
        for x in out:
            if not isinstance(x, _Need):
                yield x
                continue
            value = self._shared_value(run, x.offset, inline=len(needs) == 1 and x.inline)
            if value is None:
                if x.report is not None:
                    yield x.report
                continue
            ref, decl = value
            found = x.build(ref, decl)
            if found is not None:
                yield found

    @staticmethod
    def _taggable(res: Resource) -> str | None:
        kind = awsdata.taggable(res.token)
        if kind not in ("map", "list") or _imported(res):
            return None
        return kind

    # -- one resource of this file --------------------------------------------------------------
    def _resource(self, run: _Run, res: Resource):
        args = res.args
        if args is None and res.args_node is not None:
            return  # arguments built elsewhere
        prop = args.find("tags") if args is not None else None
        if prop is None:
            if args is None or not args.opaque:
                yield from self._untagged(run, res)
            return
        if awsdata.taggable(res.token) != "map" or prop.value is None:
            return
        yield from self._walk(run, res, prop.value, prop.value, 0)

    def _remote(self, run: _Run, res: Resource):
        """Origins in this file of the tags of a resource declared in another file."""
        args = res.args
        prop = args.find("tags") if args is not None else None
        if prop is None or prop.value is None or awsdata.taggable(res.token) != "map":
            return
        yield from self._walk(run, res, prop.value, None, 0)

    def _walk(self, run: _Run, res: Resource, value: Node, own: Node | None, depth: int):
        """Complete the origins of `value` this file holds, and the origins of what they spread
        (a literal `{ ...args.tags, Name }` spreads a caller's literal: completed there)."""
        program = run.program
        found = _relevant(program.origins(value))
        if depth > 4 or any(_computed(o) for o in found):
            return  # tags the program computes (from configuration, a call): left as they are
        local = res if res.program is program else None  # the finding's anchor must be in this file
        for o in found:
            here = o.program is program
            lit = o.literal
            if lit is not None and _callback_guard(program, o):
                continue
            if lit is not None:
                if here and own is not None and local is not None and own.contains(lit):
                    yield from self._own_literal(run, res, lit)  # written at the resource (maybe in an apply)
                elif here:
                    yield from self._complete(run, lit, local)
                for sp in lit.spreads:
                    yield from self._walk(run, res, sp.value, None, depth + 1)
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
        recv = self._receiver(run, res, value)
        if recv is None or not run.pulumi:
            yield self.finding(message, value, resource=res, help=run.notice)
            return
        if (recv.start, recv.end) in run.done:
            return
        run.done.add((recv.start, recv.end))
        edits = [program.edits.replace(recv, OverDefaults(Copy(recv), self._values(run, recv.start)))]
        yield self.finding(
            message,
            value,
            f"Complete {', '.join(run.writable)} where {where} receives the tags (the caller's keys win)",
            edits,
            resource=res,
            help=run.notice,
        )

    @staticmethod
    def _receiver(run: _Run, res: Resource, value: Node) -> Node | None:
        """Where the component takes the caller's tags: the `args.tags` a const is bound to
        (`const tags = args.tags`) when every read of the const is a resource's tags. None when
        there is no such const (each resource reads `args.tags` itself: reported)."""
        program = run.program
        values = {
            (p.value.start, p.value.end)
            for r in program.resources
            if awsdata.taggable(r.token) == "map"
            and r.args is not None
            and (p := r.args.get("tags")) is not None
            and p.value is not None
        }
        node: Node | None = None  # never at each resource: one hunk per resource is what a reviewer drowns in
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
        return node if isinstance(node, (Ident, Member)) else None

    # -- what is missing -----------------------------------------------------------------------
    def _guaranteed(self, run: _Run, lit: Obj, depth: int = 0) -> set[str]:
        """Lower-cased keys `lit` will carry once every origin the program holds is completed."""
        have = {p.raw_key.lower() for p in lit.props}
        if depth > 4:
            return have
        everything = {k.lower() for k in run.writable}
        for sp in lit.spreads:
            brought: set[str] | None = None
            for o in _relevant(run.program.origins(sp.value)):
                if (
                    o.literal is not None
                    and o.literal.style in _LITERAL_STYLES
                    or (o.kind == "absent" and o.path == ("tags",))
                ):
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
        missing = self._missing(run, lit)
        if not missing or lit.style not in _LITERAL_STYLES or not any(k in run.configured for k in missing):
            return
        program = run.program
        message = f"{res.type_name} tags lack {', '.join(missing)}"
        report = self.finding(message, lit, resource=res, help=run.notice)

        def build(value, decl):
            if isinstance(value, Map):
                return self.finding(
                    message,
                    lit,
                    f"Add {', '.join(missing)} to the tags",
                    program.edits.prepend_props(lit, [(k, value[k]) for k in missing if k in value]),
                    resource=res,
                    help=run.notice,
                )
            if any(_name(sp.value) == value.name for sp in lit.spreads):
                return None
            return self.finding(
                message,
                lit,
                f"Spread {value.name} into the tags",
                decl + program.edits.insert_spread(lit, value.name),
                resource=res,
                help=run.notice,
            )

        yield _Need(res.start, build, report)

    def _complete(self, run: _Run, lit: Obj, res: Resource | None):
        """Add the missing keys to a tags literal the values come from, once, first in it."""
        if (lit.start, lit.end) in run.done or lit.style not in _LITERAL_STYLES:
            return
        run.done.add((lit.start, lit.end))
        missing = self._missing(run, lit)
        values = self._values(run, lit.start)
        items = [(k, values[k]) for k in missing if k in values]
        if not items:
            return
        names = ", ".join(k for k, _ in items)
        kit = run.program.edits
        # Before a spread, so that what it brings (a caller's tags) still wins; else at the end.
        edits = kit.prepend_props(lit, items) if lit.spreads else kit.insert_props(lit, items)
        yield self.finding(
            f"tags lack {names}", lit, f"Add {names} where the tags are written", edits, resource=res, help=run.notice
        )

    def _add_at_call(self, run: _Run, args: Obj, res: Resource | None):
        """A call site that passes no tags to a component whose resources use them."""
        key = (args.start, args.end)
        if key in run.done or args.opaque:
            return
        run.done.add(key)

        def build(value, decl):
            title = f"Pass {value.name} as its tags" if isinstance(value, Ref) else "Pass tags"
            return self.finding(
                "no tags passed to the component",
                args,
                title,
                decl + run.program.edits.insert_prop(args, "tags", value),
                resource=res,
                help=run.notice,
            )

        yield _Need(args.start, build)

    def _untagged(self, run: _Run, res: Resource):
        kind = awsdata.taggable(res.token)
        message = f"{res.type_name} has no cost-allocation tags ({', '.join(run.writable)})"
        where = res.name or (res.start, res.end)
        program = run.program

        def build(value, decl):
            title = (
                f"Tag with {value.name}"
                if isinstance(value, Ref)
                else (f"Tag with {value.node.text}" if isinstance(value, Copy) else "Tag it")
            )
            if kind == "list":
                value = KeyValueList(value, (("propagateAtLaunch", True),))
            edits = program.edits.add_resource_prop(res, "tags", value)
            return self.finding(message, where, title, decl + edits, resource=res, help=run.notice) if edits else None

        sibling = self._sibling_tags(run, res) if kind == "map" else None
        if sibling is not None:
            found = build(sibling, [])
            if found is not None:
                yield found
            return
        yield _Need(res.start, build, self.finding(message, where, resource=res, help=run.notice), kind == "map")

    # -- which tags value -----------------------------------------------------------------------
    def _sibling_tags(self, run: _Run, res: Resource) -> Copy | None:
        """What the other resources of the same function write as their tags (`args.tags`,
        `tags`, `this.tags`, or the value they spread into a literal), when it is visible here."""
        program = run.program
        fns = program.functions_enclosing(res.start)
        if not fns:
            return None
        scope = (fns[0].start, fns[0].end)
        seen: dict[str, list[Node]] = {}
        for other in program.resources:
            if other is res or awsdata.taggable(other.token) != "map":
                continue
            ofns = program.functions_enclosing(other.start)
            if not ofns or (ofns[0].start, ofns[0].end) != scope:
                continue
            a = other.args
            p = a.get("tags") if a is not None else None
            v = p.value if p is not None else None
            if isinstance(v, Obj) and len(v.spreads) == 1:
                v = v.spreads[0].value
            if isinstance(v, (Ident, Member)) and (key := _name(v)) is not None:
                seen.setdefault(key, []).append(v)
        for _, uses in sorted(seen.items(), key=lambda kv: -len(kv[1])):
            node = uses[0]
            if self._usable(run, node, res.start):
                return Copy(node)
        return None

    def _usable(self, run: _Run, node: Node, offset: int) -> bool:
        program = run.program
        if isinstance(node, Member):
            root: Node | None = node
            while isinstance(root, Member) and root.obj is not None:
                root = root.obj
            if isinstance(root, Ident) and root.name == "this":
                return any(True for _ in program.assigned(f"this.{node.prop}")) or program.visible(
                    node.dotted or "", offset
                )
            return isinstance(root, Ident) and program.visible(root.name, offset)
        return isinstance(node, Ident) and program.visible(node.name, offset)

    def _shared_value(self, run: _Run, offset: int, inline: bool = False) -> tuple[Ref | Map, list[Edit]] | None:
        """A tags const of the program visible at `offset`, else the module's tags value; written
        in place (a Map) when it has a single user."""
        program = run.program
        for name in self._reusable(run):
            value = binding_at(program, name, offset)
            if (
                isinstance(value, Obj)
                and value.style in _LITERAL_STYLES
                and program.visible(name, offset)
                and "name" not in {p.raw_key.lower() for p in value.props}
            ):
                return Ref(name), []
        if inline:
            return self._values(run, offset), []
        found = self._module_value(run, offset)
        return (Ref(found[0]), found[1]) if found is not None else None

    def _reusable(self, run: _Run) -> list[str]:
        kit = run.program.edits
        names = [run.const_name] + [kit.local_name(n) for n in REUSABLE_NAMES]
        return list(dict.fromkeys(names))

    def _module_value(self, run: _Run, offset: int) -> tuple[str, list] | None:
        """(name, edits declaring it) of the file's one module-level tags value, or None."""
        if run.module_value is None:
            run.module_value = self._declare(run) or ()
        if not run.module_value:
            return None
        name, decl, at = run.module_value
        if at > offset:
            return None  # declared after this top-level use
        return name, decl

    def _declare(self, run: _Run) -> tuple[str, list[Edit], int] | None:
        program = run.program
        top = program.blocks_at(0)[-1]
        for name in self._reusable(run):
            for value, span in zip(program.bindings.get(name, []), program.binding_decl.get(name, []), strict=False):
                if (
                    isinstance(value, Obj)
                    and value.style in _LITERAL_STYLES
                    and not program.functions_enclosing(span[0])
                    and top.statement_at(span[0]) is not None
                    and "name" not in {p.raw_key.lower() for p in value.props}
                ):
                    return name, [], span[1]
        if run.const_name in program.bindings or program.references(run.const_name):
            return None
        anchor = program.prologue_end
        env = self._module_env(run, anchor)
        if env is not None and env[1] > anchor:
            st = top.statement_at(env[1] - 1)
            anchor = st[1] if st else env[1]
        values = self._values(run, anchor, env)
        kit = program.edits
        code = kit.declaration(run.const_name, values, "")
        if anchor:
            edit = kit.insert_statement_after(anchor, code, "", blank_line=anchor == program.prologue_end)
        elif top.statements:
            edit = kit.insert_statement_before(top.statements[0][0], code)
        else:
            return None
        return run.const_name, [edit], anchor

    # -- values --------------------------------------------------------------------------------
    def _module_env(self, run: _Run, anchor: int):
        """A module-level environment variable: (value to write, where its declaration ends)."""
        program = run.program
        for base in ENV_NAMES:  # in order of preference
            for name in dict.fromkeys((base, snake(base))):
                found = [
                    (value, span)
                    for value, span in zip(
                        program.bindings.get(name, []), program.binding_decl.get(name, []), strict=False
                    )
                    if not program.functions_enclosing(span[0])
                ]
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
        for res in program.resources:
            if start <= res.start < end and not program.functions_enclosing(res.start):
                return True
        for call in program.calls:
            if (
                start <= call.start < end
                and not program.functions_enclosing(call.start)
                and lookup(program, call.callee)
            ):
                return True
        return False

    def _values(self, run: _Run, offset: int, env=None) -> Map:
        program = run.program
        out = Map()
        for k in run.writable:
            if k in run.configured:
                out[k] = run.configured[k]
            elif k == "Environment":
                out[k] = env[0] if env is not None else self._env_at(program, offset)
            elif k == "Project":
                out[k] = PulumiCall("getProject")
            elif k == "ManagedBy":
                out[k] = "pulumi"
        return out

    def _env_at(self, program: Program, offset: int):
        """The environment name at `offset`: a variable or parameter visible there, else the stack."""
        for base in ENV_NAMES:
            for name in dict.fromkeys((base, snake(base))):
                if not program.visible(name, offset):
                    continue
                value = binding_at(program, name, offset)
                if value is None and not any(name in f.params for f in program.functions_enclosing(offset)):
                    continue
                if value is not None and not _stringish(program, value):
                    continue
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
            if awsdata.taggable(r.token) not in ("map", "list"):
                continue
            opts = program.options_of(r)
            p = opts.get("provider") if opts is not None else None
            if p is None or _name(p.value) != prov.var:
                return None  # some resource does not use it: tag resources instead
        return list(self._provider_fix(run, prov))

    def _provider_fix(self, run: _Run, prov: Resource):
        program = run.program
        args = prov.args
        if args is None and prov.args_node is not None:
            return
        value = self._shared_value(run, prov.start)
        if value is None:
            return
        ref, decl = value
        if not isinstance(ref, Ref):  # not asked inline: always a Ref
            return
        message = "provider has no default cost-allocation tags"
        dt = args.find("defaultTags") if args is not None else None
        if dt is None:
            edits = program.edits.add_resource_prop(prov, "defaultTags", {"tags": ref})
            if edits:
                yield self.finding(
                    message,
                    prov.name or (prov.start, prov.end),
                    f"Set defaultTags: {{ tags: {ref.name} }}",
                    decl + edits,
                    resource=prov,
                    help=run.notice,
                )
            return
        dto = program.resolve(dt.value)
        if not isinstance(dto, Obj):
            return
        tp = dto.find("tags")
        if tp is None:
            yield self.finding(
                message,
                dto,
                f"Add {ref.name} to the provider's default tags",
                decl + program.edits.insert_prop(dto, "tags", ref),
                resource=prov,
                help=run.notice,
            )
            return
        for o in program.origins(tp.value) if tp.value is not None else []:
            if o.program is program and o.literal is not None:
                if o.literal is tp.value:
                    if self._missing(run, o.literal) and not decl:
                        yield self.finding(
                            message,
                            o.literal,
                            f"Spread {ref.name} into the provider's default tags",
                            program.edits.insert_spread(o.literal, ref.name),
                            resource=prov,
                            help=run.notice,
                        )
                else:
                    yield from self._complete(run, o.literal, prov)


# -- helpers -----------------------------------------------------------------------------------
def _fixable(o: Origin) -> bool:
    """An origin this transform completes (in whichever file holds it)."""
    return (o.literal is not None and o.literal.style in _LITERAL_STYLES) or (
        o.kind == "absent" and o.path == ("tags",)
    )


def _relevant(found: list[Origin]) -> list[Origin]:
    """The origins that matter: a fallback (`args.tags || {}`) only when what comes before it may
    be unset once the program is fixed."""
    first = [o for o in found if not o.fallback]
    if first and all(_fixable(o) for o in first):
        return first
    return found


def _callback_guard(program: Program, o: Origin) -> bool:
    """The `{}` of a callback's `t or {}` / `t || {}` (`.apply(lambda t: {..., **(t or {})})`):
    a guard against an unset value whose keys the callback's own literal already writes."""
    lit = o.literal
    if not o.fallback or lit is None or lit.entries or o.program is not program:
        return False
    around = program.parent(lit)
    fns = program.functions_enclosing(lit.start)
    return (
        isinstance(around, Binary)
        and isinstance(around.left, Ident)
        and bool(fns)
        and fns[0].call is not None
        and around.left.name in fns[0].params
    )


def _computed(o: Origin) -> bool:
    """Tags the program computes (read from configuration, returned by a call it cannot follow)."""
    return o.kind == "unknown" or (o.kind == "value" and o.literal is None)


def _imported(res: Resource) -> bool:
    """Adopted with `{ import: id }` / `ResourceOptions(import_=id)`: tags would make `pulumi up`
    report a difference against the imported state."""
    opts = res.program.options_of(res)
    return opts is not None and opts.find("import") is not None


def _name(node: Node | None) -> str | None:
    if isinstance(node, Ident):
        return node.name
    if isinstance(node, Member):
        return node.dotted
    return None


def _stringish(program: Program, value: Node) -> bool:
    """Could this declaration hold an environment name (not an object, array, resource)?"""
    if isinstance(value, Member):
        return value.dotted not in ("process.env", "os.environ")
    if isinstance(value, (Str, Template, Binary, Ident)):
        return True
    if isinstance(value, Call):
        return not value.is_new and (
            value.method in _STRING_METHODS
            or program.pulumi_helper(value) in _STRING_METHODS
            or value.callee in ("String", "str")
        )
    return False


def _certain_string(program: Program, value: Node) -> bool:
    if isinstance(value, (Str, Template)):
        return True
    if isinstance(value, Binary):
        if value.op in ("||", "??", "or"):
            return value.right is not None and _certain_string(program, value.right)
        if value.op == "+":
            return any(v is not None and _certain_string(program, v) for v in (value.left, value.right))
        return False
    if isinstance(value, Call):
        return (
            value.method in _CERTAIN_METHODS
            or program.pulumi_helper(value) in _CERTAIN_METHODS
            or value.callee in ("String", "str")
        )
    return False


__all__ = ["CostAllocationTags", "Origin"]
