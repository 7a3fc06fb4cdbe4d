import * as aws from "@pulumi/aws";

// Enum members spelled with the version's separators: @pulumi/aws writes the dot as `d`.
const lambdaRuntime = aws.lambda.Runtime.Python3d12;

const fn = new aws.lambda.Function("worker", {
    role: "arn:aws:iam::123456789012:role/worker",
    runtime: lambdaRuntime,
    handler: "index.handler",
    s3Bucket: "artifacts",
    s3Key: "worker.zip",
});

const edge = new aws.lambda.Function("edge", {
    role: "arn:aws:iam::123456789012:role/worker",
    runtime: aws.lambda.Runtime.NodeJS20dX,
    handler: "index.handler",
    s3Bucket: "artifacts",
    s3Key: "edge.zip",
});
