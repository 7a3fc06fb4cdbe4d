import pulumi_aws as aws

# Numbers written as strings, strings written as numbers and booleans.
cpu_alarm = aws.cloudwatch.MetricAlarm(
    "cpu",
    comparison_operator="GreaterThanThreshold",
    evaluation_periods="2",
    metric_name="CPUUtilization",
    namespace="AWS/ECS",
    period='300',
    statistic="Average",
    threshold="80",
)

targets = aws.lb.TargetGroup(
    "web",
    port="80",
    protocol="HTTP",
    vpc_id="vpc-0123456789abcdef0",
    health_check={
        "path": "/health",
        "port": 80,
        "interval": "30",
    },
)

task = aws.ecs.TaskDefinition(
    "task",
    family="web",
    cpu=256,
    memory=512,
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    container_definitions='[{"name": "web", "image": "nginx:1.27", "essential": true}]',
)

template = aws.ec2.LaunchTemplate(
    "nodes",
    block_device_mappings=[{
        "device_name": "/dev/xvda",
        "ebs": {"volume_size": 20, "encrypted": True, "delete_on_termination": True},
    }],
)

# One value written as a list where the provider takes the value (v7: one endpoint type).
api = aws.apigateway.RestApi(
    "api",
    endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types=["REGIONAL"]),
)
