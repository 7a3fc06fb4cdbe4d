import json

import pulumi_aws as aws

# This account and region: built from the provider.
aws.cloudwatch.LogSubscriptionFilter(
    "f",
    log_group="/app",
    filter_pattern="",
    destination_arn="arn:aws:lambda:us-east-1:123456789012:function:ship",
)
aws.securityhub.StandardsSubscription(
    "cis",
    standards_arn="arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/1.4.0",
)
aws.lambda_.Function(
    "fn",
    role="r",
    environment={"variables": {"AWS_REGION_NAME": "us-east-1", "TABLE": "t"}},
)
# Another account, a certificate to supply: reported.
aws.iam.Role("r", assume_role_policy=json.dumps({"Statement": [{"Principal": {"AWS": "arn:aws:iam::111111111111:root"}}]}))
aws.lb.Listener("l", load_balancer_arn="x", port=443, default_actions=[], certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/abc")
