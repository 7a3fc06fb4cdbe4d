"""IAC006 cost-allocation-tags: one shared tags object, declared where its inputs are in scope."""

from __future__ import annotations

import pytest

from iacfix.config import Config
from iacfix.engine import fix_text
from iacfix.notes import NoteKind, of_kind

HEAD = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'


def run(src: str, language: str = "typescript", **cfg):
    config = Config(select=("IAC006",), **cfg)
    res = fix_text(src, language, config)
    assert res.status != "failed", res.error
    assert not of_kind(res.notes, NoteKind.CRASHED, NoteKind.NOT_CONVERGED, NoteKind.REFUSED), res.notes
    if res.changed:
        again = fix_text(res.output, language, config)
        assert again.status == "unchanged", "not idempotent"
        assert not again.findings
    return res, res.output.decode()


def test_const_declared_after_env_variable_and_referenced():
    src = HEAD + ('const env = "x";\nconst environmentSuffix = process.env.ENV || "dev";\n'
                  'const b = new aws.s3.Bucket("b", {});\nconst c = new aws.ecs.Cluster("c");\n')
    res, out = run(src)
    decl = out.index("const commonTags = {")
    assert out.index("const environmentSuffix") < decl < out.index("new aws.s3.Bucket")
    assert "Environment: environmentSuffix," in out and "Project: pulumi.getProject()," in out
    assert 'ManagedBy: "pulumi",' in out
    assert out.count("const commonTags") == 1
    assert 'new aws.s3.Bucket("b", { tags: commonTags })' in out
    assert 'new aws.ecs.Cluster("c", { tags: commonTags })' in out
    # Owner / CostCenter are never invented
    assert "Owner" not in out and "CostCenter" not in out


def test_finding_mentions_unconfigured_keys():
    res = fix_text(HEAD + 'new aws.s3.Bucket("b");\n', "typescript", Config(select=("IAC006",)), fix=False)
    [f] = res.findings
    # what the user must supply is the finding's help, said once per run, not in every message
    assert f.help == "Owner and CostCenter not configured: set them in [tool.iacfix.tags]"
    assert "not configured" not in f.message


def test_configured_values_win():
    res, out = run(HEAD + 'new aws.s3.Bucket("b");\n', tags={"Owner": "team-a", "CostCenter": "42", "Environment": "prod"})
    assert 'Environment: "prod",' in out and 'Owner: "team-a",' in out and 'CostCenter: "42",' in out


def test_literal_tags_get_spread_first_and_own_keys_win():
    src = HEAD + 'const stack = pulumi.getStack();\nnew aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16", tags: { Name: "v", Environment: "x" } });\n'
    res, out = run(src)
    assert 'tags: { ...commonTags, Name: "v", Environment: "x" }' in out
    assert "Environment: stack," in out


def test_non_taggable_selectors_and_computed_tags_untouched():
    src = HEAD + ('const t = pulumi.output({ a: "b" });\n'
                  'new aws.iam.RolePolicy("p", { role: "r", policy: "{}" });\n'
                  'new aws.inspector.ResourceGroup("g", { tags: { Team: "x" } });\n'
                  'new aws.s3.Bucket("b", { tags: t });\n')
    res, out = run(src)
    assert res.status == "unchanged" and not res.findings


def test_component_constructor_places_const_after_super_and_locals():
    src = HEAD + ('class S extends pulumi.ComponentResource {\n'
                  '  constructor(name: string, args: { environmentSuffix?: string }) {\n'
                  '    super("x:y:S", name, {}, {});\n'
                  '    const environmentSuffix = args.environmentSuffix || "dev";\n'
                  '    new aws.sqs.Queue(`q-${environmentSuffix}`, {}, { parent: this });\n'
                  '  }\n}\n')
    res, out = run(src)
    assert out.index("super(") < out.index("const environmentSuffix") < out.index("    const commonTags = {")
    assert "      Environment: environmentSuffix," in out  # indented inside the constructor
    assert "{ tags: commonTags }, { parent: this }" in out


def test_parameter_env_used_in_names_is_guarded_against_undefined():
    src = HEAD + ('export function make(args: { environmentSuffix?: string }) {\n'
                  '  return new aws.sqs.Queue(`q-${args.environmentSuffix}`, {});\n}\n')
    res, out = run(src)
    assert "Environment: args.environmentSuffix ?? pulumi.getStack()," in out
    assert out.index("export function make") < out.index("const commonTags")


def test_existing_shared_tags_reused_and_completed():
    src = HEAD + ('const defaultTags = { Environment: "dev", Team: "a" };\n'
                  'new aws.s3.Bucket("a", { tags: defaultTags });\n'
                  'new aws.s3.Bucket("b", { tags: { ...defaultTags, Name: "b" } });\n'
                  'new aws.sns.Topic("t");\n')
    res, out = run(src)
    assert "commonTags" not in out
    assert 'new aws.sns.Topic("t", { tags: defaultTags })' in out
    assert 'const defaultTags = { Environment: "dev", Team: "a", Project: pulumi.getProject(), ManagedBy: "pulumi" };' in out
    assert out.count("...defaultTags") == 1


def test_autoscaling_group_list_form():
    src = HEAD + 'new aws.autoscaling.Group("g", { maxSize: 1, minSize: 1 });\n'
    res, out = run(src)
    assert "tags: Object.entries(commonTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true }))" in out


def test_provider_default_tags_option():
    src = HEAD + ('const p = new aws.Provider("p", { region: "eu-west-1" });\n'
                  'new aws.s3.Bucket("b", {}, { provider: p });\n')
    res, out = run(src, rule_options={"cost-allocation-tags": {"use_provider_default_tags": True}})
    assert 'new aws.Provider("p", { region: "eu-west-1", defaultTags: { tags: commonTags } })' in out
    assert 'new aws.s3.Bucket("b", {}, { provider: p })' in out


def test_resource_before_env_declaration_is_not_broken():
    src = HEAD + ('const early = new aws.s3.Bucket("early");\n'
                  'const environmentSuffix = "dev";\n'
                  'const late = new aws.s3.Bucket(`late-${environmentSuffix}`);\n')
    res, out = run(src)
    # the const is declared after the imports (pulumi.getStack()) where it serves both
    assert out.index("const commonTags") < out.index("const early")
    assert 'new aws.s3.Bucket("early", { tags: commonTags })' in out


def test_python_program():
    src = ('import pulumi\nimport pulumi_aws as aws\n\nenvironment_suffix = "dev"\n'
           'bucket = aws.s3.Bucket("b", tags={"Name": "b"})\n')
    res, out = run(src, language="python")
    assert 'common_tags = {\n    "Environment": environment_suffix,' in out
    assert 'tags={**common_tags, "Name": "b"}' in out


def test_python_function_parameter_names_the_environment():
    """As in TypeScript: a parameter used in the resource's name is the Environment tag's value."""
    from conftest import fix_checked

    src = ('import pulumi\nimport pulumi_aws as aws\n\n\ndef queue(environment_suffix: str):\n'
           '    return aws.sqs.Queue(f"jobs-{environment_suffix}")\n')
    out = fix_checked(src, Config(select=("IAC006",)), "python").output.decode()
    assert '"Environment": environment_suffix or pulumi.get_stack(),' in out
    assert out.index("common_tags = {") > out.index("def queue(")  # declared where the parameter is visible


@pytest.mark.parametrize("language,src", [
    ("python", 'import pulumi\nimport pulumi_aws as aws\n\n\ndef api():\n    environment_suffix = "dev"\n'
               '    return aws.sqs.Queue(f"api-{environment_suffix}")\n\n\ndef queue(environment_suffix: str):\n'
               '    return aws.sqs.Queue(f"jobs-{environment_suffix}")\n'),
    ("typescript", 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n\nfunction api() {\n'
                   '    const environmentSuffix = "dev";\n    return new aws.sqs.Queue(`api-${environmentSuffix}`);\n}\n\n'
                   'function queue(environmentSuffix: string) {\n    return new aws.sqs.Queue(`jobs-${environmentSuffix}`);\n}\n'),
])
def test_each_function_tags_with_its_own_environment(language, src):
    """A local that is a function's first statement is inside that function (Python blocks start AT
    their first statement), and another function's same-named local does not hide a parameter."""
    from conftest import fix_checked

    out = fix_checked(src, Config(select=("IAC006",)), language).output.decode()
    api_part, queue_part = out.split("def queue" if language == "python" else "function queue")
    assert ("common_tags = {" if language == "python" else "const commonTags = {") in api_part.split("api")[1]
    assert "Environment" in api_part and "get_stack" not in api_part and "getStack" not in api_part
    assert ("environment_suffix or pulumi.get_stack()" if language == "python"
            else "environmentSuffix ?? pulumi.getStack()") in queue_part
