import pulumi_aws as aws

# logs-module
log_group = aws.logs.LogGroup("app", retention_in_days=14)

# events-module
nightly = aws.events.Rule("nightly", schedule_expression="cron(0 3 * * ? *)")

# lambda-event-invoke-config
invoke_config = aws.lambda_.EventInvokeConfig(
    "async",
    function_name="worker",
    maximum_retry_attempts=0,
)

# cfg-recorder
recorder = aws.cfg.ConfigurationRecorder("recorder", role_arn="arn:aws:iam::123456789012:role/config")
versioning_rule = aws.cfg.ConfigRule(
    "s3-versioning",
    source={"owner": "AWS", "source_identifier": "S3_BUCKET_VERSIONING_ENABLED"},
)

# s3-replication-configuration-class
replication = aws.s3.BucketReplicationConfiguration(
    "replication",
    bucket="source",
    role="arn:aws:iam::123456789012:role/replication",
    rules=[{"id": "all", "status": "Enabled", "destination": {"bucket": "arn:aws:s3:::replica"}}],
)

# elbv2-module
alb = aws.elbv2.LoadBalancer("alb", load_balancer_type="application", subnets=["subnet-1", "subnet-2"])

# lambda-permission-module
invoke = aws.apigateway.Permission(
    "invoke",
    action="lambda:InvokeFunction",
    function="worker",
    principal="apigateway.amazonaws.com",
)

# appautoscaling-module
target = aws.applicationautoscaling.Target(
    "tasks",
    max_capacity=4,
    min_capacity=1,
    resource_id="service/cluster/web",
    scalable_dimension="ecs:service:DesiredCount",
    service_namespace="ecs",
)

# iam-instance-profile-module
profile = aws.ec2.InstanceProfile("nodes", role="nodes")

# terraform-class-names
redrive = aws.sqs.QueueRedrivePolicy(
    "redrive",
    queue_url="https://sqs.us-east-1.amazonaws.com/123456789012/orders",
    redrive_policy='{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:orders-dlq", "maxReceiveCount": 3}',
)
inventory = aws.s3.BucketInventory(
    "inventory",
    bucket="source",
    included_object_versions="Current",
    schedule=aws.s3.BucketInventoryScheduleArgs(frequency="Weekly"),
    destination=aws.s3.BucketInventoryDestinationArgs(
        bucket=aws.s3.BucketInventoryDestinationBucketArgs(format="CSV", bucket_arn="arn:aws:s3:::reports"),
    ),
)
cors_response = aws.apigateway.GatewayResponse(
    "cors",
    rest_api_id="a1b2c3",
    response_type="DEFAULT_4XX",
    response_parameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
)
