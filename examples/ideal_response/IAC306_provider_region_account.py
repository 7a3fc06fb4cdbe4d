import json

import pulumi_aws as aws
import pulumi

current_region = aws.get_region_output()
caller_identity = aws.get_caller_identity_output()

# This account and region: built from the provider.
aws.cloudwatch.LogSubscriptionFilter(
    "f",
    log_group="/app",
    filter_pattern="",
    destination_arn=pulumi.Output.concat("arn:aws:lambda:", current_region.region, ":", caller_identity.account_id, ":function:ship"),
)
aws.securityhub.StandardsSubscription(
    "cis",
    standards_arn=pulumi.Output.concat("arn:aws:securityhub:", current_region.region, "::standards/cis-aws-foundations-benchmark/v/1.4.0"),
)
aws.lambda_.Function(
    "fn",
    role="r",
    environment={"variables": {"AWS_REGION_NAME": current_region.region, "TABLE": "t"}},
)
# Another account, a certificate to supply: reported.
aws.iam.Role("r", assume_role_policy=json.dumps({"Statement": [{"Principal": {"AWS": "arn:aws:iam::111111111111:root"}}]}))
aws.lb.Listener("l", load_balancer_arn="x", port=443, default_actions=[], certificate_arn="arn:aws:acm:us-east-1:123456789012:certificate/abc")
