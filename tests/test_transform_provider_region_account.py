"""IAC306 provider-region-account beyond its golden pairs: programs that import only modules of
@pulumi/aws (`from pulumi_aws import lambda_`, `import { lambda } from "@pulumi/aws"`).

The corpus regression this guards (pulumi-py Pr3515): `aws.get_region_output()` was written into a
file that binds no `aws`, and the program that type-checked stopped type-checking."""

from __future__ import annotations

import pytest

from conftest import fix_checked
from iacfix.config import Config

CONFIG = Config(select=("IAC306",), unsafe_fixes=True)

MODULES_ONLY = {
    "python": 'from pulumi_aws import lambda_\n\nfn = lambda_.Function("fn", environment={"variables": {"REGION": "us-west-1"}})\n',
    "typescript": 'import { lambda } from "@pulumi/aws";\n\n'
    'const fn = new lambda.Function("fn", { environment: { variables: { REGION: "us-west-1" } } });\n',
}
AWS_IMPORT = {"python": "import pulumi_aws as aws\n", "typescript": 'import * as aws from "@pulumi/aws";\n'}
CALL = {"python": "current_region = aws.get_region_output()\n", "typescript": "const currentRegion = aws.getRegionOutput();\n"}


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_package_imported_when_only_modules_are(lang):
    res = fix_checked(MODULES_ONLY[lang], CONFIG, lang)
    out = res.output.decode()
    assert [a.rule for a in res.applied] == ["IAC306"]
    # the import comes after the program's own, the call after the import
    assert out.index(AWS_IMPORT[lang]) > out.index("lambda") > -1
    assert out.index(CALL[lang]) > out.index(AWS_IMPORT[lang])
    assert out.count(AWS_IMPORT[lang]) == 1


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_package_import_not_added_twice(lang):
    src = AWS_IMPORT[lang] + MODULES_ONLY[lang]
    out = fix_checked(src, CONFIG, lang).output.decode()
    assert out.count(AWS_IMPORT[lang]) == 1 and CALL[lang] in out


@pytest.mark.parametrize("lang,taken", [
    ("python", 'aws = "elsewhere"\n'),
    ("typescript", 'const aws = "elsewhere";\n'),
])
def test_name_aws_taken_is_reported_not_fixed(lang, taken):
    src = MODULES_ONLY[lang] + taken
    res = fix_checked(src, CONFIG, lang)
    assert res.status == "unchanged"
    assert [f.message for f in res.findings] == [
        "hard-coded region us-west-1: read it from the provider "
        "(the name `aws` is taken here: import @pulumi/aws to call getRegionOutput)"
    ]
