import pulumi
import pulumi_aws as aws

logs = aws.s3.Bucket("logs", opts=pulumi.ResourceOptions(retain_on_delete=True))

images = aws.ecr.Repository(
    "images",
    image_tag_mutability="IMMUTABLE",
)

db = aws.rds.Instance(
    "db",
    engine="postgres",
    instance_class="db.t4g.micro",
    allocated_storage=20,
    username="appadmin",
    manage_master_user_password=True,
    deletion_protection=True,
    skip_final_snapshot=False,
    final_snapshot_identifier="db-final",
)

table = aws.dynamodb.Table(
    "events",
    attributes=[{"name": "id", "type": "S"}],
    hash_key="id",
    billing_mode="PAY_PER_REQUEST",
    deletion_protection_enabled=True,
)

secret = aws.secretsmanager.Secret("api-key", name="api-key", opts=pulumi.ResourceOptions(protect=True, depends_on=[table]))

pulumi.export("names", [logs.bucket, images.name, db.address, table.name, secret.name])
