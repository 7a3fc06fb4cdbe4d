import json

import pulumi
import pulumi_aws as aws

role = aws.iam.Role(
    "fn-role",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)

RUNTIME = "python3.14"

api = aws.lambda_.Function(
    "api",
    runtime=RUNTIME,
    handler="index.handler",
    role=role.arn,
    code=pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {}\n")}),
)

report = aws.lambda_.Function(
    "report",
    runtime=aws.lambda_.Runtime.NODE_JS24D_X,
    handler="index.handler",
    role=role.arn,
    code=pulumi.AssetArchive({"index.js": pulumi.StringAsset("exports.handler = async () => ({});")}),
)

# Retired with no managed successor: reported, not changed.
legacy = aws.lambda_.Function(
    "legacy",
    runtime="go1.x",
    handler="main",
    role=role.arn,
    code=pulumi.FileArchive("./build/legacy.zip"),
)

pulumi.export("names", [api.name, report.name, legacy.name])
