import pulumi
import pulumi_aws as aws

# codepipeline-artifact-store
pipeline = aws.codepipeline.Pipeline(
    "pipeline",
    role_arn="arn:aws:iam::123456789012:role/pipeline",
    artifact_store={
        "location": "artifacts",
        "type": "S3",
    },
    stages=[
        {"name": "Source", "actions": [{"name": "Source", "category": "Source", "owner": "AWS", "provider": "S3", "version": "1", "output_artifacts": ["src"], "configuration": {"S3Bucket": "src", "S3ObjectKey": "app.zip"}}]},
        {"name": "Deploy", "actions": [{"name": "Deploy", "category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1", "input_artifacts": ["src"], "configuration": {"BucketName": "site", "Extract": "true"}}]},
    ],
)

# cloudwatch-metric-alarm-name
alarm = aws.cloudwatch.MetricAlarm(
    "cpu",
    alarm_name="cpu-high",
    comparison_operator="GreaterThanThreshold",
    evaluation_periods=2,
    metric_name="CPUUtilization",
    namespace="AWS/EC2",
    period=300,
    statistic="Average",
    threshold=80,
)

# elasticache-replication-group-description, elasticache-number-cache-clusters
cache = aws.elasticache.ReplicationGroup(
    "cache",
    replication_group_description="session cache",
    node_type="cache.t4g.micro",
    number_cache_clusters=2,
    engine="redis",
)

# route53-health-check-fqdn
health = aws.route53.HealthCheck(
    "api",
    fully_qualified_domain_name="api.example.com",
    port=443,
    type="HTTPS",
    resource_path="/health",
    failure_threshold=3,
    request_interval=30,
)

# codebuild-timeout-in-minutes
build = aws.codebuild.Project(
    "build",
    service_role="arn:aws:iam::123456789012:role/codebuild",
    timeout_in_minutes=30,
    artifacts={"type": "NO_ARTIFACTS"},
    environment={"compute_type": "BUILD_GENERAL1_SMALL", "image": "aws/codebuild/standard:7.0", "type": "LINUX_CONTAINER"},
    source={"type": "NO_SOURCE", "buildspec": "version: 0.2"},
)

# lb-listener-forward-config
listener = aws.lb.Listener(
    "http",
    load_balancer_arn="arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1",
    port=80,
    default_actions=[{
        "type": "forward",
        "forward_config": {
            "target_groups": [{"arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1"}],
        },
    }],
)

# secretsmanager-get-random-password-length
password = aws.secretsmanager.get_random_password(length=32, exclude_punctuation=True)

# cloudwatch-metric-alarm-name-output, sqs-queue-url-output, lambda-function-name-output
jobs = aws.sqs.Queue("jobs", visibility_timeout_seconds=60)
worker = aws.lambda_.Function(
    "worker",
    role="arn:aws:iam::123456789012:role/worker",
    runtime="python3.12",
    handler="index.handler",
    s3_bucket="artifacts",
    s3_key="worker.zip",
    environment={"variables": {"QUEUE_URL": jobs.queue_url}},
)
pulumi.export("alarm_name", alarm.alarm_name)
pulumi.export("worker_name", worker.function_name)
