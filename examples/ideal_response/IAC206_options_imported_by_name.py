import pulumi_aws as aws
from pulumi import ResourceOptions

# A resource option among the arguments, and options written with `ResourceOptions` imported by
# name: the option joins them there.
recorder = aws.cfg.Recorder("recorder", role_arn="arn:aws:iam::123456789012:role/config")

channel = aws.cfg.DeliveryChannel(
    "channel",
    s3_bucket_name="config-history",
    opts=ResourceOptions(protect=False, depends_on=[recorder]),
)
