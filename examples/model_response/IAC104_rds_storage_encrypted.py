import pulumi
import pulumi_aws as aws

config = pulumi.Config()

db = aws.rds.Instance(
    "app-db",
    engine="postgres",
    instance_class="db.t3.micro",
    allocated_storage=20,
    username="app",
    password=config.require_secret("dbPassword"),
    skip_final_snapshot=True,
)

cluster = aws.rds.Cluster(
    "orders",
    engine="aurora-postgresql",
    master_username="orders",
    master_password=config.require_secret("ordersPassword"),
    storage_encrypted=False,
    skip_final_snapshot=True,
)

serverless = aws.rds.Cluster("reports", engine="aurora-mysql", engine_mode="serverless", skip_final_snapshot=True)
