import * as aws from "@pulumi/aws";

// Arguments spelled as CloudFormation, Terraform or an older provider spells them.
const api = new aws.apigateway.RestApi("api", { name: "orders" });

const ordersResource = new aws.apigateway.Resource("orders", {
    restApi: api.id,
    parentId: api.rootResourceId,
    pathPart: "orders",
});

const repo = new aws.ecr.Repository("app", {
    imageTagMutability: "IMMUTABLE",
    encryptionConfigurations: [{ encryptionType: "KMS" }],
});

const fn = new aws.lambda.Function("handler", {
    role: "arn:aws:iam::123456789012:role/handler",
    runtime: "nodejs20.x",
    handler: "index.handler",
    s3Bucket: "artifacts",
    s3Key: "handler.zip",
    architectures: ["arm64"],
});

const alarm = new aws.cloudwatch.MetricAlarm("errors", {
    comparisonOperator: "GreaterThanThreshold",
    evaluationPeriods: 1,
    metricName: "Errors",
    namespace: "AWS/Lambda",
    period: 60,
    statistic: "Sum",
    threshold: 1,
    alarmDescription: "Lambda errors",
});

const acl = new aws.wafv2.WebAcl("acl", {
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: {
        cloudwatchMetricsEnabled: true,
        metricName: "acl",
        sampledRequestsEnabled: true,
    },
});

// A dashboard takes no tags (removed, with --unsafe-fixes).
const dashboard = new aws.cloudwatch.Dashboard("ops", {
    dashboardName: "ops",
    dashboardBody: JSON.stringify({ widgets: [] }),
});

export const resourceId = ordersResource.id;
