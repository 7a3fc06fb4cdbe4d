"""IAC007 redundant-listener-rule: what counts as redundant, what goes with it, what is only reported."""

from __future__ import annotations

from conftest import fix_checked
from iacfix.config import Config

HEAD = '''import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
const tg = new aws.lb.TargetGroup("tg", { port: 80, protocol: "HTTP" });
const other = new aws.lb.TargetGroup("other", { port: 81, protocol: "HTTP" });
const listener = new aws.lb.Listener("l", {
    loadBalancerArn: "arn",
    defaultActions: [{ type: "forward", targetGroupArn: tg.arn }],
});
'''


def rule(actions='[{ type: "forward", targetGroupArn: tg.arn }]', values='["/*"]', priority="100", var="rule",
         listener="listener", conditions=None):
    conds = conditions or f"[{{ pathPattern: {{ values: {values} }} }}]"
    return (f'// the rule\nconst {var} = new aws.lb.ListenerRule("{var}", {{\n    listenerArn: {listener}.arn,\n'
            f'    priority: {priority},\n    actions: {actions},\n    conditions: {conds},\n}});\n')


def run(src: str, language: str = "typescript"):
    return fix_checked(src, Config(select=("IAC007",)), language)


def test_catch_all_rule_with_default_action_is_removed_with_its_comment():
    res = run(HEAD + rule())
    assert res.output.decode() == HEAD
    [a] = res.applied
    assert a.rule == "IAC007" and a.title == "Remove the redundant listener rule" and a.applicability == "safe"


def test_star_pattern_alb_module_and_reformatted_actions():
    src = HEAD + rule(actions="[\n        {\n            targetGroupArn: tg.arn,\n            type: 'forward'\n        }\n    ]",
                      values="['*']").replace("aws.lb.ListenerRule", "aws.alb.ListenerRule")
    assert run(src).output.decode() == HEAD


def test_different_actions_are_kept():
    src = HEAD + rule(actions='[{ type: "forward", targetGroupArn: other.arn }]')
    res = run(src)
    assert res.status == "unchanged" and not res.findings


def test_specific_path_or_extra_condition_is_kept():
    assert run(HEAD + rule(values='["/api/*"]')).status == "unchanged"
    conds = '[{ pathPattern: { values: ["/*"] } }, { hostHeader: { values: ["a.example.com"] } }]'
    assert run(HEAD + rule(conditions=conds)).status == "unchanged"
    conds = '[{ pathPattern: { values: ["/*"] }, hostHeader: { values: ["a.example.com"] } }]'
    assert run(HEAD + rule(conditions=conds)).status == "unchanged"


def test_depends_on_element_and_export_are_removed():
    src = HEAD + rule() + (
        'const svc = new aws.ecs.Service("s", {}, { dependsOn: [listener, rule] });\n'
        'const svc2 = new aws.ecs.Service("s2", {}, { dependsOn: [rule] });\n'
        'const svc3 = new aws.ecs.Service("s3", {}, { parent: undefined, dependsOn: rule });\n'
        'export const ruleArn = rule.arn;\nexport const lbArn = listener.arn;\n')
    out = run(src).output.decode()
    assert "rule" not in out.replace("// the rule", "")
    assert "{ dependsOn: [listener] }" in out
    assert 'new aws.ecs.Service("s2", {}, {});' in out
    assert 'new aws.ecs.Service("s3", {}, { parent: undefined });' in out
    assert "export const lbArn = listener.arn;" in out


def test_other_use_of_the_variable_is_reported_not_fixed():
    src = HEAD + rule() + "export const info = pulumi.all([rule.arn, listener.arn]);\n"
    res = run(src)
    assert res.status == "unchanged"
    [f] = res.findings
    assert "its variable is still used" in f.message and not f.fixable


def test_later_rule_on_the_same_listener_blocks_removal():
    src = HEAD + rule() + rule(var="api", priority="200", values='["/api/*"]',
                               actions='[{ type: "forward", targetGroupArn: other.arn }]')
    res = run(src)
    assert res.status == "unchanged"
    [f] = res.findings
    assert "would let `api`" in f.message and not f.fixable
    # an earlier rule does not care
    src = HEAD + rule() + rule(var="api", priority="10", values='["/api/*"]',
                               actions='[{ type: "forward", targetGroupArn: other.arn }]')
    res = run(src)
    assert res.changed and "const rule" not in res.output.decode()


def test_unknown_listener_is_left_alone():
    src = HEAD + rule(listener="someListener")
    assert run(src).status == "unchanged"


def test_component_resource_field_and_outputs_go_too():
    src = '''import * as pulumi from "@pulumi/pulumi";
import { lb } from "@pulumi/aws";
class Edge extends pulumi.ComponentResource {
    public readonly listener: lb.Listener;
    public readonly rule: lb.ListenerRule;
    constructor(name: string, tg: pulumi.Input<string>) {
        super("x:y:Edge", name, {});
        this.listener = new lb.Listener(name, { loadBalancerArn: "a", defaultActions: [{ type: "forward", targetGroupArn: tg }] }, { parent: this });
        this.rule = new lb.ListenerRule(name, {
            listenerArn: this.listener.arn,
            priority: 1,
            actions: [{ type: "forward", targetGroupArn: tg }],
            conditions: [{ pathPattern: { values: ["/*"] } }],
        }, { parent: this });
        this.registerOutputs({ listener: this.listener.arn, rule: this.rule.arn });
    }
}
'''
    out = run(src).output.decode()
    assert "rule" not in out.replace("ListenerRule", "")
    assert "public readonly listener: lb.Listener;" in out
    assert "this.registerOutputs({ listener: this.listener.arn });" in out
