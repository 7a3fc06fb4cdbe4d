import * as pulumi from "@pulumi/pulumi";
import * as cloud from "@pulumi/aws";

const env = pulumi.getStack();
const logRetentionDays = 90;

// Everything inline, the way models write it; the name is a template literal.
export const logsBucket = new cloud.s3.Bucket(`app-logs-${env}`, {
    tags: { Environment: env },
});

new cloud.s3.BucketVersioning(`app-logs-${env}-versioning`, {
    bucket: logsBucket.id,
    versioningConfiguration: {
        status: "Enabled",
    },
});

new cloud.s3.BucketServerSideEncryptionConfiguration(`app-logs-${env}-encryption`, {
    bucket: logsBucket.id,
    rules: [
        {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
            },
            bucketKeyEnabled: true,
        },
    ],
});

new cloud.s3.BucketLifecycleConfiguration(`app-logs-${env}-lifecycle`, {
    bucket: logsBucket.id,
    rules: [
        {
            id: "expire-logs",
            status: "Enabled",
            filter: {
                prefix: "logs/",
            },
            expiration: {
                days: logRetentionDays,
            },
            transitions: [
                {
                    days: 30,
                    storageClass: "STANDARD_IA",
                },
            ],
            noncurrentVersionExpiration: {
                noncurrentDays: 30,
            },
        },
        {
            id: "rule-2",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: {
                daysAfterInitiation: 7,
            },
        },
    ],
});

// Access logging and CORS.
const uploads = new cloud.s3.Bucket("uploads", {
    forceDestroy: true,
});

new cloud.s3.BucketLogging("uploads-logging", {
    bucket: uploads.id,
    targetBucket: logsBucket.id,
    targetPrefix: "",
});

new cloud.s3.BucketCorsConfiguration("uploads-cors", {
    bucket: uploads.id,
    corsRules: [
        {
            allowedMethods: ["GET", "PUT"],
            allowedOrigins: ["https://example.com"],
            maxAgeSeconds: 3000,
        },
    ],
});

// A website: its endpoint now comes from the website configuration.
const site = new cloud.s3.Bucket("site", {});

const siteWebsite = new cloud.s3.BucketWebsiteConfiguration("site-website", {
    bucket: site.id,
    indexDocument: {
        suffix: "index.html",
    },
    errorDocument: {
        key: "404.html",
    },
});

export const siteUrl = pulumi.interpolate`http://${siteWebsite.websiteEndpoint}`;

// Inside a component: parented like the bucket.
class Archive extends pulumi.ComponentResource {
    public readonly bucket: cloud.s3.Bucket;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("acme:storage:Archive", name, {}, opts);
        this.bucket = new cloud.s3.Bucket(`${name}-archive`, {}, { parent: this, protect: true });

        new cloud.s3.BucketVersioning(`${name}-archive-versioning`, {
            bucket: this.bucket.id,
            versioningConfiguration: {
                status: "Enabled",
            },
        }, { parent: this });

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
    replicationConfiguration: {
        role: "arn:aws:iam::123456789012:role/replication",
        rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::backup" } }],
    },
});

new cloud.s3.BucketServerSideEncryptionConfiguration("replicated-encryption", {
    bucket: replicated.id,
    rules: [
        {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "AES256",
            },
        },
    ],
});

export const replicatedBucket = replicated.id;
