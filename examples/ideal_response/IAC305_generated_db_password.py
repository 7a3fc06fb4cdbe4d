import json

import pulumi
import pulumi_aws as aws

config = pulumi.Config()

db = aws.rds.Instance(
    "db",
    engine="postgres",
    engine_version="16.4",
    instance_class=config.get("instance_class") or "db.t4g.micro",
    allocated_storage=20,
    username="appadmin",
    skip_final_snapshot=True,
    manage_master_user_password=True,
)

cluster = aws.rds.Cluster(
    "aurora",
    engine="aurora-postgresql",
    master_username="appadmin",
    skip_final_snapshot=True,
    manage_master_user_password=True,
)

warehouse = aws.redshift.Cluster(
    "warehouse",
    cluster_identifier="warehouse",
    node_type="ra3.xlplus",
    master_username="analyst",
    skip_final_snapshot=True,
    manage_master_password=True,
)

# Written into a secret: reported, not changed.
secret = aws.secretsmanager.Secret("app-db")
aws.secretsmanager.SecretVersion(
    "app-db",
    secret_id=secret.id,
    secret_string=json.dumps({"username": "app", "password": "Inline-Password-2"}),
)

pulumi.export("endpoints", [db.address, cluster.endpoint, warehouse.endpoint])
