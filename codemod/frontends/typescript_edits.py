"""TypeScript rendering: the edit kit of `TSProgram` (how values, keys, imports and resource
options are written in TypeScript).

Its own module, imported when a program first renders an edit: a run that fixes nothing never
loads it, nor iacfix.edits and its value classes.
"""

from __future__ import annotations

import re
from typing import Any

import tree_sitter as ts

from ..edits import EditKit, QuotedMap, Schema, is_identifier, split_holes
from ..model import Ident, Member, Node, Obj, Prop, Resource, Str, Template, TypeRef
from ._treesitter import node_text
from .typescript import LANGUAGE, TSProgram, _dotted


class TSEditKit(EditKit):
    language = LANGUAGE
    program: TSProgram

    def __init__(self, program: TSProgram):
        super().__init__(program)
        self.quote = program.quote

    def _trailing(self, obj: Obj) -> str:
        # Follow the object's own habit; an empty one follows the file's most common habit.
        if obj.last_end is not None:
            return "," if self._comma_after(obj.last_end, obj.inner_end) is not None else ""
        return "," if re.search(rb",\s*\n\s*[}\]]", self.body) else ""

    def new_args(self, resource: Resource, key: str, value: Any) -> list:
        from ..fix import Edit

        if resource.name is None:
            return []
        return [Edit.insert(resource.name.end, ", { " + self.render_entry(None, key, value, "", True) + " }")]

    def resource_statement(
        self, type_expr: str, name: Any, args: dict, opts: Any = None, var: str | None = None
    ) -> str:
        parts = [self.render(name, ""), self.render(Schema(args), "")]
        if opts is not None:
            parts.append(self.render(opts, "", inline=True))
        semi = ";" if self.program.uses_semicolons else ""
        head = f"const {var} = " if var else ""
        return f"{head}new {type_expr}({', '.join(parts)}){semi}"

    def key(self, key: str) -> str:
        return key if is_identifier(key) else self.string(key)

    def mapping(self, value: dict, indent: str, inline: bool) -> str:
        if isinstance(value, QuotedMap):  # keys written as strings, as the program writes them
            value = {_Quoted(self.string(k)): v for k, v in value.items()}
        return self._mapping(value, indent, inline)

    def interpolation(self, parts: tuple[Any, ...], indent: str) -> str:
        out = []
        for p in parts:
            if isinstance(p, str):
                out.append(p.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${"))
            else:
                out.append("${" + (p.text if isinstance(p, Node) else self.render(p, indent, True)) + "}")
        return "`" + "".join(out) + "`"

    def content_span(self, node: Node) -> tuple[int, int] | None:
        if isinstance(node, Template) and not node.substitutions:
            return (node.start + 1, node.end - 1)
        return super().content_span(node)

    def escape_in(self, node: Str | Template, text: str) -> str:
        if isinstance(node, Template):
            return text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
        return super().escape_in(node, text)

    def lift_helper(self, node: Node) -> str | None:
        return "interpolate" if isinstance(node, Template) else super().lift_helper(node)

    def lift_template(self, tpl: Template, fn: str) -> list:
        """The helper is written before the template literal: it becomes the template's tag."""
        from ..fix import Edit

        return [] if tpl.tagged else [Edit.insert(tpl.start, fn)]

    def output_interpolation(self, parts: tuple[Any, ...], indent: str) -> str:
        return f"{self.pulumi_alias}.interpolate" + self.interpolation(parts, indent)

    def over_defaults(self, source: str, defaults: str) -> str:
        inner = defaults[1:-1].strip()
        return f"{source}.apply(t => ({{ {inner + ', ' if inner else ''}...t }}))"

    def key_value_list(self, source: str, extra: tuple[tuple[str, Any], ...], indent: str) -> str:
        more = "".join(f", {self.key(k)}: {self.render(v, indent, True)}" for k, v in extra)
        return f"Object.entries({source}).map(([key, value]) => ({{ key, value{more} }}))"

    def pulumi_import_line(self) -> str:
        q = self.program.quote
        return f"import * as pulumi from {q}@pulumi/pulumi{q}" + (";" if self.program.uses_semicolons else "")

    def aws_import_line(self) -> str:
        q = self.program.quote
        return f"import * as aws from {q}@pulumi/aws{q}" + (";" if self.program.uses_semicolons else "")

    def remove_import_names(self, statement, bound, drop) -> list:
        """`import D, * as ns, { a, b as c } from "m"`: the default, the namespace and the braces
        are the clause's items; the names inside the braces are a list of their own."""
        from ..edits import remove_from_list

        imp = statement[0]
        braced = {span for (imported, _), span in zip(imp.names, imp.spans, strict=False) if imported != "default"}
        inner = [(span, d) for (_, span), d in zip(bound, drop, strict=False) if span in braced]
        items = [(span, d) for (_, span), d in zip(bound, drop, strict=False) if span not in braced]
        edits = []
        if inner:
            open_ = self.body.rfind(b"{", imp.start, inner[0][0][0])
            close = self.body.find(b"}", inner[-1][0][1], imp.end)
            if open_ == -1 or close == -1:
                return []
            gone = all(d for _, d in inner)
            items.append(((open_, close + 1), gone))
            if not gone:
                edits += remove_from_list([s for s, _ in inner], [d for _, d in inner])
        items.sort()
        return edits + remove_from_list([s for s, _ in items], [d for _, d in items])

    def rename_key(self, prop: Prop, key: str) -> list:
        from ..fix import Edit

        if prop.shorthand:
            return [Edit(prop.start, prop.end, f"{self.key(key)}: {prop.raw_key}")]
        written = self.body[prop.key_start : prop.key_end]
        if written[:1] in (b'"', b"'"):
            q = chr(written[0])
            return [Edit(prop.key_start, prop.key_end, q + key.replace("\\", "\\\\").replace(q, "\\" + q) + q)]
        return [Edit(prop.key_start, prop.key_end, self.key(key))]

    def string(self, s: str) -> str:
        q = self.quote
        esc = s.replace("\\", "\\\\").replace(q, "\\" + q).replace("\n", "\\n")
        return f"{q}{esc}{q}"

    def render_entry(self, obj: Obj | None, key: str, value: Any, indent: str, inline: bool) -> str:
        return f"{self.key(key)}: {self.render(value, indent, inline)}"

    def template(self, text: str) -> str:
        """`arn:${name}` as a template literal: a hole is a name or a dotted path of names, and
        anything else is text (a configured `${...}` can never become code)."""
        out = []
        for literal, hole in split_holes(text):
            out.append(literal.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${"))
            if hole is not None:
                out.append("${" + self.ref(hole) + "}")
        return "`" + "".join(out) + "`"

    def _mapping(self, value: dict, indent: str, inline: bool) -> str:
        if inline:
            return "{ " + ", ".join(f"{_key(self, k)}: {self.render(v, indent, True)}" for k, v in value.items()) + " }"
        inner = indent + self.unit
        lines = [f"{inner}{_key(self, k)}: {self.render(v, inner)}," for k, v in value.items()]
        return "{" + self.nl + self.nl.join(lines) + self.nl + indent + "}"

    # -- API-shape repairs (issue 11) ----------------------------------------------------------
    def aws_import_entries(self, local: str) -> tuple[tuple[int, int], list[tuple[int, int]], int] | None:
        for imp in self.program.tree.root_node.named_children:
            src = imp.child_by_field_name("source") if imp.type == "import_statement" else None
            if src is None or node_text(src)[1:-1] != "@pulumi/aws":
                continue
            clause = next((c for c in imp.named_children if c.type == "import_clause"), None)
            named = next((c for c in clause.named_children if c.type == "named_imports"), None) if clause else None
            specs = [c for c in named.named_children if c.type == "import_specifier"] if named else []
            for i, c in enumerate(specs):
                name_n = c.child_by_field_name("name")
                if c.child_by_field_name("alias") is None and name_n is not None and node_text(name_n) == local:
                    return (imp.start_byte, imp.end_byte), [(n.start_byte, n.end_byte) for n in specs], i
        return None

    def rename_type_ref(self, ref: TypeRef, module: str, name: str) -> list:
        from ..fix import Edit

        head = self.body[ref.start : ref.end].decode().split(".")[0].strip()
        return [Edit(ref.start, ref.end, f"{head}.types.input.{module}.{name}")]

    def _callee_of(self, resource: Resource) -> ts.Node | None:
        n = self.program.tree.root_node.descendant_for_byte_range(resource.start, resource.end)
        while n is not None and n.type != "new_expression" and n.start_byte == resource.start:
            n = n.parent
        if n is None or n.type != "new_expression":
            return None
        return n.child_by_field_name("constructor")

    def replace_type(self, resource: Resource, module: str, cls: str) -> list:
        from ..fix import Edit

        callee = self._callee_of(resource)
        dotted = _dotted(callee) if callee is not None else None
        if callee is None or dotted is None:
            return []
        parts = dotted.split(".")
        if len(parts) == 3 and parts[0] in self.program.aws_aliases:
            new = f"{parts[0]}.{module}.{cls}" if module else f"{parts[0]}.{cls}"
        elif len(parts) == 2 and parts[0] in self.program.aws_aliases and not module:
            new = f"{parts[0]}.{cls}"
        elif len(parts) == 2 and module == resource.module and parts[0] not in self.program.aws_aliases:
            new = f"{parts[0]}.{cls}"
        elif len(parts) == 2 and parts[0] in self.program.module_aliases and module:
            other = self.aws_type(module, cls)  # another module: through its own import
            if other is None:
                return []
            new = other
        else:
            return []
        return [Edit(callee.start_byte, callee.end_byte, new)]

    def add_resource_option(self, resource: Resource, key: str, value: Any) -> list:
        from ..fix import Edit

        opts = self.program.resolve(resource.opts) if resource.opts is not None else None
        if resource.opts is None:
            if resource.args_node is None:
                return []
            entry = self.render_entry(None, key, value, self.program.indent_of(resource.start), inline=True)
            return [Edit.insert(resource.args_node.end, f", {{ {entry} }}")]
        if isinstance(opts, Obj) and resource.opts is opts and not opts.opaque and opts.find(key) is None:
            return self.insert_prop(opts, key, value)
        if isinstance(resource.opts, (Ident, Member)):
            # Options shared through a variable: spread them into an object of this resource's own.
            entry = self.render_entry(None, key, value, self.program.indent_of(resource.start), inline=True)
            return [Edit(resource.opts.start, resource.opts.end, f"{{ ...{resource.opts.text}, {entry} }}")]
        return []


class _Quoted(str):
    """A key already written as a string literal."""


def _key(kit: TSEditKit, k: str) -> str:
    return k if isinstance(k, _Quoted) else kit.key(k)
