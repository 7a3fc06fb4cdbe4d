"""IAC301 — stacks that export nothing, components that register no outputs."""

from __future__ import annotations

from collections.abc import Iterator

from iacfix import project
from iacfix.edits import Map, MethodCall, Ref
from iacfix.fix import Finding
from iacfix.model import Call, ClassField, Definition, Ident, Member, Node, Obj, Program
from iacfix.rules import Context, RuleDoc, Transform, register

REGISTER = "registerOutputs"
# @pulumi/pulumi helpers whose result is an Output.
_OUTPUT_HELPERS = {"interpolate", "concat", "all", "output", "secret", "jsonStringify", "jsonParse"}


def registrations(program: Program, d: Definition) -> list[Call]:
    """The `this.registerOutputs(...)` calls in the class `d`."""
    out = []
    for c in program.calls_starting(d.start, d.end):
        if c.method == REGISTER:
            cn = c.callee_node
            if isinstance(cn, Member) and isinstance(cn.obj, Ident) and cn.obj.name == "this":
                out.append(c)
    return out


def registered(program: Program, d: Definition, calls: list[Call] | None = None) -> Obj | None:
    """The object a component registers (None when it registers none, or not a literal).
    `calls`: its `registrations` when the caller has them already (each scan reads every call)."""
    for c in registrations(program, d) if calls is None else calls:
        arg = program.resolve(c.args[0]) if c.args else None
        if isinstance(arg, Obj):
            return arg
    return None


def exposed(program: Program, d: Definition) -> list[str]:
    """The fields a component exposes that hold an Output or a resource (in the order assigned):
    public (TypeScript fields declared without `private`; Python names without `_`), assigned in the
    class."""
    fields: dict[str, ClassField] = {f.name: f for f in program.class_fields if f.cls == d.name}
    values: list[str] = []
    resources: list[str] = []
    for name, value in program.field_assignments():
        field = name[5:]
        if not (d.start <= value.start < d.end) or field in values + resources or field.startswith(("_", "#")):
            continue
        declared = fields.get(field)
        if declared is not None and not declared.public:
            continue
        if declared is None and fields:
            continue  # a class that declares its fields is read through them
        if any(r.start == value.start for r in program.resources):
            resources.append(field)
        elif _outputish(program, value) or (declared is not None and _output_type(program, declared)):
            values.append(field)
    # The values it derives (ids, ARNs, endpoints) say what a user needs; whole resources only
    # when it exposes nothing else.
    return values or resources


def _output_type(program: Program, f: ClassField) -> bool:
    for t in f.type_names:
        head, _, rest = t.partition(".")
        if program.is_aws(t) or (head in program.pulumi_aliases and rest in ("Output", "Input")):
            return True
    return False


def _outputish(program: Program, value: Node | None, depth: int = 0) -> bool:
    """A resource, a property of one, or an Output built by the Pulumi SDK."""
    if value is None or depth > 6:
        return False
    if isinstance(value, Call):
        if any(r.start == value.start for r in program.resources):
            return True
        return program.pulumi_helper(value) in _OUTPUT_HELPERS or value.method == "apply"
    if isinstance(value, Member):
        root = value.dotted.split(".")[0] if value.dotted else None
        if value.dotted and value.dotted.startswith("this."):
            parts = value.dotted.split(".")
            return program.resource_by_var(".".join(parts[:2])) is not None
        return root is not None and program.resource_by_var(root) is not None
    if isinstance(value, Ident):
        return program.resource_by_var(value.name) is not None
    return False


@register
class StackOutputs(Transform):
    id = "IAC301"
    slug = "stack-outputs"
    tokens = ("aws", "ComponentResource")  # resources or a component; in a project, components of other files
    tokens_alone = True
    title = "Stack exports nothing / component registers no outputs"
    severity = "medium"
    doc = RuleDoc(
        what="A `ComponentResource` that registers no outputs (no `registerOutputs`, or an empty one) "
        "registers the Outputs and resources it exposes as public fields: `this.registerOutputs({ "
        "bucket: this.bucket, url: this.url })` (Python `self.register_outputs({...})`) at the end of its "
        "constructor. An entry point that exports nothing but creates a component (in its own file or "
        "imported from another file of the response) exports the component's registered outputs "
        '(`export const vpcId = stack.vpc.id;`, Python `pulumi.export("vpc_id", stack.vpc.id)`), binding '
        "the component to a variable when it is not. A program that declares resources and exports "
        "nothing, with no component to take the outputs from, is reported.",
        why="Integration tests, CI pipelines and other stacks read a deployment through its stack outputs "
        "(`pulumi stack output`): a stack that exports nothing cannot be tested or used. "
        "`registerOutputs` on a component is not an export: it records the component's outputs and "
        "marks it complete; without it the component never finishes in the engine's view.",
        before='const stack = new TapStack("infra", { environmentSuffix });',
        after='const stack = new TapStack("infra", { environmentSuffix });\n\n'
        "export const bucketName = stack.bucket.bucket;\nexport const vpcId = stack.vpc.id;",
        fix_safety="Safe: it adds outputs and registrations of values the program already exposes; nothing "
        "deployed changes. Which values a user needs is not in the program when there is no "
        "component: that case is reported with what to add, never guessed. A registered value the "
        "entry point cannot reach (a local of the constructor, a private field) is left out and "
        "named in the finding.",
        references=(
            "https://www.pulumi.com/docs/iac/concepts/stacks/#outputs",
            "https://www.pulumi.com/docs/iac/concepts/resources/components/#registering-component-outputs",
        ),
    )

    def check(self, program: Program, ctx: Context) -> Iterator[Finding]:
        for d in program.definitions:
            if d.is_component:
                yield from self._component(program, d)
        if not program.exports:
            yield from self._entry(program)

    # -- a component registers what it exposes ---------------------------------------------------
    def _component(self, program: Program, d: Definition) -> Iterator[Finding]:
        calls = registrations(program, d)
        obj = registered(program, d, calls)
        if obj is not None and (obj.props or obj.spreads):
            return
        if calls and obj is None and calls[0].args:
            return  # registers something this tool cannot read
        fields = exposed(program, d)
        if not fields:
            return
        kit = program.edits
        outputs = Map({f: Ref(f"this.{f}") for f in fields})
        msg = f"component {d.name} registers no outputs; it exposes {', '.join(fields)}"
        title = "Register the outputs the component exposes"
        if calls:
            call = calls[0]
            edits = (
                [kit.replace(obj, outputs)]
                if obj is not None
                else [kit.replace(call, MethodCall("this", REGISTER, (outputs,)))]
            )
            yield self.finding(msg, call, title, edits)
            return
        body = self._constructor_body(program, d)
        if body is None or not body.statements:
            return
        last_start, last_end = body.statements[-1]
        indent = program.indent_of(last_start)
        code = kit.statement(MethodCall("this", REGISTER, (outputs,)), "")
        yield self.finding(msg, (d.start, d.fn_start), title, [kit.insert_statement_after(last_end, code, indent)])

    @staticmethod
    def _constructor_body(program: Program, d: Definition):
        if d.fn_start == d.start:
            return None  # no constructor
        blocks = [b for b in program.blocks_at(d.fn_end - 1) if b.kind == "function" and b.start >= d.fn_start]
        return blocks[-1] if blocks else None

    # -- an entry point exports the component's outputs ------------------------------------------
    def _entry(self, program: Program) -> Iterator[Finding]:
        top = program.blocks_at(0)[-1]
        made = False
        for call in program.calls if project.has_components(program) else ():
            callee = call.callee
            if not callee:
                continue
            # Asked before where the call is: most calls name no component, and the enclosing
            # functions cost a climb.
            found = project.components(program, callee)
            if len(found) != 1:
                continue
            stmt = top.statement_at(call.start)
            if stmt is None or program.functions_enclosing(call.start):
                continue
            made = True
            yield from self._export_component(program, call, stmt, *found[0])
        if not made and self._declares_resources(program) and not self._project_exports(program):
            yield self.finding(
                "the stack exports nothing: export the values its users and tests need (endpoints, ARNs, "
                'names, ids), e.g. `export const bucketName = bucket.bucket` / `pulumi.export("bucket_name", '
                "bucket.bucket)`",
                (top.statements[0][0], top.statements[0][1]) if top.statements else (0, 0),
            )

    def _export_component(
        self, program: Program, call: Call, stmt: tuple[int, int], comp: Program, d: Definition
    ) -> Iterator[Finding]:
        kit = program.edits
        var = next(
            (
                n
                for n, vals in program.bindings.items()
                if len(vals) == 1 and vals[0].start == call.start and vals[0].end == call.end
            ),
            None,
        )
        edits = []
        if var is None:
            if stmt[0] != call.start:
                return  # part of a larger expression
            var = kit.local_name("stack")
            if program.mentions(var) or var in program.bindings:
                return
            edits += kit.bind(call, var)
        pairs: list[tuple[str, str]] = []  # (output name, path from the component)
        left: list[str] = []
        obj = registered(comp, d)
        if obj is not None and (obj.props or obj.spreads):
            fields = {f.name: f for f in comp.class_fields if f.cls == d.name}
            for p in obj.props:
                path = p.value.dotted if isinstance(p.value, Member) else None
                head = path.split(".")[1] if path and path.startswith("this.") else None
                declared = fields.get(head) if head else None
                if (
                    head is None
                    or head.startswith(("_", "#"))
                    or (declared is not None and not declared.public)
                    or (declared is None and any(f.cls == d.name for f in comp.class_fields))
                ):
                    left.append(p.raw_key)
                    continue
                pairs.append((p.raw_key, path[5:] if path else ""))
        else:
            pairs = [(f, f) for f in exposed(comp, d)]
        taken = set(program.bindings)
        pairs = [(k, path) for k, path in pairs if k not in taken and program.mentions(k) == 0 and k.isidentifier()]
        if not pairs:
            if left:
                yield self.finding(
                    f"the stack exports nothing, and {d.name} keeps its outputs ({', '.join(left)}) "
                    "out of reach: expose them as public fields and export them here",
                    call,
                )
            return
        code = kit.nl.join(kit.export_statement(k, Ref(f"{var}.{path}")) for k, path in pairs)
        last = program.blocks_at(0)[-1].statements[-1][1]
        edits.append(kit.insert_statement_after(last, code, "", blank_line=True))
        edits += kit.ensure_pulumi_import()
        note = f"; not reachable from here: {', '.join(left)}" if left else ""
        yield self.finding(
            f"the stack exports nothing: export the outputs {d.name} registers{note}",
            call,
            "Export the component's outputs",
            edits,
        )

    @staticmethod
    def _declares_resources(program: Program) -> bool:
        return any(not r.in_class and not program.functions_enclosing(r.start) for r in program.resources)

    @staticmethod
    def _project_exports(program: Program) -> bool:
        return any(p.exports for p in project.files(program))
