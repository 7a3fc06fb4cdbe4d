import * as aws from "@pulumi/aws";

// Resource options written among the arguments.
const recorder = new aws.cfg.Recorder("recorder", {
    roleArn: "arn:aws:iam::123456789012:role/config",
});

const channel = new aws.cfg.DeliveryChannel("channel", {
    s3BucketName: "config-history",
    dependsOn: [recorder],
});

const versioningRule = new aws.cfg.Rule("s3-versioning", {
    source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED" },
    dependsOn: [recorder, channel],
}, { protect: false });
