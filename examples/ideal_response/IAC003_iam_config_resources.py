import json

import pulumi
import pulumi_aws as aws


# The data bucket, table and queue are created by another stack; their names follow a
# convention the iacfix configuration spells out ([iam.resources] in the sidecar .toml).
class ApiService(pulumi.ComponentResource):
    task_role_arn: pulumi.Output[str]

    def __init__(self, name: str, environment_suffix: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("app:ApiService", name, {}, opts)
        common_tags = {
            "Environment": environment_suffix,
            "Project": "orders",
            "Owner": "platform-team",
            "CostCenter": "engineering",
            "ManagedBy": "pulumi",
        }

        task_role = aws.iam.Role(
            f"ecs-task-role-{environment_suffix}",
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
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        aws.iam.RolePolicy(
            f"ecs-task-policy-{environment_suffix}",
            role=task_role.id,
            policy=json.dumps({
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                        "Resource": [
                            f"arn:aws:s3:::app-data-{environment_suffix}",
                            f"arn:aws:s3:::app-data-{environment_suffix}/*",
                        ],
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
                        "Resource": f"arn:aws:dynamodb:*:*:table/app-table-{environment_suffix}",
                    },
                    {
                        "Effect": "Allow",
                        "Action": [
                            "sqs:SendMessage",
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes",
                        ],
                        "Resource": f"arn:aws:sqs:*:*:app-queue-{environment_suffix}",
                    },
                    {
                        "Effect": "Allow",
                        "Action": ["sns:Publish"],
                        "Resource": "*",
                    },
                ],
            }),
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.task_role_arn = task_role.arn
        self.register_outputs({"task_role_arn": self.task_role_arn})
