import pulumi_aws as aws

# A deprecated class whose nested values are declared with its own input types: the types
# follow the class to its replacement.
site = aws.s3.Bucket("site", force_destroy=True)

versioning_configuration = aws.s3.BucketVersioningVersioningConfigurationArgs(
    status="Enabled",
)

versioning = aws.s3.BucketVersioning(
    "site-versioning",
    bucket=site.id,
    versioning_configuration=versioning_configuration,
)
