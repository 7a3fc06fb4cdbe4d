import pulumi
import pulumi_aws as aws

env = pulumi.get_stack()

# Everything inline; the name is an f-string.
logs_bucket = aws.s3.Bucket(
    f"app-logs-{env}",
    acl="private",
    versioning=aws.s3.BucketVersioningArgs(enabled=True),
    server_side_encryption_configuration={
        "rule": {
            "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"},
            "bucket_key_enabled": True,
        },
    },
    lifecycle_rules=[
        aws.s3.BucketLifecycleRuleArgs(
            id="expire-logs",
            enabled=True,
            prefix="logs/",
            expiration=aws.s3.BucketLifecycleRuleExpirationArgs(days=90),
        ),
    ],
    tags={"Environment": env},
)


class Archive(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("acme:storage:Archive", name, None, opts)
        self.bucket = aws.s3.Bucket(
            f"{name}-archive",
            versioning={"enabled": True},
            opts=pulumi.ResourceOptions(parent=self, protect=True),
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
    server_side_encryption_configuration={
        "rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}},
    },
    replication_configuration={
        "role": "arn:aws:iam::123456789012:role/replication",
        "rules": [{"status": "Enabled", "destination": {"bucket": "arn:aws:s3:::backup"}}],
    },
)
