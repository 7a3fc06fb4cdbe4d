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

code = pulumi.AssetArchive({"index.py": pulumi.StringAsset("def handler(event, context):\n    return {}\n")})

WORKER_CONCURRENCY = 100
ALARM_THRESHOLD = WORKER_CONCURRENCY

validator = aws.lambda_.Function(
    "validator",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    code=code,
    reserved_concurrent_executions=100,
)

processor = aws.lambda_.Function(
    "processor",
    runtime="python3.12",
    handler="index.handler",
    role=role.arn,
    code=code,
    reserved_concurrent_executions=WORKER_CONCURRENCY,
)

pulumi.export("names", [validator.name, processor.name, ALARM_THRESHOLD])
