import pulumi_aws as aws

# logs-module
log_group = aws.cloudwatch.LogGroup("app", retention_in_days=14)

# events-module
nightly = aws.cloudwatch.EventRule("nightly", schedule_expression="cron(0 3 * * ? *)")

# lambda-event-invoke-config
invoke_config = aws.lambda_.FunctionEventInvokeConfig(
    "async",
    function_name="worker",
    maximum_retry_attempts=0,
)

# cfg-recorder
recorder = aws.cfg.Recorder("recorder", role_arn="arn:aws:iam::123456789012:role/config")
versioning_rule = aws.cfg.Rule(
    "s3-versioning",
    source={"owner": "AWS", "source_identifier": "S3_BUCKET_VERSIONING_ENABLED"},
)

# s3-replication-configuration-class
replication = aws.s3.BucketReplicationConfig(
    "replication",
    bucket="source",
    role="arn:aws:iam::123456789012:role/replication",
    rules=[{"id": "all", "status": "Enabled", "destination": {"bucket": "arn:aws:s3:::replica"}}],
)

# elbv2-module
alb = aws.lb.LoadBalancer("alb", load_balancer_type="application", subnets=["subnet-1", "subnet-2"])

# lambda-permission-module
invoke = aws.lambda_.Permission(
    "invoke",
    action="lambda:InvokeFunction",
    function="worker",
    principal="apigateway.amazonaws.com",
)

# appautoscaling-module
target = aws.appautoscaling.Target(
    "tasks",
    max_capacity=4,
    min_capacity=1,
    resource_id="service/cluster/web",
    scalable_dimension="ecs:service:DesiredCount",
    service_namespace="ecs",
)

# iam-instance-profile-module
profile = aws.iam.InstanceProfile("nodes", role="nodes")

# terraform-class-names
redrive = aws.sqs.RedrivePolicy(
    "redrive",
    queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/orders",
    redrive_policy='{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq", "maxReceiveCount": 3}',
)
inventory = aws.s3.Inventory(
    "inventory",
    bucket="source",
    included_object_versions="Current",
    schedule=aws.s3.InventoryScheduleArgs(frequency="Weekly"),
    destination=aws.s3.InventoryDestinationArgs(
        bucket=aws.s3.InventoryDestinationBucketArgs(format="CSV", bucket_arn="arn:aws:s3:::reports"),
    ),
)
cors_response = aws.apigateway.Response(
    "cors",
    rest_api_id="a1b2c3",
    response_type="DEFAULT_4XX",
    response_parameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
)
