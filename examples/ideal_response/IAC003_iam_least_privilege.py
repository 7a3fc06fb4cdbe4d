import json
import os

import pulumi
import pulumi_aws as aws

environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX") or "dev"
common_tags = {
    "Environment": environment_suffix,
    "Project": "orders",
    "Owner": "platform-team",
    "CostCenter": "engineering",
    "ManagedBy": "pulumi",
}

bucket = aws.s3.Bucket(f"app-data-{environment_suffix}",
    force_destroy=True,
    tags=common_tags,
)

aws.s3.BucketPublicAccessBlock(f"app-data-{environment_suffix}-public-access-block",
    bucket=bucket.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

table = aws.dynamodb.Table(f"app-table-{environment_suffix}",
    attributes=[{"name": "id", "type": "S"}],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
    tags=common_tags,
)

queue = aws.sqs.Queue(f"app-queue-{environment_suffix}",
    message_retention_seconds=86400,
    tags=common_tags,
)

topic = aws.sns.Topic(f"app-events-{environment_suffix}", tags=common_tags)

# Trust policy: never touched.
task_role = aws.iam.Role(f"task-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
                "Action": "sts:AssumeRole",
            },
        ],
    }),
    inline_policies=[
        {
            "name": "events",
            "policy": pulumi.Output.json_dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": topic.arn}],
            }),
        },
    ],
    tags=common_tags,
)

# The model's policy: every action of three services on every resource.
aws.iam.RolePolicy(f"task-policy-{environment_suffix}",
    role=task_role.id,
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                "Resource": [bucket.arn, pulumi.Output.concat(bucket.arn, "/*")],
            },
            {
                "Effect": "Allow",
                "Action": [
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:UpdateItem",
                    "dynamodb:Query",
                    "dynamodb:Scan",
                ],
                "Resource": table.arn,
            },
            {
                "Effect": "Allow",
                "Action": [
                    "sqs:SendMessage",
                    "sqs:ReceiveMessage",
                    "sqs:DeleteMessage",
                    "sqs:GetQueueAttributes",
                ],
                "Resource": queue.arn,
            },
        ],
    }),
)

# Execution role: these actions work on "*" only (or have no log group known here) and stay.
# (TypeScript's aws.iam.assumeRolePolicyForPrincipal has no Python counterpart: the trust policy is
# written out.)
execution_role = aws.iam.Role(f"exec-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
    tags=common_tags,
)

aws.iam.RolePolicy(f"exec-policy-{environment_suffix}",
    role=execution_role.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["ecr:GetAuthorizationToken", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": "*",
            },
            {
                "Effect": "Deny",
                "Action": "s3:*",
                "Resource": "*",
            },
        ],
    }),
)

# A plain get_policy_document cannot hold the bucket's ARN (an Output): the actions are narrowed and
# the resources reported. (Python's get_policy_document_output takes plain strings in its statements
# too, where TypeScript's takes Inputs: that case is in tests/test_transform_iam.py, not in these twins.)
reader_doc = aws.iam.get_policy_document(
    statements=[
        {
            "effect": "Allow",
            "actions": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:ListBucket",
                "xray:PutTraceSegments",
            ],
            "resources": ["*"],
        },
    ],
)

aws.iam.Policy(f"reader-{environment_suffix}",
    policy=reader_doc.json,
    tags=common_tags,
)

# A role CloudFormation assumes creates the stack's tables and buckets: its wildcards are kept
# (reported for review), as narrowing them to data access would break its deployments.
deploy_role = aws.iam.Role(f"deploy-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudformation.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
    tags=common_tags,
)

aws.iam.RolePolicy(f"deploy-policy-{environment_suffix}",
    role=deploy_role.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["dynamodb:*", "s3:*", "sqs:*"], "Resource": "*"}],
    }),
)

# An administration policy, by its name: kept and reported.
aws.iam.Policy(f"kms-admin-{environment_suffix}",
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": "*"}],
    }),
    tags=common_tags,
)

# Wildcard actions on resources that are specific already: kept and reported.
aws.iam.RolePolicy(f"bucket-owner-{environment_suffix}",
    role=task_role.id,
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": [bucket.arn, pulumi.Output.concat(bucket.arn, "/*")]}],
    }),
)

pulumi.export("bucketName", bucket.id)
pulumi.export("topicArn", topic.arn)
pulumi.export("queueUrl", queue.url)
pulumi.export("tableName", table.name)
