import pulumi_aws as aws

# Enum members spelled with the version's separators: pulumi_aws writes the dot as `D`.
LAMBDA_RUNTIME = aws.lambda_.Runtime.PYTHON3_12

fn = aws.lambda_.Function(
    "worker",
    role="arn:aws:iam::123456789012:role/worker",
    runtime=LAMBDA_RUNTIME,
    handler="index.handler",
    s3_bucket="artifacts",
    s3_key="worker.zip",
)

edge = aws.lambda_.Function(
    "edge",
    role="arn:aws:iam::123456789012:role/worker",
    runtime=aws.lambda_.Runtime.NODEJS20_X,
    handler="index.handler",
    s3_bucket="artifacts",
    s3_key="edge.zip",
)
