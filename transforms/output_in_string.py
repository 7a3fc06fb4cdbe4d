"""IAC101 — a Pulumi Output pasted into a plain string (template, concatenation, JSON.stringify).

An `Output<T>` is a promise-like value: `${bucket.arn}` or `JSON.stringify({ Resource: bucket.arn })`
does not wait for it, and the string deployed reads "Calling [toString] on an [Output<T>] is not
supported" (TS) or "<pulumi.output.Output object at 0x...>" (Python). The fix lifts the whole string
into an Output (`pulumi.interpolate`, `pulumi.jsonStringify`, `pulumi.concat`; Python
`pulumi.Output.concat`, `pulumi.Output.json_dumps`) — but only where an Output is accepted: inside a
resource's arguments (every Pulumi resource argument is an `Input`), in `registerOutputs`, in a
stack export, or in a const used only there. Elsewhere (a function argument, a class field, a
`StringAsset`) the string is reported, not rewritten: an Output there would not type-check.

The search starts from the strings the model indexes (templates, `+` sums, JSON serialisation
calls), keeps those that hold an Output, and climbs from each to where its value goes, so only
those strings and the expressions around them are ever looked at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from typing import TypeGuard

from iacfix.fix import Finding
from iacfix.model import Arr, Binary, Call, Func, Ident, Member, Node, Obj, Program, Resource, Span, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register

# @pulumi/pulumi functions (TypeScript names) that return an Output.
_FACTORIES = {"output", "all", "interpolate", "concat", "jsonStringify", "jsonParse", "secret", "unsecret", "format"}
# @pulumi/pulumi functions whose arguments are Inputs (a rewritten string inside them stays well typed).
_INPUT_CALLS = {"output", "all", "concat", "secret", "jsonStringify"}
# Config getters of secrets (`requireSecret`, `getSecretObject`...: an Output).
_SECRET_GETTERS = {
    f"{verb}Secret{kind}"
    for verb in ("require", "get")
    for kind in ("", "Object", "Number", "Boolean", "Int", "Float", "Bool")
}
_STACK_OUTPUT_GETTERS = {"getOutput", "requireOutput"}

Key = tuple[int, int, str]


def _key(node: Node) -> Key:
    return (node.start, node.end, node.kind)


@register
class OutputInString(Transform):
    id = "IAC101"
    slug = "output-in-string"
    title = "Pulumi Output used inside a plain string"
    severity = "critical"
    languages = frozenset({"typescript", "python"})
    doc = RuleDoc(
        what="Finds a Pulumi `Output` (a resource attribute such as `bucket.arn`, an `.apply(...)` result, "
        "`pulumi.output(...)`/`pulumi.all(...)`, a `getXxxOutput(...)` attribute, a secret from "
        "config, or a const holding one) inside a template literal / f-string, a string "
        "concatenation or `JSON.stringify` / `json.dumps`, and rewrites the string into an Output: "
        "`pulumi.interpolate`...``, `pulumi.concat(...)`, `pulumi.jsonStringify(...)` (Python: "
        "`pulumi.Output.concat(...)`, `pulumi.Output.json_dumps(...)`). It rewrites only where an "
        "Output is accepted — resource arguments, `registerOutputs`, stack exports, and consts used "
        "only there — and adds the `@pulumi/pulumi` import when it is missing. Elsewhere it reports.",
        why="A string built from an Output does not wait for the value: the deployed policy, name or "
        'URL contains "Calling [toString] on an [Output<T>] is not supported" (Python: '
        '"<pulumi.output.Output object at 0x...>"). IAM rejects the policy document, names fail '
        "validation, and the deployment stops — the most frequent deploy blocker in model-written "
        "Pulumi programs.",
        before='new aws.iam.RolePolicy("p", { role: role.id, policy: JSON.stringify({ Statement: [{\n'
        '    Effect: "Allow", Action: "s3:GetObject", Resource: `${bucket.arn}/*` }] }) });',
        after='new aws.iam.RolePolicy("p", { role: role.id, policy: pulumi.jsonStringify({ Statement: [{\n'
        '    Effect: "Allow", Action: "s3:GetObject", Resource: pulumi.interpolate`${bucket.arn}/*` }] }) });',
        fix_safety="Safe: the rewritten string is what the program meant, and it is only rewritten where an "
        "`Input<string>` is accepted, so it type-checks. Strings inside `.apply(...)` callbacks "
        "(whose values are already plain), strings built from plain values (literals, "
        "`config.require`, environment variables, parameters of unknown type), and strings used "
        "where a plain `string` is required are left alone; the last are reported.",
        references=(
            "https://www.pulumi.com/docs/iac/concepts/inputs-outputs/",
            "https://www.pulumi.com/docs/iac/concepts/inputs-outputs/apply/#outputs-and-strings",
            "https://www.pulumi.com/docs/iac/concepts/inputs-outputs/apply/#outputs-and-json",
            "https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/pulumi/functions/output.interpolate.html",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        yield from _Run(self, program).findings()


class _Run:
    def __init__(self, rule: OutputInString, program: Program):
        self.rule = rule
        self.p = program
        self._res_vars = {r.var for r in program.resources if r.var}
        self._res_starts = {r.start for r in program.resources}
        self._res_by_call: dict[tuple[int, int], Resource] = {(r.start, r.end): r for r in program.resources}
        self._json = [c for c in program.calls if self._is_json(c)]
        self._parents: dict[Key, Node | None] = {}  # the parents met while climbing are met again
        self._memo: defaultdict[str, dict] = defaultdict(dict)  # answers, by question and node/name
        # Where an Output comes from without a const: resources (`this.x` for a field holding one,
        # as names_in says it; `this` for other uses), the Pulumi and AWS modules, and imports.
        names = {v.split(".", 1)[0] for v in self._res_vars} | self._res_vars
        names |= program.aws_aliases | program.pulumi_aliases | set(program.module_aliases)
        for imp in program.imports:
            names.update(local.split(".", 1)[0] for _, local in imp.names)
            if imp.namespace:
                names.add(imp.namespace.split(".", 1)[0])
        self._sources = frozenset(names)

    # ---- what is an Output ---------------------------------------------------------------
    def _shadowed(self, name: str, at: int) -> bool:
        return any(name in f.params for f in self.p.functions_enclosing(at))

    def _is_resource_var(self, node: Node) -> bool:
        if isinstance(node, Member):  # `this.bucket`: a resource bound to a field of the receiver
            dotted = node.dotted or ""
            return dotted.startswith("this.") and dotted.count(".") == 1 and dotted in self._res_vars
        if not isinstance(node, Ident) or node.name not in self._res_vars or self._shadowed(node.name, node.start):
            return False
        # Every declaration of that name must be a resource (not a string elsewhere).
        return all(isinstance(b, Call) and b.start in self._res_starts for b in self.p.bindings.get(node.name, []))

    def _instance_of(self, node: Node | None, cls: str) -> bool:
        """`new pulumi.Config()` / `pulumi.Config()`, directly or through a const."""
        node = self.p.resolve(node)
        return isinstance(node, Call) and self.p.pulumi_helper(node) == cls

    def _aws_invoke(self, node: Node | None) -> bool:
        """`aws.getCallerIdentity(...)` (a Promise in TS), directly or through a const."""
        node = self.p.resolve(node)
        if not isinstance(node, Call):
            return False
        fn = (self.p.aws_function(node) or "").rpartition(".")[2]
        return fn.startswith("get") and fn[3:4].isupper()

    def is_output(self, node: Node | None, depth: int = 0) -> bool:
        p = self.p
        if node is None or depth > 10:
            return False
        if isinstance(node, Ident):
            # Resolve first (a dict lookup): an unbound name is no Output, shadowed or not, and
            # the shadowing test walks the enclosing functions.
            target = p.resolve(node)
            if target is node or target is None or self._shadowed(node.name, node.start):
                return False
            return self.is_output(target, depth + 1)
        if isinstance(node, Member):
            if node.prop in ("apply", "then") or node.obj is None:
                return False
            return self._is_resource_var(node.obj) or self.is_output(node.obj, depth + 1)
        if not isinstance(node, Call) or node.is_new:
            return False
        if p.pulumi_helper(node) in _FACTORIES:
            return True
        cn = node.callee_node
        if not isinstance(cn, Member):
            return False
        method = node.method
        return (
            (method == "apply" and self.is_output(cn.obj, depth + 1))
            or (method == "then" and self._aws_invoke(cn.obj))  # a Promise: also an Input, also stringified wrongly
            or (method in _SECRET_GETTERS and self._instance_of(cn.obj, "Config"))
            or (method in _STACK_OUTPUT_GETTERS and self._instance_of(cn.obj, "StackReference"))
            or _output_function((p.aws_function(node) or "").rpartition(".")[2])
        )

    def _strung(self, node: Node) -> Sequence[Node | None] | None:
        """What a string built by `node` stringifies: a template's substitutions, an object's
        values, an array's items, a `+`'s operands, a JSON call's argument (None: no such node)."""
        if isinstance(node, Template):
            return node.substitutions
        if isinstance(node, Obj):
            return [e.value for e in node.entries]
        if isinstance(node, Arr):
            return node.items
        if isinstance(node, Binary) and node.op == "+":
            return [node.left, node.right]
        if self._is_json(node) and node.args:
            return node.args[:1]
        return None

    def _may_carry(self, name: str) -> bool:
        """Whether an Output can be reached through const `name`: its value is, holds or (for
        `.then` and the getters of secrets and stack outputs) makes one, or mentions a source or
        such a const. What mentions neither holds no Output: most strings end here, unconverted."""
        # _once written out (here and in contains_output): a closure costs more than a known answer.
        memo = self._memo["carries"]
        hit = memo.get(name)
        if hit is None:
            memo[name] = True  # pending, in a cycle of consts
            hit = memo[name] = self._value_carries(self.p.binding(name))
        return hit

    def _value_carries(self, value: Node | None) -> bool:
        if isinstance(value, Call) and not self._is_json(value):
            maker = self.p.pulumi_helper(value) in ("Config", "StackReference") or self._aws_invoke(value)
            return maker or self.is_output(value)
        if isinstance(value, Member):
            return self.is_output(value)
        if isinstance(value, (Ident, Template, Obj, Arr, Call)) or (isinstance(value, Binary) and value.op == "+"):
            return self._mentions_carrier(value)
        return False  # a literal, `a || b`, a function...: what neither is_output nor contains_output reads

    @cached_property
    def templates(self) -> list[Template]:
        """The untagged templates naming a source or const that may carry an Output (no other can)."""
        return [t for t in self.p.templates_naming(self._carrier) if not t.tagged]

    def _carrier(self, name: str) -> bool:
        return name in self._sources or (name in self.p.bindings and self._may_carry(name))

    def _mentions_carrier(self, node: Node | Span) -> bool:
        return any(map(self._carrier, self.p.names_in(node)))

    def contains_output(self, node: Node) -> bool:
        """An Output anywhere the string/JSON would stringify it (following consts)."""
        memo = self._memo["contains"]
        key = (node.start, node.end, node.kind)  # _key
        hit = memo.get(key)
        if hit is None:
            memo[key] = False  # pending
            hit = memo[key] = self._contains_output(node, 0)
        return hit

    def _contains_output(self, node: Node | None, depth: int) -> bool:
        if node is None or depth > 12:
            return False
        if depth == 0 and isinstance(node, (Template, Obj, Arr, Binary, Call)) and not self._mentions_carrier(node):
            return False
        kids = self._strung(node)
        if kids is not None:
            return any(self._contains_output(k, depth + 1) for k in kids)
        if isinstance(node, Ident):
            target = self.p.resolve(node)
            if target is node:
                return False  # unbound here: no Output (what is_output would say, cheaper)
            if (isinstance(target, (Template, Obj, Arr, Binary)) or self._is_json(target)) and not self._shadowed(
                node.name, node.start
            ):
                return self._mentions_carrier(target) and self._contains_output(target, depth + 1)
        return self.is_output(node, depth + 1)

    def _is_json(self, node: Node | None) -> TypeGuard[Call]:
        return isinstance(node, Call) and not node.is_new and self.p.json_call(node) == "stringify"

    def _outputs_in(self, node: Node) -> list[str]:
        """Texts of the Outputs a string stringifies (for messages)."""
        out: list[str] = []

        def visit(n: Node | None, d: int = 0) -> None:
            if n is None or d > 12 or len(out) >= 3:
                return
            kids = self._strung(n)
            if kids is not None:
                for k in kids:
                    visit(k, d + 1)
            elif self.is_output(n):
                out.append(n.text)
            elif isinstance(n, Ident):
                t = self.p.resolve(n)
                if t is not n and isinstance(t, (Template, Obj, Arr, Binary, Call)):
                    visit(t, d + 1)

        visit(node)
        return out

    # ---- which strings to rewrite --------------------------------------------------------------
    def _fixable(self, node: Node) -> bool:
        """The string stringifies an Output and can be lifted as a whole."""
        if isinstance(node, Template):
            return not node.tagged and self.contains_output(node)
        if isinstance(node, Binary):
            # A string sum from its first `+` on (a number + number head would add, not concatenate).
            ops = self.p.operands(node) if node.op == "+" else []
            head_str = any(isinstance(o, (Str, Template)) or self.is_output(o) for o in ops[:2])
            return head_str and any(self.contains_output(o) for o in ops)
        return self._is_json(node) and bool(node.args) and self.contains_output(node.args[0])

    @cached_property
    def roots(self) -> set[Key]:
        """Where an Output is accepted as a whole: resource arguments, `registerOutputs(...)`, stack
        exports, and strings returned straight from an `.apply` callback on an Output."""
        p = self.p
        roots = {_key(r.args_node) for r in p.resources if r.args_node is not None}
        for c in p.calls:
            if c.method == "registerOutputs":
                roots.update(_key(a) for a in c.args)
            elif p.pulumi_helper(c) == "export" and len(c.args) == 2:
                roots.add(_key(c.args[1]))  # pulumi.export(name, value): value is an Input
        roots.update(_key(e.value) for e in p.exports if e.value is not None)
        # Strings returned straight from an `.apply` callback on an Output: `apply` accepts an
        # Input result and flattens it, so an Output there is as good as a string.
        for node in (*self._json, *self.templates):
            # Few strings hold an Output (memoised, asked by `plan` already): test that first.
            if not self.contains_output(node):
                continue
            fn = p.returned_from(node)
            if fn is None or fn.typed_result:
                continue  # not the whole returned value, or `(v): string =>` would no longer type-check
            funcs = p.functions_enclosing(node.start)
            if funcs and fn.start == funcs[0].start and self._apply_callback(funcs[0]):
                roots.add(_key(node))
        return roots

    def _apply_callback(self, f: Func) -> bool:
        cn = f.call.callee_node if f.call is not None else None
        return isinstance(cn, Member) and cn.prop == "apply" and self.is_output(cn.obj)

    def _parent(self, node: Node) -> Node | None:
        key = _key(node)
        if key not in self._parents:
            self._parents[key] = self.p.parent(node)
        return self._parents[key]

    def reached(self, node: Node) -> bool:
        """Whether `node`'s value goes, as a whole, where an Output is accepted: a root, or an
        entry, item, operand or argument of something that is itself rewritten or accepted."""
        key = _key(node)
        return _once(self._memo["reached"], key, lambda: self._reach(node, key))

    def _reach(self, node: Node, key: Key) -> bool:
        if key in self.roots:
            return True
        names = self._value_of.get(key)
        if names is not None:
            return any(self.accepted(n) for n in names)
        par = self._parent(node)
        if isinstance(par, (Obj, Arr, Template)):
            if isinstance(par, Template) and not self._fixable(par):
                return False
            return _among(key, self._strung(par) or ()) and self.reached(par)
        if isinstance(par, Binary):
            owner = self._sum_owner(node, par)
            return owner is not None and self._fixable(owner) and self.reached(owner)
        if not isinstance(par, Call):
            return False
        res = self._res_by_call.get((par.start, par.end))
        if res is not None:  # keyword arguments of a Python resource (the args object is a root)
            args = res.args_node
            return isinstance(args, Obj) and _among(key, (e.value for e in args.entries))
        if par.is_new:
            return False
        if self._is_json(par):
            return bool(par.args) and _key(par.args[0]) == key and self.contains_output(node) and self.reached(par)
        if self.p.pulumi_helper(par) in _INPUT_CALLS:
            return _among(key, [*par.args, *par.kwargs.values()]) and self.reached(par)
        return False

    def _sum_owner(self, node: Node, par: Binary) -> Binary | None:
        """The `+` chain whose operands (`program.operands`) include `node`, its parent being `par`."""
        if par.op != "+":
            return None
        top = par
        while isinstance(up := self._parent(top), Binary) and up.op == "+" and _among(_key(top), (up.left,)):
            top = up
        n: Node = top
        while isinstance(n, Binary) and (ops := self.p.operands(n)):
            if _among(_key(node), ops):
                return n
            if not ops[0].contains(node):
                return None
            n = ops[0]
        return None

    @cached_property
    def _value_of(self) -> dict[Key, list[str]]:
        """The consts bound to a value, by the value's span."""
        out: dict[Key, list[str]] = {}
        for name in self.p.bindings:
            value = self.p.binding(name)
            if value is not None:
                out.setdefault(_key(value), []).append(name)
        return out

    def accepted(self, name: str) -> bool:
        """A const is accepted when every use of it is where an Output is accepted."""
        return _once(self._memo["accepted"], name, lambda: self._accept(name))

    def _accept(self, name: str) -> bool:
        p = self.p
        if name in self._res_vars or p.binding(name) is None:
            return False
        refs = p.references(name)
        uses = (p.node_at(s, e) for s, e in refs)
        return bool(refs) and all(isinstance(use, Ident) and self.reached(use) for use in uses)

    def plan(self) -> dict[int, Node]:
        """The strings to rewrite, by start (where two start together, the inner one: the outer
        waits for the next pass)."""
        p = self.p
        fixes: dict[int, Node] = {}
        for node in (*self.templates, *p.concatenations, *self._json):
            # Whether it holds an Output first: most strings hold none, and need no climb to
            # where their value goes (nor the roots, which are only gathered for a climb).
            if self._fixable(node) and self.reached(node):
                prev = fixes.get(node.start)
                if prev is None or node.end - node.start < prev.end - prev.start:
                    fixes[node.start] = node
        return fixes

    # ---- findings -------------------------------------------------------------------------
    def findings(self) -> Iterator[Finding]:
        fixes = self.plan()
        fixed: set[int] = set()
        if fixes:  # the edit kit is asked for only with something to render (most texts have nothing)
            yield from self._fix_findings(fixes, fixed)
        # Report-only: strings that stringify an Output where a plain string may be required.
        for node in self._report_candidates():
            if node.start in fixed or not (found := self._outputs_in(node)):
                continue
            in_cb = any(self._apply_callback(f) for f in self.p.functions_enclosing(node.start))
            where = (
                "inside an .apply callback: add the value to the Outputs it waits for (pulumi.all)"
                if in_cb
                else "not rewritten: the string is used where a plain string may be required; "
                "build it inside .apply, or pass an Output where the target accepts one"
            )
            yield self.rule.finding(
                f"{', '.join(found)} is a Pulumi Output stringified in a plain string ({where})", node
            )

    def _fix_findings(self, fixes: dict[int, Node], fixed: set[int]) -> Iterator[Finding]:
        kit = self.p.edits
        imp = kit.ensure_pulumi_import()
        for start in sorted(fixes):
            node = fixes[start]
            outs = ", ".join(self._outputs_in(node)) or "an Output"
            edits = kit.lift_to_output(node)
            if not edits:
                continue
            helper = "pulumi." + kit.pulumi_name(kit.lift_helper(node) or "")
            if isinstance(node, Call):  # a JSON call; else a template or a `+` sum (what `plan` takes)
                what, title = node.callee, f"Use {helper}"
            else:
                what = kit.TEMPLATE_NOUN if isinstance(node, Template) else "string concatenation"
                title = f"Build it with {helper}"
            fixed.add(start)
            yield self.rule.finding(
                f"{outs} is a Pulumi Output: this {what} stringifies it instead of its value", node, title, edits + imp
            )

    def _report_candidates(self) -> Iterator[Node]:
        yield from (c for c in self._json if c.args and self.contains_output(c.args[0]))
        for t in self.templates:
            if not self.contains_output(t):
                continue
            if not any(c.start < t.start and t.end <= c.end for c in self._json):  # else reported with it
                yield t


def _once(memo: dict, key, compute: Callable[[], bool], pending: bool = False) -> bool:
    """`memo[key]`, computed once; `pending` while it is being computed (in a cycle of consts)."""
    hit = memo.get(key)
    if hit is None:
        memo[key] = pending
        hit = memo[key] = compute()
    return hit


def _among(key: Key, nodes: Iterable[Node | None]) -> bool:
    return any(n is not None and _key(n) == key for n in nodes)


def _output_function(name: str) -> bool:
    """`getVpcOutput`: an AWS function's Output form (not `getOutput` itself)."""
    return (
        len(name) > len("getOutput")
        and name.startswith("get")
        and name.endswith("Output")
        and (name[3].isupper() or name[3].isdigit() or name[3] == "_")
    )
