import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const region = aws.config.region || "us-east-1";
const table = new aws.dynamodb.Table("orders", {
    attributes: [{ name: "id", type: "S" }],
    hashKey: "id",
    billingMode: "PAY_PER_REQUEST",
});
const role = new aws.iam.Role("fn", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const code = new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({});") });

new aws.lambda.Function("orders", {
    role: role.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code,
    environment: {
        variables: {
            TABLE_NAME: table.name,
            // AWS_REGION is set by the Lambda runtime (reserved)
            LOG_LEVEL: "info",
            // AWS_LAMBDA_FUNCTION_NAME is set by the Lambda runtime (reserved)
        },
    },
});

new aws.lambda.Function("reports", {
    role: role.arn,
    runtime: "nodejs20.x",
    handler: "index.handler",
    code,
    environment: { variables: {} },
});

// An ECS container may set AWS_REGION: not a Lambda, left alone.
new aws.ecs.TaskDefinition("worker", {
    family: "worker",
    containerDefinitions: JSON.stringify([{ name: "w", image: "nginx:1.27", environment: [{ name: "AWS_REGION", value: region }] }]),
});
