import json
import os

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
environment_suffix = config.get("environmentSuffix") or "dev"

# Image for the API container; the model used a mutable tag.
image_uri = os.environ.get("IMAGE_URI") or "nginx:latest"
sidecar_image = config.get("sidecarImage") or 'redis'

repo = aws.ecr.Repository(f"app-{environment_suffix}",
    image_tag_mutability="IMMUTABLE",
)

execution_role = aws.iam.Role(f"exec-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)

task_definition = aws.ecs.TaskDefinition(f"api-{environment_suffix}",
    family=f"api-{environment_suffix}",
    cpu="512",
    memory="1024",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    execution_role_arn=execution_role.arn,
    container_definitions=repo.repository_url.apply(lambda url: json.dumps([
        {"name": "api", "image": image_uri, "essential": True},
        {"name": "cache", "image": sidecar_image, "essential": False},
        {"name": "worker", "image": f"{url}:latest", "essential": False},
        {"name": "proxy", "image": "envoyproxy/envoy:v1.29-latest", "essential": False},
    ])),
)

batch_task = aws.ecs.TaskDefinition(f"batch-{environment_suffix}",
    family=f"batch-{environment_suffix}",
    container_definitions='[{"name": "job", "image": "busybox:1.36", "essential": true}]',
)

fn = aws.lambda_.Function(f"fn-{environment_suffix}",
    package_type="Image",
    image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1",
    role=execution_role.arn,
)

pulumi.export("taskArn", task_definition.arn)
pulumi.export("batchArn", batch_task.arn)
pulumi.export("functionName", fn.name)
