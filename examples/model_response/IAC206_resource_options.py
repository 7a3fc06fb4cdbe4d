import pulumi
import pulumi_aws as aws

# Resource options written among the arguments.
recorder = aws.cfg.Recorder("recorder", role_arn="arn:aws:iam::123456789012:role/config")

channel = aws.cfg.DeliveryChannel(
    "channel",
    s3_bucket_name="config-history",
    depends_on=[recorder],
)

versioning_rule = aws.cfg.Rule(
    "s3-versioning",
    source={"owner": "AWS", "source_identifier": "S3_BUCKET_VERSIONING_ENABLED"},
    depends_on=[recorder, channel],
    opts=pulumi.ResourceOptions(protect=False),
)
