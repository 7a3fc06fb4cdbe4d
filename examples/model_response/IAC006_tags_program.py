"""Cost-allocation tags on a Python program: one shared dict; a literal the program writes itself is its own scheme."""

import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
environment_suffix = config.get("environmentSuffix") or "dev"

vpc = aws.ec2.Vpc(f"vpc-{environment_suffix}",
    cidr_block="10.0.0.0/16",
    enable_dns_hostnames=True,
    tags={
        "Name": f"vpc-{environment_suffix}",
    },
)

subnet = aws.ec2.Subnet(f"subnet-{environment_suffix}", vpc_id=vpc.id, cidr_block="10.0.1.0/24")

cluster = aws.ecs.Cluster(f"cluster-{environment_suffix}")

role = aws.iam.Role(f"task-role-{environment_suffix}",
    assume_role_policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }),
)

# Not taggable: left alone.
role_policy = aws.iam.RolePolicy(f"task-policy-{environment_suffix}",
    role=role.id,
    policy=json.dumps({"Version": "2012-10-17", "Statement": []}),
)

# Tags computed by the program: left alone.
queue_tags = config.get_object("queueTags") or {}
queue = aws.sqs.Queue(f"queue-{environment_suffix}", tags=queue_tags)

pulumi.export("vpcId", vpc.id)
pulumi.export("subnetId", subnet.id)
pulumi.export("clusterName", cluster.name)
pulumi.export("queueUrl", queue.url)
pulumi.export("policyName", role_policy.name)
