import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const env = pulumi.getStack();

// Private data buckets without a public access block.
const data = new aws.s3.Bucket(`data-${env}`, {
    forceDestroy: true,
});

new aws.s3.BucketPublicAccessBlock(`data-${env}-public-access-block`, {
    bucket: data.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

const reports = new aws.s3.Bucket("reports");

new aws.s3.BucketPublicAccessBlock("reports-public-access-block", {
    bucket: reports.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

// Already blocked: left alone.
const audit = new aws.s3.Bucket("audit", {});
const auditBlock = new aws.s3.BucketPublicAccessBlock("audit-block", {
    bucket: audit.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

// A website bucket, public on purpose: left alone.
const site = new aws.s3.Bucket("site", {});
const siteWebsite = new aws.s3.BucketWebsiteConfiguration("site-website", {
    bucket: site.id,
    indexDocument: { suffix: "index.html" },
});

// A bucket whose policy lets everyone read: left alone.
const assets = new aws.s3.Bucket("assets", {});
new aws.s3.BucketPolicy("assets-policy", {
    bucket: assets.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: pulumi.interpolate`${assets.arn}/*`,
        }],
    }),
});

// A public access block written as a bucket argument (there is none): it becomes its own resource.
const uploads = new aws.s3.Bucket("uploads", {
    forceDestroy: true,
});

new aws.s3.BucketPublicAccessBlock("uploads-public-access-block", {
    bucket: uploads.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

// The block's own flags written on the bucket: they go with the block that replaces them.
const archive = new aws.s3.Bucket("archive", {
});

new aws.s3.BucketPublicAccessBlock("archive-public-access-block", {
    bucket: archive.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
});

// Inside a component: the block is parented like the bucket.
class Store extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("acme:storage:Store", name, {}, opts);
        this.bucket = new aws.s3.Bucket(`${name}-store`, {}, { parent: this });

        new aws.s3.BucketPublicAccessBlock(`${name}-store-public-access-block`, {
            bucket: this.bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, { parent: this });

        this.registerOutputs({ bucket: this.bucket.id });
    }
}

new Store("main");

export const uploadsBucket = uploads.id;
export const archiveBucket = archive.id;
