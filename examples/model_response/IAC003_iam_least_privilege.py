"""Worker role for the orders service: the model granted s3:* and sqs:* on every resource."""

import json

import pulumi
import pulumi_aws as aws

environment_suffix = pulumi.get_stack()
common_tags = {
    "Environment": environment_suffix,
    "Project": "orders",
    "Owner": "platform-team",
    "CostCenter": "engineering",
    "ManagedBy": "pulumi",
}

bucket = aws.s3.Bucket(f"app-data-{environment_suffix}", force_destroy=True, tags=common_tags)

aws.s3.BucketPublicAccessBlock(
    f"app-data-{environment_suffix}-public-access-block",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

queue = aws.sqs.Queue(f"app-queue-{environment_suffix}", tags=common_tags)

# Trust policy: never touched.
role = aws.iam.Role(
    f"worker-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }],
    }),
    tags=common_tags,
)

aws.iam.RolePolicy(
    f"worker-policy-{environment_suffix}",
    role=role.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:*", "sqs:*", "xray:PutTraceSegments"],
                "Resource": "*",
            },
            {
                "Effect": "Deny",
                "Action": "s3:DeleteBucket",
                "Resource": "*",
            },
        ],
    }),
)

# get_policy_document_output takes Inputs: the queue's ARN goes in directly.
consumer = aws.iam.get_policy_document_output(statements=[
    aws.iam.GetPolicyDocumentStatementArgs(
        actions=["sqs:*"],
        resources=["*"],
    ),
])

aws.iam.Policy(f"consumer-{environment_suffix}", policy=consumer.json, tags=common_tags)

# A role CloudFormation assumes creates the stack's tables and buckets: its wildcards are kept
# (reported for review), as narrowing them to data access would break its deployments.
deploy_role = aws.iam.Role(
    f"deploy-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }),
    tags=common_tags,
)

aws.iam.RolePolicy(
    f"deploy-policy-{environment_suffix}",
    role=deploy_role.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["dynamodb:*", "s3:*", "sqs:*"], "Resource": "*"}],
    }),
)

# An administration policy, by its name: kept and reported.
aws.iam.Policy(
    f"kms-admin-{environment_suffix}",
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": "*"}],
    }),
    tags=common_tags,
)

# Wildcard actions on resources that are specific already: kept and reported.
aws.iam.RolePolicy(
    f"queue-owner-{environment_suffix}",
    role=deploy_role.id,
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["sqs:*"], "Resource": [queue.arn]}],
    }),
)

pulumi.export("queue_url", queue.url)
