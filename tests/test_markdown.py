"""Tests for the markdown front end (iacfix.frontends.markdown)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iacfix.frontends.markdown import CodeBlock, code_blocks, find_blocks, splice

DATA = Path(__file__).resolve().parent / "data" / "markdown"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def content(data: bytes, b: CodeBlock) -> bytes:
    return data[b.start : b.end]


def summary(data: bytes) -> list[tuple]:
    return [(b.index, b.language, b.filename, b.terminated, b.nested_in) for b in find_blocks(data)]


# ---------------------------------------------------------------------------
# heading styles and languages
# ---------------------------------------------------------------------------


def test_heading_styles():
    data = load("headings.md")
    blocks = find_blocks(data)
    got = [(b.info, b.language, b.filename) for b in blocks]
    assert got == [
        ("typescript", "typescript", "lib/tap-stack.ts"),  # ## File: path
        ("ts", "typescript", "lib/index.ts"),  # ### bare path
        ("TypeScript", "typescript", "index.ts"),  # ### `path`
        ("typescript", "typescript", "lib/util.ts"),  # **path**
        ("typescript", "typescript", "lib/main-stack.ts"),  # Description (`path`) + prose
        ("typescript", "typescript", "bin/tap.ts"),  # Create `path`:
        ("typescript", "typescript", "lib/comment.ts"),  # // path first line
        ("python", "python", "__main__.py"),  # # path first line
        ("typescript", "typescript", "lib/dot.ts"),  # ./ and trailing colon stripped
        ("bash", "shell", None),  # a .ts name before a bash block is not its file
        ("", "typescript", "lib/noinfo.ts"),  # no info string: language from the extension
        ("py", "python", "tests/test_eq.py"),  # === path ===
        ("bash", "shell", None),  # prose without a path
    ]
    assert [b.index for b in blocks] == list(range(len(blocks)))
    assert all(b.terminated and b.nested_in is None and b.indent == 0 for b in blocks)
    # content excludes the fence lines
    assert content(data, blocks[0]) == b"export const a = 1;\n"
    assert content(data, blocks[6]).startswith(b"// lib/comment.ts\n")


def test_code_blocks_filters_by_language():
    data = load("headings.md")
    ts = code_blocks(data, {"typescript"})
    assert [b.filename for b in ts] == [
        "lib/tap-stack.ts", "lib/index.ts", "index.ts", "lib/util.ts", "lib/main-stack.ts",
        "bin/tap.ts", "lib/comment.ts", "lib/dot.ts", "lib/noinfo.ts",
    ]
    py = code_blocks(data, {"python"})
    assert [b.filename for b in py] == ["__main__.py", "tests/test_eq.py"]
    assert len(code_blocks(data)) == len(find_blocks(data))


# ---------------------------------------------------------------------------
# README blocks with inner fences
# ---------------------------------------------------------------------------


def test_markdown_block_four_backticks():
    data = load("readme_4tick.md")
    assert summary(data) == [
        (0, "typescript", "lib/index.ts", True, None),
        (1, "markdown", "README.md", True, None),
        (2, "shell", None, True, 1),
        (3, None, None, True, 1),
        (4, "yaml", "Pulumi.yaml", True, None),
    ]
    blocks = find_blocks(data)
    readme = blocks[1]
    assert content(data, readme).endswith(b"  index.ts\n```\n")
    for inner in blocks[2:4]:
        assert readme.start <= inner.start <= inner.end <= readme.end
    assert content(data, blocks[2]) == b"npm install\n"
    # code_blocks leaves nested README snippets out
    assert [b.index for b in code_blocks(data)] == [0, 1, 4]


def test_markdown_block_three_backticks_heuristic():
    data = load("readme_3tick.md")
    assert summary(data) == [
        (0, "typescript", "lib/index.ts", True, None),
        (1, "markdown", "lib/README.md", True, None),
        (2, None, None, True, 1),  # bare fence after "## Project Structure": a tree, not the README's end
        (3, "shell", None, True, 1),  # ```bash opens an inner block; its bare fence does not close the README
        (4, None, None, True, 1),  # bare fence, blank line, then a diagram
        (5, "typescript", "lib/other.ts", True, None),
    ]
    blocks = find_blocks(data)
    assert content(data, blocks[1]).endswith(b"Done.\n")
    assert content(data, blocks[5]) == b"export const y = 2;\n"
    assert [b.filename for b in code_blocks(data, {"typescript"})] == ["lib/index.ts", "lib/other.ts"]


def test_markdown_block_closed_by_bare_fence_before_prose():
    data = b"```markdown\n# R\n\n```bash\nls\n```\n\nEnd of readme.\n```\n\nNext:\n\n```ts\nlet a = 1;\n```\n"
    assert summary(data) == [
        (0, "markdown", None, True, None),
        (1, "shell", None, True, 0),
        (2, "typescript", None, True, None),
    ]


def test_markdown_outer_closed_by_longer_fence_while_inner_open():
    data = b"````md\n# R\n```bash\nls\n````\nafter\n"
    blocks = find_blocks(data)
    assert [(b.language, b.terminated, b.nested_in) for b in blocks] == [
        ("markdown", True, None),
        ("shell", False, 0),
    ]
    assert content(data, blocks[0]) == b"# R\n```bash\nls\n"


# ---------------------------------------------------------------------------
# fence rules
# ---------------------------------------------------------------------------


def test_unterminated_final_block():
    data = load("unterminated.md")
    (b,) = find_blocks(data)
    assert (b.language, b.filename, b.terminated) == ("python", "__main__.py", False)
    assert b.end == len(data)
    assert content(data, b).startswith(b"import pulumi\n")


def test_unterminated_fence_line_at_eof():
    data = b"text\n```typescript"
    (b,) = find_blocks(data)
    assert (b.start, b.end, b.terminated, b.language) == (len(data), len(data), False, "typescript")


def test_tilde_and_long_fences():
    data = load("fences.md")
    blocks = find_blocks(data)
    assert [(b.language, b.filename, b.terminated) for b in blocks] == [
        ("python", "lib/gen.py", True),
        ("typescript", "lib/fence.ts", True),
        ("json", None, True),
    ]
    # ``` inside ~~~ and ```` inside ````` are content, not closers
    assert b"```bash\necho inner\n```\n" in content(data, blocks[0])
    assert content(data, blocks[1]) == b"const md = `\n```\nnot a closer\n````\n`;\n"
    assert content(data, blocks[2]) == b'{"a": 1}\n'


def test_closing_fence_must_match():
    # shorter fence, other char, or an info string: no close
    data = b"````ts\na\n```\n~~~~\n```` x\nb\n````\n"
    (b,) = find_blocks(data)
    assert content(data, b) == b"a\n```\n~~~~\n```` x\nb\n"
    assert b.terminated


def test_backtick_info_with_backtick_is_not_a_fence():
    data = b"``` foo`bar\nnot code\n```py\nx = 1\n```\n"
    (b,) = find_blocks(data)
    assert (b.language, content(data, b)) == ("python", b"x = 1\n")


def test_indented_fences():
    data = load("indented.md")
    blocks = find_blocks(data)
    assert [(b.language, b.indent, b.terminated) for b in blocks] == [("shell", 3, True), ("shell", 4, True)]
    # offsets refer to raw bytes: the content keeps its indentation
    assert content(data, blocks[0]) == b"   npm install\n"
    assert content(data, blocks[1]) == b"    pulumi up\n"


def test_four_space_fence_outside_list_is_not_a_fence():
    data = b"Paragraph.\n\n    ```python\n    x = 1\n    ```\n"
    assert find_blocks(data) == []


def test_crlf_and_bom():
    lf = load("headings.md")
    crlf = b"\xef\xbb\xbf" + lf.replace(b"\n", b"\r\n")
    a, b = find_blocks(lf), find_blocks(crlf)
    assert [(x.info, x.language, x.filename, x.terminated) for x in a] == [
        (x.info, x.language, x.filename, x.terminated) for x in b
    ]
    for x, y in zip(a, b):
        assert content(crlf, y).replace(b"\r\n", b"\n") == content(lf, x)
        assert not content(crlf, y).startswith(b"\n")
    # offsets include the BOM
    first = b[0]
    assert crlf[first.start : first.start + 6] == b"export"


def test_bom_on_first_line_fence():
    data = b"\xef\xbb\xbf```python\r\nx = 1\r\n```\r\n"
    (b,) = find_blocks(data)
    assert (b.language, b.start, content(data, b)) == ("python", 14, b"x = 1\r\n")


def test_crlf_readme_heuristic():
    data = b"\xef\xbb\xbf" + load("readme_3tick.md").replace(b"\n", b"\r\n")
    assert summary(data) == summary(load("readme_3tick.md"))


def test_non_utf8_bytes():
    data = b"## File: lib/x.py\n\n```python\nprint('\x92')\n```\n"
    (b,) = find_blocks(data)
    assert (b.filename, content(data, b)) == ("lib/x.py", b"print('\x92')\n")


def test_duplicate_filenames():
    data = load("duplicates.md")
    blocks = code_blocks(data, {"typescript"})
    assert [b.filename for b in blocks] == ["lib/tap-stack.ts", "lib/tap-stack.ts"]
    assert [content(data, b) for b in blocks] == [b"export const v1 = 1;\n", b"export const v2 = 2;\n"]


def test_filename_sources_misc():
    cases = {
        b"**`__main__.py`**:\n\n```python\nx\n```\n": "__main__.py",
        b"### 1. `Pulumi.yaml` (Project Configuration)\n\n```yaml\nname: x\n```\n": "Pulumi.yaml",
        b"## 2. tests/unit/test_tap_stack.py - Unit Tests\n\n```python\nx\n```\n": "tests/unit/test_tap_stack.py",
        b"### 15. \\*\\*\\*\\*main**.py\\*\\*\n\n```python\nx\n```\n": "__main__.py",
        b"## File: lib/**init**.py\n\n```python\nx\n```\n": "lib/__init__.py",
        b"```python\n# File: /lib/lambda/index.py\nx\n```\n": "lib/lambda/index.py",
        b"```python\n# config.py (extended validation)\nx\n```\n": "config.py",
        b"```typescript\n// See tap-stack.ts for details\nx\n```\n": None,
        b"```ts title=\"lib/a.ts\"\nx\n```\n": "lib/a.ts",
        b"Node.js runtime:\n\n```typescript\nx\n```\n": None,
    }
    for doc, want in cases.items():
        (b,) = find_blocks(doc)
        assert b.filename == want, doc


# ---------------------------------------------------------------------------
# splice
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.md")))
def test_splice_identity(name):
    data = load(name)
    blocks = find_blocks(data)
    top = {b.index: content(data, b) for b in blocks if b.nested_in is None}
    assert splice(data, top) == data
    assert splice(data, {}) == data


def test_splice_replaces_only_block_content():
    for data in (load("headings.md"), b"\xef\xbb\xbf" + load("headings.md").replace(b"\n", b"\r\n")):
        ts = code_blocks(data, {"typescript"})
        reps = {b.index: b"// lib/new%d.ts\n" % i + bytes([65 + i]) * i + b"\n" for i, b in enumerate(ts)}
        out = splice(data, reps)
        # reassemble expected output by hand
        pos, parts = 0, []
        for b in ts:
            parts += [data[pos : b.start], reps[b.index]]
            pos = b.end
        parts.append(data[pos:])
        assert out == b"".join(parts)
        # the blocks are still found, with the new content; headings still name them
        again = code_blocks(out, {"typescript"})
        assert [content(out, b) for b in again] == [reps[b.index] for b in ts]
        assert [b.filename for b in again][:6] == [b.filename for b in ts][:6]


def test_splice_adds_missing_final_newline():
    data = b"a\r\n```ts\r\nold\r\n```\r\nz\r\n"
    assert splice(data, {0: b"new"}) == b"a\r\n```ts\r\nnew\r\n```\r\nz\r\n"
    assert splice(data, {0: b""}) == b"a\r\n```ts\r\n```\r\nz\r\n"
    data = b"```ts\nold"
    assert splice(data, {0: b"new"}) == b"```ts\nnew"  # unterminated: nothing to protect


def test_splice_unterminated_and_nested():
    data = load("unterminated.md")
    (b,) = find_blocks(data)
    assert splice(data, {0: b"x = 1\n"}) == data[: b.start] + b"x = 1\n"
    data = load("readme_4tick.md")
    out = splice(data, {2: b"npm ci\n"})  # a nested block may be replaced alone
    assert out == data.replace(b"npm install\n", b"npm ci\n")


def test_splice_errors():
    data = load("readme_4tick.md")
    with pytest.raises(ValueError):
        splice(data, {99: b""})
    with pytest.raises(ValueError):
        splice(data, {-1: b""})
    with pytest.raises(ValueError):
        splice(data, {1: b"# readme\n", 2: b"x\n"})  # README and a block nested in it overlap


_PIECES = [b"```", b"````", b"~~~", b"```markdown", b"````md", b"```ts", b"```bash", b"   ```", b"    ```py",
           b"- item", b"1. Deploy:", b"## File: a.ts", b"Create `b.py`:", b"", b"code", b"# h", b"\xef\xbb\xbf"]


@given(st.lists(st.sampled_from(_PIECES), max_size=16), st.booleans())
@settings(max_examples=150, deadline=None)
def test_splice_identity_property(lines, crlf):
    data = (b"\r\n" if crlf else b"\n").join(lines)
    blocks = find_blocks(data)
    assert [b.index for b in blocks] == list(range(len(blocks)))
    for b in blocks:
        assert 0 <= b.start <= b.end <= len(data)
    for group in ([b for b in blocks if b.nested_in is None], [b for b in blocks if b.nested_in is not None]):
        assert splice(data, {b.index: data[b.start : b.end] for b in group}) == data


# ---------------------------------------------------------------------------
# real model responses
# ---------------------------------------------------------------------------


def corpus_root() -> Path:
    env = os.environ.get("IACFIX_CORPUS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "corpus"


_OPEN_LINE = re.compile(rb"^ *(`{3,}|~{3,})")
_BARE = re.compile(rb"^ {0,3}(`{3,}|~{3,})[ \t]*\r?$")
_CLOSER = re.compile(rb"^ *(`{3,}|~{3,})[ \t]*\r?$")

# responses without a single block of their language (measured: 28 of 196 TypeScript tasks,
# 14 of 149 Python ones: placeholders such as "Insert here the Model Response that failed",
# prose-only summaries, the other language, or raw code without fences)
MAX_WITHOUT = {"pulumi-ts": 32, "pulumi-py": 18}


def test_corpus():
    root = corpus_root()
    if not root.is_dir():
        pytest.skip(f"corpus not found at {root}")
    lang_of = {"pulumi-ts": "typescript", "pulumi-py": "python"}
    info_re = {
        "pulumi-ts": re.compile(rb"^ {0,3}(`{3,}|~{3,}) *(typescript|ts)\b", re.I | re.M),
        "pulumi-py": re.compile(rb"^ {0,3}(`{3,}|~{3,}) *(python|py)\b", re.I | re.M),
    }
    seen = 0
    for kind, lang in lang_of.items():
        files = sorted((root / kind).glob("*/MODEL_RESPONSE.md"))
        if not files:
            continue
        without = []
        for f in files:
            data = f.read_bytes()
            blocks = find_blocks(data)
            seen += 1
            check_invariants(data, blocks, f)
            if not [b for b in blocks if b.nested_in is None and b.language == lang]:
                without.append(f.parent.name)
                # not a parser miss: no top-level fence of that language anywhere
                assert not info_re[kind].search(data), f
            top = {b.index: data[b.start : b.end] for b in blocks if b.nested_in is None}
            assert splice(data, top) == data, f
        print(f"{kind}: {len(without)}/{len(files)} without {lang} blocks: {' '.join(without)}")
        assert len(without) <= MAX_WITHOUT[kind], without
    if not seen:
        pytest.skip(f"no MODEL_RESPONSE.md under {root}")


def check_invariants(data: bytes, blocks: list[CodeBlock], f: Path) -> None:
    assert [b.index for b in blocks] == list(range(len(blocks))), f
    by_index = {b.index: b for b in blocks}
    last_end = -1
    for b in blocks:
        assert 0 <= b.start <= b.end <= len(data), (f, b)
        if b.terminated:
            assert _CLOSER.match(data[b.end : data.find(b"\n", b.end) if b"\n" in data[b.end :] else len(data)]), (f, b)
        else:
            assert b.end == len(data) or b.nested_in is not None, (f, b)
        if b.nested_in is None:
            assert b.start > last_end, (f, b)  # top-level blocks do not overlap
            last_end = b.end
        else:
            outer = by_index[b.nested_in]
            assert outer.language == "markdown" and outer.start <= b.start <= b.end <= outer.end, (f, b)
        # the opening fence line sits right before the content
        line_start = data.rfind(b"\n", 0, max(b.start - 1, 0)) + 1 if b.start <= len(data) else 0
        opener = data[line_start : b.start]
        m = _OPEN_LINE.match(opener.lstrip(b"\xef\xbb\xbf"))
        assert m, (f, b, opener)
        if b.nested_in is not None:
            continue
        # no bare fence of the block's kind inside its content, except inner README fences
        char, count = m.group(1)[:1], len(m.group(1))
        inner_lines = set()
        for n in blocks:
            if n.nested_in == b.index:
                inner_lines.add(data.rfind(b"\n", 0, n.start - 1) + 1)
                if n.terminated:
                    inner_lines.add(n.end)
        pos = b.start
        for line in data[b.start : b.end].split(b"\n"):
            bm = _BARE.match(line)
            if bm and bm.group(1)[:1] == char and len(bm.group(1)) >= count:
                assert pos in inner_lines, (f, b, pos)
            pos += len(line) + 1


# ---- issue 13 item 17: a block that does not parse is a note ---------------------------------


def test_unparsable_block_is_a_note_and_the_exit_code_is_the_files(tmp_path):
    from typer.testing import CliRunner

    from iacfix.cli import app

    md = ('Here.\n\n```typescript\nimport * as aws from "@pulumi/aws";\n\n'
          'new aws.cloudwatch.LogGroup("logs", { name: "/app" });\n```\n\n'
          "Requirements:\n\n```python\npulumi>=3.0.0\npulumi-aws>=6.0.0\n```\n")
    f = tmp_path / "MODEL_RESPONSE.md"
    f.write_text(md)
    r = CliRunner().invoke(app, ["check", "--select", "IAC005", str(f)])
    assert r.exit_code == 1 and "error" not in r.output, r.output  # findings, no input error
    assert "1 fixable" in r.output and "note: block 2" in r.output and "does not parse as python" in r.output
    r = CliRunner().invoke(app, ["apply", "--select", "IAC005", str(f)])
    assert r.exit_code == 0, r.output  # fixed and written: nothing left to fix
    assert "error" not in r.output and "does not parse as python" in r.output
    assert "retentionInDays" in f.read_text() and "pulumi>=3.0.0\npulumi-aws>=6.0.0\n" in f.read_text()
