"""IAC307 unused-imports: what counts as a use, what is never removed, and running after the others."""

from __future__ import annotations

import pytest

from conftest import fix_checked
from iacfix.config import Config

CFG = Config(select=("IAC307",))


def test_an_import_another_fix_starts_using_is_kept():
    # IAC101 wraps the Output in pulumi.jsonStringify: a use of the `pulumi` import that IAC307
    # would otherwise drop in the same pass.
    src = ('import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'
           'const b = new aws.s3.Bucket("b");\n'
           'new aws.s3.BucketPolicy("p", { bucket: b.id, policy: JSON.stringify({ Resource: b.arn }) });\n')
    out = fix_checked(src, Config(select=("IAC101", "IAC307"), unsafe_fixes=True)).output.decode()
    assert out.startswith('import * as pulumi from "@pulumi/pulumi";') and "pulumi.jsonStringify" in out


def _passes_and_output(src: str, rules: tuple[str, ...]) -> tuple[int, str]:
    from iacfix.applier import fix_code
    from iacfix.engine import active_transforms

    active = active_transforms(Config(select=rules, unsafe_fixes=True))
    res = fix_code(src.encode(), "typescript", active, unsafe=True)
    return res.passes, res.output.decode()


_LOGS = 'const logs = new aws.cloudwatch.LogGroup("logs", {});\n'


@pytest.mark.parametrize(("between", "passes"), [
    # Away from the other fixes: the import goes in the same pass as they do (then one pass that
    # finds nothing left), and the bytes are those of a pass of its own.
    ("const a = 1;\nconst b = 2;\nconst c = 3;\n", 2),
    # An edit on the line right after what it removes: that pass's edits change the lines it
    # reads (the blank-line rhythm), so it waits for a pass of its own, as before.
    ("", 3),
])
def test_an_unused_import_goes_with_the_other_fixes_unless_they_come_near(between, passes):
    src = ('import * as aws from "@pulumi/aws";\nimport * as random from "@pulumi/random";\n'
           + between + _LOGS)
    got = _passes_and_output(src, ("IAC005", "IAC307"))
    one_by_one = _passes_and_output(_passes_and_output(src, ("IAC005",))[1], ("IAC307",))[1]
    assert got == (passes, one_by_one)
    assert "random" not in got[1] and "retentionInDays" in got[1]


@pytest.mark.parametrize("src", [
    'import "./side-effect";\nexport {};\n',
    "from __future__ import annotations\n",
    "try:\n    import boto3\nexcept ImportError:\n    boto3 = None\n",
    "from x import *\n",
    "import os\nos.\n",  # a syntax error: a use may hide in it
])
def test_left_alone(src):
    lang = "typescript" if src.startswith("import \"") else "python"
    assert fix_checked(src, CFG, lang).output.decode() == src


def test_unused_only_in_a_package_init_is_a_reexport():
    from iacfix.engine import fix_text

    res = fix_text("from .tap_stack import TapStack\n", "python", CFG, path="lib/__init__.py")
    assert not res.changed and not res.findings
