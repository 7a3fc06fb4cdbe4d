import pulumi
import pulumi_aws as aws

env = pulumi.get_stack()

data = aws.s3.Bucket(f"data-{env}", force_destroy=True)
reports = aws.s3.Bucket("reports")

# A website bucket, public on purpose: left alone.
site = aws.s3.Bucket("site")
aws.s3.BucketWebsiteConfiguration(
    "site-website",
    bucket=site.id,
    index_document={"suffix": "index.html"},
)
