import json
from typing import Any, Optional

import pulumi
import pulumi_aws as compute
from pulumi_aws import ecs

config = pulumi.Config()
env = config.get("env") or "dev"
subnet_ids = config.require_object("subnetIds")

cluster = compute.ecs.Cluster(f"apps-{env}")

# 256 cpu units cannot have 4 GiB: the cpu is raised to the smallest size that can (512).
api_task = compute.ecs.TaskDefinition(
    f"api-{env}",
    family=f"api-{env}",
    cpu="256",
    memory="4096",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([
        {"name": "api", "image": "nginx:1.27", "essential": True, "portMappings": [{"containerPort": 80}]},
    ]),
)

# Sizes held in variables, single quotes, no trailing commas: the variables are edited.
# No larger cpu supports 512 MiB, so the memory rises to the smallest value 512 cpu takes.
worker_cpu = '512'
worker_memory = '512'
worker_task = ecs.TaskDefinition('worker',
    family='worker',
    cpu=worker_cpu,
    memory=worker_memory,
    network_mode='awsvpc',
    requires_compatibilities=['FARGATE'],
    container_definitions=json.dumps([{'name': 'worker', 'image': 'busybox:1.36', 'essential': True}]))

# Fargate through the service's launch type; "1 vCPU" / "1 GB" strings stay in their own units.
batch_task = ecs.TaskDefinition("batch",
    family="batch",
    cpu="1 vCPU",
    memory="1 GB",
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

# Fargate settings shared through a spread.
fargate_task: dict[str, Any] = {"requires_compatibilities": ["FARGATE"], "network_mode": "awsvpc"}
report_task = compute.ecs.TaskDefinition("report",
    **fargate_task,
    family="report",
    cpu="1024",
    memory="16384",
    container_definitions=json.dumps([{"name": "report", "image": "busybox:1.36", "essential": True}]))

# Already valid (256 cpu with 1 GiB is a Fargate size): left alone.
proxy_task = compute.ecs.TaskDefinition("proxy",
    family="proxy",
    cpu="256",
    memory="1024",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([{"name": "proxy", "image": "envoyproxy/envoy:v1.31.0", "essential": True}]))

# From configuration with a fallback: reported, not changed.
tuned_task = compute.ecs.TaskDefinition("tuned",
    family="tuned",
    cpu=config.get("tunedCpu") or "256",
    memory="4096",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([{"name": "tuned", "image": "busybox:1.36", "essential": True}]))

# Containers asking for more than the task: reported, not changed.
greedy_task = compute.ecs.TaskDefinition("greedy",
    family="greedy",
    cpu="512",
    memory="1024",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([
        {"name": "app", "image": "busybox:1.36", "essential": True, "cpu": 512, "memory": 1024},
        {"name": "sidecar", "image": "busybox:1.36", "essential": False, "cpu": 256, "memory": 512},
    ]))

# EC2 tasks have no size table: left alone.
ec2_task = compute.ecs.TaskDefinition("ec2",
    family="ec2",
    cpu="300",
    memory="700",
    requires_compatibilities=["EC2"],
    container_definitions=json.dumps([{"name": "ec2", "image": "busybox:1.36", "essential": True}]))


class Worker(pulumi.ComponentResource):
    def __init__(self, name: str, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("example:apps:Worker", name, None, opts)
        self.task = compute.ecs.TaskDefinition(f"{name}-task",
            family=name,
            cpu="512",
            memory="8192",
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            container_definitions=json.dumps([{"name": name, "image": "busybox:1.36", "essential": True}]),
            opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"taskArn": self.task.arn})


queue_worker = Worker("queue")

pulumi.export("clusterName", cluster.name)
pulumi.export("taskArns", [api_task.arn, worker_task.arn, report_task.arn, proxy_task.arn, tuned_task.arn,
                           greedy_task.arn, ec2_task.arn])
pulumi.export("serviceName", batch_service.name)
pulumi.export("queueTask", queue_worker.task.family)
