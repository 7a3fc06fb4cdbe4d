import json

import pulumi
import pulumi_aws as aws

region = aws.config.region or "us-east-1"
table = aws.dynamodb.Table("orders",
    attributes=[{"name": "id", "type": "S"}],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
)
role = aws.iam.Role("fn",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)
code = pulumi.AssetArchive({"index.js": pulumi.StringAsset("exports.handler = async () => ({});")})

aws.lambda_.Function("orders",
    role=role.arn,
    runtime="nodejs20.x",
    handler="index.handler",
    code=code,
    environment=aws.lambda_.FunctionEnvironmentArgs(
        variables={
            "TABLE_NAME": table.name,
            "AWS_REGION": region,
            "LOG_LEVEL": "info",
            "AWS_LAMBDA_FUNCTION_NAME": "orders",  # set by the runtime anyway
        },
    ),
)

aws.lambda_.Function("reports",
    role=role.arn,
    runtime="nodejs20.x",
    handler="index.handler",
    code=code,
    environment={"variables": {"AWS_DEFAULT_REGION": region}},
)

# An ECS container may set AWS_REGION: not a Lambda, left alone.
aws.ecs.TaskDefinition("worker",
    family="worker",
    container_definitions=json.dumps([{"name": "w", "image": "nginx:1.27", "environment": [{"name": "AWS_REGION", "value": region}]}]),
)
