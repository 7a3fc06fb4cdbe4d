import pulumi
import pulumi_aws as aws

logs = aws.s3.Bucket("logs", force_destroy=True, opts=pulumi.ResourceOptions())

images = aws.ecr.Repository(
    "images",
    image_tag_mutability="IMMUTABLE",
    force_delete=True,
)

db = aws.rds.Instance(
    "db",
    engine="postgres",
    instance_class="db.t4g.micro",
    allocated_storage=20,
    username="appadmin",
    manage_master_user_password=True,
    deletion_protection=False,
    skip_final_snapshot=True,
    final_snapshot_identifier="db-final",
)

table = aws.dynamodb.Table(
    "events",
    attributes=[{"name": "id", "type": "S"}],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
    deletion_protection_enabled=False,
)

secret = aws.secretsmanager.Secret("api-key", name="api-key", recovery_window_in_days=0, opts=pulumi.ResourceOptions(depends_on=[table]))

pulumi.export("names", [logs.bucket, images.name, db.address, table.name, secret.name])
