import pulumi
import pulumi_aws as aws

logs = aws.s3.Bucket("logs", force_destroy=True, opts=pulumi.ResourceOptions())

cluster = aws.rds.Cluster(
    "aurora",
    engine="aurora-postgresql",
    master_username="appadmin",
    manage_master_user_password=True,
    deletion_protection=False,
    skip_final_snapshot=True,
)

alb = aws.lb.LoadBalancer(
    "web",
    load_balancer_type="application",
    subnets=["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
    enable_deletion_protection=False,
    opts=pulumi.ResourceOptions(depends_on=[cluster]),
)

pulumi.export("names", [logs.bucket, cluster.endpoint, alb.dns_name])
