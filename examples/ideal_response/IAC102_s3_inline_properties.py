import pulumi
import pulumi_aws as cloud

env = pulumi.get_stack()
log_retention_days = 90

# Everything inline, the way models write it; the name is an f-string.
logs_bucket = cloud.s3.Bucket(f"app-logs-{env}",
    tags={"Environment": env},
)

cloud.s3.BucketVersioning(
    f"app-logs-{env}-versioning",
    bucket=logs_bucket.id,
    versioning_configuration={"status": "Enabled"},
)

cloud.s3.BucketServerSideEncryptionConfiguration(
    f"app-logs-{env}-encryption",
    bucket=logs_bucket.id,
    rules=[
        {
            "apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"},
            "bucket_key_enabled": True,
        },
    ],
)

cloud.s3.BucketLifecycleConfiguration(
    f"app-logs-{env}-lifecycle",
    bucket=logs_bucket.id,
    rules=[
        {
            "id": "expire-logs",
            "status": "Enabled",
            "filter": {"prefix": "logs/"},
            "expiration": {"days": log_retention_days},
            "transitions": [
                {"days": 30, "storage_class": "STANDARD_IA"},
            ],
            "noncurrent_version_expiration": {"noncurrent_days": 30},
        },
        {
            "id": "rule-2",
            "status": "Enabled",
            "filter": {},
            "abort_incomplete_multipart_upload": {"days_after_initiation": 7},
        },
    ],
)

# Access logging and CORS.
uploads = cloud.s3.Bucket("uploads",
    force_destroy=True,
)

cloud.s3.BucketLogging(
    "uploads-logging",
    bucket=uploads.id,
    target_bucket=logs_bucket.id,
    target_prefix="",
)

cloud.s3.BucketCorsConfiguration(
    "uploads-cors",
    bucket=uploads.id,
    cors_rules=[
        {
            "allowed_methods": ["GET", "PUT"],
            "allowed_origins": ["https://example.com"],
            "max_age_seconds": 3000,
        },
    ],
)

# A website: its endpoint now comes from the website configuration.
site = cloud.s3.Bucket("site",
)

site_website = cloud.s3.BucketWebsiteConfiguration(
    "site-website",
    bucket=site.id,
    index_document={"suffix": "index.html"},
    error_document={"key": "404.html"},
)

pulumi.export("siteUrl", pulumi.Output.concat("http://", site_website.website_endpoint))


# Inside a component: parented like the bucket.
class Archive(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("acme:storage:Archive", name, None, opts)
        self.bucket = cloud.s3.Bucket(f"{name}-archive",
            opts=pulumi.ResourceOptions(parent=self, protect=True))

        cloud.s3.BucketVersioning(
            f"{name}-archive-versioning",
            bucket=self.bucket.id,
            versioning_configuration={"status": "Enabled"},
            opts=pulumi.ResourceOptions(parent=self),
        )

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
    replication_configuration={
        "role": "arn:aws:iam::123456789012:role/replication",
        "rules": [{"status": "Enabled", "destination": {"bucket": "arn:aws:s3:::backup"}}],
    },
)

cloud.s3.BucketServerSideEncryptionConfiguration(
    "replicated-encryption",
    bucket=replicated.id,
    rules=[
        {
            "apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"},
        },
    ],
)

pulumi.export("logsBucket", logs_bucket)
pulumi.export("replicatedBucket", replicated.id)
