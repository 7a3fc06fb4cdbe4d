import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
DB_PASSWORD = "SuperSecret123!"

db = aws.rds.Instance(
    "db",
    engine="postgres",
    engine_version="16.4",
    instance_class=config.get("instanceClass") or "db.t4g.micro",
    allocated_storage=20,
    username="appadmin",
    password=DB_PASSWORD,
    skip_final_snapshot=True,
)

cluster = aws.rds.Cluster(
    "aurora",
    engine="aurora-postgresql",
    master_username="appadmin",
    master_password=config.get("dbPassword") or pulumi.Output.secret("ChangeMe123!"),
    skip_final_snapshot=True,
)

# The same password is written into a secret: reported, not changed.
SHARED_PASSWORD = "Shared-Password-1"
secret = aws.secretsmanager.Secret("app-db")
aws.secretsmanager.SecretVersion(
    "app-db",
    secret_id=secret.id,
    secret_string=json.dumps({"username": "app", "password": "Inline-Password-2"}),
)
reporting = aws.rds.Instance(
    "reporting",
    engine="mysql",
    instance_class="db.t4g.micro",
    allocated_storage=20,
    username="report",
    password=SHARED_PASSWORD,
    skip_final_snapshot=True,
)
pulumi.export("connection", pulumi.Output.concat("mysql://report:", SHARED_PASSWORD, "@", reporting.address))

pulumi.export("endpoints", [db.address, cluster.endpoint])
