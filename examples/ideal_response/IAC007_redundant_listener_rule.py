"""An internal API behind an application load balancer."""
import pulumi
import pulumi_aws as aws
from pulumi_aws import ecs, lb

config = pulumi.Config()
env = config.get("env") or "dev"
vpc_id = config.require("vpcId")
subnet_ids = config.require_object("subnetIds")

alb = aws.lb.LoadBalancer(f"api-alb-{env}", load_balancer_type="application", subnets=subnet_ids)
api_targets = aws.lb.TargetGroup(f"api-tg-{env}", port=80, protocol="HTTP", target_type="ip", vpc_id=vpc_id)
admin_targets = lb.TargetGroup("admin-tg", port=8080, protocol="HTTP", target_type="ip", vpc_id=vpc_id)

listener = aws.lb.Listener(f"api-listener-{env}",
    load_balancer_arn=alb.arn,
    port=80,
    protocol="HTTP",
    default_actions=[{
        "type": "forward",
        "target_group_arn": api_targets.arn,
    }])

# A real routing rule: left alone.
admin_rule = lb.ListenerRule("admin",
    listener_arn=listener.arn,
    priority=10,
    actions=[{"type": "forward", "target_group_arn": admin_targets.arn}],
    conditions=[{"path_pattern": {"values": ["/admin/*"]}}])

cluster = ecs.Cluster(f"api-cluster-{env}")
service = ecs.Service(f"api-service-{env}",
    cluster=cluster.arn,
    desired_count=2,
    launch_type="FARGATE",
    task_definition=config.require("taskDefinitionArn"),
    network_configuration={"subnets": subnet_ids},
    load_balancers=[{"target_group_arn": api_targets.arn, "container_name": "api", "container_port": 80}],
    deployment_circuit_breaker={"enable": True, "rollback": True},
    deployment_maximum_percent=200,
    deployment_minimum_healthy_percent=100,
    health_check_grace_period_seconds=60,
    propagate_tags="SERVICE",
    opts=pulumi.ResourceOptions(depends_on=[listener]))

pulumi.export("alb_dns", alb.dns_name)
pulumi.export("admin_rule_arn", admin_rule.arn)
