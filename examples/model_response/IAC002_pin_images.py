"""Pinning container images in a Python program (digests from IAC002_pin_images.toml)."""

import json
import os

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
image_uri = os.environ.get("IMAGE_URI") or "nginx:latest"

repo = aws.ecr.Repository("app")

task = aws.ecs.TaskDefinition(
    "api",
    family="api",
    cpu="256",
    memory="512",
    requires_compatibilities=["FARGATE"],
    network_mode="awsvpc",
    container_definitions=json.dumps([
        {"name": "api", "image": image_uri, "essential": True},
        {"name": "cache", "image": "redis", "essential": False},
    ]),
)

worker = aws.ecs.TaskDefinition(
    "worker",
    family="worker",
    container_definitions=repo.repository_url.apply(lambda url: json.dumps([
        {"name": "worker", "image": f"{url}:latest", "essential": True},
    ])),
)

pulumi.export("task_arn", task.arn)
pulumi.export("worker_arn", worker.arn)
