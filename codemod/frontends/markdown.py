"""Markdown front end: find the fenced code blocks of a model response.

Model responses (``MODEL_RESPONSE.md``) carry their programs in fenced code
blocks.  This module locates those blocks *on bytes* (the document may have a
UTF-8 BOM, CRLF line endings, or even stray non-UTF-8 bytes), works out the
language and the file each block holds, and splices new code back in while
leaving every byte outside the replaced ranges untouched.

Fence rules follow CommonMark:

* an opening fence is 3+ backticks or 3+ tildes, indented at most 3 spaces,
  followed by an info string (a backtick fence's info string may not contain a
  backtick);
* a closing fence uses the same character, at least as many of them as the
  opening fence, and nothing but whitespace after them;
* a block that is never closed runs to the end of the document.

Two heuristics on top, both measured on real model responses:

* **List items.**  A fence indented 4+ spaces (up to 12) opens a block when it
  sits in a list item: walking back over blank and indented lines reaches a
  list marker line (models indent code under ``  1. Deploy:``).  A block opened
  at indent k > 0 may be closed by a fence indented up to k + 3 spaces.
* **README blocks.**  Inside a ``markdown``/``md`` block, inner fences open
  *nested* blocks (reported with ``nested_in``).  Models often open the README
  with 3 backticks and put ```` ```bash ```` blocks inside it, which CommonMark
  would read as the README's end.  So, inside a markdown block, a fence line
  *with* an info string opens a nested block whose bare closing fence does not
  close the outer one.  A *bare* fence inside a 3-backtick markdown block (with
  no nested block open) is taken to open a nested block (a directory tree, a
  diagram) when the line before it introduces something (a heading, or a line
  ending in ``:``) and the line after it is non-blank content; otherwise it
  closes the README.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import pairwise

__all__ = [
    "CodeBlock",
    "find_blocks",
    "code_blocks",
    "splice",
    "normalise_language",
    "language_from_filename",
    "normalise_filename",
]

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class CodeBlock:
    index: int  # position among all fenced blocks of the document
    info: str  # raw info string
    language: str | None  # normalised language, or None
    filename: str | None  # the file the block holds, when the response names it
    start: int  # byte offset where the code content starts
    end: int  # byte offset where the code content ends
    terminated: bool
    indent: int  # indentation (spaces) of the opening fence
    nested_in: int | None  # index of the enclosing markdown block, if any


# --------------------------------------------------------------------------
# Languages
# --------------------------------------------------------------------------

_LANG_ALIASES: dict[str, str] = {
    "typescript": "typescript",
    "ts": "typescript",
    "tsx": "typescript",
    "mts": "typescript",
    "cts": "typescript",
    "javascript": "javascript",
    "js": "javascript",
    "jsx": "javascript",
    "mjs": "javascript",
    "cjs": "javascript",
    "node": "javascript",
    "python": "python",
    "py": "python",
    "python3": "python",
    "py3": "python",
    "json": "json",
    "jsonc": "json",
    "json5": "json",
    "yaml": "yaml",
    "yml": "yaml",
    "markdown": "markdown",
    "md": "markdown",
    "bash": "shell",
    "sh": "shell",
    "shell": "shell",
    "zsh": "shell",
    "console": "shell",
    "shell-session": "shell",
    "shellsession": "shell",
    "shellscript": "shell",
    "powershell": "powershell",
    "ps1": "powershell",
    "text": "text",
    "txt": "text",
    "plaintext": "text",
    "plain": "text",
    "dockerfile": "dockerfile",
    "docker": "dockerfile",
    "go": "go",
    "golang": "go",
    "java": "java",
    "csharp": "csharp",
    "c#": "csharp",
    "cs": "csharp",
    "hcl": "hcl",
    "terraform": "hcl",
    "tf": "hcl",
    "toml": "toml",
    "ini": "ini",
    "cfg": "ini",
    "sql": "sql",
    "html": "html",
    "xml": "xml",
    "gitignore": "gitignore",
    "makefile": "makefile",
    "make": "makefile",
}

_EXT_LANG: dict[str, str] = {
    "ts": "typescript",
    "tsx": "typescript",
    "mts": "typescript",
    "cts": "typescript",
    "js": "javascript",
    "jsx": "javascript",
    "mjs": "javascript",
    "cjs": "javascript",
    "py": "python",
    "pyi": "python",
    "json": "json",
    "yaml": "yaml",
    "yml": "yaml",
    "md": "markdown",
    "sh": "shell",
    "bash": "shell",
    "ps1": "powershell",
    "txt": "text",
    "go": "go",
    "java": "java",
    "cs": "csharp",
    "tf": "hcl",
    "hcl": "hcl",
    "toml": "toml",
    "ini": "ini",
    "cfg": "ini",
    "sql": "sql",
    "html": "html",
    "xml": "xml",
}

_NAME_LANG: dict[str, str] = {
    "dockerfile": "dockerfile",
    "makefile": "makefile",
    ".gitignore": "gitignore",
    ".dockerignore": "gitignore",
    ".npmignore": "gitignore",
}

# languages that may legitimately hold each other's files
_COMPATIBLE = [{"typescript", "javascript"}, {"text", "gitignore"}, {"ini", "toml"}]


def normalise_language(info: str) -> str | None:
    """Normalise the first word of an info string (``TypeScript`` -> ``typescript``)."""
    word = info.strip().split(None, 1)[0] if info.strip() else ""
    # ``ts:lib/index.ts``, ``{.python}``, ``ts,title=...`` styles
    word = word.strip("{}.").split(":", 1)[0].split(",", 1)[0].lower()
    if not word:
        return None
    return _LANG_ALIASES.get(word, word)


def language_from_filename(filename: str | None) -> str | None:
    """Language of a file from its name (``.ts``/``.tsx`` -> typescript, ``.py`` -> python...)."""
    if not filename:
        return None
    base = filename.rsplit("/", 1)[-1].lower()
    if base in _NAME_LANG:
        return _NAME_LANG[base]
    if base.startswith("dockerfile"):
        return "dockerfile"
    if "." in base:
        ext = base.rsplit(".", 1)[1]
        if ext in _EXT_LANG:
            return _EXT_LANG[ext]
        if ext in ("gitignore", "dockerignore"):
            return "gitignore"
    return None


def _compatible(block_lang: str | None, file_lang: str | None) -> bool:
    if block_lang is None or file_lang is None or block_lang == file_lang:
        return True
    return any(block_lang in s and file_lang in s for s in _COMPATIBLE)


# --------------------------------------------------------------------------
# File names
# --------------------------------------------------------------------------

_KNOWN_EXTS = set(_EXT_LANG) | {
    "gitignore",
    "dockerignore",
    "npmignore",
    "env",
    "lock",
    "cjs",
    "conf",
    "j2",
    "zip",
    "pem",
    "csv",
    "properties",
    "gradle",
    "kt",
    "rs",
    "rb",
    "php",
    "lua",
}
_BARE_NAMES = {"dockerfile", "makefile", "procfile", ".gitignore", ".dockerignore", ".npmignore", ".env"}

# a path-like token: optional directories, then a name with a known extension
_PATH_TOKEN = re.compile(
    r"(?<![\w@$%&*+=<>~-])"  # not glued to a preceding word
    r"((?:\.{0,2}/)?(?:[\w@.\-\[\]]+/)*"  # directories
    r"(?:[\w@\-\[\]][\w@.\-\[\]]*\.[A-Za-z][A-Za-z0-9]{0,9}|\.[A-Za-z][\w.\-]*|Dockerfile[\w.\-]*|Makefile|Procfile))"
    r"(?![\w/])"
)
# words that look like file names but are technologies
_NOT_FILES = {
    "node.js",
    "next.js",
    "vue.js",
    "express.js",
    "nuxt.js",
    "react.js",
    "d3.js",
    "chart.js",
    "socket.io",
    "e.g",
    "i.e",
    "asp.net",
}


def normalise_filename(raw: str) -> str:
    """Strip backticks, bold markers, quotes, a leading ``./`` or ``/`` and trailing colons."""
    name = raw.strip()
    name = name.strip("`*\"'")
    name = name.rstrip(":").strip().strip("`*\"'").rstrip(":")
    while name.startswith("./"):
        name = name[2:]
    if name.startswith("/") and len(name) > 1:
        name = name.lstrip("/")
    return name


def _path_ok(token: str) -> bool:
    tok = token.rstrip(".")
    low = tok.lower()
    if not tok or low in _NOT_FILES or "://" in tok:
        return False
    base = low.rsplit("/", 1)[-1]
    if base in _BARE_NAMES or base.startswith("dockerfile"):
        return True
    if "." not in base.lstrip("."):
        return False
    ext = base.rsplit(".", 1)[1]
    if ext not in _KNOWN_EXTS:
        return False
    # ``Node.js``-style capitalised technology names without a directory
    if "/" not in tok and ext == "js" and re.fullmatch(r"[A-Z][A-Za-z0-9]*\.js", tok):
        return False
    return True


def _unmangle(text: str) -> str:
    """Undo markdown formatters' damage: ``\\*`` escapes, ``__init__`` turned bold (``**init**.py``)."""
    text = re.sub(r"\\([*_`\[\]#.-])", r"\1", text)
    return re.sub(r"\*\*([a-z]\w*)\*\*(?=\.py\b)", r"__\1__", text)


def _paths_in(text: str) -> list[str]:
    """Path-like tokens in a line, best first: backticked, after ``File:``, parenthesised, bare."""
    found: list[tuple[int, int, str]] = []
    if "\\" in text or "**.py" in text:
        text = _unmangle(text)
    for m in re.finditer(r"`([^`\n]+)`", text):
        inner = m.group(1).strip()
        cand = normalise_filename(inner)
        if " " not in cand and _path_ok(cand):
            found.append((0, m.start(), cand))
    for m in re.finditer(r"(?i)\bfile(?:name)?\s*[:=]\s*\**\s*`?([^\s`*()]+)", text):
        cand = normalise_filename(m.group(1))
        if _path_ok(cand):
            found.append((1, m.start(), cand))
    for m in re.finditer(r"\(([^()]+)\)", text):
        cand = normalise_filename(m.group(1))
        if " " not in cand and _path_ok(cand):
            found.append((2, m.start(), cand))
    plain = re.sub(r"https?://\S+", " ", text.replace("`", " ").replace("*", " "))
    for m in _PATH_TOKEN.finditer(plain):
        cand = normalise_filename(m.group(1).rstrip("."))
        if _path_ok(cand):
            found.append((3, m.start(), cand))
    found.sort()
    seen: list[str] = []
    for _, _, c in found:
        if c not in seen:
            seen.append(c)
    return seen


_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+\s*)?$")
_BOLD_LINE = re.compile(r"^\s*(?:(?:[-*+]|\d+[.)])\s+)?\*\*(.+?)\*\*\s*:?\s*(?:\(.*\))?\s*:?\s*$")
_SETEXT_MARK = re.compile(r"^\s*(?:=+|-+)\s*$")


def _filename_from_line(line: str, nearest: bool) -> tuple[str | None, bool]:
    """(filename, is_section_start) for one non-blank line before a block.

    Headings, bold lines, ``File:`` lines and ``=== path ===`` lines name a file
    anywhere in the look-back window; a prose line only when it is the nearest
    line before the fence and ends with a colon ("Create `index.ts`:").
    """
    s = line.strip()
    m = _HEADING.match(line)
    if m:
        paths = _paths_in(m.group(1))
        return (paths[0] if paths else None), True
    m = re.fullmatch(r"={2,}\s*(.+?)\s*={2,}", s)
    if m:
        paths = _paths_in(m.group(1))
        return (paths[0] if paths else None), True
    m = _BOLD_LINE.match(s)
    if m:
        paths = _paths_in(s)
        return (paths[0] if paths else None), False
    if re.match(r"(?i)^(?:[-*+]\s+)?\**\s*file(?:name)?\s*:", s):
        paths = _paths_in(s)
        return (paths[0] if paths else None), False
    if nearest and s.rstrip("*").rstrip().endswith(":"):
        paths = _paths_in(s)
        # prose mentioning several files is not naming one
        if len(paths) == 1:
            return paths[0], False
    return None, False


_COMMENT_NAME = re.compile(
    r"^\s*(?://+|#+|/\*+|<!--|--|;)\s*(?:(?:file(?:name)?|path)\s*:\s*)?"
    r"`?([^\s`]+?)`?\s*(?:\([^()]*\)\s*)?(?:\*/|-->)?\s*$",
    re.IGNORECASE,
)


def _filename_from_first_line(line: str) -> str | None:
    """``// lib/tap-stack.ts``, ``# __main__.py``, ``# File: x.py (addition)``."""
    m = _COMMENT_NAME.match(line)
    if not m:
        return None
    cand = normalise_filename(m.group(1))
    if "/" not in cand and "." not in cand.lstrip("."):
        if cand.lower() not in _BARE_NAMES:
            return None
    return cand if _path_ok(cand) else None


def _filename_from_info(info: str) -> str | None:
    """``ts:lib/index.ts``, ``typescript title="lib/index.ts"``, ``python __main__.py``."""
    s = info.strip()
    if not s:
        return None
    m = re.search(r"""(?:title|file(?:name)?|path)\s*=\s*["']?([^"'\s]+)""", s, re.IGNORECASE)
    if m and _path_ok(normalise_filename(m.group(1))):
        return normalise_filename(m.group(1))
    first, _, rest = s.partition(" ")
    if ":" in first:
        cand = normalise_filename(first.split(":", 1)[1])
        if _path_ok(cand):
            return cand
    rest = rest.strip()
    if rest and " " not in rest:
        cand = normalise_filename(rest)
        if _path_ok(cand):
            return cand
    return None


# --------------------------------------------------------------------------
# Lines and fences
# --------------------------------------------------------------------------


class _Doc:
    """Line navigation over raw bytes (offsets are into the original bytes)."""

    def __init__(self, data: bytes):
        self.data = data
        self.n = len(data)
        self.bom = len(BOM) if data.startswith(BOM) else 0

    def line_end(self, start: int) -> tuple[int, int]:
        """(content_end, next_start) of the line starting at ``start``."""
        nl = self.data.find(b"\n", start)
        if nl < 0:
            end = nxt = self.n
        else:
            end, nxt = nl, nl + 1
        if end > start and self.data[end - 1] == 13:  # CR
            end -= 1
        return end, nxt

    def text(self, start: int) -> bytes:
        end, _ = self.line_end(start)
        if start == 0 and self.bom:
            start = self.bom
        return self.data[start:end]

    def prev_start(self, start: int) -> int | None:
        """Start of the line before the line starting at ``start``."""
        if start <= 0:
            return None
        nl = self.data.rfind(b"\n", 0, start - 1)
        return nl + 1

    def prev_nonblank(self, start: int, floor: int) -> int | None:
        """Start of the nearest non-blank line before ``start`` and after the line at ``floor``."""
        p = self.prev_start(start)
        while p is not None and p > floor:
            if self.text(p).strip():
                return p
            p = self.prev_start(p)
        return None


@dataclass
class _Fence:
    indent: int
    char: str
    count: int
    info: str  # stripped info string


# candidate fence lines: a newline, spaces, three fence chars (the leading newline lets
# the regex engine scan fast); the first line is checked separately
_FENCE_AFTER_NL = re.compile(rb"\n *(?:```|~~~)")
_FENCE = re.compile(rb"^( *)(`{3,}|~{3,})(.*)$")


def _parse_fence(raw: bytes, max_indent: int = 3) -> _Fence | None:
    m = _FENCE.match(raw)
    if not m:
        return None
    indent = len(m.group(1))
    if indent > max_indent:
        return None
    rest = m.group(3).rstrip(b"\r").decode("utf-8", "replace")
    char = chr(m.group(2)[0])
    if char == "`" and "`" in rest:
        return None
    return _Fence(indent, char, len(m.group(2)), rest.strip())


def _closes(f: _Fence | None, opener: _Fence) -> bool:
    if f is None or f.info or f.char != opener.char or f.count < opener.count:
        return False
    limit = 3 if opener.indent == 0 else opener.indent + 3
    return f.indent <= limit


_LIST_ITEM = re.compile(rb"^ *(?:[-*+]|\d{1,9}[.)])[ \t]+\S")


def _listy(doc: _Doc, start: int, floor: int, max_lines: int = 40) -> bool:
    """Is the line at ``start`` inside a list item?  Walk back over blank and
    indented lines looking for a list marker line."""
    p = doc.prev_start(start)
    while p is not None and p > floor and max_lines > 0:
        t = doc.text(p)
        if _LIST_ITEM.match(t):
            return True
        if t.strip() and not t.startswith(b"  "):
            return False
        p = doc.prev_start(p)
        max_lines -= 1
    return False


@dataclass
class _Open:
    index: int
    fence: _Fence
    line: int  # offset of the opening fence line
    start: int  # content start
    is_markdown: bool
    nested_in: int | None


_MAX_INDENT = 12


def _candidate_lines(doc: _Doc):
    """Offsets of the lines that may be fences."""
    first = doc.data[doc.bom : doc.bom + _MAX_INDENT + 3].lstrip(b" ")
    if first.startswith((b"```", b"~~~")):
        yield 0
    for m in _FENCE_AFTER_NL.finditer(doc.data):
        yield m.start() + 1


def find_blocks(data: bytes) -> list[CodeBlock]:
    """All fenced code blocks of a document, in document order (nested ones included)."""
    doc = _Doc(data)
    spans: list[tuple[_Open, int, bool]] = []  # (open block, content end, terminated)
    fence_lines: list[int] = []  # offsets of every opening/closing fence line
    counter = 0
    outer: _Open | None = None
    nested: _Open | None = None

    def open_block(line: int, f: _Fence, nested_in: int | None) -> _Open:
        nonlocal counter
        o = _Open(counter, f, line, doc.line_end(line)[1], normalise_language(f.info) == "markdown", nested_in)
        counter += 1
        fence_lines.append(line)
        return o

    def close(o: _Open, line: int, terminated: bool = True) -> None:
        spans.append((o, line, terminated))
        if terminated:
            fence_lines.append(line)

    for line in _candidate_lines(doc):
        f = _parse_fence(doc.text(line), _MAX_INDENT)
        if f is None:
            continue

        if outer is None:
            if f.indent > 3 and not _listy(doc, line, -1):
                continue
            outer = open_block(line, f, None)
            continue

        if not outer.is_markdown:
            if _closes(f, outer.fence):
                close(outer, line)
                outer = None
            continue

        # inside a markdown (README) block
        if nested is not None:
            if _closes(f, outer.fence) and outer.fence.count > nested.fence.count:
                # the README's own (longer) fence closes it and cuts the inner block short
                close(nested, line, terminated=False)
                close(outer, line)
                nested = outer = None
            elif _closes(f, nested.fence):
                close(nested, line)
                nested = None
            continue
        if f.indent > 3 and not _listy(doc, line, outer.line):
            continue
        if f.info:
            nested = open_block(line, f, outer.index)
        elif _closes(f, outer.fence):
            if outer.fence.count == 3 and _bare_opens_inner(doc, line, outer.line):
                nested = open_block(line, f, outer.index)
            else:
                close(outer, line)
                outer = None
        else:
            # a shorter bare fence (or the other fence char) opens an inner block
            nested = open_block(line, f, outer.index)

    if nested is not None:
        close(nested, doc.n, terminated=False)
    if outer is not None:
        close(outer, doc.n, terminated=False)

    spans.sort(key=lambda t: t[0].index)
    fence_lines.sort()
    blocks: list[CodeBlock] = []
    for o, end, term in spans:
        start = min(o.start, doc.n)
        end = max(end, start)
        info = o.fence.info
        lang = normalise_language(info)
        k = bisect.bisect_left(fence_lines, o.line)
        floor = fence_lines[k - 1] if k > 0 else -1
        filename = _filename_from_info(info)
        if filename is None:
            filename = _filename_before(doc, o.line, floor, lang)
        if filename is None and start < end:
            cand = _filename_from_first_line(doc.text(start).decode("utf-8", "replace"))
            if cand and _compatible(lang, language_from_filename(cand)):
                filename = cand
        if lang is None:
            lang = language_from_filename(filename)
        blocks.append(
            CodeBlock(
                index=o.index,
                info=info,
                language=lang,
                filename=filename,
                start=start,
                end=end,
                terminated=term,
                indent=o.fence.indent,
                nested_in=o.nested_in,
            )
        )
    return blocks


def _bare_opens_inner(doc: _Doc, line: int, floor: int) -> bool:
    """Inside a 3-backtick README with no inner block open: does this bare fence open one?

    Yes when the line before introduces something (a heading, or text ending in
    a colon) and the line after is non-blank content rather than a fence.
    """
    _, nxt = doc.line_end(line)
    if nxt < doc.n and not doc.text(nxt).strip():
        _, nxt = doc.line_end(nxt)  # one blank line may separate the fence from its content
    if nxt >= doc.n:
        return False
    after = doc.text(nxt)
    if not after.strip() or _FENCE.match(after.lstrip(b" ")) or _HEADING.match(after.decode("utf-8", "replace")):
        return False
    p = doc.prev_nonblank(line, floor)
    if p is None:
        return False
    prev = doc.text(p).decode("utf-8", "replace").rstrip()
    return bool(_HEADING.match(prev)) or prev.rstrip("*").rstrip().endswith(":")


_MAX_LOOKBACK = 6


def _filename_before(doc: _Doc, line: int, floor: int, lang: str | None) -> str | None:
    """The file named just before a block: nearest naming line back to the previous
    fence, the section heading, or a few lines, whichever comes first."""
    p = doc.prev_nonblank(line, floor)
    seen = 0
    while p is not None and seen < _MAX_LOOKBACK:
        text = doc.text(p).decode("utf-8", "replace")
        if _SETEXT_MARK.match(text):
            q = doc.prev_start(p)
            if q is not None and q > floor and doc.text(q).strip():
                # setext heading: the text line above the underline
                text = "# " + doc.text(q).decode("utf-8", "replace")
                p = q
        name, section = _filename_from_line(text, nearest=(seen == 0))
        if name is not None:
            return name if _compatible(lang, language_from_filename(name)) else None
        if section:
            return None
        seen += 1
        p = doc.prev_nonblank(p, floor)
    return None


def code_blocks(
    data: bytes, languages: set[str] | None = None, found: list[CodeBlock] | None = None
) -> list[CodeBlock]:
    """Top-level (not nested) blocks, optionally only those whose language is in ``languages``.
    ``found``: `find_blocks(data)`, when the caller has it (a document is read once, not once per
    question: each read looks back from every block for the file it names)."""
    out = []
    for b in find_blocks(data) if found is None else found:
        if b.nested_in is not None:
            continue
        if languages is not None and b.language not in languages:
            continue
        out.append(b)
    return out


def splice(data: bytes, replacements: dict[int, bytes], found: list[CodeBlock] | None = None) -> bytes:
    """Replace the content of blocks (by index) with new code; all other bytes stay identical.

    New code that does not end in a newline gets one (the opening fence's line
    ending) when the block has a closing fence, so the fence stays on its own
    line; those bytes are inside the replaced range.  Raises ValueError for an
    index that is not a block, or when two replaced blocks overlap (a README
    block and a block nested in it). ``found``: `find_blocks(data)`, when the caller has it.
    """
    if not replacements:
        return data
    by_index = {b.index: b for b in (find_blocks(data) if found is None else found)}
    chosen = []
    for idx, new in replacements.items():
        if idx not in by_index:
            raise ValueError(f"no code block with index {idx}")
        if not isinstance(new, (bytes, bytearray)):
            raise TypeError("replacement code must be bytes")
        chosen.append((by_index[idx], bytes(new)))
    chosen.sort(key=lambda t: (t[0].start, t[0].end))
    for (a, _), (b, _) in pairwise(chosen):
        if b.start < a.end or a.index == b.index:
            raise ValueError(f"code blocks {a.index} and {b.index} overlap")
    parts = []
    pos = 0
    for blk, new in chosen:
        if blk.start < pos:
            raise ValueError(f"code block {blk.index} overlaps another replaced block")
        if blk.terminated and new and not new.endswith(b"\n"):
            # keep the closing fence on its own line, with the opening fence's line ending
            new += b"\r\n" if data[max(blk.start - 2, 0) : blk.start] == b"\r\n" else b"\n"
        parts.append(data[pos : blk.start])
        parts.append(new)
        pos = blk.end
    parts.append(data[pos:])
    return b"".join(parts)
