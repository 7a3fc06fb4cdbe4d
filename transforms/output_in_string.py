"""IAC101 — a Pulumi Output pasted into a plain string (template, concatenation, JSON.stringify).

An `Output<T>` is a promise-like value: `${bucket.arn}` or `JSON.stringify({ Resource: bucket.arn })`
does not wait for it, and the string deployed reads "Calling [toString] on an [Output<T>] is not
supported" (TS) or "<pulumi.output.Output object at 0x...>" (Python). The fix lifts the whole string
into an Output (`pulumi.interpolate`, `pulumi.jsonStringify`, `pulumi.concat`; Python
`pulumi.Output.concat`, `pulumi.Output.json_dumps`) — but only where an Output is accepted: inside a
resource's arguments (every Pulumi resource argument is an `Input`), in `registerOutputs`, in a
stack export, or in a const used only there. Elsewhere (a function argument, a class field, a
`StringAsset`) the string is reported, not rewritten: an Output there would not type-check.
"""

from __future__ import annotations

import bisect
import re

from iacfix.fix import Edit
from iacfix.model import Arr, Binary, Call, Ident, Member, Node, Obj, Str, Template
from iacfix.rules import RuleDoc, Transform, register

# pulumi.<name>(...) calls that return an Output (TS), pulumi.<name> (Python, after the alias).
_TS_FACTORIES = {"output", "all", "interpolate", "concat", "jsonStringify", "jsonParse", "secret", "unsecret"}
_PY_FACTORIES = {"Output.all", "Output.concat", "Output.from_input", "Output.format", "Output.json_dumps",
                 "Output.json_loads", "Output.secret", "Output.unsecret", "output"}
# pulumi calls whose arguments are Inputs (a rewritten string inside them stays well typed).
_TS_INPUT_CALLS = {"output", "all", "concat", "secret", "jsonStringify"}
_PY_INPUT_CALLS = {"Output.all", "Output.concat", "Output.from_input", "Output.secret", "Output.json_dumps"}
_SECRET_GETTERS = {"requireSecret", "getSecret", "requireSecretObject", "getSecretObject", "requireSecretNumber",
                   "getSecretNumber", "requireSecretBoolean", "getSecretBoolean",
                   "requireSecretInt", "getSecretInt", "requireSecretFloat", "getSecretFloat", "requireSecretBool",
                   "getSecretBool"}
_STACK_OUTPUT_GETTERS = {"getOutput", "requireOutput"}
_GET_OUTPUT_RE = re.compile(r"^get[A-Z0-9_]\w*Output$")
_JSON_CALLS = {"typescript": "JSON.stringify", "python": "json.dumps"}
_PLUS_GAP = re.compile(r"^\s*\+\s*$")
_PY_LAMBDA_RETURN = re.compile(rb"^lambda[^:]*:\s*\(?\s*$")
_TS_RETURN_TYPE = re.compile(rb"\)\s*:\s*[^=]+=>$")
# What builds a string (see _Run._relevant_positions): `+`, a template, an f-string prefix.
_TS_BUILDERS = re.compile(rb"[`+]")
_PY_BUILDERS = re.compile(rb"\+|[fF][rR]?[\"']|[rR][fF][\"']")
_PY_IDENT_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_TS_IDENT_BYTES = _PY_IDENT_BYTES | {ord("$")}
_TS_RETURN_TYPE_FN = re.compile(rb"^(?:async\s+)?function[^(]*\([^)]*\)\s*:")


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
            "URL contains \"Calling [toString] on an [Output<T>] is not supported\" (Python: "
            "\"<pulumi.output.Output object at 0x...>\"). IAM rejects the policy document, names fail "
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

    def check(self, program, ctx):
        yield from _Run(self, program).findings()


class _Run:
    def __init__(self, rule: OutputInString, program):
        self.rule = rule
        self.p = program
        self.py = program.language == "python"
        self.json_callee = _JSON_CALLS.get(program.language, "JSON.stringify")
        aliases = sorted(a for a in program.pulumi_aliases if a)
        self.alias = "pulumi" if "pulumi" in aliases else (aliases[0] if aliases else None)
        self._func_cache: dict[int, list] = {}
        self._res_vars = {r.var for r in program.resources if r.var}
        self._res_starts = {r.start for r in program.resources}
        self._relevant = self._relevant_positions()
        self._call_end_min_start: dict[int, int] = {}
        for c in program.calls:
            prev = self._call_end_min_start.get(c.end)
            if prev is None or c.start < prev:
                self._call_end_min_start[c.end] = c.start

    def _relevant_positions(self) -> list[int]:
        """Where, in the body, something could make a span matter to this rule: a name that can
        root an Output or is a const (resource variables, bindings, the pulumi / aws aliases and,
        when pulumi helpers are imported bare, their names), the JSON callee, and what builds a
        string (a template / f-string, `+`). A subtree with none of these inside can neither
        stringify an Output nor hold a use of a const, so it is skipped without converting it.
        Found with bytes.find per name and one fixed regex (no per-program regex to compile);
        tokens in comments or literals only make the test looser."""
        p = self.p
        body = p.body
        names = set(p.bindings) | {v.split(".", 1)[0] for v in self._res_vars}
        names |= {a for a in p.pulumi_aliases if a} | set(p.aws_aliases) | set(p.module_aliases)
        names.add(self.json_callee.split(".", 1)[0])
        if "" in p.pulumi_aliases:
            for group in (_TS_FACTORIES, _PY_FACTORIES, _TS_INPUT_CALLS, _PY_INPUT_CALLS):
                names |= {n.split(".", 1)[0] for n in group}
            names |= {"Config", "StackReference", "export"}
        out = [m.start() for m in (_PY_BUILDERS if self.py else _TS_BUILDERS).finditer(body)]
        n = len(body)
        ident = _PY_IDENT_BYTES if self.py else _TS_IDENT_BYTES
        for name in names:
            nb = name.encode()
            if not nb:
                continue
            i = body.find(nb)
            while i != -1:
                e = i + len(nb)
                if (i == 0 or body[i - 1] not in ident) and (e == n or body[e] not in ident):
                    out.append(i)
                i = body.find(nb, i + 1)
        out.sort()
        return out

    def _may_matter(self, node: Node) -> bool:
        pos = self._relevant
        i = bisect.bisect_left(pos, node.start)
        return i < len(pos) and pos[i] < node.end

    # ---- what is an Output ---------------------------------------------------------------
    def _funcs(self, offset: int):
        f = self._func_cache.get(offset)
        if f is None:
            f = self._func_cache[offset] = self.p.functions_enclosing(offset)
        return f

    def _shadowed(self, name: str, at: int) -> bool:
        return any(name in f.params for f in self._funcs(at))

    def _pulumi_member(self, callee: str | None) -> str | None:
        """`pulumi.all` -> "all" (TS), `pulumi.Output.concat` -> "Output.concat" (Python)."""
        if not callee:
            return None
        head, _, rest = callee.partition(".")
        if head in self.p.pulumi_aliases and head:
            return rest
        if "" in self.p.pulumi_aliases and "." not in callee:
            return callee
        return None

    def _is_resource_var(self, node: Node) -> bool:
        name = None
        if isinstance(node, Ident):
            name = node.name
        elif isinstance(node, Member) and node.dotted and node.dotted.startswith(("this.", "self.")) and node.dotted.count(".") == 1:
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

    def _new_of(self, node: Node | None, cls: str) -> bool:
        node = self.p.resolve(node)
        # TypeScript writes `new pulumi.Config()`; Python instantiates with a plain call.
        if not isinstance(node, Call) or not (node.is_new or self.p.language == "python"):
            return False
        m = self._pulumi_member(node.callee)
        return m == cls

    def _aws_invoke(self, node: Node | None) -> bool:
        """`aws.getCallerIdentity(...)` (a Promise in TS), directly or through a const."""
        node = self.p.resolve(node)
        if not isinstance(node, Call) or node.is_new:
            return False
        head, _, last = (node.callee or "").rpartition(".")
        return (head in self.p.aws_aliases or head in self.p.module_aliases) and bool(re.match(r"^get[A-Z]", last))

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
            m = self._pulumi_member(node.callee)
            if m is not None and m in (_PY_FACTORIES if self.py else _TS_FACTORIES):
                return True
            cn = node.callee_node
            if isinstance(cn, Member):
                last = cn.prop
                if last == "apply" and (self.is_output(cn.obj, depth + 1)):
                    return True
                if last == "then" and self._aws_invoke(cn.obj):
                    return True  # a Promise: also an Input, also stringified wrongly
                if (last in _SECRET_GETTERS or _camel(last) in _SECRET_GETTERS) and self._new_of(cn.obj, "Config"):
                    return True
                if (last in _STACK_OUTPUT_GETTERS or _camel(last) in _STACK_OUTPUT_GETTERS) and self._new_of(cn.obj, "StackReference"):
                    return True
                if (p.is_aws(node.callee) or (node.callee or "").split(".", 1)[0] in p.module_aliases) and \
                        _GET_OUTPUT_RE.match(_camel(last)):
                    return True
            return False
        return False

    def contains_output(self, node: Node | None, depth: int = 0) -> bool:
        """An Output anywhere the string/JSON would stringify it (following consts)."""
        if node is None or depth > 12:
            return False
        if isinstance(node, (Template, Obj, Arr)) and not self._may_matter(node):
            return False  # nothing in it can root an Output (see _relevant_pattern)
        if isinstance(node, Template):
            return any(self.contains_output(s, depth + 1) for s in node.substitutions)
        if isinstance(node, Obj):
            return any(e.value is not None and self.contains_output(e.value, depth + 1) for e in node.entries)
        if isinstance(node, Arr):
            return any(self.contains_output(i, depth + 1) for i in node.items)
        if isinstance(node, Binary) and node.op == "+":
            return self.contains_output(node.left, depth + 1) or self.contains_output(node.right, depth + 1)
        if isinstance(node, Call) and node.callee == self.json_callee and node.args:
            return self.contains_output(node.args[0], depth + 1)
        if isinstance(node, Ident):
            target = self.p.resolve(node)
            if target is node:
                return False  # unbound here: no Output (what is_output would say, cheaper)
            if (isinstance(target, (Template, Obj, Arr, Binary)) or (
                    isinstance(target, Call) and target.callee == self.json_callee)) and \
                    not self._shadowed(node.name, node.start):
                return self.contains_output(target, depth + 1)
        return self.is_output(node, depth + 1)

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
                visit(n.left, d + 1); visit(n.right, d + 1)
            elif isinstance(n, Call) and n.callee == self.json_callee and n.args:
                visit(n.args[0], d + 1)
            elif self.is_output(n):
                out.append(n.text)
            elif isinstance(n, Ident):
                t = self.p.resolve(n)
                if t is not n and isinstance(t, (Template, Obj, Arr, Binary, Call)):
                    visit(t, d + 1)
        visit(node)
        return out

    # ---- where an Output is accepted ------------------------------------------------------
    def _tagged(self, tpl: Template) -> bool:
        # Index the calls by end once: a scan of every call per template was quadratic.
        first = self._call_end_min_start.get(tpl.end)
        return first is not None and first < tpl.start

    def _concat_operands(self, node: Binary) -> list[Node] | None:
        """`a + b + c` (left spine, written without parentheses) -> [a, b, c]."""
        ops: list[Node] = []
        n: Node = node
        rights: list[Node] = []
        while isinstance(n, Binary) and n.op == "+":
            gap = self.p.text(n.left.end, n.right.start) if n.left is not None and n.right is not None else ""
            if not _PLUS_GAP.match(gap):
                break
            rights.append(n.right)
            n = n.left
        if not rights:
            return None
        ops = [n] + list(reversed(rights))
        # The sum must be a string sum from its first `+` on (a number + number head would differ).
        if not any(isinstance(o, (Str, Template)) or self.is_output(o) for o in ops[:2]):
            return None
        return ops

    def plan(self):
        """Decide which strings to rewrite: a fixed point over consts used only in Input positions."""
        p = self.p
        roots: list[Node] = [r.args_node for r in p.resources if r.args_node is not None]
        for c in p.calls:
            if c.callee.endswith("registerOutputs") or c.callee.endswith("register_outputs"):
                roots.extend(c.args)
            elif self.py and self._pulumi_member(c.callee) == "export" and len(c.args) == 2:
                roots.append(c.args[1])  # pulumi.export(name, value): value is an Input
        roots.extend(self._callback_returns())
        for name, decls in p.binding_decl.items():
            vals = p.bindings.get(name, [])
            if len(vals) == 1 and len(decls) == 1 and self._exported(decls[0][0]):
                roots.append(vals[0])
        accepted: set[str] = set()
        while True:
            self.fixes: dict[int, tuple[str, Node]] = {}
            self.input_refs: set[tuple[int, int]] = set()
            self._seen_consts: set[str] = set()
            self._accepted = accepted
            for r in roots:
                self._descend(r)
            grew = False
            # A const is accepted only when every use is an Input position, so at least one
            # Input position must be an identifier of that name: test that (a set lookup)
            # before finding the uses.
            ref_names = {p.body[s:e] for s, e in self.input_refs}
            for name in list(p.bindings):
                if name in accepted or p.binding(name) is None or name in self._res_vars:
                    continue
                if name.encode() not in ref_names:
                    continue
                refs = p.references(name)
                if refs and all(tuple(s) in self.input_refs for s in refs):
                    accepted.add(name)
                    grew = True
            if not grew:
                return

    def _apply_callback(self, f) -> bool:
        cn = f.call.callee_node if f.call is not None else None
        return isinstance(cn, Member) and cn.prop == "apply" and self.is_output(cn.obj)

    def _callback_returns(self) -> list[Node]:
        """Strings returned straight from an `.apply` callback on an Output: `apply` accepts an
        Input result and flattens it, so an Output there is as good as a string."""
        p = self.p
        out: list[Node] = []
        # Only a string inside an `.apply(...)` call can be returned from its callback: find
        # those calls first (every callback's call is one of program.calls), and skip the
        # enclosing-function walk for every other string.
        spans = sorted((c.start, c.end) for c in p.calls
                       if isinstance(c.callee_node, Member) and c.callee_node.prop == "apply")
        if not spans:
            return out
        cands: list[Node] = list(p.calls_to(self.json_callee)) + [t for t in p.templates if not self._tagged(t)]
        for node in cands:
            if not any(s <= node.start and node.end <= e for s, e in spans):
                continue
            funcs = self._funcs(node.start)
            if not funcs or not self._apply_callback(funcs[0]):
                continue
            f = funcs[0]
            head = p.body[f.start:node.start]
            if self.py:
                if not _PY_LAMBDA_RETURN.match(head):
                    continue
            else:
                before = head.rstrip()
                if before.endswith(b"("):
                    before = before[:-1].rstrip()
                if not (before.endswith(b"=>") or before.endswith(b"return")):
                    continue
                if _TS_RETURN_TYPE.search(head[:head.find(b"=>") + 2] if b"=>" in head else b""):
                    continue  # `(v): string =>` would no longer type-check
                if before.endswith(b"return") and _TS_RETURN_TYPE_FN.search(head):
                    continue
            after = p.body[node.end:f.end]
            if after.strip(b" \t\r\n)") and not re.match(rb"\s*[;}]", after):
                continue  # not the whole returned value (`JSON.stringify(x).replace(...)`)
            if self.py and after.strip(b" \t\r\n)"):
                continue
            if self.contains_output(node):
                out.append(node)
        return out

    def _exported(self, decl_start: int) -> bool:
        before = self.p.body[max(0, decl_start - 40):decl_start].rstrip()
        return before.endswith(b"export")

    def _descend(self, node: Node | None, depth: int = 0) -> None:
        if node is None or depth > 40:
            return
        p = self.p
        if isinstance(node, Ident):
            self.input_refs.add((node.start, node.end))
            if node.name in self._accepted and node.name not in self._seen_consts:
                self._seen_consts.add(node.name)
                self._descend(p.binding(node.name), depth + 1)
            return
        if isinstance(node, (Obj, Arr)) and not self._may_matter(node):
            return  # no string builder, no const use, no Output root in it (see _relevant_pattern)
        if isinstance(node, Obj):
            for e in node.entries:
                self._descend(e.value, depth + 1)
            return
        if isinstance(node, Arr):
            for i in node.items:
                self._descend(i, depth + 1)
            return
        if isinstance(node, Template):
            if self._tagged(node) or not self.contains_output(node):
                return
            self.fixes[node.start] = ("template", node)
            for s in node.substitutions:
                self._descend(s, depth + 1)
            return
        if isinstance(node, Binary) and node.op == "+":
            ops = self._concat_operands(node)
            if ops is None or not any(self.contains_output(o) for o in ops):
                return
            self.fixes[node.start] = ("concat", node)
            for o in ops:
                self._descend(o, depth + 1)
            return
        if isinstance(node, Call) and not node.is_new:
            if node.callee == self.json_callee and node.args:
                if self.contains_output(node.args[0]):
                    self.fixes[node.start] = ("json", node)
                    self._descend(node.args[0], depth + 1)
                return
            m = self._pulumi_member(node.callee)
            if m is not None and m in (_PY_INPUT_CALLS if self.py else _TS_INPUT_CALLS):
                for a in list(node.args) + list(node.kwargs.values()):
                    self._descend(a, depth + 1)
            return
        # Members, other calls, ternaries, functions: what they need is not known here.

    # ---- edits ----------------------------------------------------------------------------
    def _import_edits(self) -> list[Edit]:
        if self.alias is not None:
            return []
        p = self.p
        nl = "\r\n" if b"\r\n" in p.body else "\n"
        if self.py:
            line = "import pulumi"
        else:
            q = getattr(p, "quote", '"')
            semi = ";" if getattr(p, "uses_semicolons", True) else ""
            line = f"import * as pulumi from {q}@pulumi/pulumi{q}{semi}"
        if p.imports_end:
            return [Edit.insert(p.imports_end, nl + line)]
        return [Edit.insert(0, line + nl)]

    def _helper(self, ts_name: str, py_name: str) -> str:
        alias = self.alias or "pulumi"
        if self.py:
            return f"{alias}.{py_name}"
        return f"{alias}.{ts_name}"

    def _template_edits(self, tpl: Template) -> list[Edit] | None:
        if not self.py:
            return [Edit.insert(tpl.start, self._helper("interpolate", ""))]
        # f-string -> pulumi.Output.concat("lit", expr, ...): only plain `{expr}` holes.
        args: list[str] = []
        for part in tpl.parts:
            if isinstance(part, str):
                if part:
                    args.append(self.p.edits.render(part, ""))
            else:
                close = self.p.body[part.end:tpl.end].lstrip()
                if not close.startswith(b"}"):
                    return None  # a conversion or format spec: not a plain concatenation
                args.append(part.text)
        return [Edit(tpl.start, tpl.end, self._helper("", "Output.concat") + "(" + ", ".join(args) + ")")]

    def _concat_edits(self, node: Binary) -> list[Edit] | None:
        ops = self._concat_operands(node)
        if ops is None:
            return None
        edits = [Edit.insert(ops[0].start, self._helper("concat", "Output.concat") + "(")]
        for a, b in zip(ops, ops[1:]):
            edits.append(Edit(a.end, b.start, ", "))
        edits.append(Edit.insert(ops[-1].end, ")"))
        # Insertions touching a replaced gap at one point become one edit.
        return edits

    def _json_edits(self, call: Call) -> list[Edit] | None:
        cn = call.callee_node
        if cn is None:
            return None
        return [Edit(cn.start, cn.end, self._helper("jsonStringify", "Output.json_dumps"))]

    # ---- findings -------------------------------------------------------------------------
    def findings(self):
        self.plan()
        fixed: set[int] = set()
        imp = self._import_edits()
        for start in sorted(self.fixes):
            kind, node = self.fixes[start]
            outs = ", ".join(self._outputs_in(node)) or "an Output"
            if kind == "template":
                edits = self._template_edits(node)
                what = "f-string" if self.py else "template literal"
                title = "Build it with pulumi.Output.concat" if self.py else "Build it with pulumi.interpolate"
            elif kind == "concat":
                edits = self._concat_edits(node)
                what = "string concatenation"
                title = "Build it with pulumi.Output.concat" if self.py else "Build it with pulumi.concat"
            else:
                edits = self._json_edits(node)
                what = self.json_callee
                title = "Use pulumi.Output.json_dumps" if self.py else "Use pulumi.jsonStringify"
            if not edits:
                continue
            fixed.add(start)
            yield self.rule.finding(
                f"{outs} is a Pulumi Output: this {what} stringifies it instead of its value",
                node, title, edits + imp)
        # Report-only: strings that stringify an Output where a plain string may be required.
        for node in self._report_candidates():
            if node.start in fixed:
                continue
            in_cb = any(self._apply_callback(f) for f in self._funcs(node.start))
            outs = self._outputs_in(node)
            if not outs:
                continue
            where = ("inside an .apply callback: add the value to the Outputs it waits for (pulumi.all)"
                     if in_cb else "not rewritten: the string is used where a plain string may be required; "
                     "build it inside .apply, or pass an Output where the target accepts one")
            yield self.rule.finding(
                f"{', '.join(outs)} is a Pulumi Output stringified in a plain string ({where})", node)

    def _report_candidates(self):
        p = self.p
        seen: set[int] = set()
        for c in p.calls_to(self.json_callee):
            if c.args and c.start not in seen and self.contains_output(c.args[0]):
                seen.add(c.start)
                yield c
        inside_json = [(c.start, c.end) for c in p.calls_to(self.json_callee)]
        for t in p.templates:
            if t.start in seen or self._tagged(t):
                continue
            if any(s < t.start and t.end <= e for s, e in inside_json):
                continue  # reported with its JSON.stringify
            if any(isinstance(s, (Template,)) for s in t.substitutions):
                pass
            if self.contains_output(t):
                seen.add(t.start)
                yield t


def _camel(name: str) -> str:
    if "_" not in name:
        return name
    head, *rest = name.split("_")
    return head + "".join(x[:1].upper() + x[1:] for x in rest)
