import * as aws from "@pulumi/aws";

// The S3 V2 family the provider deprecates in favour of the classes without V2.
const site = new aws.s3.BucketV2("site", { forceDestroy: true });

const versioning = new aws.s3.BucketVersioningV2("site-versioning", {
    bucket: site.id,
    versioningConfiguration: { status: "Enabled" },
});

const encryption = new aws.s3.BucketServerSideEncryptionConfigurationV2("site-encryption", {
    bucket: site.id,
    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
});

// A runtime the provider marks deprecated: reported with the supported ones, never changed.
const fn = new aws.lambda.Function("legacy", {
    role: "arn:aws:iam::123456789012:role/legacy",
    runtime: "nodejs16.x",
    handler: "index.handler",
    s3Bucket: "artifacts",
    s3Key: "legacy.zip",
});
