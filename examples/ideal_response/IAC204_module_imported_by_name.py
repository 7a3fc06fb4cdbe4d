import json

import pulumi
from pulumi_aws import iam, cloudwatch

# Modules @pulumi/aws does not have, imported by name: CloudWatch Logs and EventBridge classes
# live in `cloudwatch`. The import and every use move there together.
group = cloudwatch.LogGroup("app", retention_in_days=14)

nightly = cloudwatch.EventRule("nightly", schedule_expression="cron(0 3 * * ? *)")

role = iam.Role(
    "events",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)

cloudwatch.EventTarget("nightly-target", rule=nightly.name, arn=group.arn, role_arn=role.arn)

pulumi.export("log_group_name", group.name)
