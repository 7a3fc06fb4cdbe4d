import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const code = new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });"),
});

const workerConcurrency = 10;

const validator = new aws.lambda.Function("validator", {
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: role.arn,
    code,
    reservedConcurrentExecutions: 10,
});

const processor = new aws.lambda.Function("processor", {
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: role.arn,
    code,
    reservedConcurrentExecutions: workerConcurrency,
});

// A small reservation fits any account.
const notifier = new aws.lambda.Function("notifier", {
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: role.arn,
    code,
    reservedConcurrentExecutions: 5,
});

export const names = [validator.name, processor.name, notifier.name];
