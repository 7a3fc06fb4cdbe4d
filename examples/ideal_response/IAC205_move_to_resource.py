import json

import pulumi
import pulumi_aws as aws

# apigateway-deployment-stage: the stage a Deployment no longer creates.
api = aws.apigateway.RestApi("api", name="orders")

deployment = aws.apigateway.Deployment(
    "api-deployment",
    rest_api=api.id,
)

deployment_stage = aws.apigateway.Stage(
    "api-deployment-stage",
    stage_name="prod",
    description="production",
    rest_api=api.id,
    deployment=deployment.id,
)

pulumi.export("api_url", deployment_stage.invoke_url)

# s3-bucket-public-access-block: the CloudFormation block on the bucket.
data = aws.s3.Bucket(
    "data",
    force_destroy=True,
)

aws.s3.BucketPublicAccessBlock(
    "data-public-access-block",
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
    bucket=data.id,
)

# s3-bucket-public-access-flags: the four flags straight on the bucket.
logs = aws.s3.Bucket(
    "logs",
)

aws.s3.BucketPublicAccessBlock(
    "logs-public-access-block",
    block_public_acls=True,
    block_public_policy=True,
    bucket=logs.id,
)

# secretsmanager-secret-rotation and secretsmanager-secret-string.
secret = aws.secretsmanager.Secret(
    "db",
    description="database credentials",
)

aws.secretsmanager.SecretRotation(
    "db-rotation",
    rotation_lambda_arn="arn:aws:lambda:us-east-1:123456789012:function:rotate",
    rotation_rules={"automatically_after_days": 30},
    secret_id=secret.id,
)

aws.secretsmanager.SecretVersion(
    "db-version",
    secret_string=json.dumps({"username": "app"}),
    secret_id=secret.id,
)
