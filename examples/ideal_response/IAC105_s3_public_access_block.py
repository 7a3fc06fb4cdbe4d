import pulumi
import pulumi_aws as aws

env = pulumi.get_stack()

# Private data buckets without a public access block.
data = aws.s3.Bucket(f"data-{env}",
    force_destroy=True,
)

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

# Already blocked: left alone.
audit = aws.s3.Bucket("audit")
audit_block = aws.s3.BucketPublicAccessBlock("audit-block",
    bucket=audit.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

# A website bucket, public on purpose: left alone.
site = aws.s3.Bucket("site")
site_website = aws.s3.BucketWebsiteConfiguration("site-website",
    bucket=site.id,
    index_document={"suffix": "index.html"},
)

# A bucket whose policy lets everyone read: left alone.
assets = aws.s3.Bucket("assets")
aws.s3.BucketPolicy("assets-policy",
    bucket=assets.id,
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": pulumi.Output.concat(assets.arn, "/*"),
        }],
    }),
)

# A public access block written as a bucket argument (there is none): it becomes its own resource.
uploads = aws.s3.Bucket("uploads",
    force_destroy=True,
)

aws.s3.BucketPublicAccessBlock(
    "uploads-public-access-block",
    bucket=uploads.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

# The block's own flags written on the bucket: they go with the block that replaces them.
archive = aws.s3.Bucket("archive",
)

aws.s3.BucketPublicAccessBlock(
    "archive-public-access-block",
    bucket=archive.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)


# Inside a component: the block is parented like the bucket.
class Store(pulumi.ComponentResource):
    def __init__(self, name: str, opts: pulumi.ResourceOptions | None = None):
        super().__init__("acme:storage:Store", name, None, opts)
        self.bucket = aws.s3.Bucket(f"{name}-store", opts=pulumi.ResourceOptions(parent=self))

        aws.s3.BucketPublicAccessBlock(
            f"{name}-store-public-access-block",
            bucket=self.bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=pulumi.ResourceOptions(parent=self),
        )

        self.register_outputs({"bucket": self.bucket.id})


Store("main")

pulumi.export("uploadsBucket", uploads.id)
pulumi.export("archiveBucket", archive.id)
