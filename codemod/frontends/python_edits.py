"""Python rendering: the edit kit of `PyProgram` (how values, keyword arguments, dicts, f-strings,
imports and resource options are written in Python).

Its own module, imported when a program first renders an edit: a run that fixes nothing never
loads it, nor iacfix.edits and its value classes.
"""

from __future__ import annotations

import re
from typing import Any

import tree_sitter as ts

from ..edits import EditKit, Map, Raw, detect_indent_unit, split_holes
from ..fix import Append, Edit
from ..model import Call, Ident, Member, Node, Obj, Prop, Resource, Str, Template, TypeRef, camel, snake
from ._treesitter import node_text
from .python import _PULUMI_NAMES, LANGUAGE, PyProgram, _dotted, _named, only_statement_in_block

# @pulumi/pulumi functions by TypeScript name -> their Python spelling (others: snake_case).
_PULUMI_PY = {v: k for k, v in _PULUMI_NAMES.items()}


class PyEditKit(EditKit):
    language = LANGUAGE
    program: PyProgram

    def __init__(self, program: PyProgram):
        # Not EditKit.__init__: the indentation unit is detected only when something is rendered.
        self.program = program
        self.body = program.body

    @property
    def unit(self) -> str:
        unit = self.__dict__.get("_unit")
        if unit is None:
            body = self.program.body
            unit = detect_indent_unit(body)
            if not body.strip():
                unit = "    "
            elif unit == "  " and not re.search(rb"\n  \S", body):
                unit = "    "  # no 2-space lines at all: the detector's default, not the file's habit
            self.__dict__["_unit"] = unit
        return unit

    @unit.setter
    def unit(self, value: str) -> None:
        self.__dict__["_unit"] = value

    # The file's quote habit, unless `styled_like` (base class) sets a local one for a while.
    @property
    def quote(self) -> str:
        return self.__dict__.get("_quote") or self.program.quote

    @quote.setter
    def quote(self, value: str) -> None:
        self.__dict__["_quote"] = value

    # -- layout ------------------------------------------------------------------------------
    def is_multiline(self, obj: Obj) -> bool:
        if super().is_multiline(obj):
            return True
        # `Service("svc",\n    cluster=c,\n    opts=o)`: arguments on several lines count too.
        if obj.first_start is not None and obj.last_end is not None:
            return b"\n" in self.body[obj.first_start : obj.last_end] and self._starts_line(self._last_start(obj))
        return False

    def _starts_line(self, pos: int | None) -> bool:
        if pos is None:
            return False
        ls = self.program.line_start(pos)
        return not self.body[ls:pos].strip()

    def _last_start(self, obj: Obj) -> int | None:
        kids = _named(obj.raw) if obj.raw is not None else []
        return kids[-1].start_byte if kids else None

    def entry_indent(self, obj: Obj) -> str:
        if self.is_multiline(obj):
            last = self._last_start(obj)
            if last is not None and self._starts_line(last):
                return self.program.indent_of(last)
            if obj.first_start is not None and self._starts_line(obj.first_start):
                return self.program.indent_of(obj.first_start)
            return self.program.indent_of(obj.start) + self.unit
        return self.program.indent_of(obj.start)

    def _trailing(self, obj: Obj) -> str:
        if obj.last_end is not None:
            return "," if self._comma_after(obj.last_end, obj.inner_end) is not None else ""
        return "," if re.search(rb",[ \t]*\r?\n\s*[)\]}]", self.body) else ""

    def insert_props(self, obj: Obj, items: list[tuple[str, Any]]) -> list[Edit]:
        opts = self._trailing_opts(obj) if items else None
        # Each form below leaves what follows the new entries as it found it (`opts=` after them,
        # the last entry's comma or none): a second append there lands after this one (fix.Append).
        place = Append((obj.start, obj.end), frozenset(k for k, _ in items))
        if opts is not None:
            # Resource arguments end with `opts=...`: new arguments go before it, where a reader
            # expects them (after it would be valid Python too).
            with self.styled_like(obj):
                if self._starts_line(opts.start_byte):
                    indent = self.program.indent_of(opts.start_byte)
                    entries = self.render_entries(obj, list(items), indent, inline=False)
                    at = self.program.line_start(opts.start_byte)
                    return [Edit.insert(at, f"{indent}{entries},{self.nl}", place)]
                entries = self.render_entries(obj, list(items), self.entry_indent(obj), inline=True)
                return [Edit.insert(opts.start_byte, f"{entries}, ", place)]
        if items and obj.last_end is not None and self.is_multiline(obj):
            comma = self._comma_after(obj.last_end, obj.inner_end)
            after = comma + 1 if comma is not None else obj.last_end
            if obj.inner_end <= self.program.line_end(after):
                # `    opts=o)`: the close hangs on the last argument's line; new lines go before it.
                indent = self.entry_indent(obj)
                with self.styled_like(obj):
                    entries = self.render_entries(obj, list(items), indent, inline=False)
                if comma is not None:
                    return [Edit.insert(after, f"{self.nl}{indent}{entries},", place)]
                return [Edit.insert(obj.last_end, f",{self.nl}{indent}{entries}", place)]
        return super().insert_props(obj, items)

    def _trailing_opts(self, obj: Obj):
        if not obj.resource_kwargs or obj.raw is None:
            return None
        kids = _named(obj.raw)
        if not kids or kids[-1].type != "keyword_argument":
            return None
        name = kids[-1].child_by_field_name("name")
        return kids[-1] if name is not None and name.text == b"opts" else None

    def insert_spread(self, obj: Obj, name: str) -> list[Edit]:
        """`**name` first among the keys: in a dict the later keys override it; in a call it goes
        after the positional arguments (a key both in `name` and written at the call is a
        TypeError in Python, so transforms spread only into dicts when keys may repeat)."""
        if obj.style == "py-dict" or obj.raw is None:
            return super().insert_spread(obj, name)
        kids = _named(obj.raw)
        first_kw = next((c for c in kids if c.type in ("keyword_argument", "dictionary_splat")), None)
        if first_kw is None:
            if not kids:
                return [Edit(obj.inner_start, obj.inner_end, f"**{name}")]
            return [Edit.insert(kids[-1].end_byte, f", **{name}")]
        if self._starts_line(first_kw.start_byte):
            indent = self.program.indent_of(first_kw.start_byte)
            return [Edit.insert(first_kw.start_byte, f"**{name},{self.nl}{indent}")]
        return [Edit.insert(first_kw.start_byte, f"**{name}, ")]

    def resource_statement(
        self, type_expr: str, name: Any, args: dict, opts: Any = None, var: str | None = None
    ) -> str:
        """`var = aws.mod.Cls("name", key=value, ..., opts=...)`, one keyword per line when long."""
        parts = [self.render(name, "", inline=True)]
        parts += [f"{snake(k)}={self.render(v, self.unit)}" for k, v in args.items()]
        if opts is not None:
            parts.append(f"opts={self.render(opts, self.unit, inline=True)}")
        parts = [p.replace(self.nl, "\n") for p in parts]  # statement code uses "\n"; the inserter converts
        head = f"{var} = " if var else ""
        one = f"{head}{type_expr}({', '.join(parts)})"
        if len(one) <= 88 and "\n" not in one:
            return one
        inner = "\n".join(f"{self.unit}{p}," for p in parts)
        return f"{head}{type_expr}(\n{inner}\n)"

    def remove_statement(self, resource: Resource) -> Edit:
        body = self.body
        ls = self.program.line_start(resource.stmt_start)
        le = self.program.line_end(resource.stmt_end)
        tail = body[resource.stmt_end : le].strip()
        if body[ls : resource.stmt_start].strip() or (tail and not tail.startswith(b"#")):
            # Shares its line with other statements (`a = 1; svc = ...`): remove just it.
            end = resource.stmt_end
            j = self._skip_ws(end, le)
            if body[j : j + 1] == b";":
                end = self._skip_ws(j + 1, le)
            return Edit.delete(resource.stmt_start, end)
        if only_statement_in_block(resource):
            indent = self.program.indent_of(resource.stmt_start)
            end = le - 1 if le > 0 and body[le - 1 : le] == b"\r" else le
            return Edit(ls, end, f"{indent}pass")
        return super().remove_statement(resource)

    # -- rendering ---------------------------------------------------------------------------
    def string(self, s: str) -> str:
        q = self.quote
        esc = (
            s.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        )
        return f"{q}{esc}{q}"

    def dict_quote(self, obj: Obj | None) -> str:
        if obj is not None:
            for p in obj.props:
                if p.key_end > p.key_start:
                    c = chr(self.body[p.key_start])
                    if c in "'\"":
                        return c
        return self.quote

    def _dict_key(self, key: str, data: bool) -> str:
        # Pulumi argument names are camelCase starting lower-case; data keys are written as given.
        return key if data or not key[:1].islower() else snake(key)

    def render_entry(self, obj: Obj | None, key: str, value: Any, indent: str, inline: bool) -> str:
        style = obj.style if obj is not None else "py-kwargs"
        if style == "py-dict":
            k = self._dict_key(key, obj.data_keys if obj is not None else False)
            q = self.dict_quote(obj)
            esc = k.replace("\\", "\\\\").replace(q, "\\" + q)
            return f"{q}{esc}{q}: {self.render(value, indent, inline)}"
        return f"{snake(key)}={self.render(value, indent, inline)}"

    TRUE, FALSE, NONE = "True", "False", "None"
    COMMENT = "#"
    OR = "or"

    def ref(self, name: str) -> str:
        if name == "this" or name.startswith("this."):
            return "self" + name[4:]
        return name

    spell = ref

    def pulumi_name(self, name: str) -> str:
        return _PULUMI_PY.get(name) or snake(name)

    def options(self, entries: dict[str, Any], indent: str) -> str:
        inner = ", ".join(f"{snake(k)}={self.render(v, indent, True)}" for k, v in entries.items())
        return f"{self.pulumi_alias}.ResourceOptions({inner})"

    def pulumi_import_line(self) -> str:
        return "import pulumi"

    def aws_import_line(self) -> str:
        return "import pulumi_aws as aws"

    TEMPLATE_NOUN = "f-string"

    def env_var(self, name: str) -> str:
        return f"os.environ.get({self.string(name)})"

    def config_value(self, key: str) -> str:
        return f"{self.pulumi_alias}.Config().get({self.string(key)})"

    def ensure_env_import(self) -> list[Edit]:
        if any(i.namespace == "os" for i in self.program.imports):
            return []
        # Before the first import that is not `from __future__` (which must come first).
        first = next((i for i in self.program.imports if i.top_level and i.module != "__future__"), None)
        if first is None:  # after a module docstring, not above it
            return [self._import_at_top("import os")]
        return [Edit.insert(self.program.line_start(first.start), "import os" + self.nl)]

    def local_name(self, name: str) -> str:
        return snake(name)

    def member_name(self, prop: str) -> str:
        return snake(prop)

    def enum_member_name(self, name: str) -> str:
        return snake(name).upper()

    def rename_key(self, prop: Prop, key: str) -> list[Edit]:
        obj = prop.owner
        if obj is not None and obj.style == "py-dict":
            q = self.dict_quote(obj)
            k = self._dict_key(key, obj.data_keys)
            return [Edit(prop.key_start, prop.key_end, q + k.replace("\\", "\\\\").replace(q, "\\" + q) + q)]
        return [Edit(prop.key_start, prop.key_end, _kwarg(key))]

    def escape_in(self, node: Str | Template, text: str) -> str:
        q = node.quote if isinstance(node, Str) else self.quote
        return (
            text.replace("\\", "\\\\")
            .replace(q, "\\" + q)
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )

    def interpolation(self, parts: tuple[Any, ...], indent: str) -> str:
        """An f-string; before Python 3.12 an f-string cannot reuse its quote (or a backslash)
        inside `{...}`, so such values are joined with `+` instead."""
        codes = [
            p if isinstance(p, str) else (p.text if isinstance(p, Node) else self.render(p, indent, True))
            for p in parts
        ]
        exprs = [c for p, c in zip(parts, codes, strict=True) if not isinstance(p, str)]
        q = next((c for c in (self.quote, '"' if self.quote == "'" else "'") if not any(c in e for e in exprs)), None)
        if q is None or any("\\" in e or "\n" in e for e in exprs):
            return " + ".join(
                self.string(c) if isinstance(p, str) else f"({c})" for p, c in zip(parts, codes, strict=True)
            )
        body = "".join(
            _fescape(c, q) if isinstance(p, str) else "{" + c + "}" for p, c in zip(parts, codes, strict=True)
        )
        return f"f{q}{body}{q}"

    def template(self, text: str) -> str:
        return self.fstring(text)

    nested_inputs = False

    def output_interpolation(self, parts: tuple[Any, ...], indent: str) -> str:
        args = ", ".join(
            self.string(p) if isinstance(p, str) else self.render(p, indent, True) for p in parts if p != ""
        )
        return f"{self.pulumi_alias}.Output.concat({args})"

    def over_defaults(self, source: str, defaults: str) -> str:
        inner = defaults[1:-1].strip()
        return f"{source}.apply(lambda t: {{{inner + ', ' if inner else ''}**(t or {{}})}})"

    def key_value_list(self, source: str, extra: tuple[tuple[str, Any], ...], indent: str) -> str:
        q = self.quote
        more = "".join(f", {q}{snake(k)}{q}: {self.render(v, indent, True)}" for k, v in extra)
        return f"[{{{q}key{q}: k, {q}value{q}: v{more}}} for k, v in {source}.items()]"

    def mapping(self, value: dict, indent: str, inline: bool) -> str:
        data = isinstance(value, Map)
        q = self.quote
        items = []
        for k, v in value.items():
            kk = k if data else self._dict_key(k, False)
            items.append((f"{q}{kk.replace(chr(92), chr(92) * 2).replace(q, chr(92) + q)}{q}", v))
        one = "{" + ", ".join(f"{k}: {self.render(v, indent, True)}" for k, v in items) + "}"
        scalar = all(not isinstance(v, (dict, list, tuple)) for _, v in items)
        if inline or (scalar and len(one) <= 60):
            return one
        inner = indent + self.unit
        lines = [f"{inner}{k}: {self.render(v, inner)}," for k, v in items]
        return "{" + self.nl + self.nl.join(lines) + self.nl + indent + "}"

    def fstring(self, text: str) -> str:
        """`a-${x}` -> f"a-{x}" (a plain string when there are no holes). A hole is a name or a
        dotted path of names; any other `${...}` is text, so configuration never becomes code."""
        q = self.quote
        pieces = split_holes(text)
        if len(pieces) == 1:
            return self.string(pieces[0][0])
        out = []
        for literal, hole in pieces:
            out.append(_fescape(literal, q))
            if hole is not None:
                out.append("{" + self.ref(hole) + "}")
        return f"f{q}{''.join(out)}{q}"

    # -- API-shape repairs (issue 11) ----------------------------------------------------------
    def module_name(self, module: str) -> str:
        return ".".join(_kwarg(m) for m in module.split("."))

    def aws_import_entries(self, local: str) -> tuple[tuple[int, int], list[tuple[int, int]], int] | None:
        for imp in self.program.tree.root_node.named_children:
            mod = imp.child_by_field_name("module_name") if imp.type == "import_from_statement" else None
            if mod is None or mod.text != b"pulumi_aws":
                continue
            names = imp.children_by_field_name("name")
            for i, c in enumerate(names):
                if c.type == "dotted_name" and node_text(c) == local:
                    return (imp.start_byte, imp.end_byte), [(n.start_byte, n.end_byte) for n in names], i
        return None

    def rename_type_ref(self, ref: TypeRef, module: str, name: str) -> list[Edit]:
        head = self.body[ref.start : ref.end].decode().split(".")[0]
        if head in self.program.aws_aliases:
            new = f"{head}.{self.module_name(module)}.{name}Args"
        elif module == ref.module:
            new = f"{head}.{name}Args"
        else:
            other = self.aws_type(module, name + "Args")
            if other is None:
                return []
            new = other
        return [Edit(ref.start, ref.end, new)]

    def _call_of(self, resource: Resource) -> ts.Node | None:
        n = self.program.tree.root_node.descendant_for_byte_range(resource.start, resource.end)
        while n is not None and n.type != "call" and n.start_byte == resource.start:
            n = n.parent
        return n if n is not None and n.type == "call" else None

    def replace_type(self, resource: Resource, module: str, cls: str) -> list[Edit]:
        call = self._call_of(resource)
        fn = call.child_by_field_name("function") if call is not None else None
        dotted = _dotted(fn, self.program.body)
        if fn is None or dotted is None:
            return []
        parts = dotted.split(".")
        aliases = self.program.aws_aliases
        if len(parts) == 3 and parts[0] in aliases:
            new = f"{parts[0]}.{_kwarg(module)}.{cls}" if module else f"{parts[0]}.{cls}"
        elif len(parts) == 2 and parts[0] in aliases and not module:
            new = f"{parts[0]}.{cls}"
        elif len(parts) == 2 and module == resource.module and parts[0] not in aliases:
            new = f"{parts[0]}.{cls}"
        elif len(parts) == 2 and parts[0] in self.program.module_aliases and module:
            other = self.aws_type(module, cls)  # another module: through its own import
            if other is None:
                return []
            new = other
        else:
            return []
        return [Edit(fn.start_byte, fn.end_byte, new)]

    def _options_class(self) -> str | None:
        """How this file calls `pulumi.ResourceOptions`: through `import pulumi` (as an alias), or
        the name `from pulumi import ResourceOptions` binds."""
        alias = next((a for a in sorted(self.program.pulumi_aliases) if a), None)
        if alias is not None:
            return f"{alias}.ResourceOptions"
        return next(
            (loc for loc, imported in sorted(self.program.pulumi_named.items()) if imported == "ResourceOptions"), None
        )

    def move_to_options(self, resource: Resource, prop: Prop) -> list[Edit]:
        options = self._options_class()
        imports: list[Edit] = []
        if options is None and not self.program.mentions("pulumi"):
            # No import of the SDK yet (`import pulumi_aws as aws` only): `import pulumi` is added.
            options, imports = "pulumi.ResourceOptions", self.ensure_pulumi_import()
        if (
            resource.opts is None
            and prop.value is not None
            and prop.owner is resource.args
            and options is not None
            and resource.args_inline
            and prop.owner is not None
            and prop.owner.style == "py-kwargs"
        ):
            # The keyword argument becomes the options argument, in place.
            code = f"opts={options}({_kwarg(prop.key)}={self.copy(prop.value, self.program.indent_of(prop.start))})"
            return [Edit(prop.start, prop.end, code), *imports]
        return super().move_to_options(resource, prop)

    def add_resource_option(self, resource: Resource, key: str, value: Any) -> list[Edit]:
        options = self._options_class()
        opts = resource.opts
        if opts is None:
            args = resource.args
            if options is None or args is None or not resource.args_inline or args.style != "py-kwargs":
                return []
            code = f"{options}({_kwarg(key)}={self.render(value, self.unit, True)})"
            return self.insert_props(args, [("opts", Raw(code))])
        if options is not None and isinstance(opts, (Ident, Member)):
            # Options shared through a variable: merged with this resource's own.
            entry = f"{_kwarg(key)}={self.render(value, self.unit, True)}"
            return [Edit(opts.start, opts.end, f"{options}.merge({opts.text}, {options}({entry}))")]
        call = self.program.resolve(opts)
        written = {f"{a}.ResourceOptions" for a in self.program.pulumi_aliases if a} | {
            loc for loc, imported in self.program.pulumi_named.items() if imported == "ResourceOptions"
        }
        if (
            not isinstance(call, Call)
            or call.callee not in written
            or call.args
            or camel(key) in {camel(k) for k in call.kwargs}
            or call is not opts
        ):
            return []
        entry = f"{_kwarg(key)}={self.render(value, self.unit, True)}"
        last = max((v.end for v in call.kwargs.values()), default=None)
        if last is None:
            return [Edit(call.end - 1, call.end - 1, entry)]
        return [Edit.insert(last, f", {entry}")]


def _fescape(s: str, q: str) -> str:
    s = s.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n")
    return s.replace("{", "{{").replace("}", "}}")


def _kwarg(name: str) -> str:
    """A Pulumi name as a Python keyword (`artifactStores` -> `artifact_stores`, `lambda` -> `lambda_`)."""
    import keyword

    k = snake(name)
    return k + "_" if keyword.iskeyword(k) else k
