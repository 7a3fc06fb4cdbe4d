import pulumi
import pulumi_aws as aws

logs = aws.s3.Bucket("logs", opts=pulumi.ResourceOptions(retain_on_delete=True))

cluster = aws.rds.Cluster(
    "aurora",
    engine="aurora-postgresql",
    master_username="appadmin",
    manage_master_user_password=True,
    deletion_protection=True,
)

alb = aws.lb.LoadBalancer(
    "web",
    load_balancer_type="application",
    subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    enable_deletion_protection=True,
    opts=pulumi.ResourceOptions(protect=True, depends_on=[cluster]),
)

pulumi.export("names", [logs.bucket, cluster.endpoint, alb.dns_name])
