import pulumi_aws as aws
import pulumi

# A resource option among the arguments of a program that imports only pulumi_aws: the options
# argument needs the SDK, so `import pulumi` comes with it.
channel = aws.cfg.DeliveryChannel("channel", s3_bucket_name="config-history")

rule = aws.cfg.Rule(
    "s3-versioning",
    source={"owner": "AWS", "source_identifier": "S3_BUCKET_VERSIONING_ENABLED"},
    opts=pulumi.ResourceOptions(depends_on=[channel]),
)
