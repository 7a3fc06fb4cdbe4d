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


class EnclosingQueries:
    """`functions_enclosing` and `blocks_at` for a tree-sitter program, memoised per offset and
    per node: transforms ask about every resource, declaration and string, again and again.

    A front end supplies `tree` and `body`, `FUNCTION_TYPES`, `_func(node) -> Func`, and
    `_block_kind(node) -> "function" | "class" | "block" | "program" | None`. `BLOCK_STARTS_AT_FIRST`
    says whether a block node begins at its first statement (Python) rather than at a brace (TS)."""

    FUNCTION_TYPES: frozenset[str] = frozenset()
    BLOCK_STARTS_AT_FIRST = False

    def functions_enclosing(self, offset: int) -> list:
        memo = self.__dict__.setdefault("_funcs_memo", {})
        hit = memo.get(offset)
        if hit is not None:
            return list(hit)
        by_node = self.__dict__.setdefault("_func_by_node", {})
        out = []
        n = self.tree.root_node.descendant_for_byte_range(offset, offset)
        while n is not None:
            if n.type in self.FUNCTION_TYPES and n.start_byte < offset:
                key = (n.start_byte, n.end_byte, n.type)
                f = by_node.get(key)
                if f is None:
                    f = by_node[key] = self._func(n)
                out.append(f)
            n = n.parent
        memo[offset] = tuple(out)
        return out

    def blocks_at(self, offset: int) -> list:
        from ..model import Block

        memo = self.__dict__.setdefault("_blocks_memo", {})
        hit = memo.get(offset)
        if hit is not None:
            return list(hit)
        by_node = self.__dict__.setdefault("_block_by_node", {})
        out = []
        n = self.tree.root_node.descendant_for_byte_range(offset, offset)
        while n is not None:
            # The root is the program block even when broken code makes it an ERROR node.
            kind = "program" if n.parent is None else self._block_kind(n)
            inside = n.start_byte <= offset if self.BLOCK_STARTS_AT_FIRST else n.start_byte < offset
            if kind is not None and (inside or kind == "program"):
                key = (n.start_byte, n.end_byte, n.type, kind)
                blk = by_node.get(key)
                if blk is None:
                    stmts = tuple((c.start_byte, c.end_byte) for c in n.named_children if c.type != "comment")
                    blk = by_node[key] = Block(n.start_byte if kind != "program" else 0,
                                               n.end_byte if kind != "program" else len(self.body), kind, stmts)
                out.append(blk)
            n = n.parent
        memo[offset] = tuple(out)
        return out
