import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
DB_PASSWORD = "SuperSecret123!"

db = aws.rds.Instance(
    "db",
    engine="postgres",
    engine_version="16.4",
    instance_class=config.get("instance_class") or "db.t4g.micro",
    allocated_storage=20,
    username="appadmin",
    password=DB_PASSWORD,
    skip_final_snapshot=True,
)

cluster = aws.rds.Cluster(
    "aurora",
    engine="aurora-postgresql",
    master_username="appadmin",
    master_password=pulumi.Output.secret("ChangeMe123!"),
    skip_final_snapshot=True,
)

warehouse = aws.redshift.Cluster(
    "warehouse",
    cluster_identifier="warehouse",
    node_type="ra3.xlplus",
    master_username="analyst",
    master_password=config.get_secret("warehouse_password") or "Warehouse-Password-1",
    skip_final_snapshot=True,
)

# Written into a secret: reported, not changed.
secret = aws.secretsmanager.Secret("app-db")
aws.secretsmanager.SecretVersion(
    "app-db",
    secret_id=secret.id,
    secret_string=json.dumps({"username": "app", "password": "Inline-Password-2"}),
)

pulumi.export("endpoints", [db.address, cluster.endpoint, warehouse.endpoint])
