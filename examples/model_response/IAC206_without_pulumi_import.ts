import * as aws from "@pulumi/aws";

// A resource option among the arguments of a program that imports only @pulumi/aws: the options
// argument is a plain object, no import needed.
const channel = new aws.cfg.DeliveryChannel("channel", { s3BucketName: "config-history" });

const rule = new aws.cfg.Rule("s3-versioning", {
    source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED" },
    dependsOn: [channel],
});
