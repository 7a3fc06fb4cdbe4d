import json

import pulumi
import pulumi_aws as aws

# apigateway-deployment-stage: the stage a Deployment no longer creates.
api = aws.apigateway.RestApi("api", name="orders")

deployment = aws.apigateway.Deployment(
    "api-deployment",
    rest_api=api.id,
    stage_name="prod",
    stage_description="production",
)

pulumi.export("api_url", deployment.invoke_url)

# s3-bucket-public-access-block: the CloudFormation block on the bucket.
data = aws.s3.Bucket(
    "data",
    force_destroy=True,
    public_access_block={
        "block_public_acls": True,
        "block_public_policy": True,
        "ignore_public_acls": True,
        "restrict_public_buckets": True,
    },
)

# s3-bucket-public-access-flags: the four flags straight on the bucket.
logs = aws.s3.Bucket(
    "logs",
    block_public_acls=True,
    block_public_policy=True,
)

# secretsmanager-secret-rotation and secretsmanager-secret-string.
secret = aws.secretsmanager.Secret(
    "db",
    description="database credentials",
    secret_string=json.dumps({"username": "app"}),
    rotation_lambda_arn="arn:aws:lambda:us-east-1:123456789012:function:rotate",
    rotation_rules={"automatically_after_days": 30},
)
