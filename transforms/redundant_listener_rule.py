"""IAC007 — a catch-all listener rule that repeats the listener's default action does nothing."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix.fix import Applicability, Edit, Finding
from iacfix.model import Arr, Bool, Call, Ident, Member, Node, Null, Num, Obj, Program, Resource, Str, Template, var_of
from iacfix.rules import Context, RuleDoc, Transform, register
from iacfix.values import literal, number, value_at

LISTENER_RULES = ("aws:lb/listenerRule:ListenerRule", "aws:alb/listenerRule:ListenerRule")
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")
CATCH_ALL = {"/*", "*"}


class _Opaque(Exception):
    """A value whose content this tool cannot compare (a spread, an unknown shape)."""


def canon(program: Program, node: Node | None, depth: int = 0) -> tuple:
    """A structural, comparable form of a value: objects by key, arrays in order, literals by
    value, names and member paths by name (`targetGroup.arn`), calls by callee and arguments;
    anything else cannot be compared."""
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
    if isinstance(node, Ident):
        return ("ref", node.name)
    if isinstance(node, Member) and node.dotted:
        return ("ref", node.dotted)
    if isinstance(node, Call) and node.callee:
        return (
            "call",
            node.callee,
            node.is_new,
            tuple(canon(program, a, depth + 1) for a in node.args),
            tuple(sorted((k, canon(program, v, depth + 1)) for k, v in node.kwargs.items())),
        )
    raise _Opaque()


def _listener_var(rule: Resource) -> str | None:
    """`listenerArn: listener.arn` -> "listener" (or "this.listener")."""
    return var_of(value_at(rule.args, "listenerArn"), ("arn",))


@register
class RedundantListenerRule(Transform):
    id = "IAC007"
    slug = "redundant-listener-rule"
    tokens = ("ListenerRule",)  # the class name, written in every import form
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

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        rules = program.resources_of(*LISTENER_RULES)
        for rule in rules:
            args = rule.args
            if args is None or args.opaque:
                continue
            if not self._matches_everything(program, args):
                continue
            lvar = _listener_var(rule)
            listener = program.resource_by_var(lvar) if lvar else None
            if lvar is None or listener is None or listener.token not in LISTENERS or listener.args is None:
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
            kit = program.edits
            msg = (
                f"listener rule `{kit.spell(rule.var or 'rule')}` matches every path and repeats the default "
                f"actions of `{kit.spell(lvar)}`: it changes nothing"
            )
            shadowed = self._shadowed(program, rule, lvar, rules)
            edits, blocker = self._removal(program, rule) if not shadowed and rule.standalone else ([], None)
            if shadowed:
                report = f"{msg}, but removing it would let {shadowed} match for the first time; not removed"
            elif not rule.standalone:
                report = f"{msg} (its statement declares more than the rule; remove it by hand)"
            elif blocker:
                report = f"{msg} (its variable is still used: {blocker}; remove it by hand)"
            else:
                yield self.finding(msg, anchor, "Remove the redundant listener rule", edits, resource=rule)
                continue
            yield self.finding(report, anchor, resource=rule)

    # -- the rule --------------------------------------------------------------------------------
    @staticmethod
    def _matches_everything(program: Program, args: Obj) -> bool:
        conds = program.resolve(value_at(args, "conditions"))
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
    def _shadowed(program: Program, rule: Resource, lvar: str, rules: list[Resource]) -> str | None:
        """Another rule on the same listener that this catch-all currently hides."""
        mine = number(value_at(rule.args, "priority"))
        for other in rules:
            if other is rule:
                continue
            ov = _listener_var(other)
            if ov is not None and ov != lvar:
                continue
            theirs = number(value_at(other.args, "priority"))
            if mine is None or theirs is None or theirs > mine:
                return f"`{other.var or other.type_name}` (line {other.line})"
        return None

    # -- removing it and its uses ----------------------------------------------------------------
    def _removal(self, program: Program, rule: Resource) -> tuple[list[Edit], str | None]:
        kit = program.edits
        edits: list[Edit] = [kit.remove_statement(rule)]
        var = rule.var
        if not var:
            return edits, None
        for use in program.uses(var):
            if rule.stmt_start <= use.start < rule.stmt_end:
                continue
            found = (
                self._in_depends_on(program, var, use)
                or self._in_export(program, use)
                or self._in_register_outputs(program, var, use)
            )
            if found is None:
                return [], f"line {program.line_of(use.start)}"
            edits.extend(found)
        if var.startswith("this."):
            fields = [
                f
                for f in program.class_fields
                if f.name == var[5:] and any(t.rpartition(".")[2] == "ListenerRule" for t in f.type_names)
            ]
            if len(fields) == 1:
                edits.extend(kit.remove_lines(fields[0].start, fields[0].end))
        return edits, None

    @staticmethod
    def _is_ref(node: Node | None, var: str) -> bool:
        if isinstance(node, Ident):
            return node.name == var
        return isinstance(node, Member) and node.dotted == var

    def _in_depends_on(self, program: Program, var: str, use: Node) -> list[Edit] | None:
        """`dependsOn: [listener, rule]` (Python `depends_on=[...]` in ResourceOptions): the element
        goes, or the whole option when the rule was all it held."""
        kit = program.edits
        for res in program.resources:
            opts = program.resolve(res.opts) if res.opts is not None else None
            if opts is None or not opts.contains(use):
                continue
            if isinstance(opts, Call):  # Python ResourceOptions(depends_on=[...]): emptied, kept
                value = opts.kwargs.get("depends_on") or opts.kwargs.get("dependsOn")
                drop = [kit.replace(value, [])] if isinstance(value, Arr) else None
            elif isinstance(opts, Obj) and (dp := opts.get("dependsOn")) is not None and dp.value is not None:
                value = dp.value
                drop = [kit.replace(opts, {})] if len(opts.entries) == 1 else kit.remove_prop(dp)
                if value.contains(use) and self._is_ref(value, var):
                    return drop
            else:
                return None
            if not isinstance(value, Arr) or not value.contains(use):
                return None
            hits = [i for i in value.items if self._is_ref(i, var)]
            item = next((i for i in hits if i.contains(use)), None)
            if item is None:
                return None
            return drop if len(hits) == len(value.items) else kit.remove_item(value, item)
        return None

    @staticmethod
    def _in_export(program: Program, use: Node) -> list[Edit] | None:
        """A stack output of the rule (`export const ruleArn = rule.arn;`, `pulumi.export("arn",
        rule.arn)`) that is a statement of its own goes."""
        for ex in program.exports:
            root = ex.value
            while isinstance(root, Member) and (root.start, root.end) != (use.start, use.end):
                root = root.obj
            if root is not None and ex.standalone and root.start == use.start and root.end == use.end:
                return program.edits.remove_lines(ex.start, ex.end)
        return None

    def _in_register_outputs(self, program: Program, var: str, use: Node) -> list[Edit] | None:
        """`this.registerOutputs({ ruleArn: this.rule.arn })`: the entry goes."""
        for call in program.calls:
            if call.method != "registerOutputs" or not call.contains(use):
                continue
            arg = program.resolve(call.args[0]) if call.args else None
            if not isinstance(arg, Obj):
                return None
            for p in arg.props:
                if p.value is not None and p.value.contains(use):
                    root: Node | None = p.value
                    while isinstance(root, Member) and not self._is_ref(root, var):
                        root = root.obj
                    return program.edits.remove_prop(p) if self._is_ref(root, var) else None
        return None
