"""Batch workers on Fargate."""
import json

import pulumi
import pulumi_aws as aws
from pulumi_aws import ecs

config = pulumi.Config()
env = config.get("env") or "dev"
subnet_ids = config.require_object("subnetIds")

cluster = aws.ecs.Cluster(f"batch-{env}")

# 256 cpu units cannot have 4 GiB: the cpu is raised to 512.
api_task = aws.ecs.TaskDefinition(
    f"api-{env}",
    family=f"api-{env}",
    cpu="512",
    memory="4096",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([{"name": "api", "image": "nginx:1.27", "essential": True}]),
)

# Sizes in variables, single quotes: the variable is edited (no larger cpu takes 512 MiB).
worker_cpu = '512'
worker_memory = '1024'
worker_task = ecs.TaskDefinition('worker',
    family='worker',
    cpu=worker_cpu,
    memory=worker_memory,
    network_mode='awsvpc',
    requires_compatibilities=['FARGATE'],
    container_definitions=json.dumps([{'name': 'worker', 'image': 'busybox:1.36', 'essential': True}]))

# Fargate through the service's launch type, "1 vCPU" / "1 GB" forms.
batch_task = ecs.TaskDefinition("batch",
    family="batch",
    cpu="1 vCPU",
    memory="2 GB",
    network_mode="awsvpc",
    container_definitions=json.dumps([{"name": "batch", "image": "busybox:1.36", "essential": True}]))
batch_service = ecs.Service("batch",
    cluster=cluster.arn,
    task_definition=batch_task.arn,
    launch_type="FARGATE",
    desired_count=1,
    network_configuration={"subnets": subnet_ids},
    deployment_circuit_breaker={"enable": True, "rollback": True},
    deployment_maximum_percent=200,
    deployment_minimum_healthy_percent=100,
    propagate_tags="SERVICE")

# Already valid: left alone.
proxy_task = aws.ecs.TaskDefinition("proxy",
    family="proxy",
    cpu="256",
    memory="1024",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([{"name": "proxy", "image": "envoyproxy/envoy:v1.31.0", "essential": True}]))

# From configuration with a fallback: reported, not changed.
tuned_task = aws.ecs.TaskDefinition("tuned",
    family="tuned",
    cpu=config.get("tunedCpu") or "256",
    memory="4096",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([{"name": "tuned", "image": "busybox:1.36", "essential": True}]))

pulumi.export("task_arns", [api_task.arn, worker_task.arn, proxy_task.arn, tuned_task.arn])
pulumi.export("service", batch_service.name)
