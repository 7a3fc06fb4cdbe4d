import * as aws from "@pulumi/aws";

// A resource option among the arguments, and options written with `ResourceOptions` imported by
// name (Python; TypeScript writes options as an object): the option joins them there.
const recorder = new aws.cfg.Recorder("recorder", {
    roleArn: "arn:aws:iam::123456789012:role/config",
});

const channel = new aws.cfg.DeliveryChannel("channel", {
    s3BucketName: "config-history",
}, { protect: false, dependsOn: [recorder] });
