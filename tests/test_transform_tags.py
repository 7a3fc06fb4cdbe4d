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
    """A resource tagged by the program's own literal changes only for configured keys; the
    module's value is spread first, so the resource's own keys still win."""
    src = HEAD + ('const stack = pulumi.getStack();\n'
                  'new aws.ec2.Vpc("v", { cidrBlock: "10.0.0.0/16", tags: { Name: "v", Environment: "x" } });\n'
                  'new aws.s3.Bucket("b", { tags: { Name: "b" } });\n')
    res, out = run(src)
    assert res.status == "unchanged"  # Environment/Project/ManagedBy alone do not rewrite its scheme
    res, out = run(src, tags={"Owner": "team-a"})
    assert 'tags: { ...commonTags, Name: "v", Environment: "x" }' in out
    assert 'tags: { ...commonTags, Name: "b" }' in out
    assert "Environment: stack," in out and 'Owner: "team-a",' in out


def test_a_single_user_gets_the_keys_in_place():
    """One resource needing the module's value: the keys are written where it needs them
    (one hunk), with the environment visible there."""
    src = HEAD + ('function make(environmentSuffix: string) {\n'
                  '  return new aws.sqs.Queue(`q-${environmentSuffix}`, {});\n}\n')
    res, out = run(src)
    assert "const commonTags" not in out
    assert ('new aws.sqs.Queue(`q-${environmentSuffix}`, { tags: { Environment: environmentSuffix ?? pulumi.getStack(), '
            'Project: pulumi.getProject(), ManagedBy: "pulumi" } })') in out


def test_non_taggable_selectors_and_computed_tags_untouched():
    src = HEAD + ('const config = new pulumi.Config();\n'
                  'const t = config.getObject<Record<string, string>>("tags") ?? {};\n'
                  'new aws.iam.RolePolicy("p", { role: "r", policy: "{}" });\n'
                  'new aws.inspector.ResourceGroup("g", { tags: { Team: "x" } });\n'
                  'new aws.s3.Bucket("b", { tags: t });\n')
    res, out = run(src)
    assert res.status == "unchanged" and not res.findings


@pytest.mark.parametrize("language", ["typescript", "python"])
def test_one_tags_value_per_module_never_per_function(language):
    """Resources in a component's constructor and in a function share ONE module-level value,
    declared after the imports (not inside either function)."""
    src = (HEAD + 'class S extends pulumi.ComponentResource {\n'
                  '  constructor(name: string, args: { environmentSuffix?: string }) {\n'
                  '    super("x:y:S", name, {}, {});\n'
                  '    const environmentSuffix = args.environmentSuffix || "dev";\n'
                  '    new aws.sqs.Queue(`q-${environmentSuffix}`, {}, { parent: this });\n'
                  '  }\n}\n'
                  'export function make(args: { environmentSuffix?: string }) {\n'
                  '  return new aws.sqs.Queue(`q-${args.environmentSuffix}`, {});\n}\n'
           if language == "typescript" else
           'import pulumi\nimport pulumi_aws as aws\n\n\nclass S(pulumi.ComponentResource):\n'
           '    def __init__(self, name, args):\n        super().__init__("x:y:S", name, None, None)\n'
           '        environment_suffix = args.environment_suffix or "dev"\n'
           '        aws.sqs.Queue(f"q-{environment_suffix}", opts=pulumi.ResourceOptions(parent=self))\n\n\n'
           'def make(environment_suffix: str):\n    return aws.sqs.Queue(f"jobs-{environment_suffix}")\n')
    res, out = run(src, language)
    name = "commonTags" if language == "typescript" else "common_tags"
    decl = f"const {name} = {{" if language == "typescript" else f"\n{name} = {{"
    assert out.count(decl) == 1 and out.index(decl) < out.index("class S")
    assert out.count(name) == 3  # declared once, used by both resources
    assert ("Environment: pulumi.getStack()," if language == "typescript" else '"Environment": pulumi.get_stack(),') in out


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
           'bucket = aws.s3.Bucket("b", tags={"Name": "b"})\nqueue = aws.sqs.Queue("q", tags={"Name": "q"})\n')
    res, out = run(src, language="python", tags={"Owner": "o"})
    assert 'common_tags = {\n    "Environment": environment_suffix,' in out
    assert 'tags={**common_tags, "Name": "b"}' in out and 'tags={**common_tags, "Name": "q"}' in out


def test_python_docstrings_stay_docstrings():
    """The module's value goes after the imports (and a module docstring), never above a
    function's docstring: every docstring is still one after fixing."""
    import ast

    from conftest import fix_checked

    src = ('"""The stack."""\nimport pulumi\nimport pulumi_aws as aws\n\n\nclass Stack(pulumi.ComponentResource):\n'
           '    """A component."""\n\n    def __init__(self, name):\n        """Build it."""\n'
           '        super().__init__("x:y:S", name, None, None)\n        self._queue()\n\n'
           '    def _queue(self):\n        """The queue."""\n        return aws.sqs.Queue("q")\n\n\n'
           'def bucket():\n    """A bucket."""\n    return aws.s3.Bucket("b")\n')
    out = fix_checked(src, Config(select=("IAC006",)), "python").output.decode()
    tree = ast.parse(out)
    docs = {n.name: ast.get_docstring(n) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert ast.get_docstring(tree) == "The stack."
    assert docs == {"Stack": "A component.", "__init__": "Build it.", "_queue": "The queue.", "bucket": "A bucket."}
    assert out.count("common_tags = {") == 1 and out.index("common_tags = {") < out.index("class Stack")


@pytest.mark.parametrize("language", ["typescript", "python"])
def test_tags_from_outside_are_completed_once_where_the_component_takes_them(language):
    """Issue 12: a component whose caller is not in the program (`const tags = args.tags`, read
    only as resources' tags) gets the keys under the caller's, once, as an Output (any Input form
    serves); the same const also spread into a literal is only reported."""
    if language == "typescript":
        head = HEAD + ('class S extends pulumi.ComponentResource {\n'
                       '  constructor(name: string, args: { tags?: pulumi.Input<Record<string, string>> }) {\n'
                       '    super("x:y:S", name, {}, {});\n    const tags = args.tags;\n'
                       '    new aws.s3.Bucket("b", { tags: tags }, { parent: this });\n'
                       '    new aws.sqs.Queue("q", { tags }, { parent: this });\n')
        spread = '    new aws.sns.Topic("t", { tags: { ...tags, Name: "t" } }, { parent: this });\n'
        tail = '  }\n}\n'
        want = ('const tags = pulumi.output(args.tags).apply(t => ({ Environment: pulumi.getStack(), '
                'Project: pulumi.getProject(), ManagedBy: "pulumi", ...t }));')
    else:
        head = ('import pulumi\nimport pulumi_aws as aws\n\n\nclass S(pulumi.ComponentResource):\n'
                '    def __init__(self, name, args):\n        super().__init__("x:y:S", name, None, None)\n'
                '        tags = args.tags\n        aws.s3.Bucket("b", tags=tags)\n        aws.sqs.Queue("q", tags=tags)\n')
        spread = '        aws.sns.Topic("t", tags={**tags, "Name": "t"})\n'
        tail = ''
        want = ('tags = pulumi.Output.from_input(args.tags).apply(lambda t: {"Environment": pulumi.get_stack(), '
                '"Project": pulumi.get_project(), "ManagedBy": "pulumi", **(t or {})})')
    res, out = run(head + tail, language)
    received = "const tags = args.tags;" if language == "typescript" else "tags = args.tags"
    assert [a.rule for a in res.applied] == ["IAC006"]
    assert out == (head + tail).replace(received, want)  # one hunk: every resource keeps `tags`
    res, out = run(head + spread + tail, language)
    assert "come from the caller of S" in " ".join(f.message for f in res.findings)
    assert "apply(" not in out


def test_python_keeps_the_files_own_quotes():
    """Issue 12: Python keeps the file's own style: a file written with single quotes gets its tags
    value in single quotes."""
    src = "import pulumi\nimport pulumi_aws as aws\n\nenv = 'dev'\nbucket = aws.s3.Bucket('b')\nqueue = aws.sqs.Queue('q')\n"
    res, out = run(src, "python")
    assert "common_tags = {\n    'Environment': env,\n    'Project': pulumi.get_project(),\n    'ManagedBy': 'pulumi',\n}\n" in out
    assert "aws.s3.Bucket('b', tags=common_tags)" in out and '"' not in out
