"""The corpus benchmark counts an error as an API-shape error by its message, not by its code or
rule alone (benchmarks/apishape_errors.py): messages in the type checkers' own wording."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from apishape_errors import kind_of  # noqa: E402

PY = [
    ('3:5 reportCallIssue: No parameter named "artifact_store"', "unknown-argument"),
    ('3:5 reportCallIssue: No overloads for "__init__" match the provided arguments\n  Argument types: (str)',
     "constructor-arguments"),
    ('3:5 reportCallIssue: Argument missing for parameter "cloudwatch_metrics_enabled"', "missing-argument"),
    ('3:5 reportCallIssue: Argument missing for parameter "my_helper_flag"', None),
    ('3:5 reportCallIssue: No overloads for "update" match the provided arguments', None),
    ('3:5 reportArgumentType: Argument of type "Literal[\'80\']" cannot be assigned to parameter "port" of type '
     '"Input[int | None]" in function "__init__"\n  Type ...', "wrong-kind"),
    ('3:5 reportArgumentType: Argument of type "Literal[True]" cannot be assigned to parameter "encrypted" of type '
     '"Input[str | None]" in function "__init__"', "wrong-kind"),
    ('3:5 reportArgumentType: Argument of type "list[str]" cannot be assigned to parameter "types" of type '
     '"Input[str]" in function "__init__"', "wrong-kind"),
    # A string where pulumi_aws's Python typings want the enum: the provider takes the string.
    ('3:5 reportArgumentType: Argument of type "Literal[\'aurora-mysql\']" cannot be assigned to parameter '
     '"engine" of type "Input[EngineType | None]" in function "__init__"', None),
    ('3:5 reportArgumentType: Argument of type "Output[str]" cannot be assigned to parameter "engine" of type '
     '"Input[EngineType | None]" in function "__init__"', None),
    ('3:5 reportArgumentType: Argument of type "list[Output[str]]" cannot be assigned to parameter "resources" of '
     'type "Sequence[str] | None" in function "__init__"', None),
    ('3:5 reportArgumentType: Argument of type "dict[str, int]" cannot be assigned to parameter "retry_policy" of '
     'type "Input[EventTargetRetryPolicyArgs | EventTargetRetryPolicyArgsDict | EventTargetRetryPolicy | None]" '
     'in function "__init__"', "nested-shape"),
    ('3:5 reportArgumentType: Argument of type "list[GetSubnetFilterArgs]" cannot be assigned to parameter '
     '"filters" of type "Sequence[GetSubnetsFilterArgs | GetSubnetsFilterArgsDict | GetSubnetsFilterResult] | None" '
     'in function "get_subnets"', "nested-shape"),
    # A dict where only the Args class is typed: the typings' style, the same shape.
    ('3:5 reportArgumentType: Argument of type "dict[Any, Any]" cannot be assigned to parameter "allow" of type '
     '"Input[WebAclDefaultActionAllowArgs | None]" in function "__init__"', None),
    ('3:5 reportArgumentType: Expression of type "None" cannot be assigned to parameter of type "ResourceOptions"',
     None),
    ('3:5 reportArgumentType: Argument of type "str | None" cannot be assigned to parameter "s" of type '
     '"str | bytes | bytearray" in function "loads"', None),
    ('3:5 reportAttributeAccessIssue: "LogGroup" is not a known attribute of module "pulumi_aws.logs"',
     "unknown-member"),
    ('3:5 reportAttributeAccessIssue: "applicationautoscaling" is not a known attribute of module "pulumi_aws"',
     "unknown-member"),
    ('3:5 reportAttributeAccessIssue: "json" is not a known attribute of module "pulumi"', None),
    ('3:5 reportAttributeAccessIssue: "logs" is unknown import symbol', "unknown-member"),
    ('3:5 reportAttributeAccessIssue: Cannot access attribute "function_name" for class "Function"\n  Attribute',
     "unknown-output"),
    ('3:5 reportAttributeAccessIssue: Cannot access attribute "PYTHON3_7" for class "type[Runtime]"',
     "unknown-output"),
    ('3:5 reportAttributeAccessIssue: Cannot access attribute "_helper" for class "MyStack*"', None),
    ('3:5 reportAttributeAccessIssue: Cannot access attribute "apply" for class "str"', None),
    ('3:5 reportAttributeAccessIssue: Cannot assign to attribute "arn" for class "Cluster"', None),
    ('3:5 reportUndefinedVariable: "x" is not defined', None),
]

TS = [
    ("3:5 TS2353: Object literal may only specify known properties, and 'stageName' does not exist in type "
     "'DeploymentArgs'.", "unknown-argument"),
    ("3:5 TS2561: Object literal may only specify known properties, but 'artifactStore' does not exist in type "
     "'PipelineArgs'. Did you mean to write 'artifactStores'?", "unknown-argument"),
    ("3:5 TS2353: Object literal may only specify known properties, and 'kmsKeyId' does not exist in type "
     "'Input<BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault>'.", "unknown-argument"),
    ("3:5 TS2353: Object literal may only specify known properties, and 'x' does not exist in type 'MyOwnProps'.",
     None),
    ("3:5 TS2339: Property 'EventInvokeConfig' does not exist on type 'typeof import(\"/n/@pulumi/aws/lambda/index\")'.",
     "unknown-member"),
    ("3:5 TS2339: Property 'export' does not exist on type 'typeof import(\"/n/@pulumi/pulumi/index\")'.", None),
    ("3:5 TS2339: Property 'queueUrl' does not exist on type 'Queue'.", "unknown-output"),
    ("3:5 TS2339: Property 'names' does not exist on type 'UnwrappedObject<GetBucketsResult>'.", "unknown-output"),
    ("3:5 TS2339: Property 'apply' does not exist on type 'Promise<string>'.", None),
    ("3:5 TS2339: Property 'primaryAlbDns' does not exist on type 'ComputeStackArgs'.", None),
    ("3:5 TS2322: Type 'string' is not assignable to type 'Input<number>'.", "wrong-kind"),
    ("3:5 TS2322: Type 'boolean' is not assignable to type 'Input<string>'.", "wrong-kind"),
    ("3:5 TS2322: Type 'Output<string>' is not assignable to type 'string'.", None),
    ("3:5 TS2322: Type 'number' is not assignable to type 'string'.", None),  # not a provider input
    ("3:5 TS2741: Property 'bucket' is missing in type '{ acl: string; }' but required in type 'BucketAclV2Args'.",
     "missing-argument"),
]


@pytest.mark.parametrize("error,kind", PY, ids=[e.split(" ", 2)[2][:60] for e, _ in PY])
def test_python_messages(error, kind):
    assert kind_of(error, "python") == kind


@pytest.mark.parametrize("error,kind", TS, ids=[e.split(" ", 2)[2][:60] for e, _ in TS])
def test_typescript_messages(error, kind):
    assert kind_of(error, "typescript") == kind
