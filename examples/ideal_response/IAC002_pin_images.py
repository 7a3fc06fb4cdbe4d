"""Pinning container images in a Python program (digests from IAC002_pin_images.toml)."""

import json
import os

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
image_uri = os.environ.get("IMAGE_URI") or "nginx:latest@sha256:0b970013351304af46f322da1263516b188318682b2ab1091862497591189ff1"

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
        {"name": "cache", "image": "redis:latest@sha256:1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d", "essential": False},
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
