import pulumi
import pulumi_aws as aws

config = pulumi.Config()
image = config.get("image") or "nginx:latest"

task_definition = aws.ecs.TaskDefinition(
    "web",
    family="web",
    cpu="256",
    memory="512",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    container_definitions=pulumi.Output.json_dumps([
        {
            "name": "web",
            "image": image,
            "portMappings": [{"containerPort": 80}],
        },
    ]),
)

pulumi.export("arn", task_definition.arn)
