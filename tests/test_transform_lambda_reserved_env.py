"""IAC106 lambda-reserved-env."""

from __future__ import annotations

from iacfix.config import Config
from iacfix.engine import fix_text

CFG = Config(select=("IAC106",), unsafe_fixes=True)
HEAD = 'import * as aws from "@pulumi/aws";\n'


def fix(src, lang="typescript"):
    r = fix_text(src, lang, CFG)
    assert not fix_text(r.output, lang, CFG).changed
    return r.output.decode(), r.findings


def test_inline_keeps_other_keys():
    src = HEAD + 'new aws.lambda.Function("f", { role: "r", environment: { variables: { A: "1", AWS_REGION: "us-east-1", B: "2" } } });\n'
    got, _ = fix(src)
    assert 'variables: { A: "1", B: "2" }' in got


def test_only_key_leaves_empty_object():
    src = HEAD + 'new aws.lambda.Function("f", { role: "r", environment: { variables: { _HANDLER: "x" } } });\n'
    got, _ = fix(src)
    assert "variables: {} }" in got


def test_shared_const_reported_only():
    src = HEAD + ('const env = { AWS_REGION: "us-east-1" };\n'
                  'new aws.lambda.Function("f", { role: "r", environment: { variables: env } });\n'
                  'console.log(env);\n')
    got, findings = fix(src)
    assert got == src and len(findings) == 1 and findings[0].fix_title is None


def test_not_a_lambda():
    src = HEAD + 'new aws.ecs.TaskDefinition("t", { family: "t", containerDefinitions: "[]", tags: { AWS_REGION: "x" } });\n'
    got, findings = fix(src)
    assert got == src and not findings
