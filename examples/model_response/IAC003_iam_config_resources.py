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
                        "Action": [
                            "s3:*",  # Too broad
                            "dynamodb:*",  # Too broad
                            "sqs:*",  # Too broad
                            "sns:*",  # Too broad
                        ],
                        "Resource": "*",  # Too broad
                    },
                ],
            }),
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.task_role_arn = task_role.arn
        self.register_outputs({"task_role_arn": self.task_role_arn})
