"""An ECS Fargate API behind an Application Load Balancer, as a model wrote it (Pulumi Python).

It carries the eight failures of the seed document.
"""

import json
import os

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
environment_suffix = config.get("environmentSuffix") or "dev"
common_tags = {
    "Environment": environment_suffix,
    "Project": pulumi.get_project(),
    "Owner": "cloud-team",
    "CostCenter": "engineering",
    "ManagedBy": "pulumi",
}
image_uri = os.environ.get("IMAGE_URI") or "nginx:latest@sha256:447a8665cc1dab95b1ca778e162215839ccbb9189104c79d7ec3a81e14577add"  # Using 'latest' tag


class ApiService(pulumi.ComponentResource):
    def __init__(self, name: str, vpc_id: pulumi.Input[str], subnet_ids: pulumi.Input[list], opts=None):
        super().__init__("example:api:ApiService", name, None, opts)

        alb_security_group = aws.ec2.SecurityGroup(
            f"alb-sg-{environment_suffix}",
            vpc_id=vpc_id,
            ingress=[{"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]}],
            egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        # CloudWatch Log Group
        log_group = aws.cloudwatch.LogGroup(
            f"ecs-logs-{environment_suffix}",
            name=f"/ecs/api-{environment_suffix}",
            retention_in_days=7,
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        assume_role = json.dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "sts:AssumeRole",
                "Effect": "Allow",
                "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            }],
        })

        execution_role = aws.iam.Role(
            f"ecs-execution-role-{environment_suffix}",
            assume_role_policy=assume_role,
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        aws.iam.RolePolicyAttachment(
            f"ecs-execution-policy-{environment_suffix}",
            role=execution_role.name,
            policy_arn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
            opts=pulumi.ResourceOptions(parent=self),
        )

        task_role = aws.iam.Role(
            f"ecs-task-role-{environment_suffix}",
            assume_role_policy=assume_role,
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        # The task reads and writes the app's data bucket, table and queue.
        aws.iam.RolePolicy(
            f"ecs-task-policy-{environment_suffix}",
            role=task_role.id,
            policy=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                    "Resource": [
                        f"arn:aws:s3:::app-data-{environment_suffix}",
                        f"arn:aws:s3:::app-data-{environment_suffix}/*",
                    ],
                },
                {
                    "Effect": "Allow",
                    "Action": [
                        "dynamodb:GetItem",
                        "dynamodb:PutItem",
                        "dynamodb:UpdateItem",
                        "dynamodb:Query",
                        "dynamodb:Scan",
                    ],
                    "Resource": f"arn:aws:dynamodb:*:*:table/app-table-{environment_suffix}",
                },
                {
                    "Effect": "Allow",
                    "Action": [
                        "sqs:SendMessage",
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:GetQueueAttributes",
                    ],
                    "Resource": f"arn:aws:sqs:*:*:app-queue-{environment_suffix}",
                }],
            }),
            opts=pulumi.ResourceOptions(parent=self),
        )

        cluster = aws.ecs.Cluster(
            f"api-cluster-{environment_suffix}",
            name=f"api-cluster-{environment_suffix}",
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        task_definition = aws.ecs.TaskDefinition(
            f"api-task-{environment_suffix}",
            family=f"api-{environment_suffix}",
            cpu="256",
            memory="1024",
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            execution_role_arn=execution_role.arn,
            task_role_arn=task_role.arn,
            container_definitions=json.dumps([{
                "name": "api-container",
                "image": image_uri,
                "essential": True,
                "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
            }]),
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        # A background worker: 256 CPU units cannot have 4 GB of memory on Fargate.
        aws.ecs.TaskDefinition(
            f"worker-task-{environment_suffix}",
            family=f"worker-{environment_suffix}",
            cpu="512",
            memory="4096",
            network_mode="awsvpc",
            requires_compatibilities=["FARGATE"],
            execution_role_arn=execution_role.arn,
            container_definitions=json.dumps([{
                "name": "worker",
                "image": image_uri,
                "essential": True,
            }]),
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        alb = aws.lb.LoadBalancer(
            f"api-alb-{environment_suffix}",
            internal=False,
            load_balancer_type="application",
            security_groups=[alb_security_group.id],
            subnets=subnet_ids,
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        target_group = aws.lb.TargetGroup(
            f"api-tg-{environment_suffix}",
            port=80,
            protocol="HTTP",
            vpc_id=vpc_id,
            target_type="ip",
            health_check=aws.lb.TargetGroupHealthCheckArgs(
                enabled=True,
                path="/health",
                interval=30,
                timeout=5,
                healthy_threshold=2,
                unhealthy_threshold=3,
                matcher="200",
            ),
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        # Primary Listener
        listener = aws.lb.Listener(
            f"api-listener-{environment_suffix}",
            load_balancer_arn=alb.arn,
            port=80,
            protocol="HTTP",
            default_actions=[{
                "type": "forward",
                "target_group_arn": target_group.arn,
            }],
            tags=common_tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        aws.ecs.Service(
            f"api-service-{environment_suffix}",
            cluster=cluster.arn,
            task_definition=task_definition.arn,
            desired_count=2,
            launch_type="FARGATE",
            network_configuration={
                "subnets": subnet_ids,
                "security_groups": [alb_security_group.id],
                "assign_public_ip": True,
            },
            load_balancers=[{
                "target_group_arn": target_group.arn,
                "container_name": "api-container",
                "container_port": 80,
            }],
            tags=common_tags,
            deployment_circuit_breaker={"enable": True, "rollback": True},
            deployment_maximum_percent=200,
            deployment_minimum_healthy_percent=100,
            health_check_grace_period_seconds=60,
            propagate_tags="SERVICE",
            opts=pulumi.ResourceOptions(parent=self, depends_on=[listener]),
        )

        self.url = alb.dns_name.apply(lambda dns: f"http://{dns}")
        self.register_outputs({"url": self.url, "log_group": log_group.name})


vpc_id = config.require("vpcId")
subnet_ids = config.require_object("subnetIds")

api = ApiService("api", vpc_id=vpc_id, subnet_ids=subnet_ids)
pulumi.export("url", api.url)
