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
calls) and climbs from each to where its value goes, so only those strings and the expressions
around them are ever looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeGuard

from iacfix.fix import Finding
from iacfix.model import Arr, Binary, Call, Func, Ident, Member, Node, Obj, Program, Resource, Str, Template
from iacfix.rules import Context, RuleDoc, Transform, register

# @pulumi/pulumi functions (TypeScript names) that return an Output.
_FACTORIES = {"output", "all", "interpolate", "concat", "jsonStringify", "jsonParse", "secret", "unsecret", "format"}
# @pulumi/pulumi functions whose arguments are Inputs (a rewritten string inside them stays well typed).
_INPUT_CALLS = {"output", "all", "concat", "secret", "jsonStringify"}
_SECRET_GETTERS = {
    "requireSecret",
    "getSecret",
    "requireSecretObject",
    "getSecretObject",
    "requireSecretNumber",
    "getSecretNumber",
    "requireSecretBoolean",
    "getSecretBoolean",
    "requireSecretInt",
    "getSecretInt",
    "requireSecretFloat",
    "getSecretFloat",
    "requireSecretBool",
    "getSecretBool",
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
        self._func_cache: dict[int, list[Func]] = {}
        self._res_vars = {r.var for r in program.resources if r.var}
        self._res_starts = {r.start for r in program.resources}
        self._res_by_call: dict[tuple[int, int], Resource] = {(r.start, r.end): r for r in program.resources}
        self._json = [c for c in program.calls if not c.is_new and program.json_call(c) == "stringify"]
        # Model nodes by span, one object each: the parents met while climbing are met again.
        self._nodes: dict[Key, Node] = {}
        self._parents: dict[Key, Node | None] = {}
        self._reached: dict[Key, bool] = {}
        self._accepted: dict[str, bool] = {}
        self._contains: dict[Key, bool] = {}
        # Every name an Output can be reached through: a value built without any of them holds none.
        names = {n for n in program.bindings if program.binding(n) is not None}
        names |= {v.split(".", 1)[0] for v in self._res_vars} | {"this"}
        names |= program.aws_aliases | program.pulumi_aliases | set(program.module_aliases)
        for imp in program.imports:
            names.update(local.split(".", 1)[0] for _, local in imp.names)
            if imp.namespace:
                names.add(imp.namespace.split(".", 1)[0])
        self._root_names = frozenset(names)

    # ---- what is an Output ---------------------------------------------------------------
    def _funcs(self, offset: int) -> list[Func]:
        f = self._func_cache.get(offset)
        if f is None:
            f = self._func_cache[offset] = self.p.functions_enclosing(offset)
        return f

    def _shadowed(self, name: str, at: int) -> bool:
        return any(name in f.params for f in self._funcs(at))

    def _is_resource_var(self, node: Node) -> bool:
        name = None
        if isinstance(node, Ident):
            name = node.name
        elif (
            isinstance(node, Member) and node.dotted and node.dotted.startswith("this.") and node.dotted.count(".") == 1
        ):
            name = node.dotted
        if not name or name not in self._res_vars:
            return False
        if "." not in name:
            if self._shadowed(name, node.start):
                return False
            # Every declaration of that name must be a resource (not a string elsewhere).
            for b in self.p.bindings.get(name, []):
                if not (isinstance(b, Call) and b.start in self._res_starts):
                    return False
        return True

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
            if target is node or target is None:
                return False
            if self._shadowed(node.name, node.start):
                return False
            return self.is_output(target, depth + 1)
        if isinstance(node, Member):
            if node.prop in ("apply", "then"):
                return False
            base = node.obj
            if base is None:
                return False
            if self._is_resource_var(base):
                return True
            return self.is_output(base, depth + 1)
        if isinstance(node, Call):
            if node.is_new:
                return False
            if p.pulumi_helper(node) in _FACTORIES:
                return True
            cn = node.callee_node
            if isinstance(cn, Member):
                method = node.method
                if method == "apply" and self.is_output(cn.obj, depth + 1):
                    return True
                if method == "then" and self._aws_invoke(cn.obj):
                    return True  # a Promise: also an Input, also stringified wrongly
                if method in _SECRET_GETTERS and self._instance_of(cn.obj, "Config"):
                    return True
                if method in _STACK_OUTPUT_GETTERS and self._instance_of(cn.obj, "StackReference"):
                    return True
                if _output_function((p.aws_function(node) or "").rpartition(".")[2]):
                    return True
            return False
        return False

    def contains_output(self, node: Node | None, depth: int = 0) -> bool:
        """An Output anywhere the string/JSON would stringify it (following consts)."""
        if node is None or depth > 12:
            return False
        if depth == 0:
            key = _key(node)
            hit = self._contains.get(key)
            if hit is None:
                hit = self._contains[key] = self._contains_output(node, 0)
            return hit
        return self._contains_output(node, depth)

    def _contains_output(self, node: Node, depth: int) -> bool:
        if (
            depth == 0
            and isinstance(node, (Template, Obj, Arr, Binary, Call))
            and self._root_names.isdisjoint(self.p.names_in(node))
        ):
            return False  # built without any name an Output can come from (found in C, unconverted)
        if isinstance(node, Template):
            return any(self.contains_output(s, depth + 1) for s in node.substitutions)
        if isinstance(node, Obj):
            return any(e.value is not None and self.contains_output(e.value, depth + 1) for e in node.entries)
        if isinstance(node, Arr):
            return any(self.contains_output(i, depth + 1) for i in node.items)
        if isinstance(node, Binary) and node.op == "+":
            return self.contains_output(node.left, depth + 1) or self.contains_output(node.right, depth + 1)
        if self._is_json(node) and node.args:
            return self.contains_output(node.args[0], depth + 1)
        if isinstance(node, Ident):
            target = self.p.resolve(node)
            if target is node:
                return False  # unbound here: no Output (what is_output would say, cheaper)
            if (isinstance(target, (Template, Obj, Arr, Binary)) or self._is_json(target)) and not self._shadowed(
                node.name, node.start
            ):
                if self._root_names.isdisjoint(self.p.names_in(target)):
                    return False
                return self.contains_output(target, depth + 1)
        return self.is_output(node, depth + 1)

    def _is_json(self, node: Node | None) -> TypeGuard[Call]:
        return isinstance(node, Call) and not node.is_new and self.p.json_call(node) == "stringify"

    def _outputs_in(self, node: Node) -> list[str]:
        """Texts of the Outputs a string stringifies (for messages)."""
        out: list[str] = []

        def visit(n, d=0):
            if n is None or d > 12 or len(out) >= 3:
                return
            if isinstance(n, Template):
                for s in n.substitutions:
                    visit(s, d + 1)
            elif isinstance(n, Obj):
                for e in n.entries:
                    visit(e.value, d + 1)
            elif isinstance(n, Arr):
                for i in n.items:
                    visit(i, d + 1)
            elif isinstance(n, Binary) and n.op == "+":
                visit(n.left, d + 1)
                visit(n.right, d + 1)
            elif self._is_json(n) and n.args:
                visit(n.args[0], d + 1)
            elif self.is_output(n):
                out.append(n.text)
            elif isinstance(n, Ident):
                t = self.p.resolve(n)
                if t is not n and isinstance(t, (Template, Obj, Arr, Binary, Call)):
                    visit(t, d + 1)

        visit(node)
        return out

    # ---- which strings to rewrite --------------------------------------------------------------
    def _sum_operands(self, node: Binary) -> list[Node]:
        """The operands of a `+` chain that is a string sum from its first `+` on (a number +
        number head would add, not concatenate); [] otherwise."""
        ops = self.p.operands(node) if node.op == "+" else []
        if not any(isinstance(o, (Str, Template)) or self.is_output(o) for o in ops[:2]):
            return []
        return ops

    def _fixable(self, node: Node) -> bool:
        """The string stringifies an Output and can be lifted as a whole."""
        if isinstance(node, Template):
            return not node.tagged and self.contains_output(node)
        if isinstance(node, Binary):
            return any(self.contains_output(o) for o in self._sum_operands(node))
        return self._is_json(node) and bool(node.args) and self.contains_output(node.args[0])

    def _roots(self) -> set[Key]:
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
        roots.update(_key(n) for n in self._callback_returns())
        return roots

    def _apply_callback(self, f: Func) -> bool:
        cn = f.call.callee_node if f.call is not None else None
        return isinstance(cn, Member) and cn.prop == "apply" and self.is_output(cn.obj)

    def _callback_returns(self) -> list[Node]:
        """Strings returned straight from an `.apply` callback on an Output: `apply` accepts an
        Input result and flattens it, so an Output there is as good as a string."""
        p = self.p
        out: list[Node] = []
        # Only a string inside an `.apply(...)` call can be returned from its callback: find
        # those calls first, and skip the enclosing-function walk for every other string.
        spans = sorted((c.start, c.end) for c in p.calls if c.method == "apply")
        if not spans:
            return out
        cands: list[Node] = [*self._json, *(t for t in p.templates if not t.tagged)]
        for node in cands:
            if not any(s <= node.start and node.end <= e for s, e in spans):
                continue
            fn = p.returned_from(node)
            if fn is None or fn.typed_result:
                continue  # not the whole returned value, or `(v): string =>` would no longer type-check
            funcs = self._funcs(node.start)
            if not funcs or fn.start != funcs[0].start or not self._apply_callback(funcs[0]):
                continue
            if self.contains_output(node):
                out.append(node)
        return out

    def _node(self, node: Node) -> Node:
        return self._nodes.setdefault(_key(node), node)

    def _parent(self, node: Node) -> Node | None:
        key = _key(node)
        if key not in self._parents:
            par = self.p.parent(node)
            self._parents[key] = self._node(par) if par is not None else None
        return self._parents[key]

    def reached(self, node: Node) -> bool:
        """Whether `node`'s value goes, as a whole, where an Output is accepted: a root, or an
        entry, item, operand or argument of something that is itself rewritten or accepted."""
        key = _key(node)
        hit = self._reached.get(key)
        if hit is None:
            self._reached[key] = False  # in progress: a cycle of consts reaches nothing
            hit = self._reached[key] = self._reach(node, key)
        return hit

    def _reach(self, node: Node, key: Key) -> bool:
        if key in self.roots:
            return True
        names = self._value_of.get(key)
        if names is not None:
            return any(self.accepted(n) for n in names)
        par = self._parent(node)
        if par is None:
            return False
        if isinstance(par, (Obj, Arr, Template)):
            if isinstance(par, Template) and not self._fixable(par):
                return False
            kids = (
                (e.value for e in par.entries)
                if isinstance(par, Obj)
                else par.items
                if isinstance(par, Arr)
                else par.substitutions
            )
            return _among(key, kids) and self.reached(par)
        if isinstance(par, Binary):
            owner = self._sum_owner(node, par)
            return owner is not None and self._fixable(owner) and self.reached(owner)
        if isinstance(par, Call):
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
        while True:
            up = self._parent(top)
            if not (isinstance(up, Binary) and up.op == "+" and up.left is not None and _key(up.left) == _key(top)):
                break
            top = up
        key = _key(node)
        n: Node = top
        while isinstance(n, Binary):
            ops = self.p.operands(n)
            if not ops:
                return None
            if _among(key, ops):
                return n
            head = ops[0]
            if not (head.start <= node.start and node.end <= head.end):
                return None
            n = head
        return None

    def accepted(self, name: str) -> bool:
        """A const is accepted when every use of it is where an Output is accepted."""
        hit = self._accepted.get(name)
        if hit is None:
            self._accepted[name] = False  # in progress
            hit = self._accepted[name] = self._accept(name)
        return hit

    def _accept(self, name: str) -> bool:
        p = self.p
        if name in self._res_vars or p.binding(name) is None:
            return False
        refs = p.references(name)
        if not refs:
            return False
        for s, e in refs:
            use = p.node_at(s, e)
            if not isinstance(use, Ident) or not self.reached(self._node(use)):
                return False
        return True

    def plan(self) -> dict[int, Node]:
        """The strings to rewrite, by start (where two start together, the inner one: the outer
        waits for the next pass)."""
        p = self.p
        self.roots = self._roots()
        self._value_of: dict[Key, list[str]] = {}
        for name in p.bindings:
            value = p.binding(name)
            if value is not None:
                self._value_of.setdefault(_key(value), []).append(name)
        fixes: dict[int, Node] = {}
        cands: list[Node] = [*(t for t in p.templates if not t.tagged), *p.concatenations, *self._json]
        for node in cands:
            node = self._node(node)
            if self.reached(node) and self._fixable(node):
                prev = fixes.get(node.start)
                if prev is None or node.end - node.start < prev.end - prev.start:
                    fixes[node.start] = node
        return fixes

    # ---- findings -------------------------------------------------------------------------
    def findings(self) -> Iterator[Finding]:
        fixes = self.plan()
        fixed: set[int] = set()
        kit = self.p.edits
        imp = kit.ensure_pulumi_import() if fixes else []
        for start in sorted(fixes):
            node = fixes[start]
            outs = ", ".join(self._outputs_in(node)) or "an Output"
            edits = kit.lift_to_output(node)
            if not edits:
                continue
            helper = "pulumi." + kit.pulumi_name(kit.lift_helper(node) or "")
            if isinstance(node, Template):
                what, title = kit.TEMPLATE_NOUN, f"Build it with {helper}"
            elif isinstance(node, Binary):
                what, title = "string concatenation", f"Build it with {helper}"
            else:
                what, title = node.callee if isinstance(node, Call) else "call", f"Use {helper}"
            fixed.add(start)
            yield self.rule.finding(
                f"{outs} is a Pulumi Output: this {what} stringifies it instead of its value", node, title, edits + imp
            )
        # Report-only: strings that stringify an Output where a plain string may be required.
        for node in self._report_candidates():
            if node.start in fixed:
                continue
            in_cb = any(self._apply_callback(f) for f in self._funcs(node.start))
            found = self._outputs_in(node)
            if not found:
                continue
            where = (
                "inside an .apply callback: add the value to the Outputs it waits for (pulumi.all)"
                if in_cb
                else "not rewritten: the string is used where a plain string may be required; "
                "build it inside .apply, or pass an Output where the target accepts one"
            )
            yield self.rule.finding(
                f"{', '.join(found)} is a Pulumi Output stringified in a plain string ({where})", node
            )

    def _report_candidates(self) -> Iterator[Node]:
        seen: set[int] = set()
        for c in self._json:
            if c.args and c.start not in seen and self.contains_output(c.args[0]):
                seen.add(c.start)
                yield c
        inside_json = [(c.start, c.end) for c in self._json]
        for t in self.p.templates:
            if t.start in seen or t.tagged:
                continue
            if any(s < t.start and t.end <= e for s, e in inside_json):
                continue  # reported with its JSON.stringify
            if self.contains_output(t):
                seen.add(t.start)
                yield t


def _among(key: Key, nodes) -> bool:
    return any(n is not None and _key(n) == key for n in nodes)


def _output_function(name: str) -> bool:
    """`getVpcOutput`: an AWS function's Output form (not `getOutput` itself)."""
    return (
        len(name) > len("getOutput")
        and name.startswith("get")
        and name.endswith("Output")
        and (name[3].isupper() or name[3].isdigit() or name[3] == "_")
    )
