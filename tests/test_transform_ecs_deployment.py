"""IAC008 ecs-deployment-safety: keys added at the top level, nested shape moved, what is skipped."""

from __future__ import annotations

from conftest import fix_checked
from iacfix.config import Config

HEAD = 'import * as aws from "@pulumi/aws";\n'
ALL = ('deploymentCircuitBreaker: { enable: true, rollback: true }', 'deploymentMaximumPercent: 200',
       'deploymentMinimumHealthyPercent: 100', 'propagateTags: "SERVICE"')


def run(src: str, options: dict | None = None, language: str = "typescript"):
    return fix_checked(src, Config(select=("IAC008",), rule_options={"ecs-deployment-safety": options or {}}), language)


def svc(body: str) -> str:
    return HEAD + f'const s = new aws.ecs.Service("s", {{\n    cluster: "c",\n{body}}});\n'


def test_missing_keys_are_added_at_top_level_in_one_fix():
    res = run(svc(""))
    out = res.output.decode()
    for k in ALL:
        assert f"    {k},\n" in out
    assert "healthCheckGracePeriodSeconds" not in out and "enableExecuteCommand" not in out
    assert "deploymentConfiguration" not in out
    [a] = res.applied
    assert a.rule == "IAC008" and a.applicability == "safe" and a.title.startswith("Add deploymentCircuitBreaker")


def test_grace_period_only_with_load_balancers():
    out = run(svc('    loadBalancers: [{ targetGroupArn: "tg", containerName: "a", containerPort: 80 }],\n')).output.decode()
    assert "healthCheckGracePeriodSeconds: 60," in out
    out = run(svc("    loadBalancers: [],\n")).output.decode()
    assert "healthCheckGracePeriodSeconds" not in out


def test_options_exec_and_grace_period():
    out = run(svc('    loadBalancers: [{ targetGroupArn: "tg", containerName: "a", containerPort: 80 }],\n'),
              {"enable_execute_command": True, "grace_period": 120}).output.decode()
    assert "enableExecuteCommand: true," in out and "healthCheckGracePeriodSeconds: 120," in out


def test_user_values_are_never_changed():
    src = svc("    deploymentMinimumHealthyPercent: 50,\n    deploymentCircuitBreaker: { enable: true, rollback: false },\n"
              '    propagateTags: "TASK_DEFINITION",\n')
    res = run(src)
    out = res.output.decode()
    assert "deploymentMinimumHealthyPercent: 50," in out and "rollback: false" in out
    assert 'propagateTags: "TASK_DEFINITION"' in out and out.count("deploymentCircuitBreaker") == 1
    assert "deploymentMaximumPercent: 200," in out


def test_nested_cloudformation_shape_is_moved_to_top_level():
    src = svc("    deploymentConfiguration: {\n        maximumPercent: 150,\n        minimumHealthyPercent: 50,\n"
              "        deploymentCircuitBreaker: {\n            enable: true,\n            rollback: true,\n        },\n"
              "    },\n")
    res = run(src)
    out = res.output.decode()
    assert "deploymentConfiguration" not in out
    assert ("    deploymentMaximumPercent: 150,\n    deploymentMinimumHealthyPercent: 50,\n"
            "    deploymentCircuitBreaker: {\n        enable: true,\n        rollback: true,\n    },\n") in out
    assert 'propagateTags: "SERVICE"' in out and "deploymentMaximumPercent: 200" not in out
    assert any(a.title == "Move deployment settings to the top level" for a in res.applied)


def test_nested_shape_keeps_v7_keys_in_place():
    out = run(svc('    deploymentConfiguration: { strategy: "ROLLING", maximumPercent: 150 },\n')).output.decode()
    assert 'deploymentConfiguration: { strategy: "ROLLING" },' in out
    assert "deploymentMaximumPercent: 150," in out and "deploymentMaximumPercent: 200" not in out


def test_nested_value_when_top_level_already_set_is_dropped():
    out = run(svc("    deploymentMaximumPercent: 300,\n    deploymentConfiguration: { maximumPercent: 150 },\n")).output.decode()
    assert "deploymentMaximumPercent: 300," in out and "150" not in out and "deploymentConfiguration" not in out


def test_code_deploy_external_and_daemon_are_skipped():
    for body in ('    deploymentController: { type: "CODE_DEPLOY" },\n', '    deploymentController: { type: "EXTERNAL" },\n',
                 '    schedulingStrategy: "DAEMON",\n'):
        res = run(svc(body))
        assert res.status == "unchanged" and not res.findings, body
    # an explicit ECS controller is the default one
    assert run(svc('    deploymentController: { type: "ECS" },\n')).changed


def test_opaque_spread_is_left_alone_and_known_spread_is_read():
    assert run(HEAD + 'declare const props: any;\nnew aws.ecs.Service("s", { ...props });\n').status == "unchanged"
    src = HEAD + ('const common = { deploymentMaximumPercent: 100 };\n'
                  "new aws.ecs.Service('s', { ...common, cluster: 'c' });\n")
    out = run(src).output.decode()
    assert "deploymentMaximumPercent: 100 }" in out and out.count("deploymentMaximumPercent") == 1
    assert "propagateTags: 'SERVICE' });" in out


def test_already_safe_service_is_untouched():
    src = svc("".join(f"    {k},\n" for k in ALL))
    res = run(src)
    assert res.status == "unchanged" and not res.findings
