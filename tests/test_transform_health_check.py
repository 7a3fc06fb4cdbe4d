"""IAC004 health-check-timeout beyond its golden pairs."""

from __future__ import annotations

import pytest

from iacfix.config import Config
from iacfix.engine import fix_text

_SOURCES = {
    "typescript": (
        'import * as aws from "@pulumi/aws";\n'
        'const tg = new aws.lb.TargetGroup("tg", { port: 80, protocol: "HTTP", vpcId: "vpc-1", '
        'healthCheck: { path: "/", timeout: 3 } });\n',
        'healthCheck: { path: "/", timeout: 30, interval: 60 }',
    ),
    "python": (
        "import pulumi_aws as aws\n"
        'tg = aws.lb.TargetGroup("tg", port=80, protocol="HTTP", vpc_id="vpc-1", '
        'health_check={"path": "/", "timeout": 3})\n',
        'health_check={"path": "/", "timeout": 30, "interval": 60}',
    ),
}


@pytest.mark.parametrize("language", sorted(_SOURCES))
def test_a_minimum_past_the_default_interval_writes_an_interval(language):
    # No interval written means AWS's 30 s; a minimum timeout of 30 s needs a longer interval
    # (timeout < interval). It used to crash ("IAC004 crashed": no interval node to replace).
    src, expected = _SOURCES[language]
    res = fix_text(src, language, Config(select=["IAC004"], rule_options={"IAC004": {"min_timeout": 30}}))
    assert res.notes == [], res.notes
    assert expected in res.output.decode()
    again = fix_text(res.output, language, Config(select=["IAC004"], rule_options={"IAC004": {"min_timeout": 30}}))
    assert again.output == res.output
