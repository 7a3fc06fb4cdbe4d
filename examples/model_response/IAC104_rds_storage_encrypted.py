import pulumi
import pulumi_aws as aws

config = pulumi.Config()

# Not encrypted: storage_encrypted left out.
db = aws.rds.Instance("app-db",
    engine="postgres",
    engine_version="16.3",
    instance_class="db.t3.micro",
    allocated_storage=20,
    username="app",
    password=config.require_secret("dbPassword"),
    skip_final_snapshot=True,
)

# Explicitly off.
cluster = aws.rds.Cluster("orders",
    engine="aurora-postgresql",
    master_username="orders",
    master_password=config.require_secret("ordersPassword"),
    storage_encrypted=False,
    skip_final_snapshot=True,
)

# An Aurora member instance: the cluster decides.
writer = aws.rds.ClusterInstance("orders-writer",
    cluster_identifier=cluster.id,
    engine=aws.rds.EngineType.AURORA_POSTGRESQL,
    instance_class="db.r6g.large",
)

# Aurora Serverless v1 is always encrypted: left alone.
legacy_serverless = aws.rds.Cluster("reports",
    engine="aurora-mysql",
    engine_mode="serverless",
    master_username="reports",
    master_password=config.require_secret("reportsPassword"),
    skip_final_snapshot=True,
)

# A read replica inherits the source's encryption: left alone.
replica = aws.rds.Instance("app-db-replica",
    replicate_source_db=db.identifier,
    instance_class="db.t3.micro",
    skip_final_snapshot=True,
)

# Already encrypted: left alone.
audit = aws.rds.Instance("audit-db",
    engine="mysql",
    instance_class="db.t3.micro",
    allocated_storage=20,
    username="audit",
    password=config.require_secret("auditPassword"),
    storage_encrypted=True,
    skip_final_snapshot=True,
)
