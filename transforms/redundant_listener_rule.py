"""IAC007 — a catch-all listener rule that repeats the listener's default action does nothing."""

from __future__ import annotations

import re

from iacfix.fix import Applicability, Edit
from iacfix.model import Arr, Bool, Call, Ident, Member, Null, Num, Obj, Str, Template
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import literal

LISTENER_RULES = ("aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule")
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")
CATCH_ALL = {"/*", "*"}


class _Opaque(Exception):
    """A value whose content this tool cannot compare (a spread, an unknown shape)."""


def canon(program, node, depth: int = 0):
    """A structural, comparable form of a value: objects by key, arrays in order, literals by
    value, any other expression by its text without whitespace (`targetGroup.arn`)."""
    if depth > 20:
        raise _Opaque()
    node = program.resolve(node)
    if node is None or isinstance(node, Null):
        return ("null",)
    if isinstance(node, Obj):
        if node.spreads:
            raise _Opaque()
        return ("obj", tuple(sorted((p.key, canon(program, p.value, depth + 1)) for p in node.props)))
    if isinstance(node, Arr):
        return ("arr", tuple(canon(program, i, depth + 1) for i in node.items))
    if isinstance(node, (Str, Num, Bool)):
        return ("lit", node.value)
    if isinstance(node, Template) and not node.substitutions:
        return ("lit", node.literal)
    return ("expr", re.sub(r"\s+", "", node.text).replace("'", '"'))


def _listener_var(program, rule) -> str | None:
    """`listenerArn: listener.arn` -> "listener" (or "this.listener")."""
    args = rule.args
    p = args.find("listenerArn") if args is not None else None
    node = p.value if p is not None else None
    if isinstance(node, Member) and node.prop == "arn" and node.dotted:
        return node.dotted.rsplit(".", 1)[0]
    return None


def _priority(program, rule) -> float | None:
    args = rule.args
    p = args.find("priority") if args is not None else None
    lit = literal(p.value, fallbacks=False) if p is not None else None
    if lit is None or isinstance(lit.value, bool):
        return None
    try:
        return float(lit.value)
    except (TypeError, ValueError):
        return None


@register
class RedundantListenerRule(Transform):
    id = "IAC007"
    slug = "redundant-listener-rule"
    title = "Listener rule that repeats the listener's default action"
    severity = "medium"
    applicability = Applicability.SAFE
    doc = RuleDoc(
        what="Deletes an `aws.lb.ListenerRule` (or `aws.alb.ListenerRule`) whose only condition is a "
             "path pattern matching every path (`/*` or `*`) and whose actions are the same, "
             "structurally, as the default actions of the listener it is attached to. Uses of the "
             "rule's variable that can go cleanly go with it: its element in a `dependsOn` list, an "
             "`export const x = rule.arn` statement, a `registerOutputs` entry, the class field that "
             "held it.",
        why="The rule sends every request exactly where the listener's default action already "
            "sends it: one more resource to create, evaluate, pay API calls for and keep in sync "
            "when the default action changes (and a trap: a later, more specific rule with a "
            "higher priority number is silently shadowed by it).",
        before='const rule = new aws.lb.ListenerRule("all", { listenerArn: listener.arn, priority: 100,\n'
               '    actions: [{ type: "forward", targetGroupArn: tg.arn }],\n'
               '    conditions: [{ pathPattern: { values: ["/*"] } }] });',
        after="(the statement is removed; the listener's default action serves the same requests)",
        fix_safety="Safe: routing is unchanged. Not offered (reported only) when another rule on the "
                   "same listener has a later or unknown priority (deleting the catch-all would let "
                   "it match for the first time), when the rule's variable is used somewhere that "
                   "cannot simply be dropped, or when the declaration shares its statement.",
        references=(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html",
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#listener-rules",
            "https://www.pulumi.com/registry/packages/aws/api-docs/lb/listenerrule/",
        ),
    )

    def check(self, program, ctx):
        rules = program.resources_of(*LISTENER_RULES)
        for rule in rules:
            args = rule.args
            if args is None or args.opaque:
                continue
            if not self._matches_everything(program, args):
                continue
            lvar = _listener_var(program, rule)
            listener = program.resource_by_var(lvar) if lvar else None
            if listener is None or listener.token not in LISTENERS or listener.args is None:
                continue
            ap, dp = args.find("actions"), listener.args.find("defaultActions")
            if ap is None or dp is None:
                continue
            try:
                if canon(program, ap.value) != canon(program, dp.value):
                    continue
            except _Opaque:
                continue
            anchor = rule.name or (rule.start, rule.end)
            msg = (f"listener rule `{rule.var or 'rule'}` matches every path and repeats the default "
                   f"actions of `{lvar}`: it changes nothing")
            shadowed = self._shadowed(program, rule, lvar, rules)
            if shadowed:
                yield self.finding(f"{msg}, but removing it would let {shadowed} match for the first time; "
                                   "not removed", anchor, resource=rule)
                continue
            if not rule.standalone:
                yield self.finding(f"{msg} (its statement declares more than the rule; remove it by hand)",
                                   anchor, resource=rule)
                continue
            edits, blocker = self._removal(program, rule)
            if blocker:
                yield self.finding(f"{msg} (its variable is still used: {blocker}; remove it by hand)",
                                   anchor, resource=rule)
                continue
            yield self.finding(msg, anchor, "Remove the redundant listener rule", edits, resource=rule)

    # -- the rule --------------------------------------------------------------------------------
    @staticmethod
    def _matches_everything(program, args: Obj) -> bool:
        cp = args.find("conditions")
        conds = program.resolve(cp.value) if cp is not None else None
        if not isinstance(conds, Arr) or len(conds.items) != 1:
            return False
        cond = program.resolve(conds.items[0])
        if not isinstance(cond, Obj) or cond.opaque or cond.keys() != ["pathPattern"]:
            return False
        pp = program.resolve(cond.value("pathPattern"))
        if not isinstance(pp, Obj) or pp.opaque:
            return False
        values = program.resolve(pp.value("values"))
        if not isinstance(values, Arr):
            return False
        for item in values.items:
            lit = literal(item, fallbacks=False)
            if lit is not None and lit.value in CATCH_ALL:
                return True
        return False

    @staticmethod
    def _shadowed(program, rule, lvar: str, rules) -> str | None:
        """Another rule on the same listener that this catch-all currently hides."""
        mine = _priority(program, rule)
        for other in rules:
            if other is rule:
                continue
            ov = _listener_var(program, other)
            if ov is not None and ov != lvar:
                continue
            theirs = _priority(program, other)
            if mine is None or theirs is None or theirs > mine:
                return f"`{other.var or other.type_name}` (line {other.line})"
        return None

    # -- removing it and its uses ----------------------------------------------------------------
    def _removal(self, program, rule) -> tuple[list[Edit], str | None]:
        edits: list[Edit] = [program.edits.remove_statement(rule)]
        var = rule.var
        if not var:
            return edits, None
        refs = [r for r in program.references(var) if not (rule.stmt_start <= r[0] < rule.stmt_end)]
        handled: set[tuple[int, int]] = set()
        for ref in refs:
            if ref in handled:
                continue
            found = (self._in_depends_on(program, var, ref) or self._in_export(program, var, ref)
                     or self._in_register_outputs(program, var, ref))
            if found is None:
                return [], f"line {program.line_of(ref[0])}"
            spans, more = found
            handled.update(spans)
            edits.extend(more)
        if var.startswith("this."):
            edits.extend(self._field_declaration(program, var[5:]))
        return _dedupe(edits), None

    @staticmethod
    def _is_ref(node, var: str) -> bool:
        if isinstance(node, Ident):
            return node.name == var
        return isinstance(node, Member) and node.dotted == var

    def _in_depends_on(self, program, var, ref):
        for res in program.resources:
            opts = program.resolve(res.opts) if res.opts is not None else None
            if isinstance(opts, Call) and opts.start <= ref[0] < opts.end:
                # Python: `opts=pulumi.ResourceOptions(depends_on=[listener, rule])`
                val = opts.kwargs.get("depends_on") or opts.kwargs.get("dependsOn")
                if not isinstance(val, Arr) or not (val.start <= ref[0] < val.end):
                    return None
                hits = [i for i in val.items if self._is_ref(i, var)]
                item = next((i for i in hits if i.start <= ref[0] < i.end), None)
                if item is None:
                    return None
                if len(hits) == len(val.items):
                    return {ref}, [Edit(val.start, val.end, "[]")]
                return {ref}, program.edits.remove_item(val, item)
            if not isinstance(opts, Obj) or not (opts.start <= ref[0] < opts.end):
                continue
            dp = opts.get("dependsOn")
            if dp is None or dp.value is None or not (dp.value.start <= ref[0] < dp.value.end):
                continue
            val = dp.value

            def drop_prop():
                if len(opts.entries) == 1:  # `{ dependsOn: [rule] }` -> `{}`
                    return [Edit(opts.start, opts.end, "{}")]
                return program.edits.remove_prop(dp)

            if self._is_ref(val, var):
                return {ref}, drop_prop()
            if isinstance(val, Arr):
                hits = [i for i in val.items if self._is_ref(i, var)]
                if not hits:
                    return None
                if len(hits) == len(val.items):
                    return {ref}, drop_prop()
                item = next((i for i in hits if i.start <= ref[0] < i.end), None)
                if item is None:
                    return None
                return {ref}, program.edits.remove_item(val, item)
        return None

    @staticmethod
    def _in_export(program, var, ref):
        """`export const ruleArn = rule.arn;` (a whole top-level statement) goes."""
        for s, e in program.top_statements:
            if not (s <= ref[0] < e):
                continue
            text = program.text(s, e)
            member = re.escape(var) + r"(?:\s*\.\s*[\w$]+)*"
            ts_export = r"export\s+const\s+[\w$]+\s*(?::[^=]+)?=\s*" + member + r"\s*;?"
            aliases = "|".join(re.escape(a) for a in sorted(program.pulumi_aliases) if a) or "pulumi"
            py_export = r"(?:" + aliases + r")\.export\(\s*(['\"])[^'\"]*\1\s*,\s*" + member + r"\s*,?\s*\)"
            if re.fullmatch(ts_export, text.strip()) or re.fullmatch(py_export, text.strip()):
                start = program.line_start(s)
                end = min(program.line_end(e) + 1, len(program.body))
                return {ref}, [Edit.delete(start, end)]
            return None
        return None

    def _in_register_outputs(self, program, var, ref):
        """`this.registerOutputs({ ruleArn: this.rule.arn })`: the entry goes."""
        for call in program.calls:
            if not call.callee.endswith(("registerOutputs", "register_outputs")) or not (call.start <= ref[0] < call.end):
                continue
            arg = program.resolve(call.args[0]) if call.args else None
            if not isinstance(arg, Obj):
                return None
            for p in arg.props:
                if p.value is not None and p.value.start <= ref[0] < p.value.end:
                    root = p.value
                    while isinstance(root, Member) and not self._is_ref(root, var):
                        root = root.obj
                    if self._is_ref(root, var):
                        return {ref}, program.edits.remove_prop(p)
                    return None
        return None

    @staticmethod
    def _field_declaration(program, name: str) -> list[Edit]:
        """The class field that held the rule (`public readonly rule: aws.lb.ListenerRule;`)."""
        pat = re.compile(
            rb"^[ \t]*(?:(?:public|private|protected|readonly|declare)\s+)*" + re.escape(name.encode())
            + rb"\s*[!?]?\s*:\s*[^;=\n]*ListenerRule[^;=\n]*;?[ \t]*(?:\r?\n|$)", re.M)
        hits = list(pat.finditer(program.body))
        if len(hits) != 1:
            return []
        return [Edit.delete(hits[0].start(), hits[0].end())]


def _dedupe(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(set(edits), key=lambda e: (e.start, e.end)):
        if out and e.start < out[-1].end:
            if e.end <= out[-1].end:
                continue  # inside a larger deletion (a dependsOn inside a removed statement)
            out[-1] = Edit(out[-1].start, e.end, "")
            continue
        out.append(e)
    return out
