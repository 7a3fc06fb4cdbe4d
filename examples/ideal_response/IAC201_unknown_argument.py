import pulumi
import pulumi_aws as aws

# Arguments spelled as CloudFormation, Terraform or an older provider spells them.
api = aws.apigateway.RestApi("api", name="orders")

orders_resource = aws.apigateway.Resource(
    "orders",
    rest_api=api.id,
    parent_id=api.root_resource_id,
    path_part="orders",
)

repo = aws.ecr.Repository(
    "app",
    image_tag_mutability="IMMUTABLE",
    encryption_configurations=[{"encryption_type": "KMS"}],
)

fn = aws.lambda_.Function(
    "handler",
    role="arn:aws:iam::123456789012:role/handler",
    runtime="python3.12",
    handler="index.handler",
    s3_bucket="artifacts",
    s3_key="handler.zip",
    architectures=["arm64"],
)

alarm = aws.cloudwatch.MetricAlarm(
    "errors",
    comparison_operator="GreaterThanThreshold",
    evaluation_periods=1,
    metric_name="Errors",
    namespace="AWS/Lambda",
    period=60,
    statistic="Sum",
    threshold=1,
    alarm_description="Lambda errors",
)

acl = aws.wafv2.WebAcl(
    "acl",
    scope="REGIONAL",
    default_action={"allow": {}},
    visibility_config={
        "cloudwatch_metrics_enabled": True,
        "metric_name": "acl",
        "sampled_requests_enabled": True,
    },
)

# A dashboard takes no tags (removed, with --unsafe-fixes).
dashboard = aws.cloudwatch.Dashboard(
    "ops",
    dashboard_name="ops",
    dashboard_body="{\"widgets\": []}",
)

pulumi.export("resource_id", orders_resource.id)
