import pulumi
import pulumi_aws as cloud

env = pulumi.get_stack()
log_retention_days = 90

# Everything inline, the way models write it; the name is an f-string.
logs_bucket = cloud.s3.Bucket(f"app-logs-{env}",
    acl="private",
    versioning={
        "enabled": True,
    },
    server_side_encryption_configuration={
        "rule": {
            "apply_server_side_encryption_by_default": {
                "sse_algorithm": "aws:kms",
            },
            "bucket_key_enabled": True,
        },
    },
    lifecycle_rules=[
        cloud.s3.BucketLifecycleRuleArgs(
            id="expire-logs",
            enabled=True,
            prefix="logs/",
            transitions=[{"days": 30, "storage_class": "STANDARD_IA"}],
            expiration={"days": log_retention_days},
            noncurrent_version_expiration={"days": 30},
        ),
        {
            "enabled": True,
            "abort_incomplete_multipart_upload_days": 7,
        },
    ],
    tags={"Environment": env},
)

# Access logging and CORS.
uploads = cloud.s3.Bucket("uploads",
    logging={
        "target_bucket": logs_bucket.id,
    },
    cors_rules=[{
        "allowed_methods": ["GET", "PUT"],
        "allowed_origins": ["https://example.com"],
        "max_age_seconds": 3000,
    }],
    force_destroy=True,
)

# A website: its endpoint now comes from the website configuration.
site = cloud.s3.Bucket("site",
    website={
        "index_document": "index.html",
        "error_document": "404.html",
    },
)

pulumi.export("siteUrl", pulumi.Output.concat("http://", site.website_endpoint))


# Inside a component: parented like the bucket.
class Archive(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("acme:storage:Archive", name, None, opts)
        self.bucket = cloud.s3.Bucket(f"{name}-archive",
            versioning={"enabled": True},
            opts=pulumi.ResourceOptions(parent=self, protect=True))
        self.register_outputs({"bucket": self.bucket.id})


Archive("cold")

# Already split: left alone.
media = cloud.s3.Bucket("media")
cloud.s3.BucketVersioning("media-versioning",
    bucket=media.id,
    versioning_configuration={"status": "Enabled"},
)

# A public-read ACL needs ownership controls: reported, left inline.
legacy = cloud.s3.Bucket("legacy",
    acl="public-read",
)

# Public access blocks for the private buckets.
for name, bucket in {"logs": logs_bucket, "uploads": uploads, "media": media}.items():
    cloud.s3.BucketPublicAccessBlock(f"{name}-public-access-block",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    )

# Replicated: versioning stays inline with the replication that needs it (S3 refuses
# replication on an unversioned bucket); the rest moves.
replicated = cloud.s3.Bucket("replicated",
    versioning={"enabled": True},
    server_side_encryption_configuration={
        "rule": {"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}},
    },
    replication_configuration={
        "role": "arn:aws:iam::123456789012:role/replication",
        "rules": [{"status": "Enabled", "destination": {"bucket": "arn:aws:s3:::backup"}}],
    },
)

pulumi.export("logsBucket", logs_bucket)
pulumi.export("replicatedBucket", replicated.id)
