import pulumi
import pulumi_aws as aws

env = pulumi.get_stack()

# Everything inline; the name is an f-string.
logs_bucket = aws.s3.Bucket(
    f"app-logs-{env}",
    tags={"Environment": env},
)

aws.s3.BucketVersioning(
    f"app-logs-{env}-versioning",
    bucket=logs_bucket.id,
    versioning_configuration={"status": "Enabled"},
)

aws.s3.BucketServerSideEncryptionConfiguration(
    f"app-logs-{env}-encryption",
    bucket=logs_bucket.id,
    rules=[
        {
            "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"},
            "bucket_key_enabled": True,
        },
    ],
)

aws.s3.BucketLifecycleConfiguration(
    f"app-logs-{env}-lifecycle",
    bucket=logs_bucket.id,
    rules=[
        {
            "id": "expire-logs",
            "status": "Enabled",
            "filter": {"prefix": "logs/"},
            "expiration": {"days": 90},
        },
    ],
)


class Archive(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("acme:storage:Archive", name, None, opts)
        self.bucket = aws.s3.Bucket(
            f"{name}-archive",
            opts=pulumi.ResourceOptions(parent=self, protect=True),
        )

        aws.s3.BucketVersioning(
            f"{name}-archive-versioning",
            bucket=self.bucket.id,
            versioning_configuration={"status": "Enabled"},
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.register_outputs({"bucket": self.bucket.id})


Archive("cold")

for name, bucket in {"logs": logs_bucket}.items():
    aws.s3.BucketPublicAccessBlock(
        f"{name}-public-access-block",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )

# Replicated: versioning stays inline with the replication that needs it (S3 refuses
# replication on an unversioned bucket); the rest moves.
replicated = aws.s3.Bucket(
    "replicated",
    versioning={"enabled": True},
    replication_configuration={
        "role": "arn:aws:iam::123456789012:role/replication",
        "rules": [{"status": "Enabled", "destination": {"bucket": "arn:aws:s3:::backup"}}],
    },
)

aws.s3.BucketServerSideEncryptionConfiguration(
    "replicated-encryption",
    bucket=replicated.id,
    rules=[
        {
            "apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"},
        },
    ],
)
