import pulumi_aws as aws

# The S3 V2 family the provider deprecates in favour of the classes without V2.
site = aws.s3.BucketV2("site", force_destroy=True)

versioning = aws.s3.BucketVersioningV2(
    "site-versioning",
    bucket=site.id,
    versioning_configuration={"status": "Enabled"},
)

encryption = aws.s3.BucketServerSideEncryptionConfigurationV2(
    "site-encryption",
    bucket=site.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "AES256"}}],
)

# A runtime the provider marks deprecated: reported with the supported ones, never changed.
fn = aws.lambda_.Function(
    "legacy",
    role="arn:aws:iam::123456789012:role/legacy",
    runtime="python3.8",
    handler="index.handler",
    s3_bucket="artifacts",
    s3_key="legacy.zip",
)
