"""The API service and its worker on ECS Fargate."""
import pulumi
import pulumi_aws as aws
from pulumi_aws import ecs

config = pulumi.Config()
env = config.get("env") or "dev"
subnet_ids = config.require_object("subnetIds")
target_group_arn = config.require("targetGroupArn")
task_definition_arn = config.require("taskDefinitionArn")

cluster = aws.ecs.Cluster(f"api-cluster-{env}")

# No deployment settings at all, behind a load balancer.
service = aws.ecs.Service(f"api-service-{env}",
    cluster=cluster.arn,
    task_definition=task_definition_arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration={"subnets": subnet_ids, "assign_public_ip": False},
    load_balancers=[{
        "target_group_arn": target_group_arn,
        "container_name": "api",
        "container_port": 80,
    }],
    deployment_circuit_breaker={"enable": True, "rollback": True},
    deployment_maximum_percent=200,
    deployment_minimum_healthy_percent=100,
    health_check_grace_period_seconds=60,
    propagate_tags="SERVICE")

# The CloudFormation shape nested in deployment_configuration: moved to the top level.
worker = ecs.Service(f"worker-{env}",
    cluster=cluster.arn,
    task_definition=task_definition_arn,
    desired_count=1,
    launch_type="FARGATE",
    network_configuration={"subnets": subnet_ids},
    deployment_maximum_percent=150,
    deployment_minimum_healthy_percent=50,
    propagate_tags="TASK_DEFINITION",
    deployment_circuit_breaker={"enable": True, "rollback": True})

# Blue/green through CodeDeploy: left alone.
blue_green = ecs.Service("blue-green",
    cluster=cluster.arn,
    task_definition=task_definition_arn,
    desired_count=2,
    launch_type="FARGATE",
    deployment_controller={"type": "CODE_DEPLOY"},
    network_configuration={"subnets": subnet_ids})

pulumi.export("services", [service.name, worker.name, blue_green.name])
