"""What the tree-sitter front ends share: one parser per language per process, and parse
results that count and locate syntax errors the same way for every language."""

from __future__ import annotations

from typing import Callable, Iterator

import tree_sitter as ts


class ParserCache:
    """Parsers are built once per process, never per file."""

    def __init__(self, language: Callable[[], ts.Language]):
        self._language = language
        self._parser: ts.Parser | None = None

    def get(self) -> ts.Parser:
        if self._parser is None:
            self._parser = ts.Parser(self._language())
        return self._parser


class ParseResult:
    def __init__(self, tree: ts.Tree, body: bytes):
        self.tree = tree
        self.body = body

    @property
    def error_count(self) -> int:
        root = self.tree.root_node
        if not root.has_error:
            return 0
        return sum(1 for _ in error_nodes(root))

    def errors(self, limit: int = 5) -> list[tuple[int, int, str]]:
        out = []
        for n in error_nodes(self.tree.root_node):
            kind = "missing " + n.type if n.is_missing else "unexpected " + repr(
                self.body[n.start_byte:n.end_byte][:20].decode("utf-8", "replace"))
            out.append((n.start_byte, n.end_byte, kind))
            if len(out) >= limit:
                break
        return out

    def error_spans(self) -> list[tuple[int, int]]:
        return [(n.start_byte, n.end_byte) for n in error_nodes(self.tree.root_node)]


def error_nodes(root: ts.Node) -> Iterator[ts.Node]:
    """ERROR and MISSING nodes, outermost first (an iterative walk: deep nesting is fine)."""
    stack = [root]
    while stack:
        n = stack.pop()
        if n.is_error or n.is_missing:
            yield n
            continue
        if n.has_error:
            stack.extend(reversed(n.children))
