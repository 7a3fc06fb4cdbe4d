import json
from typing import Optional

import pulumi
import pulumi_aws as cloud
from pulumi_aws import ecs

config = pulumi.Config()
env = config.get("env") or "dev"
subnet_ids = config.require_object("subnetIds")
target_group_arn = config.require("targetGroupArn")

cluster = cloud.ecs.Cluster(f"api-cluster-{env}")
task_definition = cloud.ecs.TaskDefinition(f"api-task-{env}",
    family=f"api-{env}",
    cpu="256",
    memory="512",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions=json.dumps([{"name": "api", "image": "nginx:1.27", "essential": True}]),
)

# No deployment settings at all, behind a load balancer.
service = cloud.ecs.Service(f"api-service-{env}",
    cluster=cluster.arn,
    task_definition=task_definition.arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration={
        "subnets": subnet_ids,
        "assign_public_ip": False,
    },
    load_balancers=[
        {
            "target_group_arn": target_group_arn,
            "container_name": "api",
            "container_port": 80,
        },
    ],
)

# The CloudFormation shape nested in deployment_configuration (reportArgumentType with pulumi-aws):
# moved to the top level with the values the program chose.
worker = cloud.ecs.Service(f"worker-{env}",
    cluster=cluster.arn,
    task_definition=task_definition.arn,
    desired_count=1,
    launch_type="FARGATE",
    network_configuration={"subnets": subnet_ids},
    deployment_configuration={
        "maximum_percent": 150,
        "minimum_healthy_percent": 50,
        "deployment_circuit_breaker": {
            "enable": True,
            "rollback": True,
        },
    },
    propagate_tags="TASK_DEFINITION",
)

# Named import, single quotes, no trailing commas, a spread that already sets one key.
common = {'cluster': cluster.arn, 'deployment_maximum_percent': 150}
cron = ecs.Service('cron',
    **common,
    task_definition=task_definition.arn,
    desired_count=1,
    launch_type='FARGATE',
    network_configuration={'subnets': subnet_ids}
)

# A v7 deployment strategy stays in deployment_configuration; the nested percent moves out.
rolling = ecs.Service("rolling",
    cluster=cluster.arn,
    task_definition=task_definition.arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration={"subnets": subnet_ids},
    deployment_configuration={"strategy": "ROLLING", "minimum_healthy_percent": 100},
)

# Blue/green through CodeDeploy: no circuit breaker there, left alone.
blue_green = ecs.Service("blue-green",
    cluster=cluster.arn,
    task_definition=task_definition.arn,
    desired_count=2,
    launch_type="FARGATE",
    deployment_controller={"type": "CODE_DEPLOY"},
    network_configuration={"subnets": subnet_ids},
)

# Already safe: left alone.
safe = ecs.Service("safe",
    cluster=cluster.arn,
    task_definition=task_definition.arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration={"subnets": subnet_ids},
    deployment_circuit_breaker={"enable": True, "rollback": True},
    deployment_maximum_percent=200,
    deployment_minimum_healthy_percent=100,
    propagate_tags="SERVICE",
)


class Api(pulumi.ComponentResource):
    def __init__(self, name: str, cluster_arn: pulumi.Input[str], task_definition_arn: pulumi.Input[str],
                 opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("example:apps:Api", name, None, opts)
        self.service = cloud.ecs.Service(f"{name}-svc",
            cluster=cluster_arn,
            task_definition=task_definition_arn,
            desired_count=3,
            launch_type="FARGATE",
            network_configuration={"subnets": subnet_ids},
            deployment_minimum_healthy_percent=50,
            opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"serviceName": self.service.name})


api = Api("internal", cluster_arn=cluster.arn, task_definition_arn=task_definition.arn)

pulumi.export("serviceNames", [service.name, worker.name, cron.name, rolling.name, blue_green.name, safe.name,
                               api.service.name])
