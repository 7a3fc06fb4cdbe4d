import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("fn-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});

const api = new aws.lambda.Function("api", {
    runtime: "nodejs24.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });"),
    }),
});

const report = new aws.lambda.Function("report", {
    runtime: aws.lambda.Runtime.Python3d14,
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
        "index.py": new pulumi.asset.StringAsset("def handler(event, context):\n    return {}\n"),
    }),
});

// Retired with no managed successor: reported, not changed.
const legacy = new aws.lambda.Function("legacy", {
    runtime: "go1.x",
    handler: "main",
    role: role.arn,
    code: new pulumi.asset.FileArchive("./build/legacy.zip"),
});

export const names = [api.name, report.name, legacy.name];
