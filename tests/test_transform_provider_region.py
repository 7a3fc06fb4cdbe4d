"""IAC306 provider-region-account: a region the program chose on purpose is reported, not rewritten."""

from __future__ import annotations

from conftest import fix_checked

from iacfix.config import Config
from iacfix.engine import fix_text

CFG = Config(select=("IAC306",), unsafe_fixes=True)
HEAD = 'import * as aws from "@pulumi/aws";\n'
PY_HEAD = "import pulumi\nimport pulumi_aws as aws\n"
ARN = '"arn:aws:sns:us-east-1:123456789012:alerts"'


def messages(src: str, language: str = "typescript") -> list[str]:
    return [f.message for f in fix_text(src, language, CFG).findings]


def test_default_provider_resources_read_region_and_account_from_the_provider():
    out = fix_checked(HEAD + f'new aws.cloudwatch.MetricAlarm("a", {{ alarmActions: [{ARN}] }});\n', CFG)
    text = out.output.decode()
    assert "${currentRegion.region}:${callerIdentity.accountId}:alerts" in text


def test_a_program_with_its_own_providers_keeps_its_regions():
    src = HEAD + (
        'const west = new aws.Provider("west", { region: "us-west-2" });\n'
        'new aws.lambda.Function("f", { role: "r", environment: { variables: { REGION: "us-west-2" } } },'
        " { provider: west });\n"
        'new aws.lambda.Function("g", { role: "r", environment: { variables: { AWS_REGION_NAME: "us-east-1" } } });\n'
    )
    res = fix_checked(src, CFG)
    assert not res.changed
    msgs = messages(src)
    assert len(msgs) == 2 and all("another region" in m for m in msgs)


def test_a_key_naming_another_region_is_reported():
    src = HEAD + 'new aws.ec2.VpcPeeringConnection("p", { vpcId: "v", peerVpcId: "w", peerRegion: "eu-west-1" });\n'
    assert not fix_checked(src, CFG).changed
    assert any("another region" in m for m in messages(src))
    py = PY_HEAD + 'aws.ec2.VpcPeeringConnection("p", vpc_id="v", peer_vpc_id="w", peer_region="eu-west-1")\n'
    assert not fix_checked(py, CFG, "python").changed
    assert any("another region" in m for m in messages(py, "python"))


def test_an_arn_of_a_resource_on_another_provider_is_reported():
    src = HEAD + (
        f'declare const p: aws.Provider;\nnew aws.cloudwatch.MetricAlarm("a", {{ alarmActions: [{ARN}] }}, {{ provider: p }});\n'
    )
    assert not fix_checked(src, CFG).changed
    assert any("its own providers" in m for m in messages(src))
    py = PY_HEAD + (
        "p = aws.Provider('p', region='us-east-1')\n"
        f"aws.cloudwatch.MetricAlarm('a', alarm_actions=[{ARN}], opts=pulumi.ResourceOptions(provider=p))\n"
    )
    assert not fix_checked(py, CFG, "python").changed
    assert any("its own providers" in m for m in messages(py, "python"))
