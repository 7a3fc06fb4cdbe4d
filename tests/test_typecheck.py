"""Type-checking against the real @pulumi/aws (tsc) and pulumi_aws (pyright)."""

from __future__ import annotations

import pytest

from iacfix.typecheck import typecheck_python, typecheck_typescript
from typecheck_fixtures import pyright_available, tsc_available  # noqa: F401  (fixtures)

pytestmark = pytest.mark.tsc

TS_OK = """\
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const cluster = new aws.ecs.Cluster("c", { tags: { Name: "c" } });
const task = new aws.ecs.TaskDefinition("t", {
    family: "f",
    cpu: "256",
    memory: "512",
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    containerDefinitions: pulumi.jsonStringify([{ name: "app", image: "nginx:1.27", essential: true }]),
});
const svc = new aws.ecs.Service("s", {
    cluster: cluster.arn,
    taskDefinition: task.arn,
    desiredCount: 2,
    deploymentMaximumPercent: 200,
    deploymentMinimumHealthyPercent: 100,
    deploymentCircuitBreaker: { enable: true, rollback: true },
    tags: { Name: "s" },
});
export const serviceName = svc.name;
"""

TS_BAD_CPU = """\
import * as aws from "@pulumi/aws";
const task = new aws.ecs.TaskDefinition("t", {family: "f", cpu: 256, containerDefinitions: "[]"});
"""

TS_BAD_NESTED = """\
import * as aws from "@pulumi/aws";

const svc = new aws.ecs.Service("s", {
    cluster: "c",
    deploymentConfiguration: { maximumPercent: 200 },
});
"""

# No import/export: must still be its own module (same top-level names as the others are fine).
TS_SCRIPT = """\
const task = 1;
const svc: string = "x";
"""


def test_typescript_clean_and_errors_on_the_right_file(tsc_available):
    res = typecheck_typescript({
        "ok.ts": TS_OK, "cpu.ts": TS_BAD_CPU, "nested.ts": TS_BAD_NESTED, "script.ts": TS_SCRIPT,
    })
    assert set(res) == {"ok.ts", "cpu.ts", "nested.ts", "script.ts"}
    assert res["ok.ts"] == []
    assert res["script.ts"] == []  # no clash with `task`/`svc` declared in the other files
    assert len(res["cpu.ts"]) == 1, res["cpu.ts"]
    assert res["cpu.ts"][0].startswith("2:"), res["cpu.ts"]
    assert "TS2322" in res["cpu.ts"][0] and "Input<string>" in res["cpu.ts"][0]
    assert len(res["nested.ts"]) == 1, res["nested.ts"]
    err = res["nested.ts"][0]
    assert err.startswith("5:") and "TS2353" in err and "maximumPercent" in err


def test_typescript_many_files_one_run(tsc_available):
    files = {f"p{i}.ts": (TS_BAD_CPU if i % 7 == 0 else TS_OK) for i in range(40)}
    res = typecheck_typescript(files)
    bad = {k for k, v in res.items() if v}
    assert bad == {f"p{i}.ts" for i in range(0, 40, 7)}


def test_typescript_unknown_property_and_missing_class(tsc_available):
    src = (
        'import * as aws from "@pulumi/aws";\n'
        'const q = new aws.sqs.Queue("q", { visibilityTimeout: 30 });\n'
        'const x = new aws.ecs.Nope("x", {});\n'
    )
    res = typecheck_typescript({"a": src})
    assert len(res["a"]) == 2, res["a"]
    assert res["a"][0].startswith("2:36 TS2353:") and "'visibilityTimeout'" in res["a"][0]
    assert res["a"][1].startswith("3:23 TS2339:") and "'Nope'" in res["a"][1]


PY_OK = """\
import pulumi
import pulumi_aws as aws

task = aws.ecs.TaskDefinition("t", family="f", cpu="256", memory="512",
                              container_definitions="[]")
svc = aws.ecs.Service("s", cluster="c", task_definition=task.arn,
                      deployment_maximum_percent=200,
                      deployment_circuit_breaker={"enable": True, "rollback": True},
                      tags={"Name": "s"})
pulumi.export("name", svc.name)
"""

PY_BAD = """\
import pulumi_aws as aws

task = aws.ecs.TaskDefinition("t", family="f", cpu=256, container_definitions="[]")
svc = aws.ecs.Service("s", deployment_configuration=aws.ecs.ServiceDeploymentConfigurationArgs(maximum_percent=200))
"""


def test_python_clean_and_errors_on_the_right_file(pyright_available):
    res = typecheck_python({"ok.py": PY_OK, "bad.py": PY_BAD})
    assert res["ok.py"] == []
    errs = res["bad.py"]
    assert len(errs) == 2, errs
    assert errs[0].startswith("3:") and "reportArgumentType" in errs[0] and '"cpu"' in errs[0]
    assert errs[1].startswith("4:") and "reportCallIssue" in errs[1] and "maximum_percent" in errs[1]


def test_syntax_errors_in_one_program_do_not_hide_type_errors_in_another(tsc_available):  # noqa: F811
    """tsc skips semantic checks for a whole run when one file has syntax errors."""
    res = typecheck_typescript({
        "broken.ts": 'import * as aws from "@pulumi/aws";\nconst x = {{{;\n',
        "typed.ts": 'import * as aws from "@pulumi/aws";\n'
                    'new aws.ecs.TaskDefinition("t", { family: "f", cpu: 256, containerDefinitions: "[]" });\n',
    })
    assert any(" TS1" in e for e in res["broken.ts"])
    assert any("TS2322" in e for e in res["typed.ts"]), res
