"""Cost-allocation tags inside ComponentResource classes."""

from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

common_tags = {
    "Environment": pulumi.get_stack(),
    "Project": pulumi.get_project(),
    "ManagedBy": "pulumi",
}


class ApiStackArgs:
    def __init__(
        self,
        environment_suffix: Optional[str] = None,
        tags: Optional[pulumi.Input[Mapping[str, str]]] = None,
    ):
        self.environment_suffix = environment_suffix
        self.tags = tags


class ApiStack(pulumi.ComponentResource):
    def __init__(self, name: str, args: ApiStackArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("tap:stack:ApiStack", name, None, opts)

        environment_suffix = args.environment_suffix or "dev"

        self.cluster = aws.ecs.Cluster(
            f"api-cluster-{environment_suffix}",
            name=f"api-cluster-{environment_suffix}",
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        logs = aws.cloudwatch.LogGroup(
            f"api-logs-{environment_suffix}",
            retention_in_days=7,
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        template = aws.ec2.LaunchTemplate(
            f"api-lt-{environment_suffix}",
            image_id="ami-0c55b159cbfafe1f0",
            instance_type="t3.micro",
            tags=args.tags,
            opts=pulumi.ResourceOptions(parent=self),
        )

        asg = aws.autoscaling.Group(
            f"api-asg-{environment_suffix}",
            max_size=2,
            min_size=1,
            availability_zones=["us-east-1a"],
            launch_template={"id": template.id, "version": "$Latest"},
            tags=[{"key": k, "value": v, "propagate_at_launch": True} for k, v in common_tags.items()],
            opts=pulumi.ResourceOptions(parent=self),
        )

        # A tag selector, not tagging: never touched.
        group = aws.inspector.ResourceGroup(
            f"api-inspect-{environment_suffix}",
            tags={"Team": "api"},
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.register_outputs({
            "cluster_arn": self.cluster.arn,
            "log_group": logs.name,
            "asg": asg.name,
            "group": group.arn,
        })


class QueueStackArgs:
    def __init__(self, environment_suffix: str):
        self.environment_suffix = environment_suffix


class QueueStack(pulumi.ComponentResource):
    def __init__(self, name: str, args: QueueStackArgs, opts: Optional[pulumi.ResourceOptions] = None):
        super().__init__("tap:stack:QueueStack", name, None, opts)
        queue = aws.sqs.Queue(f"jobs-{args.environment_suffix}", tags=common_tags, opts=pulumi.ResourceOptions(parent=self))
        self.register_outputs({"queue_url": queue.url})
