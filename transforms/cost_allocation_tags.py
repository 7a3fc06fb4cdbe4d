"""IAC006 — taggable AWS resources without cost-allocation tags.

How the fix is shaped (and why):

- ONE tags object per scope, declared once (`const commonTags = {...}` / `common_tags = {...}`)
  and referenced from every resource: `tags: commonTags`. An existing shared tags const of the
  program (`commonTags`, `defaultTags`, `resourceTags`, `tags`, ... holding an object literal
  without a `Name` key) is reused instead, and missing keys are added to it.
- A resource with its own literal `tags: { Name: "x" }` gets the shared object spread FIRST:
  `tags: { ...commonTags, Name: "x" }`, so its own keys still win. Non-literal tags
  (`tags: args.tags`, an Output) are left alone: spreading an `Input<...>` does not type-check.
- Values: `[tool.iacfix.tags]` first; else derived from the program: Environment from an
  environment variable the program declares (`environmentSuffix`, `environment`, `env`, `stage`,
  `stack`, ...) or uses in resource names (`${args.environmentSuffix}`), else
  `pulumi.getStack()`; Project `pulumi.getProject()`; ManagedBy "pulumi". Owner and CostCenter
  cannot be derived: they are only written when configured, and the finding says how.
- Placement: the const goes after the declaration of the variables it uses (never before: TDZ),
  after `super(...)` in a constructor, else after the imports. The declaration is an edit of each
  resource's fix; the applier applies the first fix of a scope and defers the others (same
  insertion point) to its next pass, which then reuses the const.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iacfix import awsdata
from iacfix.edits import Map, Raw, Ref
from iacfix.fix import Applicability
from iacfix.model import Binary, Call, Ident, Member, Obj, Str, Template
from iacfix.options import option
from iacfix.rules import RuleDoc, Transform, register

DEFAULT_KEYS = ("Environment", "Project", "Owner", "CostCenter", "ManagedBy")
ENV_NAMES = ("environmentSuffix", "envSuffix", "environment", "environmentName", "envName", "env",
             "stage", "stageName", "stack", "stackName")
REUSABLE_NAMES = ("commonTags", "defaultTags", "resourceTags", "standardTags", "baseTags", "globalTags",
                  "costTags", "tags", "common_tags", "default_tags", "resource_tags", "standard_tags",
                  "base_tags", "global_tags", "cost_tags")
_SNAKE = re.compile(r"(?<=[a-z0-9])([A-Z])")


def _snake(name: str) -> str:
    return _SNAKE.sub(r"_\1", name).lower()


@dataclass
class _Env:
    """The Environment value: code (`environmentSuffix`), where it becomes usable, its block."""

    value: object  # Ref / Raw / str
    ready_at: int  # a declaration using it must come after this offset (0: anywhere)
    block: object | None  # the Block it is declared in (None: everywhere)
    after_stmt: bool  # ready_at is a statement end (insert after it)


def _keys_ci(program, obj: Obj, depth: int = 0) -> set[str] | None:
    """Lower-cased keys of an object literal, through same-file spreads; None when opaque."""
    if depth > 6:
        return None
    out = {p.raw_key.lower() for p in obj.props}
    for s in obj.spreads:
        target = program.resolve(s.value)
        if not isinstance(target, Obj) or target is obj:
            return None
        inner = _keys_ci(program, target, depth + 1)
        if inner is None:
            return None
        out |= inner
    return out


@dataclass(frozen=True)
class Options:
    keys: tuple[str, ...] = option(DEFAULT_KEYS, "Tag keys every taggable resource should carry.")
    const_name: str = option("commonTags", "Name of the shared tags value iacfix declares "
                                           "(snake_case in Python).")
    use_provider_default_tags: bool = option(False, "Tag through the program's one explicit aws.Provider "
                                                    "(`defaultTags`) instead of each resource.")

    def __post_init__(self) -> None:
        if not self.keys or any(not k.strip() for k in self.keys):
            raise ValueError("keys must be a non-empty list of tag names")
        if not self.const_name.isidentifier():
            raise ValueError(f"const_name must be an identifier, not {self.const_name!r}")


@register
class CostAllocationTags(Transform):
    id = "IAC006"
    slug = "cost-allocation-tags"
    title = "Resource without cost-allocation tags"
    severity = "medium"
    applicability = Applicability.SAFE
    Options = Options
    doc = RuleDoc(
        what="Gives every AWS resource that accepts `tags` (from the table generated from "
             "@pulumi/aws) the cost-allocation tags Environment, Project, Owner, CostCenter and "
             "ManagedBy: one shared object declared once (`const commonTags = {...}`, or the "
             "program's own shared tags const) referenced as `tags: commonTags`; a literal "
             "`tags: {...}` gets `...commonTags` spread first. autoscaling.Group gets its list "
             "form; tag *selectors* (inspector.ResourceGroup, devopsguru.ResourceCollection) are "
             "never touched. With `use_provider_default_tags`, a program's single explicit "
             "`aws.Provider` gets `defaultTags: { tags: commonTags }` instead.",
        why="Without tags, Cost Explorer and the cost-and-usage report cannot split the bill by "
            "environment, project or owner: no chargeback, no showback, no finding who owns an "
            "idle resource.",
        before='new aws.ecs.Cluster("c", { name: `api-${environmentSuffix}` });',
        after='const commonTags = {\n  Environment: environmentSuffix,\n  Project: pulumi.getProject(),\n'
              '  ManagedBy: "pulumi",\n};\nnew aws.ecs.Cluster("c", { name: `api-${environmentSuffix}`, '
              'tags: commonTags });',
        fix_safety="Safe: tags change no behaviour. Values come from `[tool.iacfix.tags]` or from the "
                   "program itself (its environment variable, the stack and project names); Owner "
                   "and CostCenter are never invented: configure them in `[tool.iacfix.tags]` and "
                   "they are added too. Tags the program computes (`tags: args.tags`) are left alone.",
        references=(
            "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/cost-alloc-tags.html",
            "https://docs.aws.amazon.com/general/latest/gr/aws_tagging.html",
            "Checkov CKV_AWS_* tagging policies; cfn-lint I3042",
        ),
    )

    # ------------------------------------------------------------------------------------------
    def check(self, program, ctx):
        self.program = program
        self.py = program.language == "python"
        settings = ctx.settings
        configured = dict(getattr(settings, "tags", {}) or {})
        keys = list(ctx.options.keys)
        for k in configured:
            if k not in keys:
                keys.append(k)
        self.configured = configured
        self.keys = keys
        base = ctx.options.const_name
        self.const_name = _snake(base) if self.py else base
        self.pulumi = next((a for a in sorted(program.pulumi_aliases) if a), None)
        # What we can write: configured values, else derivable keys; Owner/CostCenter only if set.
        derivable = {"ManagedBy"} | ({"Environment", "Project"} if self.pulumi else set())
        self.unconfigured = [k for k in keys if k not in configured and k not in derivable]
        self.writable = [k for k in keys if k not in self.unconfigured]
        if not self.writable:
            return
        # Said once per run by the text output, not once per resource: one help for all findings.
        self.help = (f"{' and '.join(self.unconfigured)} not configured: set them in [tool.iacfix.tags]"
                     if self.unconfigured else None)
        self.shared_done: set[int] = set()
        self.decl_cache: dict = {}
        self._reusable_cache: list[str] | None = None
        provider_res = self._provider(ctx)
        if provider_res is not None:
            yield from provider_res
            return
        for res in program.resources:
            kind = awsdata.taggable(res.token)
            if kind not in ("map", "list"):
                continue  # not taggable, a selector, or not an AWS resource
            yield from self._resource(res, kind)

    # -- one resource -------------------------------------------------------------------------
    def _resource(self, res, kind):
        program = self.program
        args = res.args
        if args is None and res.args_node is not None:
            return  # arguments built elsewhere
        prop = args.find("tags") if args is not None else None
        if prop is None:
            if args is not None and args.opaque:
                return  # a spread may carry tags
            yield from self._add(res, kind)
            return
        if kind != "map" or prop.value is None:
            return
        target = program.resolve(prop.value)
        if not isinstance(target, Obj):
            return  # tags computed by the program: leave them
        have = _keys_ci(program, target)
        if have is None:
            return
        missing = [k for k in self.writable if k.lower() not in have]
        if not missing:
            return
        if target is not prop.value:
            # A shared const (`tags: commonTags`): complete the const itself, once.
            yield from self._complete(target, res)
            return
        ref = self._shared_ref(res)
        if ref is None:
            return
        name, decl_edits = ref
        if not decl_edits:
            shared = self.reused
            if isinstance(shared, Obj) and self._spreads(target, shared):
                yield from self._complete(shared, res)  # `{ ...commonTags, Name }`: complete commonTags
                return
        edits = decl_edits + program.edits.insert_spread(target, name)
        yield self.finding(f"{res.type_name} tags lack {', '.join(missing)}", target,
                           f"Spread {name} into the tags", edits, resource=res, help=self.help)

    def _spreads(self, obj: Obj, shared: Obj, depth: int = 0) -> bool:
        """Whether `obj` already spreads `shared` (directly or through other same-file objects)."""
        for sp in obj.spreads:
            t = self.program.resolve(sp.value)
            if t is shared or (isinstance(t, Obj) and t is not obj and depth < 6 and self._spreads(t, shared, depth + 1)):
                return True
        return False

    def _complete(self, target: Obj, res):
        """Add the missing keys to a shared tags object (once per object)."""
        program = self.program
        if target.start in self.shared_done:
            return
        self.shared_done.add(target.start)
        have = _keys_ci(program, target)
        if have is None:
            return
        missing = [k for k in self.writable if k.lower() not in have]
        values = self._values_at(target.start)
        if values is None or not missing:
            return
        items = [(k, values[k]) for k in missing if k in values]
        if not items:
            return
        edits = program.edits.insert_props(target, items)
        yield self.finding(f"shared tags object lacks {', '.join(k for k, _ in items)}",
                           target, f"Add {', '.join(k for k, _ in items)} to the shared tags",
                           edits, resource=res, help=self.help)

    def _add(self, res, kind):
        ref = self._shared_ref(res)
        if ref is None:
            yield self.finding(f"{res.type_name} has no cost-allocation tags ({', '.join(self.writable)})",
                               res.name or (res.start, res.end), resource=res, help=self.help)
            return
        name, decl_edits = ref
        if kind == "list":
            value = Raw(ts=f"Object.entries({name}).map(([key, value]) => ({{ key, value, propagateAtLaunch: true }}))",
                        py=f'[{{"key": k, "value": v, "propagate_at_launch": True}} for k, v in {name}.items()]')
        else:
            value = Ref(name)
        edits = self.program.edits.add_resource_prop(res, "tags", value)
        if not edits:
            return
        yield self.finding(f"{res.type_name} has no cost-allocation tags ({', '.join(self.writable)})",
                           res.name or (res.start, res.end), f"Tag with {name}", decl_edits + edits,
                           resource=res, help=self.help)

    # -- the shared tags object -----------------------------------------------------------------
    def _visible(self, decl_span, offset) -> bool:
        """Whether a declaration at `decl_span` is usable at `offset` (same or outer block, before)."""
        start, end = decl_span
        if end > offset:
            return False
        blocks = self.program.blocks_at(start)
        inner = next((b for b in blocks if b.kind != "class"), None)
        return inner is not None and inner.start <= offset < inner.end

    def _shared_ref(self, res):
        """(name, edits declaring it or []) for a tags object usable at `res`, or None."""
        program = self.program
        at = res.start
        for name in self._reusable_names():
            vals = program.bindings.get(name, [])
            spans = program.binding_decl.get(name, [])
            for val, span in zip(vals, spans):
                if isinstance(val, Obj) and self._visible(span, at) and _keys_ci(program, val) is not None \
                        and "name" not in _keys_ci(program, val):
                    self.reused = val
                    return name, []
        self.reused = None
        return self._declare(res)

    def _reusable_names(self):
        # Once per check(): the same for every resource (recomputing it per resource scanned
        # every resource's args for each resource).
        if self._reusable_cache is None:
            self._reusable_cache = self._reusable_names_uncached()
        return self._reusable_cache

    def _reusable_names_uncached(self):
        program = self.program
        names = [self.const_name] + [n for n in REUSABLE_NAMES if n != self.const_name]
        # Also any const the program already uses as `tags: x`.
        for r in program.resources:
            a = r.args
            p = a.get("tags") if a is not None else None
            if p is not None and isinstance(p.value, Ident) and p.value.name not in names:
                names.append(p.value.name)
        return names

    def _declare(self, res):
        program = self.program
        env = self._env(res)
        if env is None:
            return None
        blocks = program.blocks_at(res.start)
        if env.block is not None:
            host = env.block
        else:
            host = blocks[-1]  # the program
        if not (host.start <= res.start < host.end):
            return None
        # Where: after the env declaration, after super(...) in that block, after the imports.
        anchor = None  # insert after the statement holding this offset
        if env.after_stmt and env.ready_at:
            stmt = host.statement_at(env.ready_at - 1)
            anchor = stmt[1] if stmt else env.ready_at
        for call in program.calls_to("super"):
            stmt = host.statement_at(call.start)
            if stmt is not None and stmt[0] == call.start and stmt[1] <= res.start and (anchor is None or stmt[1] > anchor):
                anchor = stmt[1]
        if anchor is None and host.kind == "program" and program.imports_end:
            anchor = program.imports_end
        if anchor is not None and anchor > res.start:
            return None
        if self._name_taken(host, res.start):
            return None
        key = (host.start, anchor)
        if key in self.decl_cache:
            return self.const_name, list(self.decl_cache[key])
        values = self._values(env)
        kit = program.edits
        if anchor is not None:
            indent = program.indent_of(host.statement_at(anchor - 1)[0]) if host.statement_at(anchor - 1) else ""
            code = kit.declaration(self.const_name, values, "")
            blank = host.kind == "program" and anchor == program.imports_end
            edit = kit.insert_statement_after(anchor, code, indent, blank_line=blank)
        else:
            if not host.statements:
                return None
            first = host.statements[0][0]
            if first > res.start:
                return None
            code = kit.declaration(self.const_name, values, "")
            edit = kit.insert_statement_before(first, code)
        self.decl_cache[key] = [edit]
        return self.const_name, [edit]

    def _name_taken(self, host, at: int) -> bool:
        """Our const name is already declared in the host block (a redeclaration), or visible at
        `at` without being reusable (shadowing it would confuse the reader)."""
        for span in self.program.binding_decl.get(self.const_name, []):
            block = next((b for b in self.program.blocks_at(span[0]) if b.kind != "class"), None)
            if block is not None and block.start == host.start and block.end == host.end:
                return True
            if self._visible(span, at):
                return True
        return False

    # -- values ---------------------------------------------------------------------------------
    def _values(self, env: _Env) -> Map:
        out = Map()
        for k in self.writable:
            if k in self.configured:
                out[k] = self.configured[k]
            elif k == "Environment":
                out[k] = env.value
            elif k == "Project":
                out[k] = self._pulumi_call("getProject", "get_project")
            elif k == "ManagedBy":
                out[k] = "pulumi"
        return Map((k, v) for k, v in out.items() if v is not None)

    def _values_at(self, offset: int) -> Map | None:
        """Values for completing an existing object at `offset` (its env var must be visible)."""
        env = self._env_at(offset, None)
        return self._values(env) if env is not None else None

    def _pulumi_call(self, ts_name, py_name):
        if self.pulumi is None:
            return None
        return Raw(ts=f"{self.pulumi}.{ts_name}()", py=f"{self.pulumi}.{py_name}()")

    def _env(self, res) -> _Env | None:
        return self._env_at(res.start, res)

    def _env_at(self, offset: int, res) -> _Env | None:
        program = self.program
        if "Environment" in self.configured or "Environment" not in self.writable:
            return _Env(None, 0, None, False)
        names = list(ENV_NAMES) + [_snake(n) for n in ENV_NAMES if _snake(n) != n]
        # 1. A variable declared in this file and visible here (innermost wins).
        best = None
        for name in names:
            for val, span in zip(program.bindings.get(name, []), program.binding_decl.get(name, [])):
                if not self._visible(span, offset) or not self._stringish(val):
                    continue
                if best is None or span[0] > best[1][0]:
                    best = (name, span, val)
        if best is not None:
            name, span, val = best
            block = next((b for b in program.blocks_at(span[0]) if b.kind != "class"), None)
            return _Env(self._env_value(name, val), span[1], block, True)
        # 2. The expression the resource names use (`${args.environmentSuffix}`), when its root
        #    is a parameter of an enclosing function: usable from the start of that function.
        if res is not None:
            expr = self._name_env(res)
            fn = self._param_block(expr, res.start) if expr is not None else None
            if fn is not None:
                text = expr.text
                return _Env(Raw(ts=f"{text} ?? {self.pulumi}.getStack()" if self.pulumi else text,
                                py=f"{text} or {self.pulumi}.get_stack()" if self.pulumi else text),
                            0, fn, False)
        # 3. The stack name.
        stack = self._pulumi_call("getStack", "get_stack")
        return _Env(stack, 0, None, False)

    def _param_block(self, expr, offset):
        """The body block of the enclosing function whose parameter `expr` is rooted in."""
        node = expr
        while isinstance(node, Member) and node.obj is not None:
            node = node.obj
        if not isinstance(node, Ident):
            return None
        program = self.program
        for fn in program.functions_enclosing(offset):
            if node.name in fn.params:
                bodies = [b for b in program.blocks_at(offset)
                          if b.kind == "function" and fn.start <= b.start and b.end <= fn.end]
                return min(bodies, key=lambda b: b.start) if bodies else None
        return None

    def _name_env(self, res):
        """A substitution in the resource's name template that names the environment.

        Asked only when no declaration of an environment name is visible at the resource; a
        same-named local elsewhere (another function) does not hide this function's parameter.
        The caller keeps the expression only when it is rooted in an enclosing function's parameter."""
        name = res.name
        if not isinstance(name, Template):
            return None
        for part in name.substitutions:
            last = part.name if isinstance(part, Ident) else part.prop if isinstance(part, Member) else None
            if last is None:
                continue
            if last in ENV_NAMES or last in [_snake(n) for n in ENV_NAMES]:
                if isinstance(part, Member) and part.dotted is None:
                    continue
                return part
        return None

    def _stringish(self, val) -> bool:
        """Could this declaration hold an environment name (not an object, array, resource)?"""
        if isinstance(val, Member) and val.dotted in ("process.env", "os.environ"):
            return False
        if isinstance(val, (Str, Template, Binary, Ident, Member)):
            return True
        if isinstance(val, Call):
            return not val.is_new and bool(re.search(r"(\.|^)(get|require|getStack|get_stack|getProject|"
                                                      r"toLowerCase|lower|String|str)$", val.callee or ""))
        return False

    def _certain_string(self, val) -> bool:
        if isinstance(val, (Str, Template)):
            return True
        if isinstance(val, Binary):
            if val.op in ("||", "??", "or"):
                return self._certain_string(val.right)
            if val.op == "+":
                return self._certain_string(val.left) or self._certain_string(val.right)
            return False
        if isinstance(val, Call):
            return bool(re.search(r"(\.require|getStack|get_stack|getProject|String|str)$", val.callee or ""))
        return False

    def _env_value(self, name, val):
        if self.py or self._certain_string(val) or self.pulumi is None:
            return Ref(name)
        # Possibly undefined (an optional argument): tags values must be strings.
        return Raw(ts=f"{name} ?? {self.pulumi}.getStack()")

    # -- provider default tags ------------------------------------------------------------------
    def _provider(self, ctx):
        """With use_provider_default_tags: tag through the program's one explicit aws.Provider.

        Returns None when the option is off or does not apply (then resources are tagged)."""
        if not ctx.options.use_provider_default_tags:
            return None
        program = self.program
        provs = program.resources_of("pulumi:providers:aws")
        if len(provs) != 1 or provs[0].var is None:
            return None
        prov = provs[0]
        users = [r for r in program.resources if awsdata.taggable(r.token) in ("map", "list")]
        pvar = prov.var
        for r in users:
            opts = program.resolve(r.opts) if r.opts is not None else None
            p = opts.get("provider") if isinstance(opts, Obj) else None
            if p is None or not (isinstance(p.value, Ident) and p.value.name == pvar or
                                 isinstance(p.value, Member) and p.value.dotted == pvar):
                return None  # some resource does not use it: tag resources instead
        return list(self._provider_fix(prov))

    def _provider_fix(self, prov):
        program = self.program
        args = prov.args
        if args is None and prov.args_node is not None:
            return
        dt = args.find("defaultTags") if args is not None else None
        if dt is not None:
            dto = program.resolve(dt.value)
            if not isinstance(dto, Obj):
                return
            tp = dto.find("tags")
            if tp is not None:
                target = program.resolve(tp.value)
                if not isinstance(target, Obj):
                    return
                have = _keys_ci(program, target)
                if have is None or all(k.lower() in have for k in self.writable):
                    return
                ref = self._shared_ref(prov)
                if ref is None or target is not tp.value:
                    return
                name, decl = ref
                yield self.finding(f"provider default tags lack cost-allocation tags", target,
                                   f"Spread {name} into the provider's default tags",
                                   decl + program.edits.insert_spread(target, name), resource=prov, help=self.help)
                return
            ref = self._shared_ref(prov)
            if ref is None:
                return
            name, decl = ref
            yield self.finding(f"provider default tags lack cost-allocation tags", dto,
                               f"Add {name} to the provider's default tags",
                               decl + program.edits.insert_prop(dto, "tags", Ref(name)), resource=prov, help=self.help)
            return
        ref = self._shared_ref(prov)
        if ref is None:
            return
        name, decl = ref
        edits = program.edits.add_resource_prop(prov, "defaultTags", {"tags": Ref(name)})
        if edits:
            yield self.finding(f"provider has no default cost-allocation tags",
                               prov.name or (prov.start, prov.end), f"Set defaultTags: {{ tags: {name} }}",
                               decl + edits, resource=prov, help=self.help)
