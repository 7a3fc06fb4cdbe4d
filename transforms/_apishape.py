"""What the API-shape repairs (IAC201-IAC206) share: walking a resource's or a function call's
arguments alongside the @pulumi/aws schema, level by level."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from iacfix import awsschema
from iacfix.awsschema import Arg, Shape
from iacfix.model import Arr, Call, MemberRead, Node, Obj, Program, Prop, Resource, TypeRef

# Pulumi resource options: valid in the options argument, never in the arguments object.
RESOURCE_OPTIONS = frozenset(
    {
        "dependsOn",
        "parent",
        "provider",
        "providers",
        "protect",
        "ignoreChanges",
        "deleteBeforeReplace",
        "retainOnDelete",
        "aliases",
        "customTimeouts",
        "replaceOnChanges",
        "transformations",
        "transforms",
        "additionalSecretOutputs",
        "deletedWith",
        "import",
        "version",
        "pluginDownloadURL",
        "replaceWith",
    }
)


class Site(NamedTuple):
    """One entry of an arguments object, with the shape that object should have. A named tuple,
    not a frozen dataclass: ~110k are made per corpus pass, and a frozen dataclass's __init__
    sets each field through object.__setattr__ (about 4x the cost of building the tuple)."""

    prop: Prop
    obj: Obj
    shape: Shape  # the resource / function / nested type the object is the arguments of
    top: bool  # the object is the resource's (or function's) own arguments
    owner: Resource | Call
    arg: Arg | None  # shape.arg(prop.key): the argument the entry sets, None when the shape has none
    sub: Shape | None  # the nested type that argument takes (awsschema.object_shape of its type)


def aws_function(program: Program, call: Call) -> Shape | None:
    """The @pulumi/aws function a call invokes (`aws.s3.getBucket(...)`, `aws.getRegion()`)."""
    if call.is_new or not call.callee:
        return None
    parts = call.callee.split(".")
    if len(parts) < 2 or parts[0] not in program.aws_aliases:
        return None
    module = ".".join(parts[1:-1])
    return awsschema.function_at(module, parts[-1])


def function_args(program: Program, call: Call) -> Obj | None:
    """The arguments object of a function call: its first argument when an object, or (Python)
    its keyword arguments."""
    if not call.args:
        return program.call_kwargs(call) if call.kwargs else None
    obj = program.resolve(call.args[0])
    return obj if isinstance(obj, Obj) and obj is call.args[0] else None


def sites(program: Program) -> list[Site]:
    """Every entry of every resource's arguments, and of every @pulumi/aws function call's
    arguments, down through nested objects the schema types (lists of them included). Walked once
    per program: four rules ask."""
    return program.memo("apishape.sites", lambda: _sites(program))


def _sites(program: Program) -> list[Site]:
    out: list[Site] = []
    for res in program.resources:
        shape = awsschema.resource(res.token)
        args = res.args
        if shape is None or args is None or not res.args_inline:
            continue
        _walk(args, shape, True, res, 0, out)
    for call in program.calls:
        shape = aws_function(program, call)
        if shape is None:
            continue
        args = function_args(program, call)
        if args is not None:
            _walk(args, shape, True, call, 0, out)
    return out


def walk_args(program: Program, obj: Obj, shape: Shape, owner: Resource | Call) -> list[Site]:
    """The entries of arguments object `obj`, read as the arguments of `shape` (a resource's
    arguments against the class replacing it, say), down through nested objects."""
    out: list[Site] = []
    _walk(obj, shape, True, owner, 0, out)
    return out


def _walk(obj: Obj, shape: Shape, top: bool, owner, depth: int, out: list[Site]) -> None:
    # Appends in document order (an entry, then what its value holds, then the next entry): a
    # list filled in place, not nested generators (every site went up through each level's
    # generator, ~110k sites a corpus pass), and one schema lookup per entry, kept in the site
    # (Shape.child) for the rules that ask again.
    if depth > 12:
        return
    # Each site made in C (`tuple.__new__`): a NamedTuple's own __new__ is a Python call.
    child, add, make = shape.child, out.append, tuple.__new__
    for p in obj.props:
        arg, sub = child(p.key)
        add(make(Site, (p, obj, shape, top, owner, arg, sub)))
        if sub is None:
            continue  # a value the schema does not nest is not looked at
        value = p.value
        if value is None:
            continue
        if isinstance(value, Obj):
            _walk(value, sub, False, owner, depth + 1, out)
        elif isinstance(value, Arr):
            for item in value.items:
                if isinstance(item, Obj):
                    _walk(item, sub, False, owner, depth + 1, out)


def type_name(shape: Shape) -> str:
    """How a message names a shape: `aws.codepipeline.Pipeline`, `aws.s3.getBucket`, or the
    nested type (`codepipeline.PipelineArtifactStore`)."""
    return f"aws.{shape.path}" if shape.kind != "type" else shape.path


def reads_of(program: Program, res: Resource) -> list[MemberRead]:
    """The reads of `res` through the variable it is bound to: none when several resources share
    that name; for a field (`this.x`), only inside the class that assigns it (another class's
    `this.x` is another object)."""
    if not res.var or program.resource_by_var(res.var) is not res:
        return []
    reads = program.member_reads(res.var)
    if res.var.startswith("this."):
        cls = program.class_at(res.start)  # (blocks_at's first class body, its climb stopped there)
        if cls is None:
            return []
        start, end = cls
        reads = [r for r in reads if start <= r.start < end]
    return reads


def via_missing_module(program: Program, res: Resource) -> bool:
    """The resource's class is reached through a module imported by name that @pulumi/aws does
    not have (`logs.LogGroup` after `from pulumi_aws import logs`): IAC204 rewrites the import
    and its uses together."""
    module = program.module_aliases.get(res.type_prefix or "")
    return module is not None and not awsschema.has_module(module)


@dataclass(frozen=True)
class TypedValue:
    """A value declared as a nested input type (`aws.s3.XArgs(...)`, a const annotated
    `aws.types.input.s3.X`) under an argument that takes another one (`want`)."""

    ref: TypeRef
    want: Shape
    site: Site
    same_fields: bool  # the declared type does not exist, or `want` has every field the value sets


def typed_values(program: Program, sites_: Iterator[Site] | list[Site]) -> list[TypedValue]:
    """The values under these sites declared as another nested input type than their argument
    takes (Python `rotation_rules=aws.secretsmanager.SecretRotationRulesArgs(...)` where the type is
    `SecretRotationRotationRules`), each reference once. A value of a type that exists fits the
    argument's when every field it sets is one of the argument type's."""
    out: list[TypedValue] = []
    seen: set[int] = set()
    _typed_values(program, sites_, out, seen, set())
    return out


def _typed_values(program: Program, sites_, out: list[TypedValue], seen: set[int], walked: set[int]) -> None:
    for site in sites_:
        want = site.sub
        if want is None or site.prop.value is None:
            continue
        value = program.resolve(site.prop.value)
        if value is None:
            continue
        items: list[Node] = [program.resolve(i) or i for i in value.items] if isinstance(value, Arr) else [value]
        for item in items:
            if isinstance(item, Obj) and walk_needed(site, item) and item.start not in walked and len(walked) < 64:
                walked.add(item.start)  # a const's object: the walk of the arguments does not enter it
                _typed_values(program, walk_args(program, item, want, site.owner), out, seen, walked)
            ref = program.type_ref_of(item)
            if ref is None or ref.start in seen or f"{ref.module}.{ref.name}" == want.path:
                continue
            seen.add(ref.start)
            have = awsschema.nested(f"{ref.module}.{ref.name}")
            fits = isinstance(item, Obj) and not item.opaque and all(want.arg(p.key) is not None for p in item.props)
            out.append(TypedValue(ref, want, site, have is None or fits))


def walk_needed(site: Site, item: Obj) -> bool:
    """Whether `item`, a value under `site`, lies outside the arguments object (a const the value
    names), where the walk of the arguments does not go."""
    value = site.prop.value
    if value is None or value is item:
        return False
    return not (isinstance(value, Arr) and any(i is item for i in value.items))
