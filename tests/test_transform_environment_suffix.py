"""IAC302 environment-suffix: where the suffix comes from, and what is left alone."""

from __future__ import annotations

import pytest

from conftest import fix_checked
from iacfix.config import from_table
from iacfix.engine import active_transforms
from iacfix.errors import ConfigError

TS = 'import * as aws from "@pulumi/aws";\nnew aws.sqs.Queue("q", { name: "jobs" });\n'
PY = 'import pulumi_aws as aws\naws.sqs.Queue("q", name="jobs")\n'


def cfg(**opts):
    return from_table({"select": ["IAC302"], "unsafe-fixes": True, "rules": {"environment-suffix": opts}})


@pytest.mark.parametrize("opts,ts_decl,py_decl", [
    ({}, "const environmentSuffix = process.env.ENVIRONMENT_SUFFIX ?? pulumi.getStack();",
     'environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX") or pulumi.get_stack()'),
    ({"source": "config"}, 'const environmentSuffix = new pulumi.Config().get("environmentSuffix") ?? pulumi.getStack();',
     'environment_suffix = pulumi.Config().get("environmentSuffix") or pulumi.get_stack()'),
    ({"source": "stack", "variable": "envSuffix"}, "const envSuffix = pulumi.getStack();",
     "env_suffix = pulumi.get_stack()"),
    ({"env_var": "PR_ID"}, "const environmentSuffix = process.env.PR_ID ?? pulumi.getStack();",
     'environment_suffix = os.environ.get("PR_ID") or pulumi.get_stack()'),
])
def test_declared_from_the_configured_source(opts, ts_decl, py_decl):
    ts = fix_checked(TS, cfg(**opts)).output.decode()
    assert ts_decl in ts and "import * as pulumi" in ts and "name: `jobs-${" in ts
    py = fix_checked(PY, cfg(**opts), "python").output.decode()
    assert py_decl in py and "import pulumi\n" in py and 'name=f"jobs-{' in py
    if opts.get("source", "env") == "env":
        assert py.startswith("import os\n")


def test_an_existing_variable_is_used_and_unique_names_are_left_alone():
    src = ('import * as aws from "@pulumi/aws";\nimport * as pulumi from "@pulumi/pulumi";\n'
           'const envSuffix = process.env.ENVIRONMENT_SUFFIX || "dev";\nconst stack = pulumi.getStack();\n'
           'new aws.sqs.Queue("q", { name: "jobs" });\n'
           'new aws.sns.Topic("t", { name: `alerts-${stack}` });\n'  # already unique per stack
           'new aws.iam.RolePolicy("p", { role: "r", name: "inline", policy: "{}" });\n')  # scoped to its role
    out = fix_checked(src, cfg(variable="envSuffix")).output.decode()
    assert "name: `jobs-${envSuffix}`" in out and "`alerts-${stack}`" in out and 'name: "inline"' in out


def test_bad_options_are_config_errors():
    for bad in ({"variable": "env-suffix"}, {"env_var": "A B"}, {"source": "file"}):
        with pytest.raises(ConfigError):
            active_transforms(cfg(**bad))


def test_logical_names_only_when_asked_and_never_a_providers():
    src = ('import * as aws from "@pulumi/aws";\nconst environmentSuffix = "dev";\n'
           'const p = new aws.Provider("west", { region: "us-west-2" });\n'
           'new aws.sqs.Queue(`a-${environmentSuffix}`, {});\nnew aws.sqs.Queue(`b-${environmentSuffix}`, {});\n'
           'new aws.sqs.Queue(`d-${environmentSuffix}`, {});\n'
           'new aws.sqs.Queue("c", {}, { provider: p });\n')
    assert not fix_checked(src, cfg()).changed  # default: logical names are the stack's own
    out = fix_checked(src, cfg(logical_names=True)).output.decode()
    assert 'new aws.sqs.Queue(`c-${environmentSuffix}`' in out and 'new aws.Provider("west"' in out


def test_declarations_and_imports_go_after_the_docstring_and_the_opening_imports():
    # A docstring stays the module's docstring; an import further down does not move the
    # declaration below code that already uses it (both through EditKit.declare_at_top).
    py = '"""Stack."""\nimport pulumi_aws as aws\naws.sqs.Queue("q", name="jobs")\nimport json\n'
    out = fix_checked(py, cfg(), "python").output.decode()
    assert out.startswith('"""Stack."""\nimport os\nimport pulumi_aws as aws\n'), out
    assert out.index("environment_suffix = ") < out.index('aws.sqs.Queue("q"'), out
    ts = 'import * as aws from "@pulumi/aws";\nnew aws.sqs.Queue("q", { name: "jobs" });\nimport * as fs from "fs";\n'
    out = fix_checked(ts, cfg()).output.decode()
    assert out.index("const environmentSuffix") < out.index('new aws.sqs.Queue("q"'), out
