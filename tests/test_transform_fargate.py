"""IAC001 fargate-task-size: which tasks are Fargate, the size table, forms kept, what is only reported."""

from __future__ import annotations

import pytest

from conftest import fix_checked
from iacfix.config import Config
from iacfix.fargate import FARGATE_SIZES, nearest_valid, valid

HEAD = 'import * as pulumi from "@pulumi/pulumi";\nimport * as aws from "@pulumi/aws";\n'


def run(src: str, unsafe: bool = True, language: str = "typescript"):
    return fix_checked(src, Config(select=("IAC001",), unsafe_fixes=unsafe), language)


def td(cpu: str, memory: str, extra: str = 'requiresCompatibilities: ["FARGATE"], ') -> str:
    return HEAD + (f'const td = new aws.ecs.TaskDefinition("t", {{ family: "f", {extra}cpu: {cpu}, memory: {memory}, '
                   'containerDefinitions: "[]" });\n')


@pytest.mark.parametrize("cpu,memory,want", [
    (256, 1024, (256, 1024)),  # valid (the seed is wrong to call it invalid)
    (256, 4096, (512, 4096)),  # keep the memory, raise the cpu
    (512, 512, (512, 1024)),  # no larger cpu takes 512 MiB: raise the memory
    (1024, 1024, (1024, 2048)),
    (1024, 16384, (2048, 16384)),
    (4096, 32768, (8192, 32768)),
    (256, 5000, (1024, 5120)),  # memory not in any row: smallest size above both
    (300, 1024, (512, 1024)),  # cpu not a size
    (16384, 131072, None),  # beyond the table
])
def test_nearest_valid(cpu, memory, want):
    got = (cpu, memory) if valid(cpu, memory) else nearest_valid(cpu, memory)
    assert got == want
    if got:
        assert got[0] >= cpu and got[1] >= memory


def test_table_matches_aws():
    assert FARGATE_SIZES[256] == (512, 1024, 2048)
    assert FARGATE_SIZES[512] == (1024, 2048, 3072, 4096)
    assert FARGATE_SIZES[4096][-1] == 30720 and FARGATE_SIZES[8192][1] == 20480
    assert FARGATE_SIZES[16384][:2] == (32768, 40960) and FARGATE_SIZES[16384][-1] == 122880


def test_invalid_pair_raises_cpu_keeping_string_form():
    res = run(td('"256"', '"4096"'))
    out = res.output.decode()
    assert 'cpu: "512", memory: "4096"' in out
    [a] = res.applied
    assert a.rule == "IAC001" and a.title == "Raise cpu to 512" and a.applicability == "unsafe"


def test_unsafe_fix_needs_unsafe_flag():
    res = run(td('"256"', '"4096"'), unsafe=False)
    assert res.status == "unchanged"
    [f] = res.findings
    assert "cpu 256 / memory 4096 MiB is not a Fargate task size" in f.message
    assert "cpu 512 / memory 4096" in f.message and f.fixable


def test_seed_pair_256_1024_is_valid():
    res = run(td('"256"', '"1024"'))
    assert res.status == "unchanged" and not res.findings


def test_memory_raised_when_no_larger_cpu_supports_it():
    assert 'cpu: "512", memory: "1024"' in run(td('"512"', '"512"')).output.decode()


def test_vcpu_and_gb_forms_are_kept():
    out = run(td('"1 vCPU"', '"1 GB"')).output.decode()
    assert 'cpu: "1 vCPU", memory: "2 GB"' in out
    out = run(td('"0.25 vcpu"', '"4GB"')).output.decode()
    assert 'cpu: "0.5 vcpu", memory: "4GB"' in out


def test_numbers_stay_numbers_and_quotes_stay():
    assert "cpu: 512, memory: 4096" in run(td("256", "4096")).output.decode()
    assert "cpu: '512', memory: '4096'" in run(td("'256'", "'4096'")).output.decode()


def test_const_is_edited_where_declared():
    src = HEAD + ('const size = "256";\nnew aws.ecs.TaskDefinition("t", { family: "f", requiresCompatibilities: '
                  '["FARGATE"], cpu: size, memory: "3072", containerDefinitions: "[]" });\n')
    out = run(src).output.decode()
    assert 'const size = "512";' in out and "cpu: size" in out


def test_shared_const_is_reported_not_changed():
    src = HEAD + ('const size = "256";\n'
                  'new aws.ecs.TaskDefinition("a", { family: "a", requiresCompatibilities: ["FARGATE"], cpu: size, memory: "3072", containerDefinitions: "[]" });\n'
                  'new aws.ecs.TaskDefinition("b", { family: "b", requiresCompatibilities: ["FARGATE"], cpu: size, memory: "512", containerDefinitions: "[]" });\n')
    res = run(src)
    assert res.status == "unchanged"
    [f] = res.findings
    assert "held in `size`, which is used elsewhere" in f.message and not f.fixable


def test_config_fallback_is_reported_not_fixed():
    res = run(td('config.get("cpu") || "256"', '"4096"'))
    assert res.status == "unchanged"
    [f] = res.findings
    assert "configuration with a fallback" in f.message and not f.fixable


def test_unreadable_value_is_reported():
    res = run(td('config.require("cpu")', '"4096"'))
    assert res.status == "unchanged"
    [f] = res.findings
    assert "cannot be checked: cpu" in f.message and not f.fixable


def test_not_fargate_is_left_alone():
    res = run(td('"256"', '"4096"', extra='requiresCompatibilities: ["EC2"], '))
    assert res.status == "unchanged" and not res.findings
    res = run(td('"256"', '"4096"', extra=""))
    assert res.status == "unchanged" and not res.findings


def test_fargate_through_service_launch_type():
    src = td('"256"', '"4096"', extra="") + 'new aws.ecs.Service("s", { taskDefinition: td.arn, launchType: "FARGATE" });\n'
    assert 'cpu: "512"' in run(src).output.decode()
    src = td('"256"', '"4096"', extra="") + (
        'new aws.ecs.Service("s", { taskDefinition: td.arn, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] });\n')
    assert 'cpu: "512"' in run(src).output.decode()


def test_containers_larger_than_the_task_are_reported():
    src = HEAD + ('new aws.ecs.TaskDefinition("t", { family: "f", requiresCompatibilities: ["FARGATE"], cpu: "256", '
                  'memory: "512", containerDefinitions: JSON.stringify([{ name: "a", cpu: 256, memory: 512 }, '
                  '{ name: "b", cpu: 128, memoryReservation: 256 }]) });\n')
    res = run(src)
    assert res.status == "unchanged"
    msgs = sorted(f.message for f in res.findings)
    assert len(msgs) == 2
    assert msgs[0].startswith("containers ask for cpu 384 in total, more than the task's 256")
    assert msgs[1].startswith("containers ask for memory 768 MiB in total, more than the task's 512 MiB")
    assert not any(f.fixable for f in res.findings)


def test_containers_in_a_json_string_and_pulumi_json_stringify():
    src = HEAD + ('new aws.ecs.TaskDefinition("t", { family: "f", requiresCompatibilities: ["FARGATE"], cpu: "256", '
                  "memory: \"512\", containerDefinitions: '[{\"name\": \"a\", \"memory\": 1024}]' });\n")
    [f] = run(src).findings
    assert "memory 1024 MiB in total" in f.message
    src = HEAD + ('new aws.ecs.TaskDefinition("t", { family: "f", requiresCompatibilities: ["FARGATE"], cpu: "256", '
                  'memory: "512", containerDefinitions: pulumi.jsonStringify([{ name: "a", cpu: 1024 }]) });\n')
    [f] = run(src).findings
    assert "cpu 1024 in total" in f.message


def test_component_resource_and_alias():
    src = ('import * as pulumi from "@pulumi/pulumi";\nimport * as a from "@pulumi/aws";\n'
           'class C extends pulumi.ComponentResource {\n  public readonly t: a.ecs.TaskDefinition;\n'
           '  constructor(n: string) {\n    super("x:y:C", n, {});\n'
           '    this.t = new a.ecs.TaskDefinition(n, { family: n, requiresCompatibilities: ["FARGATE"], '
           'cpu: "512", memory: "8192", containerDefinitions: "[]" }, { parent: this });\n  }\n}\n')
    assert 'cpu: "1024", memory: "8192"' in run(src).output.decode()
