"""IAC003 — IAM statements that allow `svc:*` (or `Resource: "*"` on data actions) are narrowed.

Identity policies only: `aws.iam.RolePolicy` / `Policy` / `UserPolicy` / `GroupPolicy` `policy`, `aws.iam.Role`
`inlinePolicies[].policy`, and `aws.iam.getPolicyDocument[Output]` statements. Trust policies and
resource policies (bucket, queue, key policies) are never touched.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Literal

from iacfix.edits import Copy, Interpolate, Map, PulumiFunction, QuotedMap, Ref, Schema, Tpl, split_holes
from iacfix.fix import Applicability
from iacfix.iam import SERVICES, Statement, data_actions, needs_resource, scoped_data_action, str_value
from iacfix.model import Arr, Call, Ident, Member, Node, Obj, Resource, Str, Template, camel, snake, var_of, walk
from iacfix.options import option
from iacfix.rules import RuleDoc, Transform, register
from iacfix.values import value_at

IDENTITY_POLICIES = ("iam.RolePolicy", "iam.Policy", "iam.UserPolicy", "iam.GroupPolicy")
ROLE = "iam.Role"
_GPD_KINDS = {"iam.getPolicyDocument": "plain", "iam.getPolicyDocumentOutput": "output"}
# Roles these services assume create and manage the resources a stack declares: their policies
# need the management actions, not the data-access set.
DEPLOY_SERVICES = ("cloudformation.amazonaws.com", "codepipeline.amazonaws.com", "codebuild.amazonaws.com")
ADMIN_WORDS = ("admin", "administrator")


@dataclass
class Site:
    """One policy document: where its statements are and whether it may hold Outputs."""

    container: Node  # the `Statement` / `statements` value (array, or one statement object)
    gpd: bool  # getPolicyDocument shape
    outputs: str  # "yes" (already Output-aware), "convert" (JSON.stringify -> jsonStringify), "no"
    call: Call | None = None  # the JSON.stringify call to convert
    resource: Resource | None = None  # the Resource declaring it, for the finding's anchor
    scanned: bool = False  # found by scanning calls, not through an identity-policy resource


@dataclass
class Plan:
    uses_outputs: bool = False
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    several_resources: Literal["all", "none"] = option(
        "all",
        'With several declared resources of one service: "all" names every one of them, '
        '"none" uses `[iam.resources]` instead.',
    )


@register
class IamLeastPrivilege(Transform):
    id = "IAC003"
    slug = "iam-least-privilege"
    tokens = ("Statement", "statements", "\\")  # a document's key (JSON, getPolicyDocument), or an escape in one
    title = "IAM policy grants wildcard actions or resources"
    severity = "critical"
    applicability = Applicability.UNSAFE
    Options = Options
    doc = RuleDoc(
        what="In identity policies (`aws.iam.RolePolicy`, `Policy`, `UserPolicy`, `GroupPolicy`, `Role` "
        "`inlinePolicies`, `aws.iam.getPolicyDocument[Output]` statements), an Allow statement with "
        "`svc:*` actions becomes that service's documented data-access set (s3: GetObject, PutObject, "
        "ListBucket; dynamodb: GetItem, PutItem, UpdateItem, Query, Scan; sqs: SendMessage, "
        "ReceiveMessage, DeleteMessage, GetQueueAttributes; sns: Publish; kinesis, secretsmanager, "
        'kms, ssm, logs: see `iacfix.iam.SERVICES`), and `Resource: "*"` on actions that can be '
        "scoped to ARNs is narrowed: to the ARNs of the resources the program declares (`bucket.arn` "
        "and `${bucket.arn}/*`, `table.arn`, `queue.arn`, ...; with several resources of a service, "
        'all of them: option `several_resources = "none"` turns that off), else to the ARNs in '
        "`[iam.resources]` (`${name}` = a program variable), one statement per service. Naming "
        "Outputs turns `JSON.stringify` into `pulumi.jsonStringify` (`pulumi.Output.json_dumps`) "
        "and adds the `@pulumi/pulumi` import when missing. With no ARN known, the actions are "
        'still narrowed and `Resource: "*"` is reported for a human. Wildcards that are meant are '
        "kept and reported instead: on resources that are specific ARNs already, on a role assumed by "
        "a deployment service (CloudFormation, CodePipeline, CodeBuild: it creates what it manages), "
        "or where the policy's or role's names say administration.",
        why="`s3:*` on `*` lets a compromised task read, overwrite or delete every bucket in the "
        'account (and change bucket policies); `Resource: "*"` on data actions reaches every '
        "table, queue and secret. Least privilege limits the blast radius and is required by "
        "SOC 2 / PCI DSS style audits.",
        before='Statement: [{ Effect: "Allow", Action: ["s3:*", "sqs:*"], Resource: "*" }]',
        after='Statement: [\n  { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], '
        "Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`] },\n"
        '  { Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", '
        '"sqs:GetQueueAttributes"], Resource: queue.arn },\n]  // policy: pulumi.jsonStringify({...})',
        fix_safety="Unsafe: the program may need actions outside the data-access set (s3:DeleteObject, "
        "dynamodb:BatchWriteItem, ...) or resources it does not declare; review the result. "
        "Actions that only work on `*` (ecr:GetAuthorizationToken, xray:PutTraceSegments, "
        "ec2:Describe*, s3:ListAllMyBuckets, per the IAM catalogue) keep `*`; log-group "
        "Resources are never guessed. Deny statements, trust policies and statements with "
        "Condition, NotAction, NotResource or Principal are not changed (the latter are "
        'reported). `Action: "*"` and wildcards of services without a data set are '
        "reported only. `aws.iam.getPolicyDocument` (plain, not Output) takes ARNs from "
        "configuration only.",
        references=(
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
            "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
            "cdk-nag AwsSolutions-IAM5 (wildcard permissions)",
            'Checkov CKV_AWS_290 (write access without constraints), CKV_AWS_355 ("*" as resource for restrictable actions)',
            "Parliament (duo-labs/parliament) RESOURCE_MISMATCH / wildcard findings; policy_sentry (salesforce) least-privilege templates",
        ),
    )

    # ------------------------------------------------------------------------------------------
    def check(self, program, ctx):
        for site in self._sites(program):
            statements = statements_of_container(site)
            if not statements:
                continue
            for st in statements:
                yield from self._statement(program, ctx, site, st, len(statements))

    # -- finding documents ---------------------------------------------------------------------
    def _sites(self, program) -> list[Site]:
        sites: dict[tuple[int, int], Site] = {}
        excluded: list[tuple[int, int]] = []

        def add(site: Site | None):
            # The first find of a document wins: through its resource, before the scan of calls.
            if site is not None:
                sites.setdefault((site.container.start, site.container.end), site)

        # The calls that may hold a document, classified by what they call first (most calls are
        # neither). Without any, no span needs excluding: no resource's arguments are walked.
        candidates = []
        for call in program.calls:
            gpd = _GPD_KINDS.get(program.aws_function(call) or "")
            json = program.stringify_kind(call)
            if gpd is not None or json is not None:
                candidates.append((call, gpd, json))
        starts = sorted(call.start for call, _, _ in candidates)

        for res in program.resources:
            args = res.args
            if args is None:
                continue
            if res.is_a(*IDENTITY_POLICIES):
                add(self._json_site(program, value_at(args, "policy"), res))
                continue
            if res.is_a(ROLE):
                items = program.resolve(value_at(args, "inlinePolicies"))
                if isinstance(items, Arr):
                    for item in items.items:
                        item = program.resolve(item)
                        if isinstance(item, Obj):
                            add(self._json_site(program, item.value("policy"), res))
                trust = value_at(args, "assumeRolePolicy") if candidates else None
                if trust is not None:
                    _exclude(program, trust, excluded)
                continue
            # A value's own span holds a candidate only in arguments that hold one; the consts a name
            # or `x.y` reads may be anywhere.
            near = bisect_left(starts, args.start) < bisect_right(starts, args.end)
            for p in args.props if candidates else ():  # resource policies (bucket, queue, key ...): never ours
                if p.value is not None and (near or isinstance(p.value, (Ident, Member))):
                    _exclude(program, p.value, excluded)

        inside = _containment(excluded)
        for call, gpd, json in candidates:
            if inside(call):
                continue
            if gpd is not None:
                container = _gpd_statements(program, call)
                if container is not None:
                    # TypeScript getPolicyDocumentOutput statements take Input<string>[]; Python's
                    # get_policy_document_output only takes the whole list as an Input (its
                    # statements' resources are plain str), so ARNs there come from configuration.
                    outputs = "yes" if gpd == "output" and program.edits.nested_inputs else "no"
                    add(Site(container, True, outputs, scanned=True))
                continue
            container = _json_statements(program.resolve(call.args[0])) if call.args else None
            if container is not None:
                add(Site(container, False, "yes" if json == "output" else "no", scanned=True))
        return sorted(sites.values(), key=lambda s: s.container.start)

    def _json_site(self, program, value: Node | None, res) -> Site | None:
        value = program.resolve(value)
        if isinstance(value, Call):
            json = program.stringify_kind(value)
            if json is None or not value.args:
                return None
            # JSON.stringify cannot hold Outputs: it becomes pulumi.jsonStringify when one is named.
            mode, call = ("convert", value) if json == "plain" else ("yes", None)
            container = _json_statements(program.resolve(value.args[0]))
            return Site(container, False, mode, call, res) if container is not None else None
        if isinstance(value, Obj):  # a PolicyDocument object: its fields are Inputs
            container = _json_statements(value)
            return Site(container, False, "yes", None, res) if container is not None else None
        return None

    # -- one statement -------------------------------------------------------------------------
    def _statement(self, program, ctx, site: Site, st: Statement, n_statements: int):
        effect = st.effect
        actions = st.actions
        if effect != "Allow" or not actions:
            return
        star = st.resource_is_star
        configured = {k.lower() for k in (ctx.settings.iam_resources if ctx.settings else {}) or {}}
        wild_all = "*" in actions
        wild = [a for a in actions if a.endswith(":*")]
        scoped = [a for a in actions if star and _scoped(a, configured)]
        if not (wild_all or wild or scoped):
            return
        resource = site.resource
        # Statements only reported: what they grant is not ours to narrow.
        report = None
        if st.skip_roles:
            if site.scanned and ("principal" in st.parts or "notPrincipal" in st.parts):
                return  # a trust or resource policy built outside a resource: not an identity policy
            keys = ", ".join(st.parts[r].raw_key for r in st.skip_roles)
            report = (
                f"IAM statement grants {_what(wild_all, wild, scoped)} but has {keys}: "
                "not narrowed automatically, review it"
            )
        elif wild_all:
            report = (
                'IAM statement allows Action "*" (every AWS action): no safe narrowing exists, '
                "list the actions the program needs"
            )
        elif wild and (intent := _intent(program, site, st)) is not None:
            report = f"IAM statement grants {', '.join(wild)}; kept: {intent}. Review that it needs every action"
        if report is not None:
            yield self.finding(report, st.node, resource=resource)
            return

        # Expand `svc:*` into the data set; keep the rest in order, without duplicates.
        expanded: list[str] = []
        unknown_wild: list[str] = []
        for a in actions:
            svc = _svc(a)
            repl = data_actions(svc) if a.endswith(":*") else ()
            if a.endswith(":*") and not repl:
                unknown_wild.append(a)
            for x in repl or (a,):
                if x.lower() not in {e.lower() for e in expanded}:
                    expanded.append(x)

        # Resources per service, when the statement says "*".
        plan = Plan()
        arns: dict[str, list] = {}
        human: list[str] = []
        if star:
            for svc in dict.fromkeys(_svc(a) for a in expanded if _scopable(_svc(a), configured)):
                if not any(_scoped(a, configured) for a in expanded if _svc(a) == svc):
                    continue
                found = self._arns(program, ctx, site, svc, plan)
                if found:
                    arns[svc] = found
                else:
                    human.append(svc)

        messages = []
        if wild:
            narrowed = [a for a in wild if a not in unknown_wild]
            if narrowed:
                messages.append(f"{', '.join(narrowed)} grants every action of the service")
        if unknown_wild:
            messages.append(f"{', '.join(unknown_wild)} has no known data-access set: list the actions needed")
        if arns:
            messages.append(f'Resource "*" reaches every {"/".join(arns)} resource in the account')
        if human:
            messages.append(
                f'Resource "*" on {"/".join(human)} actions needs the ARNs: declare the resource in the '
                f"program or set [iam.resources] {human[0]} = [...] in the iacfix configuration"
            )
        messages.extend(plan.notes)
        message = "IAM statement is broader than needed: " + "; ".join(messages)

        if not arns and expanded == actions:
            yield self.finding(message, st.node, resource=resource)  # nothing we can fix here
            return

        kit = program.edits
        edits: list = []
        if not arns:
            edits.append(kit.replace(st.value("action"), _like(st.value("action"), expanded)))
        else:
            groups: dict[str, list[str]] = {}
            for a in expanded:
                svc = _svc(a)
                key = svc if svc in arns and _scoped(a, configured) else ""
                groups.setdefault(key, []).append(a)
            if list(groups) != [""] and len(groups) == 1:
                ((svc, acts),) = groups.items()
                if acts != actions:
                    edits.append(kit.replace(st.value("action"), _like(st.value("action"), acts)))
                edits.append(kit.replace(st.value("resource"), _one_or_list(arns[svc], st.gpd)))
            else:
                split = self._split(program, site, st, groups, arns)
                if split is None:  # an entry without a value (broken code): reported, not rewritten
                    yield self.finding(message, st.node, resource=resource)
                    return
                edits += split
        if plan.uses_outputs:
            if site.outputs == "convert" and site.call is not None and site.call.callee_node is not None:
                edits.append(kit.replace(site.call.callee_node, PulumiFunction("jsonStringify")))
            edits += kit.ensure_pulumi_import()
        yield self.finding(message, st.node, "Narrow the IAM statement to least privilege", edits, resource=resource)

    # -- resources -----------------------------------------------------------------------------
    def _arns(self, program, ctx, site: Site, svc: str, plan: Plan) -> list:
        service = SERVICES.get(svc)
        if service is not None and service.classes:
            if site.outputs != "no":
                found = self._declared(program, ctx, site, service, plan)
                if found:
                    return found
            elif program.resources_of(*service.classes):
                plan.notes.append(
                    f"the program declares the {svc} resource, but this document cannot hold "
                    "Outputs (plain getPolicyDocument, or built inside a callback)"
                )
        configured = (ctx.settings.iam_resources if ctx.settings else {}) or {}
        wanted = configured.get(svc) or configured.get(svc.lower()) or []
        out: list = []
        for arn in wanted:
            arn = _program_spelling(program, arn)
            holes = [h for _text, h in split_holes(arn) if h is not None]
            missing = [h for h in holes if not _is_variable(program, h)]
            if missing:
                note = f"configured ARN {arn!r} names {', '.join(missing)}, which is no variable of the program"
                if note not in plan.notes:
                    plan.notes.append(note)
                continue
            out.append(Tpl(arn) if holes else arn)
        return out

    def _declared(self, program, ctx, site: Site, service, plan: Plan) -> list:
        decl = program.resources_of(*service.classes)
        if not decl or (len(decl) > 1 and ctx.options.several_resources != "all"):
            return []
        if any(
            r.var is None or r.stmt_end > site.container.start or not program.visible(r.var, site.container.start)
            for r in decl
        ):
            return []
        if not program.pulumi_aliases and "pulumi" in program.bindings:
            return []  # `pulumi` names something else here: no import can be added
        out: list = []
        for r in decl:
            extra = list(service.arn_suffixes)
            if (
                service.prefix == "dynamodb"
                and r.args is not None
                and (r.args.may_have("globalSecondaryIndexes") or r.args.may_have("localSecondaryIndexes"))
            ):
                extra.append("/index/*")
            for suffix in extra:
                arn = Ref(f"{r.var}.arn")
                out.append(Interpolate((arn, suffix)) if suffix else arn)
        plan.uses_outputs = True
        return out

    # -- rendering -----------------------------------------------------------------------------
    def _split(self, program, site: Site, st: Statement, groups: dict, arns: dict) -> list | None:
        """One statement per service that got ARNs (and one for the rest), in the statement's shape;
        None when an entry of the statement has no value to copy."""
        if any(p.value is None for p in st.node.props):
            return None
        kit = program.edits
        sid = str_value(st.value("sid")) if "sid" in st.parts else None
        renders = []
        sid_taken = False
        quoted = any(p.quoted for p in st.node.props)
        for key, acts in groups.items():
            rest = st.value("resource")
            resource = _one_or_list(arns[key], st.gpd) if key else (Copy(rest) if rest is not None else None)
            pairs = []
            for p in st.node.props:
                role = next((r for r, q in st.parts.items() if q is p), None)
                name = p.key if st.gpd else p.raw_key
                if role == "action":
                    pairs.append((name, acts))
                elif role == "resource":
                    pairs.append((name, resource))
                elif role == "sid" and sid is not None:
                    own = (key == "" or "" not in groups) and not sid_taken
                    sid_taken = sid_taken or own
                    pairs.append((p.raw_key, sid if own else sid + _title(key)))
                elif p.value is not None:  # always (checked above)
                    pairs.append((name, Copy(p.value)))
            renders.append(Schema(pairs) if st.gpd else (QuotedMap(pairs) if quoted else Map(pairs)))
        container = site.container
        if st.node is container or isinstance(container, Obj):
            return [kit.replace(container, renders)]  # one statement object becomes a list of them
        return kit.replace_item(container, st.node, renders)


# -- helpers -----------------------------------------------------------------------------------
def statements_of_container(site: Site) -> list[Statement]:
    c = site.container
    if isinstance(c, Obj):
        return [Statement.read(c, site.gpd)] if not c.opaque else []
    if isinstance(c, Arr):
        items = [entry.resolved() for entry in c.items if entry is not None]
        return [Statement.read(item, site.gpd) for item in items if isinstance(item, Obj) and not item.opaque]
    return []


def _json_statements(doc: Node | None) -> Node | None:
    if not isinstance(doc, Obj):
        return None
    p = next((q for q in doc.props if q.raw_key == "Statement"), None)
    if p is None or p.value is None:
        return None
    v = doc.program.resolve(p.value)
    return v if isinstance(v, (Arr, Obj)) else None


def _gpd_statements(program, call: Call) -> Node | None:
    node = call.kwargs.get("statements")
    if node is None and call.args:
        args = program.resolve(call.args[0])
        if isinstance(args, Obj):
            node = args.value("statements")
    node = program.resolve(node)
    return node if isinstance(node, Arr) else None


def _exclude(program, value: Node, excluded: list) -> None:
    excluded.append((value.start, value.end))
    v = program.resolve(value)
    if v is not value and v is not None:
        excluded.append((v.start, v.end))
    if isinstance(v, Member) and v.obj is not None:  # `doc.json` of a getPolicyDocument
        target = program.resolve(v.obj)
        if target is not None and target is not v.obj:
            excluded.append((target.start, target.end))


def _containment(spans: list[tuple[int, int]]) -> Callable[[Node], bool]:
    """Whether a node lies inside one of `spans`: a binary search over their starts, with the
    furthest end reached so far (a scan of every span per call made a file quadratic)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))

    def inside(node: Node) -> bool:
        i = bisect_right(starts, node.start)
        return i > 0 and reach[i - 1] >= node.end

    return inside


def _svc(action: str) -> str:
    return action.partition(":")[0].lower() if ":" in action else ""


def _scopable(svc: str, configured: set) -> bool:
    s = SERVICES.get(svc)
    return bool(s and s.classes) or svc in configured


def _scoped(action: str, configured: set) -> bool:
    """Whether `Resource: "*"` on `action` is narrowed: a data-plane action of a service in
    SERVICES (configuration reads like s3:GetBucketTagging stay on "*": audit and inventory roles
    need them account-wide), or, for another service the configuration names ARNs for, any
    concrete action that takes resource ARNs."""
    svc = _svc(action)
    if not svc or "*" in action:
        return False
    known = SERVICES.get(svc)
    if known is not None and known.classes:
        return scoped_data_action(action)
    return svc in configured and bool(needs_resource(action))


def _what(wild_all: bool, wild: list, scoped: list) -> str:
    if wild_all:
        return 'Action "*"'
    if wild:
        return ", ".join(wild)
    return 'Resource "*" on ' + ", ".join(scoped[:3]) + ("..." if len(scoped) > 3 else "")


def _like(original: Node | None, actions: list[str]):
    """A single action stays a plain string when it was one (`Action: "sns:*"` -> `"sns:Publish"`)."""
    if len(actions) == 1 and not (original is not None and isinstance(original.resolved(), Arr)):
        return actions[0]
    return list(actions)


def _one_or_list(values: list, gpd: bool):
    """JSON `Resource` takes one ARN or a list; getPolicyDocument `resources` is always a list."""
    return values[0] if len(values) == 1 and not gpd else list(values)


def _title(svc: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in svc.replace("_", "-").split("-"))


def _program_spelling(program, arn: str) -> str:
    """One configuration serves both languages: `${environmentSuffix}` names `environment_suffix`
    in a Python program that has no `environmentSuffix` (and the other way round)."""
    out = []
    for text, hole in split_holes(arn):
        out.append(text)
        if hole is None:
            continue
        name, dot, rest = hole.partition(".")
        if not _is_variable(program, hole):
            for twin in (snake(name), camel(name)):
                if twin != name and _is_variable(program, twin):
                    name = twin
                    break
        out.append("${" + name + dot + rest + "}")
    return "".join(out)


def _is_variable(program, hole: str) -> bool:
    name = hole.strip().partition(".")[0]
    if not name.isidentifier():
        return False
    return name in program.bindings or bool(program.references(name))


# -- what the statement is for -------------------------------------------------------------------
def _intent(program, site: Site, st: Statement) -> str | None:
    """Why `svc:*` is meant here (then it is reported, not narrowed): its resources are specific
    ARNs already, its role is assumed by a deployment service, or its names say administration."""
    if "resource" in st.parts and not st.resource_is_star:
        return "its resources are specific already"
    roles = _roles(program, site.resource)
    for role in roles:
        for service in _strings(program, value_at(role.args, "assumeRolePolicy")):
            if service in DEPLOY_SERVICES:
                return f"the role is assumed by {service}, which creates what the stack declares"
    for res in [site.resource, *roles]:
        for word in _names(program, res):
            if any(w in word.lower() for w in ADMIN_WORDS):
                return f"its names say administration ({word})"
    return None


def _roles(program, res) -> list:
    """The roles a policy resource grants to (the Role itself for inline policies)."""
    if res is None:
        return []
    if res.is_a(ROLE):
        return [res]
    out = []
    if res.is_a("iam.Policy") and res.var:
        for att in program.resources_of("iam.RolePolicyAttachment", "iam.PolicyAttachment"):
            if _target(value_at(att.args, "policyArn")) == res.var:
                out += _role_of(program, att)
        return out
    return _role_of(program, res)


def _role_of(program, res) -> list:
    var = _target(value_at(res.args, "role"))
    role = program.resource_by_var(var) if var else None
    return [role] if role is not None and role.is_a(ROLE) else []


def _target(node) -> str | None:
    """`role.id` / `role.name` / `role.arn` / `role` -> "role"."""
    if isinstance(node, Ident):
        return node.name
    return var_of(node, ("id", "name", "arn")) or (node.dotted if isinstance(node, Member) else None)


def _strings(program, node) -> list[str]:
    """Every string literal in a value, through consts and `doc.json` of a policy document call."""
    node = program.resolve(node)
    if isinstance(node, Member) and node.obj is not None:
        node = program.resolve(node.obj)
    out = []
    for n in walk(node):
        if isinstance(n, Ident):
            target = program.resolve(n)
            if target is not n:
                out += [x.value for x in walk(target) if isinstance(x, Str)]
        elif isinstance(n, Str):
            out.append(n.value)
    return out


def _names(program, res) -> list[str]:
    """A resource's logical name and `name`/`namePrefix`, as the literal parts written."""
    if res is None:
        return []
    nodes = [res.name]
    if res.args is not None:
        nodes += [res.args.value("name"), res.args.value("namePrefix")]
    out = []
    for n in nodes:
        if isinstance(n, Str):
            out.append(n.value)
        elif isinstance(n, Template):
            out += [p for p in n.parts if isinstance(p, str)]
    return out
