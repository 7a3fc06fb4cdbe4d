import json
import os
from typing import Optional

import pulumi
import pulumi_aws as aws

environment_suffix = os.environ.get("ENVIRONMENT_SUFFIX") or "dev"


class QueueStackArgs:
    def __init__(self, environment_suffix: Optional[str] = None):
        self.environment_suffix = environment_suffix


class QueueStack(pulumi.ComponentResource):
    def __init__(self, name: str, args: QueueStackArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("tap:queue:QueueStack", name, None, opts)
        suffix = args.environment_suffix or "dev"
        queue = aws.sqs.Queue(f"jobs-{suffix}", name="jobs", opts=pulumi.ResourceOptions(parent=self))
        self.queue_url = queue.url
        self.register_outputs({"queue_url": self.queue_url})


# Physical names: the bucket and the role collide between two stacks; the log group does not.
logs = aws.s3.Bucket(f"logs-{environment_suffix}", bucket="app-logs")
role = aws.iam.Role(
    f"role-{environment_suffix}",
    name=f"app-{pulumi.get_project()}-role",
    assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": []}),
)
audit = aws.cloudwatch.LogGroup(f"audit-{environment_suffix}", name=f"/app/audit-{environment_suffix}")

# The entry point reads the suffix but does not pass it.
queues = QueueStack("queues", QueueStackArgs())

pulumi.export("names", [logs.bucket, role.name, audit.name, queues.queue_url])
