import * as pulumi from "@pulumi/pulumi";
import * as cloud from "@pulumi/aws";

const env = pulumi.getStack();
const logRetentionDays = 90;

// Everything inline, the way models write it; the name is a template literal.
export const logsBucket = new cloud.s3.Bucket(`app-logs-${env}`, {
    acl: "private",
    versioning: {
        enabled: true,
    },
    serverSideEncryptionConfiguration: {
        rule: {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
            },
            bucketKeyEnabled: true,
        },
    },
    lifecycleRules: [
        {
            id: "expire-logs",
            enabled: true,
            prefix: "logs/",
            transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            expiration: { days: logRetentionDays },
            noncurrentVersionExpiration: { days: 30 },
        },
        {
            enabled: true,
            abortIncompleteMultipartUploadDays: 7,
        },
    ],
    tags: { Environment: env },
});

// Access logging and CORS.
const uploads = new cloud.s3.Bucket("uploads", {
    logging: {
        targetBucket: logsBucket.id,
    },
    corsRules: [{
        allowedMethods: ["GET", "PUT"],
        allowedOrigins: ["https://example.com"],
        maxAgeSeconds: 3000,
    }],
    forceDestroy: true,
});

// A website: its endpoint now comes from the website configuration.
const site = new cloud.s3.Bucket("site", {
    website: {
        indexDocument: "index.html",
        errorDocument: "404.html",
    },
});

export const siteUrl = pulumi.interpolate`http://${site.websiteEndpoint}`;

// Inside a component: parented like the bucket.
class Archive extends pulumi.ComponentResource {
    public readonly bucket: cloud.s3.Bucket;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("acme:storage:Archive", name, {}, opts);
        this.bucket = new cloud.s3.Bucket(`${name}-archive`, {
            versioning: { enabled: true },
        }, { parent: this, protect: true });
        this.registerOutputs({ bucket: this.bucket.id });
    }
}

new Archive("cold");

// Already split: left alone.
const media = new cloud.s3.Bucket("media", {});
new cloud.s3.BucketVersioning("media-versioning", {
    bucket: media.id,
    versioningConfiguration: { status: "Enabled" },
});

// A public-read ACL needs ownership controls: reported, left inline.
const legacy = new cloud.s3.Bucket("legacy", {
    acl: "public-read",
});

// Public access blocks for the private buckets.
for (const [name, bucket] of Object.entries({ logs: logsBucket, uploads, media })) {
    new cloud.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
}

// Replicated: versioning stays inline with the replication that needs it (S3 refuses
// replication on an unversioned bucket); the rest moves.
const replicated = new cloud.s3.Bucket("replicated", {
    versioning: { enabled: true },
    serverSideEncryptionConfiguration: {
        rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    },
    replicationConfiguration: {
        role: "arn:aws:iam::123456789012:role/replication",
        rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::backup" } }],
    },
});

export const replicatedBucket = replicated.id;
