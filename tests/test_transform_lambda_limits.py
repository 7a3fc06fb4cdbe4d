"""IAC308 lambda-reserved-concurrency and IAC309 lambda-runtime: options and edge cases."""

from __future__ import annotations

import pytest

from conftest import fix_checked
from iacfix.config import Config, from_table
from iacfix.errors import ConfigError
from iacfix.engine import active_transforms, fix_text

HEAD = 'import * as aws from "@pulumi/aws";\n'


def fn(extra: str) -> str:
    return HEAD + f'new aws.lambda.Function("f", {{ role: "r", handler: "index.handler", {extra} }});\n'


def cfg(rule: str, **opts) -> Config:
    return from_table({"select": [rule], "unsafe-fixes": True, "rules": {rule: opts} if opts else {}})


def test_concurrency_remove_option():
    out = fix_checked(fn("reservedConcurrentExecutions: 200"), cfg("IAC308", remove=True)).output.decode()
    assert "reservedConcurrentExecutions" not in out


def test_concurrency_limit_option_and_what_is_left_alone():
    src = fn("reservedConcurrentExecutions: 40") + fn("reservedConcurrentExecutions: -1")[len(HEAD):]
    out = fix_checked(src, cfg("IAC308", limit=50)).output.decode()
    assert out == src
    out = fix_checked(src, cfg("IAC308", limit=25)).output.decode()
    assert "reservedConcurrentExecutions: 25" in out and "reservedConcurrentExecutions: -1" in out


def test_concurrency_from_configuration_is_left_alone():
    src = HEAD + 'const c = new (require("@pulumi/pulumi").Config)();\n' + fn('reservedConcurrentExecutions: c.requireNumber("n")')[len(HEAD):]
    assert fix_checked(src, cfg("IAC308")).output.decode() == src


def test_concurrency_is_unsafe():
    res = fix_text(fn("reservedConcurrentExecutions: 100"), "typescript", Config(select=("IAC308",)))
    assert not res.changed and res.findings and res.findings[0].applicability == "unsafe"


def test_concurrency_limit_must_be_positive():
    with pytest.raises(ConfigError, match="limit must be at least 1"):
        active_transforms(cfg("IAC308", limit=0))


@pytest.mark.parametrize("choose,want", [("newest", '"nodejs24.x"'), ("oldest", '"nodejs18.x"')])
def test_runtime_choose(choose, want):
    out = fix_checked(fn('runtime: "nodejs14.x"'), cfg("IAC309", choose=choose)).output.decode()
    assert f"runtime: {want}" in out


def test_runtime_shared_const_and_supported_ones_are_left_alone():
    src = HEAD + 'const rt = "python3.8";\n' + fn("runtime: rt")[len(HEAD):] + fn("runtime: rt")[len(HEAD):] + \
        fn('runtime: "python3.12"')[len(HEAD):]
    res = fix_checked(src, cfg("IAC309"))
    assert res.output.decode() == src and not res.findings


def test_runtime_dotnetcore_is_dotnet():
    out = fix_checked(fn("runtime: aws.lambda.Runtime.DotnetCore3d1"), cfg("IAC309", choose="oldest")).output.decode()
    assert "runtime: aws.lambda.Runtime.Dotnet6" in out


def test_runtime_python_enum_member():
    src = ("import pulumi_aws as aws\n"
           'aws.lambda_.Function("f", role="r", runtime=aws.lambda_.Runtime.PYTHON3D8, handler="h")\n')
    out = fix_checked(src, cfg("IAC309", choose="oldest"), "python").output.decode()
    assert "runtime=aws.lambda_.Runtime.PYTHON3D9," in out
