"""IAC107 get-region-name."""

from __future__ import annotations

from iacfix.config import Config
from iacfix.engine import fix_text

CFG = Config(select=("IAC107",), unsafe_fixes=True)
HEAD = 'import * as aws from "@pulumi/aws";\n'


def fix(src, lang="typescript"):
    r = fix_text(src, lang, CFG)
    assert not fix_text(r.output, lang, CFG).changed
    return r.output.decode()


def test_forms():
    src = HEAD + ('const r = aws.getRegionOutput();\nexport const a = r.name;\n'
                  'export const b = aws.getRegion().then(x => x.name);\n'
                  'export async function f() { return (await aws.getRegion()).name; }\n')
    got = fix(src)
    assert "a = r.region;" in got and "x => x.region" in got and "(await aws.getRegion()).region" in got


def test_other_names_untouched():
    src = HEAD + ('const o = { name: "x" };\nexport const a = o.name;\n'
                  'function g(x: any) { return x; }\nexport const b = g(aws.getRegion()).name;\n')
    assert fix(src) == src


def test_python():
    src = "import pulumi_aws as aws\nr = aws.get_region()\nx = r.name\ny = aws.get_region_output().name\n"
    got = fix(src, "python")
    assert "x = r.region" in got and "get_region_output().region" in got


def test_name_argument():
    src = HEAD + ('export const p = aws.getRegion({ name: "us-east-1" });\n'
                  'export const q = aws.getRegion({ name: "x", region: "y" });\n')
    got = fix(src)
    assert 'aws.getRegion({ region: "us-east-1" })' in got
    assert 'aws.getRegion({ name: "x", region: "y" })' in got  # both given: not ours to choose
