"""iacfix.projectfile and IAC310 pulumi-project-file: a response's Pulumi.yaml against its code."""

from __future__ import annotations

from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.projectfile import ProjectFile

CFG = Config(select=("IAC310",))


def test_reads_scalar_and_nested_runtime_and_main():
    body = b'name: tap\r\nruntime:\r\n  name: "python"  # host\r\n  options:\r\n    virtualenv: venv\r\nmain: ./src/\r\n'
    pf = ProjectFile.read(body, "Pulumi.yaml", {"src/index.ts": "typescript"}, ())
    assert pf.runtime.value == "python" and body[pf.runtime.start:pf.runtime.end] == b'"python"'
    assert pf.main.value == "./src/" and pf.contains(pf.main.value) and not pf.contains("lib")
    assert ProjectFile.read(b"runtime: nodejs\n", "Pulumi.yaml", {}, ()).runtime.value == "nodejs"


def md(yaml: str, *files: tuple[str, str, str]) -> str:
    out = f"## Pulumi.yaml\n\n```yaml\n{yaml}```\n"
    for name, lang, code in files:
        out += f"\n## {name}\n\n```{lang}\n{code}```\n"
    return out


PY_MAIN = ("__main__.py", "python", 'import pulumi_aws as aws\naws.s3.Bucket("b")\n')
PY_LIB = ("lib/stack.py", "python", "class Stack:\n    pass\n")


def test_a_component_file_is_not_an_entry_point():
    res = fix_text(md("name: x\nruntime: python\nmain: tap.py\n", PY_LIB), "markdown", CFG)
    assert not res.changed and "entry file" in res.findings[0].message


def test_missing_main_becomes_the_one_entry_point():
    res = fix_text(md("name: x\nruntime: python\nmain: tap.py\n", PY_MAIN, PY_LIB), "markdown", CFG)
    assert "main: __main__.py\n" in res.output.decode()
    assert not fix_text(res.output, "markdown", CFG).changed


def test_runtime_left_alone_for_mixed_or_unknown_code():
    both = md("name: x\nruntime: python\n", PY_MAIN, ("index.ts", "typescript", "export {};\n"))
    assert not fix_text(both, "markdown", CFG).changed
    assert not fix_text(md("name: x\nruntime: python\n"), "markdown", CFG).changed


def test_other_yaml_blocks_are_not_project_files():
    doc = md("name: x\nruntime: python\n", ("index.ts", "typescript", 'import * as aws from "@pulumi/aws";\n'
                                                                    'new aws.s3.Bucket("b");\n'))
    assert fix_text(doc, "markdown", CFG).changed
    res = fix_text(doc.replace("Pulumi.yaml", "Pulumi.dev.yaml"), "markdown", CFG)
    assert not res.changed and not res.findings
