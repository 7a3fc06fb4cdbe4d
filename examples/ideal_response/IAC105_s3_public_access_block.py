import pulumi
import pulumi_aws as aws

env = pulumi.get_stack()

data = aws.s3.Bucket(f"data-{env}", force_destroy=True)

aws.s3.BucketPublicAccessBlock(
    f"data-{env}-public-access-block",
    bucket=data.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

reports = aws.s3.Bucket("reports")

aws.s3.BucketPublicAccessBlock(
    "reports-public-access-block",
    bucket=reports.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

# A website bucket, public on purpose: left alone.
site = aws.s3.Bucket("site")
aws.s3.BucketWebsiteConfiguration(
    "site-website",
    bucket=site.id,
    index_document={"suffix": "index.html"},
)
