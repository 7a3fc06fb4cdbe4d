from typing import Optional

import pulumi
import pulumi_aws as net
from pulumi_aws import ecs, lb

config = pulumi.Config()
env = config.get("env") or "dev"
vpc_id = config.require("vpcId")
subnet_ids = config.require_object("subnetIds")

alb = net.lb.LoadBalancer(f"api-alb-{env}",
    load_balancer_type="application",
    subnets=subnet_ids,
)
api_targets = net.lb.TargetGroup(f"api-tg-{env}",
    port=80,
    protocol="HTTP",
    target_type="ip",
    vpc_id=vpc_id,
)
admin_targets = net.lb.TargetGroup(f"admin-tg-{env}",
    port=8080,
    protocol="HTTP",
    target_type="ip",
    vpc_id=vpc_id,
)

# Primary listener
listener = net.lb.Listener(f"api-listener-{env}",
    load_balancer_arn=alb.arn,
    port=80,
    protocol="HTTP",
    default_actions=[
        {
            "type": "forward",
            "target_group_arn": api_targets.arn,
        },
    ],
)

# Catch-all rule that forwards exactly where the default action does: removed, with its uses.
listener_rule = net.lb.ListenerRule(f"api-listener-rule-{env}",
    listener_arn=listener.arn,
    priority=100,
    actions=[
        {
            "type": "forward",
            "target_group_arn": api_targets.arn,
        },
    ],
    conditions=[
        {
            "path_pattern": {
                "values": ["/*"],
            },
        },
    ],
)

# A real routing rule on another listener: left alone.
admin_listener = lb.Listener("admin",
    load_balancer_arn=alb.arn,
    port=8080,
    protocol="HTTP",
    default_actions=[{"type": "fixed-response", "fixed_response": {"content_type": "text/plain", "status_code": "404"}}],
)
admin_rule = lb.ListenerRule("admin",
    listener_arn=admin_listener.arn,
    priority=10,
    actions=[{"type": "forward", "target_group_arn": admin_targets.arn}],
    conditions=[{"path_pattern": {"values": ["/admin/*"]}}],
)

# Actions held in a variable, single quotes, no trailing commas: removed too.
to_admin: list[net.alb.ListenerDefaultActionArgsDict] = [{'type': 'forward', 'target_group_arn': admin_targets.arn}]
internal_listener = net.alb.Listener('internal',
    load_balancer_arn=alb.arn,
    port=8081,
    protocol='HTTP',
    default_actions=to_admin
)
internal_catch_all = net.alb.ListenerRule('internal-all',
    listener_arn=internal_listener.arn,
    priority=1,
    actions=to_admin,
    conditions=[{'path_pattern': {'values': ['*']}}]
)

# Catch-all rule that sends traffic somewhere else than the default: left alone.
redirect_listener = lb.Listener("redirect",
    load_balancer_arn=alb.arn,
    port=8082,
    protocol="HTTP",
    default_actions=[{"type": "forward", "target_group_arn": api_targets.arn}],
)
redirect_rule = lb.ListenerRule("redirect-all",
    listener_arn=redirect_listener.arn,
    priority=5,
    actions=[{"type": "forward", "target_group_arn": admin_targets.arn}],
    conditions=[{"path_pattern": {"values": ["/*"]}}],
)

# The catch-all hides a later rule: deleting it would change routing, so it is only reported.
legacy_listener = lb.Listener("legacy",
    load_balancer_arn=alb.arn,
    port=8083,
    protocol="HTTP",
    default_actions=[{"type": "forward", "target_group_arn": api_targets.arn}],
)
legacy_all = lb.ListenerRule("legacy-all",
    listener_arn=legacy_listener.arn,
    priority=10,
    actions=[{"type": "forward", "target_group_arn": api_targets.arn}],
    conditions=[{"path_pattern": {"values": ["/*"]}}],
)
legacy_admin = lb.ListenerRule("legacy-admin",
    listener_arn=legacy_listener.arn,
    priority=20,
    actions=[{"type": "forward", "target_group_arn": admin_targets.arn}],
    conditions=[{"path_pattern": {"values": ["/admin/*"]}}],
)


class Edge(pulumi.ComponentResource):
    listener: lb.Listener
    catch_all: lb.ListenerRule

    def __init__(self, name: str, alb_arn: pulumi.Input[str], target_group_arn: pulumi.Input[str],
                 opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("example:net:Edge", name, None, opts)
        self.listener = lb.Listener(f"{name}-listener",
            load_balancer_arn=alb_arn,
            port=9090,
            protocol="HTTP",
            default_actions=[{"type": "forward", "target_group_arn": target_group_arn}],
            opts=pulumi.ResourceOptions(parent=self))
        self.catch_all = lb.ListenerRule(f"{name}-all",
            listener_arn=self.listener.arn,
            priority=100,
            actions=[{"type": "forward", "target_group_arn": target_group_arn}],
            conditions=[{"path_pattern": {"values": ["/*"]}}],
            opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({
            "listenerArn": self.listener.arn,
            "catchAllArn": self.catch_all.arn,
        })


edge = Edge("edge", alb_arn=alb.arn, target_group_arn=api_targets.arn)

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
    opts=pulumi.ResourceOptions(depends_on=[listener, listener_rule]))

pulumi.export("albDns", alb.dns_name)
pulumi.export("listenerRuleArn", listener_rule.arn)
pulumi.export("adminRuleArn", admin_rule.arn)
pulumi.export("redirectRuleArn", redirect_rule.arn)
pulumi.export("legacyRuleArns", [legacy_all.arn, legacy_admin.arn])
pulumi.export("edgeListener", edge.listener.arn)
pulumi.export("serviceName", service.name)
